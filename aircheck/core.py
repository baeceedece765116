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


@dataclass(frozen=True, slots=True)
class Roles:
    """Relations of one kind with fixed roles, wide: one entry per relation in each array.

    ``members[role]`` holds the claim position of that role's member (-1: none), as int64;
    ``relation_ids`` names the relations (sorted), or is None for a table's rows, which
    are their relations. Rules read the arrays; :meth:`frame` makes a frame of them."""

    members: dict[str, np.ndarray]
    relation_ids: np.ndarray | None = None

    def __post_init__(self) -> None:
        for values in self.members.values():  # the rules share them: read, never written
            values.flags.writeable = False

    def __len__(self) -> int:
        return len(next(iter(self.members.values()))) if self.members else 0

    def has(self, *roles: str) -> bool:
        """Whether any relation is stored and every one of *roles* is among the columns."""
        return len(self) > 0 and all(role in self.members for role in roles)

    def of(self, role: str) -> np.ndarray:
        """The positions of *role*'s members (-1 for none; all -1 if no relation has one)."""
        import numpy as np

        found = self.members.get(role)
        return found if found is not None else np.full(len(self), -1, dtype="int64")

    def ids(self) -> np.ndarray:
        """The relation ids (a table's row numbers from 0 when it has none)."""
        import numpy as np

        return self.relation_ids if self.relation_ids is not None else np.arange(len(self))

    def frame(self) -> pd.DataFrame:
        """As a frame: a nullable ``Int64`` column of positions per role, by relation id."""
        import pandas as pd

        index = None
        if self.relation_ids is not None:
            index = pd.Index(self.relation_ids, dtype=object, name="relation_id")
        return pd.DataFrame({r: positions(v) for r, v in self.members.items()}, index=index)


@dataclass(slots=True)
class Core:
    """Claims as columns (no string ids) and relations per kind, by claim position."""

    #: every claims column but ``claim_id``, as numpy arrays (text columns: objects)
    columns: dict[str, np.ndarray]
    #: makes the string claim ids, in claim order (called only when one is shown)
    make_names: Callable[[], np.ndarray]
    #: kind -> its relations wide, one entry per relation, positions per role
    wide: dict[str, Roles] = field(default_factory=dict)
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
    """The core of a claim set read as frames (several inputs, packs applied)."""
    claims = claimset.claims
    columns = {
        c: claims[c].to_numpy(dtype=object if _is_text(claims[c]) else None)
        for c in claims.columns
        if c != "claim_id"
    }
    rel = claimset.relations
    relations = {c: rel[c].to_numpy(dtype=object) for c in LONG_COLUMNS if c != "order"}
    relations["order"] = rel["order"].to_numpy()
    return core_from_columns(columns, claims["claim_id"].to_numpy(dtype=object), relations)


def core_from_columns(
    columns: dict[str, np.ndarray], names: np.ndarray, relations: dict[str, np.ndarray]
) -> Core:
    """The core of claims given as columns (all but ``claim_id``, whose values are *names*)
    and relations as the :data:`LONG_COLUMNS`, members named by string claim id.

    The text reader builds its core here from what it read, with no frame of claims in
    between; :func:`core_of` from frames. A duplicated id names its first claim; an id
    naming no claim is a missing member."""
    import numpy as np
    import pandas as pd

    first: dict[object, int] = {}
    for at, name in enumerate(names.tolist()):
        first.setdefault(name, at)
    found = np.array([first.get(n, -1) for n in relations["claim_id"].tolist()], dtype="int64")
    kinds = relations["kind"]
    wide, long = {}, {}
    for kind in pd.unique(kinds):
        rows = np.flatnonzero(kinds == kind)
        members = {c: relations[c][rows] for c in LONG_COLUMNS if c != "claim_id"}
        if str(kind) in WIDE_KINDS:
            wide[str(kind)] = _pivot(members["relation_id"], members["role"], found[rows])
        long[str(kind)] = pd.DataFrame(
            {
                "relation_id": members["relation_id"],
                "kind": members["kind"],
                "role": members["role"],
                "claim_id": positions(found[rows]),
                "order": members["order"],
                "detail": members["detail"],
            }
        )
    return Core(
        columns=columns,
        make_names=lambda: names,
        wide=wide,
        long=long,
        details=bool((relations["detail"] != "").any()),
    )


def _is_text(column: pd.Series) -> bool:
    import pandas as pd

    return isinstance(column.dtype, pd.StringDtype) or column.dtype == object


def _pivot(relation_ids: np.ndarray, roles: np.ndarray, claims: np.ndarray) -> Roles:
    """Member rows of one kind (relation id, role, claim position; -1 for none) as one entry
    per relation (sorted by relation id) for each role (sorted), the first member of each;
    what ``pivot_table(aggfunc="first")`` gives, on integer codes."""
    import numpy as np
    import pandas as pd

    from .arrays import factorize_sorted

    kept = claims >= 0
    if not kept.any():
        return Roles({})
    relation, distinct_ids = factorize_sorted(relation_ids[kept])
    role, distinct_roles = pd.factorize(roles[kept], sort=True)
    _, first = np.unique(relation * len(distinct_roles) + role, return_index=True)
    wide = np.full((len(distinct_ids), len(distinct_roles)), -1, dtype="int64")
    wide[relation[first], role[first]] = claims[kept][first]
    members = {str(name): wide[:, i].copy() for i, name in enumerate(distinct_roles)}
    return Roles(members, np.asarray(distinct_ids, dtype=object))


def positions(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Claim positions as a nullable ``Int64`` array; -1 marks no claim."""
    import pandas as pd

    return pd.arrays.IntegerArray(values.astype("int64"), values < 0)
