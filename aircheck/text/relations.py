"""Relations the text states: progress triples, parts of wholes, funnels, counts, sums.

Each reader looks for one shape of sentence (design §1) and emits relation rows
only where the shape is unambiguous. Where the base of a rate is not stated, the
categories may overlap, or a percentage is growth, a gap or construction progress,
nothing is emitted: the figure stays unchecked rather than raise a false alarm.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from ..units import comparable, lookup
from .document import Paragraph, Placed, subject_of
from .scan import Figure

#: Words before a percentage that make it a completion rate or share.
RATE_CUE = re.compile(
    r"(?:率|的|比例|占比?|\(|(?<![计预力确])(?<!计划)(?<!力争)(?<!确保)(?<!预计)(?<!需)完成)"
    r"(?:均|为|达|达到|是|了|已达|\s)*$"
)
#: Words that make a percentage something else: growth, a gap, a target, progress.
NOT_A_RATE = re.compile(
    r"同比|环比|增长|增加|下降|降低|减少|提高|提升了|低于|高于|超过|超序时|序时|比上年|较|"
    r"施工中|进度|筛查|不低于|不高于|控制在|以内|以下|以上"
)
#: Words after a figure that say its count is a subset within the whole.
PART_VERB = re.compile(
    r"^(?:已|目前|均|共)*(?:建成|完工|竣工|联网|完成|投用|运行|开工|入住|通过|整改|办结)$"
)
TOTALISER = re.compile(r"全市|全县|全省|全区|我市|我县|我省|全国")
#: An inspection, and what it found among the inspected (a part of them).
INSPECTED = re.compile(r"抽测|抽检|抽查|检测|检验|核查|复核")
FOUND_AMONG = re.compile(r"^(?:其中)?(?:不合格|合格|超标|达标|通过)[^,，;。]{0,4}$")
COMPLETION = re.compile(
    r"完成|建成|已|动工|竣工|入住|开工|通过|联网|实现|办结|整改|处置|完工|验收|拨付|销号"
)
_HEAD_STRIP = re.compile(r"(?:共计|数量|为|达|共|累计|合计|总数|约|有)+$")


@dataclass(slots=True)
class Found:
    """Relations found so far, as rows for :func:`aircheck.claimset.relations_frame`."""

    rows: list[dict[str, object]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # claim ids already in a ratio/funnel
    count: int = 0
    #: relations found before claim ids exist (table cells): (kind, [(role, placed)])
    pending: list[tuple[str, list[tuple[str, Placed]]]] = field(default_factory=list)

    def resolve(self) -> None:
        """Add the pending relations now that every figure has its claim id."""
        for kind, members in self.pending:
            self.add(kind, [(role, placed.claim_id) for role, placed in members])
            self.used.update(placed.claim_id for _, placed in members)
        self.pending.clear()

    def add(self, kind: str, members: list[tuple[str, str]], detail: str = "") -> str:
        self.count += 1
        relation_id = f"t{self.count}~{kind}"
        for order, (role, claim_id) in enumerate(members):
            self.rows.append(
                {
                    "relation_id": relation_id,
                    "kind": kind,
                    "role": role,
                    "claim_id": claim_id,
                    "order": order,
                    "detail": detail if role in ("total", "item") else "",
                }
            )
        return relation_id


def dimension(fig: Figure) -> str:
    unit = lookup(fig.unit)
    return unit.dimension if unit else f"?{fig.unit}"


def compatible(a: Figure, b: Figure) -> bool:
    """Same dimension; a magnitude without unit (约17.8亿) fits a money or other figure with one."""
    if a.percent or b.percent:
        return False
    if a.unit and b.unit:
        return dimension(a) == dimension(b)
    return (not a.unit and a.magnitude > 0 and b.magnitude > 0) or (
        not b.unit and b.magnitude > 0 and a.magnitude > 0
    )


def _is_count(fig: Figure) -> bool:
    unit = lookup(fig.unit)
    return unit is not None and unit.dimension.startswith("count:")


def rate_fits(completed: Figure, planned: Figure, rate: Figure) -> bool:
    """True if the stated rate is completed/planned×100 under rounding or truncation."""
    try:
        c = completed.value * _factor(completed)
        p = planned.value * _factor(planned)
        if p <= 0:
            return False
        exact = c * 100 / p
        step = Decimal(1).scaleb(-rate.decimals)
        return any(
            exact.quantize(step, rounding=mode) == rate.value
            for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN)
        )
    except (InvalidOperation, ZeroDivisionError):
        return False


def _factor(fig: Figure) -> Decimal:
    unit = lookup(fig.unit)
    if unit is None:
        return Decimal(1)
    return Decimal(unit.factor.numerator) / Decimal(unit.factor.denominator)


def _is_rate(para: Paragraph, placed: Placed) -> bool:
    if not placed.figure.percent:
        return False
    clause = placed.clause_text
    return bool(RATE_CUE.search(clause)) and not NOT_A_RATE.search(clause)


def sentences(para: Paragraph) -> Iterator[list[Placed]]:
    by: dict[int, list[Placed]] = {}
    for placed in para.figures:
        by.setdefault(placed.sentence, []).append(placed)
    yield from by.values()


def read_progress(paragraphs: list[Paragraph], found: Found) -> None:
    """Progress triples: plan, completed and rate, also with the plan given in parentheses.

    The figures of a triple lie between the previous rate of the sentence and this
    one; the completed figure is the last before the rate, the plan the nearest
    compatible figure before it (a 计划/应/需 clause first, the same counting word for
    two-level triples). A rate with no plan in its sentence takes an earlier plan
    of the report only when exactly one earlier plan fits it: otherwise it stays
    unchecked.
    """
    earlier_plans: list[Placed] = []
    for para in paragraphs:
        for sentence in sentences(para):
            segment: list[Placed] = []
            for placed in sentence:
                if not _is_rate(para, placed):
                    if not placed.figure.percent:
                        segment.append(placed)
                    continue
                _triple(para, placed, segment, earlier_plans, found)
                for s in segment:
                    if s.plan_cued and not s.figure.lower_bound and not s.depth:
                        earlier_plans.append(s)
                segment = []
            for s in segment:
                if s.plan_cued and not s.figure.lower_bound and not s.depth:
                    earlier_plans.append(s)


def _triple(
    para: Paragraph,
    rate: Placed,
    segment: list[Placed],
    earlier: list[Placed],
    found: Found,
) -> None:
    if not segment:
        return
    planned: Placed | None = None
    last = segment[-1]
    gap = para.text.text[last.figure.end : rate.figure.first]
    if last.clause == rate.clause and (
        ("占" in last.clause_text and last.depth) or re.fullmatch(_OF_GAP, gap)
    ):
        # "X的Z%" is Z% of X, so X is the base: 占年度计划投资(184.08亿元)的121.79%;
        # 占年度任务40公里的89%; 完成年度任务20万户的93%; 完成年度预算12亿元的81.7%
        planned, segment = last, segment[:-1]
        if not segment:
            return
    elif _plan_after_completed(segment, rate):
        # 已完成改造小区126个，年度计划150个，完成率84%; 新建42个（年度任务40个），完成率105%
        planned, segment = last, segment[:-1]
    while len(segment) > 1 and segment[-1].depth > rate.depth:
        segment = segment[:-1]  # 已完成治理712公顷（折合约10860亩），完成率82.8%: not the 亩
    completed = segment[-1]
    if (
        completed.figure.decimals
        and not completed.figure.magnitude
        and lookup(completed.unit)
        and _is_count(completed.figure)
    ):
        return  # 千人口托位数 3.88 个: an indicator, not a count (18.6万户 is a count)
    if completed.figure.lower_bound or not (completed.unit or completed.figure.magnitude):
        return
    if planned is None:
        candidates = [s for s in segment[:-1] if compatible(s.figure, completed.figure)]
        candidates = [s for s in candidates if not s.figure.lower_bound and not s.depth]
        cued = [s for s in candidates if s.plan_cued]
        if cued:
            planned = cued[-1]
        elif candidates and COMPLETION.search(completed.clause_text):
            # 无组织改造 5 家，通过改造 4 家，完成率 80%. Never a stage done before (已完成
            # 溯源352个，完成整治318个) nor an item of a 其中 list (其中乱建39处，已清理203处)
            text = para.text.text
            outcome = _OUTCOME.search(_own_words(completed))  # 验收合格152个 of 验收156个
            bases = [
                s
                for s in candidates
                if (outcome or not COMPLETION.search(_own_words(s)))
                and not _PER_UNIT.search(_own_words(s))
                and "其中" not in text[s.figure.first : completed.figure.first]
            ]
            if len(bases) == 1 and _near(completed.figure, bases[0].figure, rate.figure):
                planned = bases[0]
    if planned is None:
        fits = [
            p
            for p in earlier
            if compatible(p.figure, completed.figure)
            and rate_fits(completed.figure, p.figure, rate.figure)
        ]
        if len(fits) != 1 or not COMPLETION.search(completed.clause_text + rate.clause_text):
            return
        planned = fits[0]
    if not compatible(planned.figure, completed.figure):
        return
    if not planned.unit and completed.unit:
        planned.figure = _with_unit(planned.figure, completed.unit)
    if not completed.unit and planned.unit:
        completed.figure = _with_unit(completed.figure, planned.unit)
    subject = subject_of(planned) or subject_of(completed)
    for placed, role in ((planned, "planned"), (completed, "completed"), (rate, "rate")):
        placed.field = role
        placed.subject = subject
        found.used.add(placed.claim_id)
    found.add(
        "ratio",
        [("completed", completed.claim_id), ("planned", planned.claim_id), ("rate", rate.claim_id)],
    )


#: Between a base and its rate: "20万户的93%", "的比重为"
_OF_GAP = r"\s*的(?:比例|比重)?(?:为|达)?\s*"


#: What was found among the figures processed: a share of them, never a later stage.
_OUTCOME = re.compile(r"合格|达标|不合格|超标|优良")
#: A per-head or per-unit figure (人均补助标准89元) is never the base of a total.
_PER_UNIT = re.compile(r"(?:人|户|亩|村|县|日|年|月|床)均|每|平均|标准")


def _near(completed: Figure, base: Figure, rate: Figure) -> bool:
    """An inferred base (no 计划 word) must give a rate within a factor of two of the
    stated one; further off, the pairing is more likely misread than the rate mistyped.
    """
    try:
        value = _amount(completed) * _factor(completed)
        whole = _amount(base) * _factor(base)
        stated = Decimal(rate.digits)
    except (InvalidOperation, ValueError):
        return False
    if whole <= 0 or stated <= 0:
        return False
    computed = value * 100 / whole
    return stated / 2 <= computed <= stated * 2


def _own_words(placed: Placed) -> str:
    """The words of its clause after any earlier figure or list mark: 已完成1个(50%)、15个 → ""."""
    return re.split(r"[\d%)、]", placed.clause_text)[-1]


def _plan_after_completed(segment: list[Placed], rate: Placed) -> bool:
    """The plan stated after what was done, right before a completion rate."""
    if len(segment) < 2:
        return False
    last, before = segment[-1], segment[-2]
    return (
        last.plan_cued
        and not before.plan_cued
        and not last.figure.lower_bound
        and compatible(last.figure, before.figure)
        and last.sentence == before.sentence
        and bool(COMPLETION.search(rate.clause_text))
    )


def _with_unit(fig: Figure, unit: str) -> Figure:
    from dataclasses import replace

    return replace(fig, unit=unit)


def read_parts(paragraphs: list[Paragraph], found: Found) -> None:
    """Parts of a whole: (已开工8宗), 其中…, 30台…已联网21台, 70个，已联网69个, 全市X…，Y…."""
    for para in paragraphs:
        text = para.text.text
        for sentence in sentences(para):
            for i, whole in enumerate(sentence):
                if whole.figure.percent or whole.depth or _PER_UNIT.search(_own_words(whole)):
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
        one_clause = not re.search(r"[,，;]", tail.lstrip(":：,，"))
        return (one_clause or not any(c.isdigit() for c in tail)) and "(" not in head
    if any(c.isdigit() for c in between):
        return False
    if part.depth == whole.depth + 1 and between.count("(") == 1:
        inside = between.rsplit("(", 1)[1]
        return bool(re.search(r"^(?:已|包含|含|其中)", inside)) and ")" not in between
    if part.depth != whole.depth or "(" in between or ")" in between:
        return False
    if between.startswith((",", "，")) and between.lstrip(",，").startswith("其中"):
        return True  # 举报件116件,其中重点件12件
    if whole.plan_cued:
        return False  # 计划开工 20 个，开工 25 个: a plan can be exceeded, it is no whole
    if part.clause == whole.clause:
        return (
            bool(re.search(r"已(?:联网|建成|完成|开工|竣工|入住)", between)) and len(between) <= 16
        )
    if part.clause == whole.clause + 1:
        tail = between.lstrip(",，")
        if PART_VERB.match(tail.removeprefix("但")):
            return True
        if INSPECTED.search(whole.clause_text) and FOUND_AMONG.match(tail):
            return True  # 共抽测 2949 台，不合格台数 7 台
        if TOTALISER.search(whole.clause_text) and not TOTALISER.search(tail) and "全" not in tail:
            head_whole = _HEAD_STRIP.sub("", whole.clause_text)
            head_part = _HEAD_STRIP.sub("", tail)
            return (
                bool(head_whole and head_part)
                and head_whole[-1] == head_part[-1]
                and not _MEASURE.search(head_whole)
                and len(tail) <= 10
            )
    return False


#: Heads that name a measure, not a kind of thing: 造林面积 and 森林抚育面积, 城镇就业 and
#: 转移就业 share the word but neither is part of the other (新能源车 is among 环卫车).
_MEASURE = re.compile(
    r"(?:面积|长度|里程|金额|资金|投资|人数|户数|数量|总量|规模|产值|就业|收入|支出|次数|人次|"
    r"容量|产量|[量额数值率])$"
)


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
                    and (run or re.search(r"需|应", placed.clause_text))
                    and (not run or re.search(r"已|完成|通过", placed.clause_text))
                    and placed.figure.unit
                    and _is_count(placed.figure)
                )
                if ok:
                    run.append(placed)
                    continue
                _emit_funnel(run, found)
                run = (
                    [placed]
                    if re.search(r"需|应", placed.clause_text) and not placed.figure.percent
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


_PART_ITEM = re.compile(r"^[^\d,，、()]{1,12}$")


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
        for start in re.finditer(r"其中[:,，]?", text):
            head = text.rfind("。", 0, start.start())
            lead = text[head + 1 : start.start()].strip()
            if lead and not lead.endswith(("。",)):
                continue  # 其中 must open its sentence
            end = text.find("。", start.end())
            end = len(text) if end < 0 else end
            bounds = [start.end()]
            bounds += [m.end() for m in re.finditer(";", text[start.end() : end])]
            bounds = [b if i == 0 else start.end() + b for i, b in enumerate(bounds)]
            bounds.append(end)
            segments = [
                [p for p in para.figures if lo <= p.figure.start < hi and not p.figure.percent]
                for lo, hi in itertools.pairwise(bounds)
            ]
            if len(segments) < 2 or not all(segments):
                continue
            if _CLASS_BOUND.search(text[start.end() : end]):
                continue  # 亿元以上项目…；10亿元以上项目…: nested classes, not a partition
            before = [p for p in para.figures if p.figure.end <= start.start()]
            if not lead and start.start() == 0 and para.index > 0:
                before = previous  # 其中 opening a paragraph breaks down the one before
            before = [p for p in before if not p.figure.percent]
            keys = [_keys(seg) for seg in segments]
            for key in keys[0]:
                if not all(key in k for k in keys[1:]):
                    continue
                parts = [k[key] for k in keys]
                totals = [
                    p
                    for p in before
                    if (_dim(p), p.depth > 0) == key[:2] and p.plan_cued == parts[0].plan_cued
                ]  # 完成投资96.4亿元，占年度计划120亿元…。其中…: the parts add up to 96.4
                if not totals or any(p.figure.lower_bound for p in parts):
                    continue
                total = totals[-1]
                found.add(
                    "sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in parts]
                )
        previous = para.figures


#: Classes bounded by a threshold overlap (亿元以上 holds 10亿元以上): never summed.
_CLASS_BOUND = re.compile(r"以上|以下|及以上|及以下|不足|超过")


def _dim(placed: Placed) -> str:
    return dimension(placed.figure)


def _keys(segment: list[Placed]) -> dict[tuple[str, bool, int], Placed]:
    keys: dict[tuple[str, bool, int], Placed] = {}
    seen: dict[tuple[str, bool], int] = {}
    for placed in segment:
        base = (_dim(placed), placed.depth > 0)
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys[(*base, n)] = placed
    return keys


_SHARE_GLUE = re.compile(r"^[,，]?(?:占比|占总数的|占全部的|占|比例为|比重为)(?:为|达)?$")


def read_shares(paragraphs: list[Paragraph], found: Found) -> None:
    """Shares listed one after another: "共65件，其中大气21件占比32.3%，噪声11件占比16.9%…".

    Each count with its share is a ratio over the total stated before the list (the
    last figure of the same unit); when the listed shares add up to 100% (within
    their rounding) the list is complete and the counts must add up to the total.
    """
    previous: list[Placed] = []
    for para in paragraphs:
        text = para.text.text
        figures = para.figures
        pairs: list[tuple[Placed, Placed]] = []
        for count, share in itertools.pairwise(figures):
            glue = text[count.figure.end : share.figure.start - len(share.figure.qualifier)]
            if (
                share.figure.percent
                and not count.figure.percent
                and _is_count(count.figure)
                and _SHARE_GLUE.match(glue)
                and count.claim_id not in found.used
                and share.claim_id not in found.used
            ):
                pairs.append((count, share))
        if len(pairs) >= 2 and len({p[0].unit for p in pairs}) == 1:
            first = pairs[0][0]
            before = [
                p
                for p in (*previous, *(f for f in figures if f.figure.end <= first.figure.start))
                if p.unit == first.unit and not p.figure.lower_bound
            ]
            if before:
                total = before[-1]
                for count, share in pairs:
                    count.field, share.field = "completed", "rate"
                    found.used.update((count.claim_id, share.claim_id))
                    found.add(
                        "ratio",
                        [
                            ("completed", count.claim_id),
                            ("planned", total.claim_id),
                            ("rate", share.claim_id),
                        ],
                    )
                shares = sum((p[1].figure.value for p in pairs), Decimal(0))
                slack = sum(
                    (Decimal(1).scaleb(-p[1].figure.decimals) / 2 for p in pairs), Decimal(0)
                )
                if abs(shares - 100) <= slack:
                    found.add(
                        "sum",
                        [("total", total.claim_id)] + [("part", p[0].claim_id) for p in pairs],
                    )
        previous = figures


#: Stages of a building programme, in order: started ≥ finished ≥ occupied.
STAGES = (
    re.compile(r"(?:开工|动工)[数量]*(?:为|达)?$"),
    re.compile(r"(?:竣工|完工)[数量]*(?:为|达)?$"),
    re.compile(r"(?:入住|投用|投入使用)[数量]*(?:为|达)?$"),
)


def _stage(placed: Placed) -> int:
    tail = placed.clause_text[-8:]
    return next((i for i, pattern in enumerate(STAGES) if pattern.search(tail)), -1)


def read_stages(paragraphs: list[Paragraph], found: Found) -> None:
    """Stages within one sentence: 已动工21410户…；竣工16030户…；入住14945户 (each ≤ the one before)."""
    for para in paragraphs:
        text = para.text.text
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


_LIST_START = re.compile(r"(?:分布为|分别为|分布如下|依次为)[:：]?$")
_OVERLAP = re.compile(r"同时涉及|重复|交叉|兼有|跨")


def read_lists(paragraphs: list[Paragraph], found: Found) -> None:
    """Distribution lists: "按地区分布为:长沙市47件、株洲市8件、…" add up to the total before.

    The total is the last figure of the same unit before the list (in the same or the
    previous paragraph) that is not itself a part ("其中重点件34件"). A note that
    items are counted twice ("同时涉及2个市州") makes the categories overlap: abstain.
    """
    parts_already = {str(r["claim_id"]) for r in found.rows if r["role"] == "part"}
    previous: list[Placed] = []
    for para in paragraphs:
        text = para.text.text
        figures = [p for p in para.figures if not p.figure.percent]
        consumed = -1
        for i, first in enumerate(figures):
            if i <= consumed:
                continue
            head = text[: first.figure.first]
            if not _LIST_START.search(head[: len(head) - len(first.clause_text)]):
                continue
            items = _listed(text, figures, i)
            consumed = i + len(items) - 1
            if len(items) < 3:
                continue
            end = text.find("。", items[-1].figure.end)
            after = text[items[-1].figure.end : len(text) if end < 0 else end]
            if _OVERLAP.search(after) or any(p.figure.lower_bound for p in items):
                continue
            before = [
                p
                for p in (*previous, *(f for f in figures[:i]))
                if p.unit == first.unit
                and p.claim_id not in parts_already
                and not p.depth
                and not COMPLETION.search(p.clause_text)  # 已办结329件 is progress, no total
                and "未" not in p.clause_text
                and p.plan_cued == first.plan_cued  # not the field: wholes are "planned" too
            ]
            if before:
                found.add(
                    "sum", [("total", before[-1].claim_id)] + [("part", p.claim_id) for p in items]
                )
        previous = figures


_COMPLEMENT = re.compile(r"([未已])(\w{2})")


def read_complements(paragraphs: list[Paragraph], found: Found) -> None:
    """Complements: "39个重点项目,…15个项目未开工,24个项目已开工" (未X + 已X = the total)."""
    for para in paragraphs:
        text = para.text.text
        figures = [p for p in para.figures if not p.figure.percent]
        for i, (a, b) in enumerate(itertools.pairwise(figures)):
            if a.unit != b.unit or a.sentence != b.sentence or b.clause != a.clause + 1:
                continue
            after_a = _COMPLEMENT.search(text[a.figure.end : b.figure.first])
            after_b = _COMPLEMENT.search(text[b.figure.end : b.figure.end + 12])
            if not after_a or not after_b:
                continue
            if {after_a.group(1), after_b.group(1)} != {"未", "已"} or after_a.group(
                2
            ) != after_b.group(2):
                continue
            totals = [p for p in figures[:i] if p.unit == a.unit and p.sentence == a.sentence]
            if totals:
                found.add(
                    "sum",
                    [("total", totals[-1].claim_id), ("part", a.claim_id), ("part", b.claim_id)],
                )


_CONVERSION = re.compile(r"(?:折合|约合|合计约|相当于|换算为|即)")


def read_conversions(paragraphs: list[Paragraph], found: Found) -> None:
    """A figure restated in another unit: "治理面积1085公顷……折合约16275亩" (the same quantity).

    The restatement follows 折合/约合/相当于 with no other word since the figure before
    (其中耕地折合约3000亩 is another quantity); it is the same quantity as the nearest
    earlier figure of its sentence, or of the sentence before (a semicolon ends a
    sentence here), measuring the same dimension in a different unit. Equal units, or
    no such figure, and it is left alone.
    """
    for para in paragraphs:
        for i, placed in enumerate(para.figures):
            if i == 0:
                continue
            # nothing but 折合约 since the figure before: not 其中耕地折合约3000亩
            lead = para.text.text[para.figures[i - 1].figure.end : placed.figure.first]
            if placed.figure.percent or not _CONVERSION.fullmatch(lead.strip(" (,，;；约大")):
                continue
            if lookup(placed.unit) is None:
                continue
            earlier = [
                p
                for p in para.figures[:i]
                if placed.sentence - p.sentence <= 1
                and not p.figure.percent
                and p.unit != placed.unit
                and comparable(p.unit, placed.unit)
            ]
            if earlier and not earlier[-1].figure.lower_bound:
                source = earlier[-1]
                placed.subject = placed.subject or source.subject
                found.add("same", [("member", source.claim_id), ("member", placed.claim_id)])


_TOTAL_AFTER = re.compile(
    r"^[)）]?[,，;]?[^,，;。\d]{0,8}?(?:合计|共计|总计|总共|累计共)(?:为|达)?$"
)


def read_totals_after(paragraphs: list[Paragraph], found: Found) -> None:
    """A list followed by its total: "A区(86件)、B区(71件)、C区(58件),三区合计215件".

    The parts are the figures of one unit joined by 、 right before the total, which
    follows 合计/共计/总计 with no other figure between. Nothing else is summed.
    """
    for para in paragraphs:
        text = para.text.text
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


_SHARES_LEAD = re.compile(r"^[,，]?分别(?:占|占比|占比为|为)$")


def read_share_lists(paragraphs: list[Paragraph], found: Found) -> None:
    """Counts, then their shares: "大气类158件、噪声类97件…,分别占44.4%、27.2%…".

    The shares are of the total the counts add up to: the base is the one figure
    before the list, in its paragraph, that equals the counts' sum exactly. With no
    such figure the shares are left unchecked (the list may not be exhaustive).
    """
    for para in paragraphs:
        text = para.text.text
        figures = para.figures
        for i, share in enumerate(figures):
            if not share.figure.percent or i == 0 or not _SHARES_LEAD.match(share.clause_text):
                continue
            shares = [share]
            for nxt in figures[i + 1 :]:
                gap = text[shares[-1].figure.end : nxt.figure.first]
                if not nxt.figure.percent or gap.strip() != "、":
                    break
                shares.append(nxt)
            counts = figures[i - len(shares) : i]
            if len(counts) != len(shares) or len(counts) < 2:
                continue
            unit = counts[0].unit
            gaps = [text[a.figure.end : b.figure.first] for a, b in itertools.pairwise(counts)]
            if (
                any(c.figure.percent or c.unit != unit or c.figure.lower_bound for c in counts)
                or not all("、" in g and not any(ch.isdigit() for ch in g) for g in gaps)
                or not unit
            ):
                continue
            total = sum(_amount(c.figure) for c in counts)
            bases = [
                p
                for p in figures[: i - len(shares)]
                if p.unit == unit and not p.figure.percent and _amount(p.figure) == total
            ]
            if len(bases) != 1:
                continue
            for count, rate in zip(counts, shares):
                found.add(
                    "ratio",
                    [
                        ("completed", count.claim_id),
                        ("planned", bases[0].claim_id),
                        ("rate", rate.claim_id),
                    ],
                )


def _amount(figure: Figure) -> Decimal:
    """The figure's value as stated, exactly (digits × 10^magnitude)."""
    return Decimal(figure.digits).scaleb(figure.magnitude)


