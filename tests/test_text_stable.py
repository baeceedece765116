"""Text extraction gives the same claims, relations and findings as when the snapshot was
taken: every text fixture, every text and table case, generated report text and the real
corpus (issue 13: the extractor was made faster, its results must not move).

Each input is reduced to one SHA-256 of its claims, relations, which claims are left
unchecked, and its findings (rule, severity, places, stated and expected values), stored
in ``tests/snapshots/text_stable.json`` (a hash, so no corpus text is committed). Wording
is left out (messages, fixes, the reasons for an unchecked figure, a relation's
``detail`` evidence): other work rewrites it, and it follows from the figures and
relations compared. After an intended change of results, re-take the snapshot with
``AIRCHECK_SNAPSHOT=update .venv/bin/pytest tests/test_text_stable.py`` and say why in
the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, SHARED_CORPUS

import aircheck.engine as engine
from aircheck.config import Settings
from aircheck.model import Finding

SNAPSHOT = Path(__file__).parent / "snapshots" / "text_stable.json"
CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("AIRCHECK_SNAPSHOT") == "update"


def digest(path: Path) -> str:
    """One hash of everything ``aircheck validate`` reads and finds in *path*."""
    claimset, options = engine.read_as_validated(path, Settings())
    report = engine.check(claimset, options)
    parts = {
        "claims": claimset.claims.to_csv(index=False),
        "relations": claimset.relations.drop(columns="detail").to_csv(index=False),
        "unchecked": sorted(claimset.reasons),
        "findings": [_finding(f) for f in report.findings],
        "convention": report.convention,
        "stats": report.stats,
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    text = text.replace(str(path), path.name)  # the same wherever the file lies
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _finding(finding: Finding) -> dict[str, object]:
    out = finding.to_dict("en")
    out.pop("message")
    out.pop("fix", None)
    out["fixes"] = len(finding.fixes)
    return out


def _case_texts() -> Iterator[tuple[str, str]]:
    """(name, text) of every case: text cases' pass and fail texts, table cases and changes."""
    for path in sorted((CASES / "text").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for kind in ("pass", "fail"):
            for n, case in enumerate(data.get(kind) or [], start=1):
                yield f"cases/text/{path.stem}/{kind}-{n}", case["text"]
    for path in sorted((CASES / "tables").glob("*.yaml")):
        case = yaml.safe_load(path.read_text("utf-8"))
        yield f"cases/tables/{path.stem}/clean", case["text"]
        for n, changed in enumerate(case.get("changed") or [], start=1):
            old, new = changed["replace"]
            yield f"cases/tables/{path.stem}/changed-{n}", case["text"].replace(old, new)


def _generated() -> Iterator[tuple[str, str]]:
    """Report text in the seed's phrasing (bench/generate.py): what the bench measures."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import report_text, text_of_size  # type: ignore[import-not-found]

    yield "generated/text_100000_0", text_of_size(100_000, seed=0)
    for seed in range(3):
        yield f"generated/report_40_{seed}", report_text(40, seed=seed)


def _fixture_files() -> list[Path]:
    return sorted(
        p
        for p in FIXTURES.rglob("*")
        if p.suffix in engine.TEXT_SUFFIXES and p.name.lower() != "readme.md"
    )


def current(tmp: Path) -> dict[str, str]:
    """The digest of every input available here (the corpus only where it is present)."""
    out = {f"fixtures/{p.relative_to(FIXTURES)}": digest(p) for p in _fixture_files()}
    for name, text in [*_case_texts(), *_generated()]:
        path = tmp / "report.txt"
        path.write_text(text, "utf-8")
        out[name] = digest(path)
    if SHARED_CORPUS.is_dir():
        for path in sorted(SHARED_CORPUS.glob("*.txt")):
            out[f"corpus/{path.name}"] = digest(path)
    return out


def test_extraction_is_unchanged(tmp_path: Path) -> None:
    got = current(tmp_path)
    if UPDATE:
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", "utf-8")
    stored: dict[str, str] = json.loads(SNAPSHOT.read_text("utf-8"))
    corpus = {k for k in stored if k.startswith("corpus/")}
    if not SHARED_CORPUS.is_dir():
        stored = {k: v for k, v in stored.items() if k not in corpus}
    changed = sorted(k for k in stored.keys() & got.keys() if stored[k] != got[k])
    assert changed == [], f"results changed for {len(changed)} input(s): {changed}"
    assert sorted(got.keys() - stored.keys()) == [], "inputs not in the snapshot"
    assert sorted(stored.keys() - got.keys()) == [], "inputs in the snapshot are gone"
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{len(corpus)} corpus reports not compared: {SHARED_CORPUS} is absent")


def test_a_changed_figure_changes_the_digest(tmp_path: Path) -> None:
    """The digest sees one changed figure (else the snapshot could never fail)."""
    path = tmp_path / "report.txt"
    path.write_text("（一）计划建设10个，已完成8个，完成率80%。\n", "utf-8")
    before = digest(path)
    path.write_text("（一）计划建设10个，已完成8个，完成率81%。\n", "utf-8")
    assert digest(path) != before
