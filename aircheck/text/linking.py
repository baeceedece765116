"""Link the same figure stated in two sections (or headline and body) as ``same`` relations.

Figures are linked by what they are about (subject words, after a small synonyms
list from ``schemas/synonyms.yaml``), never by equal values: a figure changed in
one place must still be caught.
"""

from __future__ import annotations

from functools import cache

from .document import Placed
from .relations import Found, dimension

#: Minimum Dice similarity of two subjects' character pairs.
MIN_OVERLAP = 0.55
_NOISE = "市县省区局委办的了和及与已完成目前累计计划新增共约为达到截止至今年全年度"


@cache
def synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(canonical, variants) groups from ``schemas/synonyms.yaml``."""
    import yaml

    from ..schema_files import schema_text

    data = yaml.safe_load(schema_text("synonyms")) or {}
    groups = []
    for group in data.get("groups", []):
        words = tuple(str(w) for w in group)
        if words:
            groups.append((words[0], tuple(sorted(words, key=len, reverse=True))))
    return tuple(groups)


def canonical(subject: str) -> str:
    for head, variants in synonyms():
        for word in variants:
            subject = subject.replace(word, head)
    return subject


def _pairs(text: str) -> set[str]:
    text = "".join(ch for ch in canonical(text) if ch not in _NOISE and not ch.isdigit())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _overlap(a: str, b: str) -> float:
    """Dice coefficient of two subjects' character pairs."""
    return _dice(_pairs(a), _pairs(b))


def _dice(pa: set[str], pb: set[str]) -> float:
    """Dice coefficient of character pairs, 0 when either subject is too short to judge."""
    if len(pa) < 2 or len(pb) < 2:
        return 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def _role(placed: Placed) -> str:
    if placed.figure.percent:
        return "rate"
    if placed.field == "planned" or (not placed.field and placed.plan_cued):
        return "planned"
    return "completed"


def _top(section: str) -> str:
    return section.split("（", 1)[0] if section else ""


def link(figures: list[Placed], found: Found) -> None:
    """Emit a ``same`` relation for each unambiguous match across sections.

    Two figures are the same quantity when their subjects agree (Dice ≥
    :data:`MIN_OVERLAP`), they measure the same dimension in the same role, they
    sit in different top-level sections (or one is the headline), at least one of
    them is stated on its own (two full triples with one subject in two sections are
    two scopes, such as 城区 and 郊县), and each is the other's only candidate.
    """
    related = {str(row["claim_id"]) for row in found.rows} | found.used
    candidates = [f for f in figures if f.subject and not f.figure.lower_bound and f.claim_id]
    by_id = {f.claim_id: f for f in candidates}
    buckets: dict[tuple[str, bool, str], list[Placed]] = {}
    for f in candidates:
        buckets.setdefault((dimension(f.figure), f.figure.percent, _role(f)), []).append(f)
    pairs_of = {f.claim_id: _pairs(f.subject) for f in candidates}
    matches: dict[str, list[str]] = {}
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if a.section == b.section or (
                    _top(a.section) == _top(b.section) and "标题" not in (a.section, b.section)
                ):
                    continue
                if a.claim_id in related and b.claim_id in related:
                    continue
                if _dice(pairs_of[a.claim_id], pairs_of[b.claim_id]) < MIN_OVERLAP:
                    continue
                matches.setdefault(a.claim_id, []).append(b.claim_id)
                matches.setdefault(b.claim_id, []).append(a.claim_id)
    done: set[frozenset[str]] = set()
    for a_id, partners in matches.items():
        if len(partners) != 1 or len(matches.get(partners[0], [])) != 1:
            continue  # ambiguous: abstain
        pair = frozenset((a_id, partners[0]))
        if pair in done:
            continue
        done.add(pair)
        first, second = sorted(pair, key=lambda c: (by_id[c].paragraph, by_id[c].figure.start))
        found.add("same", [("member", first), ("member", second)])
