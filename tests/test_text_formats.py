"""DOCX, PDF and encodings of a report read to the same findings; bad files fail cleanly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED_TEXT, codes_at

import aircheck.engine as engine
from aircheck.errors import AircheckError
from aircheck.text import extract_file

DOCX = FIXTURES / "seed_zhengzhou_2021-06.docx"
PDF = FIXTURES / "seed_zhengzhou_2021-06.pdf"


def test_docx_gives_the_same_findings_at_the_same_paragraphs():
    assert codes_at(engine.validate(DOCX)) == codes_at(engine.validate(SEED_TEXT))


def test_pdf_gives_the_same_findings():
    if not PDF.exists():
        pytest.skip("no PDF fixture: run fixtures/make_fixtures.py with LibreOffice installed")
    pdf = engine.validate(PDF)
    txt = engine.validate(SEED_TEXT)
    assert [f.code for f in pdf.findings] == [f.code for f in txt.findings]
    assert [f.stated for f in pdf.findings] == [f.stated for f in txt.findings]
    assert pdf.stats["relations"] == txt.stats["relations"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encodings_read_the_same(tmp_path, encoding):
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED_TEXT.read_text("utf-8").encode(encoding))
    assert codes_at(engine.validate(path)) == codes_at(engine.validate(SEED_TEXT))


def test_markdown_reads_like_text(tmp_path):
    path = tmp_path / "seed.md"
    path.write_text(SEED_TEXT.read_text("utf-8"), "utf-8")
    assert codes_at(engine.validate(path)) == codes_at(engine.validate(SEED_TEXT))


def test_zip_bomb_docx_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))
    with pytest.raises(AircheckError, match="zip bomb"):
        extract_file(path)


def test_broken_docx_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(AircheckError, match="not a readable DOCX"):
        extract_file(path)


def _blank_pdf(path: Path) -> Path:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def test_pdf_without_text_layer_is_a_clear_error(tmp_path):
    with pytest.raises(AircheckError, match="no text layer"):
        extract_file(_blank_pdf(tmp_path / "scan.pdf"))


def test_traditional_pinyin_and_fullwidth_read_like_simplified(tmp_path):
    trad = "計劃新建管網５７公里，已完成３９．８２公里，完成率６９．８％。年度投資計(jì)劃(huà)304億元。"
    path = tmp_path / "trad.txt"
    path.write_text(trad, "utf-8")
    claims = extract_file(path).claims
    assert list(claims["text"]) == ["57", "39.82", "69.8", "3.04E+10"]
    assert list(claims["unit"]) == ["公里", "公里", "%", "元"]
    report = engine.validate(path)
    assert [f.code for f in report.findings if f.code == "AC102"] == ["AC102"]


TABLE_MD = FIXTURES / "text_table.md"


def test_a_flattened_table_is_checked_row_by_row_and_by_column_sums(tmp_path):
    report = engine.validate(TABLE_MD)
    assert report.stats["relations"] == {"ratio": 4, "sum": 2} and not report.findings
    path = tmp_path / "t.md"
    path.write_text(TABLE_MD.read_text("utf-8").replace("| 30.1 |", "| 31.1 |"), "utf-8")
    assert codes_at(engine.validate(path)) == [("AC101", 10), ("AC204", 12)]


def test_a_docx_table_reads_like_the_markdown_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    rows = [
        line
        for line in TABLE_MD.read_text("utf-8").splitlines()
        if line.startswith("|") and "---" not in line
    ]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text.replace("31.1", "30.1")
    table.cell(2, 2).text = "31.1"
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert [f.code for f in engine.validate(path).findings] == ["AC101", "AC204"]


def test_a_broken_bom_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(AircheckError, match="not valid utf-16"):
        extract_file(path)


def test_markdown_headings_and_emphasis_are_read_through(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(
        "## 一、总体情况\n\n### （二）供热\n\n**计划新建改造供热管网57公里**，已完成39.82公里，完成率69.8%。\n",
        "utf-8",
    )
    claims = extract_file(path).claims
    assert set(claims["section"]) == {"一（二）"}
    assert [f.code for f in engine.validate(path).findings] == ["AC105", "AC102"]
    assert list(claims["column"]) == [13, 23, 34]  # in the line as written, markup included


def test_pdf_findings_name_the_page_and_the_line_on_it():
    import pdfplumber

    report = engine.validate(FIXTURES / "seed_zhengzhou_2021-06.pdf")
    rates = [f.locations[0] for f in report.findings if f.code == "AC102"]
    assert [loc.page for loc in rates] == [1, 1, 2, 2, 2]
    with pdfplumber.open(str(FIXTURES / "seed_zhengzhou_2021-06.pdf")) as pdf:
        for loc in rates:
            text = pdf.pages[loc.page - 1].extract_text(x_tolerance=1.5, y_tolerance=3)
            assert loc.text in text.splitlines()[loc.page_line - 1]
            assert loc.place == f"p{loc.page}:{loc.page_line}"
            assert loc.to_dict()["page"] == loc.page
    text_report = engine.validate(SEED_TEXT)
    assert all(loc.page is None for f in text_report.findings for loc in f.locations)
    assert "page" not in text_report.findings[1].locations[0].to_dict()


def test_page_of_counts_lines_from_the_top_of_each_page():
    from aircheck.model import page_of

    pages = (1, 1, 1, 2, 2, 3)
    assert [page_of(pages, n) for n in range(1, 7)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)
    ]  # fmt: skip
    assert page_of(pages, 7) == (None, None)
    assert page_of((), 3) == (None, None)


def test_a_damaged_pdf_is_read_without_pdfminer_noise(tmp_path, caplog):
    """Thirty bytes of the seed PDF changed: pdfminer logged some 400 warnings on stderr
    (Could not get FontBBox…) around aircheck's own output; its logger is quiet while a
    PDF is read and as it was afterwards."""
    import logging
    import random

    data = bytearray((FIXTURES / "seed_zhengzhou_2021-06.pdf").read_bytes())
    rng = random.Random(7)
    for _ in range(30):
        at = rng.randrange(len(data))
        data[at] = rng.randrange(256)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    before = logging.getLogger("pdfminer").level
    with caplog.at_level(logging.WARNING):
        assert len(extract_file(path).claims) > 0  # what it reads is still read
    assert [r for r in caplog.records if r.name.startswith("pdfminer")] == []
    assert logging.getLogger("pdfminer").level == before
