"""The HTML review: the draft line by line with every figure coloured by its status.

One self-contained file (inline CSS and JS, a Content-Security-Policy that allows no
remote load and only this page's own script and style, by hash) so it can be mailed,
archived and opened offline. Every text of the report is escaped: a draft is data,
never markup. The output is deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path

from ..i18n import word
from ..marks import STATUSES, Mark, marks
from ..model import Finding, Report
from ..text.loaders import SourceLine
from .html_assets import CSP, CSS, JS
from .sources import CELL_SEPARATOR, is_table
from .values import expected_text

__all__ = ["CSP", "render_html"]

Place = tuple[str, int, int | None]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def render_html(report: Report, sources: dict[str, list[SourceLine]], lang: str = "en") -> str:
    """The review page of *report*, showing the lines of *sources* (file name → its lines)."""
    items = marks(report)
    mark_ids: dict[Place, str] = {}
    for index, mark in enumerate(items):
        mark_ids.setdefault((mark.file, mark.line, mark.column), f"m{index}")
    files = list(dict.fromkeys([*report.files, *sources]))
    line_ids = {
        (file, line.number): f"f{i}-L{line.number}"
        for i, file in enumerate(files)
        for line in sources.get(file, [])
    }
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(word('review_title', lang))}: {_e(', '.join(map(_name, report.files)))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        _header(report, items, lang),
        f'<main class="doc" id="document" aria-label="{_e(word("review_document", lang))}">',
        _document(report, items, files, sources, lang),
        "</main>",
        _findings(report, mark_ids, line_ids, lang),
        _footer(lang),
        "</div>",
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(report: Report, items: list[Mark], lang: str) -> str:
    counts = report.counts()
    by_status = dict.fromkeys(STATUSES, 0)
    for mark in items:
        by_status[mark.status] += 1
    checked = report.stats.get("checked", len(items) - by_status["unchecked"])
    claims = report.stats.get("claims", len(items))
    facts = [
        *(
            f"<span>{_e(word(s, lang))} <b>{counts[s]}</b></span>"
            for s in ("error", "warning", "info")
        ),
        f"<span>{_e(word('review_convention', lang))}: "
        f"<b>{_e(word(report.convention, lang))}</b></span>",
        f"<span>{_e(word('review_coverage', lang, checked=checked, claims=claims))}</span>",
    ]
    if report.waived:
        facts.append(f"<span>{_e(word('review_waived', lang, n=len(report.waived)))}</span>")
    boxes = "".join(
        f'<label><input type="checkbox" checked data-status="{status}"> '
        f'<mark class="{status}">{_e(word("review_status_" + status, lang))}</mark> '
        f"({by_status[status]})</label>"
        for status in STATUSES
    )
    return (
        '<header id="summary">'
        f"<h1>{_e(word('review_title', lang))}: {_file_names(report.files)}</h1>"
        f'<p class="summary">{"".join(facts)}</p>'
        f'<fieldset class="legend"><legend>{_e(word("review_show", lang))}</legend>{boxes}'
        "</fieldset>"
        f'<p class="hint">{_e(word("review_hint", lang))}</p>'
        "</header>"
    )


def _name(file: str) -> str:
    """The file's name without its directories (the path itself when that is empty)."""
    return Path(file).name or file


def _file_names(files: list[str]) -> str:
    """Each file by its name, the full path in a tooltip: a long path cannot widen the page."""
    return ", ".join(
        f'<span class="file" title="{_e(file)}">{_e(_name(file))}</span>' for file in files
    )


def _mark_title(mark: Mark, findings: list[Finding], lang: str) -> str:
    if not mark.findings:
        return word("review_status_" + mark.status, lang)
    lines = []
    for index in mark.findings:
        finding = findings[index]
        text = f"{finding.code} {word(finding.severity.value, lang)}: {finding.message(lang)}"
        expected = expected_text(finding, lang)
        if expected is not None:
            text += f" ({word('expected', lang)} {expected})"
        lines.append(text)
    return "\n".join(lines)


def _mark(
    index: int, mark: Mark, text: str, findings: list[Finding], lang: str, extra: str = ""
) -> str:
    data = f' data-findings="{" ".join(map(str, mark.findings))}"' if mark.findings else ""
    return (
        f'<mark id="m{index}" class="fig {mark.status}{extra}" data-claim="{_e(mark.claim_id)}" '
        f'data-status="{mark.status}"{data} title="{_e(_mark_title(mark, findings, lang))}">'
        f"{_e(text)}</mark>"
    )


def _line_classes(
    report: Report, placed: set[tuple[str, int, int | None]]
) -> dict[tuple[str, int], str]:
    """A stripe on lines holding a finding no mark shows (a document-level or header finding)."""
    worst: dict[tuple[str, int], int] = {}
    for finding in report.findings:
        if not finding.locations:
            continue
        first = finding.locations[0]
        if (first.file, first.line, first.column) in placed:
            continue
        key = (first.file, first.line)
        worst[key] = max(worst.get(key, 0), finding.severity.rank)
    names = {3: "error", 2: "warning", 1: "info"}
    return {key: f" has-{names[rank]}" for key, rank in worst.items()}


