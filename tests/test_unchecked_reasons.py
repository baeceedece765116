"""An unchecked rate says why: --show-unchecked and the JSON carry the reason, in either language."""

from __future__ import annotations

import json

from click.testing import CliRunner

from aircheck.cli import main

#: a rate of an unstated plan (完成年度计划的 names no figure): it must stay unchecked, with why
TEXT = "今年共完成投资12.5亿元，完成年度计划的80.1%。\n"


def _run(tmp_path, *args):  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_text(TEXT, "utf-8")
    return CliRunner().invoke(main, ["validate", str(path), "--show-unchecked", *args])


def test_json_gives_the_reason_in_the_chosen_language(tmp_path):
    for lang, reason in (
        ("en", "no stated figure of the same dimension could be its whole"),
        ("zh", "没有同量纲的数字可作总数"),
    ):
        result = _run(tmp_path, "--format", "json", "--lang", lang)
        assert result.exit_code == 0, result.output
        rows = {row["raw"]: row["reason"] for row in json.loads(result.output)["unchecked"]}
        assert rows == {"12.5亿元": "", "80.1%": reason}


def test_terminal_list_gives_the_reason(tmp_path):
    result = _run(tmp_path, "--lang", "en")
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if "80.1%" in x)
    assert "no stated figure" in " ".join(result.output.split()) and "80.1%" in line
