"""The float screen of a table's candidate relations: which column triples and quadruples
are worth the exact test.

Discovering a table's relations tries every rate column against every pair of others and
every total against every pair and triple of others. The exact test (Fractions, row by
row) is too slow for that on a long table, so whole columns are screened first in numpy:
for each candidate, how many rows the exact test would check, and how many of those come
near the relation in floats. The floats are generous (a printed rate within 1.5 units of
the ratio, a sum within every cell's half-unit in its unit and a millionth of the
total), so every row that keeps the relation exactly is near, and a candidate with too
few near rows cannot be established. (Before the share of near rows decided, a total
column's slack was a unit of its last digit without its 万 or its unit's factor: the
screen missed rows in 公顷 and still passed three.) Which rows are checked is decided exactly (a cell's value, dimension and
sign), as :func:`~aircheck.text.table_relations.evaluate` decides it.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .table_relations import Placement, Values

    Counts = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]

#: Cells screened at once: bounds the arrays of a long table (rows x 30 x 30 at most).
SCREEN_CELLS = 1 << 20


class Screen(NamedTuple):
    """Rows x columns of the complete rows: each cell's value as a float (NaN where a cell
    has none: no cell's value is NaN), its figure as printed (what a rate is compared
    with), its slack (its half-unit; the last cell of a row at least a whole unit of its
    last digit), its dimension as a code (0 for none) and the sign of its exact value."""

    values: npt.NDArray[np.float64]
    printed: npt.NDArray[np.float64]
    halves: npt.NDArray[np.float64]
    dimensions: npt.NDArray[np.int64]
    signs: npt.NDArray[np.int8]


def screen_rows(rows: list[Placement], values: Values) -> Screen:
    import numpy as np

    width = len(rows[0]) if rows else 0
    floats = np.full((len(rows), width), np.nan)
    printed = np.full((len(rows), width), np.nan)
    halves = np.zeros((len(rows), width))
    dimensions = np.zeros((len(rows), width), dtype=np.int64)
    signs = np.zeros((len(rows), width), dtype=np.int8)
    codes: dict[str, int] = {"": 0}
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            value = values.value(cell, k) if cell is not None else None
            if value is None or cell is None or cell.quantity is None:
                continue
            floats[r, k] = _float(value)
            printed[r, k] = float(cell.quantity.mantissa)
            half = _float(values.half(cell, k))
            # never below the exact half-unit: 万, 亿 and a unit's factor (公顷, 公里) scale it
            halves[r, k] = max(10.0**-cell.quantity.decimals, half) if cell is row[-1] else half
            dimensions[r, k] = codes.setdefault(values.dimension(cell, k), len(codes))
            signs[r, k] = (value > 0) - (value < 0)
    return Screen(floats, printed, halves, dimensions, signs)


def _float(value: Fraction) -> float:
    """*value* as a float, ±inf beyond the float range (a 310-digit cell): ``float()`` of
    such a Fraction raises where that of a Decimal gives inf."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def ratio_counts(screen: Screen, rate: int) -> Counts:
    """For every column pair (a, b): the rows near a/b×100 = *rate*, and the rows checked.

    A row is checked when it has all three values, a and b are of one dimension (or one
    has none), b > 0 and a ≥ 0. It is near when the rate as printed (the exact test's
    figure, whatever its column's unit) is within 1.5 units of the float ratio, or the
    floats cannot judge it (a ratio that overflows)."""
    import numpy as np

    values = screen.values
    width = values.shape[1]
    near = np.zeros((width, width), dtype=np.int64)
    checked = np.zeros((width, width), dtype=np.int64)
    step = max(SCREEN_CELLS // (width * width), 1)
    with np.errstate(all="ignore"):
        for lo in range(0, len(values), step):
            v = values[lo : lo + step]
            dims, signs = screen.dimensions[lo : lo + step], screen.signs[lo : lo + step]
            stated = screen.printed[lo : lo + step][:, rate, None, None]
            measured = (v * 100)[:, :, None] / v[:, None, :]
            one_dimension = (
                (dims[:, :, None] == dims[:, None, :])
                | (dims[:, :, None] == 0)
                | (dims[:, None, :] == 0)
            )
            present = ~np.isnan(v)
            judged = (
                (present & (signs >= 0))[:, :, None]
                & (present & (signs > 0))[:, None, :]
                & ~np.isnan(stated)
                & one_dimension
            )
            ok = ~np.isfinite(measured) | (np.abs(measured - stated) <= 1.5)
            checked += judged.sum(axis=0)
            near += (judged & ok).sum(axis=0)
    return near, checked


def sum_counts(screen: Screen, total: int, parts: list[tuple[int, ...]]) -> Counts:
    """For each tuple of part columns: the rows near their sum = *total*, and the rows checked.

    A row is checked when it has every value and its dimensions are at most one. It is
    near when the gap is within the sum of every cell's half-unit plus a millionth of the
    total, the floats added in the order of the exact test (the total's half-unit, then
    each part's)."""
    import numpy as np

    near = np.zeros(len(parts), dtype=np.int64)
    checked = np.zeros(len(parts), dtype=np.int64)
    columns = np.array(parts, dtype=np.intp)
    step = max(SCREEN_CELLS // columns.size, 1)
    with np.errstate(all="ignore"):
        for lo in range(0, len(screen.values), step):
            v, h = screen.values[lo : lo + step], screen.halves[lo : lo + step]
            items, item_halves = v[:, columns], h[:, columns]  # rows x tuples x parts
            whole = v[:, total, None]
            added, slack = items[:, :, 0], h[:, total, None] + item_halves[:, :, 0]
            for i in range(1, columns.shape[1]):
                added, slack = added + items[:, :, i], slack + item_halves[:, :, i]
            slack = slack + 1e-6 * np.abs(whole) + 1e-9
            gap = np.abs(whole - added)
            dims = screen.dimensions[lo : lo + step]
            codes = np.concatenate([dims[:, [total] * len(parts), None], dims[:, columns]], 2)
            highest = codes.max(axis=2)
            lowest = np.where(codes > 0, codes, highest[:, :, None]).min(axis=2)
            judged = ~np.isnan(whole) & ~np.isnan(items).any(axis=2) & (lowest == highest)
            checked += judged.sum(axis=0)
            near += (judged & (~np.isfinite(gap) | (gap <= slack))).sum(axis=0)
    return near, checked
