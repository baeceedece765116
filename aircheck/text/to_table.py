"""Write extracted claims back in the table format of design §3 (``aircheck extract``).

A reviewer corrects the extraction in Excel and validates the table; the table must
therefore give the same findings as the text. Progress triples become ``progress``
rows, parts of wholes and funnel steps ``share`` rows, figures repeated across
sections share a ``key``. Figures are written with the digits the report printed and
their 万/亿 in the unit column (``3.13`` under ``万亩``), never through a float.
Relations the table format cannot hold (counts of listed names, sums) are not written.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..columns import COLUMNS
from ..numbers import shift
from ..render.visible import visible
from ..units import MAGNITUDE_WORDS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..claimset import ClaimSet

#: Cell starts that a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SUFFIX_QUALIFIERS = ("左右", "余", "多")


def neutralise(cell: str) -> str:
    """Control characters shown as ``\\xNN``; a quote before a cell a spreadsheet would run.

    The table goes to a terminal (standard output) or a spreadsheet, and neither may
    act on an ESC of the report; XLSX cannot even hold one.
    """
    cell = visible(cell)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _digits(claim: dict[str, Any], magnitude: int) -> str:
    """The figure's printed digits, re-expressed under *magnitude* if it differs."""
    shown = shift(Decimal(str(claim["text"])), -magnitude)
    if magnitude == int(claim["magnitude"]):  # as printed: 125.0 keeps its zero
        shown = shown.quantize(Decimal(1).scaleb(-int(claim["decimals"])))
    text = format(shown, "f")
    qualifier = str(claim["qualifier"])
    if qualifier in _SUFFIX_QUALIFIERS:
        return text + qualifier
    return qualifier + text


def _unit(claim: dict[str, Any]) -> str:
    return MAGNITUDE_WORDS.get(int(claim["magnitude"]), "") + str(claim["unit"])


def _source(claims: list[dict[str, Any]]) -> str:
    lines = sorted({int(c["line"]) for c in claims})
    return f"line {lines[0]}" if len(lines) == 1 else f"line {lines[0]}-{lines[-1]}"


def claimset_to_table(claimset: ClaimSet) -> pd.DataFrame:
    """The claim set as a table in :data:`aircheck.columns.COLUMNS` (all cells text)."""
    import pandas as pd

    claims = {row["claim_id"]: row for row in claimset.claims.to_dict("records")}
    relations = claimset.relations
    rows: list[dict[str, Any]] = []
    row_of: dict[str, int] = {}

    def add(kind: str, planned: str | None, completed: str | None, rate: str | None) -> None:
        members = [claims[c] for c in (planned, completed, rate) if c]
        figures = [claims[c] for c in (planned, completed) if c]
        magnitude = max((int(c["magnitude"]) for c in figures), default=0)
        unit = next((_unit(c) for c in figures if c["unit"]), "")
        if figures and magnitude and not unit.startswith(MAGNITUDE_WORDS[magnitude]):
            unit = MAGNITUDE_WORDS[magnitude] + unit
        head = members[0]
        rows.append(
            {
                "section": str(head["section"]),
                "item": str(head["subject"]) or f"第{head['line']}行的 {head['raw']}",
                "unit": unit,
                "planned": _digits(claims[planned], magnitude) if planned else "",
                "completed": _digits(claims[completed], magnitude) if completed else "",
                "rate": (_digits(claims[rate], 0) + "%") if rate else "",
                "kind": kind,
                "key": "",
                "source": _source(members),
                "note": "；".join(str(c["raw"]) for c in members),
            }
        )
        for c in members:
            row_of.setdefault(str(c["claim_id"]), len(rows) - 1)

    wide = {
        rid: dict(zip(group["role"], group["claim_id"]))
        for rid, group in relations.groupby("relation_id", sort=False)
    }
    kinds = relations.drop_duplicates("relation_id").set_index("relation_id")["kind"]
    for rid, roles in wide.items():
        kind = kinds[rid]
        if kind == "ratio":
            add("progress", roles.get("planned"), roles.get("completed"), roles.get("rate"))
        elif kind == "part_whole":
            add("share", roles.get("whole"), roles.get("part"), None)
    for rid in kinds.index[kinds == "funnel"]:
        stages = relations[relations["relation_id"] == rid].sort_values("order")["claim_id"]
        stages = list(stages)
        for bigger, smaller in itertools.pairwise(stages):
            add("share", bigger, smaller, None)
    # figures stated in two places: a key shared by the rows that hold them
    same = relations[relations["kind"] == "same"]
    for claim_id in same["claim_id"]:
        if claim_id not in row_of:
            claim = claims[claim_id]
            if claim["percent"]:
                add("progress", None, None, claim_id)
            else:
                add("progress", None, claim_id, None)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, group in same.groupby("relation_id"):
        ids = [row_of[c] for c in group["claim_id"]]
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        if len(members) > 1:
            key = rows[members[0]]["item"] or f"figure{members[0] + 1}"
            for i in members:
                rows[i]["key"] = key
    # every other figure, so the reviewer sees them all (bare magnitudes are still flagged)
    for claim_id, claim in claims.items():
        if claim_id not in row_of and not claim["percent"] and not claim_id.startswith("z"):
            add("progress", None, claim_id, None)
    rows.sort(key=lambda r: int(r["source"].split()[1].split("-")[0]))
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).fillna("").astype(str)
    return frame.map(neutralise)


def write_table(table: pd.DataFrame, path: str | Path) -> None:
    """Write *table* as CSV (UTF-8 with BOM, so Excel reads the Chinese), TSV or XLSX.

    The file appears complete or not at all (:func:`aircheck.outputs.replacing`): a
    failure half-way leaves an existing file as it was.
    """
    from ..errors import AircheckError
    from ..outputs import replacing

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".tsv", ""):
        raise AircheckError(
            f"cannot write a table as {suffix!r}; use .csv, .tsv or .xlsx",
            zh=f"不能写成 {suffix!r} 格式的表格；请用 .csv、.tsv 或 .xlsx",
            file=str(path),
        )
    with replacing(path) as temporary:
        if suffix == ".xlsx":
            table.to_excel(temporary, index=False, sheet_name="claims")
        else:
            sep = "\t" if suffix == ".tsv" else ","
            table.to_csv(temporary, index=False, sep=sep, encoding="utf-8-sig")
