"""Extraction precision and recall against the hand-made gold files.

Usage: ``python bench/extraction_score.py [--json]`` from the repository root.

* claim level (seed only): each figure the gold lists as a claim, by line and digits;
* relation level: did we find the relation the gold lists, with the right figures
  (recall over the relations a checker should find, i.e. not ``not_checkable``;
  precision over every relation we emitted that the gold could list);
* verdict level: does our check agree with the gold verdict (an abstention counts
  as ``not_checkable``), and which loud findings have no gold support (false alarms).

Gold files: ``fixtures/gold/seed.gold.csv`` and the corpus ``NN.gold.csv`` files from
``../shared/corpus``. The whole-corpus scoreboard is ``bench/real_score.py``.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aircheck.engine as engine  # noqa: E402
from aircheck.config import Settings  # noqa: E402
from aircheck.model import Severity  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
KINDS = {
    "ratio": {"ratio"},
    "part_whole": {"part_whole", "funnel"},
    "sum": {"sum", "count"},
    "count": {"count", "sum"},
    "cross_ref": {"same"},
    "funnel": {"funnel"},
}
LOUD_VERDICT = {"AC102": "rounding_convention", "AC103": "input_rounding"}
#: The rules that judge each kind of relation.
CODES_FOR = {
    "ratio": {"AC101", "AC102", "AC103"},
    "part_whole": {"AC201"},
    "sum": {"AC204", "AC205"},
    "count": {"AC205", "AC204"},
    "funnel": {"AC203"},
    "cross_ref": {"AC301"},
}
ERROR_CODES = {"AC101", "AC201", "AC203", "AC204", "AC205", "AC301"}


def _num(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().removesuffix("%")).normalize() if text.strip() else None
    except InvalidOperation:
        return None


@dataclass
class Score:
    name: str
    gold_checkable: int = 0
    found_checkable: int = 0
    ours: int = 0
    ours_matched: int = 0
    verdicts: int = 0
    verdicts_agree: int = 0
    abstain_failures: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    claims_gold: int = 0
    claims_ours: int = 0
    claims_matched: int = 0


def _documents() -> list[tuple[str, Path, Path]]:
    docs = [
        (
            "seed",
            ROOT / "fixtures" / "seed_zhengzhou_2021-06.txt",
            ROOT / "fixtures" / "gold" / "seed.gold.csv",
        )
    ]
    for gold in sorted(SHARED.glob("*.gold.csv")) if SHARED.is_dir() else []:
        prefix = gold.name.split(".")[0]
        texts = sorted(SHARED.glob(f"{prefix}_*.txt"))
        if texts:
            docs.append((prefix, texts[0], gold))
    return docs


def _line_of(text: str, quote: str) -> int:
    """Line of *quote* in the body (the corpus files' ``# source``/``# title`` lines excluded)."""
    body = 0
    while text.startswith("# ", body):
        body = text.find("\n", body) + 1
    at = text.find(quote, body)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def score(name: str, path: Path, gold_path: Path) -> Score:
    result = Score(name)
    text = path.read_text("utf-8")
    # as `aircheck validate` runs it, with the built-in packs the report matches
    claimset, options = engine.read_as_validated(path, Settings())
    report = engine.check(claimset, options)
    claims = claimset.claims.set_index("claim_id", drop=False)
    mantissa = {
        cid: Decimal(t).scaleb(-int(m)).normalize()
        for cid, t, m in zip(claims["claim_id"], claims["text"], claims["magnitude"])
    }
    at = {(int(r.line), int(r.column)): r.claim_id for r in claims.itertuples()}
    verdict_of_claim: dict[tuple[str, str], str] = {}
    loud = []
    for f in report.findings:
        if f.severity is Severity.INFO and f.code != "AC103":
            continue
        ids = [at.get((loc.line, loc.column or 0)) for loc in f.locations]
        verdict = "inconsistent" if f.code in ERROR_CODES else LOUD_VERDICT.get(f.code)
        if verdict is None:
            continue
        for cid in ids:
            if cid and verdict_of_claim.get((cid, f.code)) != "inconsistent":
                verdict_of_claim[(cid, f.code)] = verdict
        if f.severity is not Severity.INFO:
            loud.append((f, [i for i in ids if i]))
    relations = []
    for rid, group in claimset.relations.groupby("relation_id", sort=False):
        ids = [c for c in group["claim_id"] if c]
        relations.append((rid, group["kind"].iloc[0], ids))
    rows = list(csv.DictReader(gold_path.open(encoding="utf-8")))
    gold_claims = [r for r in rows if r["kind"] == "claim"]
    if gold_claims:
        ours = {
            (int(claims.loc[c, "line"]), mantissa[c])
            for c in claims["claim_id"]
            if not c.startswith("z")
        }
        gold = {(int(r["line"]), _num(r["completed"])) for r in gold_claims}
        result.claims_gold, result.claims_ours, result.claims_matched = (
            len(gold),
            len(ours),
            len(ours & gold),
        )
    matched_relations: set[str] = set()
    supported: set[str] = set()
    for row in rows:
        if row["kind"] == "claim":
            continue
        gid = row.get("claim_id") or row.get("id") or ""
        line = int(row["line"]) if row.get("line") else _line_of(text, row["quote"])
        wanted = [
            v
            for v in (_num(row["planned"]), _num(row["completed"]), _num(row["stated_rate"]))
            if v is not None
        ]
        if row["kind"] in ("sum", "count"):
            wanted = wanted[:1]
        if row["kind"] == "funnel":
            wanted = [_num(v) for v in row["note"].split(">")]
        match = None
        for rid, kind, ids in relations:
            if kind not in KINDS.get(row["kind"], set()):
                continue
            values = [mantissa[c] for c in ids]
            lines = {int(claims.loc[c, "line"]) for c in ids}
            if not Counter(wanted) - Counter(values) and (line in lines or not line):
                match = (rid, ids)
                break
        checkable = row["verdict"] != "not_checkable"
        if match:
            matched_relations.add(match[0])
            if not checkable:
                result.abstain_failures.append(gid)
        if checkable:
            result.gold_checkable += 1
            result.found_checkable += bool(match)
            if not match:
                result.missed.append(gid)
        ours = "not_checkable"
        if match:
            codes = CODES_FOR.get(row["kind"], set())
            found = {verdict_of_claim.get((c, code)) for c in match[1] for code in codes} - {None}
            ours = next(
                (
                    v
                    for v in ("inconsistent", "rounding_convention", "input_rounding")
                    if v in found
                ),
                "consistent",
            )
            if row["verdict"] in ("inconsistent", "rounding_convention", "input_rounding"):
                supported.update(match[1])
        result.verdicts += 1
        result.verdicts_agree += ours == row["verdict"]
    result.ours = len(relations)
    result.ours_matched = len(matched_relations)
    for f, ids in loud:
        if f.code == "AC403" or f.code == "AC105":
            continue
        if not ids or not set(ids) & supported:
            result.false_alarms.append(f"{f.code}@{f.locations[0].line}")
    return result


def main() -> int:
    scores = [score(*doc) for doc in _documents()]
    total = Score("total")
    for s in scores:
        for name in (
            "gold_checkable",
            "found_checkable",
            "ours",
            "ours_matched",
            "verdicts",
            "verdicts_agree",
            "claims_gold",
            "claims_ours",
            "claims_matched",
        ):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        total.false_alarms += [f"{s.name}:{x}" for x in s.false_alarms]
        total.abstain_failures += s.abstain_failures
        total.missed += s.missed
    summary = {
        "relation_recall": round(total.found_checkable / max(total.gold_checkable, 1), 3),
        "relation_precision": round(total.ours_matched / max(total.ours, 1), 3),
        "verdict_agreement": round(total.verdicts_agree / max(total.verdicts, 1), 3),
        "claim_recall_seed": round(total.claims_matched / max(total.claims_gold, 1), 3),
        "claim_precision_seed": round(total.claims_matched / max(total.claims_ours, 1), 3),
        "false_alarms": total.false_alarms,
        "checked_not_checkable": total.abstain_failures,
    }
    if "--json" in sys.argv:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"{'doc':6} {'rel.recall':>11} {'rel.prec':>9} {'verdicts':>9}  missed")
    for s in scores:
        print(
            f"{s.name:6} {s.found_checkable:>4}/{s.gold_checkable:<6} {s.ours_matched:>3}/{s.ours:<5} "
            f"{s.verdicts_agree:>3}/{s.verdicts:<5}  {' '.join(s.missed)}"
        )
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
