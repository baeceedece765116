"""The development corpus: reproduce the gold findings, raise no false alarm on the traps.

Every report is read from ``../shared/corpus`` (the project commits no report text it did
not write); the tests skip with a message where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED_CORPUS

import aircheck.engine as engine
from aircheck.model import Severity


def corpus_file(prefix: str) -> Path:
    found = sorted(SHARED_CORPUS.glob(f"{prefix}_*.txt")) if SHARED_CORPUS.is_dir() else []
    if found:
        return found[0]
    pytest.skip(f"corpus report {prefix} is not available (../shared/corpus absent)")


def findings(prefix: str):  # type: ignore[no-untyped-def]
    return engine.validate(corpus_file(prefix)).findings


ALL = ["01", "02", "03", "04", "05", "06", "07", "08"]


@pytest.mark.parametrize("prefix", ALL)
def test_no_false_error(prefix):
    expected = {"03": {"AC101"}, "05": {"AC101"}}.get(prefix, set())
    errors = {f.code for f in findings(prefix) if f.severity is Severity.ERROR}
    assert errors == expected


def test_03_01_base_of_about_17_8_is_an_error():
    hits = [f for f in findings("03") if f.code == "AC101"]
    assert len(hits) == 1 and hits[0].stated == "31.45" and hits[0].locations[0].line == 7


def test_05_01_plan_in_parentheses_is_an_error():
    hits = [f for f in findings("05") if f.code == "AC101"]
    assert len(hits) == 1 and hits[0].stated == "121.79" and hits[0].locations[0].line == 4


def test_06_08_truncation_is_a_convention_warning():
    hits = [f for f in findings("06") if f.code == "AC102"]
    assert [f.stated for f in hits] == ["87.3"]


def test_04_13_is_at_most_info():
    loud = [f for f in findings("04") if f.severity is not Severity.INFO]
    assert loud == []


@pytest.mark.parametrize("prefix", ["02", "04", "07", "08"])
def test_traps_raise_no_warning(prefix):
    assert [f for f in findings(prefix) if f.severity is not Severity.INFO] == []


def test_01_county_breakdowns_and_rates_above_100_are_checked():
    report = engine.validate(corpus_file("01"))
    assert report.stats["relations"] == {"ratio": 3, "sum": 3}
    assert report.stats["checked"] == report.stats["claims"]


def _mutated(tmp_path: Path, prefix: str, old: str, new: str):  # type: ignore[no-untyped-def]
    text = corpus_file(prefix).read_text("utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / f"{prefix}.txt"
    path.write_text(text.replace(old, new), "utf-8")
    return engine.validate(path)


def test_02_area_counts_add_up_and_a_changed_count_is_caught(tmp_path):
    report = _mutated(tmp_path, "02", "长沙市47 件", "长沙市48 件")
    [finding] = report.findings
    assert finding.code == "AC204" and finding.stated == "116"  # the total, on line 5
    assert {loc.line for loc in finding.locations} == {5, 6}


def test_02_08_only_the_overlap_note_keeps_the_cumulative_counts_unchecked(tmp_path):
    report = _mutated(tmp_path, "02", "(其中有3个举报件同时涉及2个市州)", "")
    assert [(f.code, f.stated) for f in report.findings] == [("AC204", "343")]


def test_03_03_not_started_and_started_make_the_total(tmp_path):
    report = _mutated(tmp_path, "03", "24个项目已开工", "25个项目已开工")
    assert [f.code for f in report.findings if f.severity is Severity.ERROR] == ["AC101", "AC204"]
