"""Start-up: a run imports only what it needs (issue 13 item 6).

Each check runs ``aircheck validate`` in a fresh interpreter (a module imported by an
earlier test would hide an eager import) and lists the heavy packages it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SEED_TABLE, SEED_TEXT

HEAVY = ("pandas", "rich", "pandera", "openpyxl", "docx", "pdfplumber", "hypothesis",
         "aircheck.text.extract")  # fmt: skip

PROBE = """
import json, sys
from click.testing import CliRunner
from aircheck.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
heavy = {heavy!r}
print(json.dumps({{"exit": result.exit_code, "loaded": [m for m in heavy if m in sys.modules]}}))
"""


def loaded_by(*args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out["exit"], out["loaded"]


def test_text_validation_loads_no_table_schema_nor_terminal_renderer() -> None:
    code, loaded = loaded_by("validate", str(SEED_TEXT), "--format", "json")
    assert code in (0, 1)
    # pandas, pandera, rich and the office readers stay out: the rules run on numpy, and
    # the built-in pack the seed matches is applied to its records
    assert loaded == ["aircheck.text.extract"]


def test_table_validation_loads_no_text_extractor() -> None:
    code, loaded = loaded_by("validate", str(SEED_TABLE), "--format", "json")
    assert code in (0, 1)
    assert loaded == ["pandas", "pandera"]  # the table; not the extractor, rich or openpyxl


def test_table_validation_reads_no_builtin_pack() -> None:
    # only a report's opening lines can match a built-in pack, so a table run loads no
    # pack module; one input needs no periods, and no waiver file no YAML schema
    unused = ("aircheck.pack_reader", "aircheck.pack_model", "aircheck.periods",
              "aircheck.yamlschema")  # fmt: skip
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.format(heavy=unused),
            "validate",
            str(SEED_TABLE),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1])["loaded"] == []


@pytest.mark.parametrize("name", ["extract_file", "claimset_to_table", "unchecked_claims"])
def test_text_package_names_load_on_first_use(name: str) -> None:
    import aircheck.text

    assert callable(getattr(aircheck.text, name))
    with pytest.raises(AttributeError):
        aircheck.text.not_a_name  # noqa: B018
