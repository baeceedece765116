"""AC801 expired-waiver: a waiver past its expiry date.

**What it checks.** Each entry of ``.aircheck-waivers.yaml`` (or ``--waivers FILE``)
may carry ``expires: 2021-12-31``. After that date the waiver no longer silences
its finding, which is reported again, and this warning points at the waiver.

**Why it matters.** An accepted exception ("the 6月 figure is provisional") should
be looked at again, not accepted forever.

**Bad:** ``expires: 2021-06-30`` on a waiver still in use in December

**Good:** renew the date with a new reason, or remove the waiver
"""

from __future__ import annotations

from ..model import Severity
from ..rulebase import Rule

RULE = Rule(
    code="AC801",
    name="expired-waiver",
    severity=Severity.WARNING,
    title_en="waiver has expired",
    title_zh="豁免已过期",
    check=None,
)
