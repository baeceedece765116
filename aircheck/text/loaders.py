"""Load a report file as numbered source lines, whatever its format.

Every later step works on these lines, so each figure can point back at the place in
the file the user gave: the line of a TXT/Markdown file, the paragraph (or table
cell) number of a DOCX, the line of the text pdfplumber extracts from a PDF.

A DOCX paragraph is read through every run in document order, wherever Word nests it
(tracked insertions, content controls, smart tags, simple fields, hyperlinks, custom
XML); deleted text is left out, as Word shows the draft with all changes accepted.
The Word review (:mod:`aircheck.render.docx_review`) walks the same runs, so its
columns agree with these lines.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..encoding import read_text
from ..errors import AircheckError

#: A DOCX whose parts unpack to more than this is refused (zip bomb guard).
MAX_DOCX_UNPACKED = 200 * 1024 * 1024
#: Nor may it hold absurdly many parts or compress beyond this ratio.
MAX_DOCX_RATIO = 200

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Block-level wrappers whose paragraphs, tables, rows or cells are read as if unwrapped.
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml"})
#: Runs under these are not in the accepted text: deleted, moved away, or a duplicate
#: that stands in for the ``mc:Choice`` a reader does not understand.
_NOT_SHOWN = frozenset({_W + "del", _W + "moveFrom", _MC + "Fallback"})
#: Marks of a tracked change to the text.
_TRACKED = (_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo")


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the report, numbered as the user would find it."""

    number: int
    text: str
    page: int = 0
    tracked: bool = False  # a DOCX line holding tracked changes (read as accepted)


def load(path: str | Path) -> list[SourceLine]:
    """The report's lines; an unreadable file raises :class:`AircheckError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return load_docx(path)
    if suffix == ".pdf":
        return load_pdf(path)
    from ..office import OFFICE_TEXT, read_converted

    if suffix in OFFICE_TEXT:  # .doc, .wps, .rtf, .odt: numbered as the DOCX LibreOffice makes
        return read_converted(path, load_docx)
    return load_text(path)


def load_text(path: Path) -> list[SourceLine]:
    """TXT and Markdown: decoded by BOM, then strict UTF-8, then GB18030."""
    text = read_text(path)
    return [SourceLine(i, line) for i, line in enumerate(text.splitlines(), start=1)]


def _guard_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise AircheckError(
            f"not a readable DOCX file ({exc})", zh=f"无法读取的 DOCX 文件（{exc}）", file=str(path)
        ) from None
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_DOCX_UNPACKED or (
        unpacked > 10_000_000 and unpacked / packed > MAX_DOCX_RATIO
    ):
        raise AircheckError(
            f"refused: the DOCX unpacks to {unpacked // (1024 * 1024)} MB "
            f"(limit {MAX_DOCX_UNPACKED // (1024 * 1024)} MB); it may be a zip bomb",
            zh=f"拒绝读取：该 DOCX 解压后达 {unpacked // (1024 * 1024)} MB"
            f"（上限 {MAX_DOCX_UNPACKED // (1024 * 1024)} MB），可能是压缩炸弹",
            file=str(path),
        )


def load_docx(path: Path) -> list[SourceLine]:
    """Paragraphs and table rows (cells joined by ``|``) in document order, numbered from 1."""
    _guard_zip(path)
    try:
        import docx

        document = docx.Document(str(path))
    except AircheckError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise AircheckError(
            f"not a readable DOCX file ({exc})", zh=f"无法读取的 DOCX 文件（{exc}）", file=str(path)
        ) from None
    lines: list[SourceLine] = []
    for block in blocks(document.element.body):
        if block.tag == _W + "p":
            lines.append(SourceLine(len(lines) + 1, paragraph_text(block), 0, tracked(block)))
            continue
        for cells in table_rows(block):  # one line per row
            text = "| " + " | ".join(cell_text(tc) for tc in cells) + " |"
            lines.append(SourceLine(len(lines) + 1, text, 0, any(tracked(tc) for tc in cells)))
    return lines


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """The children of *parent* with *tag*, in order, looking through :data:`_WRAPPERS`."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def blocks(parent: Any) -> Iterator[Any]:
    """The ``w:p`` and ``w:tbl`` of a body or cell in document order, unwrapping content controls."""
    for child in parent.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from blocks(child)


