"""The terminal report: worst findings first, each with its source line and the figure marked.

A reader scans for errors before warnings, and needs the figure in its sentence to find it in
the draft; ``concise`` is one line per finding for grep and editors (like ruff's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import word
from ..model import Finding, Location, Report, Severity
from .markdown import summary_line
from .visible import visible

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from ..text.loaders import SourceLine

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
#: with more findings than this the counts are printed first too
MANY = 10
#: the fewest cells of text left of a figure worth keeping to fit the fix beside its carets
MIN_LEFT = 12


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; by place within each."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key()))


def where(f: Finding) -> str:
    """``file:line:col`` of the first location (``file:p2:7`` on a PDF page)."""
    if not f.locations:
        return ""
    loc = f.locations[0]
    col = f":{loc.column}" if loc.column is not None else ""
    return f"{loc.file}:{loc.place}{col}"


def _context(f: Finding) -> str:
    """The section, item and figure of a finding: where to find it in the draft."""
    loc = f.locations[0] if f.locations else Location("", 0)
    return " ".join(p for p in (loc.section, _item(f)) if p)


def _item(f: Finding, quoted: bool = True) -> str:
    """The figure's item and its text as printed: ``新建改造供热管网 “69.8%”``."""
    loc = f.locations[0] if f.locations else Location("", 0)
    quoted = quoted and bool(loc.text)
    text = f"“{loc.text}”" if quoted else ""
    return " ".join(part for part in (loc.subject, text) if part)


def concise(report: Report, lang: str = "en", fingerprints: bool = False) -> str:
    """One line per finding, worst first: ``file:line:col: CODE severity section item “text”
    message → fix``."""
    lines = []
    for f in ordered(report.findings):
        parts = [f"{where(f)}:", f.code, word(f.severity.value, lang), _context(f), f.message(lang)]
        line = " ".join(p for p in parts if p)
        if f.fix(lang):
            line += f" → {f.fix(lang)}"
        if fingerprints:
            line += f" [{f.fingerprint}]"
        lines.append(visible(line))
    lines.append(summary_line(report, lang))
    return "\n".join(lines) + "\n"


def render(
    report: Report,
    console: Console,
    lang: str = "en",
    unchecked: list[str] | None = None,
    *,
    sources: dict[str, list[SourceLine]] | None = None,
    fingerprints: bool = False,
    quiet: bool = False,
) -> None:
    """Each finding as a block: place, code, severity, message; the source snippet; the fix."""
    from rich.cells import cell_len
    from rich.text import Text

    style = "bold red" if not report.ok else ("yellow" if report.findings else "green")
    if len(report.findings) > MANY and not quiet:
        console.print(Text(summary_line(report, lang), style=style))
    for f in ordered(report.findings):
        fix = f"{word('fix', lang)}: {visible(f.fix(lang))}" if f.fix(lang) else ""
        snippet = _snippet(f, sources or {}, console.width, cell_len(fix) + 1 if fix else 0)
        head = Text()
        head.append(visible(where(f)) + ":", style="bold")
        head.append(f" {f.code} ", style="bold")
        head.append(word(f.severity.value, lang), style=STYLE[f.severity])
        # the snippet shows the figure in its sentence: the item names it, the line places it
        context = _item(f, quoted=False) if snippet else _context(f)
        if context:
            head.append(f" {visible(context)}", style="bold")
        head.append(f" {visible(f.message(lang))}")
        console.print(head, highlight=False)
        if snippet:
            console.print(Text(snippet[0], style="dim"), highlight=False, soft_wrap=True)
            beside = f"{snippet[1]} {fix}".rstrip()
            if cell_len(beside) <= console.width:  # the fix beside the carets, as ruff does
                console.print(Text(beside, style="green"), highlight=False, soft_wrap=True)
                fix = ""
            else:
                console.print(Text(snippet[1], style="green"), highlight=False, soft_wrap=True)
        if fix:
            console.print(Text(f"  = {fix}", style="green"), highlight=False)
        if fingerprints:
            console.print(Text(f"  # {f.fingerprint}", style="dim"))
    if unchecked:
        console.print(f"[bold]{word('unchecked', lang)}[/bold]")
        for item in unchecked:
            console.print(Text(visible(f"  {item}")), highlight=False)
    if not quiet:
        console.print(Text(summary_line(report, lang), style=style))


def _snippet(
    f: Finding, sources: dict[str, list[SourceLine]], width: int, beside: int = 0
) -> list[str]:
    """The figure's source line cut to *width* terminal cells, and a ^ row under the figure
    with room for *beside* cells after the carets (the fix), when the figure leaves it."""
    if not f.locations or f.locations[0].column is None:
        return []
    loc = f.locations[0]
    found = [s for s in sources.get(loc.file, []) if s.number == loc.line]
    if not found:
        return []
    text, start, end = _span(found[0].text, loc)
    if not 0 <= start < end <= len(text):
        return []
    gutter = f"{loc.place:>5} │ "
    budget = max(20, width - len(gutter))
    shown, mark = _window(visible_chars(text), start, end, budget, budget - beside)
    return [gutter + shown, " " * (len(gutter) - 2) + "│ " + mark]


def _span(text: str, loc: Location) -> tuple[str, int, int]:
    """The line as shown and the figure's [start, end) in it: a table row's cells are
    joined by `` | `` and its column is the cell; a report's columns count characters."""
    from .sources import CELL_SEPARATOR, is_table

    column = loc.column or 1
    last = loc.end_column if loc.end_column is not None else column
    if not is_table(loc.file):
        return text, column - 1, last
    cells = text.split(CELL_SEPARATOR)
    if column > len(cells):
        return text, -1, -1
    start = sum(len(c) + 3 for c in cells[: column - 1])
    return " | ".join(cells), start, start + len(cells[column - 1])


def visible_chars(text: str) -> list[str]:
    """Each character as the terminal shows it (a control character as its \\xNN escape)."""
    return [visible(ch) if ch != "\t" else " " for ch in text]


def _window(
    chars: list[str], start: int, end: int, budget: int, mark_budget: int | None = None
) -> tuple[str, str]:
    """The characters around [start, end) that fit *budget* cells, and the marker row.

    The text left of the figure stops where the carets would pass *mark_budget* cells, so that
    the fix fits beside them; the text right of it then takes the room left over."""
    from rich.cells import cell_len

    lo, hi = start, end
    used = sum(cell_len(c) for c in chars[lo:hi])
    marked = used
    left_room = budget - 2
    if mark_budget is not None and mark_budget - 1 - used >= MIN_LEFT:
        left_room = mark_budget - 1  # "…" and the carets; else the fix goes on a line of its own
    while True:
        grew = False
        if (
            lo > 0
            and used + cell_len(chars[lo - 1]) <= budget - 2
            and marked + cell_len(chars[lo - 1]) <= left_room
        ):
            lo -= 1
            used += cell_len(chars[lo])
            marked += cell_len(chars[lo])
            grew = True
        if hi < len(chars) and used + cell_len(chars[hi]) <= budget - 2:
            used += cell_len(chars[hi])
            hi += 1
            grew = True
        if not grew:
            break
    left = "…" if lo > 0 else ""
    right = "…" if hi < len(chars) else ""
    pad = cell_len(left) + sum(cell_len(c) for c in chars[lo:start])
    carets = max(1, sum(cell_len(c) for c in chars[start:end]))
    return left + "".join(chars[lo:hi]) + right, " " * pad + "^" * carets
