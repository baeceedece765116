"""Batches: each file on its own, over processes, one summary per file, worst exit code."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from conftest import SEED_TABLE

from aircheck import batch
from aircheck.cli import main
from aircheck.rulebase import Options


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def copies(tmp_path, n: int = 20):
    for i in range(n):
        shutil.copy(SEED_TABLE, tmp_path / f"report_{i:03d}.csv")
    return tmp_path


def test_twenty_copies_on_two_processes_as_json_lines(tmp_path):
    directory = copies(tmp_path)
    result = run("batch", directory, "--jobs", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["file"] for r in records] == sorted(str(p) for p in directory.glob("*.csv"))
    assert all(r["summary"]["counts"] == {"error": 0, "warning": 6, "info": 4} for r in records)
    assert all(r["exit_code"] == 0 for r in records)


def test_summary_table_and_worst_exit_code(tmp_path):
    directory = copies(tmp_path, 4)
    bad = directory / "report_002.csv"
    bad.write_text(bad.read_text("utf-8").replace("57,39.82,69.8%", "57,39.82,96.8%"), "utf-8")
    result = run("batch", directory, "--jobs", "2", "--lang", "en")
    assert result.exit_code == 1
    assert "4 file(s): 1 failing, 0 unreadable" in result.output
    (directory / "broken.csv").write_bytes(b"\x00\x01\x02")
    result = run("validate", directory, "--batch", "--quiet", "--format", "json")
    assert result.exit_code == 2
    records = {json.loads(line)["file"]: json.loads(line) for line in result.output.splitlines()}
    assert "error" in records[str(directory / "broken.csv")]
    assert records[str(bad)]["exit_code"] == 1


def test_waivers_apply_per_file_and_unused_ones_are_named_once(tmp_path):
    (tmp_path / "in").mkdir()
    directory = copies(tmp_path / "in", 3)
    record = json.loads(
        run("batch", directory, "--format", "json", "--jobs", "1").output.splitlines()[0]
    )
    fingerprint = record["findings"][1]["fingerprint"]
    waivers = tmp_path / "w.yaml"
    assert run("waive", fingerprint, "--reason", "house style", "--waivers", waivers).exit_code == 0
    assert (
        run("waive", "0123456789abcdef", "--reason", "stale", "--waivers", waivers).exit_code == 0
    )
    result = CliRunner().invoke(
        main, ["batch", str(directory), "--format", "json", "--waivers", str(waivers)]
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(r["summary"]["waived"] == 1 for r in records)
    assert result.stderr.count("0123456789abcdef") == 1


def test_collect_and_run_in_process(tmp_path):
    directory = copies(tmp_path, 2)
    (directory / "notes.json").write_text("{}", "utf-8")
    files = batch.collect([str(directory)])
    assert [f.endswith(".csv") for f in files] == [True, True]
    results = list(batch.run(files, batch.Job(Options()), jobs=1, progress=False))
    assert batch.exit_code(results) == 0 and all(r.counts["warning"] == 6 for r in results)


def test_an_empty_directory_is_a_clear_error(tmp_path):
    result = run("batch", tmp_path)
    assert result.exit_code == 2 and "holds no report or table" in result.output


def _summary_rows(output: str) -> list[str]:
    """The file names of the summary table's rows, in order."""
    return [
        line.split("│")[1].strip()
        for line in output.splitlines()
        if line.count("│") > 2 and ".csv" in line
    ]


def test_summary_lists_failing_and_unreadable_files_first_and_only_those(tmp_path, monkeypatch):
    clean = "item,unit,planned,completed,rate\n造林,公顷,100,80,80.0%\n"
    warning = "item,unit,planned,completed,rate\n造林,公顷,57,39.82,69.8%\n"  # truncated
    wrong = "item,unit,planned,completed,rate\n造林,公顷,57,39.82,96.8%\n"
    for name, text in [("a_clean.csv", clean), ("b_wrong.csv", wrong), ("c_warn.csv", warning),
                       ("d_wrong.csv", wrong), ("e_clean.csv", clean)]:  # fmt: skip
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "z_broken.csv").write_bytes(b"")
    monkeypatch.chdir(tmp_path)  # short names: rows do not wrap
    result = run("batch", ".", "--jobs", "1", "--lang", "en", "--fail-on", "warning")
    assert result.exit_code == 2
    assert _summary_rows(result.output) == [
        "z_broken.csv", "b_wrong.csv", "d_wrong.csv", "c_warn.csv"
    ]  # fmt: skip
    assert result.output.rstrip().endswith(
        "6 file(s): 3 failing, 1 unreadable; 2 passing not listed (--all lists them)"
    )
    every = run("batch", ".", "--jobs", "1", "--lang", "en", "--all")
    assert _summary_rows(every.output) == [
        "z_broken.csv", "b_wrong.csv", "d_wrong.csv", "c_warn.csv", "a_clean.csv", "e_clean.csv"
    ]  # fmt: skip
    assert every.output.rstrip().endswith("6 file(s): 2 failing, 1 unreadable")


def test_an_all_clean_batch_prints_only_its_totals(tmp_path):
    (tmp_path / "a.csv").write_text("item,planned,completed,rate\n造林,100,80,80.0%\n", "utf-8")
    result = run("batch", tmp_path, "--jobs", "1", "--lang", "zh")
    assert result.exit_code == 0
    assert (
        result.output.strip()
        == "1 个文件：0 个未通过，0 个无法读取；1 个已通过的文件未列出（--all 全部列出）"
    )


def test_validate_batch_takes_the_same_batch_options(tmp_path, monkeypatch):
    monkeypatch.chdir(copies(tmp_path, 2))
    via_batch = run("batch", ".", "--jobs", "1", "--all", "--lang", "en")
    via_validate = run("validate", ".", "--batch", "--jobs", "1", "--all", "--lang", "en")
    assert via_validate.output == via_batch.output
    assert _summary_rows(via_batch.output) == ["report_000.csv", "report_001.csv"]
