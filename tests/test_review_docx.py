"""The reviewed Word copy: comments anchored on the figures, the draft's text unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, SEED_TABLE, SEED_TEXT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import aircheck
from aircheck.errors import AircheckError
from aircheck.model import Finding, Location, Report, Severity
from aircheck.render.docx_review import title_line, write_review
from aircheck.render.values import expected_text
from aircheck.text.loaders import load

SEED_DOCX = FIXTURES / "seed_zhengzhou_2021-06.docx"
SEED_PDF = FIXTURES / "seed_zhengzhou_2021-06.pdf"
TRUNCATED = {"69.8%": "69.9", "128.7%": "128.8", "89.7%": "89.8", "67.3%": "67.4", "82.2%": "82.3"}


def anchored(path: Path) -> dict[int, str]:
    """Comment id → the text between its commentRangeStart and commentRangeEnd."""
    body = docx.Document(str(path)).element.body
    open_ids: set[int] = set()
    text: dict[int, str] = {}
    start, end = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
    for el in body.iter(start, end, qn("w:t"), qn("w:tab")):
        if el.tag == start:
            open_ids.add(int(el.get(qn("w:id"))))
            text.setdefault(int(el.get(qn("w:id"))), "")
        elif el.tag == end:
            open_ids.discard(int(el.get(qn("w:id"))))
        else:
            for i in open_ids:
                text[i] += "\t" if el.tag == qn("w:tab") else (el.text or "")
    return text


def comments(path: Path) -> list[tuple[int, str, str, str | None]]:
    """(id, author, text, initials) of every comment."""
    return [(c.comment_id, c.author, c.text, c.initials) for c in docx.Document(str(path)).comments]


def texts(path: Path) -> list[str]:
    """Every line the loader reads: paragraphs and table rows."""
    return [line.text for line in load(path)]


def located(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.locations and f.locations[0].column is not None]


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return aircheck.validate(str(SEED_DOCX))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_docx_one_comment_per_finding_on_the_figure(
    tmp_path: Path, seed_report: Report, lang: str
) -> None:
    out = tmp_path / "seed.reviewed.docx"
    written = write_review(str(SEED_DOCX), seed_report, str(out), lang)
    assert written == len(seed_report.findings) == len(comments(out))
    ranges = anchored(out)
    by_id = {cid: (author, text, initials) for cid, author, text, initials in comments(out)}
    assert set(ranges) == set(by_id)
    figures = [f.locations[0].text for f in located(seed_report)]
    assert sorted(r for r in ranges.values() if r in figures) == sorted(figures)
    for cid, figure in ranges.items():
        author, text, initials = by_id[cid]
        assert (author, initials) == ("aircheck", "AC")
        if figure in TRUNCATED:
            assert f"{TRUNCATED[figure]}" in text
            assert ("应为" if lang == "zh" else "expected") in text
    rate = next(cid for cid, figure in ranges.items() if figure == "69.8%")
    assert ("按四舍五入应为 69.9%" if lang == "zh" else "rounded it reads 69.9%") in by_id[rate][1]
    assert ("改为 69.9%" if lang == "zh" else "write 69.9%") in by_id[rate][1]


def test_seed_docx_text_unchanged(tmp_path: Path, seed_report: Report) -> None:
    out = tmp_path / "seed.reviewed.docx"
    write_review(str(SEED_DOCX), seed_report, str(out), "zh")
    before = [p.text for p in docx.Document(str(SEED_DOCX)).paragraphs]
    after = [p.text for p in docx.Document(str(out)).paragraphs]
    assert before == after
    assert texts(SEED_DOCX) == texts(out)


@pytest.mark.parametrize("source", [SEED_DOCX, SEED_TEXT], ids=["docx", "txt"])
def test_document_level_finding_is_on_the_title(tmp_path: Path, source: Path) -> None:
    """The convention summary sits on the report's title, not on the office name above it."""
    out = tmp_path / "seed.reviewed.docx"
    write_review(str(source), aircheck.validate(str(source)), str(out), "en")
    title = "关于6月份大气污染防治攻坚战重点工作进展情况的通报"
    filled = [t.strip() for t in texts(source) if t.strip()]
    assert filled.index(title) == 1  # the office name comes first
    ranges = anchored(out)
    ac105 = [c for c in comments(out) if c[2].startswith("[AC105")]
    assert len(ac105) == 1
    assert ranges[ac105[0][0]] == title
    assert "expected: rounding" in ac105[0][2]
    assert comments(out)[0] == ac105[0]  # the first comment of the copy


