"""Array helpers that keep per-element Python out of the hot paths of the rules.

They work on numpy alone, so that checking a report needs no pandas: where pandas is
already imported (a table was read) its hash tables do the same work faster on long
arrays, with the same result.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)``: codes (intp; -1 for NA) and the distinct values (an
    object array) in the order they first appear."""
    import numpy as np

    pd = _pandas()
    if pd is not None:
        codes, uniques = pd.factorize(values)
        return codes, np.asarray(uniques, dtype=object)
    index: dict[Any, int] = {}
    listed = values.tolist()
    codes = np.fromiter(
        (-1 if _missing(v) else index.setdefault(v, len(index)) for v in listed),
        np.intp,
        len(listed),
    )
    uniques = np.empty(len(index), dtype=object)
    uniques[:] = list(index)
    return codes, uniques


def isna(values: np.ndarray) -> np.ndarray:
    """``pd.isna`` of a one-dimensional array: None and NaN (and pandas' NA) are missing."""
    import numpy as np

    pd = _pandas()
    if pd is not None:
        return np.asarray(pd.isna(values), dtype=bool)
    if values.dtype.kind == "f":
        return np.isnan(values)
    if values.dtype != object:
        return np.zeros(len(values), dtype=bool)
    return np.fromiter((_missing(v) for v in values.tolist()), bool, len(values))


def _pandas() -> Any:
    """pandas if a table or a pack already imported it, else None (then numpy alone)."""
    return sys.modules.get("pandas")


def _missing(value: Any) -> bool:
    """None or NaN (pandas' NA cannot occur without pandas imported)."""
    return value is None or (isinstance(value, float) and value != value)


def factorize_sorted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=True)`` for an object array of strings, sorted in C.

    pandas sorts the distinct strings with Python comparisons (2.6 s for a million
    relation ids); numpy's StringDType sorts their UTF-8 bytes, which order as code
    points do, so the result is the same.
    """
    import numpy as np

    codes, uniques = factorize(values)
    listed = uniques.tolist()
    strings = all(type(u) is str for u in listed)
    pd = _pandas()
    if pd is not None and not strings:  # mixed keys (an API frame): pandas' own order
        sorted_codes, sorted_uniques = pd.factorize(values, sort=True)
        return sorted_codes, np.asarray(sorted_uniques, dtype=object)
    order = None
    if strings and hasattr(np, "dtypes"):
        with suppress(UnicodeEncodeError):  # a lone surrogate has no UTF-8: sort in Python
            order = np.argsort(np.array(listed, dtype=np.dtypes.StringDType()), kind="stable")
    if order is None:
        order = np.array(_sorted_positions(listed), dtype=np.intp)
    rank = np.empty(len(order) + 1, dtype=np.intp)
    rank[order] = np.arange(len(order))
    rank[-1] = -1  # NA keeps its code
    return rank[codes], uniques[order]


def _sorted_positions(listed: list[Any]) -> list[int]:
    """Positions of distinct values in their order, or, where they cannot be compared
    (numbers and strings), numbers first, then strings, as pandas sorts mixed values."""
    positions = range(len(listed))
    try:
        return sorted(positions, key=listed.__getitem__)
    except TypeError:
        return sorted(positions, key=lambda i: (isinstance(listed[i], str), listed[i]))


@dataclass(frozen=True, slots=True)
class Groups:
    """Elements gathered by a key, keys sorted: group *g* holds the elements
    ``rows[starts[g]:starts[g + 1]]``, in their original order (a stable
    ``groupby(sort=True)`` on integer codes). Every group has at least one element, so
    the reductions below are ``reduceat`` over ``starts[:-1]``."""

    keys: np.ndarray  # the distinct keys, sorted
    of: np.ndarray  # per element, the index of its group
    rows: np.ndarray  # element indexes, group by group
    starts: np.ndarray  # len(keys) + 1 boundaries into rows

    @classmethod
    def by(cls, keys: np.ndarray) -> Groups:
        import numpy as np

        of, distinct = factorize_sorted(keys)
        if (of < 0).any():
            raise ValueError("a key is missing (None or NaN): it names no group")
        rows = np.argsort(of, kind="stable")
        sizes = np.bincount(of, minlength=len(distinct))
        starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.intp)
        return cls(distinct, of, rows, starts)

    def __len__(self) -> int:
        return len(self.keys)

    def members(self, group: int) -> np.ndarray:
        """The element indexes of one group, in their original order."""
        return self.rows[self.starts[group] : self.starts[group + 1]]

    def sizes(self) -> np.ndarray:
        import numpy as np

        return np.diff(self.starts)

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per group, the sum of *values* (NaN counted as 0, as pandas does)."""
        import numpy as np

        values = np.asarray(values, dtype="float64")
        return self._reduce(np.add, np.where(np.isnan(values), 0.0, values))

    def max(self, values: np.ndarray) -> np.ndarray:
        """Per group, the largest of *values* (NaN skipped, as pandas does)."""
        import numpy as np

        return self._reduce(np.fmax, np.asarray(values, dtype="float64"))

    def min(self, values: np.ndarray) -> np.ndarray:
        import numpy as np

        return self._reduce(np.fmin, np.asarray(values, dtype="float64"))

    def any(self, flags: np.ndarray) -> np.ndarray:
        return self.count(flags) > 0

    def count(self, flags: np.ndarray) -> np.ndarray:
        """Per group, how many elements are flagged."""
        import numpy as np

        return np.bincount(self.of[np.asarray(flags, dtype=bool)], minlength=len(self))

    def nunique(self, values: np.ndarray) -> np.ndarray:
        """Per group, how many distinct *values* (hashable, no NA) its elements hold."""
        import numpy as np

        codes, distinct = factorize(np.asarray(values, dtype=object))
        pairs = np.unique(self.of.astype("int64") * max(len(distinct), 1) + codes)
        return np.bincount(pairs // max(len(distinct), 1), minlength=len(self))

    def _reduce(self, ufunc: Any, values: np.ndarray) -> np.ndarray:
        import numpy as np

        if not len(self):
            return np.zeros(0, dtype="float64")
        # beyond float range a sum is inf or NaN: the rules decide those cases exactly
        with np.errstate(over="ignore", invalid="ignore"):
            return ufunc.reduceat(values[self.rows], self.starts[:-1])
