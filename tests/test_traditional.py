"""The traditional -> simplified map (generated from OpenCC's data) keeps positions."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import FIXTURES, SHARED_CORPUS
from hypothesis import given
from hypothesis import strategies as st

from aircheck.numbers import FULLWIDTH
from aircheck.text.loaders import SourceLine
from aircheck.text.normalise import BRACKETS, TRADITIONAL, fold_line
from aircheck.text.traditional import SIMPLIFIED_CHARS, TRADITIONAL_CHARS


def test_every_entry_is_one_character_for_one_and_no_key_twice():
    assert len(TRADITIONAL_CHARS) == len(SIMPLIFIED_CHARS) > 3000
    assert len(set(TRADITIONAL_CHARS)) == len(TRADITIONAL_CHARS)  # no duplicate keys
    for key, value in zip(TRADITIONAL_CHARS, SIMPLIFIED_CHARS):
        assert key != value
        assert unicodedata.category(key) == unicodedata.category(value) == "Lo", (key, value)


def test_folding_twice_is_folding_once():
    # no simplified form is itself mapped, so simplified text is a fixed point
    assert not set(SIMPLIFIED_CHARS) & set(TRADITIONAL_CHARS)


def test_simplified_reports_are_left_as_they_are():
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text("utf-8")
        assert text.translate(TRADITIONAL) == text, path.name
    # characters that are simplified too (覆盖率, 显著, 乾隆) are never changed
    assert "覆盖率显著乾隆".translate(TRADITIONAL) == "覆盖率显著乾隆"


def test_common_report_words_fold():
    text = "計劃完成億萬畝，總體進度為百分之九十，低於預期"
    assert text.translate(TRADITIONAL) == "计划完成亿万亩，总体进度为百分之九十，低于预期"


@given(
    st.text(
        alphabet=st.sampled_from(TRADITIONAL_CHARS[:400] + "0123456789.%，。万亿亩"),
        max_size=60,
    )
)
def test_a_folded_line_keeps_one_source_column_per_character(raw):
    folded = fold_line(SourceLine(7, raw))
    assert folded.text == raw.translate(TRADITIONAL)
    assert folded.origin == [(7, column) for column in range(1, len(raw) + 1)]
    for (_, column), ch in zip(folded.origin, folded.text):
        assert raw[column - 1].translate(TRADITIONAL) == ch


def test_traditional_reports_of_the_corpus_fold_in_place():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus (the real reports) is not available")
    paths = sorted(SHARED_CORPUS.glob("*-trad.txt"))
    assert paths, f"no traditional reports in {SHARED_CORPUS}"
    for path in paths:
        lines = path.read_text("utf-8").splitlines()
        for number, raw in enumerate(lines, 1):
            folded = fold_line(SourceLine(number, raw))
            for (line, column), ch in zip(folded.origin, folded.text):
                source = lines[line - 1][column - 1]
                assert source.translate(FULLWIDTH).translate(TRADITIONAL).translate(BRACKETS) == ch
            assert not set(folded.text) & set(TRADITIONAL_CHARS), (path.name, number)
