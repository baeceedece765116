"""``extract`` then ``validate`` of the table gives the findings of the text; coverage lists."""

from __future__ import annotations

import pytest
from conftest import SEED_TEXT, SHARED_CORPUS

import aircheck.engine as engine
from aircheck.columns import COLUMNS
from aircheck.model import Severity
from aircheck.text import claimset_to_table, extract_file, unchecked_claims
from aircheck.text.to_table import neutralise

LOUD = (Severity.ERROR, Severity.WARNING)


def loud(report):  # type: ignore[no-untyped-def]
    return sorted(
        (f.code, (f.stated or "").split(" ")[0].rstrip("万亿"))
        for f in report.findings
        if f.severity in LOUD
    )


@pytest.mark.parametrize(
    "source",
    [SEED_TEXT, SHARED_CORPUS / "01_yaan-rural-roads-2015.txt"],
    ids=["seed", "corpus01"],
)
def test_table_of_a_text_gives_the_same_findings(tmp_path, source):
    if not source.is_file():
        pytest.skip(f"{source.name} is not available (../shared/corpus absent)")
    table = claimset_to_table(extract_file(source))
    assert tuple(table.columns) == COLUMNS
    path = tmp_path / "table.csv"
    table.to_csv(path, index=False)
    assert loud(engine.validate(path)) == loud(engine.validate(source))


def test_table_keeps_digits_and_magnitude_units():
    table = claimset_to_table(engine.read_as_validated(SEED_TEXT)[0])  # as `aircheck extract`
    row = table[table["rate"] == "128.7%"].iloc[0]
    assert (row["planned"], row["completed"], row["unit"], row["kind"]) == (
        "3.13",
        "4.03",
        "万亩",
        "progress",
    )
    assert row["key"] != ""
    repeated = table[(table["key"] == row["key"]) & (table["completed"] == "4.03")]
    assert len(repeated) == 2


def test_a_changed_repeat_is_caught_in_the_table_too(tmp_path):
    text = SEED_TEXT.read_text("utf-8").replace("约 17417 亩", "约 16417 亩")
    source = tmp_path / "r.txt"
    source.write_text(text, "utf-8")
    path = tmp_path / "t.csv"
    claimset_to_table(engine.read_as_validated(source)[0]).to_csv(path, index=False)
    assert "AC301" in {f.code for f in engine.validate(path).findings}


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\t=x"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_unchecked_claims_are_listed_with_their_place():
    report = engine.validate(SEED_TEXT)
    unchecked = unchecked_claims(report)
    assert len(unchecked) == report.stats["unchecked"]
    assert "101.76 亿" in set(unchecked["raw"])
    assert "39.82公里" not in set(unchecked["raw"])
    assert list(unchecked["line"]) == sorted(unchecked["line"])
