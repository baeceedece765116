"""Project settings: every option that makes sense for a project, flags over them."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import SEED_TABLE

from aircheck.cli import main


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def settings(tmp_path, monkeypatch, text: str, name: str = "aircheck.toml") -> None:
    (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)


def test_lang_fail_on_and_format_come_from_the_settings(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, 'lang = "zh"\nfail-on = "warning"\nformat = "concise"\n')
    result = run("validate", SEED_TABLE)
    assert result.exit_code == 1  # the seed's warnings fail under fail-on = "warning"
    first = result.output.splitlines()[0]
    assert first.startswith(f"{SEED_TABLE}:1: AC105 警告 ")  # concise, in Chinese


def test_flags_override_the_settings(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, 'lang = "zh"\nfail-on = "warning"\nformat = "concise"\n')
    result = run("validate", SEED_TABLE, "--lang", "en", "--fail-on", "error", "--format", "json")
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert record["findings"][0]["message"].startswith("the document truncates its rates")


def test_rounding_in_pyproject_and_an_explicit_default_flag_over_it(tmp_path, monkeypatch):
    text = '[project]\nname = "x"\n\n[tool.aircheck]\nrounding = "truncate"\nformat = "json"\n'
    settings(tmp_path, monkeypatch, text, "pyproject.toml")
    codes = [f["code"] for f in json.loads(run("validate", SEED_TABLE).output)["findings"]]
    assert "AC102" not in codes and "AC105" not in codes  # truncation accepted
    codes = [
        f["code"]
        for f in json.loads(run("validate", SEED_TABLE, "--rounding", "either").output)["findings"]
    ]
    assert codes.count("AC102") == 5


def test_boolean_settings_have_a_flag_to_turn_them_off(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, "show-unchecked = true\nshow-fingerprints = true\n")
    shown = run("validate", SEED_TABLE, "--lang", "en", "--format", "markdown").output
    assert "Figures not checked by any rule" in shown
    hidden = run(
        "validate", SEED_TABLE, "--lang", "en", "--format", "markdown", "--no-show-unchecked"
    ).output
    assert "Figures not checked by any rule" not in hidden


def test_batch_takes_the_settings_it_has_options_for(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, 'format = "concise"\njobs = 1\nlang = "en"\n')
    (tmp_path / "a.csv").write_bytes(SEED_TABLE.read_bytes())
    table = run("batch", "a.csv", "--all")
    assert table.exit_code == 0, table.output
    assert "1 file(s): 0 failing, 0 unreadable" in table.output  # no concise form: the table
    (tmp_path / "aircheck.toml").write_text('format = "json"\n', "utf-8")
    lines = run("batch", "a.csv").output.splitlines()
    assert [json.loads(line)["file"] for line in lines] == ["a.csv"]


def test_a_bad_value_names_the_file_and_line(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, 'lang = "zh"\nfail-on = "sometimes"\n')
    result = run("validate", SEED_TABLE, "--lang", "en")
    assert result.exit_code == 2
    assert result.output == (
        f"aircheck: error: {tmp_path / 'aircheck.toml'}:2: "
        "'fail-on' is one of error, warning, info, never\n"
    )
    assert run("validate", "--help").exit_code == 0  # help still works


def test_jobs_must_be_a_positive_whole_number(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, "jobs = 0\n")
    result = run("batch", SEED_TABLE, "--lang", "en")
    assert result.exit_code == 2
    assert "aircheck.toml:1: 'jobs' is a whole number, 1 or more" in result.output


def test_an_unknown_key_is_an_error_at_its_line(tmp_path, monkeypatch):
    settings(tmp_path, monkeypatch, 'lang = "en"\n\nfail_on = "warning"\n')
    result = run("validate", SEED_TABLE, "--lang", "en")
    assert result.exit_code == 2
    assert result.output.startswith(
        f"aircheck: error: {tmp_path / 'aircheck.toml'}:3: unknown setting 'fail_on'; known: "
    )
    assert "fail-on" in result.output


def test_a_missing_settings_pack_is_reported_before_a_bad_period(tmp_path, monkeypatch):
    # the settings are read first, whatever the flags: their error is the one shown
    settings(tmp_path, monkeypatch, 'rules = ["missing.yaml"]\n')
    result = run("validate", SEED_TABLE, "--period", "bogus")
    assert result.exit_code == 2
    assert "missing.yaml: no such rule pack" in result.output
