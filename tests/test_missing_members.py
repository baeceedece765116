"""A funnel stage that names no claim (a claim set built through the API with a
mistyped id; packs drop such members themselves) is left out of the funnel's check: its
neighbours are compared, as the stages are ordered. The other rules' handling of such
members is not settled here (a sum must abstain, not drop an item)."""

from __future__ import annotations

from typing import Any

from aircheck.claimset import ClaimSet, claims_frame, relations_frame
from aircheck.engine import check


def _claim(claim_id: str, value: int, line: int) -> dict[str, Any]:
    text = str(value)
    return dict(claim_id=claim_id, file="r.txt", line=line, column=1, end_column=len(text),
                section="", subject=claim_id, field="", raw=f"{text}个", text=text,
                value=float(value), decimals=0, magnitude=0, ulp=1.0, percent=False, unit="个",
                qualifier="", key="")  # fmt: skip


def _stage(relation: str, claim_id: str, order: int) -> dict[str, Any]:
    return dict(relation_id=relation, kind="funnel", role="stage", claim_id=claim_id,
                order=order, detail="")  # fmt: skip


def _funnel(*stages: str) -> list[tuple[str, int]]:
    claims = [_claim("s1", 100, 1), _claim("s2", 120, 2), _claim("s3", 90, 3)]
    relations = [_stage("f", name, order) for order, name in enumerate(stages)]
    report = check(ClaimSet(claims_frame(claims), relations_frame(relations), files=["r.txt"]))
    return [(f.code, f.locations[0].line) for f in report.findings]


def test_a_funnel_stage_naming_no_claim_is_skipped() -> None:
    # s2 (120) is larger than s1 (100) before it: found with or without the missing stage
    assert _funnel("s1", "s2", "s3") == [("AC203", 2)]
    assert _funnel("s1", "nope", "s2", "s3") == [("AC203", 2)]
    assert _funnel("nope", "s1", "s3") == []
