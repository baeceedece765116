"""The columnar core the rules read: claims by integer position, relations wide per kind.

Inside a :class:`~aircheck.rulebase.Context` a claim is named by its position in the
claims (an ``int``); its string id (``r12:rate``) is made only for display, for the
claims a finding or an output actually names. Relations whose members have fixed roles
(``ratio``: completed, planned, rate; ``part_whole``: whole, part; ``cumulative`` and
``target``: earlier, later) are also stored wide, as :class:`Roles`: one claim position
per relation and role. Relations are also stored long, as :class:`Members`: one entry
per member (a table's rows, being its ratios and shares, only wide). Both hold numpy
arrays, so that checking a report needs no pandas. A metric table is read straight into
this shape (its rows are the relations, nothing is pivoted); other claim sets are
converted once, by :func:`core_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .arrays import Groups
    from .claimset import ClaimSet

#: Kinds stored wide (one column per role); every other kind is stored long.
WIDE_KINDS = frozenset({"ratio", "part_whole", "cumulative", "target"})
LONG_COLUMNS = ("relation_id", "kind", "role", "claim_id", "order", "detail")


@dataclass(frozen=True, slots=True)
class Roles:
    """Relations of one kind with fixed roles, wide: one entry per relation in each array.

    ``members[role]`` holds the claim position of that role's member (-1: none), as int64;
    ``relation_ids`` names the relations (sorted), or is None for a table's rows, which
    are their relations. Rules read the arrays."""

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


@dataclass(frozen=True, slots=True)
class Members:
    """Relations of one kind stored long: one entry per member in each array, in the
    order read. ``claims`` holds claim positions (int64, -1: the member names no claim);
    relation ids, roles and details are objects. Rules gather members by relation with
    :meth:`groups`; :meth:`frame` gives the long frame (``LONG_COLUMNS``)."""

    kind: str
    relation_ids: np.ndarray
    roles: np.ndarray
    claims: np.ndarray
    order: np.ndarray
    details: np.ndarray

    def __len__(self) -> int:
        return len(self.claims)

    @classmethod
    def empty(cls, kind: str) -> Members:
        import numpy as np

        text = np.zeros(0, dtype=object)
        return cls(kind, text, text, np.zeros(0, dtype="int64"), np.zeros(0, "int64"), text)

    def take(self, rows: np.ndarray) -> Members:
        """The members at *rows* (a boolean mask or indexes), in that order."""
        return Members(
            self.kind,
            self.relation_ids[rows],
            self.roles[rows],
            self.claims[rows],
            self.order[rows],
            self.details[rows],
        )

    def role(self, name: str) -> Members:
        return self.take(self.roles == name)

    def first_details(self) -> dict[object, object]:
        """Each relation's detail, as its first member states it, by relation id."""
        details: dict[object, object] = {}
        for relation_id, detail in zip(self.relation_ids.tolist(), self.details.tolist()):
            details.setdefault(relation_id, detail)
        return details

    def groups(self) -> Groups:
        """The members by relation, relations sorted by id (``groupby(sort=True)``)."""
        from .arrays import Groups

        return Groups.by(self.relation_ids)

    def frame(self) -> pd.DataFrame:
        """As the long frame: ``claim_id`` a nullable ``Int64`` position."""
        import pandas as pd

        return pd.DataFrame(
            {
                "relation_id": self.relation_ids,
                "kind": self.kind,
                "role": self.roles,
                "claim_id": positions(self.claims),
                "order": self.order,
                "detail": self.details,
            },
            columns=list(LONG_COLUMNS),
        )


@dataclass(slots=True)
class Core:
    """Claims as columns (no string ids) and relations per kind, by claim position."""

    #: every claims column but ``claim_id``, as numpy arrays (text columns: objects)
    columns: dict[str, np.ndarray]
    #: makes the string claim ids, in claim order (called only when one is shown)
    make_names: Callable[[], np.ndarray]
    #: kind -> its relations wide, one entry per relation, positions per role
    wide: dict[str, Roles] = field(default_factory=dict)
    #: kind -> its relations long, one entry per member
    long: dict[str, Members] = field(default_factory=dict)
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
    """The core of a claim set read as frames (several inputs, packs applied, or built
    through the API: a figure whose value is not a number is refused there)."""
    claims = claimset.claims
    columns = {
        c: claims[c].to_numpy(dtype=object if _is_text(claims[c]) else None)
        for c in claims.columns
        if c != "claim_id"
    }
    _refuse_values_that_are_not_numbers(claims)
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

    from .arrays import isna

    first: dict[object, int] = {}
    for at, name in enumerate(names.tolist()):
        first.setdefault(name, at)
    found = np.array([first.get(n, -1) for n in relations["claim_id"].tolist()], dtype="int64")
    # a member without a relation id belongs to no relation (pandas' groupby drops it)
    kinds = relations["kind"].astype(object)  # a copy
    kinds[isna(relations["relation_id"])] = None
    wide, long = {}, {}
    for kind in dict.fromkeys(kinds.tolist()):
        if kind is None:
            continue
        rows = np.flatnonzero(kinds == kind)
        members = Members(
            str(kind),
            relations["relation_id"][rows],
            relations["role"][rows],
            found[rows],
            relations["order"][rows],
            relations["detail"][rows],
        )
        if str(kind) in WIDE_KINDS:
            wide[str(kind)] = _pivot(members.relation_ids, members.roles, members.claims)
        long[str(kind)] = members
    return Core(
        columns=columns,
        make_names=lambda: names,
        wide=wide,
        long=long,
        details=bool((relations["detail"] != "").any()),
    )


def _refuse_values_that_are_not_numbers(claims: pd.DataFrame) -> None:
    """A claim's value must be a number (a figure beyond float range is inf, and its text
    decides it exactly); NaN has no place in any comparison, and no reader makes one."""
    import numpy as np

    from .errors import AircheckError

    values = claims["value"].to_numpy(dtype="float64")
    bad = np.flatnonzero(np.isnan(values))
    if len(bad):
        first = claims.iloc[int(bad[0])]
        raise AircheckError(
            f"claim {first['claim_id']!r}: its value is not a number (text {first['text']!r})",
            zh=f"数字 {first['claim_id']!r} 的值不是数（文本 {first['text']!r}）",
            file=str(first["file"]),
            line=int(first["line"]) or None,
        )


def _is_text(column: pd.Series) -> bool:
    import pandas as pd

    return isinstance(column.dtype, pd.StringDtype) or column.dtype == object


def _pivot(relation_ids: np.ndarray, roles: np.ndarray, claims: np.ndarray) -> Roles:
    """Member rows of one kind (relation id, role, claim position; -1 for none) as one entry
    per relation (sorted by relation id) for each role (sorted), the first member of each;
    what ``pivot_table(aggfunc="first")`` gives, on integer codes."""
    import numpy as np

    from .arrays import factorize_sorted

    kept = claims >= 0
    if not kept.any():
        return Roles({})
    relation, distinct_ids = factorize_sorted(relation_ids[kept])
    role, distinct_roles = factorize_sorted(roles[kept])
    _, first = np.unique(relation * len(distinct_roles) + role, return_index=True)
    wide = np.full((len(distinct_ids), len(distinct_roles)), -1, dtype="int64")
    wide[relation[first], role[first]] = claims[kept][first]
    members = {str(name): wide[:, i].copy() for i, name in enumerate(distinct_roles)}
    return Roles(members, np.asarray(distinct_ids, dtype=object))


def positions(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Claim positions as a nullable ``Int64`` array; -1 marks no claim."""
    import pandas as pd

    return pd.arrays.IntegerArray(values.astype("int64"), values < 0)