def test_title_line() -> None:
    assert title_line(["", "某某市办公室", "", "关于5月份工作情况的通报", "各单位："]) == 4
    assert title_line(["各区县政府、市直各单位（情况通报）：", "关于工作进展的通报"]) == 2
    assert title_line(["甲" * 70 + "完成情况" + "乙" * 10, "关于工作进展的通报"]) == 2
    assert title_line(["", "  ", "第一行", "第二行"]) == 3  # no title: the first line of text
    assert title_line(["", ""]) == 1


@pytest.mark.parametrize("source", [SEED_TEXT, SEED_PDF], ids=["txt", "pdf"])
def test_text_and_pdf_drafts_become_a_docx_with_comments(tmp_path: Path, source: Path) -> None:
    report = aircheck.validate(str(source))
    out = tmp_path / "draft.docx"
    written = write_review(str(source), report, str(out), "zh")
    assert written == len(report.findings) == len(comments(out))
    paragraphs = docx.Document(str(out)).paragraphs
    # single-spaced: a blank line separates paragraphs and is not one itself
    assert [p.text for p in paragraphs] == [t for t in texts(source) if t.strip()]
    assert len(paragraphs) < len(texts(source))
    normal = docx.Document(str(out)).styles["Normal"].paragraph_format
    assert normal.line_spacing == 1.0
    figures = sorted(f.locations[0].text for f in located(report))
    assert sorted(r for r in anchored(out).values() if r in figures) == figures
    assert set(TRUNCATED) <= set(anchored(out).values())


def _formatted_draft(path: Path) -> list[str]:
    """A DOCX whose figures cross runs of different formatting, a hyperlink and table cells."""
    document = docx.Document()
    document.add_paragraph("测试通报")
    p = document.add_paragraph("计划新建改造供热管网57公里，完成率")
    p.add_run("69.").bold = True
    tail = p.add_run("8%\t说明")
    tail.italic = True
    p.add_run("。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "事项"
    table.cell(0, 1).text = "计划"
    table.cell(0, 2).text = "完成率"
    table.cell(1, 0).text = "源头替代"
    table.cell(1, 1).text = "460 家"
    cell = table.cell(1, 2)
    cell.paragraphs[0].text = "  完成率"
    cell.add_paragraph("67.").add_run("3%  ").bold = True
    document.add_paragraph("后记 12 个")
    linked = document.add_paragraph("详见")
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), "annex")
    inside = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "附表完成率12.5%"
    inside.append(text)
    link.append(inside)
    linked._p.append(link)
    linked.add_run("。")
    document.save(str(path))
    return texts(path)


def _finding(path: Path, line: int, text: str, lines: list[str], code: str = "AC102") -> Finding:
    column = lines[line - 1].index(text) + 1
    loc = Location(str(path), line, column, text, end_column=column + len(text) - 1)
    return Finding(
        code, Severity.WARNING, {"en": f"{text} is off", "zh": f"{text} 有误"}, [loc], text, "1"
    )


