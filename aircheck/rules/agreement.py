"""AC301 key-disagreement: the same figure stated twice with different values.

**What it checks.** Claims that must be the same figure (table rows sharing a
``key``; a figure repeated in another section of a report; a rule pack's keys)
must agree after unit conversion (1 公顷 = 15 亩; 万 and 亿) and within the
precision each is stated with: 1161.14 公顷 is 17417.1 亩, which 约 17417 亩 covers.

**Why it matters.** A figure updated in one section but not the other is the
classic slip of a report assembled from several offices' inputs.

**Bad:** 一(三) 完成率 89.7% … 二(五) 修复治理率为 87.9%

**Good:** 一(三) 1161.14 公顷 … 二(五) 累计治理面积约 17417 亩
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import GUARD, Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    rel = ctx.members("same", "member")
    rel = rel.take(rel.claims >= 0)  # a statement naming no claim: the others compared
    if not len(rel):
        return []
    at = rel.claims
    bounds = ctx.bounds_at(at)
    unit = np.where(ctx.column("percent")[at], "%", ctx.column("unit")[at].astype(object))
    # one unit and one exact text: certainly equal, no exact arithmetic needed
    signature = unit + "|" + ctx.column("text")[at].astype(object)
    groups = rel.groups()
    lo, hi = groups.max(bounds["lo"]), groups.min(bounds["hi"])
    top, bottom = groups.max(bounds["base"]), groups.min(bounds["base"])
    coarse, fine = groups.max(bounds["step"]), groups.min(bounds["step"])
    approx = groups.any(bounds["approximate"])
    compared = (groups.nunique(bounds["dimension"]) == 1) & (groups.sizes() >= 2)
    # the same figure rounded to the same step must read the same (rounding is a function)
    as_stated = (coarse <= fine * (1 + 1e-9)) & ~approx
    lo = np.where(as_stated, top, lo)
    hi = np.where(as_stated, bottom, hi)
    ctx.mark_checked(at[compared[groups.of]])
    with np.errstate(invalid="ignore"):
        gap = lo - hi  # inf - inf for figures beyond float range: decided exactly below
    scale = np.maximum(np.abs(lo), 1.0) * GUARD
    wrong = (gap > scale) & compared
    identical = as_stated & (groups.nunique(signature) == 1)
    # NaN: figures beyond float range, decided exactly unless one is only a lower bound
    # (余/多: its interval is open above, which the exact bounds do not model)
    beyond = np.isnan(gap) & ~groups.any(bounds["lower_bound"])
    undecided = (np.abs(gap) <= scale) | beyond
    for group in np.flatnonzero(undecided & ~identical & compared).tolist():
        exact = [ctx.exact_bounds(i) for i in at[groups.members(group)].tolist()]
        if as_stated[group]:
            wrong[group] = len({b[0] for b in exact}) > 1
        else:
            wrong[group] = max(b[1] for b in exact) > min(b[2] for b in exact)
    findings = []
    for group in np.flatnonzero(wrong).tolist():
        ids = at[groups.members(group)].tolist()
        first = ids[0]
        first_value = ctx.exact_bounds(first)[0]
        shown = []
        for other in ids[1:]:
            raw = describe(ctx.claim(other))
            as_first = ctx.display(ctx.exact_bounds(other)[0], first)
            shown.append(
                f"{raw} (= {as_first})"
                if as_first.replace(" ", "") != str(raw).replace(" ", "")
                else str(raw)
            )
        head = ctx.claim(first)
        expected = ctx.display(first_value, ids[1]) if len(ids) == 2 else describe(head)
        findings.append(
            ctx.finding(
                RULE,
                ids,
                f"the same figure is stated as {describe(head)} and as {', '.join(shown)}",
                f"同一数字前后不一致：{describe(head)} 与 {'、'.join(shown)}",
                stated=str(ctx.claim(ids[-1])["text"]),
                expected=expected,
                fix_en="make both statements of the figure agree",
                fix_zh="统一前后表述",
            )
        )
    return findings


RULE = Rule(
    code="AC301",
    name="key-disagreement",
    severity=Severity.ERROR,
    title_en="the same figure differs between places",
    title_zh="同一数字前后不一致",
    check=check,
)
