"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_TABLE = FIXTURES / "seed_table.csv"
SEED_TEXT = FIXTURES / "seed_zhengzhou_2021-06.txt"
VARIANTS = FIXTURES / "variants"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

# Hypothesis: "ci" (the default) keeps the fuzz tests bounded; AIRCHECK_FUZZ=long searches
# much longer. No deadline: the machines are shared and timing is not what is tested.
settings.register_profile("ci", max_examples=50, deadline=None, print_blob=True)
settings.register_profile(
    "long", max_examples=2000, deadline=None, print_blob=True, suppress_health_check=[]
)
settings.load_profile("long" if os.environ.get("AIRCHECK_FUZZ") == "long" else "ci")


@pytest.fixture
def seed_table_text() -> str:
    return SEED_TABLE.read_text("utf-8")


def codes_at(report) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """(code, first line) of every finding, in report order."""
    return [(f.code, f.locations[0].line) for f in report.findings]
