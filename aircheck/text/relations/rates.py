"""Where the stated rates are, and what each could be made of: the candidate generator.

A rate is a percentage its clause marks as a completion rate or a share (率, 占,
比例, 的Z%, (Z%)); growth, gaps, targets and progress are not. Each rate gets its
part (the figure it measures) and the possible wholes around it: the same sentence,
the paragraph, and plans and totals of the paragraphs before. Rates that share a
whole are grouped as siblings: the shares of one list, a 分别占 run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..document import Paragraph, Placed, subject_of
from ..vocabulary import (
    ACHIEVED,
    COMPLETION,
    NOT_A_RATE,
    OF_GAP,
    PER_UNIT,
    PLAN_WORDS,
    RATE_CUE,
    RESPECTIVELY,
    SHARE_CUE,
    TARGET_BEFORE_DONE,
)
from .evidence import Candidate, char_pairs, plan_cued, total_cued, word_score
from .found import compatible, own_words

#: How many paragraphs back a plan or total may be stated for a rate.
PARAGRAPHS_BACK = 4
#: How many figures of its own paragraph on either side of a rate are tried as its whole.
NEAREST = 40

_LEAD_DONE = re.compile(r"^[:：]?完成")
#: Between a whole and the rate that names it: 占任务200万亩的106.7%
_NAMING_GAP = re.compile(r"[^\d,，;；。%、()]{0,8}的\s*")
_KEY_FILLER = re.compile(r"^比|的|为|达|是|了|\s")
_OWN_MEASURE = re.compile(r"率(?:均|为|达|达到|是|了|已达|\s)*$")


@dataclass(slots=True)
class Site:
    """One stated rate, its part and the whole it names (if any)."""

    rate: Placed
    para: Paragraph
    part: Placed | None = None
    named: Placed | None = None  # the whole named in the rate's clause: 占任务200万亩的106.7%
    key: str = ""  # the words naming the whole of a share: 占承办总数的 → 承办总数
    share: bool = False


@dataclass(slots=True)
class Group:
    """Rates resolved together: one rate alone, or siblings sharing one whole."""

    sites: list[Site]
    siblings: bool = False
    pairwise: list[Placed] = field(default_factory=list)  # 分别占(470亿元、106.5亿元)的…


def is_rate(placed: Placed) -> bool:
    """A percentage its words make a completion rate or share, not growth, gap or target."""
    clause = placed.clause_text
    if not placed.figure.percent or not RATE_CUE.search(clause) or NOT_A_RATE.search(clause):
        return False
    # 力争年底前完成95%, 要求6月底前完成任务的60%: a target, not what was done
    return not TARGET_BEFORE_DONE.search(clause)


def _runs(para: Paragraph) -> Iterator[list[Placed]]:
    """Percentages written one after another (、 or glued: 121.3%185%230%) form one run."""
    text = para.text.text
    run: list[Placed] = []
    for placed in para.figures:
        if not placed.figure.percent:
            if run:
                yield run
            run = []
            continue
        gap = text[run[-1].figure.end : placed.figure.first] if run else ""
        joins = " 、和与及" + (",，" if run and RESPECTIVELY.search(run[0].clause_text) else "")
        if run and gap.strip(joins) == "":  # 分别占比60.0%,32.0%,8.0%
            run.append(placed)
            continue
        if run:
            yield run
        run = [placed]
    if run:
        yield run


def _before(para: Paragraph, placed: Placed) -> list[Placed]:
    """Figures of the same sentence before *placed*, nearest first, without percentages.

    A rate alone in its ；-sentence looks into the one before (排查48座；已整治40座；整治率83.3%).
    The figures run in sentence order, so only those two sentences are visited, not every
    figure before it (a paragraph of a thousand rates read all the others for each)."""
    figures, sentence = para.figures, placed.sentence
    same: list[Placed] = []
    previous: list[Placed] = []
    for i in range(para.position(placed) - 1, -1, -1):
        p = figures[i]
        if p.sentence < sentence - 1 or (same and p.sentence < sentence):
            break
        if not p.figure.percent:
            (same if p.sentence == sentence else previous).append(p)
    if same or sentence == 0:
        return same
    start = para.sentence_starts[sentence]
    if para.text.text[start - 1 : start] not in (";", "；"):
        return []
    return previous


def planned(para: Paragraph, placed: Placed) -> bool:
    """A plan word in the figure's clause, after it, or leading its sentence with nothing done
    in between (年度目标：完成造林4200亩、森林抚育6500亩; 计划新建…1350个，新增…240个)."""
    if plan_cued(placed):
        return True
    start = (
        para.sentence_starts[placed.sentence] if placed.sentence < len(para.sentence_starts) else 0
    )
    lead = para.text.text[start : placed.figure.first]
    plans = list(PLAN_WORDS.finditer(lead))
    if not plans:
        return False
    rest = _LEAD_DONE.sub("", lead[plans[-1].end() :])
    # a rate or anything done since the plan word ends what it governs
    return "%" not in rest and not ACHIEVED.search(rest) and not COMPLETION.search(rest)


def _named(para: Paragraph, rate: Placed) -> Placed | None:
    """The whole named right before the rate: 占任务200万亩的106.7%, (184.08亿元)的121.79%."""
    at = para.position(rate)
    if not at or para.figures[at - 1].figure.percent:
        return None
    whole = para.figures[at - 1]
    gap = para.text.text[whole.figure.end : rate.figure.first]
    if whole.clause != rate.clause and not whole.depth:
        return None
    if whole.depth and "、" in _parenthesis(para.text.text, whole):
        return None  # (80个、450亿元)的70%: the wholes of a run, not of one rate
    if OF_GAP.match(gap) or _NAMING_GAP.fullmatch(gap):
        return whole
    return None


def _parenthesis(text: str, placed: Placed) -> str:
    """The text of the parentheses the figure stands in."""
    start = text.rfind("(", 0, placed.figure.first)
    end = text.find(")", placed.figure.end)
    return text[start + 1 : end if end >= 0 else len(text)]


def _key(clause: str) -> str:
    """The words naming the whole of a share (占承办总数的 → 承办总数; 占比 → "")."""
    at = clause.rfind("占")
    words = clause[at + 1 :] if at >= 0 else ""
    return _KEY_FILLER.sub("", words)


def _site(para: Paragraph, rate: Placed, lead: Placed) -> Site:
    """The part of a single rate: the figure before it (or before the whole it names)."""
    site = Site(rate, para, share=bool(SHARE_CUE.search(lead.clause_text)))
    site.key = _key(lead.clause_text) if site.share else ""
    site.named = _named(para, rate)
    anchor = site.named or rate
    before = [p for p in _before(para, anchor) if p.depth <= rate.depth and p is not site.named]
    if not before:
        return site
    part = before[0]
    between = para.figures[para.position(part) + 1 : para.position(rate)]
    if _own_measure(lead) and any(p.figure.percent and is_rate(p) for p in between):
        return site  # 回复率100%, 满意率92.47%: a 率 measures its own clause, not a figure before
    if (
        site.named is None
        and plan_cued(part)
        and len(before) > 1
        and not plan_cued(before[1])
        and compatible(before[1].figure, part.figure)
    ):
        # 已完成改造小区126个，年度计划150个，完成率84%: the plan after what was done
        site.named, part = part, before[1]
    site.part = part
    return site


def _own_measure(rate: Placed) -> bool:
    """A rate named by its own measure (回复率, 满意率): not a share of a named whole."""
    return bool(_OWN_MEASURE.search(rate.clause_text))


def groups(paragraphs: list[Paragraph]) -> Iterator[Group]:
    """Every stated rate, alone or with its siblings."""
    for para in paragraphs:
        singles: list[Site] = []
        for run in _runs(para):
            lead = run[0]
            if not is_rate(lead):
                continue
            if len(run) > 1:
                yield _respectively(para, run)
                continue
            singles.append(_site(para, lead, lead))
        yield from _share_lists(singles)


def _respectively(para: Paragraph, run: list[Placed]) -> Group:
    """分别占(470亿元、106.5亿元、30亿元)的121.3%185%230%, or 分别占44.4%、27.2%…."""
    before = _before(para, run[0])
    n = len(run)
    sites = [Site(r, para, share=True) for r in run]
    named = before[:n]
    text = para.text.text
    if (
        len(named) == n
        and all(p.depth > 0 for p in named)
        and OF_GAP.match(text[named[0].figure.end : run[0].figure.first])
    ):
        parts = [p for p in before[n:] if p.depth < named[0].depth][:n]
        pairs = list(zip(reversed(parts), reversed(named)))
        if len(parts) == n and all(compatible(a.figure, b.figure) for a, b in pairs):
            for site, (part, whole) in zip(sites, pairs):
                site.part, site.named = part, whole
        return Group(sites)  # named wholes without their parts stay unchecked
    if RESPECTIVELY.search(run[0].clause_text) and len(before) >= n:
        for site, part in zip(sites, reversed(before[:n])):
            site.part = part
        return Group(sites, siblings=True)
    return Group(sites)


def _share_lists(singles: list[Site]) -> Iterator[Group]:
    """Shares of one unnamed or same-named whole in one sentence (ended by 。) are siblings."""
    pending: dict[tuple[str, int, str], list[Site]] = {}
    order: list[tuple[str, int, str]] = []
    for site in singles:
        if not site.share or site.named or site.part is None:
            yield Group([site])
            continue
        stop = site.para.text.text.count("。", 0, site.rate.figure.first)
        key = (site.key, stop, site.part.unit)
        if key not in pending:
            pending[key] = []
            order.append(key)
        pending[key].append(site)
    for key in order:
        sites = pending[key]
        yield Group(sites, siblings=len(sites) > 1)


def _shared(a: str, b: str) -> int:
    """Character pairs two phrases share."""
    return len(char_pairs(a) & char_pairs(b))


def _plan_after(para: Paragraph, rate: Placed, whole: Placed) -> bool:
    """A plan after the rate, in its sentence, that is not followed by a rate of its own."""
    if whole.sentence != rate.sentence or not plan_cued(whole):
        return False
    later = para.figures[para.position(whole) + 1 :]
    return not any(p.sentence == whole.sentence and is_rate(p) for p in later)


def candidates(
    paragraphs: list[Paragraph],
    site: Site,
    exclude: set[int],
    listed: set[int],
    *,
    loose: bool = False,
) -> list[Candidate]:
    """Every stated figure that could be the whole of this rate's part, with its word score.

    *loose* (for the shares of a list, whose siblings confirm or refute a whole) also takes
    figures of earlier paragraphs without a plan or total word."""
    part = site.part
    if part is None:
        return []
    result: list[Candidate] = []
    rate = site.rate
    start = site.para.index
    for para in paragraphs[max(start - PARAGRAPHS_BACK, 0) : start + 1]:
        back = start - para.index
        figures = para.figures
        if back == 0:  # the nearest figures around the rate: bounded work on a long paragraph
            at = para.position(rate)
            figures = figures[max(at - NEAREST, 0) : at + NEAREST]
        for whole in figures:
            after = back == 0 and whole.figure.start >= rate.figure.start
            if after and not _plan_after(para, rate, whole):
                continue  # after the rate only its plan: 完成率75.0%，年度任务为4200亩
            if (
                whole is part
                or id(whole) in exclude
                or whole.figure.lower_bound
                or not compatible(whole.figure, part.figure)
                or PER_UNIT.search(own_words(whole))
            ):
                continue
            named_by_key = _shared(site.key, subject_of(whole)) >= 2  # 占总到位资金的 … 到位资金
            plan = planned(para, whole)
            if back and not (loose or plan or total_cued(whole) or named_by_key):
                continue  # from an earlier paragraph only a plan, a total or the named whole
            same = back == 0 and whole.sentence == part.sentence
            score = word_score(part, whole, same, back) + (1.5 if named_by_key else 0)
            if id(whole) in listed:
                score -= 3  # an item of another list is not its whole
            where = "in the same sentence" if same else "earlier in the report"
            where_zh = "同句" if same else "前文"
            result.append(Candidate(whole, score, where, where_zh, plan=plan))
    return result
