"""A reviewed Word copy of a draft: one comment per finding, anchored on the figure.

Why Word: the person who signs a report off reads it in Word and answers comments
there. The copy keeps every character of the draft; only run boundaries move (a run
is split where a figure starts and ends, each part keeping the run's formatting) so
that a comment covers exactly the figure's characters. A TXT or PDF draft becomes a
new, single-spaced DOCX with one paragraph per non-blank line the reader saw (a blank
line only separates paragraphs), so line numbers still agree; a .doc, .wps, .rtf or
.odt draft is reviewed on the DOCX LibreOffice makes of it.

A comment speaks the chosen language only (the rule by its Chinese title under zh),
shows the expected value with its % or unit, and carries the fingerprint only when
asked. A finding about the whole document (line 1, no column: the rounding
convention) sits on the report's title, not on whatever the first line holds.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AircheckError
from ..i18n import word
from ..model import Finding, Location, Report
from ..office import OFFICE_TEXT, converted
from ..periods import TITLE_WORDS
from ..tables import TABLE_SUFFIXES  # cell numbers, not characters: nothing to anchor
from ..text.loaders import (
    blocks,
    cell_paragraphs,
    paragraph_runs,
    paragraph_text,
    table_rows,
)
from .values import expected_text
from .visible import visible

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

AUTHOR = "aircheck"
INITIALS = "AC"

#: The report's title is among its first lines of text and no longer than this.
_TITLE_LINES, _TITLE_LENGTH = 15, 80
#: Run children that carry text, as python-docx counts them in ``Paragraph.text``.
_TEXT_CHILDREN = ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")


@dataclass(slots=True)
class _Line:
    """One source line of a DOCX: its text and, per character, (paragraph, offset) or None."""

    text: str = ""
    chars: list[tuple[Any, int] | None] = field(default_factory=list)

    def add(self, text: str, paragraph: Any = None, start: int = 0) -> None:
        self.text += text
        if paragraph is None:
            self.chars.extend([None] * len(text))
        else:
            self.chars.extend((paragraph, start + i) for i in range(len(text)))


def write_review(
    source: str, report: Report, out: str, lang: str = "en", fingerprints: bool = False
) -> int:
    """Write *out*, a DOCX of *source* with a comment per finding; return the comments written.

    With *fingerprints*, each comment ends with the finding's fingerprint (for ``aircheck waive``).
    """
    src, target = Path(source), Path(out)
    suffix = src.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        raise AircheckError(
            "a Word review needs a report (TXT, Markdown, DOCX, DOC, PDF), not a table",
            zh="Word 审核需要报告正文（TXT、Markdown、DOCX、DOC、PDF），不能是表格",
            file=source,
        )
    if target.suffix.lower() != ".docx":
        raise AircheckError(
            "the reviewed copy must be a .docx file", zh="审核副本必须是 .docx 文件", file=out
        )
    from ..outputs import refuse_inputs, replacing
    from ..text.loaders import load

    refuse_inputs([out], [source])

    source_lines = load(src)  # reads and guards every format; raises AircheckError
    if suffix == ".docx" or suffix in OFFICE_TEXT:  # .doc and the like: the DOCX it converts to
        document = _open_docx(src if suffix == ".docx" else converted(src))
        lines = _docx_lines(document)
    else:
        document, lines = _text_docx(src, [s.text for s in source_lines])
    written = 0
    title = title_line([line.text for line in lines])
    for finding in report.findings:
        if not _belongs(finding, src):
            continue
        text = _comment_text(finding, lang, fingerprints)
        if _comment(document, lines, _on_title(finding.locations[0], title), text):
            written += 1
    with replacing(target) as temporary:
        document.save(str(temporary))
    return written


def _belongs(finding: Finding, source: Path) -> bool:
    """Only findings about this file: a series report also holds other months' findings."""
    if not finding.locations:
        return False
    try:
        return Path(finding.locations[0].file).resolve() == source.resolve()
    except OSError:
        return False


