"""The JSON findings of every table input stay what they were before the columnar core
(issue 13 items 1–4 rebuild claims and relations; what a user reads must not move).

Compared: each table fixture (``fixtures/*.csv``, the variants, an XLSX written from
the seed table), the two seed months validated together, and generated bench tables
of 10^4 rows (``bench/generate.py``, two seeds, each whole), as the JSON report
``aircheck.validate(...).to_dict()`` gives it: summary (counts, convention, claims,
checked, relations by kind) and every finding's code, rule, severity, message, places,
stated and expected values and fingerprint. An input that cannot be read is compared
by its error. The real corpus (``../shared/corpus``, skipped where absent) is compared
by one SHA-256 per report of its sorted findings, so no report text is committed.

Snapshot: ``tests/snapshots/findings_stable.json``. After an intended change of
findings, re-take it with ``AIRCHECK_SNAPSHOT=update .venv/bin/pytest
tests/test_findings_stable.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, SHARED_CORPUS, VARIANTS

import aircheck
from aircheck.errors import AircheckError

SNAPSHOT = Path(__file__).parent / "snapshots" / "findings_stable.json"
UPDATE = os.environ.get("AIRCHECK_SNAPSHOT") == "update"
GENERATED_ROWS = 10_000


def report_of(sources: Any) -> dict[str, Any]:
    """The JSON report of *sources*, file paths reduced to their names."""
    try:
        report = aircheck.validate(sources)
    except AircheckError as exc:
        return {"error": str(exc).replace(str(FIXTURES), "")}
    text = report.to_json(indent=None)
    for source in sources if isinstance(sources, list) else [sources]:
        text = text.replace(json.dumps(str(source))[1:-1], Path(source).name)
    out: dict[str, Any] = json.loads(text)
    out["summary"].pop("files", None)
    return out


def table_inputs(tmp: Path) -> dict[str, Any]:
    """Name -> what to validate, for every table input compared in full."""
    inputs: dict[str, Any] = {}
    for path in sorted([*FIXTURES.glob("*.csv"), *VARIANTS.glob("*.csv")]):
        inputs[str(path.relative_to(FIXTURES))] = path
    inputs["seed months together"] = [
        FIXTURES / "seed_table_2021-05.csv",
        FIXTURES / "seed_table.csv",
    ]
    inputs["seed_table.xlsx"] = _xlsx_of(FIXTURES / "seed_table.csv", tmp / "seed_table.xlsx")
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate_table

    for seed in (0, 1):
        path = tmp / f"generated_{GENERATED_ROWS}_{seed}.csv"
        generate_table(GENERATED_ROWS, seed=seed).write(path)
        inputs[f"generated {GENERATED_ROWS} rows, seed {seed}"] = path
    return inputs


def _xlsx_of(csv_path: Path, target: Path) -> Path:
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(target)
    return target


def corpus_digests() -> dict[str, str]:
    """Per real report: a SHA-256 of its sorted JSON findings (no report text stored)."""
    digests = {}
    for path in sorted(SHARED_CORPUS.glob("*.txt")):
        findings = report_of(path).get("findings", [])
        listed = sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in findings)
        digests[path.name] = hashlib.sha256("\n".join(listed).encode("utf-8")).hexdigest()
    return digests


def _stored() -> dict[str, Any]:
    if not SNAPSHOT.exists():
        return {}
    stored: dict[str, Any] = json.loads(SNAPSHOT.read_text("utf-8"))
    return stored


def _save(section: str, values: dict[str, Any]) -> None:
    stored = _stored()
    stored[section] = values
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(
        json.dumps(stored, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )


def test_table_findings_are_unchanged(tmp_path: Path) -> None:
    got = {name: report_of(source) for name, source in table_inputs(tmp_path).items()}
    if UPDATE:
        _save("tables", got)
    expected = _stored().get("tables")
    assert expected is not None, "no snapshot: run with AIRCHECK_SNAPSHOT=update"
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name
    # the snapshot is of real work: the generated tables' injected errors are in it
    assert len(expected[f"generated {GENERATED_ROWS} rows, seed 0"]["findings"]) >= 10


def test_corpus_findings_are_unchanged() -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus (the real reports) is not available")
    got = corpus_digests()
    if UPDATE:
        _save("corpus", got)
    expected = _stored().get("corpus")
    assert expected is not None, "no corpus snapshot: run with AIRCHECK_SNAPSHOT=update"
    changed = [
        name for name in sorted(set(got) | set(expected)) if got.get(name) != expected.get(name)
    ]
    assert not changed, f"findings changed for {changed}"
