"""Fold the report text into one searchable form, keeping a map back to the file.

Each character of the folded text remembers the (line, column) it came from, so a
figure found after joining page-broken lines, deleting stray spaces or injected
pinyin, and reading traditional characters as simplified ones still points at the
place the user wrote it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..numbers import FULLWIDTH
from .loaders import SourceLine
from .traditional import SIMPLIFIED_CHARS, TRADITIONAL_CHARS

#: Traditional characters read as their simplified forms, one for one (so every folded
#: character keeps its source position); generated from OpenCC's data, see traditional.py.
TRADITIONAL = str.maketrans(TRADITIONAL_CHARS, SIMPLIFIED_CHARS)
#: Brackets folded for the scanners only (they never merge two numbers).
BRACKETS = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";"})

_PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])\([{_PINYIN_LETTERS}]+\)")
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-+]\s+)")
_SPACE_CHARS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
_SPACES = re.compile(f"[{_SPACE_CHARS}]+")
_STARS = re.compile(r"\*+")
#: A line without any of these has nothing to take out: every span above needs one
#: (a Markdown lead needs # > - or +, pinyin its bracket and a letter: most brackets
#: of a report hold words or figures, （一） or （第1部分）).
_TAKEN_CHARS = re.compile("[" + re.escape("*#>+-" + _SPACE_CHARS) + f"]|\\((?=[{_PINYIN_LETTERS}])")
#: A line ending in one of these ends its paragraph.
TERMINAL = frozenset("。；;！!？?：:”」』）)")
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、．](?!\d)|\(\d+\))"
)
#: A line shorter than this is a title or heading, never half of a page-broken sentence.
MIN_BROKEN_LINE = 30


@dataclass(slots=True)
class Mapped:
    """Folded text with the source (line, column) of every character.

    The map is kept as runs, not one pair per character (making those pairs was the
    slowest step of reading a report): the characters from ``starts[k]`` up to the next
    start come from line ``lines[k]``, at consecutive columns from ``columns[k]``."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)

    def __add__(self, other: Mapped) -> Mapped:
        offset = len(self.text)
        return Mapped(
            self.text + other.text,
            self.starts + [start + offset for start in other.starts],
            self.lines + other.lines,
            self.columns + other.columns,
        )

    def sub(self, start: int, end: int) -> Mapped:
        if end <= start:
            return Mapped()
        first = bisect_right(self.starts, start) - 1
        last = bisect_left(self.starts, end)
        starts = [max(s - start, 0) for s in self.starts[first:last]]
        columns = self.columns[first:last]
        if starts and columns:  # the first run begins inside: its column moves with it
            columns[0] += start - self.starts[first]
        return Mapped(self.text[start:end], starts, self.lines[first:last], columns)

    @property
    def origin(self) -> list[tuple[int, int]]:
        """(line, column) of every character, spelled out (for tests: readers ask
        :meth:`position` or :meth:`line_at` of the characters they need)."""
        return [self.position(i) for i in range(len(self.text))]

    def position(self, i: int) -> tuple[int, int]:
        """(line, column) in the source of the folded character at *i*."""
        run = bisect_right(self.starts, i) - 1
        return self.lines[run], self.columns[run] + i - self.starts[run]

    def line_at(self, i: int) -> int:
        """The source line of the folded character at *i*."""
        return self.lines[bisect_right(self.starts, i) - 1]

    def where(self, start: int, end: int) -> tuple[int, int, int]:
        """(line, first column, last column) of text[start:end] in the source."""
        line, column = self.position(start)
        last_line, last = self.position(max(end - 1, start))
        return line, column, last if last_line == line else column + (end - start) - 1

    def chars_of_line(self, line: int) -> int:
        """How many folded characters come from source line *line*."""
        bounds = [*self.starts[1:], len(self.text)]
        return sum(b - s for s, b, n in zip(self.starts, bounds, self.lines) if n == line)


