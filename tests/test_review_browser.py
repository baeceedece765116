"""The HTML review in a real headless Chromium: loads offline, marks, links, no script injection.

Uses Playwright with Debian's chromium (``apt-get install chromium``; ``.ci/install-browser``),
never Playwright's own browser download. Skipped, saying why, only when Playwright or
the chromium binary is missing; any other failure to start the browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_TEXT

import aircheck
from aircheck.model import Report
from aircheck.render.html import render_html
from aircheck.render.sources import load_sources

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install playwright"
)


def _load_script(relative: str) -> Any:
    """A script of the repository as a module (it is not part of the package)."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location(Path(relative).stem, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHROMIUM = os.environ.get("AIRCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no chromium at {CHROMIUM}: apt-get install chromium (or set AIRCHECK_CHROMIUM)",
        allow_module_level=True,
    )

ARGS = _load_script("docs/make_screenshot.py").ARGS  # one list of the Chromium flags
TRUNCATED_RATES = ["69.8%", "128.7%", "89.7%", "67.3%", "82.2%"]
AMBER = "rgb(253, 230, 138)"
GREEN = "rgb(209, 250, 229)"
BLUE = "rgb(219, 234, 254)"  # info


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with every console error, page error, failed request and dialog recorded."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page


def _in_viewport(page: Any, selector: str) -> bool:
    box = page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                          h: window.innerHeight, w: window.innerWidth}; }""",
        selector,
    )
    return bool(box["top"] >= 0 and box["bottom"] <= box["h"] and 0 <= box["left"] < box["w"])


@pytest.fixture(scope="module")
def seed() -> Report:
    return aircheck.validate(str(SEED_TEXT))


@pytest.fixture
def seed_file(seed: Report, tmp_path: Path) -> Path:
    path = tmp_path / "seed.review.html"
    path.write_text(render_html(seed, load_sources(list(seed.files)), "zh"), encoding="utf-8")
    return path


def test_loads_offline_with_no_error_and_marks_the_figures(
    browser: Any, seed: Report, seed_file: Path, tmp_path: Path
) -> None:
    watched = Watched(browser)
    page = watched.open(seed_file)
    assert watched.errors == []  # a CSP violation (wrong hash) would be a console error
    assert watched.failed == []
    assert watched.requests == [seed_file.as_uri()]  # the page itself and nothing else
    assert seed.claims is not None
    assert page.locator("mark.fig").count() == len(seed.claims) == 132
    amber = page.evaluate(
        """colour => [...document.querySelectorAll('mark.fig')]
               .filter(m => getComputedStyle(m).backgroundColor === colour)
               .map(m => [m.textContent, m.title.slice(0, 5)])""",
        AMBER,
    )
    rates = [text for text, title in amber if title == "AC102"]
    assert rates == TRUNCATED_RATES
    assert [text for text, title in amber if title != "AC102"] == []
    blue = page.evaluate(
        """colour => [...document.querySelectorAll('mark.fig')]
               .filter(m => getComputedStyle(m).backgroundColor === colour)
               .map(m => [m.textContent, m.title.slice(0, 5)])""",
        BLUE,
    )
    assert blue == [["101.76 亿", "AC403"]]  # a magnitude without unit is information
    green = page.evaluate(
        """colour => [...document.querySelectorAll('mark.fig.ok')]
               .filter(m => getComputedStyle(m).backgroundColor === colour).length""",
        GREEN,
    )
    assert green == 56 == len(seed.checked_ids) - len(TRUNCATED_RATES)
    page.screenshot(path=str(tmp_path / "review.png"), full_page=False)
    assert (tmp_path / "review.png").stat().st_size > 10_000
    page.close()


def test_clicking_a_finding_brings_its_mark_into_view(browser: Any, seed_file: Path) -> None:
    watched = Watched(browser)
    page = watched.open(seed_file)
    targets = page.evaluate(
        "() => [...document.querySelectorAll('li.finding')].map(li => [li.id, li.dataset.target])"
    )
    assert len(targets) == 7
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    for finding, target in reversed(targets):  # from the bottom up, so each click must scroll
        page.click(f"#{finding} a.go")
        assert _in_viewport(page, f"#{target}"), (finding, target)
        assert "current" in page.get_attribute(f"#{target}", "class")
    # clicking a marked figure brings its finding into view in the list
    page.evaluate("() => document.getElementById('findings').scrollTo(0, 100000)")
    page.click("mark.fig.warning >> nth=0")
    assert "current" in page.get_attribute("#F1", "class")
    assert _in_viewport(page, "#F1")
    assert watched.errors == [] and watched.failed == []
    page.close()


def test_severity_filter_hides_findings_and_uncolours_marks(browser: Any, seed_file: Path) -> None:
    page = Watched(browser).open(seed_file)
    rate = "mark.fig.warning >> nth=0"
    assert page.locator("li.finding.warning").first.is_visible()
    page.uncheck("input[data-status=warning]")
    assert not page.locator("li.finding.warning").first.is_visible()
    colour = page.eval_on_selector(rate, "m => getComputedStyle(m).backgroundColor")
    assert colour == "rgba(0, 0, 0, 0)"
    page.check("input[data-status=warning]")
    assert page.locator("li.finding.warning").first.is_visible()
    assert page.eval_on_selector(rate, "m => getComputedStyle(m).backgroundColor") == AMBER
    page.close()


def test_script_in_a_draft_runs_nothing(browser: Any, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "关于<script>alert(1)</script>的通报\n"
        "计划新建改造供热管网57公里，目前已建设完成39.82公里，完成率69.8%。\n"
        '<img src=x onerror="alert(2)"><svg onload="alert(3)">\n',
        encoding="utf-8",
    )
    report = aircheck.validate(str(draft))
    path = tmp_path / "draft.review.html"
    path.write_text(render_html(report, load_sources(list(report.files)), "en"), "utf-8")
    watched = Watched(browser)
    page = watched.open(path)
    page.wait_for_timeout(300)
    assert watched.dialogs == []
    assert watched.errors == [] and watched.failed == []
    assert watched.requests == [path.as_uri()]  # the <img src=x> is text, not a request
    assert page.locator("script").count() == 1
    assert page.locator("img, svg").count() == 0
    text = page.inner_text("#document")
    assert "<script>alert(1)</script>" in text and '<img src=x onerror="alert(2)">' in text
    assert page.locator("mark.fig.warning").all_inner_texts() == ["69.8%"]
    page.close()


def test_english_page_in_the_browser(browser: Any, seed: Report, tmp_path: Path) -> None:
    path = tmp_path / "en.html"
    path.write_text(render_html(seed, load_sources(list(seed.files)), "en"), "utf-8")
    watched = Watched(browser)
    page = watched.open(path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "61 of 132 figures checked" in page.inner_text("#summary")
    assert watched.errors == []
    page.close()


#: A phone's CSS width; below 700 px the findings come before the document.
PHONE = {"width": 390, "height": 844}
_LAYOUT = """() => {
  const top = s => document.querySelector(s).getBoundingClientRect().top;
  const root = document.documentElement;
  return {scroll: root.scrollWidth, client: root.clientWidth,
          findings: top('#findings'), document: top('#document'),
          h1: document.querySelector('h1').getBoundingClientRect().right};
}"""


def _long_path_review(tmp_path: Path, source: Path, extra: str = "") -> tuple[Path, str]:
    """*source* copied under a long path without a break opportunity (and *extra* text
    appended), reviewed."""
    deep = tmp_path.joinpath(*["zhengzhou_environment_office_documents_2021_" * 4] * 3)
    deep.mkdir(parents=True)
    draft = deep / ("关于6月份大气污染防治攻坚战重点工作进展情况的通报_定稿" + source.suffix)
    draft.write_text(source.read_text("utf-8") + extra, "utf-8")
    report = aircheck.validate(str(draft))
    path = tmp_path / "narrow.html"
    path.write_text(render_html(report, load_sources(list(report.files)), "zh"), "utf-8")
    return path, str(draft)


def test_phone_width_no_sideways_scroll_and_findings_first(browser: Any, tmp_path: Path) -> None:
    long_word = "\n附件：https://www.zhengzhou.gov.cn/" + "x" * 300 + "1234567890" * 20 + "\n"
    path, draft = _long_path_review(tmp_path, SEED_TEXT, long_word)
    page = browser.new_page(viewport=PHONE)
    page.goto(path.as_uri())
    layout = page.evaluate(_LAYOUT)
    assert layout["scroll"] <= layout["client"] == PHONE["width"], layout
    assert layout["h1"] <= PHONE["width"]
    assert layout["findings"] < layout["document"]  # the list first, then the draft
    broken = page.evaluate(
        "() => [...document.querySelectorAll('mark.fig')]"
        ".filter(m => m.getClientRects().length > 1).map(m => m.textContent)"
    )
    assert broken == []  # a figure is never split across two lines
    h1 = page.locator("h1 span.file")
    assert h1.inner_text() == Path(draft).name and h1.get_attribute("title") == draft
    assert page.title().endswith(Path(draft).name) and draft not in page.title()
    # each finding links to its figure, and the link brings it into view
    targets = page.evaluate(
        "() => [...document.querySelectorAll('li.finding')].map(li => [li.id, li.dataset.target])"
    )
    assert len(targets) == 7
    for finding, target in targets[1:]:
        assert page.locator(f"#{target}").evaluate("m => m.tagName") == "MARK"
        page.click(f"#{finding} a.go")
        assert _in_viewport(page, f"#{target}"), (finding, target)
    page.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 800})
    wide.goto(path.as_uri())
    layout = wide.evaluate(_LAYOUT)
    assert layout["scroll"] <= layout["client"]
    assert layout["findings"] == layout["document"]  # side by side on a wide screen
    wide.close()


def test_phone_width_table_review_scrolls_only_inside_the_table(
    browser: Any, tmp_path: Path
) -> None:
    from conftest import SEED_TABLE

    path, _ = _long_path_review(tmp_path, SEED_TABLE)
    page = browser.new_page(viewport=PHONE)
    page.goto(path.as_uri())
    layout = page.evaluate(_LAYOUT)
    assert layout["scroll"] <= layout["client"], layout
    assert layout["findings"] < layout["document"]
    box = page.evaluate(
        "() => { const d = document.querySelector('div.wide');"
        " return [d.scrollWidth, d.clientWidth]; }"
    )
    assert box[0] > box[1]  # the table is wider than the phone and scrolls in its box
    broken = page.evaluate(
        "() => [...document.querySelectorAll('mark.fig')]"
        ".filter(m => m.getClientRects().length > 1).map(m => m.textContent)"
    )
    assert broken == []
    page.close()
