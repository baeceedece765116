"""AC501 unreadable-cell: a cell of a figure column that is not a number.

**What it checks.** Reported while reading a table: a ``planned``, ``completed``
or ``rate`` cell that cannot be read as a figure (``69,8%``, ``n/a``, ``三十``).
The rest of the row and of the table is still checked; the row is never dropped.

**Why it matters.** A figure aircheck cannot read is a figure nobody checked.

**Bad:** 完成率 ``about 70``

**Good:** 完成率 ``约70%``
"""

from __future__ import annotations

from ..model import Severity
from ..rulebase import Rule

RULE = Rule(
    code="AC501",
    name="unreadable-cell",
    severity=Severity.ERROR,
    title_en="cell is not a number",
    title_zh="单元格不是数字",
    check=None,
)
