"""A table read block by block gives the report of one piece (issue 13 item 4).

Each case compares ``aircheck.chunked.validate_in_chunks`` at several block sizes (down
to a few rows, so that blocks cut keyed pairs, quoted cells and fraction columns) with
``aircheck.validate`` of the whole file: every finding as JSON, the statistics and the
rounding convention.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SEED_TABLE
from hypothesis import given, settings
from hypothesis import strategies as st

import aircheck
from aircheck import engine
from aircheck.chunked import validate_in_chunks
from aircheck.errors import AircheckError
from aircheck.rulebase import Options
from aircheck.table_stream import NotStreamable, blocks, streams

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate_table

HEADER = "事项,单位,计划,已完成,完成率,指标\n"


def summary(report: aircheck.Report) -> tuple[list[dict], dict, str]:
    return [f.to_dict() for f in report.findings], report.stats, report.convention


def same_in_chunks(path: Path, sizes: tuple[int, ...], options: Options | None = None) -> None:
    options = options or Options()
    whole = summary(engine.validate(path, options))
    for size in sizes:
        for helpers in (0, 1):  # checked here alone, and with a worker process beside
            found = validate_in_chunks(path, options, size, helpers)
            assert summary(found) == whole, (size, helpers)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chunked") / "table.csv"
    generate_table(3000, seed=3, error_every=97).write(path)
    return path


def test_generated_table_in_blocks_of_any_size(generated: Path) -> None:
    whole = aircheck.validate(generated)
    codes = {f.code for f in whole.findings}
    assert {"AC101", "AC102", "AC105", "AC201", "AC301", "AC501"} <= codes  # all kinds cut
    same_in_chunks(generated, (4096, 20_000, 10**9))


@settings(max_examples=4, deadline=None)
@given(size=st.integers(min_value=3000, max_value=60_000))
def test_any_block_size(generated: Path, size: int) -> None:
    same_in_chunks(generated, (size,))


def test_options_are_kept(generated: Path) -> None:
    same_in_chunks(generated, (9000,), Options(select=("AC3", "AC1")))
    same_in_chunks(generated, (9000,), Options(rounding="truncate"))


def test_key_far_apart_disagreeing_across_blocks(tmp_path: Path) -> None:
    rows = [
        f"项目{i},个,{100 + i},{50 + i},{(50 + i) * 100 / (100 + i):.1f}%,\n" for i in range(400)
    ]
    rows[3] = "供热管网,公里,57,39.82,69.9%,k1\n"
    rows[390] = "供热管网（重述）,公里,,39.28,,k1\n"  # the same figure, mistyped, far below
    rows[200] = "造林面积,公顷,,1161.14,,k2\n"
    rows[399] = "造林面积,亩,,17417,,k2\n"  # agrees after conversion: no finding
    rows[100] = "炉窑,家,,72,,k3\n"
    rows[350] = "炉窑,个,,72,,k3\n"  # different dimensions: AC402
    path = tmp_path / "keys.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    codes = [(f.code, f.locations[0].line) for f in aircheck.validate(path).findings]
    assert ("AC301", 5) in codes and ("AC402", 102) in codes
    same_in_chunks(path, (1000, 5000))


def test_fraction_column_decided_over_all_blocks(tmp_path: Path) -> None:
    rows = [f"项目{i},个,{200 + i},{150 + i},{(150 + i) / (200 + i):.3f},\n" for i in range(300)]
    path = tmp_path / "fractions.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    report = aircheck.validate(path)
    assert [f.code for f in report.findings] == ["AC106"]
    same_in_chunks(path, (900, 4000))
    # one cell out of range in the last block: not a fraction column, in one piece or not
    path.write_text(HEADER + "".join(rows) + "末项,个,10,9,90%,\n", encoding="utf-8")
    assert "AC106" not in {f.code for f in aircheck.validate(path).findings}
    same_in_chunks(path, (900,))


def test_a_quote_inside_an_unquoted_cell_does_not_move_the_cuts(tmp_path: Path) -> None:
    # 管径5" is a character, not an opening quote: counting quotes cut inside the
    # quoted note below it, and the blocks read differently from the whole file
    rows = [f"项目{i},公里,57,39.82,69.8%,\n" for i in range(60)]
    rows[5] = '管径5",公里,57,39.82,69.8%,\n'
    rows[30] = '项目30,公里,57,39.82,69.8%,"多行\n' + "续\n" * 20 + '完"\n'
    path = tmp_path / "literal.csv"
    path.write_text("事项,单位,计划,已完成,完成率,备注\n" + "".join(rows), "utf-8")
    same_in_chunks(path, (150, 300, 700, 1500))


def test_quoted_cells_spanning_lines_are_never_cut(tmp_path: Path) -> None:
    rows = [f'"项目{i}\n（续）",个,100,{i % 90},{i % 90}.0%,\n' for i in range(200)]
    path = tmp_path / "quoted.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    same_in_chunks(path, (333, 2000))
    lines = [b.table.frame["line"].tolist() for b in blocks(path, 333)]
    assert [line for block in lines for line in block] == list(range(2, 402, 2))


def test_gbk_and_bom_files(tmp_path: Path) -> None:
    text = SEED_TABLE.read_text(encoding="utf-8")
    for name, data in (
        ("gbk.csv", text.encode("gb18030")),
        ("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16.csv", text.encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        same_in_chunks(path, (120, 900))


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode("utf-8") + b"\xff\xfe\xfa,1,2,3,4,\n")
    for helpers in (0, 1):
        with pytest.raises(AircheckError, match="not UTF-8"):
            validate_in_chunks(path, Options(), 100, helpers)
    path.write_text("a\rb\r", encoding="utf-8")
    with pytest.raises(NotStreamable):
        list(blocks(path, 100))


def test_only_large_delimited_tables_stream(tmp_path: Path) -> None:
    assert not streams(SEED_TABLE)
    assert streams(SEED_TABLE, stream_bytes=100)
    assert not streams(FIXTURES / "seed_zhengzhou_2021-06.txt", stream_bytes=100)


def test_of_two_bad_blocks_the_first_is_reported(tmp_path: Path) -> None:
    """A worker's later block may fail first; the error reported is the one read in one
    piece gives: the first bad line of the file (this once varied from run to run)."""
    row = '"项目{0}\n续",个,{1},{2},50.0%,\n'.format  # quoted line breaks: the csv reader
    huge = '"' + "长" * 70000 + "\n" + "长" * 70000 + '",个,10,9,90.0%,\n'  # over its field limit
    rows = [row(i, 200 + i, 100 + i) for i in range(300)]
    path = tmp_path / "two_bad.csv"
    path.write_text(HEADER + "".join(rows[:100]) + huge + "".join(rows[100:200]) + huge
                    + "".join(rows[200:]), encoding="utf-8")  # fmt: skip
    with pytest.raises(AircheckError) as whole:
        _one_piece(path)
    for helpers in (0, 1, 2, 2, 2, 2):
        with pytest.raises(AircheckError) as found:
            validate_in_chunks(path, Options(), 3000, helpers)
        assert (found.value.line, str(found.value)) == (whole.value.line, str(whole.value))


def _one_piece(path: Path) -> aircheck.Report:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("aircheck.table_stream.streams", lambda *_a, **_k: False)
        return engine.validate(path, Options())


def test_jobs_sets_the_processes_of_a_large_table(generated: Path, monkeypatch) -> None:
    """``validate --jobs N``: a table read in blocks is checked by N processes; the
    report is the same whatever N."""
    import json

    from click.testing import CliRunner

    from aircheck import chunked
    from aircheck.cli import main

    monkeypatch.setattr(chunked, "MAX_HELPERS", None)
    monkeypatch.setattr("aircheck.table_stream.streams", lambda *_a, **_k: True)
    seen: list[int] = []
    real = chunked._helpers
    monkeypatch.setattr(chunked, "_helpers", lambda: seen.append(real()) or seen[-1])
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            main, ["validate", str(generated), "--jobs", jobs, "--format", "json"]
        )
        assert result.exit_code == 1, result.output
        outputs.append(json.loads(result.output)["findings"])
    assert seen == [0, 1]
    assert chunked.MAX_HELPERS is None  # the limit holds for that run only
    assert outputs[0] == outputs[1] and outputs[0]
