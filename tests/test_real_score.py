"""The real corpus gate: bench/real_score.py over the seed and every report of ../shared/corpus.

Fails on any false alarm, any gold error not caught with its right value, any near-miss
reported as an error, and on coverage below the floors measured here. Floors only rise.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT, SHARED_CORPUS

#: Relations checked, measured on 2026-12-02 (text rates 96/98, other 65/118, tables 98/102).
FLOORS = {"text_rates": 96, "text_other": 65, "table": 98}
ERRORS = 23  # every inconsistent and rounding_convention relation of the corpus and seed


@pytest.fixture(scope="module")
def scores():  # type: ignore[no-untyped-def]
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus (the real reports and their gold files) is not available")
    spec = importlib.util.spec_from_file_location("real_score", ROOT / "bench" / "real_score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    per_report = module.score_all()
    return per_report, module.totals(per_report)


def test_no_false_alarm(scores):  # type: ignore[no-untyped-def]
    _, total = scores
    assert total.false_alarms == []


def test_every_real_error_is_caught_with_its_value(scores):  # type: ignore[no-untyped-def]
    _, total = scores
    assert total.missed_errors == []
    assert len(total.caught) == total.errors >= ERRORS


def test_no_near_miss_is_an_error(scores):  # type: ignore[no-untyped-def]
    _, total = scores
    assert total.near_miss_errors == []


@pytest.mark.parametrize("area", sorted(FLOORS))
def test_coverage_meets_the_floor(scores, area):  # type: ignore[no-untyped-def]
    _, total = scores
    assert total.checked[area] >= FLOORS[area], total.unchecked


def test_every_report_is_scored(scores):  # type: ignore[no-untyped-def]
    per_report, _ = scores
    assert len(per_report) == 1 + len(list(SHARED_CORPUS.glob("*.gold.csv")))