def title_line(texts: list[str]) -> int:
    """The 1-based line of the report's title: among the first lines of text, the first short
    one naming a report (通报, 情况, 报告…) that is not an address line ending in a colon;
    else the first line of text (else 1)."""
    filled = [(n, t.strip()) for n, t in enumerate(texts, start=1) if t.strip()][:_TITLE_LINES]
    for number, text in filled:
        if (
            len(text) <= _TITLE_LENGTH
            and re.search(TITLE_WORDS, text)
            and not text.endswith(("：", ":"))
        ):
            return number
    return filled[0][0] if filled else 1


def _on_title(loc: Location, title: int) -> Location:
    """A document-level location (line 1, no column) moved to the title line."""
    return replace(loc, line=title) if loc.line == 1 and loc.column is None else loc


def _open_docx(path: Path) -> Document:
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise AircheckError(
            f"not a readable DOCX file ({exc})", zh=f"无法读取的 DOCX 文件（{exc}）", file=str(path)
        ) from None


def _docx_lines(document: Document) -> list[_Line]:
    """The lines exactly as the loader numbers them: paragraphs and table rows in body order."""
    lines: list[_Line] = []
    for block in blocks(document.element.body):
        if _local(block.tag) == "p":
            line = _Line()
            line.add(paragraph_text(block), block)
            lines.append(line)
        else:
            lines.extend(_row_line(cells) for cells in table_rows(block))
    return lines


def _row_line(row: list[Any]) -> _Line:
    """``| a | b |`` with each cell's characters mapped to the paragraph they came from."""
    cells: list[_Line] = []
    for tc in row:
        joined = _Line()
        for i, p in enumerate(cell_paragraphs(tc)):
            text = paragraph_text(p)
            lead = len(text) - len(text.lstrip())
            if i:
                joined.add(" ")
            joined.add(text.strip(), p, lead)
        lead = len(joined.text) - len(joined.text.lstrip())
        end = len(joined.text.rstrip())
        cells.append(_Line(joined.text[lead:end], joined.chars[lead:end]))
    line = _Line()
    line.add("| ")
    for i, cell in enumerate(cells):
        if i:
            line.add(" | ")
        line.text += cell.text
        line.chars.extend(cell.chars)
    line.add(" |")
    return line


def _text_docx(source: Path, texts: list[str]) -> tuple[Document, list[_Line]]:
    """A new single-spaced DOCX with one paragraph per non-blank source line (a TXT or PDF
    draft); a blank line keeps its number but becomes no paragraph, as in the draft it
    only separates two."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    document.core_properties.title = source.name
    document.core_properties.author = AUTHOR
    lines: list[_Line] = []
    for text in texts:
        if not text.strip():
            lines.append(_Line(text))  # numbered, but nothing to anchor on
            continue
        paragraph = document.add_paragraph(_xml_safe(text))
        line = _Line()
        line.add(paragraph._p.text, paragraph._p)
        lines.append(line)
    return document, lines


def _xml_safe(text: str) -> str:
    """Control characters XML cannot hold become U+FFFD, one for one, so columns still agree."""
    return "".join(
        "\ufffd" if (ord(c) < 32 and c not in "\t") or 0xFFFE <= ord(c) <= 0xFFFF else c
        for c in text
    )


def _comment(document: Document, lines: list[_Line], loc: Location, text: str) -> bool:
    """Anchor one comment at *loc*: on its figure, else its line, else the first text line."""
    span = _span(lines, loc)
    if span is None:
        return False
    first, last = span
    runs = _anchor_runs(document, first, last)
    if runs is None:
        return False
    document.add_comment(runs, text, author=AUTHOR, initials=INITIALS)
    return True


def _span(lines: list[_Line], loc: Location) -> tuple[tuple[Any, int], tuple[Any, int]] | None:
    """The first and last (paragraph, offset) of the figure, its line, or the first text line."""
    line = lines[loc.line - 1] if 1 <= loc.line <= len(lines) else None
    if line is not None and loc.column is not None:
        end = loc.end_column if loc.end_column is not None else loc.column
        if 1 <= loc.column <= end <= len(line.text):
            mapped = [c for c in line.chars[loc.column - 1 : end] if c is not None]
            if mapped:
                return mapped[0], mapped[-1]
    for candidate in ([line] if line is not None else []) + lines:
        mapped = [
            c
            for c, ch in zip(candidate.chars, candidate.text)
            if c is not None and not ch.isspace()
        ]
        if mapped:
            return mapped[0], mapped[-1]
    return None


def _anchor_runs(
    document: Document, first: tuple[Any, int], last: tuple[Any, int]
) -> list[Any] | None:
    """The first and last run of the range, after splitting runs at its two edges; the
    document is their paragraphs' parent (it gives them their part)."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    start_p, start = first
    end_p, end = last[0], last[1] + 1
    _split_at(start_p, start)
    _split_at(end_p, end)
    first_run = next((r for r, pos, n in _runs(start_p) if pos == start and n), None)
    last_run = next((r for r, pos, n in reversed(_runs(end_p)) if pos + n == end and n), None)
    if first_run is None or last_run is None:
        return None
    return [
        Run(first_run, Paragraph(start_p, document)),
        Run(last_run, Paragraph(end_p, document)),
    ]


