"""Read a CSV or TSV too large for memory as blocks of whole rows, each a :class:`Table`.

A block is cut only at a line break outside quoted cells, found by the quoting rules
the csv reader follows (:mod:`aircheck.quotes`: a quote inside an unquoted cell, as in
``管径5"``, opens nothing), so no row or quoted cell is split; each block is read by the
same code as a whole file (:func:`~aircheck.tables.read_delimited`) and keeps the file's
own line numbers. The encoding is decided on the whole file first, as :func:`~aircheck.encoding.decode`
decides it, so every block reads as the whole file would.
"""

from __future__ import annotations

import codecs
import csv
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .encoding import PLAIN_ENCODINGS, bom_encoding, cannot_read
from .errors import AircheckError
from .quotes import open_at_end, quoted_cells
from .tables import Table, read_delimited, sniff_delimiter, to_table

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: characters of text per block: about 100,000 rows of a typical table, some 300 MB in memory
#: while it is checked (two blocks at a time on two cores: see aircheck.chunked)
CHUNK_CHARS = 8 * 1024 * 1024
#: files larger than this (bytes) are read in blocks; smaller ones in one piece
STREAM_BYTES = 64 * 1024 * 1024
_READ = 4 * 1024 * 1024  # bytes read from the file at a time
STREAMED_SUFFIXES = frozenset({".csv", ".tsv"})


@dataclass(slots=True)
class Block:
    """Rows of the file between *first_line* and *last_line* (1-based, inclusive)."""

    table: Table
    first_line: int
    last_line: int


def streams(path: Path, stream_bytes: int = STREAM_BYTES) -> bool:
    """Whether *path* is a delimited table large enough to be read in blocks."""
    if path.suffix.lower() not in STREAMED_SUFFIXES:
        return False
    try:
        return path.stat().st_size > stream_bytes
    except OSError:
        return False  # the one-piece reader reports it


def blocks(
    path: Path,
    chunk_chars: int = CHUNK_CHARS,
    wanted: Callable[[int, int], bool] | None = None,
) -> Iterator[Block]:
    """The file's rows, block by block; the first block's header names every block's columns.
    With *wanted*, a later block whose (first, last) line it refuses is skipped unread.

    Raises :class:`AircheckError` for what the one-piece reader refuses (an empty or
    binary file, an unknown encoding, a header without the required columns), and
    :class:`NotStreamable` for line breaks the blocks cannot follow (a lone ``\\r``).
    """
    for block in raw_blocks(path, chunk_chars, wanted):
        yield block if isinstance(block, Block) else block.parse()


@dataclass(slots=True)
class RawBlock:
    """A later block as text, to be parsed where it is checked (in a worker process):
    text is cheaper to send than the table it becomes."""

    text: str
    file: str
    suffix: str
    delimiter: str
    header: list[str]
    first_line: int
    last_line: int

    def parse(self) -> Block:
        # a stand-in header row, so each block reads as a file does; the real one is kept
        stand_in = self.delimiter.join(f"c{i}" for i in range(len(self.header)))
        offset = self.first_line - 2
        text = f"{stand_in}\n{self.text}"
        _, cells, lines = _parse(text, self.file, self.suffix, self.delimiter, offset)
        table = to_table(self.file, self.header, cells, lines)
        table.unknown_columns = []  # reported once, with the first block
        return Block(table, self.first_line, self.last_line)


