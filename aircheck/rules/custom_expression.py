"""AC601 custom-expression: a rule pack's own check over named figures fails.

**What it checks.** Rule packs (``--rules pack.yaml``, docs/packs.md) name figures
of a family of reports and state how they must relate: ``completed <= planned``,
``城区 + 郊县 == 全市``, a sum or funnel with its own severity or tolerance. Every
figure is read as the interval its stated precision allows (under the rule's
rounding convention: round, truncate, round-or-truncate or exact), and the check
fails only when it fails for every reading, beyond the rule's tolerance. Where a
figure is missing, ambiguous, only a lower bound (余/多) or in another dimension,
the rule abstains.

**Why it matters.** Each family of reports has relations no generic rule can
know: a county breakdown, a target that may not be exceeded, a stage that must
follow another. Writing them down once checks every month's report.

**Bad:** (pack: ``check: 已联网 <= 设备总数``) 30 台固定遥感设备已联网数量 31 台

**Good:** 30 台固定遥感设备已联网数量 21 台
"""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from .. import expr
from ..model import Finding, Severity
from ..rulebase import Context, Rule, describe
from ..units import UNITS

_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_APPROX = ("约", "大约", "左右", "近")
_LOWER = ("余", "多", "逾", "超")


def check(ctx: Context) -> list[Finding]:
    members = ctx.members("expression")
    if not len(members):
        return []
    rel = members.frame()  # a pack's checks: pandas is already at hand
    specs = rel[rel["role"] == "spec"].set_index("relation_id")["detail"]
    operands = rel[rel["role"] == "operand"]
    findings: list[Finding] = []
    for spec_text, relation_ids in specs.groupby(specs, sort=False).groups.items():
        findings.extend(_check_one(ctx, json.loads(spec_text), operands, list(relation_ids)))
    return findings


def _check_one(
    ctx: Context, spec: dict[str, Any], operands: Any, relation_ids: list[str]
) -> list[Finding]:
    parsed = expr.parse(spec["check"])
    wide = operands[operands["relation_id"].isin(relation_ids)].pivot_table(
        index="relation_id", columns="detail", values="claim_id", aggfunc="first"
    )
    wide = wide.reindex(columns=list(parsed.names)).dropna()
    if wide.empty:
        return []
    rows = len(wide)
    env = {name: _intervals(ctx, wide[name], spec["rounding"]) for name in parsed.names}
    tolerance = _tolerance(spec["tolerance"], env, rows)
    decided, violated = expr.evaluate(parsed, env, rows, tolerance)
    ctx.mark_checked(wide[decided].to_numpy().ravel())
    severity = Severity(spec["severity"]) if spec["severity"] else None
    findings = []
    for i in np.flatnonzero(violated):
        ids = [int(c) for c in wide.iloc[i]]
        sides = _sides(ctx, parsed, env, int(i), wide.iloc[i])
        listed = ", ".join(f"{n} = {describe(ctx.claim(c))}" for n, c in wide.iloc[i].items())
        en = spec["en"] or f"pack {spec['pack']}, rule {spec['name']}: {spec['check']} fails"
        zh = spec["zh"] or f"规则包 {spec['pack']} 的规则 {spec['name']}：{spec['check']} 不成立"
        if sides:
            left, op, right = sides
            en += f": {left} {op} {right} is false"
            zh += f"：{left} {op} {right} 不成立"
        findings.append(
            ctx.finding(
                RULE,
                ids,
                f"{en} ({listed})",
                f"{zh}（{listed}）",
                stated=sides[0] if sides else None,
                expected=f"{sides[1]} {sides[2]}" if sides else None,
                fix_en=f"correct the figures, or the rule at {spec['place']}",
                fix_zh=f"更正相关数字，或修改规则（{spec['place']}）",
                severity=severity,
            )
        )
        findings[-1].rule = f"{RULE.name}:{spec['pack']}/{spec['name']}"  # names the pack rule
    return findings


