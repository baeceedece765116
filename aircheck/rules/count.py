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

from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe


def check(ctx: Context) -> list[Finding]:
    rel = ctx.relations_of("count")
    if rel.empty:
        return []
    totals = rel[rel["role"] == "total"].set_index("relation_id")
    listed = rel[rel["role"] == "item"].groupby("relation_id").size()
    frame = totals.join(listed.rename("listed")).dropna(subset=["listed"])
    stated = ctx.claims.loc[frame["claim_id"].to_numpy(), "value"].to_numpy()
    frame = frame.assign(stated=stated)
    ctx.mark_checked(frame["claim_id"])
    soft = frame["detail"].str.contains("等", regex=False)
    hard_wrong = ~soft & (frame["listed"] != frame["stated"])
    too_many = frame["listed"] > frame["stated"]
    soft_short = soft & (frame["listed"] < frame["stated"])
    findings = []
    for relation_id, row in frame[hard_wrong | too_many | soft_short].iterrows():
        claim = ctx.claims.loc[row["claim_id"]]
        n = int(row["listed"])
        names = rel.loc[(rel["relation_id"] == relation_id) & (rel["role"] == "item"), "detail"]
        severity = (
            Severity.WARNING
            if soft_short[relation_id] and not too_many[relation_id]
            else Severity.ERROR
        )
        findings.append(
            ctx.finding(
                RULE,
                [row["claim_id"]],
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
