"""Generated docs stay in sync with the rules."""

from __future__ import annotations

from conftest import ROOT

from aircheck.docgen import pages


def test_rule_docs_are_generated_from_the_rules():
    directory = ROOT / "docs" / "rules"
    expected = pages()
    present = {p.name for p in directory.glob("*.md")}
    assert present == set(expected), "run: python -m aircheck.docgen"
    for name, text in expected.items():
        assert (directory / name).read_text("utf-8") == text, (
            f"{name} is stale: python -m aircheck.docgen"
        )


def test_every_relative_link_in_the_docs_points_at_a_file():
    import re

    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert broken == []
