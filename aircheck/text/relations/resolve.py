"""One resolver for every stated rate: believe the pair the words support and the arithmetic confirms.

For each rate (or list of sibling rates) the candidates are tried; the decision:

* **consistent** when a well-supported candidate reproduces the rate;
* **an error** only when the whole is beyond doubt (named in the rate's clause, the
  one plan of the paragraph, or confirmed by the rate's siblings) and no plausible
  candidate reproduces it;
* otherwise **unchecked**, with the reason recorded.

A candidate is never chosen because the stated rate fits it alone: a chance match
counts only as far as the rate's precision and the words allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ...i18n import bilingual
from ...units import MAGNITUDE_WORDS
from ..document import Paragraph, Placed, subject_of
from ..vocabulary import REST, SUBSET_LEAD
from .evidence import (
    MATCHES,
    Candidate,
    completion_cued,
    fit,
    shared_subject,
    significance,
    strong,
    total_cued,
)
from .found import Found, compatible, is_count, own_words
from .rates import Group, Site, candidates, groups

#: A chance match is believed from this word score up (the same sentence, or a plan word).
BELIEVED = 2.0
#: A truncated match is a warning: it needs this much support, or a whole beyond doubt.
LOUD = 3.0
#: The rate's own word: 办结率 → 办结.
_RATE_WORD = re.compile(r"(\w{2})率(?:均|为|达|达到|是|\s)*$")


def read_rates(paragraphs: list[Paragraph], found: Found) -> None:
    """Resolve every stated rate of the report into a ratio relation or a recorded reason."""
    all_groups = list(groups(paragraphs))
    listed = {
        id(site.part)
        for group in all_groups
        if group.siblings
        for site in group.sites
        if site.part is not None
    }
    # a whole named by one rate (完成…目标任务的(83253万元)的495.69%) is no candidate for another
    named = {id(site.named) for group in all_groups for site in group.sites if site.named}
    known = Known(listed, named)
    for group in all_groups:
        if group.siblings:
            _siblings(paragraphs, group, found, known)
        else:
            for site in group.sites:
                _single(paragraphs, site, found, known)


@dataclass(frozen=True, slots=True)
class Known:
    """What the whole report says about its figures' roles, for every rate's candidates."""

    listed: set[int]  # parts of a sibling list: seldom the whole of another rate
    named: set[int]  # wholes named by a rate (的(83253万元)的495.69%): no other rate's whole


def _why(found: Found, site: Site, en: str, zh: str) -> None:
    found.reasons[site.rate.claim_id] = bilingual(en, zh)


def _single(paragraphs: list[Paragraph], site: Site, found: Found, known: Known) -> None:
    part, rate = site.part, site.rate
    if part is None:
        return _why(
            found, site, "no figure before the rate that it could measure", "比率前没有可对应的数字"
        )
    if not _usable_part(part):
        shown = _show(part)
        return _why(found, site, f"{shown} is an indicator or a bound", f"{shown} 是指标或下限")
    if site.named is not None:
        if not _compatible_units(part, site.named):
            return _why(found, site, "the named whole is of another dimension", "所称总数量纲不同")
        return _emit(
            found,
            site,
            site.named,
            ("the whole is named in the rate's clause", "总数在比率的分句中写明"),
        )
    cands = candidates(paragraphs, site, known.named, known.listed)
    if not cands:
        return _why(
            found,
            site,
            "no stated figure of the same dimension could be its whole",
            "没有同量纲的数字可作总数",
        )
    certain = _the_plan(site, cands)

    def fits(c: Candidate) -> str:  # only the pairs the words could believe (fit is cached)
        return fit(part.figure, c.whole.figure, rate.figure)

    matching = [c for c in cands if _believed(c, rate) and fits(c) in MATCHES]
    if certain is not None and fits(certain) in MATCHES:
        return _emit(
            found,
            site,
            certain.whole,
            ("the plan stated for it", "为其写明的计划"),
        )
    quiet = [c for c in matching if fits(c) in ("consistent", "input_rounding")]
    if quiet:
        best = max(quiet, key=lambda c: c.score)
        return _emit(found, site, best.whole, _gives(best))
    loud = [c for c in matching if c.score >= LOUD]
    if loud:
        best = max(loud, key=lambda c: c.score)
        return _emit(
            found,
            site,
            best.whole,
            (f"the figure {best.why} cued as its whole", f"{best.why_zh}标明为总数的数字"),
        )
    if certain is not None:
        for other in _other_parts(site):  # the rate may follow the other level
            for cand in candidates(paragraphs, other, known.named, known.listed):
                fits_other = fit(_part(other).figure, cand.whole.figure, rate.figure)
                if fits_other in MATCHES and _believed(cand, rate):
                    return _emit(found, other, cand.whole, _gives(cand))
        return _emit(
            found,
            site,
            certain.whole,
            (
                "the one plan stated for it; no other figure gives the rate",
                "唯一写明的计划，其他数字均不能得出此比率",
            ),
        )
    best = max(cands, key=lambda c: c.score)
    shown = _show(best.whole)
    return _why(
        found,
        site,
        f"no candidate whole gives {rate.figure.digits}% and none is beyond doubt (nearest: {shown})",
        f"没有候选总数能得出 {rate.figure.digits}%，也没有确定无疑的总数（最近的：{shown}）",
    )


def _gives(candidate: Candidate) -> tuple[str, str]:
    """The evidence of a candidate chosen because it reproduces the rate."""
    return (
        f"the figure {candidate.why} that gives this rate",
        f"{candidate.why_zh}给出此比率的数字",
    )


def _believed(candidate: Candidate, rate: Placed) -> bool:
    """A match is believed when the words support the pair or the rate is too precise for chance."""
    if candidate.score >= BELIEVED:
        return True
    return (strong(rate.figure) and candidate.score >= 0) or (
        significance(rate.figure) >= 2 and (candidate.score >= 1)
    )


def _the_plan(site: Site, cands: list[Candidate]) -> Candidate | None:
    """The whole beyond doubt, or None.

    * in the part's sentence, the one plan (completed after the plan or the plan after
      the rate alike);
    * else, in that sentence, the one figure before the part when the rate names what the
      part did and the whole did not (受理…办结…办结率; 验收…合格…合格率);
    * else the plan, in this paragraph or one before, whose subject the part shares more
      than any other plan's (计划新建污水管网64公里、改造供水管网45公里。…供水管网已改造);
    * else the one plan of the paragraph, with no other such figure in between.

    A plan across a 其中 is never beyond doubt: the items of a breakdown have plans of
    their own.
    """
    part = site.part
    assert part is not None
    text = site.para.text.text
    here = [c for c in cands if c.whole.paragraph == part.paragraph]
    across = [c for c in here if "其中" in text[c.whole.figure.end : part.figure.first]]
    plans = [c for c in cands if c.plan and c not in across]
    same = [
        c
        for c in here
        if c.whole.sentence == part.sentence or c.whole.figure.start > part.figure.start
    ]
    same_plans = [c for c in same if c.plan and c not in across]
    if len(same_plans) == 1:
        return same_plans[0]
    if same_plans:
        return None
    if len(same) == 1 and _names_the_part(site, same[0].whole):
        return same[0]
    if same:
        return None
    by_subject = _by_subject(part, plans)
    if by_subject is not None:
        return by_subject
    plans = [c for c in plans if c.whole.paragraph == part.paragraph]
    if len(plans) != 1:
        return None
    figures = site.para.figures
    whole = plans[0].whole
    between = figures[figures.index(whole) + 1 : figures.index(part)]
    if any(compatible(p.figure, part.figure) and not p.depth for p in between):
        return None
    return plans[0] if shared_subject(part, whole) >= 1 else None


def _by_subject(part: Placed, plans: list[Candidate]) -> Candidate | None:
    """The plan of the same unit whose subject the part shares most, clearly ahead of the rest."""
    same_unit = [c for c in plans if c.whole.unit == part.unit]
    ranked = sorted(
        ((shared_subject(part, c.whole), i) for i, c in enumerate(same_unit)), reverse=True
    )
    if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[1][0] >= ranked[0][0]):
        return None
    return same_unit[ranked[0][1]]


def _other_parts(site: Site) -> list[Site]:
    """The same rate with another figure of the part's clause as its part (两级: 15座水厂共57套)."""
    part = site.part
    assert part is not None
    return [
        replace(site, part=p)
        for p in site.para.figures
        if p is not part
        and not p.figure.percent
        and p.sentence == part.sentence
        and p.clause == part.clause
        and p.depth == part.depth
        and p.figure.start < part.figure.start
        and _usable_part(p)
    ]


