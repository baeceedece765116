"""Sums the text states: breakdowns, 其中 blocks, distribution lists, totals after a list."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right

from ...units import comparable, lookup
from ..document import Paragraph, Placed
from ..vocabulary import (
    CLASS_BOUND,
    COMPLETION,
    CONVERSION,
    NOT_A_RATE,
    REST,
    TOTAL_WORDS,
)
from .found import Found

_PART_ITEM = re.compile(r"^[^\d,，、()]{1,12}$")
_AMONG_THEM = re.compile(r"其中[:,，]?")
#: Between a whole and the first item of its breakdown: ，其中：城区
_BREAKDOWN_LEAD = re.compile(r"^[,，:：]?其中[,，:：]?[^,，;。\d]{0,12}$")


def read_breakdowns(paragraphs: list[Paragraph], found: Found) -> None:
    """Parenthesised breakdowns: 540公里(雨城区70公里,名山区32公里,…) — parts sum to the total."""
    for para in paragraphs:
        text = para.text.text
        figures = para.figures
        for i, total in enumerate(figures):
            fig = total.figure
            if fig.percent or not text.startswith("(", fig.end):
                continue
            close = text.find(")", fig.end)
            if close < 0:
                continue
            inside = [p for p in figures[i + 1 :] if p.figure.start < close]
            if len(inside) < 2:
                continue
            pieces = re.split(r"[,，、;]", text[fig.end + 1 : close])
            if len(pieces) != len(inside):
                continue
            ok = all(
                p.unit == fig.unit
                and p.figure.magnitude == fig.magnitude
                and _piece_fits(text, piece.strip(), p)
                for p, piece in zip(inside, pieces)
            )
            if ok:
                found.add(
                    "sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in inside]
                )


def _piece_fits(text: str, piece: str, placed: Placed) -> bool:
    figure_text = text[placed.figure.start : placed.figure.end]
    if not piece.endswith(figure_text):
        return False
    name = piece[: -len(figure_text)].removesuffix(placed.figure.qualifier)
    return bool(_PART_ITEM.match(name))


def read_breakdown_blocks(paragraphs: list[Paragraph], found: Found) -> None:
    """其中 blocks of parallel parts: "完成投资96.4亿元。其中续建…47.7亿元；投产…16.1亿元；…".

    A block is a sentence opening with 其中 and the sentences after it up to the
    next 。, split at semicolons into at least two parallel segments. For each kind
    of figure every segment states (same dimension, same depth of parentheses, same
    position), the parts are summed against the last such figure before the block.
    Breakdowns in one clause ("其中,省重点项目1项,市重点项目11项") are not exhaustive
    by form and are left to the part-of-a-whole reader.
    """
    previous: list[Placed] = []
    for para in paragraphs:
        text = para.text.text
        for start in _AMONG_THEM.finditer(text):
            head = text.rfind("。", 0, start.start())
            lead = text[head + 1 : start.start()].strip()
            # 其中 opens its sentence, or follows a comma and a colon after it ("…亿元,其中:")
            mid_sentence = lead.endswith((",", "，")) and text[start.end() - 1] in ":："
            if lead and not mid_sentence:
                continue
            end = text.find("。", start.end())
            end = len(text) if end < 0 else end
            bounds = [start.end()]
            bounds += [m.end() for m in re.finditer(";", text[start.end() : end])]
            bounds = [b if i == 0 else start.end() + b for i, b in enumerate(bounds)]
            bounds.append(end)
            segments = _segments(para.figures, bounds)
            if len(segments) < 2 or not all(segments):
                continue
            if CLASS_BOUND.search(text[start.end() : end]):
                continue  # 亿元以上项目…；10亿元以上项目…: nested classes, not a partition
            if mid_sentence:
                leading = [
                    p
                    for p in para.figures
                    if head < p.figure.start < start.start() and not p.figure.percent
                ]
                _add_columns(found, leading, segments)
                continue
            before = [p for p in para.figures if p.figure.end <= start.start()]
            if not lead and start.start() == 0 and para.index > 0:
                before = previous  # 其中 opening a paragraph breaks down the one before
            before = [p for p in before if not p.figure.percent]
            keys = [_keys(seg) for seg in segments]
            for key in keys[0]:
                if not all(key in k for k in keys[1:]) or not _parallel(keys, key):
                    continue
                parts = [k[key] for k in keys]
                totals = [
                    p
                    for p in before
                    if (p.figure.dimension, p.depth > 0) == key[:2]
                    and p.plan_cued == parts[0].plan_cued
                ]  # 完成投资96.4亿元，占年度计划120亿元…。其中…: the parts add up to 96.4
                if not totals or any(p.figure.lower_bound for p in parts):
                    continue
                total = totals[-1]
                found.add(
                    "sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in parts]
                )
        previous = para.figures


def _segments(figures: list[Placed], bounds: list[int]) -> list[list[Placed]]:
    """The figures (no percentages) between each two of the sorted *bounds*, in one pass
    (a block of thousands of segments scanned every figure for each)."""
    segments: list[list[Placed]] = [[] for _ in range(len(bounds) - 1)]
    for p in figures:
        if bounds[0] <= p.figure.start < bounds[-1] and not p.figure.percent:
            segments[bisect_right(bounds, p.figure.start) - 1].append(p)
    return segments


def _add_columns(found: Found, leading: list[Placed], segments: list[list[Placed]]) -> None:
    """A sentence of figures broken down mid-sentence (共530项,总投资2944.74亿元,…,其中:在建
    项目185项,总投资1330.5亿元,…;…): only when every segment states the same kinds of
    figure in the same order as the sentence, a table in prose, each position is summed."""

    def shape(figures: list[Placed]) -> list[tuple[str, bool]]:
        return [(p.figure.dimension, p.depth > 0) for p in figures]

    if not leading or any(shape(seg) != shape(leading) for seg in segments):
        return
    for k, total in enumerate(leading):
        parts = [seg[k] for seg in segments]
        if total.figure.lower_bound or any(p.figure.lower_bound for p in parts):
            continue
        found.add("sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in parts])


def _parallel(keys: list[dict[tuple[str, bool, int], Placed]], key: tuple[str, bool, int]) -> bool:
    """Every segment states as many figures of this kind: 自收28件、…7件;匿名15件…,实名20件
    has two counts per segment that are not one breakdown, so neither position is summed."""
    counts = {sum(1 for k in segment if k[:2] == key[:2]) for segment in keys}
    return counts == {1}


def _keys(segment: list[Placed]) -> dict[tuple[str, bool, int], Placed]:
    keys: dict[tuple[str, bool, int], Placed] = {}
    seen: dict[tuple[str, bool], int] = {}
    for placed in segment:
        base = (placed.figure.dimension, placed.depth > 0)
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys[(*base, n)] = placed
    return keys


_COMPLEMENT_MARKS = ("未", "已")  # what is not done and what is: 未开工 + 已开工 = the total
_COMPLEMENT = re.compile(rf"([{''.join(_COMPLEMENT_MARKS)}])(\w{{2}})")


def read_complements(paragraphs: list[Paragraph], found: Found) -> None:
    """Complements: "39个重点项目,…15个项目未开工,24个项目已开工" (未X + 已X = the total)."""
    for para in paragraphs:
        text = para.text.text
        if not all(mark in text for mark in _COMPLEMENT_MARKS):
            continue  # a complement pairs one of each
        figures = [p for p in para.figures if not p.figure.percent]
        for i, (a, b) in enumerate(itertools.pairwise(figures)):
            if a.unit != b.unit or a.sentence != b.sentence or b.clause != a.clause + 1:
                continue
            after_a = _COMPLEMENT.search(text[a.figure.end : b.figure.first])
            after_b = _COMPLEMENT.search(text[b.figure.end : b.figure.end + 12])
            if not after_a or not after_b:
                continue
            if {after_a.group(1), after_b.group(1)} != set(_COMPLEMENT_MARKS) or after_a.group(
                2
            ) != after_b.group(2):
                continue
            totals = [p for p in figures[:i] if p.unit == a.unit and p.sentence == a.sentence]
            if totals:
                found.add(
                    "sum",
                    [("total", totals[-1].claim_id), ("part", a.claim_id), ("part", b.claim_id)],
                )


def read_conversions(paragraphs: list[Paragraph], found: Found) -> None:
    """A figure restated in another unit: "治理面积1085公顷……折合约16275亩" (the same quantity).

    The restatement follows 折合/约合/相当于 with no other word since the figure before
    (其中耕地折合约3000亩 is another quantity); it is the same quantity as the nearest
    earlier figure of its sentence, or of the sentence before (a semicolon ends a
    sentence here), measuring the same dimension in a different unit. Equal units, or
    no such figure, and it is left alone.
    """
    for para in paragraphs:
        if not CONVERSION.search(para.text.text):
            continue
        for i, placed in enumerate(para.figures):
            if i == 0:
                continue
            # nothing but 折合约 since the figure before: not 其中耕地折合约3000亩
            lead = para.text.text[para.figures[i - 1].figure.end : placed.figure.first]
            if placed.figure.percent or not CONVERSION.fullmatch(lead.strip(" (,，;；约大")):
                continue
            if lookup(placed.unit) is None:
                continue
            source = _restated(para.figures, i)
            if (
                source is not None
                and not source.figure.lower_bound
                and not _ends_a_list(para, source, placed)
            ):
                placed.subject = placed.subject or source.subject
                found.add("same", [("member", source.claim_id), ("member", placed.claim_id)])


def _restated(figures: list[Placed], i: int) -> Placed | None:
    """The nearest figure before figures[i], in its sentence or the one before, measuring
    its dimension in another unit. The figures run in sentence order: the search stops
    at the sentence before (it visited every earlier figure of the paragraph once)."""
    placed = figures[i]
    for j in range(i - 1, -1, -1):
        p = figures[j]
        if placed.sentence - p.sentence > 1:
            return None
        if not p.figure.percent and p.unit != placed.unit and comparable(p.unit, placed.unit):
            return p
    return None


def _ends_a_list(para: Paragraph, source: Placed, placed: Placed) -> bool:
    """*source* is the last item of a 、 list and its restatement stands outside brackets
    after it (…、种草285公顷，折合约16275亩): it may restate the list's total, so abstain.
    In brackets right after the item (封山育林665公顷(折合约9975亩)) it is the item's."""
    return not placed.depth and joined_to_previous(para, source)


