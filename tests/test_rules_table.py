"""End to end on the seed table: the five truncations, and every kind of broken figure."""

from __future__ import annotations

import pytest
from conftest import SEED_TABLE, VARIANTS, codes_at

import aircheck
from aircheck.rules import all_rules


def test_seed_table_gives_the_five_truncation_warnings():
    report = aircheck.validate(SEED_TABLE)
    truncated = [
        (f.locations[0].line, f.stated, f.expected) for f in report.findings if f.code == "AC102"
    ]
    assert truncated == [
        (2, "69.8", "69.9"),
        (4, "128.7", "128.8"),
        (8, "89.7", "89.8"),
        (15, "67.3", "67.4"),
        (16, "82.2", "82.3"),
    ]
    assert report.convention == "truncation"
    assert [f.code for f in report.findings if f.code == "AC105"] == ["AC105"]
    assert report.ok and report.exit_code() == 0
    assert report.counts()["error"] == 0


@pytest.mark.parametrize(
    ("variant", "code", "line"),
    [
        ("rate-error.csv", "AC101", 2),
        ("part-exceeds-whole.csv", "AC201", 17),
        ("key-disagreement.csv", "AC301", 8),
        ("unreadable-cell.csv", "AC501", 16),
    ],
)
def test_a_changed_figure_is_an_error_at_its_line(variant, code, line):
    report = aircheck.validate(VARIANTS / variant)
    errors = [(f.code, f.locations[0].line) for f in report.findings if f.severity.value == "error"]
    assert errors == [(code, line)]
    assert report.exit_code() == 1


def table(tmp_path, body: str):
    path = tmp_path / "t.csv"
    path.write_text("section,item,unit,planned,completed,rate,kind,key\n" + body, "utf-8")
    return aircheck.validate(path)


def test_key_agreement_converts_units(tmp_path):
    ok = table(tmp_path, "一,a,公顷,,1161.14,,,mine\n二,b,亩,,约17417,,,mine\n")
    assert ok.findings == []
    bad = table(tmp_path, "一,a,公顷,,1161.14,,,mine\n二,b,亩,,约17517,,,mine\n")
    assert codes_at(bad) == [("AC301", 2)]
    assert bad.findings[0].locations[1].line == 3


def test_same_precision_repeats_must_read_the_same(tmp_path):
    assert codes_at(table(tmp_path, "一,a,个,,16,,,k\n二,b,个,,17,,,k\n")) == [("AC301", 2)]


def test_counting_units_never_compare(tmp_path):
    report = table(tmp_path, "一,a,家,,15,,,k\n二,b,个,,15,,,k\n")
    assert [f.code for f in report.findings] == ["AC402"]


def test_negative_and_unknown_unit_and_bare_magnitude(tmp_path):
    report = table(tmp_path, "一,a,公倾,-5,3,,,\n一,b,亿,,101.76,,,\n")
    codes = sorted(f.code for f in report.findings)
    assert codes == ["AC104", "AC202", "AC401", "AC403"]


def test_select_and_ignore(tmp_path):
    path = VARIANTS / "rate-error.csv"
    assert {f.code for f in aircheck.validate(path, select=("AC101",)).findings} == {"AC101"}
    assert "AC102" not in {f.code for f in aircheck.validate(path, ignore=("AC10",)).findings}


def test_truncation_can_be_accepted():
    report = aircheck.validate(SEED_TABLE, rounding="truncate")
    assert not [f for f in report.findings if f.code in ("AC102", "AC105")]


def test_every_rule_is_documented():
    for rule in all_rules():
        assert rule.code.startswith("AC") and len(rule.code) == 5
        assert "**Bad" in rule.doc and "**Good" in rule.doc, rule.code
        assert rule.title_en and rule.title_zh
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
