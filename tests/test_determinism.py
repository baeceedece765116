"""The same input gives byte-identical JSON: in one process, and in a fresh one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED_TABLE, SEED_TEXT

from aircheck.cli import main

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate_table


def _json(path: Path) -> bytes:
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout_bytes


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "generated.csv"
    generate_table(2000, seed=7, error_every=97).write(path)
    return path


@pytest.mark.parametrize("which", ["seed table", "seed text", "generated"])
def test_json_is_byte_identical_across_runs_and_processes(which, generated):
    path = {"seed table": SEED_TABLE, "seed text": SEED_TEXT, "generated": generated}[which]
    first = _json(path)
    assert first == _json(path)
    fresh = subprocess.run(
        [
            sys.executable,
            "-m",
            "aircheck",
            "validate",
            str(path),
            "--format",
            "json",
            "--lang",
            "en",
        ],
        capture_output=True,
        check=False,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "12345"},
    )
    assert fresh.returncode in (0, 1), fresh.stderr
    assert fresh.stdout == first
    assert not re.search(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d", first)  # no timestamps


def test_findings_come_in_file_and_line_order(generated):
    import json

    findings = json.loads(_json(generated))["findings"]
    places = [(f["locations"][0]["file"], f["locations"][0]["line"]) for f in findings]
    assert places == sorted(places)
