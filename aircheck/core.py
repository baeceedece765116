"""The columnar core the rules read: claims by integer position, relations wide per kind.

Inside a :class:`~aircheck.rulebase.Context` a claim is named by its position in the
claims (an ``int``); its string id (``r12:rate``) is made only for display, for the
claims a finding or an output actually names. Relations whose members have fixed roles
(``ratio``: completed, planned, rate; ``part_whole``: whole, part; ``cumulative`` and
``target``: earlier, later) are frames with one row per relation and one nullable
``Int64`` column of claim positions per role; the others (``same``, ``sum``, ``count``,
``funnel``, ``expression``…) stay long, one row per member, with the position in
``claim_id``. A metric table is read straight into this shape (its rows are the
relations, nothing is pivoted); other claim sets are converted once, by :func:`core_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .claimset import ClaimSet

#: Kinds stored wide (one column per role); every other kind is stored long.
WIDE_KINDS = frozenset({"ratio", "part_whole", "cumulative", "target"})
LONG_COLUMNS = ("relation_id", "kind", "role", "claim_id", "order", "detail")


@dataclass(slots=True)
class Core:
    """Claims as columns (no string ids) and relations per kind, by claim position."""

    #: every claims column but ``claim_id``, as numpy arrays (text columns: objects)
    columns: dict[str, np.ndarray]
    #: makes the string claim ids, in claim order (called only when one is shown)
    make_names: Callable[[], np.ndarray]
    #: kind -> one row per relation, an ``Int64`` column of positions per role
    wide: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: kind -> one row per member: LONG_COLUMNS, ``claim_id`` an ``Int64`` position
    long: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: whether any relation carries a ``detail`` (text evidence; a table has none)
    details: bool = False
    _names: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.columns["line"])

    def names(self) -> np.ndarray:
        """The string id of every claim (made once, on first use)."""
        if self._names is None:
            self._names = self.make_names()
        return self._names


def core_of(claimset: ClaimSet) -> Core:
    """The core of a claim set read as frames (text, several inputs, packs applied)."""
    import numpy as np
    import pandas as pd

    claims = claimset.claims
    columns = {
        c: claims[c].to_numpy(dtype=object if _is_text(claims[c]) else None)
        for c in claims.columns
        if c != "claim_id"
    }
    names = claims["claim_id"].to_numpy(dtype=object)
    index = pd.Index(names)
    first = ~index.duplicated(keep="first")  # a duplicated id names its first claim
    lookup = pd.Index(names[first])
    at = np.flatnonzero(first)
    rel = claimset.relations
    found = lookup.get_indexer(rel["claim_id"].to_numpy(dtype=object))
    positions = pd.array(np.where(found >= 0, at[np.maximum(found, 0)], 0), dtype="Int64")
    positions[found < 0] = pd.NA
    relations = pd.DataFrame(
        {c: rel[c].to_numpy(dtype=object) for c in LONG_COLUMNS if c != "claim_id"}
    )
    relations.insert(3, "claim_id", positions)
    relations["order"] = rel["order"].to_numpy()
    kinds = relations["kind"].to_numpy(dtype=object)
    wide, long = {}, {}
    for kind in pd.unique(kinds):
        rows = relations[kinds == kind].reset_index(drop=True)
        if kind in WIDE_KINDS:
            wide[str(kind)] = _pivot(rows)
        long[str(kind)] = rows
    detail = relations["detail"].to_numpy(dtype=object)
    return Core(
        columns=columns,
        make_names=lambda: names,
        wide=wide,
        long=long,
        details=bool((detail != "").any()),
    )


def _is_text(column: pd.Series) -> bool:
    import pandas as pd

    return isinstance(column.dtype, pd.StringDtype) or column.dtype == object


def _pivot(rows: pd.DataFrame) -> pd.DataFrame:
    """Long member rows of one kind as one row per relation (sorted by relation id), one
    column per role (sorted), the first member of each; what ``pivot_table(aggfunc=
    "first")`` gives, on integer codes."""
    import numpy as np
    import pandas as pd

    from .arrays import factorize_sorted

    claim = rows["claim_id"].to_numpy(dtype="int64", na_value=-1)
    kept = claim >= 0
    if not kept.any():
        return pd.DataFrame()
    relation, relation_ids = factorize_sorted(rows["relation_id"].to_numpy(dtype=object)[kept])
    role, roles = pd.factorize(rows["role"].to_numpy(dtype=object)[kept], sort=True)
    _, first = np.unique(relation * len(roles) + role, return_index=True)
    wide = np.full((len(relation_ids), len(roles)), -1, dtype="int64")
    wide[relation[first], role[first]] = claim[kept][first]
    index = pd.Index(relation_ids, name="relation_id")
    return pd.DataFrame(
        {str(name): positions(wide[:, i]) for i, name in enumerate(roles)}, index=index
    )


def positions(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Claim positions as a nullable ``Int64`` array; -1 marks no claim."""
    import pandas as pd

    return pd.arrays.IntegerArray(values.astype("int64"), values < 0)
