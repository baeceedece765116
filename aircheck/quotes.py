"""A quoted CSV cell that opens and never closes.

The csv module, reading leniently (as a table is read), takes everything after such a
quote to the end of the file as one cell: the rows after it vanished without an error.
So a table read by the csv module is first checked for it, and the quote is reported at
its line and column. A quote that opens in the very last line swallows no row, and is
read as before.
"""

from __future__ import annotations

import csv
import io


def unclosed_quote(text: str, delimiter: str) -> tuple[int, int] | None:
    """(line, column), 1-based, of a quote that opens a cell never closed before the end
    of *text* and swallows at least one later line, or None.

    Everything after such a quote is part of the last row the lenient reader returns,
    so only that row is followed by the quoting rules; where it starts is counted by
    the reader itself, which splits lines as the table is read."""
    if '"' not in text:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last_row, start = 0, 1
    try:
        for _ in reader:
            last_row, start = start, reader.line_num + 1
    except csv.Error:
        return None  # the read of the table reports it, at its line
    if not last_row:
        return None
    lines = io.StringIO(text, newline="").readlines()[last_row - 1 :]
    opened = _open_at_end("".join(lines), delimiter)
    if opened is None:
        return None
    offset, line, column = opened
    swallowed = "".join(lines)[offset:]
    if not any(later.strip() for later in io.StringIO(swallowed, newline="").readlines()[1:]):
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
