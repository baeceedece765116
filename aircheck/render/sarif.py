"""A report as SARIF 2.1.0, the format code-review systems read (GitHub code scanning, IDEs).

Why SARIF: a team that keeps its reports in a repository gets each finding as an
annotation on the line, and a waived finding as a suppressed one. The output is
deterministic: the same report gives the same bytes, so it can be diffed and cached.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..i18n import word
from ..model import Finding, Location, Report, Severity
from ..tables import TABLE_SUFFIXES  # their locations name a cell, not characters of a line

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
#: Where a reader of the SARIF log learns about the tool (the rule docs are in the log itself).
INFORMATION_URI = "https://pypi.org/project/aircheck/"
FINGERPRINT_KEY = "aircheckFingerprint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(report: Report, lang: str = "en") -> str:
    """The SARIF log of *report*, messages in *lang*, as indented JSON."""
    return json.dumps(sarif_log(report, lang), ensure_ascii=False, indent=2) + "\n"


def sarif_log(report: Report, lang: str = "en") -> dict[str, Any]:
    """The SARIF log as a dict: one run, the rules, one result per finding (waived ones suppressed)."""
    from .. import __version__

    rules = _rules(report, lang)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_result(f, index, lang) for f in report.findings]
    for finding, reason in report.waived:
        result = _result(finding, index, lang)
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": reason}
        ]
        results.append(result)
    driver = {
        "name": "aircheck",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "artifacts": [
            {"location": {"uri": _uri(f)}, "roles": ["analysisTarget"]} for f in report.files
        ],
        "columnKind": "unicodeCodePoints",
        "language": lang,
        "results": results,
        "properties": {"summary": report.summary()},
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def _rules(report: Report, lang: str) -> list[dict[str, Any]]:
    """Every rule of the registry, in code order, then any code only a finding names (a pack's)."""
    from ..rules import all_rules

    out = []
    for rule in all_rules():
        title = rule.title_zh if lang == "zh" else rule.title_en
        doc = rule.doc or title
        out.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": title},
                "fullDescription": {"text": _first_paragraph(doc)},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
            }
        )
    known = {rule["id"] for rule in out}
    findings = [*report.findings, *(f for f, _ in report.waived)]
    for code in sorted({f.code for f in findings} - known):
        example = next(f for f in findings if f.code == code)
        out.append(
            {
                "id": code,
                "name": example.rule or code,
                "shortDescription": {"text": example.rule or code},
                "defaultConfiguration": {"level": LEVELS[example.severity]},
            }
        )
    return out


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n", 1)[0].split())


def _result(finding: Finding, index: dict[str, int], lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding, lang)},
    }
    if finding.locations:
        result["locations"] = [{"physicalLocation": _physical(finding.locations[0])}]
    related = [
        {"id": i, "physicalLocation": _physical(loc), "message": {"text": loc.text or loc.file}}
        for i, loc in enumerate(finding.locations[1:], start=1)
    ]
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    properties = {
        "rule": finding.rule,
        "stated": finding.stated,
        "expected": finding.expected,
        "fix": finding.fix(lang) or None,
        "section": finding.locations[0].section if finding.locations else None,
    }
    result["properties"] = {k: v for k, v in properties.items() if v}
    return result


def _message(finding: Finding, lang: str) -> str:
    """The message, then the fix: a code-review annotation shows only this text."""
    text = finding.message(lang)
    fix = finding.fix(lang)
    if fix:
        text += (
            f"（{word('fix', lang)}：{fix}）" if lang == "zh" else f" ({word('fix', lang)}: {fix})"
        )
    return text


def _physical(loc: Location) -> dict[str, Any]:
    """artifactLocation and region; SARIF's endColumn is exclusive, ours inclusive."""
    out: dict[str, Any] = {"artifactLocation": {"uri": _uri(loc.file)}}
    if loc.line < 1:
        return out
    region: dict[str, Any] = {"startLine": loc.line}
    table = Path(loc.file).suffix.lower() in TABLE_SUFFIXES
    if loc.column is not None and not table:
        region["startColumn"] = loc.column
        region["endColumn"] = (loc.end_column or loc.column) + 1
    if loc.text:
        region["snippet"] = {"text": loc.text}
    properties: dict[str, int] = {}
    if loc.column is not None and table:  # a cell: its column number, not a character
        properties["tableColumn"] = loc.column
    if loc.page is not None and loc.page_line is not None:  # PDF: where a printout shows it
        properties.update(page=loc.page, pageLine=loc.page_line)
    if properties:
        region["properties"] = properties
    out["region"] = region
    return out


def _uri(file: str) -> str:
    """A relative URI (from the working directory) where the file is below it; else file://."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(str(PurePosixPath(*path.parts)) if path.parts else file, safe="/")


__all__ = ["render_sarif", "sarif_log"]
