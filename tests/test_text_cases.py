"""Report text as data: each file under ``tests/cases/text`` holds one sentence shape, with
``pass`` cases (no error or warning) and ``fail`` cases (one changed figure, found with its
rule at its line). The format is described in ``tests/cases/text/README.md``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import aircheck.engine as engine
from aircheck.model import Finding, Report, Severity

CASES = Path(__file__).parent / "cases" / "text"
KEYS = {"text", "relations", "findings", "message", "xfail", "about"}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), f"{path.name}: a mapping with about, pass and fail"
    assert set(data) <= {"about", "pass", "fail"}, f"{path.name}: unknown keys {set(data)}"
    return data


def _params() -> list[Any]:
    params: list[Any] = []
    for path in sorted(CASES.glob("*.yaml")):
        data = _load(path)
        for kind in ("pass", "fail"):
            for n, case in enumerate(data.get(kind) or [], start=1):
                marks: list[pytest.MarkDecorator] = []
                if case.get("xfail"):
                    marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
                params.append(pytest.param(kind, case, id=f"{path.stem}/{kind}-{n}", marks=marks))
    return params


def _loud(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity is not Severity.INFO]


def _where(findings: list[Finding]) -> list[tuple[str, int]]:
    return sorted((f.code, f.locations[0].line) for f in findings)


def _shown(findings: list[Finding]) -> str:
    return "\n".join(f"{f.code} line {f.locations[0].line}: {f.message()}" for f in findings)


@pytest.mark.parametrize(("kind", "case"), _params())
def test_text_case(tmp_path: Path, kind: str, case: dict[str, Any]) -> None:
    assert set(case) <= KEYS, f"unknown keys {set(case) - KEYS}"
    path = tmp_path / "report.txt"
    path.write_text(case["text"], "utf-8")
    report = engine.validate(path)
    loud = _loud(report)
    if kind == "pass":
        assert "findings" not in case, "a pass case expects no finding"
        assert loud == [], _shown(loud)
    else:
        expected = sorted((f["code"], f["line"]) for f in case["findings"])
        assert expected, "a fail case expects at least one finding"
        assert _where(loud) == expected, _shown(loud)
    for relation_kind, count in (case.get("relations") or {}).items():
        found = report.stats["relations"].get(relation_kind, 0)
        assert found == count, f"{relation_kind}: {found} relations, expected {count}"
    if case.get("message"):
        messages = [m for f in loud for m in f.messages.values()]
        assert any(case["message"] in m for m in messages), _shown(loud)