def _runs(p: Any) -> list[tuple[Any, int, int]]:
    """(run, start offset, length) of each run counted in the paragraph's text, in order."""
    out = []
    pos = 0
    for r in paragraph_runs(p):
        n = sum(len(_child_text(c)) for c in r)
        out.append((r, pos, n))
        pos += n
    return out


def _child_text(element: Any) -> str:
    if not isinstance(element.tag, str) or _local(element.tag) not in _TEXT_CHILDREN:
        return ""
    return str(element)


def _split_at(p: Any, offset: int) -> None:
    """Make *offset* a run boundary in paragraph *p*; both halves keep the run's formatting."""
    for r, pos, n in _runs(p):
        if pos < offset < pos + n:
            _split_run(r, offset - pos)
            return


def _split_run(r: Any, cut: int) -> None:
    """Split run *r* before its character *cut*: a copy of its properties heads the second half."""
    from docx.oxml.ns import qn

    pos = 0
    for child in list(r):
        n = len(_child_text(child))
        if pos + n > cut:
            if pos < cut:  # only a w:t is longer than one character, so this is one
                text = child.text or ""
                tail = copy.deepcopy(child)
                child.text, tail.text = text[: cut - pos], text[cut - pos :]
                for t in (child, tail):
                    t.set(qn("xml:space"), "preserve")
                child.addnext(tail)
                child = tail
            second = copy.deepcopy(r)
            for extra in list(second):
                if _local(extra.tag) != "rPr":
                    second.remove(extra)
            moving = [child, *child.itersiblings()]
            for element in moving:
                second.append(element)
            r.addnext(second)
            return
        pos += n


def _comment_text(finding: Finding, lang: str, fingerprints: bool = False) -> str:
    """Message, the value it should read and the fix, in *lang* only; the fingerprint on request."""
    head = f"[{finding.code} {_rule_name(finding, lang)} · {word(finding.severity.value, lang)}]"
    colon = "：" if lang == "zh" else ": "
    lines = [f"{head} {finding.message(lang)}"]
    expected = expected_text(finding, lang)
    if expected is not None:
        lines.append(f"{word('expected', lang)}{colon}{expected}")
    fix = finding.fix(lang)
    if fix:
        lines.append(f"{word('fix', lang)}{colon}{fix}")
    if fingerprints:
        lines.append(f"{word('fingerprint', lang)}{colon}{finding.fingerprint}")
    return visible("\n".join(lines))  # Word's XML cannot hold most control characters


def _rule_name(finding: Finding, lang: str) -> str:
    """The rule's name (``rate-convention``) in English, its title in Chinese."""
    if lang != "zh":
        return finding.rule
    from ..rules import get_rule

    rule = get_rule(finding.code)
    return rule.title_zh if rule is not None and rule.title_zh else finding.rule


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
