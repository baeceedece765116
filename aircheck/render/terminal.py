"""A report for the terminal with Rich: a summary line, findings grouped by section."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from ..i18n import word
from ..model import Report, Severity
from .markdown import summary_line
from .visible import visible

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(
    report: Report, console: Console, lang: str = "en", unchecked: list[str] | None = None
) -> None:
    from rich.table import Table
    from rich.text import Text

    def section_of(f):  # type: ignore[no-untyped-def]
        return (f.locations[0].file, f.locations[0].section)

    first_seen: dict[tuple[str, str], int] = {}
    for index, f in enumerate(sorted(report.findings, key=lambda f: f.sort_key())):
        first_seen.setdefault(section_of(f), index)
    findings = sorted(report.findings, key=lambda f: (first_seen[section_of(f)], f.sort_key()))
    for (file, section), group in groupby(findings, key=section_of):
        title = f"{file}  {section or word('no_section', lang)}"
        table = Table(
            title=Text(visible(title)), title_justify="left", show_lines=False, expand=True
        )
        table.add_column(word("line", lang), justify="right", no_wrap=True)
        table.add_column(word("severity", lang), no_wrap=True)
        table.add_column(word("code", lang), no_wrap=True)
        table.add_column(word("message", lang), ratio=3, overflow="fold")
        table.add_column(word("fix", lang), ratio=1, overflow="fold")
        for f in group:
            places = {loc.line: loc.place for loc in f.locations if loc.file == file}
            table.add_row(
                visible(",".join(places[n] for n in sorted(places))),
                Text(word(f.severity.value, lang), style=STYLE[f.severity]),
                f.code,
                Text(visible(f.message(lang))),  # report text is never Rich markup or :emoji:
                Text(visible(f.fix(lang))),
            )
        console.print(table)
    if unchecked:
        console.print(f"[bold]{word('unchecked', lang)}[/bold]")
        for item in unchecked:
            console.print(Text(visible(f"  {item}")), highlight=False)
    style = "bold red" if not report.ok else ("yellow" if report.findings else "green")
    console.print(Text(summary_line(report, lang), style=style))
