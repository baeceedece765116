"""Where each cell of a table row goes, and which relations each row and total row get.

The relations come from :mod:`.table_relations`. A complete row gets every one of
them, kept or broken (a broken one is then an error at its cell). A short row, whose
empty cells the page dropped, is placed where the established relations hold; a
relation whose cells the best placements disagree on is left unchecked, never checked
in the wrong columns, and a broken relation in a short row counts only when two other
relations confirm the placement. A 合计 row (or an unnamed first or last row) is the
sum of the other rows when most columns agree; short rows the relations could not
place are then placed by the column totals when exactly one placement adds up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, product
from math import comb, prod

from .grid import Cell, Grid, Row
from .table_relations import MIN_ROWS, Pattern, Placement, Values, column_unit, discover, evaluate

MAX_PLACEMENTS = 4000
MAX_COMBINATIONS = 256


@dataclass(slots=True)
class TableRelation:
    """One relation of table cells, with the rows that establish it (for messages)."""

    kind: str
    members: list[tuple[str, Cell]]
    evidence: str = ""


@dataclass(slots=True)
class Reading:
    """What the data of one grid show, and where each value cell was placed."""

    relations: list[TableRelation] = field(default_factory=list)
    column: dict[Cell, int] = field(default_factory=dict)
    rate_columns: set[int] = field(default_factory=set)
    unchecked: dict[Cell, str] = field(default_factory=dict)


Shapes = list[tuple[bool, set[int], bool]]


def _shapes(grid: Grid) -> Shapes:
    """Per column of the complete rows: has % cells, the decimals printed, holds words."""
    complete = [r.values for r in grid.rows if len(r.values) == grid.width]
    shapes = []
    for j in range(grid.width):
        cells = [row[j] for row in complete]
        numbers = [c.quantity for c in cells if c.quantity is not None]
        shapes.append(
            (
                any(q.percent for q in numbers),
                {q.decimals for q in numbers},
                any(not c.number and not c.empty for c in cells),
            )
        )
    return shapes


def _fits(cell: Cell, shape: tuple[bool, set[int], bool]) -> bool:
    percent, decimals, words = shape
    if cell.empty:
        return True
    if cell.quantity is None:
        return words
    if cell.quantity.percent != percent:
        return False
    return len(decimals) != 1 or cell.quantity.decimals in decimals


def placements(
    row: Row,
    grid: Grid,
    patterns: list[Pattern],
    values: Values,
    shapes: Shapes,
) -> list[Placement]:
    """The placements of a short row's cells that keep the most relations (fewest broken).

    *shapes* are the columns' shapes, worked out once per table (once per short row made a
    long table's reading quadratic)."""
    width, cells = grid.width, row.values
    if len(cells) == width:
        return [tuple(cells)]
    if len(cells) > width or comb(width, len(cells)) > MAX_PLACEMENTS:
        return []
    scored: list[tuple[int, int, Placement]] = []
    for positions in combinations(range(width), len(cells)):
        if not all(_fits(c, shapes[p]) for c, p in zip(cells, positions)):
            continue
        slots: list[Cell | None] = [None] * width
        for c, p in zip(cells, positions):
            slots[p] = c
        placed = tuple(slots)
        results = [evaluate(p, placed, values) for p in patterns]
        scored.append((results.count(True), -results.count(False), placed))
    if not scored:
        return []
    best = max((h, f) for h, f, _ in scored)
    return [placed for h, f, placed in scored if (h, f) == best]


def _agreed(options: list[Placement], column: int) -> tuple[bool, Cell | None]:
    """Whether every placement puts the same cell (or none) in *column*."""
    first = options[0][column]
    return all(o[column] is first for o in options), first


def read(grid: Grid, values: Values | None = None) -> Reading:
    """Relations of *grid*: established patterns applied to every row, then total rows."""
    values = values or Values([column_unit(n) for n in grid.names])
    reading = Reading()
    patterns = discover(grid, values)
    reading.rate_columns = {p.columns[2] for p in patterns if p.kind == "ratio"}
    placed_rows: list[tuple[Row, list[Placement]]] = []
    short = any(len(row.values) != grid.width for row in grid.rows)
    shapes = _shapes(grid) if short else []
    for row in grid.rows:
        options = placements(row, grid, patterns, values, shapes)
        placed_rows.append((row, options))
        if not options:
            for value in row.values:
                reading.unchecked[value] = _why(row, grid, "no placement fits the columns")
            continue
        for j in range(grid.width):
            same, placed = _agreed(options, j)
            if same and placed is not None:
                reading.column[placed] = j
        for pattern in patterns:
            _apply(pattern, patterns, row, options, grid, values, reading)
    _totals(grid, placed_rows, reading, values)
    return reading