def test_figures_across_runs_and_cells_keep_text_and_formatting(tmp_path: Path) -> None:
    draft = tmp_path / "draft.docx"
    lines = _formatted_draft(draft)
    assert lines[2] == "| 事项 | 计划 | 完成率 |"
    assert lines[3] == "| 源头替代 | 460 家 | 完成率 67.3% |"
    findings = [
        _finding(draft, 2, "69.8%", lines),
        _finding(draft, 2, "%\t说", lines, "AC999"),  # overlaps the first: a boundary inside
        _finding(draft, 4, "67.3%", lines),
        _finding(draft, 4, "460 家", lines),
        _finding(draft, 4, "| 源", lines, "AC998"),  # starts on a separator: trimmed to 源
        _finding(draft, 6, "12.5%。", lines),  # from inside a hyperlink to the run after it
    ]
    out = tmp_path / "out.docx"
    assert write_review(str(draft), Report(findings, [str(draft)]), str(out)) == 6
    assert texts(out) == lines
    assert lines[5] == "详见附表完成率12.5%。"
    expected = ["69.8%", "%\t说", "67.3%", "460 家", "源", "12.5%。"]
    assert sorted(anchored(out).values()) == sorted(expected)
    reviewed = docx.Document(str(out))
    runs = [(r.text, r.bold, r.italic) for r in reviewed.paragraphs[1].runs if r.text]
    assert runs == [
        ("计划新建改造供热管网57公里，完成率", None, None),
        ("69.", True, None),
        ("8", None, True),
        ("%", None, True),
        ("\t说", None, True),
        ("明", None, True),
        ("。", None, None),
    ]
    cell = reviewed.tables[0].cell(1, 2)
    assert [p.text for p in cell.paragraphs] == ["  完成率", "67.3%  "]
    assert [(r.text, r.bold) for r in cell.paragraphs[1].runs if r.text] == [
        ("67.", None),
        ("3%", True),
        ("  ", True),
    ]


def test_findings_of_other_files_and_out_of_range_lines(tmp_path: Path) -> None:
    draft = tmp_path / "draft.docx"
    lines = _formatted_draft(draft)
    other = _finding(draft, 2, "69.8%", lines)
    other.locations[0] = Location("elsewhere.docx", 2, 1, "x", end_column=1)
    beyond = Finding(
        "AC105", Severity.WARNING, {"en": "whole document"}, [Location(str(draft), 99)]
    )
    out = tmp_path / "out.docx"
    assert write_review(str(draft), Report([other, beyond], [str(draft)]), str(out)) == 1
    assert list(anchored(out).values()) == ["测试通报"]


@pytest.mark.parametrize(
    ("source", "out", "message"),
    [
        (SEED_TABLE, "x.docx", "not a table"),
        (SEED_TEXT, "x.pdf", "must be a .docx"),
        ("missing.docx", "x.docx", "missing.docx"),
    ],
)
def test_odd_inputs_raise_a_clear_error(
    tmp_path: Path, source: Path | str, out: str, message: str
) -> None:
    with pytest.raises(AircheckError, match=message):
        write_review(str(source), Report([], []), str(tmp_path / out))


