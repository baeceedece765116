"""Relations a table's own data show: rate columns, row sums, total rows.

Headers of real tables are merged, split over lines and often cannot be aligned with
the data, so relations are discovered from the figures: a column C is A/B×100 when
that holds, under a rounding convention, in at least three rows and 80% of the rows
that have all three cells (two thirds when the headers name 完成 / 计划 / 率); a
column is the sum of two or three others the same way; a 合计 row is the sum of the
other rows when most columns agree. Rows that break an established relation keep it
(their cells are then errors). A short row, whose empty cells the page dropped, is
placed where the established relations hold; a relation whose cells the placement
cannot fix is left unchecked, never checked in the wrong columns. All arithmetic is
exact (:class:`~fractions.Fraction`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product
from math import comb, prod

from ..units import is_counter, lookup
from .grid import Cell, Grid, Row

MIN_ROWS = 3
SHARE = Fraction(4, 5)
HEADER_SHARE = Fraction(2, 3)
MAX_WIDTH = 30
MAX_PLACEMENTS = 20000
MAX_COMBINATIONS = 256
_UNIT = re.compile(r"\(([^()]+)\)")
_RATE_NAME = re.compile(r"率|比例|%|进度|占")
_DONE_NAME = re.compile(r"完成|实际|已|累计")
_PLAN_NAME = re.compile(r"计划|目标|任务|应")

Placement = tuple[Cell | None, ...]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A relation the rows establish: ratio (completed, planned, rate) or sum (total, parts)."""

    kind: str
    columns: tuple[int, ...]
    holds: int
    rows: int

    @property
    def roles(self) -> list[str]:
        if self.kind == "ratio":
            return ["completed", "planned", "rate"]
        return ["total"] + ["part"] * (len(self.columns) - 1)


@dataclass(slots=True)
class TableRelation:
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


def column_unit(name: str) -> str:
    """The unit a header names in parentheses: 计划(公里) → 公里; (%) is no unit."""
    match = _UNIT.search(name)
    return match.group(1) if match and match.group(1) != "%" else ""


class _Values:
    """Exact values of the cells, in their column's unit when the cell has none."""

    def __init__(self, units: list[str]) -> None:
        self.units = units

    def unit(self, cell: Cell, column: int) -> str:
        q = cell.quantity
        return (q.unit if q and q.unit else self.units[column]) if q else ""

    def value(self, cell: Cell, column: int) -> Fraction | None:
        q = cell.quantity
        if q is None or q.qualifier in ("余", "多", "逾", "超"):
            return None
        known = lookup(self.unit(cell, column))
        factor = known.factor if known is not None else Fraction(1)
        return Fraction(q.mantissa) * Fraction(10) ** q.magnitude * factor

    def half(self, cell: Cell, column: int) -> Fraction:
        """Half a unit of the last printed digit; 0 for a whole count (户, 个): exact."""
        q = cell.quantity
        assert q is not None
        if q.decimals == 0 and q.magnitude == 0 and is_counter(self.unit(cell, column)):
            return Fraction(0)
        known = lookup(self.unit(cell, column))
        factor = known.factor if known is not None else Fraction(1)
        return Fraction(10) ** (q.magnitude - q.decimals) * factor / 2

    def dimension(self, cell: Cell, column: int) -> str:
        known = lookup(self.unit(cell, column))
        return known.dimension if known is not None else self.unit(cell, column)


def rate_fits(completed: Fraction, planned: Fraction, rate: Cell) -> bool:
    """completed/planned×100 gives the printed rate rounded half-up, half-even or cut off."""
    q = rate.quantity
    assert q is not None
    stated = Fraction(q.mantissa)
    half = Fraction(1, 2 * 10**q.decimals)
    value = completed * 100 / planned
    if stated - half <= value < stated + half or stated <= value < stated + 2 * half:
        return True
    return value == stated + half and str(q.mantissa)[-1] in "02468"


def evaluate(pattern: Pattern, row: Placement, values: _Values) -> bool | None:
    """Whether *row* keeps *pattern*; None when a cell is missing or not comparable."""
    cells = [row[c] for c in pattern.columns]
    exact: list[Fraction] = []
    for cell, column in zip(cells, pattern.columns):
        value = values.value(cell, column) if cell is not None else None
        if value is None:
            return None
        exact.append(value)
    measured = [(c, k) for c, k in zip(cells, pattern.columns) if k != pattern.columns[-1]]
    if pattern.kind == "sum":
        measured = list(zip(cells, pattern.columns))
    dims = {values.dimension(c, k) for c, k in measured if c is not None}
    if len(dims - {""}) > 1:
        return None
    if pattern.kind == "ratio":
        completed, planned, _ = exact
        if planned <= 0 or completed < 0:
            return None
        rate = cells[2]
        assert rate is not None
        return rate_fits(completed, planned, rate)
    tolerance = sum(
        (values.half(c, k) for c, k in zip(cells, pattern.columns) if c is not None), Fraction(0)
    )
    return abs(exact[0] - sum(exact[1:], Fraction(0))) <= tolerance


def _nontrivial(pattern: Pattern, row: Placement, values: _Values) -> bool:
    """A ratio of two different figures; a sum with at least two non-zero parts."""
    cells = [row[c] for c in pattern.columns]
    exact = [values.value(c, k) if c else None for c, k in zip(cells, pattern.columns)]
    if pattern.kind == "ratio":
        return exact[0] != exact[1]
    return sum(1 for v in exact[1:] if v) >= 2


