"""A quoted CSV cell that opens and never closes.

The csv module, reading leniently, takes everything after such a quote to the end of
the file as one cell: the rows after it vanish without an error (and a table larger
than the module's field limit fails with a message that names neither the quote nor its
place). So a table read by the csv module is first checked for it, and the quote is
reported at its line and column.
"""

from __future__ import annotations

import csv
import io

#: what the csv module says, reading strictly, when the text ends inside a quoted cell
_END_IN_QUOTES = "unexpected end of data"


def unclosed_quote(text: str, delimiter: str) -> tuple[int, int] | None:
    """(line, column), 1-based, of the quote that opens a cell never closed, or None.

    The strict reader finds that the text ends inside quotes (any other strictness it
    raises is left to the lenient read, which accepts it); the place is then found by
    following the quoting rules from the start of the row it was reading."""
    if '"' not in text:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row_start = 1
    try:
        for _ in reader:
            row_start = reader.line_num + 1
    except csv.Error as exc:
        if _END_IN_QUOTES not in str(exc):
            return None
        return _opening_quote(text, delimiter, row_start)
    return None


def _opening_quote(text: str, delimiter: str, row_start: int) -> tuple[int, int]:
    """The quote left open in the row starting at line *row_start*: a quote opens a cell
    only at the cell's start; inside one, a doubled quote stands for a quote and a single
    one closes it. Lines are split as the csv reader splits them."""
    tail = "".join(io.StringIO(text, newline="").readlines()[row_start - 1 :])
    line, line_start = row_start, 0
    opened = (row_start, 1)
    quoted, cell_start = False, True
    at = 0
    while at < len(tail):
        char = tail[at]
        if quoted and char == '"':
            if tail[at + 1 : at + 2] == '"':
                at += 2  # an escaped quote inside the cell
                continue
            quoted = False
        elif not quoted and char == '"' and cell_start:
            quoted, opened = True, (line, at - line_start + 1)
        if char == "\n" or (char == "\r" and tail[at + 1 : at + 2] != "\n"):
            line, line_start = line + 1, at + 1
        cell_start = not quoted and (char == delimiter or char in "\r\n")
        at += 1
    return opened
