"""Fuzzing the table reader: any file gives a report or one AircheckError naming it.

And every data row is accounted for: it has a checked-or-unchecked figure, an
AC501 finding for a cell that is not a number, or it is counted in
``stats["rows_without_figures"]``; every figure is the cell at its place, and its
value is exactly (in Decimal) that cell parsed alone.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aircheck
from aircheck import tables
from aircheck.errors import AircheckError
from aircheck.numbers import parse_quantity, shift
from aircheck.units import MAGNITUDES, split_magnitude

#: Any character but NUL, which makes a file binary (a clear error, tested apart).
CHARS = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
HEADER = ["section", "item", "unit", "planned", "completed", "rate", "kind", "key"]
FIGURES = st.one_of(
    st.sampled_from(
        ["", "0", "-3", "57", "39.82", "69.8%", "NaN", "Inf", "-inf", "1e5", "约17417"]
    ),
    st.text("0123456789.,-%万", max_size=8),
    st.text("9", min_size=300, max_size=400),
    st.text(CHARS, max_size=12),
)
TEXT = st.one_of(
    st.sampled_from(["", "share", "progress", "k1", "家", "万亩"]), st.text(CHARS, max_size=12)
)
ROW = st.tuples(TEXT, TEXT, TEXT, FIGURES, FIGURES, FIGURES, TEXT, TEXT)
TMP = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _outcome(path: Path) -> aircheck.Report | None:
    try:
        report = aircheck.validate(path)
    except AircheckError as exc:
        assert exc.message and exc.file == str(path)
        return None
    for claim in report.claims.itertuples():
        # a figure read is the figure written: its exact value and precision, times the
        # 万/亿 its unit column may carry (3.2 under 万千瓦 is 32000 千瓦)
        figure = parse_quantity(claim.raw)
        scale = claim.magnitude - figure.magnitude
        assert scale in (0, *MAGNITUDES.values()), claim.raw
        assert Decimal(claim.text) == shift(figure.value, scale), claim.raw
        assert claim.decimals == figure.decimals, claim.raw
    return report


def _first_lines(rows: list[tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """The line each written row starts on (a quoted cell may hold line breaks)."""
    out, line = {}, 2
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer).writerow(row)
        out[line] = row
        line += len(buffer.getvalue()[:-2].replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return out


@TMP
@given(st.binary(max_size=400))
def test_random_bytes_give_a_report_or_a_clear_error(tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    _outcome(path)


@TMP
@given(st.text(max_size=300))
def test_random_text_gives_a_report_or_a_clear_error(tmp_path, text):
    path = tmp_path / "random.csv"
    path.write_text("item,planned,completed,rate\n" + text, encoding="utf-8")
    _outcome(path)


@TMP
@given(st.lists(ROW, max_size=25))
def test_every_row_is_accounted_for(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # "\r\n" ends rows, so cells with \r or \n are quoted
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path / "table.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    report = _outcome(path)
    assert report is not None
    data_rows = sum(any(cell.strip() for cell in row) for row in rows)
    with_claims = set(report.claims["line"])
    unreadable = {f.locations[0].line for f in report.findings if f.code == "AC501"}
    assert len(with_claims | unreadable) + report.stats["rows_without_figures"] == data_rows
    # and each figure is the cell of its row and column, as written
    written = _first_lines(rows)
    for claim in report.claims.itertuples():
        row = written[claim.line]
        cell = row[claim.column - 1]
        assert cell.strip() == claim.raw.strip(), (claim.line, claim.column, cell, claim.raw)
        scale = claim.magnitude - parse_quantity(claim.raw).magnitude
        assert scale in (0, split_magnitude(row[2])[0]), (row[2], claim.raw)


@given(st.lists(st.sampled_from([*'ab1,;" \t\n\r', "\r\n", '""']), max_size=40).map("".join))
def test_fast_reader_agrees_with_the_csv_module(text):
    if not text.strip() or tables._quote_spans_lines(text):
        return
    fast = tables._read_fast(text, ",")
    if fast is None:
        return
    slow = tables._read_with_csv(text, "t.csv", ",")
    assert fast[0] == slow[0] and fast[2] == slow[2]
    width = max(fast[1].shape[1], slow[1].shape[1])
    pad = lambda f: f.reindex(columns=range(width), fill_value="").values.tolist()  # noqa: E731
    assert pad(fast[1]) == pad(slow[1])


@pytest.mark.parametrize("cell", ["NaN", "Inf", "-Infinity", "1e5", "0x10", "1.2.3"])
def test_float_spellings_are_not_numbers(tmp_path, cell):
    path = tmp_path / "t.csv"
    path.write_text(f"item,planned,completed\na,{cell},3\n", encoding="utf-8")
    codes = {(f.code, f.locations[0].line) for f in aircheck.validate(path).findings}
    assert ("AC501", 2) in codes


def test_planned_zero_and_negatives(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("item,planned,completed,rate\na,0,0,0%\nb,0,3,50%\nc,-4,-3,75%\n", "utf-8")
    report = aircheck.validate(path)
    assert {(f.code, f.locations[0].line) for f in report.findings} == {
        ("AC202", 4),  # the plan
        ("AC202", 4),  # and the completed figure are negative; the rate is consistent
    }
    assert sum(f.code == "AC202" for f in report.findings) == 2


def test_a_ten_megabyte_line(tmp_path):
    path = tmp_path / "t.csv"
    huge = "项" * (10 * 1024 * 1024 // 3)
    path.write_text(f"item,planned,completed\n{huge},4,3\nb,1{' ' * 5000}x1,2\n", "utf-8")
    report = aircheck.validate(path)
    assert ("AC502", 2) in {(f.code, f.locations[0].line) for f in report.findings}
    assert ("AC501", 3) in {(f.code, f.locations[0].line) for f in report.findings}


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_xlsx_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_XLSX_UNPACKED", 1024 * 1024)
    path = tmp_path / "bomb.xlsx"
    _zip(
        path, {"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(20 * 1024 * 1024)}
    )
    assert path.stat().st_size < 100_000  # 20 MB of zeros packs small: a bomb in miniature
    with pytest.raises(AircheckError, match="byte limit") as caught:
        aircheck.validate(path)
    assert caught.value.file == str(path)


def test_xlsx_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    _zip(path, {"hello.txt": b"not a workbook"})
    with pytest.raises(AircheckError, match="XLSX"):
        aircheck.validate(path)
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(AircheckError, match="XLSX"):
        aircheck.validate(path)