def joined_to_previous(para: Paragraph, placed: Placed) -> bool:
    """*placed* follows the figure before it with 、 between (甲区86件、乙区71件)."""
    at = para.position(placed)
    if at == 0:
        return False
    before = para.figures[at - 1]
    return para.text.text[before.figure.end : placed.figure.first].startswith("、")


_TOTALLING = re.compile(r"合计|共计|总计|总共|累计共")
_TOTAL_AFTER = re.compile(rf"^[)）]?[,，;]?[^,，;。\d]{{0,8}}?(?:{_TOTALLING.pattern})(?:为|达)?$")


def read_totals_after(paragraphs: list[Paragraph], found: Found) -> None:
    """A list followed by its total: "A区(86件)、B区(71件)、C区(58件),三区合计215件".

    The parts are the figures of one unit joined by 、 right before the total, which
    follows 合计/共计/总计 with no other figure between. Nothing else is summed.
    """
    for para in paragraphs:
        text = para.text.text
        if not _TOTALLING.search(text):
            continue
        figures = [p for p in para.figures if not p.figure.percent]
        for i, total in enumerate(figures):
            if i < 2 or total.figure.lower_bound:
                continue
            last = figures[i - 1]
            between = text[last.figure.end : total.figure.first]
            if last.unit != total.unit or not _TOTAL_AFTER.match(between):
                continue
            items = [last]
            for j in range(i - 2, -1, -1):
                earlier = figures[j]
                gap = text[earlier.figure.end : items[0].figure.first]
                if earlier.unit != total.unit or "、" not in gap or any(c.isdigit() for c in gap):
                    break
                items.insert(0, earlier)
            if len(items) >= 2 and not any(p.figure.lower_bound for p in items):
                found.add(
                    "sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in items]
                )


