"""A report as Markdown, for pasting into a review ticket or a pull request."""

from __future__ import annotations

from ..i18n import counted, word
from ..model import Report
from .visible import visible


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(report: Report, lang: str = "en") -> str:
    lines = [f"# aircheck: {', '.join(report.files)}", ""]
    lines.append(summary_line(report, lang))
    lines.append("")
    if not report.findings:
        lines.append(word("no_findings", lang))
        return visible("\n".join(lines) + "\n")
    head = [word(k, lang) for k in ("line", "severity", "code", "section", "message", "fix")]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for f in report.findings:
        loc = f.locations[0]
        where = f"{loc.file}:{loc.place}"
        others = ", ".join(dict.fromkeys(o.place for o in f.locations[1:] if o.line != loc.line))
        if others:
            where += f" (+{others})"
        row = [
            where,
            word(f.severity.value, lang),
            f.code,
            loc.section,
            f.message(lang),
            f.fix(lang),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return visible("\n".join(lines) + "\n")


def unchecked_section(unchecked: list[str], lang: str) -> str:
    """The figures no rule checked, as a Markdown list (``--show-unchecked``)."""
    lines = ["", f"## {word('unchecked', lang)}", ""]
    lines += [f"- `{item}`" for item in unchecked]
    return visible("\n".join(lines) + "\n")


def summary_line(report: Report, lang: str) -> str:
    """One sentence: counts by severity, coverage and the rounding convention."""
    counts = report.counts()
    stats = report.stats
    waived = word("waived_count", lang, waived=len(report.waived)) if report.waived else ""
    numbers: dict[str, int | str] = {"files": len(report.files), **counts}
    if lang != "zh":  # "1 file: 0 errors, 6 warnings"
        numbers = {
            key: counted(int(n), key.rstrip("s")) if key != "info" else n
            for key, n in numbers.items()
        }
    return waived + word(
        "summary",
        lang,
        checked=stats.get("checked", 0),
        claims=stats.get("claims", 0),
        convention=word(report.convention, lang),
        **numbers,
    )
