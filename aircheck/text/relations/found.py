"""Relations found so far, and the figure helpers every reader shares."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ...units import is_counter
from ..document import Paragraph, Placed
from ..scan import Figure


@dataclass(slots=True)
class Found:
    """Relations found so far, as rows for :func:`aircheck.claimset.relations_frame`."""

    rows: list[dict[str, object]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # claim ids already in a ratio/funnel
    count: int = 0
    #: relations found before claim ids exist (table cells): (kind, [(role, placed)])
    pending: list[tuple[str, list[tuple[str, Placed]]]] = field(default_factory=list)
    #: why a stated rate was left unchecked, by claim id (shown by ``--show-unchecked``)
    reasons: dict[str, str] = field(default_factory=dict)
    #: the sums added so far, by (total, every member sorted), with their relation ids:
    #: two readers finding one sum add it once (a 其中 list closed by 其他 that is also
    #: a distribution list gave its AC204 twice)
    sums: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)

    def resolve(self) -> None:
        """Add the pending relations now that every figure has its claim id."""
        for kind, members in self.pending:
            self.add(kind, [(role, placed.claim_id) for role, placed in members])
            self.used.update(placed.claim_id for _, placed in members)
        self.pending.clear()

    def add(self, kind: str, members: list[tuple[str, str]], detail: str = "") -> str:
        """Add one relation; *detail* is kept on its total, item or rate rows (the evidence).

        A sum already found (the same total and members) is not added again: its id is
        returned."""
        keys: list[tuple[str, tuple[str, ...]]] = []
        if kind == "sum":
            ids = tuple(sorted(claim_id for _, claim_id in members))
            keys = [(claim_id, ids) for role, claim_id in members if role == "total"]
            if keys and keys[0] in self.sums:
                return self.sums[keys[0]]
        self.count += 1
        relation_id = f"t{self.count}~{kind}"
        self.sums.update((key, relation_id) for key in keys)
        for order, (role, claim_id) in enumerate(members):
            self.rows.append(
                {
                    "relation_id": relation_id,
                    "kind": kind,
                    "role": role,
                    "claim_id": claim_id,
                    "order": order,
                    "detail": detail if role in ("total", "item", "rate") else "",
                }
            )
        return relation_id


def compatible(a: Figure, b: Figure) -> bool:
    """Same dimension; a magnitude without unit (约17.8亿) fits a money or other figure with one."""
    if a.percent or b.percent:
        return False
    if a.unit and b.unit:
        return a.dimension == b.dimension
    return (not a.unit and a.magnitude > 0 and b.magnitude > 0) or (
        not b.unit and b.magnitude > 0 and a.magnitude > 0
    )


def is_count(fig: Figure) -> bool:
    """A figure counted in items (件, 个, 户): exact, no rounding interval."""
    return bool(fig.unit) and _is_counter(fig.unit)


_is_counter = lru_cache(maxsize=1024)(is_counter)


def sentences(para: Paragraph) -> Iterator[list[Placed]]:
    by: dict[int, list[Placed]] = {}
    for placed in para.figures:
        by.setdefault(placed.sentence, []).append(placed)
    yield from by.values()


def own_words(placed: Placed) -> str:
    """The words of its clause after any earlier figure or list mark: 已完成1个(50%)、15个 → ""."""
    return _own_words(placed.clause_text)


@lru_cache(maxsize=1 << 14)
def _own_words(clause: str) -> str:
    return _OWN_WORDS_END.split(clause)[-1]


_OWN_WORDS_END = re.compile(r"[\d%)、]")
