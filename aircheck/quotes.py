"""A quoted CSV cell that opens and never closes.

The csv module, reading leniently (as a table is read), takes everything after such a
quote to the end of the file as one cell: the rows after it vanished without an error.
So a table read by the csv module is checked for it, and the quote is reported at its
line and column. A quote that opens in the very last line swallows no row, and is
read as before.
"""

from __future__ import annotations

import io
from itertools import islice


def unclosed_quote(text: str, delimiter: str, last_row: int) -> tuple[int, int] | None:
    """(line, column), 1-based, of a quote that opens a cell never closed before the end
    of *text* and swallows at least one later line, or None.

    Everything after such a quote is part of the last row the lenient reader returned,
    which starts at line *last_row* (as the reader counts lines), so only that row is
    followed by the quoting rules."""
    if '"' not in text:
        return None
    tail = "".join(islice(io.StringIO(text, newline=""), last_row - 1, None))
    opened = _open_at_end(tail, delimiter)
    if opened is None:
        return None
    offset, line, column = opened
    later = islice(io.StringIO(tail[offset:], newline=""), 1, None)
    if not any(text.strip() for text in later):
        return None  # in the last line: no row is lost
    return last_row + line, column


def _open_at_end(row: str, delimiter: str) -> tuple[int, int, int] | None:
    """Where the quote left open at the end of *row* is (offset, line within the row
    from 0, column from 1), or None if the row ends outside quotes. The lenient csv
    rules: a quote opens a cell only at the cell's start; inside one, a doubled quote
    stands for a quote and a single one closes it (what follows is read on unquoted)."""
    line, line_start = 0, 0
    opened: tuple[int, int, int] | None = None
    quoted, cell_start = False, True
    at = 0
    while at < len(row):
        char = row[at]
        if quoted and char == '"':
            if row[at + 1 : at + 2] == '"':
                at += 2  # an escaped quote inside the cell
                continue
            quoted = False
        elif not quoted and char == '"' and cell_start:
            quoted, opened = True, (at, line, at - line_start + 1)
        if char == "\n" or (char == "\r" and row[at + 1 : at + 2] != "\n"):
            line, line_start = line + 1, at + 1
        cell_start = not quoted and (char == delimiter or char in "\r\n")
        at += 1
    return opened if quoted else None
