"""Hostile and careless inputs lose no row or figure and cost bounded work (issue 11)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from aircheck.cli import main
from aircheck.tables import read_table


def _rewrite_zip(path: Path, member: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Replace one part of a zip package by ``edit(old_bytes)``."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, edit(data) if info.filename == member else data)


def _stale_xlsx(path: Path, ref: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["事项", "单位", "计划", "已完成", "完成率", "备注"])
    for n in range(10):
        sheet.append([f"工程{n}", "公里", "100", f"{60 + n}", f"{60 + n}.0%", "x"])
    book.save(path)
    _rewrite_zip(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data),
    )
    return path


@pytest.mark.parametrize("ref", ["A1:F2", "A1:B11", "A1", "C5:D6"])
def test_a_stale_xlsx_dimension_loses_no_row_or_column(tmp_path, ref):
    path = _stale_xlsx(tmp_path / "t.xlsx", ref)
    with zipfile.ZipFile(path) as archive:  # the dimension really is stale
        assert f'<dimension ref="{ref}"'.encode() in archive.read("xl/worksheets/sheet1.xml")
    frame = read_table(path).frame
    assert list(frame["item"]) == [f"工程{n}" for n in range(10)]
    assert list(frame["line"]) == list(range(2, 12))
    assert list(frame["rate"]) == [f"{60 + n}.0%" for n in range(10)]


def test_a_stale_xlsx_dimension_still_checks_every_row(tmp_path):
    path = _stale_xlsx(tmp_path / "t.xlsx", "A1:F2")
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert '"claims": 30' in result.stdout, result.output
