"""Rebuild a table from the text lines a published page flattened it into.

Pages flatten tables in several ways: one row per line with ``|`` between the cells
(Markdown, DOCX rows, copied web tables), one cell per line ending in ``|``, or one
cell per line with blank lines between; headers split over lines; empty cells dropped
so that every later cell of the row shifts left. This module turns any of them into
rows of cells that keep their line and column, and says whether the lines show a grid
at all: two lines with a ``|`` that hold sentences are prose, not a table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..numbers import NumberFormatError, Quantity, parse_quantity
from .loaders import SourceLine
from .normalise import Mapped, fold_line
from .scan import NOT_QUANTITY_AFTER, scan

#: A cell that stands for an empty value and keeps its column (—, -, /, 无).
PLACEHOLDER = re.compile(r"^(?:[-－—–/／\\…·.]+|无|空|暂无)$")
TOTAL_LABEL = re.compile(r"^(?:合计|总计|全省|全市|全县|全区|全州|全国|总体|共计|汇总)")
_SERIAL_HEAD = re.compile(r"^(?:序号|编号|排序|序|No\.?)$", re.IGNORECASE)
_UNIT_ONLY = re.compile(r"^\([^()]{1,10}\)$")
_SENTENCE = re.compile(r"[。;，,:！？!?]")
_SEPARATOR = re.compile(r"^[\s|:\-—=+]+$")
#: A bare line can be a cell of a table flattened one cell per line only when short.
MAX_BARE_CELL = 24
#: Every character folding may delete (spaces, Markdown marks, bracketed pinyin), or
#: that may become one: the others are kept, so they bound the folded length from below.
_FOLDABLE = re.compile("[\\s\u200b\ufeff#>+*\\-()（）＋－a-zA-Z\u00c0-\u024f]")


@dataclass(slots=True, eq=False)
class Cell:
    """One cell: its folded text and where it sits in its folded line."""

    text: str
    mapped: Mapped
    start: int
    end: int
    quantity: Quantity | None = None

    @property
    def line(self) -> int:
        return self.mapped.line_at(self.start) if self.mapped.text else 0

    @property
    def number(self) -> bool:
        return self.quantity is not None

    @property
    def empty(self) -> bool:
        return not self.text or bool(PLACEHOLDER.match(self.text))

    @property
    def prose(self) -> bool:
        """A cell holding words with figures in them (计划57公里，完成率69.0%): read as text."""
        return not self.number and not self.empty and bool(scan(self.text))


@dataclass(slots=True)
class Row:
    """A data row: its label cells (序号, name) and its value cells as printed."""

    label: list[Cell]
    values: list[Cell]

    @property
    def name(self) -> str:
        words = [c.text for c in self.label if not (c.number and len(self.label) > 1)]
        return "".join(words)

    @property
    def total(self) -> bool:
        return bool(TOTAL_LABEL.match(self.name))


@dataclass(slots=True)
class Grid:
    """Rows of value cells, the width of a complete row and the column names when known."""

    rows: list[Row]
    width: int
    names: list[str] = field(default_factory=list)  # one per value column, "" if unknown
    prose: list[Cell] = field(default_factory=list)


def quantity(text: str) -> Quantity | None:
    """The figure a cell holds when the whole cell is one figure (not a year or a date)."""
    if not text or not (text[0].isdigit() or text[0] in "-+约近超逾"):
        return None
    try:
        q = parse_quantity(text)
    except NumberFormatError:
        return None
    if q.unit in NOT_QUANTITY_AFTER or len(q.unit) > 5:
        return None
    return q


def split_cells(mapped: Mapped) -> list[Cell]:
    """The ``|``-separated cells of one folded line; trailing empty cells dropped."""
    text = mapped.text
    cells: list[Cell] = []
    start = 0
    leading_pipe = text.lstrip().startswith("|")
    for n, part in enumerate(text.split("|")):
        end = start + len(part)
        stripped = part.strip()
        if not (n == 0 and leading_pipe):
            offset = start + (len(part) - len(part.lstrip()))
            cells.append(Cell(stripped, mapped, offset, offset + len(stripped), quantity(stripped)))
        start = end + 1
    while cells and not cells[-1].text:
        cells.pop()
    return cells


def _merge_units(cells: list[Cell]) -> list[Cell]:
    """A header cell that is only a unit, (公里), belongs to the cell before it."""
    merged: list[Cell] = []
    for cell in cells:
        if merged and _UNIT_ONLY.match(cell.text):
            before = merged[-1]
            merged[-1] = Cell(before.text + cell.text, before.mapped, before.start, before.end)
        else:
            merged.append(cell)
    return merged


def _kind(line: SourceLine) -> str:
    """row (cells with ``|`` between), cell (one cell and a ``|``), bare, or prose."""
    text = line.text.strip()
    if "|" in text:
        if _SEPARATOR.match(text):
            return "separator"
        filled = [c for c in text.split("|") if c.strip()]
        return "row" if len(filled) >= 2 else "cell"
    if len(text) - len(_FOLDABLE.findall(text)) > MAX_BARE_CELL:
        return "prose"  # too long to be a cell even after folding; folding it is slow
    folded = fold_line(line).text
    if len(folded) <= MAX_BARE_CELL and not _SENTENCE.search(folded.strip()):
        return "bare"
    return "prose"


def candidate_runs(lines: list[SourceLine]) -> list[tuple[str, list[SourceLine]]]:
    """Runs of lines that may be one flattened table, with how it was flattened.

    Blank lines inside a run are allowed (cells separated by blank lines). A run of
    ``|`` lines is ``rows`` when most lines hold several cells, else ``cells``.
    """
    runs: list[tuple[str, list[SourceLine]]] = []
    current: list[SourceLine] = []
    mode = ""

    def close() -> None:
        if len(current) >= 2:
            if mode == "pipe":
                rows = sum(_kind(line) == "row" for line in current)
                runs.append(("rows" if 2 * rows >= len(current) else "cells", list(current)))
            else:
                runs.append(("bare", list(current)))

    for line in lines:
        if not line.text.strip():
            continue
        kind = _kind(line)
        if kind == "separator":
            continue
        new_mode = "pipe" if kind in ("row", "cell") else "bare" if kind == "bare" else ""
        if new_mode != mode:
            close()
            current, mode = [], new_mode
        if new_mode:
            current.append(line)
    close()
    return runs


def rebuild(kind: str, lines: list[SourceLine]) -> Grid | None:
    """The grid these lines show, or None when they show none (prose, a list, a title)."""
    if kind == "rows":
        return _from_rows([split_cells(fold_line(line)) for line in lines])
    cells: list[Cell] = []
    for line in lines:
        mapped = fold_line(line)
        if kind == "cells":
            cells.extend(c for c in split_cells(mapped) if c.text)
        else:
            text = mapped.text.strip()
            at = mapped.text.find(text)
            cells.append(Cell(text, mapped, at, at + len(text), quantity(text)))
    grid = _from_sequence(cells)
    if grid is not None and kind == "bare" and not _strict(grid):
        return None
    return grid


def _value_cell(cell: Cell) -> bool:
    return cell.number or cell.empty


def _split_label(cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """Leading words (and a 序号 before them) are the label; the rest are values."""
    i = 0
    while i < len(cells) and not _value_cell(cells[i]):
        i += 1
    if i == 0 and len(cells) > 1 and cells[0].number and not _value_cell(cells[1]):
        i = 1  # a serial number followed by a name
        while i < len(cells) and not _value_cell(cells[i]):
            i += 1
    return cells[:i], cells[i:]


def _is_data(values: list[Cell]) -> bool:
    return sum(c.number for c in values) >= 2


def _width(rows: list[Row]) -> int:
    """The number of value cells of a complete row: the commonest, the larger on a tie."""
    counts = Counter(len(r.values) for r in rows)
    return max(counts, key=lambda n: (counts[n], n))


def _from_rows(lines: list[list[Cell]]) -> Grid | None:
    header: list[list[Cell]] = []
    rows: list[Row] = []
    prose: list[Cell] = []
    for cells in lines:
        label, values = _split_label(cells)
        if _is_data(values) and label:
            rows.append(Row(label, values))
            prose.extend(c for c in values if c.prose)
        elif not rows:
            header.append(cells)
        else:
            prose.extend(c for c in cells if c.prose)
    if len(rows) < 2:
        return None
    width = _width(rows)
    label_width = Counter(len(r.label) for r in rows).most_common(1)[0][0]
    aligned = [h for h in header if len(h) == label_width + width]
    names = [""] * width
    for h in aligned:  # header rows split over lines join by position: 计划 / (公里)
        names = [n + c.text for n, c in zip(names, h[label_width:])]
    prose = [c for h in header for c in h if c.prose] + prose
    return Grid(rows, width, names, prose)


def _from_sequence(cells: list[Cell]) -> Grid | None:
    """Cells in reading order, one per line: rows start at a name (or a 序号 before one)."""
    first_value = next((i for i, c in enumerate(cells) if _value_cell(c)), None)
    if first_value is None:
        return None
    serial = any(_SERIAL_HEAD.match(c.text) for c in cells[:first_value])
    groups: list[tuple[list[Cell], list[Cell]]] = []
    words: list[Cell] = []
    values: list[Cell] = []
    for cell in cells:
        if _value_cell(cell):
            values.append(cell)
            continue
        if values:
            groups.append((words, values))
            words, values = [], []
        words.append(cell)
    groups.append((words, values))
    if serial:
        _move_serials(groups)
    later = [len(w) for w, _ in groups[1:] if w]
    label_width = Counter(later).most_common(1)[0][0] if later else 1
    head_words, head_values = groups[0]
    if head_values:
        split = max(len(head_words) - label_width, 0)
        header, first_label = head_words[:split], head_words[split:]
        groups[0] = (first_label, head_values)
    else:
        header = head_words
        groups = groups[1:]
    rows = [Row(w, v) for w, v in groups if w and _is_data(v)]
    if len(rows) < 2:
        return None
    width = _width(rows)
    header = _merge_units(header)
    names = [""] * width
    columns = max((len(r.label) for r in rows if not r.total), default=label_width) + width
    header = header[len(header) % columns :]  # a title before the header is no column
    if header:
        for start in range(0, len(header), columns):
            chunk = header[start : start + columns]
            names = [n + c.text for n, c in zip(names, chunk[columns - width :])]
    return Grid(rows, width, names, [c for c in header if c.prose])


def _move_serials(groups: list[tuple[list[Cell], list[Cell]]]) -> None:
    """With a 序号 column, the integer before each name opens that name's row (1, 2, 3…)."""
    expected = 1
    for k in range(len(groups) - 1):
        values = groups[k][1]
        words = groups[k + 1][0]
        if not values or not words or TOTAL_LABEL.match(words[0].text):
            continue
        last = values[-1].quantity
        if (
            last is not None
            and last.decimals == 0
            and not last.percent
            and (last.mantissa == expected or (expected == 1 and last.mantissa == 0))
        ):
            groups[k + 1][0].insert(0, values.pop())
            expected = int(last.mantissa) + 1


def _strict(grid: Grid) -> bool:
    """Bare lines are a table only when most rows are complete and most cells figures."""
    complete = sum(len(r.values) == grid.width for r in grid.rows)
    return len(grid.rows) >= 3 and grid.width >= 2 and 5 * complete >= 3 * len(grid.rows)
