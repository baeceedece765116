"""Relations a table's own data establish: rate columns and row sums.

Headers of real tables are merged, split over lines and often cannot be aligned with
the data, so relations are discovered from the figures of the complete rows: a column
C is A/B×100 when that holds, under a rounding convention, in at least three rows and
80% of the rows that have all three cells (two thirds when the headers name 完成 /
计划 / 率); a column is the sum of two (or else three) others the same way. A lower-is-
better target against its actual shows no such pattern and stays unchecked. All
arithmetic is exact (:class:`~fractions.Fraction`); figures keep their printed digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from typing import TypeVar

from ..numbers import LOWER_BOUND_QUALIFIERS
from ..units import is_counter, lookup
from .grid import Cell, Grid
from .table_screen import ratio_counts, screen_rows, sum_counts

MIN_ROWS = 3
SHARE = Fraction(4, 5)
HEADER_SHARE = Fraction(2, 3)
MAX_WIDTH = 30
_UNIT = re.compile(r"\(([^()]+)\)")
_RATE_NAME = re.compile(r"率|比例|%|进度|占")
_DONE_NAME = re.compile(r"完成|实际|已|累计")
_PLAN_NAME = re.compile(r"计划|目标|任务|应")

Placement = tuple[Cell | None, ...]
T = TypeVar("T")


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


def column_unit(name: str) -> str:
    """The unit a header names in parentheses: 计划(公里) → 公里; (%) is no unit."""
    match = _UNIT.search(name)
    return match.group(1) if match and match.group(1) != "%" else ""


class Values:
    """Exact values of the cells, in their column's unit when the cell has none.

    Each is worked out once per cell and column: discovering a table's relations tries
    every triple and quadruple of columns over the same cells (a 20-column table asked
    for a cell's value hundreds of times, each a few Fraction operations)."""

    def __init__(self, units: list[str]) -> None:
        self.units = units
        self._values: dict[tuple[int, int], Fraction | None] = {}  # by (id(cell), column)
        self._halves: dict[tuple[int, int], Fraction] = {}
        self._dimensions: dict[tuple[int, int], str] = {}
        self._cells: dict[int, Cell] = {}  # the cells keyed by id, kept alive with the keys
        #: :func:`evaluate` by (kind, columns, ids of the cells), with the cells
        self.evaluated: dict[tuple[object, ...], tuple[bool | None, tuple[Cell | None, ...]]] = {}

    def _once(
        self,
        known: dict[tuple[int, int], T],
        cell: Cell,
        column: int,
        work: Callable[[Cell, int], T],
    ) -> T:
        key = (id(cell), column)
        if key not in known:
            self._cells[key[0]] = cell
            known[key] = work(cell, column)
        return known[key]

    def unit(self, cell: Cell, column: int) -> str:
        q = cell.quantity
        return (q.unit if q and q.unit else self.units[column]) if q else ""

    def value(self, cell: Cell, column: int) -> Fraction | None:
        return self._once(self._values, cell, column, self._value)

    def half(self, cell: Cell, column: int) -> Fraction:
        """Half a unit of the last printed digit; 0 for a whole count (户, 个): exact."""
        return self._once(self._halves, cell, column, self._half)

    def dimension(self, cell: Cell, column: int) -> str:
        return self._once(self._dimensions, cell, column, self._dimension)

    def _value(self, cell: Cell, column: int) -> Fraction | None:
        q = cell.quantity
        if q is None or q.qualifier in LOWER_BOUND_QUALIFIERS:
            return None
        scale = _scale(q.magnitude, self.unit(cell, column))
        return Fraction(q.mantissa) * scale if scale != 1 else Fraction(q.mantissa)

    def _half(self, cell: Cell, column: int) -> Fraction:
        q = cell.quantity
        assert q is not None
        if q.decimals == 0 and q.magnitude == 0 and is_counter(self.unit(cell, column)):
            return Fraction(0)
        return _scale(q.magnitude - q.decimals, self.unit(cell, column)) / 2

    def _dimension(self, cell: Cell, column: int) -> str:
        known = lookup(self.unit(cell, column))
        return known.dimension if known is not None else self.unit(cell, column)


@lru_cache(maxsize=1024)
def _scale(power: int, unit: str) -> Fraction:
    """10^power in *unit*'s base (亩 → 公顷: 1/15), exact; a table has few of them."""
    known = lookup(unit)
    return Fraction(10) ** power * (known.factor if known is not None else 1)


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


def evaluate(pattern: Pattern, row: Placement, values: Values) -> bool | None:
    """Whether *row* keeps *pattern*; None when a cell is missing or not comparable.

    Worked out once per pattern and cells: the placements of a short row put the same
    cells in a pattern's columns again and again (half the questions of report 14)."""
    cells = tuple(row[c] for c in pattern.columns)
    key = (pattern.kind, pattern.columns, tuple(map(id, cells)))
    if key not in values.evaluated:
        values.evaluated[key] = (_evaluate(pattern, cells, values), cells)  # cells kept alive
    return values.evaluated[key][0]


def _evaluate(pattern: Pattern, cells: tuple[Cell | None, ...], values: Values) -> bool | None:
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


def _nontrivial(pattern: Pattern, row: Placement, values: Values) -> bool:
    """A ratio of two different figures; a sum with at least two non-zero parts."""
    cells = [row[c] for c in pattern.columns]
    exact = [values.value(c, k) if c else None for c, k in zip(cells, pattern.columns)]
    if pattern.kind == "ratio":
        return exact[0] != exact[1]
    return sum(1 for v in exact[1:] if v) >= 2


def _may_hold(near: int, checked: int, share: Fraction) -> bool:
    """Whether a relation can be established when *near* of the *checked* rows come near
    it: the rows that keep it exactly are among those (the float screen is generous)."""
    return near >= MIN_ROWS and near * share.denominator >= share.numerator * checked


def _establish(
    kind: str, columns: tuple[int, ...], rows: list[Placement], values: Values, share: Fraction
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


def discover(grid: Grid, values: Values) -> list[Pattern]:
    """The ratio and sum patterns the complete rows establish."""
    width = grid.width
    complete: list[Placement] = [tuple(r.values) for r in grid.rows if len(r.values) == width]
    if len(complete) < MIN_ROWS or width > MAX_WIDTH:
        return []
    numeric = [j for j in range(width) if _numeric([row[j] for row in complete])]
    percent = {j for j in numeric if any(_percent(row[j]) for row in complete)}
    screen = screen_rows(complete, values)
    patterns: list[Pattern] = []
    for c in numeric:
        confirmed = bool(_RATE_NAME.search(grid.names[c])) if grid.names[c] else False
        best: Pattern | None = None
        near, checked = ratio_counts(screen, c)
        for a in numeric:
            for b in numeric:
                if len({a, b, c}) < 3 or a in percent or b in percent:
                    continue
                named = confirmed and _named(grid.names[a], grid.names[b])
                share = HEADER_SHARE if named else SHARE
                if not _may_hold(int(near[a, b]), int(checked[a, b]), share):
                    continue
                found = _establish("ratio", (a, b, c), complete, values, share)
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
            tuples = list(combinations(others, size))
            if not tuples:
                continue
            near_rows, checked_rows = (counts.tolist() for counts in sum_counts(screen, s, tuples))
            found_sum = [
                p
                for parts, near_sum, checked_sum in zip(tuples, near_rows, checked_rows)
                if _may_hold(near_sum, checked_sum, SHARE)
                and (p := _establish("sum", (s, *parts), complete, values, SHARE)) is not None
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
