"""AC704 period-unknown: a report that cannot be placed in its series.

**What it checks.** When several reports are validated together, each needs a
period to be compared with the others: ``--period 2021-06``, a title that names
the month (``关于6月份…的通报``, ``1—5月``), or a ``2021-06`` in the file name.
A report without one is still checked on its own, but not across reports.

**Why it matters.** Cross-report checks (AC701–AC703) silently skipping a
report would look like a clean result.

**Bad:** ``aircheck validate report.csv other.csv`` (no period anywhere)

**Good:** ``aircheck validate report.csv other.csv --period 2021-05 --period 2021-06``
"""

from __future__ import annotations

from ..model import Severity
from ..rulebase import Rule

RULE = Rule(
    code="AC704",
    name="period-unknown",
    severity=Severity.INFO,
    title_en="report period unknown; not compared across reports",
    title_zh="报告期间无法判定，未跨期比对",
    check=None,
)
