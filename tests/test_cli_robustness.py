"""Broken inputs through the CLI: exit 2 and one clear line naming the file, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from aircheck.cli import main

GOOD = "事项,单位,计划,已完成,完成率\n造林,万亩,3.13,4.03,128.8%\n"


def _run(*args: str):
    return CliRunner().invoke(main, ["validate", *args, "--format", "json"])


def _broken(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    if name == "binary.csv":
        path.write_bytes(bytes(range(256)) * 4)
    elif name == "empty.csv":
        path.write_bytes(b"")
    elif name == "blank.csv":
        path.write_text(" \n\n\t\n", "utf-8")
    elif name == "missing-column.csv":
        path.write_text("单位,计划\n万亩,3\n", "utf-8")
    elif name == "gbk-missing-column.csv":
        path.write_bytes("名称甲,计划\n造林,3\n".encode("gbk"))
    elif name == "utf16-missing-column.csv":
        path.write_bytes("单位,计划\n万亩,3\n".encode("utf-16"))
    elif name == "utf16-without-bom.csv":
        path.write_bytes(GOOD.encode("utf-16-le"))
    elif name == "not-text.csv":
        path.write_bytes(b"item,planned\n\x80,1\n")  # neither UTF-8 nor GB18030
    elif name == "duplicate-column.csv":
        path.write_text("item,planned,计划\na,1,2\n", "utf-8")
    elif name == "report.pages":
        path.write_text("x", "utf-8")
    elif name == "broken.xlsx":
        path.write_bytes(b"PK\x03\x04 not really a workbook")
    elif name == "a-directory":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("binary.csv", "binary"),
        ("empty.csv", "empty"),
        ("blank.csv", "empty"),
        ("missing-column.csv", "'item'"),
        ("gbk-missing-column.csv", "'item'"),
        ("utf16-missing-column.csv", "'item'"),
        ("utf16-without-bom.csv", "binary"),
        ("not-text.csv", "UTF-8"),
        ("duplicate-column.csv", "twice"),
        ("report.pages", "unsupported"),
        ("broken.xlsx", "XLSX"),
        ("a-directory", "directory"),
        ("missing.csv", "no such file"),
    ],
)
def test_broken_input_exits_2_with_one_line(tmp_path, name, words):
    path = _broken(tmp_path, name)
    result = _run(str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("aircheck: error: ") and str(path) in lines[0]
    assert words in lines[0]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("gbk", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")],
)
def test_supported_encodings_are_read(tmp_path, encoding, prefix):
    path = tmp_path / "t.csv"
    path.write_bytes(prefix + GOOD.encode(encoding))
    result = _run(str(path))
    assert result.exit_code == 0, result.stderr
    assert '"error": 0' in result.stdout


def test_header_only_is_an_empty_check_not_an_error(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("事项,计划,已完成,完成率\n", "utf-8")
    result = _run(str(path))
    assert result.exit_code == 0 and '"claims": 0' in result.stdout


def test_one_broken_file_among_good_ones_names_that_file(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, "utf-8")
    bad = _broken(tmp_path, "binary.csv")
    result = _run(str(good), str(bad))
    assert result.exit_code == 2 and str(bad) in result.stderr and str(good) not in result.stderr
