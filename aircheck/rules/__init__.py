"""The rule registry: one module per rule, listed here in code order.

Import is lazy: ``aircheck rules`` and ``explain`` load only this list and the
modules, never pandas.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from ..rulebase import Rule

RULE_MODULES: tuple[str, ...] = (
    "rate_mismatch",
    "rate_convention",
    "rate_input_rounding",
    "rate_unpaired",
    "rate_convention_summary",
    "rate_fraction",
    "part_whole",
    "negative",
    "funnel",
    "sums",
    "shares_sum",
    "count",
    "agreement",
    "unknown_unit",
    "unit_mismatch",
    "bare_magnitude",
    "unreadable",
    "schema",
    "tracked_changes",
    "custom_expression",
    "cumulative_decrease",
    "target_changed",
    "ytd_sum",
    "period_unknown",
    "expired_waiver",
    "unused_waiver",
)


def severities(rule: Rule) -> tuple[str, ...]:
    """Every severity *rule* reports: its default, then the module's ``ALSO`` (a rule such as
    AC502 reports an unknown header as info and a broken row as error)."""
    module = import_module(f"{__name__}.{rule.module}") if rule.module else None
    also = getattr(module, "ALSO", ())
    return (rule.severity.value, *(s.value for s in also if s is not rule.severity))


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    rules = []
    for name in RULE_MODULES:
        module = import_module(f"{__name__}.{name}")
        rule: Rule = module.RULE
        rules.append(
            Rule(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                title_en=rule.title_en,
                title_zh=rule.title_zh,
                check=rule.check,
                doc=(module.__doc__ or "").strip(),
                module=name,
            )
        )
    return tuple(sorted(rules, key=lambda r: r.code))


def get_rule(code_or_name: str) -> Rule | None:
    """The rule with this code (``AC101``) or name (``rate-mismatch``), case-insensitive."""
    wanted = code_or_name.strip().lower()
    return next((r for r in all_rules() if wanted in (r.code.lower(), r.name)), None)