def paragraph_runs(p: Any) -> list[Any]:
    """Every ``w:r`` of paragraph *p* that Word shows, in document order.

    python-docx's ``Paragraph.text`` reads only direct runs and hyperlinks, so a figure
    in a tracked insertion, a content control, a smart tag or a field was never seen,
    and one half under track changes was split. Runs of a text box (a paragraph inside
    a run) belong to that box, not to *p*.
    """
    runs = []
    for r in p.iter(_W + "r"):
        node = r.getparent()
        while node is not None and node is not p:
            if node.tag in _NOT_SHOWN or node.tag in (_W + "r", _W + "p"):
                break
            node = node.getparent()
        else:
            runs.append(r)
    return runs


def paragraph_text(p: Any) -> str:
    """The text of paragraph *p* as Word shows it with every change accepted."""
    return "".join(r.text for r in paragraph_runs(p))


def tracked(element: Any) -> bool:
    """Whether *element* holds a tracked insertion, deletion or move."""
    return next(element.iter(*_TRACKED), None) is not None


def table_rows(tbl: Any) -> list[list[Any]]:
    """Each row's cells (``w:tc``), each once, in order, through content controls.

    A cell merged down from the row above (``vMerge="continue"``) stands for that cell,
    as python-docx's ``_Row.cells`` has it, so each row names its item.
    """
    rows: list[list[Any]] = []
    above: dict[int, Any] = {}  # grid column -> the cell that fills it in the row above
    for tr in _children(tbl, _W + "tr"):
        cells: list[Any] = []
        here: dict[int, Any] = {}
        column = int(getattr(tr, "grid_before", 0) or 0)
        for tc in _children(tr, _W + "tc"):
            span = int(getattr(tc, "grid_span", 1) or 1)
            cell = above.get(column, tc) if getattr(tc, "vMerge", None) == "continue" else tc
            for k in range(span):
                here[column + k] = cell
            if not any(cell is c for c in cells):
                cells.append(cell)
            column += span
        rows.append(cells)
        above = here
    return rows


def cell_paragraphs(tc: Any) -> list[Any]:
    """The paragraphs of a cell, in order (a table nested in the cell is not read)."""
    return [b for b in blocks(tc) if b.tag == _W + "p"]


def cell_text(tc: Any) -> str:
    """A cell's paragraphs, each stripped, joined by a space."""
    return " ".join(paragraph_text(p).strip() for p in cell_paragraphs(tc)).strip()


@contextmanager
def _pdfminer_quiet() -> Iterator[None]:
    """pdfminer's own warnings off while a PDF is read, as they were after.

    A damaged PDF made it log hundreds of lines (Could not get FontBBox…, Data-loss
    while decompressing…) on stderr around aircheck's one line; what it cannot read
    is an error of aircheck's, and what it reads is checked as usual."""
    import logging

    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_pdf(path: Path) -> list[SourceLine]:
    """The PDF's text layer, line by line; tolerances keep Chinese words and numbers whole.

    Decompressed bytes, pages and characters are capped (:mod:`.pdf_limits`), so a
    decompression bomb is refused with a clear error instead of filling the memory.
    """
    from . import pdf_limits

    lines: list[SourceLine] = []
    with pdf_limits.budget() as allowance, _pdfminer_quiet():
        try:
            import pdfplumber

            number = page_no = 0
            with pdfplumber.open(str(path)) as pdf:
                pdf_limits.check_pages(len(pdf.pages), str(path))
                for page_no, page in enumerate(pdf.pages, start=1):
                    text = page.extract_text(x_tolerance=1.5, y_tolerance=3) or ""
                    for line in text.splitlines():
                        number += 1
                        lines.append(SourceLine(number, line, page_no))
                    number += 1
                    lines.append(SourceLine(number, "", page_no))  # a page break: a blank line
                    page.close()  # drop the page's parsed objects before the next one
        except AircheckError:
            raise
        except Exception as exc:  # pdfminer raises many kinds for a broken file
            if allowance.spent:
                raise pdf_limits.too_large(str(path)) from None
            if allowance.chars_spent:
                raise pdf_limits.too_many_chars(page_no, str(path)) from None
            raise AircheckError(
                f"not a readable PDF file ({exc})",
                zh=f"无法读取的 PDF 文件（{exc}）",
                file=str(path),
            ) from None
    if allowance.spent:  # pdfminer swallowed the refusal somewhere: text may be missing
        raise pdf_limits.too_large(str(path))
    if allowance.chars_spent:
        raise pdf_limits.too_many_chars(page_no, str(path))
    if not any(line.text.strip() for line in lines):
        raise AircheckError(
            "the PDF has no text layer (a scan?); run OCR first or give the TXT/DOCX",
            zh="该 PDF 没有文字层（扫描件？）；请先做文字识别，或改用 TXT/DOCX 稿",
            file=str(path),
        )
    return lines
