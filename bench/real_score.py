"""The honest scoreboard: aircheck on the seed and every real report of ``../shared/corpus``.

Usage: ``python bench/real_score.py [--json] [--detail]`` from the repository root.

For each report, against its hand-checked gold file:

* **checked**: gold relations a checker should check (verdict not ``not_checkable``)
  for which aircheck emitted a relation with the same figures at the same line,
  counted separately for rates in running text, other text relations (sums, parts,
  repeated figures) and relations inside tables (a gold quote with ``|``);
* **caught**: gold ``inconsistent`` and ``rounding_convention`` relations flagged by
  an error or warning at their line with the right expected value;
* **false alarms**: every error or warning that matches no such gold relation at
  its line with the right value (the document-level AC105 summary excepted);
* **near-misses as errors**: gold ``input_rounding`` relations reported as errors.

The corpus is the development set; ``tests/test_real_score.py`` runs this over all of
it and fails on any false alarm, missed error or near-miss reported as an error, and
on recall below the floors measured here.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aircheck.engine as engine  # noqa: E402
from aircheck.config import Settings  # noqa: E402
from aircheck.model import Finding, Severity  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SEED = (
    ROOT / "fixtures" / "seed_zhengzhou_2021-06.txt",
    ROOT / "fixtures" / "gold" / "seed.gold.csv",
)
#: Our relation kinds that can stand for each gold kind.
KINDS = {
    "ratio": {"ratio"},
    "part_whole": {"part_whole", "funnel"},
    "sum": {"sum", "count", "shares"},
    "count": {"count", "sum"},
    "cross_ref": {"same"},
    "funnel": {"funnel"},
}
LOUD_GOLD = ("inconsistent", "rounding_convention")
NOT_COUNTED = {"AC105"}  # the document-level convention summary


@dataclass(slots=True)
class Gold:
    id: str
    kind: str
    line: int
    figures: list[Decimal]
    #: what a loud finding should say the figure should read (for a sum: either figure)
    expected: tuple[Decimal, ...]
    verdict: str
    table: bool


@dataclass
class DocScore:
    name: str
    checkable: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AREAS, 0))
    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AREAS, 0))
    errors: int = 0
    caught: list[str] = field(default_factory=list)
    missed_errors: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    near_miss_errors: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


#: text rates, other text relations, table relations
AREAS = ("text_rates", "text_other", "table")


def _num(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().removesuffix("%")).normalize() if text.strip() else None
    except InvalidOperation:
        return None


def _body_line(text: str, quote: str) -> int:
    """Line of *quote* in the report body (the ``# source``/``# title`` lines excluded)."""
    body = 0
    while text.startswith("# ", body):
        body = text.find("\n", body) + 1
    at = text.find(quote, body)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _expected(row: dict[str, str]) -> tuple[Decimal, ...]:
    """The value a finding on this gold relation should give: the rate rounded half-up."""
    if row["kind"] != "ratio":  # the total as the parts make it, or the parts' stated total
        return tuple(v for v in (_num(row["completed"]), _num(row["planned"])) if v is not None)
    stated, exact = row["stated_rate"].strip(), row.get("computed_rate_exact", "").strip()
    planned, completed = _num(row["planned"]), _num(row["completed"])
    if not exact and planned and completed is not None:
        exact = str(completed * 100 / planned)
    if not stated or not exact:
        return ()
    places = len(stated.partition(".")[2])
    return (Decimal(exact).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP).normalize(),)


def read_gold(path: Path, text: str) -> list[Gold]:
    lines = text.splitlines()
    rows = []
    for row in csv.DictReader(path.open(encoding="utf-8")):
        if row["kind"] == "claim":
            continue
        line = int(row["line"]) if row.get("line") else _body_line(text, row["quote"])
        if row["kind"] == "funnel":
            figures = [_num(v) for v in row["note"].split(">")]
        else:
            keys = ("planned", "completed", "stated_rate")
            figures = [_num(row[k]) for k in keys]
            if row["kind"] in ("sum", "count"):
                figures = figures[:1]
        rows.append(
            Gold(
                id=row.get("claim_id") or row.get("id") or "",
                kind=row["kind"],
                line=line,
                figures=[f for f in figures if f is not None],
                expected=_expected(row),
                verdict=row["verdict"],
                table=0 < line <= len(lines) and lines[line - 1].count("|") >= 2,
            )
        )
    return rows


def _area(gold: Gold) -> str:
    if gold.table:
        return "table"
    return "text_rates" if gold.kind == "ratio" else "text_other"


def _lines(finding: Finding) -> set[int]:
    return {loc.line for loc in finding.locations if loc.line}


def _same_value(finding: Finding, wanted: tuple[Decimal, ...]) -> bool:
    number = re.match(r"-?[\d.]+", finding.expected or "")  # 700件, 69.9
    got = _num(number.group()) if number else None
    return got is not None and got in wanted


