"""Each stated figure's review status, for any renderer that shows the draft in place.

A reviewer reads the draft, not a list of findings: every figure gets one colour.
The status of a figure is the worst severity of the findings that point at it first
(the first location of a finding is the figure that is wrong; later ones are its
inputs, which are not to blame); a figure no finding blames is ``ok`` if some rule
checked it, else ``unchecked``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Report, Severity

Status = Literal["error", "warning", "info", "ok", "unchecked"]

#: Statuses from worst to best, as a legend lists them.
STATUSES: tuple[Status, ...] = ("error", "warning", "info", "ok", "unchecked")


@dataclass(frozen=True, slots=True)
class Mark:
    """One figure of the draft: where it is (1-based, end inclusive), and its status.

    For a table, ``column`` and ``end_column`` are the 1-based cell number, not characters.
    ``findings`` are indices into ``report.findings`` of the findings blaming this figure.
    """

    claim_id: str
    file: str
    line: int
    column: int
    end_column: int
    raw: str
    status: Status
    findings: tuple[int, ...] = ()


def _key(file: str, line: int, column: int | None) -> tuple[str, int, int | None]:
    return (file, int(line), None if column is None else int(column))


def blamed(report: Report) -> dict[tuple[str, int, int | None], list[int]]:
    """Finding indices by the (file, line, column) of their first location."""
    out: dict[tuple[str, int, int | None], list[int]] = {}
    for index, finding in enumerate(report.findings):
        if finding.locations:
            first = finding.locations[0]
            out.setdefault(_key(first.file, first.line, first.column), []).append(index)
    return out


def marks(report: Report) -> list[Mark]:
    """One :class:`Mark` per claim of *report*, in the claims' order (dict lookups, O(n))."""
    claims = report.claims
    if claims is None or claims.empty:
        return []
    by_place = blamed(report)
    checked = report.checked_ids
    findings = report.findings
    out: list[Mark] = []
    columns = ("claim_id", "file", "line", "column", "end_column", "raw")
    for claim_id, file, line, column, end_column, raw in zip(
        *(claims[name].tolist() for name in columns)
    ):
        indices = tuple(by_place.get(_key(str(file), line, column), ()))
        status: Status
        if indices:
            worst = max((findings[i].severity for i in indices), key=_rank)
            status = worst.value  # type: ignore[assignment]
        elif claim_id in checked:
            status = "ok"
        else:
            status = "unchecked"
        out.append(
            Mark(
                claim_id=str(claim_id),
                file=str(file),
                line=int(line),
                column=int(column),
                end_column=int(end_column),
                raw=str(raw),
                status=status,
                findings=indices,
            )
        )
    return out


def _rank(severity: Severity) -> int:
    return severity.rank


def counts(items: list[Mark]) -> dict[Status, int]:
    """How many marks have each status, every status present (zero included)."""
    out: dict[Status, int] = dict.fromkeys(STATUSES, 0)
    for mark in items:
        out[mark.status] += 1
    return out
