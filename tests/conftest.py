"""Shared paths and helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_TABLE = FIXTURES / "seed_table.csv"
SEED_TEXT = FIXTURES / "seed_zhengzhou_2021-06.txt"
VARIANTS = FIXTURES / "variants"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def seed_table_text() -> str:
    return SEED_TABLE.read_text("utf-8")


def codes_at(report) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """(code, first line) of every finding, in report order."""
    return [(f.code, f.locations[0].line) for f in report.findings]
