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
from dataclasses import replace
from decimal import Decimal

from ...i18n import bilingual
from ...units import MAGNITUDE_WORDS
from ..document import Paragraph, Placed, subject_of
from ..vocabulary import REST
from .evidence import (
    MATCHES,
    Candidate,
    completion_cued,
    fit,
    plan_cued,
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
    for group in all_groups:
        if group.siblings:
            _siblings(paragraphs, group, found, listed)
        else:
            for site in group.sites:
                _single(paragraphs, site, found, listed)


def _why(found: Found, site: Site, en: str, zh: str) -> None:
    found.reasons[site.rate.claim_id] = bilingual(en, zh)


def _single(paragraphs: list[Paragraph], site: Site, found: Found, listed: set[int]) -> None:
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
    cands = candidates(paragraphs, site, set(), listed)
    if not cands:
        return _why(
            found,
            site,
            "no stated figure of the same dimension could be its whole",
            "没有同量纲的数字可作总数",
        )
    certain = _the_plan(site, cands)
    fits = {id(c.whole): fit(part.figure, c.whole.figure, rate.figure) for c in cands}
    matching = [c for c in cands if fits[id(c.whole)] in MATCHES and _believed(c, rate)]
    if certain is not None and fits[id(certain.whole)] in MATCHES:
        return _emit(
            found,
            site,
            certain.whole,
            (
                f"the plan {_show(certain.whole)} stated for it",
                f"为其写明的计划 {_show(certain.whole)}",
            ),
        )
    quiet = [c for c in matching if fits[id(c.whole)] in ("consistent", "input_rounding")]
    if quiet:
        best = max(quiet, key=lambda c: c.score)
        return _emit(
            found,
            site,
            best.whole,
            (f"the figure {best.why} that gives this rate", f"{best.why_zh}给出此比率的数字"),
        )
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
        shown = _show(certain.whole)
        return _emit(
            found,
            site,
            certain.whole,
            (
                f"the one plan {shown} stated for it; no other figure gives the rate",
                f"唯一写明的计划 {shown}，其他数字均不能得出此比率",
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


def _believed(candidate: Candidate, rate: Placed) -> bool:
    """A match is believed when the words support the pair or the rate is too precise for chance."""
    if candidate.score >= BELIEVED:
        return True
    return (strong(rate.figure) and candidate.score >= 0) or (
        significance(rate.figure) >= 2 and (candidate.score >= 1)
    )


def _the_plan(site: Site, cands: list[Candidate]) -> Candidate | None:
    """The whole beyond doubt, or None.

    In the part's sentence: the one plan, or else the one figure before the part when
    the rate names what the part did and the whole did not (受理1.5万件，办结1.48万件，
    办结率; 验收156个，合格152个，合格率). In an earlier sentence of the paragraph: the
    plan of the same subject with no other such figure in between and no 其中 (the
    items of a breakdown have plans of their own).
    """
    part = site.part
    assert part is not None
    text = site.para.text.text
    here = [
        c
        for c in cands
        if c.whole.paragraph == part.paragraph
        and "其中" not in text[c.whole.figure.end : part.figure.first]
    ]
    plans = [c for c in here if plan_cued(c.whole)]
    same = [c for c in here if c.whole.sentence == part.sentence]
    same_plans = [c for c in same if plan_cued(c.whole)]
    if len(same_plans) == 1:
        return same_plans[0]
    if same_plans:
        return None
    if len(same) == 1 and _names_the_part(site, same[0].whole):
        return same[0]
    if same or len(plans) != 1:
        return None
    figures = site.para.figures
    whole = plans[0].whole
    between = figures[figures.index(whole) + 1 : figures.index(part)]
    if any(compatible(p.figure, part.figure) and not p.depth for p in between):
        return None
    return plans[0] if shared_subject(part, whole) >= 1 else None


def _names_the_part(site: Site, whole: Placed) -> bool:
    """The rate's own word (办结率 → 办结) is what the part did and not what the whole did."""
    assert site.part is not None
    measure = re.search(r"(\w{2})率(?:均|为|达|达到|是|\s)*$", site.rate.clause_text)
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


def _siblings(paragraphs: list[Paragraph], group: Group, found: Found, listed: set[int]) -> None:
    """Shares of one list: the whole that makes most of them consistent is theirs."""
    sites = [s for s in group.sites if s.part is not None and _usable_part(s.part)]
    if len(sites) < 2:
        return _each(paragraphs, group, found, listed)
    own = {id(s.part) for s in sites}
    pool: dict[int, Candidate] = {}
    for site in sites:
        for cand in candidates(paragraphs, site, own, set()):
            if id(cand.whole) not in pool or pool[id(cand.whole)].score < cand.score:
                pool[id(cand.whole)] = cand
    n = len(sites)
    best: tuple[tuple[int, int, float], Candidate] | None = None
    for cand in pool.values():
        outcomes = [fit(s.part.figure, cand.whole.figure, s.rate.figure) for s in sites]  # type: ignore[union-attr]
        hits = [s for s, o in zip(sites, outcomes) if o in MATCHES]
        rank = (len(hits), sum(strong(s.rate.figure) for s in hits), cand.score)
        if best is None or rank > best[0]:
            best = (rank, cand)
    whole: Placed | None = None
    why = ("", "")
    if best is not None:
        (hits, strong_hits, _), cand = best
        if hits >= 2 and strong_hits >= 1 and hits * 2 >= n:
            whole = cand.whole
            why = (
                f"{hits} of the {n} shares of this list give {_show(whole)}",
                f"本组 {n} 个占比中有 {hits} 个与 {_show(whole)} 相符",
            )
    closed = bool(REST.match(own_words(sites[-1].part)))  # type: ignore[arg-type]
    if whole is None and closed and _shares_complete(sites):
        totals = [c for c in pool.values() if total_cued(c.whole) and id(c.whole) not in listed]
        if totals:
            whole = max(totals, key=lambda c: (c.score, c.whole.figure.start)).whole
            why = (
                f"the list ends with 其他, so it covers the total {_show(whole)}",
                f"列举以“其他”结尾，应覆盖总数 {_show(whole)}",
            )
    if whole is None:
        # no whole of the list: each share on its own evidence (占计划的 of three plans)
        return _each(paragraphs, group, found, listed)
    for site in sites:
        _emit(found, site, whole, why)
    parts = [s.part for s in sites if s.part is not None]
    exhaustive = sum(p.figure.value for p in parts) == whole.figure.value
    if closed or exhaustive or _shares_complete(sites):
        _add_sum(found, whole, parts)
    if exhaustive:  # the counts make the whole: the shares must make 100%
        found.add("shares", [("part", s.rate.claim_id) for s in sites])


def _each(paragraphs: list[Paragraph], group: Group, found: Found, listed: set[int]) -> None:
    for site in group.sites:
        _single(paragraphs, site, found, listed)


def _shares_complete(sites: list[Site]) -> bool:
    """The shares add up to 100% within their own rounding: the list is exhaustive."""
    total = sum((s.rate.figure.value for s in sites), Decimal(0))
    slack = sum((Decimal(1).scaleb(-s.rate.figure.decimals) / 2 for s in sites), Decimal(0))
    return abs(total - 100) <= slack


def _show(placed: Placed) -> str:
    """The figure as written: 356件, 1005136万元."""
    return f"{placed.figure.digits}{MAGNITUDE_WORDS.get(placed.figure.magnitude, '')}{placed.unit}"


def _add_sum(found: Found, total: Placed, parts: list[Placed]) -> None:
    ids = [total.claim_id, *(p.claim_id for p in parts)]
    for row in found.rows:
        if row["kind"] == "sum" and row["role"] == "total" and row["claim_id"] == total.claim_id:
            members = [r["claim_id"] for r in found.rows if r["relation_id"] == row["relation_id"]]
            if sorted(map(str, members)) == sorted(ids):
                return
    found.add("sum", [("total", total.claim_id)] + [("part", p.claim_id) for p in parts])


def _emit(found: Found, site: Site, whole: Placed, why: tuple[str, str]) -> None:
    part, rate = site.part, site.rate
    assert part is not None
    if not whole.unit and part.unit:  # 约17.8亿 against 5.62亿元: the bare magnitude is in 元
        whole.figure = replace(whole.figure, unit=part.unit)
    if not part.unit and whole.unit:
        part.figure = replace(part.figure, unit=whole.unit)
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
