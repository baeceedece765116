"""A pack applied to a report's records (no pandas) gives what it gives over frames.

A report read from text keeps its claims and relations as records, and the packs its
run uses (a built-in pack the report matches, or ``--rules``) are applied to them
element by element, so that checking it needs no pandas. The frames path stays for
tables, several inputs and packs with expression checks. Both must give the same claims
(keys set) and relations, in the same order, and keep why figures were left unchecked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, SEED_TEXT, SHARED_CORPUS

from aircheck.claimset import ClaimSet
from aircheck.engine import read
from aircheck.pack_records import applies
from aircheck.packs import apply, parse_pack, resolve

#: keys (with synonyms and fields) over generic progress wording, which most reports
#: match in part, and a sum and a funnel over figures named by section and field, which
#: resolve in the seed report (one claim each) and nowhere else (figures missing: none)
GENERIC_PACK = """\
pack: generic-progress
keys:
  计划:
    synonyms: [计划, 任务]
    fields: [planned, value]
  完成:
    synonyms: [完成, 累计]
    fields: [completed, value, rate]
figures:
  管网计划: {section: 一（二）, subject: 供热管网, field: planned}
  管网完成: {section: 一（二）, subject: 供热管网, field: completed}
  造林完成: [{section: 一（三）, subject: 造林, field: completed}, {subject: 不存在的名称}]
  抚育完成: {section: 一（三）, subject: 森林抚育, field: completed}
sums:
  - name: 总数
    total: 管网计划
    parts: [管网完成, 造林完成]
funnels:
  - name: 计划到完成
    stages: [管网计划, 管网完成, 抚育完成]
"""


def _reports() -> list[Path]:
    found = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("probes/*.txt"))
    found += sorted(FIXTURES.glob("unseen/*.txt"))
    return found + (sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else [])


def _packs() -> tuple:  # type: ignore[type-arg]
    return (resolve("zhengzhou-air"), parse_pack(GENERIC_PACK, "generic.yaml"))


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_records_and_frames_give_the_same_claims_and_relations(path: Path) -> None:
    claimset = read(path)
    packs = _packs()
    assert applies(claimset, packs)
    by_records = apply(claimset, packs)
    as_frames = ClaimSet(
        claimset.claims.copy(),
        claimset.relations.copy(),
        files=claimset.files,
        findings=claimset.findings,
        unchecked_rows=claimset.unchecked_rows,
        pages=claimset.pages,
        reasons=claimset.reasons,
    )
    assert not applies(as_frames, packs)
    by_frames = apply(as_frames, packs)
    pd.testing.assert_frame_equal(by_records.claims, by_frames.claims)
    pd.testing.assert_frame_equal(by_records.relations, by_frames.relations)
    assert by_records.reasons == by_frames.reasons == claimset.reasons


def test_the_comparison_sees_every_kind_a_pack_adds() -> None:
    # a comparison over reports the packs link nothing in would prove nothing
    kinds: set[str] = set()
    for path in _reports():
        claimset = read(path)
        before = len(claimset.relations)
        kinds |= set(apply(claimset, _packs()).relations["kind"].iloc[before:])
    assert {"same", "sum", "funnel"} <= kinds


def test_a_pack_keeps_why_figures_were_left_unchecked() -> None:
    claimset = read(SEED_TEXT)
    assert claimset.reasons  # the seed leaves some figures unchecked, with a reason
    assert apply(claimset, (resolve("zhengzhou-air"),)).reasons == claimset.reasons


def test_a_pack_with_an_expression_check_takes_the_frames() -> None:
    pack = parse_pack(
        "pack: p\nfigures:\n  a: {subject: 完成}\n  b: {subject: 计划}\nrules:\n"
        "  - check: a <= b\n",
        "p.yaml",
    )
    assert not applies(read(SEED_TEXT), (pack,))
