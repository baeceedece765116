"""The command line through click's runner: formats, exit codes, clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SEED_TABLE, VARIANTS

from aircheck.cli import main


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_seed_table_passes_with_warnings():
    result = run("validate", SEED_TABLE, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "69.9%" in result.output
    assert "truncation" in result.output


def test_json_is_a_documented_stable_object():
    result = run("validate", SEED_TABLE, "--format", "json")
    data = json.loads(result.output)
    assert set(data) == {"version", "summary", "findings"}
    first = data["findings"][1]
    assert first["code"] == "AC102" and first["severity"] == "warning"
    assert first["locations"][0]["file"].endswith("seed_table.csv")
    assert first["locations"][0]["line"] == 2
    assert first["stated"] == "69.8" and first["expected"] == "69.9"
    assert data["summary"]["counts"] == {"error": 0, "warning": 6, "info": 4}
    assert run("validate", SEED_TABLE, "--format", "json").output == result.output


def test_chinese_messages():
    result = run("validate", SEED_TABLE, "--format", "json", "--lang", "zh")
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert any("四舍五入" in m for m in messages)


def test_markdown():
    result = run("validate", VARIANTS / "rate-error.csv", "--format", "markdown")
    assert result.exit_code == 1
    assert "| " in result.output and "AC101" in result.output


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on(fail_on, code):
    assert run("validate", SEED_TABLE, "--fail-on", fail_on).exit_code == code


def test_error_exit_one():
    assert run("validate", VARIANTS / "rate-error.csv").exit_code == 1
    assert run("validate", VARIANTS / "rate-error.csv", "--fail-on", "never").exit_code == 0


@pytest.mark.parametrize(
    "target",
    [
        VARIANTS / "empty.csv",
        VARIANTS / "binary.csv",
        VARIANTS / "missing-column.csv",
        "no/such.csv",
    ],
)
def test_unreadable_input_is_one_line_and_exit_two(target):
    result = run("validate", target)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aircheck: error: ")
    assert str(target) in lines[0]
    assert "Traceback" not in result.output


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")
    result = run("validate", path)
    assert result.exit_code == 2 and "unsupported file type" in result.output


def test_usage_error_is_exit_two():
    assert run("validate").exit_code == 2
    assert run("validate", SEED_TABLE, "--format", "yaml").exit_code == 2


def test_rules_and_explain():
    listing = run("rules").output
    assert "AC101" in listing and "rate-mismatch" in listing
    by_code = {line.split()[0]: line.split()[2] for line in listing.splitlines()}
    assert by_code["AC502"] == "error/info"  # an unknown header is info, a broken row error
    assert by_code["AC101"] == "error"
    explained = run("explain", "AC102")
    # the rule's Markdown is rendered: the words stay, the ** and backticks go
    assert explained.exit_code == 0 and "Bad:" in explained.output
    assert "**" not in explained.output and "`" not in explained.output
    assert run("explain", "rate-convention").exit_code == 0
    assert run("explain", "AC999").exit_code == 2


def test_output_file_and_show_unchecked(tmp_path):
    out = tmp_path / "report.txt"
    result = run("validate", SEED_TABLE, "--show-unchecked", "-o", out)
    assert result.exit_code == 0
    text = out.read_text("utf-8")
    assert "Figures not checked" in text or "未经任何规则核对" in text


def test_help_has_examples():
    result = run("validate", "--help")
    assert "Examples" in result.output and "--fail-on" in result.output


def test_report_text_is_never_rich_markup():
    from rich.console import Console

    from aircheck.model import Finding, Location, Report, Severity
    from aircheck.render.terminal import render

    finding = Finding(
        "AC101",
        Severity.ERROR,
        {"en": "rate [bold]x[/bold] :100: wrong"},
        [Location("a.txt", 3, section="[red]一[/red]")],
        fixes={"en": "[x]"},
    )
    console = Console(record=True, width=200)
    render(Report([finding], ["a.txt"]), console, "en", ["a.txt:100:5  二  3 家"])
    shown = console.export_text()
    for text in ("[bold]x[/bold] :100:", "[red]一[/red]", "[x]", "a.txt:100:5"):
        assert text in shown
    assert "💯" not in shown


def test_long_chinese_text_wraps_and_is_never_cut():
    from rich.console import Console

    from aircheck.model import Finding, Location, Report, Severity
    from aircheck.render.terminal import render

    message = "完成率 89.7% 是 1161.14公顷 / 1293.17公顷 = 89.790% 截断所得，按四舍五入应为 89.8%"
    fix = "所有完成率统一四舍五入（GB/T 8170）"
    finding = Finding(
        "AC102", Severity.WARNING, {"en": message}, [Location("a.txt", 3)], fixes={"en": fix}
    )
    console = Console(record=True, width=70)
    render(Report([finding], ["a.txt"]), console, "en")
    shown = console.export_text()
    assert "…" not in shown
    assert "89.8%" in shown and "8170）" in shown  # the ends of both cells survive
