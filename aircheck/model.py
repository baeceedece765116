"""Findings and reports: what a check says, and where."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


#: ``--fail-on`` thresholds: the lowest rank that fails a run (never: none does).
FAIL_ON_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the file the user gave: 1-based line (a CSV header is line 1)."""

    file: str
    line: int
    column: int | None = None
    text: str = ""
    section: str = ""
    end_column: int | None = None
    subject: str = ""  # the item the figure belongs to; part of the fingerprint, not shown
    page: int | None = None  # PDF: the page, and the line counted on that page
    page_line: int | None = None

    @property
    def place(self) -> str:
        """``15``, or for a PDF ``p2:7``: page 2, line 7 counted from the page's top."""
        if self.page is None:
            return str(self.line)
        return f"p{self.page}:{self.page_line}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "line": self.line}
        if self.column is not None:
            out["column"] = self.column
        if self.end_column is not None:
            out["end_column"] = self.end_column
        if self.page is not None:
            out["page"] = self.page
            out["page_line"] = self.page_line
        if self.section:
            out["section"] = self.section
        if self.text:
            out["text"] = self.text
        return out


def page_of(pages: tuple[int, ...], line: int) -> tuple[int | None, int | None]:
    """The page of a 1-based *line* and its line number on that page, or (None, None).

    *pages* holds the page of each line of a PDF's text (``ClaimSet.pages``); a reviewer
    looking at the printed page counts lines from its top, not from the file's start.
    """
    if not 1 <= line <= len(pages) or not pages[line - 1]:
        return None, None
    page = pages[line - 1]
    first = line
    while first > 1 and pages[first - 2] == page:
        first -= 1
    return page, line - first + 1


@dataclass(slots=True)
class Finding:
    """One discrepancy: the rule, the numbers, the computed value and the fix."""

    code: str
    severity: Severity
    messages: dict[str, str]
    locations: list[Location]
    stated: str | None = None
    expected: str | None = None
    fixes: dict[str, str] = field(default_factory=dict)
    rule: str = ""

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages["en"]

    def fix(self, lang: str = "en") -> str:
        return self.fixes.get(lang) or self.fixes.get("en", "")

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere: rule, section, subject, quoted text, stated value.

        No line numbers or file names: inserting a paragraph above, or renaming the
        file, keeps the fingerprint; changing the figure itself does not.
        """
        anchor = "|".join(f"{loc.section}#{loc.subject}#{loc.text}" for loc in self.locations)
        payload = f"{self.code}|{self.rule}|{anchor}|{self.stated}"
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message(lang),
            "locations": [loc.to_dict() for loc in self.locations],
        }
        if self.stated is not None:
            out["stated"] = self.stated
        if self.expected is not None:
            out["expected"] = self.expected
        if self.fixes:
            out["fix"] = self.fix(lang)
        out["fingerprint"] = self.fingerprint
        return out

    def sort_key(self) -> tuple[str, int, int, str]:
        first = self.locations[0] if self.locations else Location("", 0)
        return (first.file, first.line, first.column or 0, self.code)


@dataclass(slots=True, init=False)
class Report:
    """Findings plus what was checked; ``ok`` is False when any error was found.

    ``claims``, ``relations`` and ``checked_ids`` may be given as functions that make
    them: at a million table rows the string ids they hold cost seconds and hundreds of
    megabytes, and most runs (the terminal, JSON) never read them.
    """

    findings: list[Finding]
    files: list[str]
    convention: str
    stats: dict[str, Any]
    #: why a figure was left unchecked, by claim id (``--show-unchecked``)
    reasons: dict[str, str]
    #: findings accepted by a waiver, with its reason; not in ``findings``, not in the exit code
    waived: list[tuple[Finding, str]]
    _claims: Any
    _relations: Any
    _checked_ids: Any

    def __init__(
        self,
        findings: list[Finding],
        files: list[str],
        claims: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
        relations: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
        convention: str = "undetermined",
        stats: dict[str, Any] | None = None,
        checked_ids: frozenset[str] | Callable[[], frozenset[str]] = frozenset(),
        reasons: dict[str, str] | None = None,
        waived: list[tuple[Finding, str]] | None = None,
    ) -> None:
        self.findings = findings
        self.files = files
        self._claims = claims
        self._relations = relations
        self.convention = convention
        self.stats = stats if stats is not None else {}
        self._checked_ids = checked_ids
        self.reasons = reasons if reasons is not None else {}
        self.waived = waived if waived is not None else []

    @property
    def claims(self) -> pd.DataFrame | None:
        if callable(self._claims):
            self._claims = self._claims()
        return self._claims  # type: ignore[no-any-return]

    @property
    def relations(self) -> pd.DataFrame | None:
        if callable(self._relations):
            self._relations = self._relations()
        return self._relations  # type: ignore[no-any-return]

    @property
    def checked_ids(self) -> frozenset[str]:
        if callable(self._checked_ids):
            self._checked_ids = self._checked_ids()
        return self._checked_ids  # type: ignore[no-any-return]

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def exit_code(self, fail_on: str = "error") -> int:
        threshold = FAIL_ON_RANK[fail_on]
        return 1 if any(f.severity.rank >= threshold for f in self.findings) else 0

    def summary(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "counts": self.counts(),
            "convention": self.convention,
            **self.stats,
        }

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": 1,
            "summary": self.summary(),
            "findings": [f.to_dict(lang) for f in self.findings],
        }
        if self.waived:
            out["waived"] = [{**f.to_dict(lang), "reason": why} for f, why in self.waived]
        return out

    def to_json(self, lang: str = "en", indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per finding (first location), for analysis in pandas."""
        import pandas as pd

        rows = []
        for f in self.findings:
            loc = f.locations[0] if f.locations else Location("", 0)
            rows.append(
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "file": loc.file,
                    "line": loc.line,
                    "column": loc.column,
                    "section": loc.section,
                    "stated": f.stated,
                    "expected": f.expected,
                    "message": f.message(lang),
                    "fingerprint": f.fingerprint,
                }
            )
        columns = [
            "code", "severity", "file", "line", "column", "section",
            "stated", "expected", "message", "fingerprint",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)