def raw_blocks(
    path: Path,
    chunk_chars: int = CHUNK_CHARS,
    wanted: Callable[[int, int], bool] | None = None,
) -> Iterator[Block | RawBlock]:
    """As :func:`blocks`, with every block after the first left unparsed."""
    file, suffix = str(path), path.suffix.lower()
    encoding = _encoding(path)
    header: list[str] | None = None
    delimiter = ""
    first_line = 1

    def delimiter_of(text: str) -> str:
        """Decided once, on the opening of the file (all of the first block holds it)."""
        nonlocal delimiter
        if not delimiter:
            delimiter = "\t" if suffix == ".tsv" else sniff_delimiter(text)
        return delimiter

    try:
        for text in _pieces(path, encoding, chunk_chars, delimiter_of):
            lines_in = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
            last_line = first_line + lines_in - 1
            if header and wanted and not wanted(first_line, last_line):
                first_line += lines_in
                continue
            if header is None:
                header, cells, lines = _parse(text, file, suffix, delimiter_of(text), 0)
                yield Block(to_table(file, header, cells, lines), first_line, last_line)
            else:
                yield RawBlock(text, file, suffix, delimiter, header, first_line, last_line)
            first_line += lines_in
    except RunawayCell as runaway:  # the text not yet yielded starts at first_line
        raise _runaway_error(file, first_line + runaway.lines, runaway.column) from None


def _runaway_error(file: str, line: int, column: int) -> AircheckError:
    """The error for a cell that runs away, at its opening quote."""
    return AircheckError(
        "a quoted cell opens here and runs on without closing for more characters than a "
        "cell may hold: a quote never closed (the rows after it would be read into that "
        "cell), or a cell too long to read; close the quote or remove it",
        zh="此处引号开始的单元格一直没有闭合，超出单元格所能容纳的长度：引号没有闭合（其后各行"
        "都会被读进这个单元格），或单元格过长；请补上或删去该引号",
        file=file,
        line=line,
        column=column,
    )


def rows_at(path: Path, lines: np.ndarray, chunk_chars: int = CHUNK_CHARS) -> Table:
    """The rows of *path* at the given (sorted) *lines*, as one table: a second, narrow
    pass that parses only the blocks holding them."""
    import numpy as np
    import pandas as pd

    def holds(first: int, last: int) -> bool:
        at = np.searchsorted(lines, first)
        return bool(at < len(lines) and lines[at] <= last)

    picked: list[pd.DataFrame] = []
    attrs: dict[str, object] = {}
    for block in blocks(path, chunk_chars, holds):
        frame = block.table.frame
        attrs = attrs or dict(frame.attrs)
        picked.append(frame[np.isin(frame["line"].to_numpy(), lines)])
    frame = pd.concat(picked, ignore_index=True)
    frame.attrs.update(attrs, extra_cells=[])
    return Table(file=str(path), frame=frame, unknown_columns=[])


class NotStreamable(Exception):
    """The file's line breaks cannot be followed block by block; read it in one piece."""


def _parse(
    text: str, file: str, suffix: str, delimiter: str, offset: int
) -> tuple[list[str], object, list[int]]:
    """:func:`read_delimited` on a block, its lines moved by *offset* to the file's."""
    try:
        header, cells, lines = read_delimited(text, file, suffix, delimiter)
    except AircheckError as exc:
        if exc.line is not None:
            exc.line += offset
        raise
    return header, cells, [line + offset for line in lines] if offset else lines


