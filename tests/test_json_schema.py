"""docs/report.schema.json describes --format json exactly: real outputs pass, drift fails."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SEED_TABLE, SEED_TEXT

import aircheck
from aircheck.cli import main
from aircheck.waivers import Waiver, append, apply

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))
SEED_DOCX = FIXTURES / "seed_zhengzhou_2021-06.docx"
SEED_PDF = FIXTURES / "seed_zhengzhou_2021-06.pdf"
SEED_MAY = FIXTURES / "seed_zhengzhou_2021-05.txt"


def errors(instance: Any, definition: str | None = None) -> list[str]:
    """Schema violations of *instance*: the whole report, or one of the schema's $defs."""
    schema = SCHEMA
    if definition is not None:  # only the definition, with the $defs it refers to
        schema = {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "sources",
    [[SEED_TABLE], [SEED_TEXT], [SEED_DOCX], [SEED_PDF], [SEED_MAY, SEED_TEXT]],
    ids=lambda sources: "+".join(s.suffix for s in sources),
)
def test_seed_outputs_validate(sources: list[Path], lang: str) -> None:
    report = aircheck.validate([str(s) for s in sources])
    data = json.loads(report.to_json(lang))
    assert data["findings"], "the seed has findings: the test would prove nothing otherwise"
    assert errors(data) == []


@pytest.mark.parametrize("source", [SEED_TABLE, SEED_TEXT], ids=["table", "text"])
def test_report_with_waived_findings_validates(source: Path) -> None:
    report = aircheck.validate(str(source))
    waivers = [
        Waiver(report.findings[1].fingerprint, "office convention", None, "w.yaml", 1),
        Waiver("0123456789abcdef", "matches nothing", None, "w.yaml", 2),
        Waiver(report.findings[2].fingerprint, "old", dt.date(2020, 1, 1), "w.yaml", 3),
    ]
    data = json.loads(apply(report, waivers, today=dt.date(2021, 7, 1)).to_json("zh"))
    assert len(data["waived"]) == 1 and data["summary"]["waived"] == 1
    assert {"AC801", "AC802"} <= {f["code"] for f in data["findings"]}
    assert errors(data) == []


def test_cli_json_with_waivers_and_unchecked_validates(tmp_path: Path) -> None:
    target = aircheck.validate(str(SEED_TABLE)).findings[1]
    waivers = tmp_path / "w.yaml"
    append(waivers, target.fingerprint, "truncation is this office's convention")
    args = ["validate", SEED_TABLE, "--format", "json", "--waivers", waivers, "--show-unchecked"]
    result = CliRunner().invoke(main, [str(a) for a in args])
    data = json.loads(result.output)
    assert data["waived"][0]["fingerprint"] == target.fingerprint
    assert data["unchecked"], "the seed table has unchecked figures"
    assert errors(data) == []


def test_batch_records_validate(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    args = ["batch", SEED_TABLE, SEED_TEXT, broken, "--format", "json", "-q", "--jobs", "1"]
    result = CliRunner().invoke(main, [str(a) for a in args])
    records = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert [r["exit_code"] for r in records] == [0, 0, 2]
    for record in records:
        assert errors(record, "batchRecord") == []


def test_drift_is_caught() -> None:
    """The schema is closed: a renamed, missing or mistyped field fails validation."""
    good = json.loads(aircheck.validate(str(SEED_TEXT)).to_json("en"))

    def broken(change: Any) -> dict[str, Any]:
        data = copy.deepcopy(good)
        change(data)
        return data

    cases = [
        lambda d: d.pop("version"),
        lambda d: d["findings"][1].update(severity="fatal"),
        lambda d: d["findings"][1].update(fingerprint="xyz"),
        lambda d: d["findings"][1].update(extra=1),
        lambda d: d["findings"][1]["locations"][0].update(column=0),
        lambda d: d["findings"][1]["locations"][0].pop("line"),
        lambda d: d["summary"].update(convention="rounded"),
        lambda d: d["summary"]["counts"].pop("info"),
        lambda d: d.update(waived=[{**d["findings"][1]}]),  # a waived finding needs a reason
    ]
    for change in cases:
        assert errors(broken(change)), change