def listed(text: str, figures: list[Placed], start: int, sep: str = "、") -> list[Placed]:
    """``figures[start]`` and those after it joined by *sep* in its unit (甲14起、乙9起、…).

    With a clause separator (，；) every item between must be a bare name (党员志愿者1380人),
    not a comparison or a step of progress (同比增长12人, 已完成8人), which a clause can be."""
    items = [figures[start]]
    for nxt in figures[start + 1 :]:
        gap = text[items[-1].figure.end : nxt.figure.first]
        if nxt.unit != items[0].unit or not gap.startswith(sep) or any(c.isdigit() for c in gap):
            break
        if sep != "、" and not _bare_name(gap[len(sep) :]):
            break
        items.append(nxt)
    return items


def _bare_name(words: str) -> bool:
    """Only a name: no change or comparison (同比增加), no progress (已办结), no total (共)."""
    return bool(_PART_ITEM.match(words)) and not any(
        pattern.search(words) for pattern in (NOT_A_RATE, COMPLETION, TOTAL_WORDS)
    )


#: What may join the parts of a 其中 list closed by 其他: the closing item makes it complete,
#: so clauses (，；) join parts as 、 does, each then a bare name and its figure.
_CLOSED_LIST_SEPARATORS = ("、", "，", ",", "；", ";")


def read_closed_lists(paragraphs: list[Paragraph], found: Found) -> None:
    """A 其中 list closed by 其他 is complete: "31起，其中采砂14起、捕捞9起、…、其他4起".

    The parts follow 其中 one after another, joined by one separator (、, or ，/； when each
    clause is only a name and its figure), in one unit, and the last is named 其他/其余:
    together they are the whole, the figure of that unit just before 其中.
    """
    for para in paragraphs:
        text = para.text.text
        if "其中" not in text:
            continue  # the list opens with 其中
        figures = [p for p in para.figures if not p.figure.percent]
        for i, whole in enumerate(figures[:-2]):
            first = figures[i + 1]
            lead = text[whole.figure.end : first.figure.first]
            if not _BREAKDOWN_LEAD.match(lead):
                continue
            after_first = text[first.figure.end : first.figure.end + 1]
            sep = after_first if after_first in _CLOSED_LIST_SEPARATORS else "、"
            parts = listed(text, figures, i + 1, sep)
            closing = (
                text[parts[-2].figure.end : parts[-1].figure.first].lstrip(sep)
                if len(parts) > 1
                else ""
            )
            if (
                len(parts) < 2
                or first.unit != whole.unit
                or not REST.match(closing)
                or any(p.figure.lower_bound for p in (whole, *parts))
            ):
                continue
            found.add("sum", [("total", whole.claim_id)] + [("part", p.claim_id) for p in parts])
