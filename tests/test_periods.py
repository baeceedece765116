"""Several reports of one series: periods, cumulative figures, targets, year-to-date sums."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TABLE, SEED_TEXT

import aircheck
from aircheck.cli import main
from aircheck.errors import AircheckError
from aircheck.periods import Period, detect, from_text, parse_period

MAY_TABLE = FIXTURES / "seed_table_2021-05.csv"
MAY_TEXT = FIXTURES / "seed_zhengzhou_2021-05.txt"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def errors(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in report.findings if f.severity.value == "error"]


def test_period_from_title_and_text():
    assert detect(str(SEED_TEXT)) == Period(2021, 6)
    assert detect(str(MAY_TEXT)) == Period(2021, 5)
    assert from_text("关于2021年1—5月重点工作进展情况的通报\n") == Period(2021, 5, 1)
    assert from_text("关于十二月份大气污染防治进展情况的通报\n2020年") == Period(2020, 12)
    assert from_text("no title here") is None
    assert from_text("农村公路建设完成情况(截至11月25日)\n2015年") == Period(2015, 11)
    assert from_text("縣重點項目2024年1-4月投資進展") == Period(2024, 4, 1)
    assert from_text("全市民生工程建设上半年完成情况\n今年") == Period(None, 6, 1)
    assert from_text("标题\n萧县9月份民生工程进展情况\n2025年全县") == Period(2025, 9)


def test_period_from_file_name_and_flag():
    assert detect(str(MAY_TABLE)) == Period(2021, 5)
    assert detect(str(SEED_TABLE)) is None
    assert parse_period("2021-06") == Period(2021, 6)
    assert parse_period("2021年6月") == Period(2021, 6)
    with pytest.raises(AircheckError):
        parse_period("June")


def test_two_months_of_the_seed_tables_validate_cleanly_together():
    report = aircheck.validate([MAY_TABLE, SEED_TABLE], periods=("", "2021-06"))
    assert errors(report) == []
    assert not [f for f in report.findings if f.code.startswith("AC7")]
    assert report.stats["relations"]["cumulative"] >= 20
    assert report.stats["relations"]["target"] >= 10


def test_two_months_with_the_family_pack_on_the_cli():
    result = run(
        "validate", SEED_TABLE, MAY_TABLE, "--period", f"{SEED_TABLE}=2021-06",
        "--rules", "zhengzhou-air", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["counts"]["error"] == 0
    assert not [f for f in data["findings"] if f["code"].startswith("AC7")]


def _may(tmp_path, old: str, new: str):
    text = MAY_TABLE.read_text("utf-8")
    assert old in text
    path = tmp_path / "zz_2021-05.csv"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_a_may_cumulative_above_june_is_an_error_pointing_at_both(tmp_path):
    may = _may(tmp_path, "1293.17,1101.14,85.1%", "1293.17,1201.14,92.8%")
    # order of the inputs does not matter: reports are ordered by period
    report = aircheck.validate([SEED_TABLE, may], periods=("2021-06", ""))
    fell = [f for f in report.findings if f.code == "AC701"]
    assert {f.stated for f in fell} == {"1161.14", "89.7"}
    for finding in fell:
        assert [(loc.file, loc.line) for loc in finding.locations] == [
            (str(may), 8),
            (str(SEED_TABLE), 8),
        ]
        assert finding.severity.value == "error"
        assert "2021-05" in finding.message("en") and "2021-06" in finding.message("en")
    assert report.exit_code() == 1


def test_a_changed_target_is_a_warning(tmp_path):
    may = _may(
        tmp_path, "新建改造供热管网,公里,57,35.10,61.5%", "新建改造供热管网,公里,75,35.10,46.8%"
    )
    report = aircheck.validate([may, SEED_TABLE], periods=("", "2021-06"))
    changed = [f for f in report.findings if f.code == "AC702"]
    assert len(changed) == 1 and changed[0].severity.value == "warning"
    assert changed[0].stated == "57" and changed[0].expected == "75"
    # the rate fell with a bigger plan; only a rate of an unchanged plan is cumulative
    assert not [f for f in report.findings if f.code == "AC701"]


def test_reports_of_different_years_are_not_compared(tmp_path):
    may = _may(tmp_path, "1293.17,1101.14,85.1%", "1293.17,1201.14,92.8%")
    report = aircheck.validate([may, SEED_TABLE], periods=("2020-05", "2021-06"))
    assert not [f for f in report.findings if f.code.startswith("AC7")]


def test_a_report_without_a_period_is_named_and_skipped():
    report = aircheck.validate([MAY_TABLE, SEED_TABLE])
    unknown = [f for f in report.findings if f.code == "AC704"]
    assert [f.locations[0].file for f in unknown] == [str(SEED_TABLE)]
    assert "cumulative" not in report.stats["relations"]


def test_year_to_date_equals_the_sum_of_the_months(tmp_path):
    header = "section,item,unit,planned,completed,rate,kind,key\n"
    paths = []
    for month, value in ((1, "100"), (2, "120"), (3, "130")):
        path = tmp_path / f"r_2021-{month:02d}.csv"
        body = f"二（三）,{month}月份检查经营户,户,,{value},,progress,\n"
        if month == 3:
            body += "二（三）,1-3月份检查经营户,户,,360,,progress,\n"
        path.write_text(header + body, "utf-8")
        paths.append(path)
    report = aircheck.validate(paths)
    ytd = [f for f in report.findings if f.code == "AC703"]
    assert len(ytd) == 1
    assert ytd[0].stated == "360" and ytd[0].expected == "350户"
    assert len(ytd[0].locations) == 4
    paths[2].write_text(paths[2].read_text("utf-8").replace(",360,", ",350,"), "utf-8")
    assert not [f for f in aircheck.validate(paths).findings if f.code == "AC703"]
    paths[1].unlink()  # a month missing: abstain
    assert not [f for f in aircheck.validate([paths[0], paths[2]]).findings if f.code == "AC703"]


def test_bad_period_flags_are_one_line_errors():
    result = run("validate", MAY_TABLE, SEED_TABLE, "--period", "June")
    assert result.exit_code == 2 and result.output.startswith("aircheck: error: --period 'June'")
    result = run("validate", MAY_TABLE, "--period", "other.csv=2021-06")
    assert result.exit_code == 2 and "not one of the inputs" in result.output


def test_a_directory_of_reports_is_a_series(tmp_path):
    (tmp_path / "zz_2021-05.csv").write_text(MAY_TABLE.read_text("utf-8"), "utf-8")
    (tmp_path / "zz_2021-06.csv").write_text(SEED_TABLE.read_text("utf-8"), "utf-8")
    result = run("validate", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["summary"]["files"]) == 2
    assert data["summary"]["relations"]["cumulative"] >= 20


def test_two_months_of_the_seed_texts_validate_together():
    report = aircheck.validate([MAY_TEXT, SEED_TEXT])
    assert not [f for f in report.findings if f.code.startswith("AC7")]
    assert report.stats["relations"].get("cumulative", 0) > 0


def test_a_may_text_above_june_is_an_error_pointing_at_both(tmp_path):
    may = tmp_path / "seed_zhengzhou_2021-05.txt"
    text = MAY_TEXT.read_text("utf-8").replace("已完成治理 1101.14 公顷", "已完成治理 1201.14 公顷")
    may.write_text(text, "utf-8")
    report = aircheck.validate([may, SEED_TEXT])
    fell = [f for f in report.findings if f.code == "AC701"]
    assert any(
        {loc.file for loc in f.locations} == {str(may), str(SEED_TEXT)} and f.stated == "1161.14"
        for f in fell
    )
