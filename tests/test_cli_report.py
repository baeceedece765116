"""The terminal report: worst first, one block or one line per finding, the figure marked,
standard input, -q and fingerprints; help and explain readable."""

import json
from pathlib import Path

from click.testing import CliRunner

from aircheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "fixtures" / "seed_zhengzhou_2021-06.txt"

HEADER = "section,item,unit,planned,completed,rate,kind,key,source,note\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def mixed_table(tmp_path: Path) -> str:
    """Line 2 a truncated rate (warning), line 3 a wrong rate (error)."""
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER
        + "一,新建改造供热管网,公里,57,39.82,69.8%,progress,,,\n"
        + "二,新增造林面积,万亩,3.13,4.03,120.5%,progress,,,\n",
        encoding="utf-8",
    )
    return str(path)


def test_concise_is_one_line_per_finding_worst_first(tmp_path):
    table = mixed_table(tmp_path)
    result = run("validate", table, "--format", "concise", "--lang", "en")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    findings = json.loads(run("validate", table, "--format", "json").output)["findings"]
    assert len(lines) == len(findings) + 1  # and the summary
    assert lines[0].startswith(f"{table}:3:6: AC101 error 二 新增造林面积 “120.5%”")
    severities = [line.split()[2] for line in lines[:-1]]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=rank.__getitem__)
    assert "→ write 128.8%" in lines[0]
    assert lines[-1].startswith("1 file: 1 error, ")


def test_concise_quiet_drops_the_summary_and_fingerprints_show(tmp_path):
    table = mixed_table(tmp_path)
    findings = json.loads(run("validate", table, "--format", "json").output)["findings"]
    result = run("validate", table, "--format", "concise", "-q", "--show-fingerprints")
    lines = result.output.splitlines()
    assert len(lines) == len(findings)
    fingerprints = {line.rsplit(" [", 1)[1].rstrip("]") for line in lines}
    assert fingerprints == {f["fingerprint"] for f in findings}


def test_rich_blocks_put_errors_first_and_mark_the_figure(tmp_path):
    table = mixed_table(tmp_path)
    result = run("validate", table, "--lang", "en")
    out = result.output
    # the error first, then the warnings by place (AC105 is on the header line)
    assert out.index("AC101") < out.index("AC105") < out.index("AC102")
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.lstrip().startswith("3 │"))
    marker = lines[row + 1]
    shown = lines[row]
    # the carets sit under the cell 120.5% (every character here is one cell wide but 新增造林面积)
    start = marker.index("^")
    wide = sum(1 for ch in shown[: shown.index("120.5%")] if "\u4e00" <= ch <= "\u9fff")
    assert start == shown.index("120.5%") + wide
    assert marker.count("^") == len("120.5%")
    assert "Fix: write 128.8%" in marker + lines[row + 2]  # beside the carets where it fits


def test_text_snippet_is_cut_around_the_figure():
    result = CliRunner().invoke(
        main, ["validate", str(SEED_TEXT), "--lang", "en"], terminal_width=100
    )
    lines = result.output.splitlines()
    row = next(i for i, line in enumerate(lines) if line.lstrip().startswith("15 │"))
    assert "完成率69.8%" in lines[row] and lines[row].count("…") >= 1
    assert "^^^^^" in lines[row + 1] and "write 69.9%" in lines[row + 1]


def test_seed_text_fits_thirty_lines_at_100_columns_each_fix_beside_its_carets(monkeypatch):
    monkeypatch.chdir(ROOT)  # the path as a user in the checkout types it
    monkeypatch.setenv("COLUMNS", "100")  # Rich reads the width from here when not a tty
    result = CliRunner().invoke(
        main,
        ["validate", "fixtures/seed_zhengzhou_2021-06.txt", "--lang", "en"],
        terminal_width=100,
    )
    lines = result.output.splitlines()
    assert len(lines) <= 30, result.output
    carets = [line for line in lines if "^" in line]
    assert len(carets) == 6  # five rates and the bare 亿, each with its snippet
    assert all("Fix: " in line for line in carets)  # the left context gave way to the fix
    assert lines[-1] == "1 file: 0 errors, 6 warnings, 1 info; 61 of 132 figures checked; " + (
        "rounding: truncation"
    )


def test_a_long_fix_keeps_the_figure_in_its_sentence():
    from aircheck.render.terminal import _window

    chars = list("计划新建改造供热管网57公里，目前已建设完成39.82公里，完成率69.8%。")
    start = chars.index("6")
    wide, _ = _window(chars, start, start + 5, budget=60)
    shown, mark = _window(chars, start, start + 5, budget=60, mark_budget=15)
    assert shown == wide  # too little room for the fix: the context stays, the fix goes below
    shown, mark = _window(chars, start, start + 5, budget=60, mark_budget=40)
    assert len(mark) <= 40 and mark.endswith("^^^^^")  # the fix fits the 20 cells after it


def test_standard_input_with_its_name():
    text = SEED_TEXT.read_text(encoding="utf-8")
    result = run("validate", "-", "--stdin-filename", "seed.txt", "--format", "concise", input=text)
    assert result.exit_code == 0, result.output
    direct = run("validate", str(SEED_TEXT), "--format", "concise").output
    assert result.output == direct.replace(str(SEED_TEXT), "seed.txt")
    assert "seed.txt:15:83: AC102" in result.output


def test_standard_input_named_as_a_table():
    table = (ROOT / "fixtures" / "seed_table.csv").read_text(encoding="utf-8")
    result = run("validate", "-", "--stdin-filename", "t.csv", "--format", "json", input=table)
    data = json.loads(result.output)
    assert data["summary"]["files"] == ["t.csv"]
    assert {loc["file"] for f in data["findings"] for loc in f["locations"]} == {"t.csv"}


def test_quiet_review_prints_nothing(tmp_path):
    out = tmp_path / "r.html"
    result = run("review", str(SEED_TEXT), "--html", str(out), "-q")
    assert result.exit_code == 0 and result.output == ""
    assert out.is_file()


def test_help_does_not_cut_command_descriptions():
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    commands = result.output.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in commands
    for name in ("validate", "batch", "review", "extract", "rules", "explain", "waive"):
        assert f"  {name} " in commands
