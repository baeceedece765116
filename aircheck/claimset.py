"""Claims and relations: the one shape every reader produces and every rule reads.

A *claim* is one stated figure (its exact text, value, precision, unit, qualifier
and place); a *relation* says how claims must relate (ratio, part_whole, funnel,
sum, same, count), shared long: one row per (relation, role, claim), string ids.
Packs and period links work on those frames; a metric table (:mod:`aircheck.table_claims`)
and a report (:func:`from_records`) are read straight into the columnar core and make
them only on demand. All end in a :class:`~aircheck.core.Core` that the rules read, so
they never care where a figure came from.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from .model import Finding

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .core import Core
    from .tables import Table

CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "str",
    "file": "str",
    "line": "int64",
    "column": "int64",
    "end_column": "int64",
    "section": "str",
    "subject": "str",
    "field": "str",
    "raw": "str",
    "text": "str",
    "value": "float64",
    "decimals": "int64",
    "magnitude": "int64",
    "ulp": "float64",
    "percent": "bool",
    "unit": "str",
    "qualifier": "str",
    "key": "str",
}
RELATION_COLUMNS: dict[str, str] = {
    "relation_id": "str",
    "kind": "str",
    "role": "str",
    "claim_id": "str",
    "order": "int64",
    "detail": "str",
}


class ClaimSet:
    """Everything read from one or more inputs, ready for the rules.

    ``claims`` and ``relations`` are the frames every pack and period link shares
    (string claim ids, relations long). A metric table or a report is read into its
    :class:`~aircheck.core.Core` instead, and those frames are made only if something
    asks for them (a pack, a second input, the HTML review).
    """

    __slots__ = (
        "_claims",
        "_frames",
        "_relations",
        "core",
        "files",
        "findings",
        "pages",
        "reasons",
        "records",
        "unchecked_rows",
    )

    def __init__(
        self,
        claims: pd.DataFrame | None = None,
        relations: pd.DataFrame | None = None,
        files: list[str] | None = None,
        findings: list[Finding] | None = None,
        unchecked_rows: int = 0,
        pages: dict[str, tuple[int, ...]] | None = None,
        reasons: dict[str, str] | None = None,
        *,
        core: Core | None = None,
        frames: Callable[[], tuple[pd.DataFrame, pd.DataFrame]] | None = None,
        records: tuple[list[tuple[Any, ...]], list[dict[str, Any]]] | None = None,
    ) -> None:
        self._claims = claims
        self._relations = relations
        self.core = core
        self._frames = frames
        self.files = files or []
        self.findings = findings if findings is not None else []
        self.unchecked_rows = unchecked_rows
        #: for a PDF, the page of each line (line n is ``pages[file][n - 1]``)
        self.pages = pages or {}
        #: why a figure was left unchecked, by claim id (English and Chinese, see i18n.bilingual)
        self.reasons = reasons or {}
        #: the claims (tuples in column order) and relations (dicts) a report was read as,
        #: which packs are applied to without frames (None: read from frames)
        self.records = records

    @property
    def claims(self) -> pd.DataFrame:
        return self._made()[0]

    @property
    def relations(self) -> pd.DataFrame:
        return self._made()[1]

    def _made(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Both frames, made together on first use (from the core, or empty)."""
        if self._claims is None or self._relations is None:
            make = self._frames or (lambda: (claims_frame([]), relations_frame([])))
            self._claims, self._relations = make()
        return self._claims, self._relations

    @classmethod
    def empty(cls) -> ClaimSet:
        return cls(claims_frame([]), relations_frame([]), [])


def claims_frame(records: list[dict[str, Any]] | list[tuple[Any, ...]]) -> pd.DataFrame:
    """Build a claims table in the canonical column order and dtypes (from dicts, or from
    tuples in that order)."""
    import pandas as pd

    if not records:
        return _empty(CLAIM_COLUMNS).copy()
    frame = pd.DataFrame(records, columns=list(CLAIM_COLUMNS))
    return _as(frame, CLAIM_COLUMNS)


def relations_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    if not records:
        return _empty(RELATION_COLUMNS).copy()
    frame = pd.DataFrame(records, columns=list(RELATION_COLUMNS))
    return _as(frame, RELATION_COLUMNS)


def from_records(
    claims: list[tuple[Any, ...]], relations: list[dict[str, Any]], **fields: Any
) -> ClaimSet:
    """A claim set of claims read as tuples in :data:`CLAIM_COLUMNS` order and relations
    as records (the text reader's output): its core is made from them directly, the
    frames only if something asks for them."""
    import numpy as np

    from .core import core_from_columns

    def array(values: Any, dtype: str) -> np.ndarray:
        return np.array(values, dtype=object if dtype == "str" else dtype)

    by_column = list(zip(*claims)) or [()] * len(CLAIM_COLUMNS)
    columns = {c: array(v, t) for (c, t), v in zip(CLAIM_COLUMNS.items(), by_column)}
    names = columns.pop("claim_id")
    members = {c: array([r[c] for r in relations], t) for c, t in RELATION_COLUMNS.items()}
    core = core_from_columns(columns, names, members)
    return ClaimSet(
        core=core,
        frames=lambda: (claims_frame(claims), relations_frame(relations)),
        records=(claims, relations),
        **fields,
    )


def _as(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """*frame* with *dtypes*, converting only the columns read as another dtype: a column
    already of its dtype would come back as an equal copy (what ``astype`` does then), and
    converting every column cost a small report more than building the frame."""
    from pandas.api.types import pandas_dtype

    differ = {c: t for c, t in dtypes.items() if frame[c].dtype != pandas_dtype(t)}
    return frame.astype(differ) if differ else frame


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    """The empty frame of *columns*, made once: a pack or a reader asks for one per check,
    and a copy costs a tenth of building and converting a new one."""
    return _empty_of(tuple(columns.items()))


@cache
def _empty_of(columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=[name for name, _ in columns]).astype(dict(columns))


def concat(sets: list[ClaimSet]) -> ClaimSet:
    """Join claim sets read from several inputs (ids must already be unique)."""
    if not sets:
        return ClaimSet.empty()
    if len(sets) == 1:
        return sets[0]
    import pandas as pd

    claims = pd.concat(
        [s.claims.assign(claim_id=f"f{i}:" + s.claims["claim_id"]) for i, s in enumerate(sets)],
        ignore_index=True,
    )
    relations = pd.concat(
        [
            s.relations.assign(
                claim_id=s.relations["claim_id"].where(
                    s.relations["claim_id"] == "", f"f{i}:" + s.relations["claim_id"]
                ),
                relation_id=f"f{i}:" + s.relations["relation_id"],
            )
            for i, s in enumerate(sets)
        ],
        ignore_index=True,
    )
    return ClaimSet(
        claims=claims.astype(CLAIM_COLUMNS),
        relations=relations.astype(RELATION_COLUMNS),
        files=[f for s in sets for f in s.files],
        findings=[f for s in sets for f in s.findings],
        unchecked_rows=sum(s.unchecked_rows for s in sets),
        pages={file: pages for s in sets for file, pages in s.pages.items()},
        reasons={f"f{i}:{k}": v for i, s in enumerate(sets) for k, v in s.reasons.items()},
    )


def from_table(table: Table) -> ClaimSet:
    """A metric table's claims and implied relations, read into the columnar core
    (:mod:`aircheck.table_claims`)."""
    from .table_claims import from_table as read

    return read(table)