def _encoding(path: Path) -> str:
    """The encoding :func:`~aircheck.encoding.decode` would pick for the whole file, found by
    decoding it incrementally (strict), so that the file is never held whole."""
    head = _head(path)
    marked = bom_encoding(head)
    if b"\x00" in head and marked not in ("utf-16", "utf-32"):
        raise AircheckError(
            "binary data, not a text file", zh="这是二进制数据，不是文本文件", file=str(path)
        )
    for name in [marked] if marked else PLAIN_ENCODINGS:
        failure = _decode_failure(path, name)
        if failure is None:
            return name
        if marked:  # a BOM promised an encoding the bytes break
            raise AircheckError(
                f"not valid {name} text ({failure.reason})",
                zh=f"不是有效的 {name} 文本（{failure.reason}）",
                file=str(path),
            )
    raise AircheckError(
        "not UTF-8, UTF-16 (with BOM) or GB18030/GBK text",
        zh="不是 UTF-8、带 BOM 的 UTF-16 或 GB18030/GBK 编码的文本",
        file=str(path),
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except OSError as exc:
        raise cannot_read(path, exc) from None


def _decode_failure(path: Path, encoding: str) -> UnicodeDecodeError | None:
    """Why the whole file does not decode strictly as *encoding*, or None if it does.

    Raises :class:`NotStreamable` on a lone ``\r``: pandas and the csv module count it
    as a line break, the blocks do not."""
    decoder = codecs.getincrementaldecoder(encoding)()
    carriage = False
    try:
        with path.open("rb") as handle:
            while data := handle.read(_READ):
                carriage = _check_breaks(decoder.decode(data), carriage)
            _check_breaks(decoder.decode(b"", final=True), carriage)
    except UnicodeDecodeError as exc:
        return exc
    return None


def _check_breaks(text: str, carriage: bool) -> bool:
    """Raise :class:`NotStreamable` on a ``\r`` not followed by ``\n`` (*carriage*: the
    text before ended with ``\r``); return whether this text ends with one."""
    if carriage and text and not text.startswith("\n"):
        raise NotStreamable
    body = text[:-1] if text.endswith("\r") else text
    if body.count("\r") != body.count("\r\n"):
        raise NotStreamable
    return text.endswith("\r") or (carriage and not text)


def _pieces(
    path: Path, encoding: str, chunk_chars: int, delimiter_of: Callable[[str], str]
) -> Iterator[str]:
    """The decoded text in pieces of about *chunk_chars* characters, each but the last
    ending at a line break outside quoted cells (whose delimiter *delimiter_of* tells
    from the opening of the text); the first holds more than blank lines."""
    decoder = codecs.getincrementaldecoder(encoding)()
    pending = ""
    first = True
    with path.open("rb") as handle:
        while True:
            data = handle.read(_READ)
            pending += decoder.decode(data, final=not data)
            if first:
                pending = pending.lstrip("\ufeff")
            while len(pending) >= chunk_chars:
                cut = _cut(pending, chunk_chars, delimiter_of(pending))
                if cut < 0:
                    _refuse_a_runaway_cell(pending, chunk_chars, delimiter_of(pending))
                if cut < 0 or (first and not pending[:cut].strip()):
                    break  # read on: no line break outside quotes yet, or only blank lines
                yield pending[:cut]
                pending, first = pending[cut:], False
            if not data:
                break
    if pending or first:
        yield pending


class RunawayCell(Exception):
    """A quoted cell still open after more text than a cell may hold (the csv module's
    field limit, or a block if that is larger): a quote never closed, or a cell no
    reader takes. Carries where its opening quote is: *lines* after the start of the text
    not yet yielded, and its column."""

    def __init__(self, lines: int, column: int) -> None:
        super().__init__("a quoted cell runs on without closing")
        self.lines, self.column = lines, column


def _refuse_a_runaway_cell(text: str, chunk_chars: int, delimiter: str) -> None:
    """Stop reading, rather than hold the rest of the file, once the cell open at the end
    of *text* is longer than any reader would take: it cannot end in a readable table."""
    opened = open_at_end(text, delimiter)
    if opened is not None and len(text) - opened > max(chunk_chars, csv.field_size_limit()):
        raise RunawayCell(text.count("\n", 0, opened), opened - text.rfind("\n", 0, opened))


def _cut(text: str, size: int, delimiter: str) -> int:
    """Where to cut *text* (it starts at a row's start): after the last line break within
    *size* characters that lies outside quoted cells, else after the first one beyond,
    else -1."""
    cells = quoted_cells(text, delimiter)
    starts = [start for start, _, _ in cells]

    def cell_around(at: int) -> tuple[int, int, bool] | None:
        i = bisect_right(starts, at) - 1
        return cells[i] if i >= 0 and at < cells[i][1] else None

    end = text.rfind("\n", 0, size)
    while end >= 0:
        cell = cell_around(end)
        if cell is None:
            return end + 1
        end = text.rfind("\n", 0, cell[0])
    start = size
    while (end := text.find("\n", start)) >= 0:
        cell = cell_around(end)
        if cell is None:
            return end + 1
        start = cell[1]
    return -1
