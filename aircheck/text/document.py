"""The report as paragraphs, sentences and clauses, with every figure placed in them.

Relation readers ask structural questions (which figures share a sentence, which
come after the previous rate, what the clause before a figure says); this module
answers them once so the readers stay small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..units import UNIT_NAMES
from .normalise import Mapped
from .scan import Figure, first_of, scan
from .sections import SectionTracker
from .vocabulary import PLAN_WORDS as PLAN_CUE

SENTENCE_END = frozenset("。;！!？?")
CLAUSE_END = frozenset("，,:")
_STOP = re.compile(
    r"^(?:目前|截至目前|截止目前|截至|今年|共计|共|已|并|但|其中|另外|同时|累计|计划)+"
)


@dataclass(slots=True)
class Placed:
    """A figure with its place: paragraph, sentence, clause, section, surrounding words."""

    figure: Figure
    paragraph: int
    sentence: int
    clause: int
    depth: int  # parentheses open at the figure
    section: str
    clause_text: str  # the clause up to the figure
    after_text: str = ""  # the words after the figure, up to the next figure or clause end
    claim_id: str = ""
    subject: str = ""
    field: str = ""
    headings: str = ""  # titles of the sections it is in: （一）甲市。 scopes what follows
    words: str | None = None  # subject_of, once its clause and after_text are set

    @property
    def unit(self) -> str:
        return self.figure.unit

    @property
    def plan_cued(self) -> bool:
        return bool(PLAN_CUE.search(self.clause_text))


@dataclass(slots=True)
class Paragraph:
    text: Mapped
    section: str
    index: int
    figures: list[Placed] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    _positions: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def position(self, placed: Placed) -> int:
        """Where *placed* stands among the figures (the index is rebuilt when they grow)."""
        if len(self._positions) != len(self.figures):
            self._positions = {id(p): i for i, p in enumerate(self.figures)}
        return self._positions[id(placed)]


def build(paragraphs: list[Mapped], title: str = "") -> list[Paragraph]:
    """Place every figure of every paragraph."""
    tracker = SectionTracker()
    result: list[Paragraph] = []
    titles: dict[str, str] = {}
    shown: tuple[tuple[str, ...], int, str] = ((), -1, "")  # the last path's headings, titled then
    for index, mapped in enumerate(paragraphs):
        text = mapped.text
        section = "标题" if title and text.strip() == title else tracker.enter(text)
        if section and section not in titles:
            titles[section] = _heading_title(text)
        path = tuple(tracker.path)
        if path != shown[0] or len(titles) != shown[1]:  # a new heading or a new title
            joined = "|".join(titles.get("".join(path[: n + 1]), "") for n in range(len(path)))
            shown = (path, len(titles), joined)
        headings = shown[2]
        para = Paragraph(mapped, section, index)
        figures = scan(text)
        para.sentence_starts = _place(para, figures, text, headings)
        for placed, nxt in zip(para.figures, [*para.figures[1:], None]):
            stop = nxt.figure.first if nxt is not None else len(text)
            cut = _AFTER_END.search(text, placed.figure.end, stop)
            placed.after_text = text[placed.figure.end : cut.start() if cut else stop]
        result.append(para)
    return result


def _place(para: Paragraph, figures: list[Figure], text: str, headings: str) -> list[int]:
    """Place each figure in its sentence and clause; return where the sentences start.

    Only the marks that open or close something are visited (a regular expression
    finds them), not every character; a quotation (“边开采，边治理”) is one phrase. A
    figure is placed by the marks before its first digit."""
    sentence = clause = depth = 0
    quoted = False
    clause_start = 0
    sentence_starts = [0]
    placed = para.figures
    count, f = len(figures), 0
    section, index = para.section, para.index
    for mark in _MARKS.finditer(text):
        at = mark.start()
        while f < count and figures[f].start <= at:
            fig = figures[f]
            figure = Placed(
                fig, index, sentence, clause, depth, section, text[clause_start : fig.first]
            )
            figure.headings = headings
            placed.append(figure)
            f += 1
        ch = text[at]
        if ch == "“" or ch == "”":
            quoted = ch == "“"
        elif quoted:
            continue
        elif ch in CLAUSE_END:
            clause += 1
            clause_start = at + 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:  # a sentence end outside brackets
            sentence += 1
            clause += 1
            clause_start = at + 1
            sentence_starts.append(at + 1)
    for fig in figures[f:]:
        figure = Placed(
            fig, index, sentence, clause, depth, section, text[clause_start : fig.first]
        )
        figure.headings = headings
        placed.append(figure)
    return sentence_starts


_MARKS = re.compile("[“”()" + re.escape("".join(SENTENCE_END | CLAUSE_END)) + "]")
_AFTER_END = re.compile(r"[，,;。:！？!?(]")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、．])")


def _heading_title(text: str) -> str:
    """The title of a heading line: （一）甲市。完成… → 甲市 (at most 16 characters)."""
    marker = _MARKER.match(text)
    if not marker:
        return ""
    title = re.split(r"[。:：,，;]", text[marker.end() :], maxsplit=1)[0]
    return title[:16]


def subject_of(placed: Placed) -> str:
    """The words before a figure in its clause, without filler (目前、已、累计…).

    When those are too few to name anything (计划完成 222 家企业 444 个工业炉窑整治),
    the words after the figure are added: Chinese often puts the noun after the count.
    Read once per figure (the resolver asks for it for every candidate pair).
    """
    if placed.words is None:
        before = _before(placed)
        if len(before) < 4:
            before = (before + placed.after_text.strip("“”\"' ")).strip()
        placed.words = before
    return placed.words


def _before(placed: Placed) -> str:
    text = placed.clause_text.rsplit("(", 1)[-1] if placed.depth else placed.clause_text
    text = text.split("、")[-1] if "、" in text and len(text.split("、")[-1]) > 1 else text
    if any(map(str.isdigit, text)):  # 计划完成222家企业 → 企业: the words after the last figure
        last = next(i for i in range(len(text) - 1, -1, -1) if text[i].isdigit())
        tail = text[last + 1 :]
        unit = _UNIT_NAME_AT.match(tail)
        text = tail[unit.end() if unit else 0 :]
    return _STOP.sub("", text.strip("“”\"'《》():：,，、 ")).strip()


#: The first of :data:`~aircheck.units.UNIT_NAMES` (longest first) a text starts with.
_UNIT_NAME_AT = first_of(UNIT_NAMES)