class _Folding(dict[int, int | str]):
    """The three foldings above as one table that also remembers the characters it leaves
    alone: ``str.translate`` raises and discards a ``KeyError`` for every character
    missing from a plain dict, which made folding the slowest step of reading a report."""

    __slots__ = ()

    def __missing__(self, key: int) -> int:
        self[key] = key
        return key


def _folding() -> _Folding:
    keys = set(FULLWIDTH) | set(TRADITIONAL) | set(BRACKETS)
    return _Folding(
        {k: chr(k).translate(FULLWIDTH).translate(TRADITIONAL).translate(BRACKETS) for k in keys}
    )


_FOLD = _folding()


def fold_line(line: SourceLine) -> Mapped:
    """One source line folded: full-width digits, traditional characters, pinyin, spaces.

    What goes is found as spans (a Markdown lead, ``*``, pinyin after a character, runs of
    spaces); the text and its origins are then copied slice by slice, not character by
    character. Spaces stay only between two ASCII words, the nearest characters kept on
    either side of everything taken out there."""
    chars = line.text.translate(_FOLD)
    number = line.number
    if _TAKEN_CHARS.search(chars) is None:  # most lines: the text as folded, one for one
        return Mapped(chars, [0], [number], [1]) if chars else Mapped()
    markup = _MARKDOWN.match(chars)  # "## 一、…" and "**…**" in Markdown
    marked = [markup.span()] if markup and markup.end() else []
    marked += [m.span() for m in _STARS.finditer(chars)]
    marked += [m.span() for m in _PINYIN.finditer(chars)]
    gaps = _merged(marked + [m.span() for m in _SPACES.finditer(chars)])
    pieces: list[tuple[int, int]] = []
    done = 0
    for start, end in gaps:
        pieces.append((done, start))
        if _ascii_word(chars[start - 1 : start]) and _ascii_word(chars[end : end + 1]):
            pieces += _spaces_kept(chars, start, end, marked)
        done = end
    pieces.append((done, len(chars)))
    pieces = [(start, end) for start, end in pieces if end > start]
    starts: list[int] = []
    size = 0
    for start, end in pieces:
        starts.append(size)
        size += end - start
    columns = [start + 1 for start, _ in pieces]
    text = "".join([chars[start:end] for start, end in pieces])
    return Mapped(text, starts, [number] * len(pieces), columns)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _spaces_kept(
    chars: str, start: int, end: int, marked: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spaces of a gap between two ASCII words that no markup or pinyin took."""
    taken = {i for a, b in marked if a < end and b > start for i in range(a, b)}
    return [(i, i + 1) for i in range(start, end) if chars[i] in _SPACE_CHARS and i not in taken]


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def paragraphs(
    lines: list[SourceLine], alone: frozenset[int] = frozenset(), min_broken: int = MIN_BROKEN_LINE
) -> list[Mapped]:
    """Folded paragraphs: a line that stops mid-sentence is joined to the next non-blank one.

    PDF page breaks split words and numbers (在 / 线监控平台); a line shorter than
    :data:`MIN_BROKEN_LINE` (a title) or followed by a heading is never joined, nor
    are the lines numbered in *alone* (a headline repeated as the first body line).
    PDF lines wrap anywhere, so there *min_broken* is 0.
    """
    folded = [fold_line(line) for line in lines]
    result: list[Mapped] = []
    current: Mapped | None = None
    for item in folded:
        if not item.text:
            continue
        if (
            current is not None
            and current.lines[-1] not in alone
            and _continues(current, item, min_broken)
        ):
            current = current + item
            continue
        if current is not None:
            result.append(current)
        current = item
    if current is not None:
        result.append(current)
    return result


def _continues(current: Mapped, nxt: Mapped, min_broken: int) -> bool:
    text = current.text
    if text[-1] in TERMINAL or HEADING.match(nxt.text) or nxt.text.startswith("#"):
        return False
    return min_broken <= 0 or current.chars_of_line(current.lines[-1]) >= min_broken
