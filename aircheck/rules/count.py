"""AC205 count-mismatch: a stated count that differs from the names listed.

**What it checks.** Enumerations such as "在格力电器、上汽郑州分公司、郑州日产、宇通客车、
华威耐材等 5 家企业": the number of names listed must equal the count stated. With
等 ("and others") more may exist than are listed, so fewer names than the count
is only a warning; more names than the count is always an error.

**Why it matters.** A name added to a list without updating the count (or the
reverse) is a common slip in drafts that pass through several hands.

**Bad:** 在格力电器、上汽郑州分公司、郑州日产等 5 家企业 (3 names, no 等-reading helps)

**Good:** 在格力电器、上汽郑州分公司、郑州日产 3 家企业
"""

from __future__ import annotations

import numpy as np

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    rel = ctx.members("count")
    if not len(rel):
        return []
    groups = rel.groups()
    items = rel.roles == "item"  # an item is a name: it may name no claim
    listed = groups.count(items)
    totals = np.flatnonzero((rel.roles == "total") & (rel.claims >= 0))
    totals = totals[listed[groups.of[totals]] > 0]
    ctx.mark_checked(rel.claims[totals])
    findings = []
    for at in totals.tolist():
        group, claim_id = int(groups.of[at]), int(rel.claims[at])
        claim = ctx.claim(claim_id)
        n, stated = int(listed[group]), claim["value"]
        if n == stated:
            continue
        rows = groups.members(group)
        names = rel.details[rows][items[rows]].tolist()
        # 等 ("and others"): more may exist than are listed, so fewer is only a warning
        short_of_others = n < stated and "等" in str(rel.details[at])
        severity = Severity.WARNING if short_of_others else Severity.ERROR
        findings.append(
            ctx.finding(
                RULE,
                [claim_id],
                f"count {describe(claim)} but {n} listed: {'、'.join(names)}",
                f"所称数量 {describe(claim)} 与所列 {n} 项不符：{'、'.join(names)}",
                stated=claim["text"],
                expected=str(n),
                fix_en=f"write {n} or complete the list",
                fix_zh=f"改为 {n} 或补全名单",
                severity=severity,
            )
        )
    return findings


#: a list closed by 等 that names fewer items than its count is a warning
ALSO = (Severity.WARNING,)

RULE = Rule(
    code="AC205",
    name="count-mismatch",
    severity=Severity.ERROR,
    title_en="stated count differs from the names listed",
    title_zh="所称数量与列举项数不符",
    check=check,
)
