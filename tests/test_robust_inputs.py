"""Hostile and careless inputs lose no row or figure and cost bounded work (issue 11)."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from aircheck.cli import main
from aircheck.tables import read_table


def _rewrite_zip(path: Path, member: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Replace one part of a zip package by ``edit(old_bytes)``."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, edit(data) if info.filename == member else data)


def _stale_xlsx(path: Path, ref: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["事项", "单位", "计划", "已完成", "完成率", "备注"])
    for n in range(10):
        sheet.append([f"工程{n}", "公里", "100", f"{60 + n}", f"{60 + n}.0%", "x"])
    book.save(path)
    _rewrite_zip(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data),
    )
    return path


@pytest.mark.parametrize("ref", ["A1:F2", "A1:B11", "A1", "C5:D6"])
def test_a_stale_xlsx_dimension_loses_no_row_or_column(tmp_path, ref):
    path = _stale_xlsx(tmp_path / "t.xlsx", ref)
    with zipfile.ZipFile(path) as archive:  # the dimension really is stale
        assert f'<dimension ref="{ref}"'.encode() in archive.read("xl/worksheets/sheet1.xml")
    frame = read_table(path).frame
    assert list(frame["item"]) == [f"工程{n}" for n in range(10)]
    assert list(frame["line"]) == list(range(2, 12))
    assert list(frame["rate"]) == [f"{60 + n}.0%" for n in range(10)]


def test_a_stale_xlsx_dimension_still_checks_every_row(tmp_path):
    path = _stale_xlsx(tmp_path / "t.xlsx", "A1:F2")
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert '"claims": 30' in result.stdout, result.output


_HEAD = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>item</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>planned</t></is></c></row>'
)
_ITEM = '<c r="A2" t="inlineStr"><is><t>a</t></is></c>'


@pytest.mark.parametrize(
    "row",
    [
        f'{_ITEM}<c r="B2"><v>abc</v></c>',  # a number that is none
        '<c r="A2" t="s"><v>99</v></c><c r="B2"><v>1</v></c>',  # no shared string 99
        f'{_ITEM}<c r="B2" s="99"><v>1</v></c>',  # no style 99
        f'{_ITEM}<c r="B2" t="d"><v>notadate</v></c>',
        '<c r="?2" t="inlineStr"><is><t>a</t></is></c><c r="B2"><v>1</v></c>',  # no column ?
    ],
)
def test_a_damaged_xlsx_cell_is_an_error_at_its_row(tmp_path, row):
    """openpyxl reads a read-only sheet as it goes: these raised an internal error."""
    from openpyxl import Workbook

    path = tmp_path / "t.xlsx"
    Workbook().save(path)
    sheet = f'{_HEAD}<row r="2">{row}</row></sheetData></worksheet>'
    _rewrite_zip(path, "xl/worksheets/sheet1.xml", lambda _: sheet.encode())
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:2: not a readable XLSX workbook: sheet row 2 is damaged" in result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize(
    ("option", "text", "where"),
    [
        ("--rules", "pack: 2021-02-30\n", "1:7"),
        ("--waivers", "waivers:\n  2021-02-30: x\n", "2:3"),  # a key of that form
        (
            "--waivers",
            "waivers:\n  - fingerprint: 963719462a7d8859\n    expires: 2021-02-30\n",
            "3:14",
        ),
    ],
)
def test_an_impossible_date_in_a_yaml_file_is_an_error_at_its_place(tmp_path, option, text, where):
    table = tmp_path / "t.csv"
    table.write_text("item,planned,completed,rate\na,4,3,75%\n", "utf-8")
    settings = tmp_path / "s.yaml"
    settings.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["validate", str(table), option, str(settings)])
    assert result.exit_code == 2, result.output
    assert f"{settings}:{where}: '2021-02-30' cannot be read" in result.output


# --- DOCX: text outside plain runs -------------------------------------------------

SENTENCE = "造林工程计划完成100公顷，已完成65公顷，完成率69.8%。"  # 69.8% is wrong: AC101
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CHANGE = 'w:id="{n}" w:author="a" w:date="2021-07-01T00:00:00Z"'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


#: The sentence's figures wrapped as Word writes them; each must still be read.
WRAPPED = {
    "insertion": f"<w:ins {CHANGE.format(n=1)}>{_run(SENTENCE)}</w:ins>",
    "content control": f"<w:sdt><w:sdtPr/><w:sdtContent>{_run(SENTENCE)}</w:sdtContent></w:sdt>",
    "smart tag": f'<w:smartTag w:uri="u" w:element="e">{_run(SENTENCE)}</w:smartTag>',
    "simple field": f'<w:fldSimple w:instr=" QUOTE x ">{_run(SENTENCE)}</w:fldSimple>',
    "hyperlink": f'<w:hyperlink w:anchor="a">{_run(SENTENCE)}</w:hyperlink>',
    "custom XML": f'<w:customXml w:element="e">{_run(SENTENCE)}</w:customXml>',
    "nested": (
        f'<w:customXml w:element="e"><w:smartTag w:uri="u" w:element="e">'
        f"<w:ins {CHANGE.format(n=2)}>{_run(SENTENCE[:20])}</w:ins>"
        f"{_run(SENTENCE[20:])}</w:smartTag></w:customXml>"
    ),
    # a figure partly under track changes: 65.0 deleted, 69.8 inserted
    "changed figure": (
        _run(SENTENCE[:-6])
        + f"<w:del {CHANGE.format(n=3)}><w:r><w:delText>65.0</w:delText></w:r></w:del>"
        + f"<w:ins {CHANGE.format(n=4)}>{_run('69.8')}</w:ins>"
        + _run("%。")
    ),
    "moved text": (
        f"<w:moveFrom {CHANGE.format(n=5)}>{_run('完成率65.0%')}</w:moveFrom>"
        + f"<w:moveTo {CHANGE.format(n=6)}>{_run(SENTENCE)}</w:moveTo>"
    ),
}
TRACKED = {"insertion", "nested", "changed figure", "moved text"}


def _docx(path: Path, inner_xml: str, *, block: bool = False) -> Path:
    """A DOCX: a heading, then the sentence as *inner_xml* (in a block-level control too)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("一、造林绿化")
    xml = f"<w:p {W}>{inner_xml}</w:p>"
    if block:
        xml = f"<w:sdt {W}><w:sdtPr/><w:sdtContent>{xml}</w:sdtContent></w:sdt>"
    paragraph = parse_xml(xml)
    document.element.body.insert(1, paragraph)
    document.save(str(path))
    return path