def _establish(
    kind: str, columns: tuple[int, ...], rows: list[Placement], values: _Values, share: Fraction
) -> Pattern | None:
    probe = Pattern(kind, columns, 0, 0)
    holds = checked = nontrivial = 0
    for row in rows:
        result = evaluate(probe, row, values)
        if result is None:
            continue
        checked += 1
        if result:
            holds += 1
            nontrivial += _nontrivial(probe, row, values)
    if holds >= MIN_ROWS and nontrivial >= 2 and holds >= share * checked:
        return Pattern(kind, columns, holds, checked)
    return None


def discover(grid: Grid, values: _Values) -> list[Pattern]:
    """The ratio and sum patterns the complete rows establish."""
    width = grid.width
    complete: list[Placement] = [tuple(r.values) for r in grid.rows if len(r.values) == width]
    if len(complete) < MIN_ROWS or width > MAX_WIDTH:
        return []
    numeric = [j for j in range(width) if _numeric([row[j] for row in complete])]
    percent = {j for j in numeric if any(_percent(row[j]) for row in complete)}
    patterns: list[Pattern] = []
    for c in numeric:
        confirmed = bool(_RATE_NAME.search(grid.names[c])) if grid.names[c] else False
        best: Pattern | None = None
        for a in numeric:
            for b in numeric:
                if len({a, b, c}) < 3 or a in percent or b in percent:
                    continue
                named = confirmed and _named(grid.names[a], grid.names[b])
                found = _establish(
                    "ratio", (a, b, c), complete, values, HEADER_SHARE if named else SHARE
                )
                if found and (best is None or found.holds > best.holds):
                    best = found
        if best is not None:
            patterns.append(best)
    patterns = _one_reading(patterns, grid, complete, percent)
    rates = {p.columns[2] for p in patterns}
    amounts = [j for j in numeric if j not in rates and j not in percent]
    for s in amounts:
        others = [j for j in amounts if j != s]
        for size in (2, 3):
            found_sum = [
                p
                for parts in combinations(others, size)
                if (p := _establish("sum", (s, *parts), complete, values, SHARE)) is not None
            ]
            if found_sum:
                patterns.append(max(found_sum, key=lambda p: p.holds))
                break
    return patterns


def _one_reading(
    patterns: list[Pattern], grid: Grid, complete: list[Placement], percent: set[int]
) -> list[Pattern]:
    """Rate columns first: 1872 / 78.0 × 100 = 2400 is the same relation read backwards.

    A column in % or named as a rate, then the column of smaller figures, is the rate;
    a pattern whose completed or planned column is an accepted rate is dropped.
    """

    def key(p: Pattern) -> tuple[bool, bool, int, Fraction]:
        c = p.columns[2]
        figures = sorted(
            Fraction(row[c].quantity.mantissa)  # type: ignore[union-attr]
            for row in complete
            if row[c] is not None and row[c].quantity is not None  # type: ignore[union-attr]
        )
        median = figures[len(figures) // 2] if figures else Fraction(0)
        return (c in percent, bool(_RATE_NAME.search(grid.names[c])), p.holds, -median)

    accepted: list[Pattern] = []
    for p in sorted(patterns, key=key, reverse=True):
        rates = {q.columns[2] for q in accepted}
        inputs = {k for q in accepted for k in q.columns[:2]}
        if not rates & set(p.columns[:2]) and p.columns[2] not in inputs:
            accepted.append(p)
    return accepted


def _numeric(cells: list[Cell | None]) -> bool:
    """A column of figures and empty cells, with at least three figures."""
    if not all(c is not None and (c.number or c.empty) for c in cells):
        return False
    return sum(1 for c in cells if c is not None and c.number) >= MIN_ROWS


def _named(completed: str, planned: str) -> bool:
    return bool(_DONE_NAME.search(completed)) and bool(_PLAN_NAME.search(planned))


def _percent(cell: Cell | None) -> bool:
    return cell is not None and cell.quantity is not None and cell.quantity.percent


def _shapes(grid: Grid) -> list[tuple[bool, set[int], bool]]:
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


def placements(row: Row, grid: Grid, patterns: list[Pattern], values: _Values) -> list[Placement]:
    """The placements of a short row's cells that keep the most relations (fewest broken)."""
    width, cells = grid.width, row.values
    if len(cells) == width:
        return [tuple(cells)]
    if len(cells) > width or comb(width, len(cells)) > MAX_PLACEMENTS:
        return []
    shapes = _shapes(grid)
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


def read(grid: Grid, values: _Values | None = None) -> Reading:
    """Relations of *grid*: established patterns applied to every row, then total rows."""
    values = values or _Values([column_unit(n) for n in grid.names])
    reading = Reading()
    patterns = discover(grid, values)
    reading.rate_columns = {p.columns[2] for p in patterns if p.kind == "ratio"}
    placed_rows: list[tuple[Row, list[Placement]]] = []
    for row in grid.rows:
        options = placements(row, grid, patterns, values)
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
    values: _Values,
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
    values: _Values,
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
    total: Cell, parts: list[Placement], j: int, values: _Values, name: str
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
    values: _Values,
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


class _Shifted(_Values):
    """Values of one column laid out as a row (total, part, part…) for :func:`evaluate`."""

    def __init__(self, values: _Values, column: int) -> None:
        super().__init__(values.units)
        self.column = column

    def unit(self, cell: Cell, column: int) -> str:
        return super().unit(cell, self.column)
