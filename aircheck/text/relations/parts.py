"""Parts of a whole, stages, funnels, 均未 and counted enumerations within a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable

from ...units import lookup
from ..document import Paragraph, Placed
from ..vocabulary import (
    FIRST_STAGE,
    FOUND_AMONG,
    HEAD_STRIP,
    INSPECTED,
    MEASURE,
    PART_VERB,
    PER_UNIT,
    STAGES,
    TOTALISER,
)
from .found import Found, compatible, is_count, own_words, sentences

_CLAUSE_MARK = re.compile(r"[,，;]")
_INCLUDED = re.compile(r"(?:已|包含|含|其中)")  # at the start of the parenthesis
_DONE_OF_WHOLE = re.compile(r"已(?:联网|建成|完成|开工|竣工|入住)")
#: A funnel starts with what is needed (需提升) and goes on with what is done (已通过).
_NEEDED = re.compile(r"需|应")
_PASSED = re.compile(r"已|完成|通过")


def read_parts(paragraphs: list[Paragraph], found: Found) -> None:
    """Parts of a whole: (已开工8宗), 其中…, 30台…已联网21台, 70个，已联网69个, 全市X…，Y…."""
    for para in paragraphs:
        text = para.text.text
        for sentence in sentences(para):
            for i, whole in enumerate(sentence):
                if whole.figure.percent or whole.depth or PER_UNIT.search(own_words(whole)):
                    continue  # 亩均投入4000元，其中中央资金8.6亿元: a mean is no whole
                rest = sentence[i + 1 :]
                for part in rest:
                    if part.figure.percent or not compatible(part.figure, whole.figure):
                        continue
                    if part.claim_id in found.used and whole.claim_id in found.used:
                        break
                    between = text[
                        whole.figure.end : part.figure.start - len(part.figure.qualifier)
                    ]
                    if _is_part(whole, part, between):
                        pair_up(whole, part)
                        found.add(
                            "part_whole", [("whole", whole.claim_id), ("part", part.claim_id)]
                        )
                        found.used.add(part.claim_id)
                    break


def _is_part(whole: Placed, part: Placed, between: str) -> bool:
    if "其中" in between and part.depth == whole.depth:
        # 拨付资金21.27亿元,资金拨付率达80.8%,其中:省定33项民生工程拨付资金20亿元
        head, _, tail = between.rpartition("其中")
        one_clause = not _CLAUSE_MARK.search(tail.lstrip(":：,，"))
        return (one_clause or not any(c.isdigit() for c in tail)) and "(" not in head
    if any(c.isdigit() for c in between):
        return False
    if part.depth == whole.depth + 1 and between.count("(") == 1:
        inside = between.rsplit("(", 1)[1]
        return bool(_INCLUDED.match(inside)) and ")" not in between
    if part.depth != whole.depth or "(" in between or ")" in between:
        return False
    if between.startswith((",", "，")) and between.lstrip(",，").startswith("其中"):
        return True  # 举报件116件,其中重点件12件
    if whole.plan_cued:
        return False  # 计划开工 20 个，开工 25 个: a plan can be exceeded, it is no whole
    if part.clause == whole.clause:
        return bool(_DONE_OF_WHOLE.search(between)) and len(between) <= 16
    if part.clause == whole.clause + 1:
        tail = between.lstrip(",，")
        if PART_VERB.match(tail.removeprefix("但")):
            return True
        if INSPECTED.search(whole.clause_text) and FOUND_AMONG.match(tail):
            return True  # 共抽测 2949 台，不合格台数 7 台
        if TOTALISER.search(whole.clause_text) and not TOTALISER.search(tail) and "全" not in tail:
            head_whole = HEAD_STRIP.sub("", whole.clause_text)
            head_part = HEAD_STRIP.sub("", tail)
            return (
                bool(head_whole and head_part)
                and head_whole[-1] == head_part[-1]
                and not MEASURE.search(head_whole)
                and len(tail) <= 10
            )
    return False


def pair_up(whole: Placed, part: Placed) -> None:
    """Give a whole and its part one subject and the fields planned/completed (for packs, tables)."""
    subject = whole.subject or part.subject
    if not whole.field:
        whole.field, whole.subject = "planned", subject
    if not part.field:
        part.field, part.subject = "completed", subject


def read_none(
    paragraphs: list[Paragraph], found: Found, make_zero: Callable[[Paragraph, Placed, int], Placed]
) -> None:
    """均未 (none of them): a part of 0 within the last figure before it."""
    for para in paragraphs:
        text = para.text.text
        for match in re.finditer(r"均未", text):
            before = [
                p for p in para.figures if p.figure.end <= match.start() and not p.figure.percent
            ]
            if not before:
                continue
            whole = before[-1]
            gap = text[whole.figure.end : match.start()]
            if any(ch in "。;" for ch in gap) or len(gap) > 12:
                continue
            zero = make_zero(para, whole, match.start())
            found.add("part_whole", [("whole", whole.claim_id), ("part", zero.claim_id)])


def read_funnels(paragraphs: list[Paragraph], found: Found) -> None:
    """Funnels: 需提升 1874 个，已通过方案 1292 个，已完成安装 1105 个，完成联网 980 个."""
    for para in paragraphs:
        if not _NEEDED.search(para.text.text):
            continue  # a funnel opens with what is needed
        for sentence in sentences(para):
            run: list[Placed] = []
            for placed in sentence:
                ok = (
                    not placed.figure.percent
                    and not placed.depth
                    and (
                        not run
                        or (placed.clause == run[-1].clause + 1 and placed.unit == run[-1].unit)
                    )
                    and (run or _NEEDED.search(placed.clause_text))
                    and (not run or _PASSED.search(placed.clause_text))
                    and placed.figure.unit
                    and is_count(placed.figure)
                )
                if ok:
                    run.append(placed)
                    continue
                _emit_funnel(run, found)
                run = (
                    [placed]
                    if _NEEDED.search(placed.clause_text) and not placed.figure.percent
                    else []
                )
            _emit_funnel(run, found)


def _emit_funnel(run: list[Placed], found: Found) -> None:
    if len(run) >= 3:
        found.add("funnel", [("stage", p.claim_id) for p in run])
        found.used.update(p.claim_id for p in run)


_LIST_HEAD = re.compile(r".*(?:在|对|包括|如|:)")


def read_counts(paragraphs: list[Paragraph], found: Found) -> None:
    """Enumerations: 在格力电器、上汽郑州分公司…等 5 家企业 (names listed = count)."""
    for para in paragraphs:
        if "、" not in para.text.text:
            continue  # no names listed
        for placed in para.figures:
            fig = placed.figure
            unit = lookup(fig.unit)
            if (
                unit is None
                or not unit.dimension.startswith("count:")
                or fig.decimals
                or fig.qualifier
            ):
                continue
            listing = placed.clause_text
            soft = listing.endswith("等")
            listing = listing.removesuffix("等")
            if "、" not in listing:
                continue
            items = listing.split("、")
            head = _LIST_HEAD.match(items[0])
            if head:
                items[0] = items[0][head.end() :]
            elif not soft:
                continue  # "省、市重点项目36宗": a compound, not a list of names
            items = [i.strip() for i in items]
            if any("等" in i or "的" in i for i in items):
                continue  # 甲、乙、丙等企业的12个问题: the figure counts something else
            if (
                len(items) < 2
                or not all(len(i) >= 2 for i in items)
                or not all(0 < len(i) <= 15 and not any(c.isdigit() for c in i) for i in items)
            ):
                continue
            stated = int(fig.value)
            if stated > 50 or (soft and stated > len(items) + 2):
                continue  # 等 with many more: "and others", not a count of the list
            relation = found.add("count", [("total", placed.claim_id)], detail="等" if soft else "")
            for order, name in enumerate(items, start=1):
                found.rows.append(
                    {
                        "relation_id": relation,
                        "kind": "count",
                        "role": "item",
                        "claim_id": "",
                        "order": order,
                        "detail": name,
                    }
                )


def _stage(placed: Placed) -> int:
    tail = placed.clause_text[-8:]
    return next((i for i, pattern in enumerate(STAGES) if pattern.search(tail)), -1)


def read_stages(paragraphs: list[Paragraph], found: Found) -> None:
    """Stages within one sentence: 已动工21410户…；竣工16030户…；入住14945户 (each ≤ the one before)."""
    for para in paragraphs:
        text = para.text.text
        if not FIRST_STAGE.search(text):
            continue  # a run of stages starts with the first
        run: list[Placed] = []
        for placed in para.figures:
            if placed.figure.percent:
                continue
            stage = _stage(placed)
            if run and stage < 0:
                continue  # 超任务数1286户 between two stages
            if (
                run
                and stage == _stage(run[-1]) + 1
                and placed.unit == run[-1].unit
                and "。" not in text[run[-1].figure.end : placed.figure.start]
            ):
                run.append(placed)
                continue
            _emit_stages(run, found)
            run = [placed] if stage == 0 else []
        _emit_stages(run, found)


def _emit_stages(run: list[Placed], found: Found) -> None:
    if len(run) >= 2 and not any(p.claim_id in found.used and p.field != "completed" for p in run):
        if len(run) == 2:
            pair_up(run[0], run[1])
            found.add("part_whole", [("whole", run[0].claim_id), ("part", run[1].claim_id)])
        else:
            found.add("funnel", [("stage", p.claim_id) for p in run])
        found.used.update(p.claim_id for p in run)
