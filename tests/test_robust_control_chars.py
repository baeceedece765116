"""Control characters of an input never reach a terminal or a Markdown file raw (issue 11)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_TABLE

from aircheck.cli import main
from aircheck.render.visible import json_visible, visible

#: What may not appear raw: C0 but tab and newline, DEL, C1.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SECTION = "一、\x1b]0;pwned\x07造林"
UNIT = "公\x9b顷"
HEADER = "备注\x1b[2J\x1b]8;;http://x\x1b\\"


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def strings(value: object) -> list[str]:
    """Every string in a decoded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def hostile_table(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    rows = [
        f"section,item,unit,planned,completed,rate,{HEADER}",
        f"{SECTION},造林\x9b31m工程,{UNIT},100,65,69.8%,x",
    ]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def test_the_sanitiser_shows_every_control_character_but_tab_and_newline():
    assert visible("a\x1b[2J\tb\nc\rd\x7f\x9b\x00") == "a\\x1b[2J\tb\nc\\x0dd\\x7f\\x9b\\x00"
    assert visible("造林 69.8%") == "造林 69.8%"
    text = json.dumps({"a": "\x1b\x9b\x7f造林"}, ensure_ascii=False)
    assert not RAW.search(json_visible(text))
    assert json.loads(json_visible(text)) == {"a": "\x1b\x9b\x7f造林"}  # the same value


@pytest.mark.parametrize("output_format", ["rich", "concise", "markdown"])
def test_terminal_and_markdown_show_control_characters(tmp_path, output_format):
    result = run("validate", hostile_table(tmp_path), "--format", output_format)
    assert result.exit_code == 1, result.output
    assert "AC101" in result.stdout and not RAW.search(result.stdout)
    if output_format != "markdown":  # Markdown's table has no item column
        assert "造林\\x9b31m工程" in result.stdout  # the item, visibly
    if output_format != "rich":  # the block names the item only: its snippet shows the row
        assert "\\x1b]0;pwned\\x07" in result.stdout  # the section, visibly
    assert "\\x1b[2J" in result.stdout  # the unknown header in AC502's message


def test_markdown_written_to_a_file_is_sanitised_too(tmp_path):
    out = tmp_path / "r.md"
    run("validate", hostile_table(tmp_path), "--format", "markdown", "-o", out)
    text = out.read_text("utf-8")
    assert "AC101" in text and not RAW.search(text)


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_and_sarif_escape_c1_and_keep_the_value(tmp_path, output_format):
    result = run("validate", hostile_table(tmp_path), "--format", output_format)
    assert "AC101" in result.stdout and not RAW.search(result.stdout)
    decoded = "\n".join(strings(json.loads(result.stdout)))
    assert UNIT in decoded  # the same value, only escaped
    assert SECTION in decoded or output_format == "sarif"  # SARIF has no section


def test_an_error_line_shows_control_characters_in_the_file_name(tmp_path):
    result = run("validate", tmp_path / "a\x1b[2J\x9b.csv")
    assert result.exit_code == 2
    assert "a\\x1b[2J\\x9b.csv" in result.stderr and not RAW.search(result.stderr)


def test_batch_shows_control_characters_in_file_names(tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    shutil.copy(SEED_TABLE, folder / "a\x1b]0;x\x07.csv")
    (folder / "b\x1b[2J.csv").write_bytes(b"")  # unreadable: its error is shown too
    table = run("batch", folder, "-q")
    assert "\\x1b" in table.stdout  # visibly, in the names (which may wrap) and the error
    assert not RAW.search(table.stdout)
    lines = run("batch", folder, "-q", "--format", "json")
    assert not RAW.search(lines.stdout) and len(lines.stdout.splitlines()) == 2


def test_extract_shows_control_characters_on_stdout_and_writes_xlsx(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("造林\x1f工程计划完成100公顷，已完成65公顷，完成率69.8%。\n", "utf-8")
    result = run("extract", report)
    assert result.exit_code == 0 and "65" in result.stdout and not RAW.search(result.stdout)
    assert "造林\\x1f工程" in result.stdout  # the item keeps its character, visibly
    out = tmp_path / "t.xlsx"
    result = run("extract", report, "-o", out)
    assert result.exit_code == 0, result.output  # openpyxl refuses raw control characters
    assert out.exists()
