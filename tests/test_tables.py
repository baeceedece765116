"""Reading metric tables: encodings, header aliases, precision, and clear errors."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SEED_TABLE, VARIANTS

import aircheck
from aircheck.errors import AircheckError
from aircheck.tables import read_table


def findings_of(path) -> list[tuple[str, str, int, str | None]]:
    report = aircheck.validate(path)
    return [(f.code, f.severity.value, f.locations[0].line, f.expected) for f in report.findings]


@pytest.mark.parametrize(
    "variant",
    [
        "seed_table.gbk.csv",
        "seed_table.utf8-bom.csv",
        "seed_table.utf16.csv",
        "seed_table.chinese-headers.csv",
        "seed_table.fullwidth.csv",
    ],
)
def test_variants_give_identical_findings(variant):
    assert findings_of(VARIANTS / variant) == findings_of(SEED_TABLE)


def test_cells_are_kept_as_text():
    table = read_table(SEED_TABLE)
    assert "125.0%" in set(table.frame["rate"])
    assert table.frame["line"].iloc[0] == 2  # the header is line 1


def test_quoted_cell_with_newline_keeps_true_lines(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('item,unit,planned,completed,rate\n"a\nb",家,4,3,75%\nc,家,5,4,81%\n', "utf-8")
    report = aircheck.validate(path)
    assert [(f.code, f.locations[0].line) for f in report.findings] == [("AC101", 4)]


def test_xlsx_keeps_decimals_of_the_number_format(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["事项", "计划", "已完成", "完成率"])
    sheet.append(["造林", 3.13, 4.03, 1.287])
    sheet["D2"].number_format = "0.0%"
    sheet.append(["抚育", 5.8, 7.25, 125.0])
    sheet["D3"].number_format = "0.0"
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = read_table(path)
    assert list(table.frame["rate"]) == ["128.7%", "125.0"]
    report = aircheck.validate(path)
    assert [
        (f.code, f.locations[0].line, f.expected) for f in report.findings if f.code == "AC102"
    ] == [("AC102", 2, "128.8")]


def test_unreadable_cell_is_a_finding_and_the_rest_is_checked():
    report = aircheck.validate(VARIANTS / "unreadable-cell.csv")
    unreadable = [f for f in report.findings if f.code == "AC501"]
    assert [(f.locations[0].line, f.locations[0].column) for f in unreadable] == [(16, 6)]
    assert sum(f.code == "AC102" for f in report.findings) == 4


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.csv", "empty"),
        ("binary.csv", "binary"),
        ("missing-column.csv", "'item'"),
    ],
)
def test_unreadable_files_raise_a_clear_error(name, words):
    with pytest.raises(AircheckError) as caught:
        aircheck.validate(VARIANTS / name)
    assert words in str(caught.value)
    assert name in str(caught.value)


def test_header_only_and_bad_kind(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("item,planned,completed,rate,kind\n", "utf-8")
    assert aircheck.validate(path).findings == []
    path.write_text("item,planned,completed,rate,kind\na,4,3,75%,percentage\n", "utf-8")
    codes = [(f.code, f.locations[0].line) for f in aircheck.validate(path).findings]
    assert ("AC502", 2) in codes


def test_dataframe_input_is_a_table():
    frame = pd.DataFrame(
        {"事项": ["a"], "单位": ["家"], "计划": ["4"], "已完成": ["3"], "完成率": ["70%"]}
    )
    assert [f.code for f in aircheck.validate(frame).findings] == ["AC101"]


def test_unknown_header_is_reported_not_silently_dropped(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("序号,item,planned,completed,完成律\n1,a,4,3,70%\n", "utf-8")
    findings = aircheck.validate(path).findings
    unknown = [f for f in findings if f.code == "AC502"]
    assert [(f.severity.value, f.locations[0].line, f.locations[0].column) for f in unknown] == [
        ("info", 1, 1),
        ("info", 1, 5),
    ]
    assert "完成律" in unknown[1].message("zh")
    assert not any(f.code == "AC101" for f in findings)  # the misspelt rate column is not read
