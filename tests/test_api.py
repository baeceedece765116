"""The public library API is curated and pinned."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEED_TABLE

import aircheck


def test_public_names_are_pinned():
    assert aircheck.__all__ == [
        "AircheckError",
        "Finding",
        "Location",
        "Options",
        "Report",
        "Severity",
        "__version__",
        "all_rules",
        "validate",
    ]
    for name in aircheck.__all__:
        assert getattr(aircheck, name) is not None


def test_report_api():
    report = aircheck.validate(SEED_TABLE)
    assert report.ok
    frame = report.to_frame()
    assert list(frame["code"]).count("AC102") == 5
    assert '"findings"' in report.to_json()
    assert {r.code for r in aircheck.all_rules()} >= {"AC101", "AC102", "AC201", "AC301"}


def test_import_is_lazy():
    code = "import sys, aircheck; print('pandas' in sys.modules, 'pandera' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_schemas_load_from_the_package():
    from aircheck.schema_files import load

    assert "item" in load("table").columns
    assert "claim_id" in load("claims").columns


def test_readers_produce_the_claims_schema():
    from aircheck.engine import read
    from aircheck.schema_files import load

    claimset = read(SEED_TABLE)
    load("claims").validate(claimset.claims)
    load("relations").validate(claimset.relations)


def test_validate_takes_rule_packs_by_path_or_name(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: t\nfigures:\n  done: {item: 遥感设备, field: completed}\n"
        "  all: {item: 遥感设备, field: planned}\n"
        "rules:\n  - name: done within all\n    check: done <= all\n",
        "utf-8",
    )
    table = tmp_path / "t.csv"
    table.write_text("item,unit,planned,completed,kind\n遥感设备,台,30,31,progress\n", "utf-8")
    assert "AC601" not in {f.code for f in aircheck.validate(table).findings}
    assert "AC601" in {f.code for f in aircheck.validate(table, rules=[str(pack)]).findings}
    assert aircheck.validate(table, rules=["zhengzhou-air"]).files == [str(table)]