def _document(
    report: Report,
    items: list[Mark],
    files: list[str],
    sources: dict[str, list[SourceLine]],
    lang: str,
) -> str:
    on_line: dict[tuple[str, int], list[tuple[int, Mark]]] = defaultdict(list)
    for index, mark in enumerate(items):
        on_line[(mark.file, mark.line)].append((index, mark))
    placed: set[tuple[str, int, int | None]] = {(m.file, m.line, m.column) for m in items}
    stripes = _line_classes(report, placed)
    out: list[str] = []
    shown: set[tuple[str, int]] = set()
    for number, file in enumerate(files):
        lines = sources.get(file, [])
        if len(files) > 1:
            out.append(f'<h2 title="{_e(file)}">{_e(_name(file))}</h2>')
        table = is_table(file)
        if table:
            out.append('<div class="wide"><table class="grid">')
        for line in lines:
            key = (file, line.number)
            shown.add(key)
            here = sorted(
                on_line.get(key, []), key=lambda pair: (pair[1].column, pair[1].end_column)
            )
            row_id = f"f{number}-L{line.number}"
            stripe = stripes.get(key, "")
            if table:
                out.append(
                    f'<tr id="{row_id}" class="line{stripe}"><th class="ln">{line.number}</th>'
                    f"{_cells(line.text, here, report.findings, lang)}</tr>"
                )
            else:
                out.append(
                    f'<div id="{row_id}" class="line{stripe}"><span class="ln">{line.number}</span>'
                    f'<span class="tx">{_text(line.text, here, report.findings, lang)}</span></div>'
                )
        if table:
            out.append("</table></div>")
    lost = [(i, m) for i, m in enumerate(items) if (m.file, m.line) not in shown]
    if lost:
        out.append(f"<h2>{_e(word('review_not_placed', lang))}</h2><p>")
        out += [_mark(i, m, m.raw, report.findings, lang, " detached") for i, m in lost]
        out.append("</p>")
    return "\n".join(out)


def _text(text: str, here: list[tuple[int, Mark]], findings: list[Finding], lang: str) -> str:
    """A report line with each figure's characters wrapped; an overlapping one goes after it."""
    out: list[str] = []
    detached: list[str] = []
    pos = 0
    for index, mark in here:
        start, end = mark.column - 1, min(mark.end_column, len(text))
        if start < pos or start >= end:
            detached.append(_mark(index, mark, mark.raw, findings, lang, " detached"))
            continue
        out.append(_e(text[pos:start]))
        out.append(_mark(index, mark, text[start:end], findings, lang))
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out + detached)


def _cells(text: str, here: list[tuple[int, Mark]], findings: list[Finding], lang: str) -> str:
    """A table row, one cell per column; a figure's mark covers its whole cell."""
    cells = text.split(CELL_SEPARATOR)
    inside: dict[int, tuple[int, Mark]] = {}
    detached: list[str] = []
    for index, mark in here:
        if 1 <= mark.column <= len(cells) and mark.column not in inside and cells[mark.column - 1]:
            inside[mark.column] = (index, mark)
        else:
            detached.append(_mark(index, mark, mark.raw, findings, lang, " detached"))
    out = []
    for number, cell in enumerate(cells, start=1):
        if number in inside:
            index, mark = inside[number]
            out.append(f"<td>{_mark(index, mark, cell, findings, lang)}</td>")
        else:
            out.append(f"<td>{_e(cell)}</td>")
    if detached:
        out.append(f"<td>{''.join(detached)}</td>")
    return "".join(out)


def _findings(
    report: Report, mark_ids: dict[Place, str], line_ids: dict[tuple[str, int], str], lang: str
) -> str:
    out = [f'<aside id="findings"><h2>{_e(word("findings", lang))} ({len(report.findings)})</h2>']
    if not report.findings:
        out.append(f"<p>{_e(word('no_findings', lang))}</p></aside>")
        return "\n".join(out)
    out.append('<ol class="findings">')
    several = len(report.files) > 1
    for index, finding in enumerate(report.findings):
        severity = finding.severity.value
        first = finding.locations[0] if finding.locations else None
        target = "summary"
        where = ""
        if first is not None:
            place = (first.file, first.line, first.column)
            target = mark_ids.get(place) or line_ids.get((first.file, first.line), "summary")
            where = word("review_line", lang, line=first.line)
            if several:
                where = f"{Path(first.file).name} {where}"
        body = [
            f'<span class="sev {severity}">{_e(word(severity, lang))}</span>'
            f'<span class="code">{_e(finding.code)}</span><span class="where">{_e(where)}</span>',
            f'<p class="msg">{_e(finding.message(lang))}</p>',
        ]
        expected = expected_text(finding, lang)
        if expected is not None:
            body.append(
                f'<p class="fix">{_e(word("expected", lang))}: '
                f'<span class="expected">{_e(expected)}</span></p>'
            )
        if finding.fix(lang):
            body.append(f'<p class="fix">{_e(word("fix", lang))}: {_e(finding.fix(lang))}</p>')
        link = f'<a class="go" href="#{target}" data-go="{target}">{"".join(body)}</a>'
        inputs = _inputs(finding, mark_ids, lang)
        out.append(
            f'<li id="F{index}" class="finding {severity}" data-severity="{severity}" '
            f'data-target="{target}">{link}{inputs}</li>'
        )
    out.append("</ol></aside>")
    return "\n".join(out)


def _inputs(finding: Finding, mark_ids: dict[Place, str], lang: str) -> str:
    """Links to the figures the finding computed from (its later locations)."""
    links = []
    for loc in finding.locations[1:]:
        target = mark_ids.get((loc.file, loc.line, loc.column))
        label = _e(loc.text or word("review_line", lang, line=loc.line))
        links.append(f'<a href="#{target}" data-go="{target}">{label}</a>' if target else label)
    if not links:
        return ""
    return f'<p class="inputs">{_e(word("review_inputs", lang))}: {" · ".join(links)}</p>'


def _footer(lang: str) -> str:
    from .. import __version__

    return f"<footer>{_e(word('review_generated', lang, version=__version__))}</footer>"