def test_broken_docx_and_unwritable_output(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(AircheckError, match="not a readable DOCX"):
        write_review(str(broken), Report([], []), str(tmp_path / "out.docx"))
    with pytest.raises(AircheckError, match="cannot write"):
        write_review(str(SEED_TEXT), Report([], []), str(tmp_path / "no" / "such" / "out.docx"))
    draft = tmp_path / "draft.docx"
    shutil.copy(SEED_DOCX, draft)
    with pytest.raises(AircheckError, match="refusing to overwrite the input"):
        write_review(str(draft), Report([], []), str(draft))


def test_control_characters_in_a_text_draft(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("完成率\x0169.8%\x1f，计划57公里\n", "utf-8")
    report = Report([_finding(draft, 1, "69.8%", texts(draft))], [str(draft)])
    out = tmp_path / "out.docx"
    assert write_review(str(draft), report, str(out)) == 1
    assert list(anchored(out).values()) == ["69.8%"]
    assert docx.Document(str(out)).paragraphs[0].text == "完成率\ufffd69.8%\ufffd，计划57公里"


def test_libreoffice_converts_the_reviewed_docx(tmp_path: Path, seed_report: Report) -> None:
    """LibreOffice opens the copy, keeps every comment as an annotation and prints a PDF."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    out = tmp_path / "seed.reviewed.docx"
    written = write_review(str(SEED_DOCX), seed_report, str(out), "zh")
    profile = (tmp_path / "lo-profile").as_uri()
    for target in ("pdf", "fodt"):
        subprocess.run(
            [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
             "--outdir", str(tmp_path), str(out)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    pdf = tmp_path / "seed.reviewed.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert "69.8%" in "".join(line.text for line in load(pdf))
    flat = (tmp_path / "seed.reviewed.fodt").read_text("utf-8")
    assert flat.count("<office:annotation>") + flat.count("<office:annotation ") == written
    assert flat.count("<dc:creator>aircheck</dc:creator>") == written


#: Words a Chinese comment may hold: rule codes, units written in Latin letters.
UNIT_WORDS = frozenset({"km", "kW", "kWh", "MW", "MWh", "GW", "GWh", "kg", "cm", "mm", "PM"})


@pytest.mark.parametrize("source", [SEED_DOCX, SEED_TEXT, SEED_PDF], ids=["docx", "txt", "pdf"])
def test_zh_comments_hold_no_english_word(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "zh.docx"
    report = aircheck.validate(str(source))
    assert write_review(str(source), report, str(out), "zh") == len(report.findings) >= 7
    draft = "\n".join(texts(source))
    for _, _, text, _ in comments(out):
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\bAC\d+\b", "", text))
        english = [w for w in words if w not in UNIT_WORDS and w not in draft]
        assert english == [], text
    heads = [text.split("]")[0] + "]" for _, _, text, _ in comments(out)]
    assert "[AC102 完成率为截断或进位所得，未四舍五入 · 警告]" in heads
    assert "[AC105 文件未按四舍五入修约完成率 · 警告]" in heads


@pytest.mark.parametrize(("lang", "label"), [("zh", "应为："), ("en", "expected: ")])
def test_expected_values_carry_their_percent(
    tmp_path: Path, seed_report: Report, lang: str, label: str
) -> None:
    out = tmp_path / "seed.reviewed.docx"
    write_review(str(SEED_DOCX), seed_report, str(out), lang)
    ranges = anchored(out)
    for cid, _, text, _ in comments(out):
        if ranges[cid] in TRUNCATED:
            assert f"{label}{TRUNCATED[ranges[cid]]}%\n" in text


def test_expected_text_takes_the_figures_unit() -> None:
    def shown(expected: str, figure: str) -> str | None:
        finding = Finding("AC1", Severity.INFO, {"en": "x"}, [Location("f", 1, 1, figure)])
        finding.expected = expected
        return expected_text(finding, "zh")

    assert shown("69.9", "69.8%") == "69.9%"
    assert shown("128.8", "128.7％") == "128.8％"
    assert shown("2", "3个") == "2个"
    assert shown("<= 21", "24个") == "<= 21个"
    assert shown("1161.13", "1161.14 公顷") == "1161.13 公顷"
    assert shown("10680亩", "712公顷") == "10680亩"  # a value with its own unit is kept
    assert shown("<= 30", "31") == "<= 30"  # a table cell: the unit is in its own column
    assert shown("rounding", "") == "四舍五入"


def test_fingerprints_only_when_asked(tmp_path: Path, seed_report: Report) -> None:
    plain, marked = tmp_path / "plain.docx", tmp_path / "marked.docx"
    write_review(str(SEED_DOCX), seed_report, str(plain), "zh")
    write_review(str(SEED_DOCX), seed_report, str(marked), "zh", fingerprints=True)
    prints = {f.fingerprint for f in seed_report.findings}
    assert not any(fp in text for _, _, text, _ in comments(plain) for fp in prints)
    assert all("指纹" not in text for _, _, text, _ in comments(plain))
    assert sorted(text.rsplit("指纹：", 1)[1] for _, _, text, _ in comments(marked)) == sorted(
        prints
    )


def test_cli_review_show_fingerprints(tmp_path: Path, seed_report: Report) -> None:
    from click.testing import CliRunner

    from aircheck.cli import main

    out = tmp_path / "r.docx"
    args = ["review", str(SEED_DOCX), "-o", str(out), "--lang", "en", "-q"]
    result = CliRunner().invoke(main, [*args, "--show-fingerprints"])
    assert result.exit_code == 0, result.output
    fingerprint = seed_report.findings[0].fingerprint
    assert any(
        text.endswith(f"aircheck fingerprint: {fingerprint}") for _, _, text, _ in comments(out)
    )
    assert CliRunner().invoke(main, args).exit_code == 0
    assert not any("fingerprint" in text for _, _, text, _ in comments(out))
