"""Load a report file as numbered source lines, whatever its format.

Every later step works on these lines, so each figure can point back at the place in
the file the user gave: the line of a TXT/Markdown file, the paragraph (or table
cell) number of a DOCX, the line of the text pdfplumber extracts from a PDF.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..encoding import read_text
from ..errors import AircheckError

#: A DOCX whose parts unpack to more than this is refused (zip bomb guard).
MAX_DOCX_UNPACKED = 200 * 1024 * 1024
#: Nor may it hold absurdly many parts or compress beyond this ratio.
MAX_DOCX_RATIO = 200


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the report, numbered as the user would find it."""

    number: int
    text: str
    page: int = 0


def load(path: str | Path) -> list[SourceLine]:
    """The report's lines; an unreadable file raises :class:`AircheckError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return load_docx(path)
    if suffix == ".pdf":
        return load_pdf(path)
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
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except AircheckError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise AircheckError(
            f"not a readable DOCX file ({exc})", zh=f"无法读取的 DOCX 文件（{exc}）", file=str(path)
        ) from None
    texts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [
                    " ".join(p.text.strip() for p in cell.paragraphs).strip()
                    for cell in unique_cells(row)
                ]
                texts.append("| " + " | ".join(cells) + " |")  # one line per row
    return [SourceLine(i, t) for i, t in enumerate(texts, start=1)]


def unique_cells(row: Any) -> list[Any]:
    """A table row's cells, each once: python-docx repeats a merged cell in every column."""
    cells: list[Any] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def load_pdf(path: Path) -> list[SourceLine]:
    """The PDF's text layer, line by line; tolerances keep Chinese words and numbers whole."""
    try:
        import pdfplumber

        lines: list[SourceLine] = []
        number = 0
        with pdfplumber.open(str(path)) as pdf:
            for page_no, page in enumerate(pdf.pages, start=1):
                text = page.extract_text(x_tolerance=1.5, y_tolerance=3) or ""
                for line in text.splitlines():
                    number += 1
                    lines.append(SourceLine(number, line, page_no))
                number += 1
                lines.append(SourceLine(number, "", page_no))  # a page break is a blank line
    except AircheckError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise AircheckError(
            f"not a readable PDF file ({exc})", zh=f"无法读取的 PDF 文件（{exc}）", file=str(path)
        ) from None
    if not any(line.text.strip() for line in lines):
        raise AircheckError(
            "the PDF has no text layer (a scan?); run OCR first or give the TXT/DOCX",
            zh="该 PDF 没有文字层（扫描件？）；请先做文字识别，或改用 TXT/DOCX 稿",
            file=str(path),
        )
    return lines
