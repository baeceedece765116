"""The lines of each checked file, numbered as the claims number them, for the review page.

Reports (TXT, Markdown, DOCX, PDF) come from :func:`aircheck.text.loaders.load`. A
table's claims point at a row (its 1-based line; the header is line 1) and a cell
number, so a table is given as one :class:`SourceLine` per row with its cells joined
by :data:`CELL_SEPARATOR` (a tab or line break inside a cell shown as a space).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..office import OFFICE_TABLE, read_converted
from ..tables import TABLE_SUFFIXES
from ..text.loaders import SourceLine, load

#: Joins the cells of a table row in its :class:`SourceLine`.
CELL_SEPARATOR = "\t"


def is_table(file: str) -> bool:
    """Whether *file* is read as a metric table (cells) rather than as report text."""
    return Path(file).suffix.lower() in TABLE_SUFFIXES


def load_sources(files: list[str]) -> dict[str, list[SourceLine]]:
    """Every file's lines, keyed by the file name as the report spells it."""
    return {file: table_lines(file) if is_table(file) else load(file) for file in files}


def _row(cells: list[str]) -> str:
    return CELL_SEPARATOR.join(" ".join(cell.split("\t")).replace("\n", " ") for cell in cells)


def table_lines(path: str | Path) -> list[SourceLine]:
    """A table's rows, numbered by the line (CSV) or row (XLSX) they start on."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_lines(path)
    if path.suffix.lower() in OFFICE_TABLE:
        return read_converted(path, _xlsx_lines)
    from ..encoding import read_text
    from ..tables import sniff_delimiter

    text = read_text(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[SourceLine] = []
    start = 1
    try:
        for cells in reader:
            lines.append(SourceLine(start, _row(cells)))
            start = reader.line_num + 1
    except csv.Error:  # the checker reported it; show the raw lines from here on
        rest = text.splitlines()[start - 1 :]
        lines += [SourceLine(start + i, line) for i, line in enumerate(rest)]
    return lines


def _xlsx_lines(path: Path) -> list[SourceLine]:
    from openpyxl import load_workbook

    from ..tables import _xlsx_cell_text, first_sheet

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        lines = [
            SourceLine(number, _row([_xlsx_cell_text(c) for c in cells]))
            for number, cells in enumerate(first_sheet(book, str(path)).iter_rows(), start=1)
        ]
    finally:
        book.close()
    return [line for line in lines if line.text.strip()]
