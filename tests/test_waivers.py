"""Waivers: a waiver silences exactly its finding; expired and unused ones are reported."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from conftest import SEED_TABLE

import aircheck
from aircheck.cli import main
from aircheck.errors import AircheckError
from aircheck.waivers import Waiver, append, apply, load


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def first_truncation():  # type: ignore[no-untyped-def]
    report = aircheck.validate(SEED_TABLE)
    return next(f for f in report.findings if f.code == "AC102")


def test_fingerprint_is_stable_when_other_parts_of_the_document_change(tmp_path):
    before = {f.fingerprint for f in aircheck.validate(SEED_TABLE).findings}
    lines = SEED_TABLE.read_text("utf-8").splitlines()
    edited = [lines[0], lines[5], *lines[1:5], *lines[6:]]  # move a row, so every line shifts
    edited[10] = edited[10].replace("10104.95", "10104.96")  # and change an unrelated figure
    path = tmp_path / "renamed.csv"
    path.write_text("\n".join(edited) + "\n", "utf-8")
    after = {f.fingerprint for f in aircheck.validate(path).findings}
    assert first_truncation().fingerprint in after
    assert len(before & after) >= len(before) - 2


def test_fingerprints_are_distinct_within_the_seed():
    findings = aircheck.validate(SEED_TABLE).findings
    assert len({f.fingerprint for f in findings}) == len(findings)


def test_a_waiver_silences_exactly_its_finding_and_the_report_says_so(tmp_path):
    target = first_truncation()
    waivers = tmp_path / "w.yaml"
    append(waivers, target.fingerprint, "truncation is this office's convention")
    result = run("validate", SEED_TABLE, "--waivers", waivers, "--format", "json")
    data = json.loads(result.output)
    assert [w["fingerprint"] for w in data["waived"]] == [target.fingerprint]
    assert data["waived"][0]["reason"] == "truncation is this office's convention"
    assert data["summary"]["waived"] == 1
    assert target.fingerprint not in [f["fingerprint"] for f in data["findings"]]
    plain = json.loads(run("validate", SEED_TABLE, "--format", "json").output)
    assert len(plain["findings"]) == len(data["findings"]) + 1
    text = run("validate", SEED_TABLE, "--waivers", waivers, "--lang", "en").output
    assert "1 finding(s) waived" in text and target.fingerprint in text
    assert "1 waived; 1 file: " in text  # the summary line counts it too
    zh = run("validate", SEED_TABLE, "--waivers", waivers, "--lang", "zh").output
    assert "已豁免 1 个；" in zh


def test_waived_errors_leave_the_exit_code(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        SEED_TABLE.read_text("utf-8").replace("57,39.82,69.8%", "57,39.82,96.8%"), "utf-8"
    )
    report = aircheck.validate(bad)
    error = next(f for f in report.findings if f.severity.value == "error")
    assert run("validate", bad).exit_code == 1
    waivers = tmp_path / ".aircheck-waivers.yaml"
    append(waivers, error.fingerprint, "figure confirmed by the office")
    assert run("validate", bad, "--waivers", waivers).exit_code == 0


def test_the_waiver_file_in_the_current_directory_is_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("waive", first_truncation().fingerprint, "--reason", "ok")
    assert result.exit_code == 0, result.output
    data = json.loads(run("validate", SEED_TABLE, "--format", "json").output)
    assert data["summary"]["waived"] == 1


def test_expired_and_unused_waivers_are_reported():
    report = aircheck.validate(SEED_TABLE)
    target = next(f for f in report.findings if f.code == "AC102")
    waivers = [
        Waiver(target.fingerprint, "old", dt.date(2021, 1, 1), "w.yaml", 3),
        Waiver("0123456789abcdef", "gone", None, "w.yaml", 6),
    ]
    count = len(report.findings)
    report = apply(report, waivers, today=dt.date(2021, 7, 1))
    codes = [f.code for f in report.findings]
    assert "AC801" in codes and "AC802" in codes
    assert target.fingerprint in [f.fingerprint for f in report.findings]  # expired: not waived
    assert len(report.findings) == count + 2 and report.waived == []
    expired = next(f for f in report.findings if f.code == "AC801")
    assert (expired.locations[0].file, expired.locations[0].line) == ("w.yaml", 3)
    assert expired.severity.value == "warning"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("waivers:\n  - fingerprint: abc\n    reason: x\n", 2, "16-character"),
        ("waivers:\n  - fingerprint: 0123456789abcdef\n", 2, "needs a reason"),
        (
            "waivers:\n  - fingerprint: 0123456789abcdef\n    reason: x\n    expires: soon\n",
            4,
            "date",
        ),
        (
            "waivers:\n  - fingerprint: 0123456789abcdef\n    reason: x\n    until: 2021-01-01\n",
            4,
            "unknown key",
        ),
        ("waivers: [\n", 2, "invalid YAML"),
    ],
)
def test_a_malformed_waiver_file_names_its_line(tmp_path, text, line, words):
    path = tmp_path / "w.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(AircheckError) as caught:
        load(path)
    assert caught.value.line == line and words in str(caught.value)
    result = run("validate", SEED_TABLE, "--waivers", path)
    assert result.exit_code == 2 and result.output.startswith(f"aircheck: error: {path}:{line}")


def test_waive_refuses_bad_input(tmp_path):
    path = tmp_path / "w.yaml"
    assert run("waive", "xyz", "--reason", "r", "--waivers", path).exit_code == 2
    assert run("waive", "0123456789abcdef", "--reason", " ", "--waivers", path).exit_code == 2
    assert run("waive", "0123456789abcdef", "--reason", "r", "--waivers", path).exit_code == 0
    assert run("waive", "0123456789abcdef", "--reason", "r", "--waivers", path).exit_code == 2
    assert [w.fingerprint for w in load(path)] == ["0123456789abcdef"]


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "waivers:\n", "waivers: []\n"])
def test_an_empty_waiver_file_waives_nothing(tmp_path, text):
    path = tmp_path / "w.yaml"
    path.write_text(text, "utf-8")
    assert load(path) == []


WAIVER_ERRORS = {
    "- fingerprint: 0123456789abcdef\n": ("1:1", "expected a mapping here, got list"),
    "waiver: []\n": ("1:1", "unknown key 'waiver'; allowed: waivers"),
    "waivers:\n  - just text\n": ("2:5", "expected a mapping here, got str"),
    "waivers:\n  - fingerprint: 0123456789abcdef\n    reason: ' '\n": ("3:5", "needs a reason"),
    "waivers:\n  - fingerprint: 0123456789abcdef0\n    reason: r\n": ("2:5", "16-character"),
}


@pytest.mark.parametrize("text", WAIVER_ERRORS)
def test_waiver_file_errors_name_the_place(tmp_path, text):
    where, words = WAIVER_ERRORS[text]
    path = tmp_path / "w.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(AircheckError, match=re.escape(words)) as caught:
        load(path)
    assert caught.value.where() == f"{path}:{where}" and caught.value.zh


def test_a_waiver_reads_its_fields(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(
        "waivers:\n  - fingerprint: 0123456789abcdef\n    reason: ' 已核实 '\n"
        "    expires: 2021-12-31\n    code: AC102\n",
        "utf-8",
    )
    (waiver,) = load(path)
    assert (waiver.fingerprint, waiver.reason, waiver.line) == ("0123456789abcdef", "已核实", 2)
    assert waiver.expires == dt.date(2021, 12, 31) and waiver.file == str(path)
