"""Distribution lists: "按地区分布为:长沙市47件、株洲市8件、…" add up to the total before.

A list is summed only when it is a partition of a stated total, by its form and its words:
three reviews wrote correct sentences whose lists are selections (排名前三的地区分别为),
incomplete (主要分布为, …等), of another quantity (常住人口按城乡分布为), of a part
(其中医院86家。按等级分布为：三级医院…), not additive (优良天数 by district, 每亩 rates)
or after progress (今年新建成1500个。按区县分布为), and each is left alone: a false
AC204 costs more than a list left unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...numbers import APPROXIMATE_QUALIFIERS, LOWER_BOUND_QUALIFIERS
from ..document import Paragraph, Placed
from ..vocabulary import COMPLETION, LIST_WORDS, NOT_A_RATE, OVERLAP, PER_UNIT
from .evidence import char_pairs
from .found import Found, own_words
from .lists import joined_to_previous, listed

#: How a distribution list opens, from the start of its clause to its first item's name:
#: 按 and a two-character dimension before any list word (按地区分布为, 按用途分别为, 按区县
#: 依次为), or at most three characters before 分布为/分布如下, which name a distribution
#: by themselves (地区分布为, 各地区分布为); an adverb of time or aggregation may lead
#: (累计按地区分布为). Anything more names a selection or another quantity (排名前三的地区
#: 分别为, 按时办结的分别为, 常住人口按城乡分布为, 其中公办机构按区县分布为), and 主要 says
#: the list is not all: none is summed.
_OPENING = re.compile(
    r"^(?:累计|目前|截至目前|共计|共)?"
    rf"(?:按(?P<dimension>[^\d的]{{2}})(?:{LIST_WORDS.pattern})"
    r"|(?!.*主要)各?(?P<head>[^\d的]{0,3})(?:分布为|分布如下))"
    r"[:：]?[^\d,，、():：;；。]{1,12}$"
)
#: Lines from one paragraph to the next (one blank line between): more, and something
#: stood between them (a table's rows, blanked in the prose), so the list's total is not
#: looked for in the paragraph before.
_NEXT_LINES = 2
#: How far before the first item the opening is looked for (its clause's start).
_OPENING_CHARS = 32
_SENTENCE_MARKS = "。；;！!？?"


def read_lists(paragraphs: list[Paragraph], found: Found) -> None:
    """Sum each distribution list that partitions a stated total.

    Only a partition is summed: its opening names nothing but the dimension (see
    :data:`_OPENING`), nothing marks it incomplete (…等), its items are amounts (no 每亩,
    none as large as the total), and its total is a stated total of its unit (see
    :func:`_stated_total`). A list in the clause after a figure is of that figure or of
    nothing. A list opening its own sentence is of the figure before it, or, past a 其中
    part of another subject (…343件,其中重点件34件。累计按地区分布为:…), of the total that
    part belongs to; any other figure in between (progress, a change, a list's item)
    leaves the list alone. A note that items are counted twice ("同时涉及2个市州") makes the
    categories overlap: abstain.
    """
    parts_already = {str(r["claim_id"]) for r in found.rows if r["role"] == "part"}
    by_index = {p.index: p for p in paragraphs}
    previous: list[Placed] = []
    last_line = 0  # the previous paragraph's last source line
    for para in paragraphs:
        text = para.text.text
        figures = [p for p in para.figures if not p.figure.percent]
        if text and para.text.line_at(0) - last_line > _NEXT_LINES:
            previous = []  # a table or more stands between: its paragraph is no neighbour
        last_line = para.text.line_at(len(text) - 1) if text else last_line
        if not LIST_WORDS.search(text):
            previous = figures  # no list here; its figures may be the total of the next
            continue
        consumed = -1
        for i, first in enumerate(figures):
            opened = _opening(text, first) if i > consumed else None
            if opened is None:
                continue
            opening, head = opened
            items = listed(text, figures, i)
            consumed = i + len(items) - 1
            if len(items) < 3 or text.startswith("等", items[-1].figure.end):
                continue
            end = text.find("。", items[-1].figure.end)
            after = text[items[-1].figure.end : len(text) if end < 0 else end]
            if OVERLAP.search(after) or any(_inexact(p) for p in items):
                continue  # counted twice, or 约190件、…: no sum to check
            if any(PER_UNIT.search(own_words(p)) for p in items):
                continue  # 水田每亩120元、…: rates, not amounts
            earlier = _nearest_first(previous, figures, i, first.unit)
            total = _total(earlier, items, opening, head, parts_already, by_index)
            if total is None or any(p.figure.value >= total.figure.value for p in items):
                continue  # no total, or an item as large as it: not its parts (天 by 区县)
            found.add("sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in items])
            parts_already.update(p.claim_id for p in items)
        previous = figures


def _opening(text: str, first: Placed) -> tuple[str, str] | None:
    """Whether *first* is the first item of a distribution list (see :data:`_OPENING`):
    where the list opens, "sentence" (its own sentence or paragraph) or "clause" (after a
    comma: of the figure before it), and the words it names (地区 of 按地区, 城区 of
    城区分布如下)."""
    at = first.figure.first
    window = text[max(at - _OPENING_CHARS, 0) : at]
    cut = max(window.rfind(mark) for mark in "，," + _SENTENCE_MARKS)
    if cut < 0 and at > _OPENING_CHARS:
        return None  # no clause starts near enough: an opening this long is no partition
    match = _OPENING.match(window[cut + 1 :].strip())
    if match is None:
        return None
    head = match.group("dimension") or match.group("head") or ""
    return ("clause" if cut >= 0 and window[cut] in "，," else "sentence"), head


def _nearest_first(
    previous: list[Placed], figures: list[Placed], i: int, unit: str
) -> Iterator[Placed]:
    """The figures in *unit* before figures[i], nearest first, then the previous
    paragraph's: walked only as far as needed (a paragraph of thousands of lists)."""
    for j in range(i - 1, -1, -1):
        if figures[j].unit == unit:
            yield figures[j]
    yield from (p for p in reversed(previous) if p.unit == unit)


def _total(
    earlier: Iterable[Placed],
    items: list[Placed],
    opening: str,
    head: str,
    parts_already: set[str],
    paragraphs: dict[int, Paragraph],
) -> Placed | None:
    """The stated total the list partitions, nearest first; None when in doubt."""
    first = items[0]
    for p in earlier:
        if _stated_total(p, first, parts_already, paragraphs):
            return p
        if opening == "clause" or not _part_of_another_subject(p, items, head, parts_already):
            return None
    return None


def _part_of_another_subject(
    part: Placed, items: list[Placed], head: str, parts_already: set[str]
) -> bool:
    """A 其中 part or a list's item (其中重点件34件) whose subject neither the list's
    opening nor its items share: the list breaks down the total, not the part (其中医院
    86家 … 三级医院12家, 其中城区8000张…。城区分布如下 are the part's lists)."""
    if part.claim_id not in parts_already and "其中" not in part.clause_text:
        return False
    subject = char_pairs(own_words(part))
    return not (subject & char_pairs(head)) and not any(
        subject & char_pairs(own_words(item)) for item in items
    )


def _inexact(placed: Placed) -> bool:
    """约190件, 近100件, 300余件: a figure no sum can be checked against."""
    return placed.figure.qualifier in APPROXIMATE_QUALIFIERS | LOWER_BOUND_QUALIFIERS


def _stated_total(
    total: Placed, first: Placed, parts_already: set[str], paragraphs: dict[int, Paragraph]
) -> bool:
    """The figure before a list can be its total: stated plainly, as a whole, and of the
    same kind as the items (a plan against plans, a count against counts)."""
    words = own_words(total)
    return not (
        total.claim_id in parts_already
        or _in_a_list(total, paragraphs)  # 男性380人、女性40人: an item, even unsummed
        or total.depth
        or _inexact(total)  # 约360件, 300余件: no sum to check against
        or COMPLETION.search(total.clause_text)  # 已办结329件 is progress, no total
        or "未" in total.clause_text
        or NOT_A_RATE.search(words)  # 比去年减少20件: a change
        or PER_UNIT.search(words)  # 平均每区119件, 收入中位数: not an amount
        or total.plan_cued != first.plan_cued  # not the field: wholes are "planned" too
    )


def _in_a_list(placed: Placed, paragraphs: dict[int, Paragraph]) -> bool:
    """*placed* is joined by 、 to the figure before or after it."""
    para = paragraphs.get(placed.paragraph)
    if para is None:
        return False
    after = para.position(placed) + 1
    return joined_to_previous(para, placed) or (
        after < len(para.figures) and joined_to_previous(para, para.figures[after])
    )
