"""The batch's worker pool: started once, each worker given the job when it starts; the
results are those of checking each file in the parent process, in the order of the files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import SEED_TABLE, SEED_TEXT

from aircheck import batch
from aircheck.cli import main


def _folder(tmp_path: Path) -> Path:
    for i in range(6):
        shutil.copy(SEED_TEXT, tmp_path / f"report_{i}.txt")
        shutil.copy(SEED_TABLE, tmp_path / f"table_{i}.csv")
    wrong = tmp_path / "report_3.txt"
    wrong.write_text(wrong.read_text("utf-8").replace("完成率", "完成率 1", 1), "utf-8")
    return tmp_path


def _records(folder: Path, *options: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["batch", str(folder), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_two_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    one = _records(folder, "--jobs", "1", "--select", "AC1")
    two = _records(folder, "--jobs", "2", "--select", "AC1")
    assert [r["file"] for r in two] == sorted(str(p) for p in folder.iterdir())
    assert two == one
    # the job reached the workers: only the selected rules report
    codes = {f["code"] for r in two for f in r["findings"]}  # type: ignore[attr-defined]
    assert codes and all(str(code).startswith("AC1") for code in codes)


def test_a_quiet_batch_builds_no_progress_bar() -> None:
    bar = batch._progress(10, show=False)
    with bar as tracker:
        task = tracker.add_task("aircheck", total=10)
        tracker.advance(task)
    assert isinstance(bar, batch._NoProgress)


def test_a_batch_worker_checks_a_large_table_without_workers_of_its_own(monkeypatch):
    """Two levels of processes would double the memory of a batch for no speed: the
    batch's workers already keep every core busy."""
    from aircheck import chunked
    from aircheck.rulebase import Options

    monkeypatch.setattr(chunked, "MAX_HELPERS", None)
    monkeypatch.setattr(batch, "_JOB", None)  # restored after: the job is this test's only
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert chunked._helpers() == 3
    batch._start_worker(batch.Job(Options()))
    assert chunked._helpers() == 0