def _validate(path: Path) -> list[tuple[str, int]]:
    import aircheck

    report = aircheck.validate(path)
    return [(f.code, f.locations[0].line) for f in report.findings]


@pytest.mark.parametrize("kind", sorted(WRAPPED))
def test_docx_text_in_every_wrapper_is_read_in_order(tmp_path, kind):
    from aircheck.text.loaders import load

    path = _docx(tmp_path / "d.docx", WRAPPED[kind])
    lines = load(path)
    assert [line.text for line in lines] == ["一、造林绿化", SENTENCE]
    assert [line.tracked for line in lines] == [False, kind in TRACKED]
    found = _validate(path)
    assert ("AC101", 2) in found
    assert (("AC503", 2) in found) == (kind in TRACKED)


def test_a_block_level_content_control_is_read(tmp_path):
    path = _docx(tmp_path / "d.docx", _run(SENTENCE), block=True)
    assert ("AC101", 2) in _validate(path)


def test_table_cells_in_content_controls_are_read(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["事项", "计划", "完成率"], strict=True):
        cell.text = text
    row = (
        f"<w:tr {W}><w:tc><w:p>{_run('造林')}</w:p></w:tc>"
        f"<w:sdt><w:sdtContent><w:tc><w:p>{_run('100公顷')}</w:p></w:tc></w:sdtContent></w:sdt>"
        f"<w:tc><w:sdt><w:sdtContent><w:p><w:ins {CHANGE.format(n=1)}>{_run('69.8%')}</w:ins>"
        "</w:p></w:sdtContent></w:sdt></w:tc></w:tr>"
    )
    table._tbl.append(parse_xml(f"<w:sdt {W}><w:sdtContent>{row}</w:sdtContent></w:sdt>"))
    path = tmp_path / "t.docx"
    document.save(str(path))
    from aircheck.text.loaders import load

    lines = load(path)
    assert [line.text for line in lines] == [
        "| 事项 | 计划 | 完成率 |",
        "| 造林 | 100公顷 | 69.8% |",
    ]
    assert [line.tracked for line in lines] == [False, True]


def test_a_text_box_is_not_read_twice(tmp_path):
    """mc:Fallback repeats mc:Choice for old readers; runs in a box are the box's own."""
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    inner = (
        f'{_run("甲")}<mc:AlternateContent {mc}><mc:Choice Requires="wps">{_run("乙")}'
        f"</mc:Choice><mc:Fallback>{_run('乙')}</mc:Fallback></mc:AlternateContent>{_run('丙')}"
    )
    from aircheck.text.loaders import load

    assert load(_docx(tmp_path / "d.docx", inner))[1].text == "甲乙丙"


