"""Relation members that name no claim (a claim set built through the API with a
mistyped id; packs drop such members themselves).

A funnel stage or a statement of the same figure naming no claim is left out: the
others are still compared. A sum, a year-to-date sum or a share list with such a member
is not checked at all: the parts present are not the whole list, and adding them up
would report a false mismatch. A count whose stated total names no claim is skipped."""

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


def _member(
    kind: str, role: str, claim_id: str, order: int = 0, detail: str = ""
) -> dict[str, Any]:
    return dict(relation_id="x", kind=kind, role=role, claim_id=claim_id, order=order,
                detail=detail)  # fmt: skip


def _stage(relation: str, claim_id: str, order: int) -> dict[str, Any]:
    return _member("funnel", "stage", claim_id, order) | {"relation_id": relation}


def _codes(claims: list[dict[str, Any]], relations: list[dict[str, Any]]) -> list[str]:
    report = check(ClaimSet(claims_frame(claims), relations_frame(relations), files=["r.txt"]))
    return [f.code for f in report.findings]


_FIGURES = [_claim("a", 100, 1), _claim("b", 30, 2), _claim("c", 80, 3), _claim("d", 120, 4)]


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


def test_a_sum_with_a_part_naming_no_claim_is_not_checked() -> None:
    parts = [_member("sum", "part", "b"), _member("sum", "part", "c")]
    total = [_member("sum", "total", "a")]
    assert _codes(_FIGURES, total + parts) == ["AC204"]  # 30 + 80 is not 100
    assert _codes(_FIGURES, total + parts + [_member("sum", "part", "nope")]) == []
    assert _codes(_FIGURES, [_member("sum", "total", "nope"), *parts]) == []


def test_a_year_to_date_sum_with_a_month_naming_no_claim_is_not_checked() -> None:
    months = [_member("ytd", "month", "b", 1), _member("ytd", "month", "c", 2)]
    total = [_member("ytd", "total", "a", 3)]
    assert _codes(_FIGURES, months + total) == ["AC703"]
    assert _codes(_FIGURES, [*months, _member("ytd", "month", "nope", 0), *total]) == []


def test_a_statement_of_the_same_figure_naming_no_claim_is_left_out() -> None:
    same = [_member("same", "member", "a"), _member("same", "member", "d")]
    assert _codes(_FIGURES, same) == ["AC301"]  # 100 and 120
    assert _codes(_FIGURES, [*same, _member("same", "member", "nope")]) == ["AC301"]
    assert _codes(_FIGURES, [same[0], _member("same", "member", "nope")]) == []


def test_a_share_list_with_a_share_naming_no_claim_is_not_checked() -> None:
    shares = [
        _claim("p", 60, 5) | {"percent": True, "unit": "", "raw": "60%"},
        _claim("q", 30, 6) | {"percent": True, "unit": "", "raw": "30%"},
    ]
    listed = [_member("shares", "share", "p"), _member("shares", "share", "q")]
    assert _codes(shares, listed) == ["AC206"]  # 90%, not 100%
    assert _codes(shares, [*listed, _member("shares", "share", "nope")]) == []


def test_a_count_naming_no_claim_is_skipped() -> None:
    names = [_member("count", "item", "", detail=name) for name in ("甲", "乙")]
    counted = [_claim("n", 3, 7)]
    assert _codes(counted, [_member("count", "total", "n"), *names]) == ["AC205"]
    assert _codes(counted, [_member("count", "total", "nope"), *names]) == []
