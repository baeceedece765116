"""A quoted cell that is never closed is an error at the quote, not rows that vanish.

Read leniently (as the csv module and pandas do), everything after such a quote is one
cell: a table with a stray quote lost every later row without a word. Now the run stops
with exit code 2 at the quote's line and column, read in one piece or in blocks; a
well-formed table, whatever its quoting, is never refused, nor a quote left open in the
last line (it swallows no row).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import aircheck
from aircheck.cli import main
from aircheck.errors import AircheckError
from aircheck.quotes import unclosed_quote

HEADER = "section,item,unit,planned,completed,rate,kind,key\n"
ROW = "一,项目{0},公里,10,{0},{0}0%,progress,\n"


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ('一,"乙项目,公里,10,5,50%,progress,\n' + ROW.format(6), (3, 3)),  # mid-table
        (ROW.format(6) + '一,乙项目,"公里,10,5,50%,progress,\n' + ROW.format(7), (4, 7)),
        (
            '一,"甲\n项目",公里,10,5,50%,progress,\n一,"""乙,公里,10,5,50%,\n' + ROW.format(7),
            (5, 3),
        ),
        ('一,甲,公里,10,5,50%,progress,"\n' + ROW.format(6), (3, 26)),  # the next row lost
        # a closed quote with text after it first ("a"b: the strict reader stops there)
        ('一,"甲"乙,公里,10,5,50%,progress,"x\n' + ROW.format(6), (3, 29)),
    ],
)
def test_a_quote_never_closed_is_an_error_at_its_place(
    tmp_path: Path, body: str, place: tuple[int, int]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROW.format(4) + body, "utf-8")
    with pytest.raises(AircheckError) as caught:
        aircheck.validate(path)
    assert (caught.value.file, caught.value.line, caught.value.column) == (str(path), *place)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"t.csv:{place[0]}:{place[1]}: a quoted cell opens here and is never closed" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_a_quote_left_open_in_the_last_line_loses_no_row_and_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROW.format(4) + '一,乙,公里,10,5,50%,progress,"\n\n', "utf-8")
    assert aircheck.validate(path).stats["relations"]["ratio"] == 2


def test_quotes_that_close_are_read_as_before(tmp_path: Path) -> None:
    # quoted line breaks, escaped quotes and a quote inside an unquoted cell (12")
    body = '一,"甲\n项目",公里,10,5,50%,progress,\n一,"乙""丙",公里,10,6,60%,progress,\n'
    body += '一,丁12",公里,10,7,70%,progress,\n'
    path = tmp_path / "t.csv"
    path.write_text(HEADER + body, "utf-8")
    report = aircheck.validate(path)
    assert report.stats["claims"] == 9 and report.stats["relations"]["ratio"] == 3


def test_a_quote_never_closed_is_named_even_past_the_csv_field_limit(tmp_path: Path) -> None:
    # the csv module stops at 131,072 characters in one cell: the quote is the cause
    path = tmp_path / "t.csv"
    path.write_text(HEADER + '一,"乙项目,公里,10,5,50%,progress,\n' + ROW.format(6) * 6000, "utf-8")
    with pytest.raises(AircheckError) as caught:
        aircheck.validate(path)
    assert (caught.value.line, caught.value.column) == (2, 3)
    assert "never closed" in str(caught.value)


@pytest.mark.parametrize("helpers", [0, 1])
@pytest.mark.parametrize(
    ("rows", "stray", "chunk_chars", "words"),
    [
        # the rest of the file is read into one piece, which refuses it
        (200, 150, 600, "is never closed"),
        # no cut exists after the quote: the block reader used to hold the rest of the
        # file before refusing it; now it stops once the open cell passes what a cell
        # may hold (the csv field limit)
        (8000, 100, 2_000, "runs on without closing"),
    ],
)
def test_a_table_read_in_blocks_names_the_quote_at_its_file_line(
    tmp_path: Path, helpers: int, rows: int, stray: int, chunk_chars: int, words: str
) -> None:
    from aircheck.chunked import validate_in_chunks
    from aircheck.rulebase import Options

    lines = [ROW.format(n % 9 + 1) for n in range(rows)]
    lines[stray] = '一,"乙项目,公里,10,5,50%,progress,\n'
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "".join(lines), "utf-8")
    with pytest.raises(AircheckError) as caught:
        validate_in_chunks(path, Options(), chunk_chars=chunk_chars, helpers=helpers)
    assert (caught.value.line, caught.value.column) == (stray + 2, 3)
    assert words in str(caught.value)


CELLS = st.text(alphabet='ab甲,"\n\r ', max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=6))
def test_what_the_csv_module_writes_has_no_unclosed_quote(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    text = buffer.getvalue()
    assert unclosed_quote(text, ",", _last_row(text)) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=6), st.data())
def test_a_quote_opened_and_never_closed_is_found_where_it_opens(
    rows: list[list[str]], data: st.DataObject
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    written = buffer.getvalue()
    text = written + 'x,"' + data.draw(st.text(alphabet="ab甲,\n ", max_size=8)) + "\ny"
    # lines as the csv reader counts them (a lone \r in a quoted cell is a line break too)
    line = len(io.StringIO(written, newline="").readlines()) + 1
    assert unclosed_quote(text, ",", _last_row(text)) == (line, 3)


def _last_row(text: str) -> int:
    """Where the last row the lenient reader returns starts (as the table reader counts)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last, start = 1, 1
    for _ in reader:
        last, start = start, reader.line_num + 1
    return last
