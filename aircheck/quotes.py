"""Where quoted CSV cells are, by the rules the lenient csv reader follows.

A quote opens a cell only at the cell's start (the start of the text or a line, or
after the delimiter); inside it a doubled quote stands for a quote and a single one
closes it; any other quote is a character like the rest (``管径5"``). Two things follow
these rules: where a large table may be cut into blocks (a line break outside quoted
cells, :mod:`aircheck.table_stream`), and a quoted cell that opens and never closes,
which the lenient reader turns into one cell holding the rest of the file, so that the
rows after it vanished without an error: a table read by the csv module is refused at
that quote's line and column. A quote left open in the very last line swallows no row
and is read as before.
"""

from __future__ import annotations

import io
import re
from itertools import islice

from .errors import AircheckError

#: the rest of a quoted cell after its opening quote, up to its closing quote or the end
_QUOTED_REST = re.compile(r'[^"]*(?:""[^"]*)*')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def quoted_cells(text: str, delimiter: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of every quoted cell in *text*, which starts at a row's
    start: from its opening quote to just after its closing one, or, where it never
    closes, to the end of *text*."""
    cells: list[tuple[int, int, bool]] = []
    at = text.find('"')
    while at >= 0:
        if at == 0 or text[at - 1] in (delimiter, "\n", "\r"):
            rest = _QUOTED_REST.match(text, at + 1)
            end = rest.end() if rest else at + 1
            # the rest stops only at a quote that closes the cell, or at the end
            cells.append((at, end + 1, True) if end < len(text) else (at, end, False))
            at = text.find('"', end + 1)
        else:
            at = text.find('"', at + 1)  # a quote inside an unquoted cell
    return cells


def open_at_end(text: str, delimiter: str) -> int | None:
    """The offset of the quote whose cell is still open at the end of *text*, or None."""
    cells = quoted_cells(text, delimiter)
    return cells[-1][0] if cells and not cells[-1][2] else None


def unclosed_quote(text: str, delimiter: str, last_row: int) -> tuple[int, int] | None:
    """(line, column), 1-based, of a quote that opens a cell never closed before the end
    of *text* and swallows at least one later line, or None.

    Everything after such a quote is part of the last row the lenient reader returned,
    which starts at line *last_row* (as the reader counts lines), so only that row is
    followed by the quoting rules."""
    if '"' not in text:
        return None
    tail = "".join(islice(io.StringIO(text, newline=""), last_row - 1, None))
    offset = open_at_end(tail, delimiter)
    if offset is None:
        return None
    later = islice(io.StringIO(tail[offset:], newline=""), 1, None)
    if not any(line.strip() for line in later):
        return None  # in the last line: no row is lost
    breaks = list(_LINE_BREAK.finditer(tail, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    return last_row + len(breaks), offset - line_start + 1


def refuse_unclosed_quote(text: str, file: str, delimiter: str, last_row: int) -> None:
    """Read leniently, a quote never closed made the rest of the file one cell: refuse."""
    unclosed = unclosed_quote(text, delimiter, last_row)
    if unclosed is not None:
        raise AircheckError(
            "a quoted cell opens here and is never closed, so every row after it would be "
            "read into that cell; close the quote or remove it",
            zh="此处引号开始的单元格没有闭合，其后各行都会被读进这个单元格；请补上或删去该引号",
            file=file,
            line=unclosed[0],
            column=unclosed[1],
        )