def _apply(
    pattern: Pattern,
    patterns: list[Pattern],
    row: Row,
    options: list[Placement],
    grid: Grid,
    values: Values,
    reading: Reading,
) -> None:
    results = {evaluate(pattern, o, values) for o in options}
    cells = [options[0][c] for c in pattern.columns]
    agreed = all(_agreed(options, c)[0] for c in pattern.columns)
    if None in results or not agreed or any(c is None for c in cells):
        if len(row.values) < grid.width and not any(c is None for c in cells):
            for cell in cells:
                if cell is not None:
                    reading.unchecked.setdefault(cell, _why(row, grid, "placement ambiguous"))
        return
    if False in results and len(row.values) < grid.width:
        holds = [evaluate(p, options[0], values) for p in patterns if p != pattern]
        if holds.count(True) < 2:  # too little evidence that the row is placed right
            for cell in cells:
                if cell is not None:
                    reading.unchecked.setdefault(cell, _why(row, grid, "placement unconfirmed"))
            return
    members = [(role, c) for role, c in zip(pattern.roles, cells) if c is not None]
    reading.relations.append(TableRelation(pattern.kind, members, _evidence(pattern, grid)))


def _why(row: Row, grid: Grid, reason: str) -> str:
    return f"row {row.name}: {len(row.values)} of {grid.width} cells; {reason}"


def _evidence(pattern: Pattern, grid: Grid) -> str:
    names = [grid.names[c] or f"column {c + 1}" for c in pattern.columns]
    if pattern.kind == "ratio":
        shape = f"{names[2]} = {names[0]} / {names[1]}"
    else:
        shape = f"{names[0]} = " + " + ".join(names[1:])
    return f"{pattern.holds} of {pattern.rows} complete rows: {shape}"


def _totals(
    grid: Grid,
    placed_rows: list[tuple[Row, list[Placement]]],
    reading: Reading,
    values: Values,
) -> None:
    """A 合计 row (or an unnamed first/last row) that is the sum of the other rows."""
    labelled = [i for i, (row, _) in enumerate(placed_rows) if row.total]
    candidates = labelled if len(labelled) == 1 else []
    if not labelled and len(placed_rows) >= MIN_ROWS + 1:
        candidates = [0, len(placed_rows) - 1]
    for t in candidates:
        parts = [o for i, (row, o) in enumerate(placed_rows) if i != t and not row.total]
        total_options = placed_rows[t][1]
        if not total_options or not all(parts):
            continue
        name = placed_rows[t][0].name
        sums: list[TableRelation] = []
        agree = 0
        undecided: list[tuple[int, Cell]] = []
        for j in range(grid.width):
            same, total = _agreed(total_options, j)
            if j in reading.rate_columns or not same or total is None:
                continue
            if values.value(total, j) is None:
                continue
            if not all(_agreed(o, j)[0] for o in parts):
                undecided.append((j, total))
                continue
            got = _column_sum(total, [o[0] for o in parts], j, values, name)
            if got is not None:
                agree += got[0]
                sums.append(got[1])
        named = placed_rows[t][0].total
        if (named and agree >= 1 and 2 * agree >= len(sums)) or (
            agree >= 2 and 5 * agree >= 4 * len(sums)
        ):
            reading.relations.extend(sums)
            _place_by_totals(undecided, parts, values, name, reading)
            return


def _column_sum(
    total: Cell, parts: list[Placement], j: int, values: Values, name: str
) -> tuple[bool, TableRelation] | None:
    """Whether column *j* of the part rows adds up to *total*, and that relation."""
    column = [o[j] for o in parts]
    if any(c is not None and not c.empty and c.quantity is None for c in column):
        return None  # words in the column
    cells = [c for c in column if c is not None and values.value(c, j) is not None]
    if len(cells) < 2:
        return None
    pattern = Pattern("sum", tuple(range(len(cells) + 1)), 0, 0)
    result = evaluate(pattern, (total, *cells), _Shifted(values, j))
    if result is None:
        return None
    members = [("total", total)] + [("part", c) for c in cells]
    return result, TableRelation("sum", members, f"row {name} is the sum of the other rows")


def _place_by_totals(
    undecided: list[tuple[int, Cell]],
    parts: list[list[Placement]],
    values: Values,
    name: str,
    reading: Reading,
) -> None:
    """Short rows the relations could not place: the one placement that makes every
    undecided column add up to its total, if exactly one does."""
    ambiguous = [k for k, options in enumerate(parts) if len(options) > 1]
    if not undecided or prod(len(parts[k]) for k in ambiguous) > MAX_COMBINATIONS:
        return
    winners = []
    for choice in product(*(parts[k] for k in ambiguous)):
        chosen = [o[0] for o in parts]
        for k, placement in zip(ambiguous, choice):
            chosen[k] = placement
        sums = [_column_sum(total, chosen, j, values, name) for j, total in undecided]
        if all(got is not None and got[0] for got in sums):
            winners.append((choice, [got[1] for got in sums if got is not None]))
    if len(winners) != 1:
        return
    choice, relations = winners[0]
    reading.relations.extend(relations)
    for placement in choice:
        for j, cell in enumerate(placement):
            if cell is not None:
                reading.column[cell] = j


class _Shifted(Values):
    """Values of one column laid out as a row (total, part, part…) for :func:`evaluate`."""

    def __init__(self, values: Values, column: int) -> None:
        super().__init__(values.units)
        self.column = column

    def unit(self, cell: Cell, column: int) -> str:
        return super().unit(cell, self.column)
