"""AC501 unreadable-cell: a cell of a figure column that is not a number.

**What it checks.** Reported while reading a table: a ``planned``, ``completed``
or ``rate`` cell that cannot be read as a figure (``69,8%``, ``n/a``, ``三十``).
The rest of the row and of the table is still checked; the row is never dropped.

An XLSX formula cell without a saved value (a workbook written by a program
that does not calculate, such as a script with openpyxl) is reported too: aircheck
reads the value Excel or WPS saved, never the formula.

**Why it matters.** A figure aircheck cannot read is a figure nobody checked.

**Bad:** 完成率 ``about 70``

**Good:** 完成率 ``约70%``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding, Location, Severity
from ..rulebase import Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..tables import Table

RULE = Rule(
    code="AC501",
    name="unreadable-cell",
    severity=Severity.ERROR,
    title_en="cell is not a number",
    title_zh="单元格不是数字",
    check=None,
)


def formula_findings(table: Table) -> list[Finding]:
    """An AC501 finding for each formula cell of a read column that has no saved value."""
    from ..tables import header_of

    by_number = {n: c for c, n in table.frame.attrs.get("column_numbers", {}).items()}
    findings = []
    for line, number, formula in table.frame.attrs.get("uncached_formulas", []):
        column = by_number.get(number)
        if column is None:
            continue  # a column aircheck does not read
        findings.append(
            Finding(
                code=RULE.code,
                rule=RULE.name,
                severity=RULE.severity,
                messages={
                    "en": "formula without a saved value: open and save the file in Excel "
                    f"or WPS (cell {column!r} holds {formula})",
                    "zh": "公式没有保存的计算结果：请在 Excel 或 WPS 中打开并保存该文件"
                    f"（“{header_of(table, column)}”列为 {formula}）",
                },
                locations=[Location(table.file, line, number, formula)],
                stated=formula,
                fixes={
                    "en": "open the workbook in Excel or WPS, save it, and check it again",
                    "zh": "在 Excel 或 WPS 中打开并保存工作簿后重新检查",
                },
            )
        )
    return findings
