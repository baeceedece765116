"""AC106: a rate column typed as fractions is one finding, not a wrong rate per row."""

from __future__ import annotations

import json

from click.testing import CliRunner

from aircheck.cli import main

HEADER = "事项,计划,已完成,完成率\n"
FRACTION_ROWS = "造林,5.8,4.6,0.793\n抚育,100,79.6,0.796\n修复,57,39.82,0.699\n"


def findings(path, lang: str = "en") -> list[dict]:
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json", "--lang", lang])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def codes(path) -> list[str]:
    return [f["code"] for f in findings(path)]


def csv(tmp_path, rows: str):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + rows, "utf-8")
    return path


def test_a_fraction_column_is_one_finding_instead_of_one_per_row(tmp_path):
    path = csv(tmp_path, FRACTION_ROWS)
    (only,) = [f for f in findings(path) if f["code"].startswith("AC1")]
    assert only["code"] == "AC106" and only["severity"] == "warning"
    assert only["message"] == (
        "rates look like fractions (0.793 = 79.3%): 3 rate(s) of this table match "
        "completed / planned only when multiplied by 100"
    )
    assert (only["locations"][0]["line"], only["locations"][0]["column"]) == (2, 4)
    (zh,) = [f for f in findings(path, "zh") if f["code"] == "AC106"]
    assert zh["message"].startswith("完成率像是小数而非百分数（0.793 = 79.3%）：本表 3 个完成率")


def test_without_the_fractions_each_row_is_a_wrong_rate(tmp_path):
    """The control: the same rows typed as percentages but wrong are AC101 each."""
    path = csv(tmp_path, "造林,5.8,4.6,0.893%\n抚育,100,79.6,0.896%\n修复,57,39.82,0.799%\n")
    assert codes(path).count("AC101") == 3 and "AC106" not in codes(path)


def test_xlsx_cells_without_the_percent_format(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["事项", "计划", "已完成", "完成率"])
    for row in (["造林", 5.8, 4.6, 0.793], ["抚育", 100, 79.6, 0.796], ["修复", 57, 39.82, 0.699]):
        sheet.append(row)
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert [c for c in codes(path) if c.startswith("AC1")] == ["AC106"]
    sheet["D2"].number_format = sheet["D3"].number_format = sheet["D4"].number_format = "0.0%"
    book.save(path)  # now Excel shows 79.3%: nothing to say
    assert [c for c in codes(path) if c.startswith("AC1")] == []


def test_small_true_percentages_are_not_fractions(tmp_path):
    path = csv(tmp_path, "造林,1000,8,0.8\n抚育,1000,12,1.2\n")  # 0.8% and 1.2%, right
    assert codes(path) == []


def test_one_cell_with_a_percent_sign_means_the_column_is_percentages(tmp_path):
    path = csv(tmp_path, FRACTION_ROWS + "治理,100,50,0.5%\n")
    assert "AC106" not in codes(path) and codes(path).count("AC101") == 4


def test_the_limit_is_decided_on_the_digits(tmp_path):
    at = csv(tmp_path, FRACTION_ROWS + "治理,100,150,1.5\n")
    assert [c for c in codes(at) if c.startswith("AC1")] == ["AC106"]
    over = csv(tmp_path, FRACTION_ROWS + "治理,100,150,1.5000000000000001\n")
    assert "AC106" not in codes(over)


def test_a_minority_of_matching_rows_is_not_a_fraction_column(tmp_path):
    path = csv(tmp_path, "造林,5.8,4.6,0.793\n抚育,100,20,0.9\n修复,57,10,0.9\n")
    assert "AC106" not in codes(path) and codes(path).count("AC101") == 3
