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
