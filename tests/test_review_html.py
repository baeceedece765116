"""The HTML review: per-figure marks, escaping, offline page, CLI `review`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import SEED_TABLE, SEED_TEXT

import aircheck
from aircheck.cli import main
from aircheck.marks import Mark, counts, marks
from aircheck.model import Finding, Location, Report, Severity
from aircheck.render.html import CSP, render_html
from aircheck.render.sources import load_sources

TRUNCATED_RATES = {"69.8%", "128.7%", "89.7%", "67.3%", "82.2%"}
SCRIPT_DRAFT = (
    "关于<script>alert(1)</script>工作的通报\n"
    "计划新建改造供热管网57公里，目前已建设完成39.82公里，完成率69.8%。\n"
    '<img src=x onerror="alert(2)">已完成 3 个 & 4 个\n'
)


class _Page(HTMLParser):
    """The marks (tag, attributes, text), every id, links and script/style bodies of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.links: list[dict[str, str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._open: dict[str, Any] | None = None
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "a":
            self.links.append(attributes)
        if tag == "mark" and "fig" in (attributes.get("class") or "").split():
            self._open = {**attributes, "text": ""}
        if tag in ("script", "style"):
            self._raw = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open is not None:
            self.marks.append(self._open)
            self._open = None
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data
        if self._raw == "script":
            self.scripts[-1] += data
        elif self._raw == "style":
            self.styles[-1] += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _status(mark: dict[str, Any]) -> str:
    return str(mark["data-status"])


@pytest.fixture(scope="module")
def seed() -> Report:
    return aircheck.validate(str(SEED_TEXT))


@pytest.fixture(scope="module")
def seed_page(seed: Report) -> str:
    return render_html(seed, load_sources(list(seed.files)), "en")


# -- the status model ---------------------------------------------------------------


def test_seed_marks_one_per_claim_and_amber_on_the_truncated_rates(seed: Report) -> None:
    items = marks(seed)
    assert seed.claims is not None
    assert len(items) == len(seed.claims)
    assert [m.claim_id for m in items] == seed.claims["claim_id"].tolist()
    ac102 = {m.raw for m in items if any(seed.findings[i].code == "AC102" for i in m.findings)}
    assert ac102 == TRUNCATED_RATES
    rates = [m for m in items if m.findings and m.raw in TRUNCATED_RATES]
    assert [(m.line, m.status) for m in rates] == [(15, "warning"), (17, "warning"),
        (19, "warning"), (23, "warning"), (23, "warning")]  # fmt: skip
    # 89.7% is stated again in 二（五）, as a repeated figure that agrees: green
    again = [m for m in items if m.raw == "89.7%" and not m.findings]
    assert [m.status for m in again] == ["ok"]
    # 101.76 亿 lacks its unit: AC403 blames it, as information (blue), not amber
    amber = {m.raw for m in items if m.status == "warning"}
    assert amber == set(TRUNCATED_RATES)
    ac403 = [f for f in seed.findings if f.code == "AC403"]
    assert [f.locations[0].text for f in ac403] == ["101.76 亿"]
    assert [m.status for m in items if m.raw == "101.76 亿"] == ["info"]
    assert counts(items) == {"error": 0, "warning": 5, "info": 1, "ok": 56, "unchecked": 70}


def test_seed_every_other_checked_figure_is_green(seed: Report) -> None:
    for mark in marks(seed):
        if mark.claim_id in seed.checked_ids and not mark.findings:
            assert mark.status == "ok", mark
        if mark.claim_id not in seed.checked_ids and not mark.findings:
            assert mark.status == "unchecked", mark
    # the inputs of a truncated rate are not to blame: green
    inputs = {m.raw: m.status for m in marks(seed) if m.line == 15}
    assert inputs["57公里"] == inputs["39.82公里"] == "ok"


def _claims(*rows: tuple[str, int, int, int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"claim_id": c, "file": "d.txt", "line": ln, "column": col, "end_column": end, "raw": r}
            for c, ln, col, end, r in [(f"c{i}", *row[1:]) for i, row in enumerate(rows, 1)]
        ]
    )


def _finding(severity: Severity, *places: tuple[int, int]) -> Finding:
    locations = [Location("d.txt", line, column) for line, column in places]
    return Finding("AC999", severity, {"en": "m"}, locations)


def test_status_is_the_worst_finding_that_blames_the_figure_first() -> None:
    claims = _claims(
        ("c1", 1, 1, 3, "10个"),
        ("c2", 1, 6, 8, "20个"),
        ("c3", 2, 1, 3, "50%"),
        ("c4", 3, 1, 2, "7家"),
    )
    report = Report(
        findings=[
            _finding(Severity.INFO, (2, 1), (1, 1)),
            _finding(Severity.ERROR, (2, 1), (1, 6)),
            _finding(Severity.WARNING, (2, 1)),
        ],
        files=["d.txt"],
        claims=claims,
        checked_ids=frozenset({"c1", "c2", "c3"}),
    )
    by_id = {m.claim_id: m for m in marks(report)}
    assert by_id["c3"].status == "error"
    assert by_id["c3"].findings == (0, 1, 2)
    assert by_id["c1"].status == by_id["c2"].status == "ok"  # inputs, not blamed
    assert by_id["c4"].status == "unchecked"
    assert isinstance(by_id["c4"], Mark) and by_id["c4"].findings == ()


def test_no_claims_no_marks() -> None:
    assert marks(Report(findings=[], files=[])) == []


# -- the page -------------------------------------------------------------------------


def test_seed_page_marks_match_the_claims(seed: Report, seed_page: str) -> None:
    page = _parse(seed_page)
    assert seed.claims is not None
    assert len(page.marks) == len(seed.claims) == 132
    assert sorted(m["data-claim"] for m in page.marks) == sorted(seed.claims["claim_id"])
    assert not [m for m in page.marks if "detached" in m["class"].split()]
    amber = [m["text"] for m in page.marks if _status(m) == "warning"]
    assert set(amber) == set(TRUNCATED_RATES) and len(amber) == 5
    assert all(_status(m) in m["class"].split() for m in page.marks)
    # each mark shows exactly the characters of its figure on its line
    lines = {s.number: s.text for s in load_sources(list(seed.files))[str(SEED_TEXT)]}
    by_claim = {m["data-claim"]: m for m in page.marks}
    for row in seed.claims.itertuples():
        assert by_claim[row.claim_id]["text"] == lines[row.line][row.column - 1 : row.end_column]
    # in reading order: by line, then by column
    places = seed.claims.set_index("claim_id")[["line", "column"]]
    order = [tuple(places.loc[m["data-claim"]]) for m in page.marks]
    assert order == sorted(order)


def test_seed_page_titles_and_links(seed: Report, seed_page: str) -> None:
    page = _parse(seed_page)
    rate = next(m for m in page.marks if m["text"] == "69.8%")
    assert "AC102" in rate["title"] and "69.9" in rate["title"]
    green = next(m for m in page.marks if m["text"] == "57公里")
    assert green["title"] == "green: checked and consistent"
    targets = [a["data-go"] for a in page.links if a.get("data-go")]
    assert targets and all(t in page.ids for t in targets)
    go = [a for a in page.links if "go" in (a.get("class") or "").split()]
    assert len(go) == len(seed.findings)
    by_finding = {a["href"]: a["data-go"] for a in go}
    assert all(href == f"#{target}" for href, target in by_finding.items())
    rates = {m["id"] for m in page.marks if m["text"] in TRUNCATED_RATES and "AC102" in m["title"]}
    assert len(rates) == 5
    assert rates <= {a["data-go"] for a in go}
    ac105 = [a for a in go if a["data-go"].startswith("f0-L")]
    assert [a["data-go"] for a in ac105] == ["f0-L1"]  # the document-level finding: line 1


def test_seed_page_summary(seed_page: str) -> None:
    assert "Rounding convention: <b>truncation</b>" in seed_page
    assert "61 of 132 figures checked" in seed_page
    assert "warning <b>6</b>" in seed_page and "info <b>1</b>" in seed_page
    for status in ("error", "warning", "info", "ok", "unchecked"):
        assert f'data-status="{status}"' in seed_page
    assert seed_page.count('type="checkbox"') == 5


def test_page_is_self_contained_and_forbids_remote_loads(seed_page: str) -> None:
    page = _parse(seed_page)
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:|//)""", seed_page, re.I)
    assert "http://" not in seed_page and "https://" not in seed_page
    assert "@import" not in seed_page and "url(" not in seed_page
    assert not [t for t, a in page.tags if t in ("link", "iframe", "img", "object", "embed")]
    assert not [a for t, a in page.tags if t == "script" and "src" in a]
    meta = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert meta and meta[0]["content"] == CSP
    assert "default-src 'none'" in CSP and "unsafe-inline" not in CSP
    # the CSP's hashes are those of the page's one script and one style
    import base64
    import hashlib

    for kind, bodies in (("script", page.scripts), ("style", page.styles)):
        assert len(bodies) == 1
        digest = base64.b64encode(hashlib.sha256(bodies[0].encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in CSP


def test_render_is_deterministic(seed: Report, seed_page: str) -> None:
    again = render_html(seed, load_sources(list(seed.files)), "en")
    assert again == seed_page
    assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:", seed_page)


def test_script_in_the_draft_is_shown_as_text(tmp_path: Path) -> None:
    draft = tmp_path / "<b>draft&.txt"
    draft.write_text(SCRIPT_DRAFT, encoding="utf-8")
    report = aircheck.validate(str(draft))
    page = render_html(report, load_sources(list(report.files)), "zh")
    parsed = _parse(page)
    assert len(parsed.scripts) == 1  # only the page's own
    assert "alert" not in parsed.scripts[0]
    assert "<script>alert" not in page and "<img" not in page and "<b>draft" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert "</mark> &amp; <mark" in page
    assert [m["text"] for m in parsed.marks if _status(m) == "warning"] == ["69.8%"]
    assert report.claims is not None and len(parsed.marks) == len(report.claims)


def test_chinese_and_english_pages(seed: Report) -> None:
    sources = load_sources(list(seed.files))
    zh = render_html(seed, sources, "zh")
    en = render_html(seed, sources, "en")
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert (
        "发现的问题" in zh
        and "修约方式" in zh
        and "截断" in zh
        and "132 个数字中已核对 61 个" in zh
    )
    assert "Findings" in en and "truncation" in en
    assert "发现的问题" not in en and "修约方式" not in en
    assert "完成率 69.8% 是" in zh  # the findings' own messages follow the language too
    assert "rate 69.8% is" in en


def test_table_draft_marks_whole_cells() -> None:
    report = aircheck.validate(str(SEED_TABLE))
    sources = load_sources(list(report.files))
    page = _parse(render_html(report, sources, "en"))
    assert report.claims is not None and len(page.marks) == len(report.claims)
    assert not [m for m in page.marks if "detached" in m["class"].split()]
    amber = {m["text"] for m in page.marks if _status(m) == "warning"}
    assert amber == {"69.8%", "128.7%", "89.7%", "67.3%", "82.2%"}
    header = sources[str(SEED_TABLE)][0]
    assert header.number == 1 and header.text.split("\t")[:3] == ["section", "item", "unit"]
    rows = {s.number: s.text.split("\t") for s in sources[str(SEED_TABLE)]}
    by_claim = {m["data-claim"]: m for m in page.marks}
    for row in report.claims.itertuples():
        assert by_claim[row.claim_id]["text"] == rows[row.line][row.column - 1]


def test_xlsx_table_lines(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["item", "planned", "completed", "rate"])
    sheet.append([])
    sheet.append(["管网", 57, 39.82, "69.8%"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    report = aircheck.validate(str(path))
    sources = load_sources(list(report.files))
    assert [(s.number, s.text) for s in sources[str(path)]] == [
        (1, "item\tplanned\tcompleted\trate"),
        (3, "管网\t57\t39.82\t69.8%"),
    ]
    page = _parse(render_html(report, sources, "en"))
    assert {m["text"]: _status(m) for m in page.marks}["69.8%"] == "warning"


def test_a_figure_off_its_line_is_still_marked() -> None:
    claims = _claims(("c1", 1, 1, 2, "10个"), ("c2", 1, 2, 3, "0个"), ("c3", 9, 1, 2, "5个"))
    report = Report(findings=[], files=["d.txt"], claims=claims)
    from aircheck.text.loaders import SourceLine

    page = _parse(render_html(report, {"d.txt": [SourceLine(1, "10个")]}, "en"))
    assert [m["text"] for m in page.marks] == ["10", "0个", "5个"]  # overlap, then missing line
    assert [("detached" in m["class"]) for m in page.marks] == [False, True, True]


# -- the command ----------------------------------------------------------------------


def _run(*args: object) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_review_default_html_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("review", SEED_TEXT, "--lang", "en")
    assert result.exit_code == 0, result.output
    out = tmp_path / "seed_zhengzhou_2021-06.review.html"
    assert out.exists()
    lines = result.output.splitlines()
    assert lines[0] == out.name
    assert lines[-1].startswith("1 file: 0 errors, 6 warnings, 1 info; 61 of 132")
    page = _parse(out.read_text("utf-8"))
    assert len(page.marks) == 132


def test_cli_review_html_and_fail_on(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = _run("review", SEED_TEXT, "--html", out, "--lang", "zh", "--fail-on", "warning")
    assert result.exit_code == 1
    assert str(out) in result.output and "警告 6 个" in result.output
    assert '<html lang="zh-CN">' in out.read_text("utf-8")
    assert _run("review", SEED_TEXT, "--html", out, "--select", "AC3").exit_code == 0
    page = _parse(out.read_text("utf-8"))
    assert not [m for m in page.marks if _status(m) == "warning"]  # AC1 and AC4 not selected


def test_cli_review_word_copy_goes_to_write_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aircheck.render.docx_review as docx_review

    calls: list[tuple[str, Report, str, str, bool]] = []

    def fake(source: str, report: Report, out: str, lang: str, fingerprints: bool) -> int:
        calls.append((source, report, out, lang, fingerprints))
        return 7

    monkeypatch.setattr(docx_review, "write_review", fake)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "x.docx"
    result = _run("review", SEED_TEXT, "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    source, report, target, lang, fingerprints = calls[0]
    assert (source, target, lang, fingerprints) == (str(SEED_TEXT), str(out), "en", False)
    assert [f.code for f in report.findings].count("AC102") == 5
    assert f"{out} (7 comment(s))" in result.output
    assert (
        not list(tmp_path.glob("*.html"))
        and not Path("seed_zhengzhou_2021-06.review.html").exists()
    )


def test_cli_review_word_copy_real(tmp_path: Path) -> None:
    out, page = tmp_path / "x.docx", tmp_path / "x.html"
    result = _run("review", SEED_TEXT, "-o", out, "--html", page, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert out.exists() and page.exists()
    assert f"{out} (7 comment(s))" in result.output


def test_cli_review_errors(tmp_path: Path) -> None:
    missing = _run("review", tmp_path / "nope.txt", "--html", tmp_path / "x.html")
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    draft = tmp_path / "d.txt"
    draft.write_text(SCRIPT_DRAFT, encoding="utf-8")
    same = _run("review", draft, "--html", draft)
    assert same.exit_code == 2 and draft.read_text("utf-8") == SCRIPT_DRAFT


def test_cli_review_help_has_examples() -> None:
    result = _run("review", "--help")
    assert result.exit_code == 0
    for text in ("--html", "-o, --output", "--fail-on", "--lang", "--rules", "--waivers"):
        assert text in result.output
    assert "aircheck review 通报.docx --html review.html" in result.output
    assert "green" in result.output and "amber" in result.output


def test_title_names_the_file_with_its_path_in_a_tooltip(tmp_path: Path) -> None:
    deep = tmp_path / ("a_very_long_directory_name_without_any_break_" * 4)
    deep.mkdir()
    draft = deep / "draft.txt"
    draft.write_text(SCRIPT_DRAFT, encoding="utf-8")
    report = aircheck.validate(str(draft))
    page = render_html(report, load_sources(list(report.files)), "en")
    assert f'<h1>aircheck review: <span class="file" title="{draft}">draft.txt</span></h1>' in page
    assert "<title>aircheck review: draft.txt</title>" in page
    assert page.count(str(deep)) == 1  # only in the tooltip
    css = _parse(page).styles[0]
    assert "overflow-wrap:anywhere" in css.split("body{", 1)[1].split("}", 1)[0]
    narrow = css.split("@media (max-width:700px){", 1)[1]
    assert "aside{order:-1" in narrow and "header{order:-2}" in narrow


def test_expected_values_show_their_percent(seed_page: str) -> None:
    page = _parse(seed_page)
    rate = next(m for m in page.marks if m["text"] == "69.8%")
    assert "(expected 69.9%)" in rate["title"]
    assert '<span class="expected">69.9%</span>' in seed_page
    assert '<span class="expected">rounding</span>' in seed_page
