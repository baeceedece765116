"""Fuzzing the report-text reader: any text gives claims or one clear AircheckError.

And every claim is true to the text: its place (line, column) holds the figure as
written, and its value, precision and magnitude are exactly (in Decimal) those of
that figure parsed alone.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import FIXTURES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import aircheck
from aircheck.errors import AircheckError
from aircheck.numbers import FULLWIDTH, NumberFormatError, parse_quantity
from aircheck.text.loaders import load
from aircheck.text.normalise import TRADITIONAL

HEADINGS = ["一、", "（一）", "1.", "（1）", "①", "第一章", "（二十四）", "二十、", "1.1.1", "#"]
SENTENCES = [
    "计划新建改造供热管网57公里，目前已建设完成39.82公里，完成率69.8%。",
    "30 台固定遥感设备已联网数量 21 台；",
    "需提升 1874 个，已通过方案 1292 个，已完成安装 1105 个，完成联网 980 个。",
    "在格力电器、宇通客车等 5 家企业",
    "约 790.15 万吨，70 家左右，101.76 亿",
    "| 项目 | 计划 | 完成 |\n| 造林 | 3.13 | 4.03 |",
    "合计 | 10 | 20",
    "2021 年 1-5 月份，PM2.5，国三，1+N",
    "完成率" + "9" * 300 + "%",
]
pieces = st.one_of(st.sampled_from(HEADINGS), st.sampled_from(SENTENCES), st.text(max_size=40))
documents = st.lists(st.tuples(pieces, st.sampled_from(["", "\n", "\n\n", " "])), max_size=40)
TMP = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _validate(path) -> None:
    try:
        report = aircheck.validate(path)
    except AircheckError as exc:
        assert exc.message and exc.file == str(path)
        return
    assert report.stats["claims"] == len(report.claims)
    _claims_are_true_to_the_text(path, report)


def _fold(text: str) -> str:
    """As the reader folds it: full-width and traditional characters, no spaces."""
    return "".join(text.translate(FULLWIDTH).translate(TRADITIONAL).split())


def _claims_are_true_to_the_text(path, report) -> None:  # type: ignore[no-untyped-def]
    lines = {line.number: line.text for line in load(path)}
    for claim in report.claims.itertuples():
        assert claim.line in lines and claim.column >= 1, claim
        # a figure may run on over a page-broken line: read from its first character on
        following = "".join(lines.get(n, "") for n in range(claim.line, claim.line + 3))
        written = _fold(following[claim.column - 1 :])
        assert written.startswith(_fold(claim.raw)), (claim.line, claim.column, claim.raw)
        try:
            figure = parse_quantity(_fold(claim.raw))
        except NumberFormatError:
            # only a figure in words (八条, 均未) is not a figure in digits
            assert not any(ch.isascii() and ch.isdigit() for ch in claim.raw), claim.raw
            continue
        assert Decimal(claim.text) == figure.value, claim.raw
        assert (claim.decimals, claim.magnitude) == (figure.decimals, figure.magnitude), claim.raw
        assert float(claim.value) == float(figure.value), claim.raw


@TMP
@given(documents)
def test_random_report_text(tmp_path, parts):
    path = tmp_path / "report.txt"
    path.write_text("".join(a + b for a, b in parts), encoding="utf-8", errors="replace")
    _validate(path)


@TMP
@given(st.integers(min_value=1, max_value=300))
@example(2000)
def test_deep_section_nesting(tmp_path, depth):
    lines = []
    for level in range(depth):
        lines.append(HEADINGS[level % 4] + f"第{level}层")
        lines.append(
            f"计划完成{level + 1}家，已完成{level}家，完成率{level * 100 / (level + 1):.1f}%。"
        )
    path = tmp_path / "deep.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    _validate(path)


@TMP
@given(st.binary(max_size=300))
def test_random_bytes_as_text(tmp_path, data):
    path = tmp_path / "bytes.txt"
    path.write_bytes(data)
    _validate(path)


def test_the_fixture_reports_claims_are_true_to_their_text():
    paths = sorted(FIXTURES.glob("*.txt"))
    assert paths
    claims = 0
    for path in paths:
        report = aircheck.validate(path)
        claims += len(report.claims)
        _claims_are_true_to_the_text(path, report)
    assert claims > 200  # the property is tested on many real figures