def _intervals(ctx: Context, claim_ids: Any, rounding: str) -> expr.Interval:
    """The figures as exact intervals in their dimension's base unit."""
    at = claim_ids.to_numpy().astype("int64")  # positions (pivot_table may give floats)
    claims = ctx.claims.loc[at]
    dims = ctx.bound_arrays["dimension"][at].astype(object)
    dims = np.where(dims == "percent", "", dims)
    units = np.where(claims["percent"].to_numpy(), "%", claims["unit"].to_numpy())
    factor = [UNITS[u].factor if u in UNITS else Fraction(1) for u in units]
    value = np.array(
        [Fraction(Decimal(t)) * f for t, f in zip(claims["text"], factor)], dtype=object
    )
    power = (claims["magnitude"] - claims["decimals"]).to_numpy()
    step = np.array([Fraction(10) ** int(p) * f for p, f in zip(power, factor)], dtype=object)
    approx = claims["qualifier"].isin(_APPROX).to_numpy()
    exact_count = (
        np.char.startswith(dims.astype(str), "count:")
        & (claims["decimals"].to_numpy() == 0)
        & (claims["magnitude"].to_numpy() == 0)
        & ~approx
    )
    below, above = {
        "round": (Fraction(1, 2), Fraction(1, 2)),
        "truncate": (Fraction(0), Fraction(1)),
        "round-or-truncate": (Fraction(1, 2), Fraction(1)),
        "exact": (Fraction(0), Fraction(0)),
    }[rounding]
    width = np.where(exact_count, expr.scalar(Fraction(0)), step)
    slack = np.array(
        [
            Fraction(ctx.options.approx_tolerance) * abs(v) if a else Fraction(0)
            for v, a in zip(value, approx)
        ],
        dtype=object,
    )
    lo = value - np.where(approx, width / 2, width * below) - slack
    hi = value + np.where(approx, width / 2, width * above) + slack
    unknown = claims["qualifier"].isin(_LOWER).to_numpy()
    return expr.Interval(
        value, lo, hi, dims, unknown, step=np.where(approx, expr.scalar(None), step)
    )


def _tolerance(text: str, env: dict[str, expr.Interval], rows: int) -> np.ndarray:
    """Absolute slack per row: a number in the base unit, or a percentage of the largest figure."""
    if not text:
        return np.full(rows, Fraction(0), dtype=object)
    if text.endswith("%"):
        share = Fraction(Decimal(text[:-1])) / 100
        biggest = np.maximum.reduce([abs(i.value) for i in env.values()])
        return np.asarray(biggest * share, dtype=object)
    return np.full(rows, Fraction(Decimal(text)), dtype=object)


def _sides(
    ctx: Context, parsed: expr.Expression, env: Any, row: int, ids: Any
) -> tuple[str, str, str] | None:
    """(left, op, right) with both sides computed, for a single top-level comparison."""
    body = parsed.tree.body
    if not isinstance(body, ast.Compare) or len(body.ops) != 1:
        return None
    one = {name: _row(interval, row) for name, interval in env.items()}
    evaluator = expr._Evaluator(parsed.source, one, 1, np.array([Fraction(0)], dtype=object))
    shown = []
    for node in (body.left, body.comparators[0]):
        value = evaluator.value(node).value[0]
        like = next(
            (ids[n.id] for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in ids), None
        )
        if like is None:
            return None
        shown.append(ctx.display(value, like))
    return shown[0], _OPS[type(body.ops[0])], shown[1]


def _row(interval: expr.Interval, i: int) -> expr.Interval:
    step = interval.step[i : i + 1] if interval.step is not None else None
    return expr.Interval(
        interval.value[i : i + 1],
        interval.lo[i : i + 1],
        interval.hi[i : i + 1],
        interval.dim[i : i + 1],
        interval.unknown[i : i + 1],
        step=step,
    )


RULE = Rule(
    code="AC601",
    name="custom-expression",
    severity=Severity.ERROR,
    title_en="a rule pack's check fails",
    title_zh="规则包中的自定义检查不成立",
    check=check,
)
