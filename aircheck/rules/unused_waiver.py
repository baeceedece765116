"""AC802 unused-waiver: a waiver that matches no finding.

**What it checks.** Every waiver names a finding by its fingerprint (shown in
``--format json`` as ``fingerprint``). A waiver whose finding no longer occurs
(the figure was corrected, or the text around it changed) is reported.

**Why it matters.** Stale waivers pile up and may one day silence a new finding
that happens to share a fingerprint.

**Bad:** a waiver for a rate that has since been corrected

**Good:** remove the waiver once its finding is gone
"""

from __future__ import annotations

from ..model import Severity
from ..rulebase import Rule

RULE = Rule(
    code="AC802",
    name="unused-waiver",
    severity=Severity.INFO,
    title_en="waiver matches no finding",
    title_zh="豁免未匹配任何问题",
    check=None,
)
