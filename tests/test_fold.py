"""fold_line copies slices, not characters: it must fold exactly as the per-character
definition below does (kept here as the oracle), positions included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aircheck.numbers import FULLWIDTH
from aircheck.text.loaders import SourceLine
from aircheck.text.normalise import (
    _MARKDOWN,
    _PINYIN,
    BRACKETS,
    TRADITIONAL,
    Mapped,
    fold_line,
)

SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"


def folded_by_character(line: SourceLine) -> tuple[str, list[tuple[int, int]]]:
    """The definition: markup, * and pinyin go; a space goes unless the nearest characters
    kept on both sides are ASCII letters."""
    chars = line.text.translate(FULLWIDTH).translate(TRADITIONAL).translate(BRACKETS)
    keep = [True] * len(chars)
    markup = _MARKDOWN.match(chars)
    for i in range(markup.end() if markup else 0):
        keep[i] = False
    for i, ch in enumerate(chars):
        if ch == "*":
            keep[i] = False
    for match in _PINYIN.finditer(chars):
        for i in range(match.start(), match.end()):
            keep[i] = False

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(chars) and (chars[j] in SPACE or not keep[j]):
            j += step
        return chars[j] if 0 <= j < len(chars) else ""

    def word(ch: str) -> bool:
        return ch.isascii() and ch.isalpha()

    for i, ch in enumerate(chars):
        if ch in SPACE and not (word(neighbour(i, -1)) and word(neighbour(i, 1))):
            keep[i] = False
    text = "".join(c for c, k in zip(chars, keep) if k)
    return text, [(line.number, i + 1) for i, k in enumerate(keep) if k]


PIECES = st.sampled_from(
    [" ", "  ", "\u3000", "\t", "*", "**", "#", "## ", "> ", "- ", "+ ", "(", ")", "（", "）",
     "ab", "x", "GDP", "PM", "2.5", "１２", "完成", "率", "萬", "(wan)", "(shī)", "：", "%", "。"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=14).map("".join), st.integers(1, 500))
def test_fold_line_equals_the_per_character_definition(text: str, number: int) -> None:
    line = SourceLine(number, text)
    got = fold_line(line)
    assert (got.text, got.origin) == folded_by_character(line)


def test_fold_line_examples() -> None:
    got = fold_line(SourceLine(3, "## 一、造林 4.03 万亩，PM 2.5 浓度"))
    assert got.text == "一、造林4.03万亩，PM2.5浓度"
    assert got.origin[0] == (3, 4) and got.origin[-1] == (3, 25)
    pinyin = fold_line(SourceLine(1, "the Yellow  River 黄河(huánghé)长"))
    assert pinyin.text == "the Yellow  River黄河长"  # spaces between words stay
    assert pinyin.origin[-1] == (1, 30)


@given(
    st.lists(st.tuples(st.lists(PIECES, max_size=8).map("".join), st.integers(1, 50)), max_size=4),
    st.data(),
)
def test_runs_map_every_character_as_the_definition_does(
    parts: list[tuple[str, int]], data: st.DataObject
) -> None:
    """The map is kept as runs: joining, slicing and asking for a place must give what
    the per-character definition gives for the same lines."""
    sources = [SourceLine(number, text) for text, number in parts]
    joined = Mapped()
    for source in sources:
        joined = joined + fold_line(source)
    origin = [pair for source in sources for pair in folded_by_character(source)[1]]
    assert joined.origin == origin
    if not joined.text:
        return
    start = data.draw(st.integers(0, len(joined.text) - 1))
    end = data.draw(st.integers(start + 1, len(joined.text)))
    part = joined.sub(start, end)
    assert (part.text, part.origin) == (joined.text[start:end], origin[start:end])
    # no empty run: paragraphs() reads the last run's line as the line the text ends on
    for mapped in (joined, part):
        bounds = [*mapped.starts[1:], len(mapped.text)]
        assert all(b > a for a, b in zip(mapped.starts, bounds))
        assert mapped.lines[-1] == mapped.origin[-1][0]
    assert joined.sub(start, start).text == "" and not joined.sub(start, start).starts
    assert joined.line_at(start) == origin[start][0]
    line, column, last = joined.where(start, end)
    assert (line, column) == origin[start]
    same_line = origin[end - 1][0] == line
    assert last == (origin[end - 1][1] if same_line else column + end - start - 1)
    assert joined.chars_of_line(line) == sum(1 for n, _ in origin if n == line)
