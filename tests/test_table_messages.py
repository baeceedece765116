"""Table findings speak the table's language: columns by the headers it shows."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aircheck.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def zh_findings(path) -> list[dict]:
    code, out = run("validate", str(path), "--lang", "zh", "--format", "json")
    assert code in (0, 1), out
    return json.loads(out)["findings"]


@pytest.mark.parametrize(
    ("header", "shown"),
    [("事项,计划值,完成值,完成率", "完成值"), ("item,planned,completed,rate", "completed")],
)
def test_zh_message_names_the_column_by_its_header(tmp_path, header, shown):
    path = tmp_path / "t.csv"
    path.write_text(f"{header}\n造林,100,九十,90%\n", "utf-8")
    unreadable = [f for f in zh_findings(path) if f["code"] == "AC501"]
    assert [f["message"] for f in unreadable] == [
        f"“{shown}”列的 '九十' 不是数字；该行其余数字照常检查"
    ]


def test_english_message_keeps_the_canonical_name(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("事项,计划值,完成值,完成率\n造林,100,九十,90%\n", "utf-8")
    _, out = run("validate", str(path), "--lang", "en", "--format", "json")
    messages = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "AC501"]
    assert messages == [
        "cell 'completed' holds '九十', which is not a number; the row's other figures are still checked"
    ]


def test_duplicate_column_names_both_headers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("事项,已完成,完成值,完成率\n造林,1,2,3%\n", "utf-8")
    code, out = run("validate", str(path), "--lang", "zh")
    assert code == 2
    assert "“已完成”和“完成值”是同一列（completed）" in out


def _workbook_with_formula(path, *, saved: bool) -> None:
    """A workbook as a script writes it: the formula, no value (openpyxl never calculates)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["事项", "计划", "已完成", "完成率"])
    sheet.append(["造林", 100, 80, "=C2/B2*100"])
    sheet.append(["抚育", 50, 40, 80])
    book.save(path)
    if saved:  # as Excel would leave it: the formula with its value
        import re
        import zipfile

        with zipfile.ZipFile(path) as src:
            parts = {n: src.read(n) for n in src.namelist()}
        name = "xl/worksheets/sheet1.xml"
        parts[name] = re.sub(rb"<v></v>", b"<v>80</v>", parts[name])
        with zipfile.ZipFile(path, "w") as out:
            for n, data in parts.items():
                out.writestr(n, data)


def test_formula_without_saved_value_is_an_ac501_finding(tmp_path):
    path = tmp_path / "t.xlsx"
    _workbook_with_formula(path, saved=False)
    findings = zh_findings(path)
    found = [(f["code"], f["message"], f["locations"][0]) for f in findings if f["code"] == "AC501"]
    assert len(found) == 1
    _, message, where = found[0]
    assert message == (
        "公式没有保存的计算结果：请在 Excel 或 WPS 中打开并保存该文件（“完成率”列为 =C2/B2*100）"
    )
    assert (where["line"], where["column"]) == (2, 4)
    _, out = run("validate", str(path), "--lang", "en", "--format", "concise")
    assert "t.xlsx:2:4: AC501 error" in out
    assert "formula without a saved value: open and save the file in Excel or WPS" in out
    assert "(cell 'rate' holds =C2/B2*100)" in out


def test_formula_with_saved_value_is_read_as_the_value(tmp_path):
    path = tmp_path / "t.xlsx"
    _workbook_with_formula(path, saved=True)
    assert zh_findings(path) == []


def test_row_of_only_uncached_formulas_is_not_dropped(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["item", "planned", "completed", "rate"])
    sheet.append([None, "=1+1", "=2+2", "=3+3"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    found = [(f["locations"][0]["line"], f["locations"][0]["column"]) for f in zh_findings(path)
             if f["code"] == "AC501"]  # fmt: skip
    assert found == [(2, 2), (2, 3), (2, 4)]
