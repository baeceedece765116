"""Flattened tables: each case file under ``tests/cases/tables`` holds a table as a page
flattens it, the relations its data must show, and changed copies whose changed cell
must be found at its line (the unchanged table gives no finding)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import aircheck.engine as engine
from aircheck.model import Severity

CASES = Path(__file__).parent / "cases" / "tables"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        case = yaml.safe_load(path.read_text("utf-8"))
        params.append(pytest.param(case, None, id=f"{path.stem}-clean"))
        for n, changed in enumerate(case.get("changed") or [], start=1):
            params.append(pytest.param(case, changed, id=f"{path.stem}-changed{n}"))
    return params


def _loud(report: Any) -> list[list[object]]:
    return sorted(
        [f.code, f.locations[0].line]
        for f in report.findings
        if f.severity is not Severity.INFO and f.code != "AC105"
    )


@pytest.mark.parametrize(("case", "changed"), _cases())
def test_table_case(tmp_path: Path, case: dict[str, Any], changed: dict[str, Any] | None) -> None:
    text = case["text"]
    if changed is not None:
        old, new = changed["replace"]
        assert text.count(old) == 1, f"{old!r} must occur once"
        text = text.replace(old, new)
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    report = engine.validate(path)
    if changed is None:
        assert report.stats["relations"] == case["relations"]
        assert _loud(report) == sorted(case["findings"])
    else:
        assert _loud(report) == sorted(changed["findings"]), changed["about"]


def _corpus(prefix: str) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@pytest.mark.parametrize(("prefix", "floor"), [("14", 76), ("16", 22)])
def test_corpus_tables_are_checked_without_false_alarm(prefix: str, floor: int) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import real_score

    path = _corpus(prefix)
    score = real_score.score(prefix, path, CORPUS / f"{prefix}.gold.csv")
    assert score.false_alarms == []
    assert score.checked["table"] >= floor  # measured: 14 gives 76 of 78, 16 gives 22 of 24


def _row_sums(tmp_path: Path, first_total: str) -> Any:
    big = "1" + "0" * 309  # beyond the float range: the columns' float screen overflowed
    rows = [("甲", first_total, big, big), ("乙", 50, 20, 30), ("丙", 70, 30, 40)]
    rows += [("丁", 90, 40, 50), ("戊", 11, 5, 6)]
    text = "| 项目 | 合计(个) | 城区(个) | 郊县(个) |\n|---|---|---|---|\n"
    text += "".join(f"| {name} | {a} | {b} | {c} |\n" for name, a, b, c in rows)
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    return engine.validate(path)


def test_a_table_cell_beyond_the_float_range_is_checked_exactly(tmp_path: Path) -> None:
    """A 310-digit cell raised OverflowError while a table's relations were looked for;
    its row is judged by exact arithmetic like any other."""
    assert _row_sums(tmp_path, "2" + "0" * 309).stats["relations"] == {"sum": 5}
    assert _loud(_row_sums(tmp_path, "2" + "0" * 309)) == []
    assert _loud(_row_sums(tmp_path, "2" + "0" * 308 + "1")) == [["AC204", 3]]


def test_a_table_ratio_that_overflows_floats_is_checked_exactly(tmp_path: Path) -> None:
    """Cells near 10^306 fit a float, their ratio × 100 does not: the float screen used to
    reject such rows unseen, so the table's rates went unchecked; exact arithmetic decides."""
    zeros = "0" * 306
    rows = [("甲区", "4", "2", "50.0"), ("乙区", "4", "3", "75.0"), ("丙区", "8", "5", "62.5")]
    rows.append(("丁区", "10", "9", "80.0"))  # 9/10 is 90.0
    text = "| 地区 | 计划(个) | 完成(个) | 完成率(%) |\n|---|---|---|---|\n"
    text += "".join(f"| {n} | {p}{zeros} | {c}{zeros} | {r} |\n" for n, p, c, r in rows)
    path = tmp_path / "report.md"
    path.write_text(text, "utf-8")
    report = engine.validate(path)
    assert report.stats["relations"] == {"ratio": 4}
    assert _loud(report) == [["AC101", 6]]