def _names_the_part(site: Site, whole: Placed) -> bool:
    """The rate's own word (办结率 → 办结) is what the part did and not what the whole did."""
    assert site.part is not None
    measure = _RATE_WORD.search(site.rate.clause_text)
    if measure is None:
        return completion_cued(site.part) and not completion_cued(whole)
    word, done = measure.group(1), completion_cued(site.part) and not completion_cued(whole)
    # 排查整治312处，已完成整治276处，整治率: the whole names the work, the part its completion
    return word in own_words(site.part) and (word not in own_words(whole) or done)


def _usable_part(part: Placed) -> bool:
    fig = part.figure
    if fig.lower_bound or not (fig.unit or fig.magnitude):
        return False
    # 千人口托位数 3.88 个: an indicator, not a count (18.6万户 is a count)
    return not (fig.decimals and not fig.magnitude and is_count(fig))


def _compatible_units(a: Placed, b: Placed) -> bool:
    return compatible(a.figure, b.figure)


def _siblings(paragraphs: list[Paragraph], group: Group, found: Found, known: Known) -> None:
    """Shares of one list: the whole that makes most of them consistent is theirs."""
    sites = [s for s in group.sites if s.part is not None and _usable_part(s.part)]
    if len(sites) < 2:
        return _each(paragraphs, group, found, known)
    own = {id(s.part) for s in sites}
    pool: dict[int, Candidate] = {}
    for site in sites:
        for cand in candidates(paragraphs, site, own | known.named, set(), loose=True):
            if id(cand.whole) not in pool or pool[id(cand.whole)].score < cand.score:
                pool[id(cand.whole)] = cand
    n = len(sites)
    whole: Placed | None = None
    why = ("", "")
    best = _best_whole(sites, list(pool.values()))
    if best is not None:
        cand, hits, strong_hits = best
        if hits >= 2 and strong_hits >= 1 and hits * 2 >= n:
            whole = cand.whole
            why = (
                f"{hits} of the {n} shares of this list give {_show(whole)}",
                f"本组 {n} 个占比中有 {hits} 个与 {_show(whole)} 相符",
            )
    closed = bool(REST.match(own_words(_part(sites[-1]))))
    scoped = SUBSET_LEAD.search(_lead(sites[0]))  # 在已作出处罚决定的案件中，…
    if whole is None and closed and not scoped and _shares_complete(sites):
        totals = [
            c for c in pool.values() if total_cued(c.whole) and id(c.whole) not in known.listed
        ]
        if totals:
            whole = max(totals, key=lambda c: (c.score, c.whole.figure.start)).whole
            why = (
                f"the list ends with 其他, so it covers the total {_show(whole)}",
                f"列举以“其他”结尾，应覆盖总数 {_show(whole)}",
            )
    if whole is None:
        # no whole of the list: each share on its own evidence (占计划的 of three plans)
        return _each(paragraphs, group, found, known)
    for site in sites:
        _emit(found, site, whole, why)
    parts = [s.part for s in sites if s.part is not None]
    exhaustive = sum(p.figure.value for p in parts) == whole.figure.value
    if closed or exhaustive or _shares_complete(sites):
        found.add("sum", [("total", whole.claim_id)] + [("part", p.claim_id) for p in parts])
    if exhaustive:  # the counts make the whole: the shares must make 100%
        found.add("shares", [("part", s.rate.claim_id) for s in sites])


