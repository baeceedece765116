"""Make docs/img/review.png: the HTML review of the seed report in headless Chromium.

Run from the repository root: ``python docs/make_screenshot.py [--lang zh|en]``.
Needs Playwright (``pip install playwright``) and Debian's chromium at /usr/bin/chromium
(or CHROMIUM=/path); Playwright's own browser download is not used.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import aircheck
from aircheck.render.html import render_html
from aircheck.render.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
SEED = "fixtures/seed_zhengzhou_2021-06.txt"
#: Chromium flags for a quiet, offline headless run as root in a container.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img" / "review.png"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    os.chdir(ROOT)  # the page names the seed by its path in the repository
    report = aircheck.validate(SEED)
    page_html = render_html(report, load_sources(list(report.files)), args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.html"
        path.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri())
            page.screenshot(path=args.out)
            browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