def _covers(values: list[set[Decimal]], wanted: list[Decimal]) -> bool:
    """Each wanted figure is a reading of a different claim of the relation."""
    free = list(values)
    for figure in wanted:
        hit = next((v for v in free if figure in v), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def score(name: str, path: Path, gold_path: Path) -> DocScore:
    text = path.read_text("utf-8")
    # as `aircheck validate` runs it, with the built-in packs the report matches
    claimset, options = engine.read_as_validated(path, Settings())
    report = engine.check(claimset, options)
    claims = claimset.claims.set_index("claim_id", drop=False)
    # a gold file writes 101.5万户 as 101.5 or as 1015000: either reading matches
    readings = {
        cid: {Decimal(t).scaleb(-int(m)).normalize(), Decimal(t).normalize()}
        for cid, t, m in zip(claims["claim_id"], claims["text"], claims["magnitude"])
    }
    relations = []
    for _, group in claimset.relations.groupby("relation_id", sort=False):
        ids = [c for c in group["claim_id"] if c]
        lines = {int(claims.loc[c, "line"]) for c in ids}
        kind = group["kind"].iloc[0]
        values = [readings[c] for c in ids] + ([{Decimal(100)}] if kind == "shares" else [])
        relations.append((kind, values, lines))  # shares add up to an implied 100%
    result = DocScore(name)
    golds = read_gold(gold_path, text)
    for gold in golds:
        if gold.verdict == "not_checkable":
            continue
        area = _area(gold)
        result.checkable[area] += 1
        if any(
            kind in KINDS.get(gold.kind, set())
            and _covers(values, gold.figures)
            and gold.line in lines
            for kind, values, lines in relations
        ):
            result.checked[area] += 1
        else:
            result.unchecked.append(gold.id)
    loud = [
        f for f in report.findings if f.severity is not Severity.INFO and f.code not in NOT_COUNTED
    ]
    explained: set[int] = set()
    for gold in golds:
        if gold.verdict in LOUD_GOLD:
            result.errors += 1
            hits = [
                i
                for i, f in enumerate(loud)
                if gold.line in _lines(f) and _same_value(f, gold.expected)
            ]
            explained.update(hits)
            (result.caught if hits else result.missed_errors).append(gold.id)
        elif gold.verdict == "input_rounding" and any(
            f.severity is Severity.ERROR and gold.line in _lines(f) for f in report.findings
        ):
            result.near_miss_errors.append(gold.id)
    result.false_alarms = [
        f"{f.code}@{min(_lines(f), default=0)}: {f.message()}"
        for i, f in enumerate(loud)
        if i not in explained
    ]
    return result


def documents() -> list[tuple[str, Path, Path]]:
    docs = [("seed", *SEED)]
    for gold in sorted(SHARED.glob("*.gold.csv")) if SHARED.is_dir() else []:
        prefix = gold.name.split(".")[0]
        texts = sorted(SHARED.glob(f"{prefix}_*.txt"))
        if texts:
            docs.append((prefix, texts[0], gold))
    return docs


def score_all() -> list[DocScore]:
    return [score(*doc) for doc in documents()]


def totals(scores: list[DocScore]) -> DocScore:
    total = DocScore("total")
    for s in scores:
        for area in AREAS:
            total.checkable[area] += s.checkable[area]
            total.checked[area] += s.checked[area]
        total.errors += s.errors
        for name in ("caught", "missed_errors", "false_alarms", "near_miss_errors", "unchecked"):
            getattr(total, name).extend(f"{s.name}:{x}" for x in getattr(s, name))
    return total


def _cell(s: DocScore, area: str) -> str:
    return f"{s.checked[area]}/{s.checkable[area]}" if s.checkable[area] else "-"


def render(scores: list[DocScore], detail: bool) -> str:
    head = f"{'report':7}{'text rates':>11}{'text other':>11}{'table':>8}{'errors':>8}{'false':>6}{'near':>5}"
    out = [head]
    for s in [*scores, totals(scores)]:
        out.append(
            f"{s.name:7}{_cell(s, 'text_rates'):>11}{_cell(s, 'text_other'):>11}"
            f"{_cell(s, 'table'):>8}{len(s.caught):>4}/{s.errors:<3}{len(s.false_alarms):>6}"
            f"{len(s.near_miss_errors):>5}"
        )
        if detail and s.name != "total":
            for label, items in (
                ("missed errors", s.missed_errors),
                ("false alarms", s.false_alarms),
                ("near-misses as errors", s.near_miss_errors),
                ("unchecked", s.unchecked),
            ):
                if items:
                    out.append(f"    {label}: " + "; ".join(items))
    total = totals(scores)
    text_rates = total.checked["text_rates"] / max(total.checkable["text_rates"], 1)
    out.append(
        f"text rates checked {text_rates:.0%}; errors caught {len(total.caught)}/{total.errors}; "
        f"false alarms {len(total.false_alarms)}; near-misses as errors {len(total.near_miss_errors)}"
    )
    return "\n".join(out)


def main() -> int:
    scores = score_all()
    if "--json" in sys.argv:
        print(
            json.dumps([asdict(s) for s in [*scores, totals(scores)]], ensure_ascii=False, indent=2)
        )
    else:
        print(render(scores, "--detail" in sys.argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
