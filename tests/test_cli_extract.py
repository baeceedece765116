"""`aircheck extract` and `--show-unchecked` through click's runner."""

from __future__ import annotations

import io
import json

import pandas as pd
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TABLE, SEED_TEXT

from aircheck.cli import main
from aircheck.columns import COLUMNS


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def loud_codes(output: str) -> list[tuple[str, str]]:
    """Every warning and error of a JSON report: its code, and for rates the fixed rate."""
    findings = json.loads(output)["findings"]
    return sorted(
        (f["code"], f.get("expected", "") if f["code"].startswith("AC1") else "")
        for f in findings
        if f["severity"] != "info"
    )


def test_extract_prints_a_table_in_the_table_format():
    result = run("extract", SEED_TEXT)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output), dtype=str, keep_default_na=False)
    assert tuple(table.columns) == COLUMNS
    row = table[table["rate"] == "69.8%"].iloc[0]
    assert (row["planned"], row["completed"], row["unit"]) == ("57", "39.82", "公里")


def test_extract_then_validate_gives_the_findings_of_the_text(tmp_path):
    for suffix in (".csv", ".xlsx", ".tsv"):
        out = tmp_path / f"seed{suffix}"
        result = run("extract", FIXTURES / "seed_zhengzhou_2021-06.docx", "-o", out)
        assert result.exit_code == 0, result.output
        from_table = run("validate", out, "--format", "json")
        from_text = run("validate", SEED_TEXT, "--format", "json")
        assert from_table.exit_code == from_text.exit_code == 0
        assert loud_codes(from_table.output) == loud_codes(from_text.output)
        assert ("AC102", "69.9") in loud_codes(from_table.output)


def test_extracted_csv_opens_in_excel_as_utf8(tmp_path):
    out = tmp_path / "seed.csv"
    run("extract", SEED_TEXT, "-o", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese


def test_extract_refuses_a_table_and_a_missing_file(tmp_path):
    assert run("extract", SEED_TABLE).exit_code == 2
    result = run("extract", tmp_path / "missing.txt")
    assert result.exit_code == 2
    assert "missing.txt" in result.output
    assert "Traceback" not in result.output
    bad = run("extract", SEED_TEXT, "-o", tmp_path / "t.json")
    assert bad.exit_code == 2 and "'.json'" in bad.output


def test_show_unchecked_in_json_and_markdown():
    data = json.loads(run("validate", SEED_TEXT, "--format", "json", "--show-unchecked").output)
    assert len(data["unchecked"]) == data["summary"]["unchecked"] > 0
    assert {"file", "line", "column", "section", "raw"} <= set(data["unchecked"][0])
    assert "unchecked" not in json.loads(run("validate", SEED_TEXT, "--format", "json").output)
    markdown = run("validate", SEED_TEXT, "--format", "markdown", "--show-unchecked").output
    assert "## Figures not checked by any rule" in markdown
    listed = markdown.split("## Figures not checked by any rule")[1]
    assert "(查扣油品)" in listed  # a lone figure nothing can check
    assert "39.82公里" not in listed  # checked by its rate
