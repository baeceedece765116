"""Relations at the edges, for claim sets built through the API (what the text reader
and packs never produce, but a caller may): the order of findings that tie, figures
beyond float range, a figure that is not a number, relation ids that are missing or of
mixed types, and the reasons for unchecked figures when reports are checked together."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import aircheck
from aircheck.claimset import ClaimSet, claims_frame, relations_frame
from aircheck.engine import check
from aircheck.errors import AircheckError


def _claim(claim_id: str, text: str, line: int) -> dict[str, Any]:
    return dict(claim_id=claim_id, file="r.txt", line=line, column=1, end_column=len(text),
                section="", subject=claim_id, field="", raw=f"{text}起", text=text,
                value=float(text), decimals=0, magnitude=0, ulp=1.0, percent=False, unit="起",
                qualifier="", key="")  # fmt: skip


def _sum(relation: Any, total: str, *parts: str) -> list[dict[str, Any]]:
    rows = [("total", total)] + [("part", p) for p in parts]
    return [dict(relation_id=relation, kind="sum", role=role, claim_id=claim, order=0,
                 detail="") for role, claim in rows]  # fmt: skip


FIGURES = [_claim("a", "31", 1), _claim("b", "14", 2), _claim("c", "9", 3), _claim("d", "6", 4)]


def _messages(relations: pd.DataFrame, figures: list[dict[str, Any]] = FIGURES) -> list[str]:
    report = check(ClaimSet(claims_frame(figures), relations, files=["r.txt"]))
    return [f.messages["en"] for f in report.findings]


def test_sums_sharing_a_total_are_reported_in_the_order_they_were_read() -> None:
    # relation ids that sort the other way round ("t9" after "t10" as text)
    found = _messages(relations_frame(_sum("t9", "a", "b", "c", "d") + _sum("t10", "a", "c", "d")))
    assert [m.split(":")[0][-7:] for m in found] == ["3 parts", "2 parts"]


def test_figures_beyond_float_range_are_decided_exactly_and_quietly() -> None:
    huge = "9" * 400  # beyond float range: inf, and inf - inf is not a number
    figures = [_claim("a", huge, 1), _claim("b", huge, 2), _claim("c", "9", 3)]
    figures += [_claim("e", str(int(huge) + 9), 5)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on stderr
        assert len(_messages(relations_frame(_sum("x", "a", "b", "c")), figures)) == 1
        assert _messages(relations_frame(_sum("x", "e", "b", "c")), figures) == []
        # two parts within float range whose sum is not: 2 × (10^308 - 1) is the total
        big = "9" * 308
        parts = [_claim("p", big, 6), _claim("q", big, 7), _claim("t", str(2 * int(big)), 8)]
        assert _messages(relations_frame(_sum("y", "t", "p", "q")), parts) == []


def test_a_figure_that_is_not_a_number_is_refused_by_name_not_a_traceback() -> None:
    figures = [_claim("a", "31", 1) | {"text": "nan", "value": float("nan")}, *FIGURES[1:]]
    for relations in (_sum("x", "a", "b", "c"), _sum("x", "b", "a", "c")):
        with pytest.raises(AircheckError) as caught:
            _messages(relations_frame(relations), figures)
        assert (caught.value.file, caught.value.line) == ("r.txt", 1)
        assert "'a': its value is not a number" in str(caught.value)


def test_a_member_without_a_relation_id_belongs_to_no_relation() -> None:
    relations = relations_frame(_sum(None, "a", "b", "c") + _sum("x", "a", "c", "d"))
    assert len(_messages(relations)) == 1  # x: 9 + 6 is not 31; the rows without an id left out
    assert _messages(relations_frame(_sum(None, "a", "b", "c"))) == []


def test_relation_ids_of_mixed_types_are_grouped_as_pandas_groups_them() -> None:
    relations = pd.DataFrame(_sum(2, "a", "b", "c") + _sum("q", "a", "c", "d"))
    assert len(_messages(relations)) == 2


def test_reports_checked_together_keep_why_figures_were_left_unchecked() -> None:
    from conftest import FIXTURES

    may, june = FIXTURES / "seed_zhengzhou_2021-05.txt", FIXTURES / "seed_zhengzhou_2021-06.txt"
    alone = [aircheck.engine.read(p).reasons for p in (may, june)]
    together = aircheck.validate([may, june]).reasons
    assert all(alone) and len(together) == sum(len(r) for r in alone)


def test_a_rate_of_a_figure_over_4300_digits_is_checked(tmp_path: Path) -> None:
    """The rounded value of a wrong rate was sized by str() of its integer part, which
    Python refuses beyond 4,300 digits: an internal error instead of the finding."""
    path = tmp_path / "t.csv"
    path.write_text("item,planned,completed,rate\na,1," + "9" * 4300 + ",50%\n", "utf-8")
    report = aircheck.validate(path)
    [finding] = report.findings
    assert finding.code == "AC101" and "9" * 4300 in finding.message()


def test_a_figure_near_the_float_limit_in_a_unit_with_a_factor_is_quiet(tmp_path: Path) -> None:
    """10^306 公里 is 10^309 米: the bounds in base units overflow to inf (decided exactly),
    which printed a numpy RuntimeWarning on stderr."""
    path = tmp_path / "t.csv"
    rows = "item,unit,planned,completed,rate\na,公里,1" + "0" * 306 + ",5" + "0" * 305 + ",50%\n"
    path.write_text(rows, "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert aircheck.validate(path).findings == []