def _listed(text: str, figures: list[Placed], start: int) -> list[Placed]:
    """``figures[start]`` and those after it joined by 、 in its unit (甲14起、乙9起、…)."""
    items = [figures[start]]
    for nxt in figures[start + 1 :]:
        gap = text[items[-1].figure.end : nxt.figure.first]
        if nxt.unit != items[0].unit or not gap.startswith("、") or any(c.isdigit() for c in gap):
            break
        items.append(nxt)
    return items


_REST = re.compile(r"^(?:其他|其它|其余)")


def read_closed_lists(paragraphs: list[Paragraph], found: Found) -> None:
    """A 其中 list closed by 其他 is complete: "31起，其中采砂14起、捕捞9起、…、其他4起".

    The parts follow 其中 one after another, joined by 、, in one unit, and the last is
    named 其他/其余: together they are the whole, the figure of that unit just before 其中.
    """
    for para in paragraphs:
        text = para.text.text
        figures = [p for p in para.figures if not p.figure.percent]
        for i, whole in enumerate(figures[:-2]):
            first = figures[i + 1]
            lead = text[whole.figure.end : first.figure.first]
            if not re.match(r"^[,，:：]?其中[,，:：]?[^,，;。\d]{0,12}$", lead):
                continue
            parts = _listed(text, figures, i + 1)
            closing = (
                text[parts[-2].figure.end : parts[-1].figure.first].lstrip("、")
                if len(parts) > 1
                else ""
            )
            if (
                len(parts) < 2
                or first.unit != whole.unit
                or not _REST.match(closing)
                or any(p.figure.lower_bound for p in (whole, *parts))
            ):
                continue
            found.add("sum", [("total", whole.claim_id)] + [("part", p.claim_id) for p in parts])