@pytest.mark.parametrize("kind", ["changed figure", "content control", "hyperlink"])
def test_the_word_review_anchors_on_wrapped_figures_and_keeps_the_text(tmp_path, kind):
    import aircheck
    from aircheck.render.docx_review import write_review
    from aircheck.text.loaders import load

    path = _docx(tmp_path / "d.docx", WRAPPED[kind])
    report = aircheck.validate(path)
    out = tmp_path / "r.docx"
    assert write_review(str(path), report, str(out)) == len(report.findings) > 0
    assert [line.text for line in load(out)] == [line.text for line in load(path)]
    with zipfile.ZipFile(out) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "AC101" in comments


# --- PDF: bounded work --------------------------------------------------------------


def _pdf(path: Path, contents: list[tuple[bytes, str]], form: bytes = b"") -> Path:
    """A PDF with one page per (stream data, /Filter value), a Helvetica font, a form X1."""
    pages = len(contents)
    xobject = f" /XObject << /X1 {4 + 2 * pages} 0 R >>" if form else ""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, (data, filters) in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents {5 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 3 0 R >>{xobject} >> >>".encode()
        )
        head = f"<< /Length {len(data)}" + (f" /Filter {filters}" if filters else "") + " >>"
        objects.append(head.encode() + b"\nstream\n" + data + b"\nendstream")
    if form:
        head = b"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Length %d >>" % len(form)
        objects.append(head + b"\nstream\n" + form + b"\nendstream")
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


TEXT = b"BT /F1 12 Tf 72 700 Td (Plan 100 km, done 65 km, rate 69.8%) Tj ET"
#: 24 MB of spaces after the text: a valid page that unpacks far beyond a 4 MB cap.
PADDED = TEXT + b" " * (24 * 1024 * 1024)
#: RunLength: each b"\x81 " is 128 spaces, 25 MB in all, then end of data.
RUNS = TEXT + b" " + b"\x81 " * 200_000 + b"\x80"


def _refused(path: Path, words: str, *, named: bool = True) -> None:
    result = CliRunner().invoke(main, ["validate", str(path)])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and words in lines[0] and (str(path) in lines[0] or not named), lines


def test_a_plain_pdf_reads_under_the_caps(tmp_path, monkeypatch):
    from aircheck.text.loaders import load

    monkeypatch.setenv("AIRCHECK_PDF_MAX_MB", "1")
    path = _pdf(tmp_path / "ok.pdf", [(zlib.compress(TEXT), "/FlateDecode")])
    assert "rate 69.8%" in load(path)[0].text


@pytest.mark.parametrize(
    ("data", "filters"),
    [
        (zlib.compress(PADDED, 9), "/FlateDecode"),
        (zlib.compress(zlib.compress(PADDED, 9), 9), "[/FlateDecode /FlateDecode]"),
        (zlib.compress(PADDED, 9)[:-8], "/FlateDecode"),  # truncated: pdfminer's repair path
        (zlib.compress(bytes([len(TEXT)]) + RUNS), "[/FlateDecode /RunLengthDecode]"),
    ],
    ids=["flate", "nested flate", "truncated flate", "runlength"],
)
def test_a_pdf_decompression_bomb_is_refused(tmp_path, monkeypatch, data, filters):
    monkeypatch.setenv("AIRCHECK_PDF_MAX_MB", "4")
    path = _pdf(tmp_path / "bomb.pdf", [(data, filters)])
    assert path.stat().st_size < 200_000  # small on disk
    _refused(path, "decompression bomb")


def test_too_many_pages_and_characters_are_refused(tmp_path, monkeypatch):
    path = _pdf(tmp_path / "p.pdf", [(TEXT, "")] * 3)
    monkeypatch.setenv("AIRCHECK_PDF_MAX_PAGES", "2")
    _refused(path, "3 pages")
    monkeypatch.delenv("AIRCHECK_PDF_MAX_PAGES")
    monkeypatch.setenv("AIRCHECK_PDF_MAX_CHARS", "60")  # about 42 a page
    _refused(path, "60 characters by page 2")


def test_a_bad_limit_setting_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("AIRCHECK_PDF_MAX_MB", "lots")
    path = _pdf(tmp_path / "ok.pdf", [(TEXT, "")])
    _refused(path, "AIRCHECK_PDF_MAX_MB='lots'", named=False)  # a setting, not the file


def test_a_form_drawn_many_times_is_refused_by_its_characters(tmp_path, monkeypatch):
    """Few bytes, many characters: the cap counts what is laid out, not what is stored."""
    content = zlib.compress(b"/X1 Do " * 20_000)  # 140 KB of drawing, a few hundred bytes stored
    path = _pdf(tmp_path / "forms.pdf", [(content, "/FlateDecode")], form=TEXT)
    assert path.stat().st_size < 2_000
    monkeypatch.setenv("AIRCHECK_PDF_MAX_CHARS", "50000")
    _refused(path, "50000 characters by page 1")
