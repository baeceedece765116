"""Array helpers that keep per-element Python out of the hot paths of the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def factorize_sorted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=True)`` for an object array of strings, sorted in C.

    pandas sorts the distinct strings with Python comparisons (2.6 s for a million
    relation ids); numpy's StringDType sorts their UTF-8 bytes, which order as code
    points do, so the result is the same.
    """
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values)
    listed = uniques.tolist() if isinstance(uniques, np.ndarray) else list(uniques)
    if not hasattr(np, "dtypes") or not all(type(u) is str for u in listed):
        return pd.factorize(values, sort=True)  # type: ignore[return-value]
    try:
        text = np.array(listed, dtype=np.dtypes.StringDType())
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8: let pandas sort
        return pd.factorize(values, sort=True)  # type: ignore[return-value]
    order = np.argsort(text, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(uniques, dtype=object)[order]
