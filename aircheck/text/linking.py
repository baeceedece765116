"""Link the same figure stated in two sections (or headline and body) as ``same`` relations.

Figures are linked by what they are about (subject words, after a small synonyms
list from ``schemas/synonyms.yaml``), never by equal values: a figure changed in
one place must still be caught.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from .document import Placed
from .relations import Found

#: Minimum Dice similarity of two subjects' character pairs.
MIN_OVERLAP = 0.55
_MIN_DICE_NUM, _MIN_DICE_DEN = 11, 20  # MIN_OVERLAP as a fraction, for the prefix filter
_NOISE = "市县省区局委办的了和及与已完成目前累计计划新增共约为达到截止至今年全年度"
#: Words of comparison that name no quantity: two "同比提高 3.2 个百分点" in different
#: sections are about different things, so these never make two subjects alike.
_CHANGE_WORDS = re.compile(
    r"同比|环比|比上年|较上年|比去年|较去年|比上月|较上月|分别|"
    r"提高|提升|下降|降低|增长|增加|减少|上升|回落|超过?|低于|高于"
)


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


def _pieces(text: str) -> list[str]:
    """The subject's words that can name a quantity: synonyms folded, noise removed."""
    return [
        "".join(ch for ch in piece if ch not in _NOISE and not ch.isdigit())
        for piece in _CHANGE_WORDS.split(canonical(text))
    ]


@lru_cache(maxsize=1 << 14)
def _pairs(text: str) -> frozenset[str]:
    """The subject's character pairs (cached: reports restate their subjects)."""
    pairs: set[str] = set()
    for piece in _pieces(text):
        pairs.update(piece[i : i + 2] for i in range(len(piece) - 1))
    return frozenset(pairs)


def _contrast(a: str, b: str) -> bool:
    """True when two subjects differ only by a short swap: 污水管网 and 雨水管网, 城区 and 郊县.

    Such subjects share most of their character pairs but name parallel things; a
    restatement adds or drops words (矿山修复治理 / 矿山累计治理面积), it does not swap them.
    """
    x, y = "".join(_pieces(a)), "".join(_pieces(b))
    start = 0
    while start < min(len(x), len(y)) and x[start] == y[start]:
        start += 1
    end = 0
    while end < min(len(x), len(y)) - start and x[-1 - end] == y[-1 - end]:
        end += 1
    middle_x, middle_y = x[start : len(x) - end], y[start : len(y) - end]
    return 0 < len(middle_x) <= 2 and 0 < len(middle_y) <= 2


#: A place or body that scopes a figure: 甲县完成造林 is a part of 完成造林, not the same figure.
_SCOPE = re.compile(
    r"(?<![全我本各])(?![全我本各])[\u4e00-\u9fff]{1,3}?(?:市|州|县|区|镇|乡|街道|公司|集团)"
)


def _scopes(subject: str) -> frozenset[str]:
    return frozenset(_SCOPE.findall(subject))


def alike(a: Placed, b: Placed, pairs_of: dict[str, frozenset[str]]) -> bool:
    """Two figures' subjects name the same thing (see :func:`link`)."""
    if _dice(pairs_of[a.claim_id], pairs_of[b.claim_id]) < MIN_OVERLAP:
        return False
    if _contrast(a.subject, b.subject):
        return False
    return _scopes(f"{a.headings}|{a.subject}") == _scopes(f"{b.headings}|{b.subject}")


def _dice(pa: frozenset[str], pb: frozenset[str]) -> float:
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


def _comparable(a: Placed, b: Placed, related: set[str]) -> bool:
    """Different top-level sections (or one is the headline), not both already related."""
    if a.section == b.section or (
        _top(a.section) == _top(b.section) and "标题" not in (a.section, b.section)
    ):
        return False
    return not (a.claim_id in related and b.claim_id in related)


def _matches(
    bucket: list[Placed], pairs_of: dict[str, frozenset[str]], related: set[str]
) -> dict[str, list[str]]:
    """Each figure's partners in *bucket*, at most two (two already make it ambiguous).

    Prefix filtering keeps this near linear: character pairs are ordered rarest first,
    and two subjects can reach the Dice threshold only if the first
    ``len - min_overlap + 1`` pairs of each share one, where ``min_overlap`` is the
    least overlap any partner needs (``t·n / (2 - t)`` for threshold ``t``). So each
    figure is compared only with figures sharing a rare pair, never with all of them.
    """
    frequency = Counter(pair for f in bucket for pair in pairs_of[f.claim_id])
    # each pair's place rarest first (ties by the pair): one sort of the distinct pairs
    rank = {pair: n for n, pair in enumerate(sorted(frequency, key=lambda p: (frequency[p], p)))}
    tops = [_top(f.section) for f in bucket]
    # pair → (top-level section, already related) → figures: a figure never looks at its
    # own section's lists, nor, when it is related itself, at related figures' lists
    index: dict[str, dict[tuple[str, bool], list[int]]] = {}
    prefixes: list[list[str]] = []
    for i, figure in enumerate(bucket):
        ordered = sorted(pairs_of[figure.claim_id], key=rank.__getitem__)
        if len(ordered) < 2:  # too short to judge: Dice is 0
            prefixes.append([])
            continue
        least = max(1, (_MIN_DICE_NUM * len(ordered)) // (2 * _MIN_DICE_DEN - _MIN_DICE_NUM))
        prefix = ordered[: len(ordered) - least + 1]
        prefixes.append(prefix)
        for pair in prefix:
            key = (tops[i], figure.claim_id in related)
            index.setdefault(pair, {}).setdefault(key, []).append(i)
    matches: dict[str, list[str]] = {}
    for i, a in enumerate(bucket):
        partners = _partners(i, bucket, prefixes[i], index, tops, pairs_of, related)
        if partners:
            matches[a.claim_id] = partners
    return matches


def _partners(
    i: int,
    bucket: list[Placed],
    prefix: list[str],
    index: dict[str, dict[tuple[str, bool], list[int]]],
    tops: list[str],
    pairs_of: dict[str, frozenset[str]],
    related: set[str],
) -> list[str]:
    """Up to two figures of other sections whose subjects match figure *i*'s."""
    a = bucket[i]
    a_related = a.claim_id in related
    seen = {i}
    partners: list[str] = []
    for pair in prefix:
        for (top, b_related), members in index[pair].items():
            if top == tops[i] or (a_related and b_related):  # see _comparable
                continue
            for j in members:
                if j in seen:
                    continue
                seen.add(j)
                b = bucket[j]
                if not _comparable(a, b, related):
                    continue
                if alike(a, b, pairs_of):
                    partners.append(b.claim_id)
                    if len(partners) == 2:
                        return partners
    return partners


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
        buckets.setdefault((f.figure.dimension, f.figure.percent, _role(f)), []).append(f)
    pairs_of = {f.claim_id: _pairs(f.subject) for f in candidates}
    matches: dict[str, list[str]] = {}
    for bucket in buckets.values():
        matches.update(_matches(bucket, pairs_of, related))
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