def _part(site: Site) -> Placed:
    assert site.part is not None
    return site.part


def _best_whole(sites: list[Site], pool: list[Candidate]) -> tuple[Candidate, int, int] | None:
    """The candidate most shares of the list fit (the precise ones first), with the counts."""
    best: tuple[tuple[int, int, float], Candidate] | None = None
    for cand in pool:
        hits = [
            s for s in sites if fit(_part(s).figure, cand.whole.figure, s.rate.figure) in MATCHES
        ]
        rank = (len(hits), sum(strong(s.rate.figure) for s in hits), cand.score)
        if best is None or rank > best[0]:
            best = (rank, cand)
    return None if best is None else (best[1], best[0][0], best[0][1])


def _lead(site: Site) -> str:
    """The text of the paragraph before the first part of a list."""
    assert site.part is not None
    return site.para.text.text[: site.part.figure.first]


def _each(paragraphs: list[Paragraph], group: Group, found: Found, known: Known) -> None:
    for site in group.sites:
        _single(paragraphs, site, found, known)


def _shares_complete(sites: list[Site]) -> bool:
    """The shares add up to 100% within their own rounding: the list is exhaustive."""
    total = sum((s.rate.figure.value for s in sites), Decimal(0))
    slack = sum((Decimal(1).scaleb(-s.rate.figure.decimals) / 2 for s in sites), Decimal(0))
    return abs(total - 100) <= slack


def _show(placed: Placed) -> str:
    """The figure as written: 356件, 1005136万元."""
    return f"{placed.figure.digits}{MAGNITUDE_WORDS.get(placed.figure.magnitude, '')}{placed.unit}"


def _emit(found: Found, site: Site, whole: Placed, why: tuple[str, str]) -> None:
    part, rate = site.part, site.rate
    assert part is not None
    if not whole.unit and part.unit:  # 约17.8亿 against 5.62亿元: the bare magnitude is in 元
        whole.figure = whole.figure.with_unit(part.unit)
    if not part.unit and whole.unit:
        part.figure = part.figure.with_unit(whole.unit)
    # a share is about its part (重复信访件41件，占…11.5%); a completion rate about its plan
    first, second = (part, whole) if site.share else (whole, part)
    subject = subject_of(first) or subject_of(second)
    if not whole.field:
        whole.field, whole.subject = "planned", subject
    part.field, part.subject = part.field or "completed", subject
    rate.field, rate.subject = "rate", subject
    found.used.update((whole.claim_id, part.claim_id, rate.claim_id))
    found.reasons.pop(rate.claim_id, None)
    found.add(
        "ratio",
        [("completed", part.claim_id), ("planned", whole.claim_id), ("rate", rate.claim_id)],
        detail=bilingual(*why),
    )
