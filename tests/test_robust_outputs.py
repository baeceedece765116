"""No command overwrites one of its inputs, and an output is complete or absent (issue 11)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_TABLE, SEED_TEXT

from aircheck.cli import main

SEED_DOCX = SEED_TEXT.with_suffix(".docx")


def run(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def refused(result, path: Path) -> bool:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    return (
        result.exit_code == 2
        and len(lines) == 1
        and "refusing to overwrite" in lines[0]
        and str(path) in lines[0]
    )


def test_validate_refuses_to_write_its_report_over_its_table(tmp_path):
    table = tmp_path / "t.csv"
    shutil.copy(SEED_TABLE, table)
    before = table.read_bytes()
    result = run("validate", table, "-o", table, "--format", "json")
    assert refused(result, table), result.output
    assert table.read_bytes() == before


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_review_refuses_a_link_to_the_draft(tmp_path, link):
    draft = tmp_path / "d.docx"
    shutil.copy(SEED_DOCX, draft)
    before = draft.read_bytes()
    other = tmp_path / "h.docx"
    os.link(draft, other) if link == "hard" else other.symlink_to(draft)
    for option in ("-o", "--html"):
        result = run("review", draft, option, other)
        assert refused(result, other), result.output
        assert draft.read_bytes() == before


def test_review_refuses_one_file_for_both_outputs(tmp_path):
    result = run("review", SEED_TEXT, "--html", tmp_path / "x.docx", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "same file" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_batch_refuses_an_output_among_the_files_it_reads(tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    for name in ("a.csv", "b.csv"):
        shutil.copy(SEED_TABLE, folder / name)
    before = (folder / "a.csv").read_bytes()
    result = run("batch", folder, "-q", "-o", folder / "a.csv")
    assert refused(result, folder / "a.csv"), result.output
    assert (folder / "a.csv").read_bytes() == before
    # through `validate --batch` too
    result = run("validate", folder, "--batch", "-q", "-o", folder / "b.csv")
    assert refused(result, folder / "b.csv"), result.output


def test_extract_refuses_a_report_without_suffix_as_its_own_output(tmp_path):
    notes = tmp_path / "notes"
    notes.write_text(SEED_TEXT.read_text("utf-8"), "utf-8")
    before = notes.read_bytes()
    result = run("extract", notes, "-o", notes)
    assert refused(result, notes), result.output
    assert notes.read_bytes() == before


def test_the_waiver_file_is_an_input_too(tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers: []\n", "utf-8")
    result = run("validate", SEED_TABLE, "--waivers", waivers, "-o", waivers)
    assert refused(result, waivers), result.output
    assert waivers.read_text("utf-8") == "waivers: []\n"


def test_a_failed_extract_leaves_the_old_table_and_no_temporary_file(tmp_path, monkeypatch):
    import pandas as pd

    old = tmp_path / "x.xlsx"
    old.write_bytes(b"the table the user corrected")

    def crash(self, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"header only")  # what a writer leaves when it dies half-way
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pd.DataFrame, "to_excel", crash)
    result = run("extract", SEED_TEXT, "-o", old)
    assert result.exit_code == 2 and "disk on fire" in result.stderr
    assert old.read_bytes() == b"the table the user corrected"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


@pytest.mark.parametrize(
    "args",
    [
        ("validate", SEED_TABLE, "--format", "json"),
        ("validate", SEED_TABLE),
        ("extract", SEED_TEXT),
        ("review", SEED_TEXT, "--html"),
        ("review", SEED_TEXT, "-o"),
    ],
)
def test_an_output_in_a_missing_folder_is_one_line_and_exit_2(tmp_path, args):
    target = tmp_path / "nodir" / ("x.docx" if args[-1] == "-o" else "x.out")
    result = run(*args, target) if args[0] == "review" else run(*args, "-o", target)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and str(target) in lines[0] and "cannot write" in lines[0]


def test_an_output_is_replaced_whole_keeping_its_mode_and_its_symlink(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", "utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run("validate", SEED_TABLE, "--format", "json", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text("utf-8").startswith("{")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]
