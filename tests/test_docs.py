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
