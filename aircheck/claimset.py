"""Claims and relations: the one shape every reader produces and every rule reads.

A *claim* is one stated figure (its exact text, value, precision, unit, qualifier
and place); a *relation* says how claims must relate (ratio, part_whole, funnel,
sum, same, count), stored long: one row per (relation, role, claim).
A metric table implies them column by column; the text extractor emits them from
sentences. Both end here, so the rules never care where a figure came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .columns import KINDS, NUMERIC_COLUMNS
from .model import Finding, Location, Severity
from .numbers import parse_column
from .units import split_magnitude

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .tables import Table

CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "str",
    "file": "str",
    "line": "int64",
    "column": "int64",
    "end_column": "int64",
    "section": "str",
    "subject": "str",
    "field": "str",
    "raw": "str",
    "text": "str",
    "value": "float64",
    "decimals": "int64",
    "magnitude": "int64",
    "ulp": "float64",
    "percent": "bool",
    "unit": "str",
    "qualifier": "str",
    "key": "str",
}
RELATION_COLUMNS: dict[str, str] = {
    "relation_id": "str",
    "kind": "str",
    "role": "str",
    "claim_id": "str",
    "order": "int64",
    "detail": "str",
}


@dataclass(slots=True)
class ClaimSet:
    """Everything read from one or more inputs, ready for the rules."""

    claims: pd.DataFrame
    relations: pd.DataFrame
    files: list[str]
    findings: list[Finding] = field(default_factory=list)
    unchecked_rows: int = 0

    @classmethod
    def empty(cls) -> ClaimSet:
        return cls(claims_frame([]), relations_frame([]), [])


def claims_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Build a claims table in the canonical column order and dtypes."""
    import pandas as pd

    frame = pd.DataFrame(records, columns=list(CLAIM_COLUMNS))
    return frame.astype(CLAIM_COLUMNS)


def relations_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(records, columns=list(RELATION_COLUMNS))
    return frame.astype(RELATION_COLUMNS)


def concat(sets: list[ClaimSet]) -> ClaimSet:
    """Join claim sets read from several inputs (ids must already be unique)."""
    import pandas as pd

    if not sets:
        return ClaimSet.empty()
    if len(sets) == 1:
        return sets[0]
    claims = pd.concat(
        [s.claims.assign(claim_id=f"f{i}:" + s.claims["claim_id"]) for i, s in enumerate(sets)],
        ignore_index=True,
    )
    relations = pd.concat(
        [
            s.relations.assign(
                claim_id=s.relations["claim_id"].where(
                    s.relations["claim_id"] == "", f"f{i}:" + s.relations["claim_id"]
                ),
                relation_id=f"f{i}:" + s.relations["relation_id"],
            )
            for i, s in enumerate(sets)
        ],
        ignore_index=True,
    )
    return ClaimSet(
        claims=claims.astype(CLAIM_COLUMNS),
        relations=relations.astype(RELATION_COLUMNS),
        files=[f for s in sets for f in s.files],
        findings=[f for s in sets for f in s.findings],
        unchecked_rows=sum(s.unchecked_rows for s in sets),
    )


def from_table(table: Table) -> ClaimSet:
    """Turn each row's planned/completed/rate cells into claims and implied relations."""
    import pandas as pd

    frame = table.frame
    columns_at = frame.attrs.get("column_numbers", {})
    findings: list[Finding] = []
    parts: list[pd.DataFrame] = []
    row_ids = "r" + frame["line"].astype(str)
    subject = frame["item"]
    for name in NUMERIC_COLUMNS:
        parsed = parse_column(frame[name])
        bad = parsed["present"] & ~parsed["ok"]
        if bad.any():
            findings.extend(_unreadable(table, frame[bad], name, columns_at.get(name, 0)))
        good = parsed["present"] & parsed["ok"]
        if name == "rate":
            unit = pd.Series("%", index=frame.index)
        else:
            unit = _apply_column_unit(parsed, frame["unit"])
        part = pd.DataFrame(
            {
                "claim_id": row_ids + ":" + name,
                "file": table.file,
                "line": frame["line"],
                "column": columns_at.get(name, 0),
                "end_column": columns_at.get(name, 0),
                "section": frame["section"],
                "subject": subject,
                "field": name,
                "raw": frame[name],
                "text": parsed["text"],
                "value": parsed["value"],
                "decimals": parsed["decimals"],
                "magnitude": parsed["magnitude"],
                "ulp": parsed["ulp"],
                "percent": parsed["percent"] | (name == "rate"),
                "unit": unit,
                "qualifier": parsed["qualifier"],
                "key": frame["key"],
            }
        )[good]
        parts.append(part)
    claims = pd.concat(parts, ignore_index=True).astype(CLAIM_COLUMNS)
    claims = claims.sort_values(["line", "field"], kind="stable", ignore_index=True)

    relations: list[pd.DataFrame] = []
    kind = frame["kind"].map(KINDS).fillna("progress")
    present = {
        name: set(claims.loc[claims["field"] == name, "claim_id"]) for name in NUMERIC_COLUMNS
    }
    for role in NUMERIC_COLUMNS:
        ids = row_ids + ":" + role
        mask = ids.isin(present[role]) & (kind == "progress")
        relations.append(_relation_rows(row_ids[mask] + "~ratio", "ratio", role, ids[mask]))
    for role, source in (("whole", "planned"), ("part", "completed")):
        ids = row_ids + ":" + source
        mask = ids.isin(present[source]) & (kind == "share")
        relations.append(_relation_rows(row_ids[mask] + "~share", "part_whole", role, ids[mask]))
    share_rates = (row_ids + ":rate").isin(present["rate"]) & (kind == "share")
    for role, source in (("completed", "completed"), ("planned", "planned"), ("rate", "rate")):
        ids = row_ids + ":" + source
        mask = share_rates & ids.isin(present[source])
        relations.append(_relation_rows(row_ids[mask] + "~ratio", "ratio", role, ids[mask]))
    keyed = claims[claims["key"].str.strip() != ""]
    if not keyed.empty:
        group = "key:" + keyed["key"].str.strip() + ":" + keyed["field"]
        sizes = group.map(group.value_counts())
        keep = sizes >= 2
        relations.append(_relation_rows(group[keep], "same", "member", keyed["claim_id"][keep]))
    rel = pd.concat(relations, ignore_index=True).astype(RELATION_COLUMNS)
    return ClaimSet(claims=claims, relations=rel, files=[table.file], findings=findings)


def _apply_column_unit(parsed: pd.DataFrame, column_unit: pd.Series) -> pd.Series:
    """Use the unit column where a cell has no unit of its own; fold its 万/亿 into the value.

    ``3.2`` under a unit column ``万千瓦`` is 32000 千瓦 stated to 0.1 万 (ulp 1000).
    """
    from decimal import Decimal

    split = {u: split_magnitude(u) for u in column_unit.unique()}
    column_power = column_unit.map(lambda u: split[u][0])
    column_base = column_unit.map(lambda u: split[u][1])
    own_unit = parsed["unit"] != ""
    extra = column_power.where(~own_unit & (parsed["magnitude"] == 0), 0).astype("int64")
    scaled = (extra > 0) & parsed["ok"] & parsed["present"]
    if scaled.any():
        factor = 10.0 ** extra[scaled]
        parsed.loc[scaled, "value"] = parsed.loc[scaled, "value"] * factor
        parsed.loc[scaled, "ulp"] = parsed.loc[scaled, "ulp"] * factor
        parsed.loc[scaled, "magnitude"] = parsed.loc[scaled, "magnitude"] + extra[scaled]
        parsed.loc[scaled, "text"] = [
            str(Decimal(t).scaleb(int(k)))
            for t, k in zip(parsed.loc[scaled, "text"], extra[scaled])
        ]
    return parsed["unit"].where(own_unit, column_base)


def _relation_rows(
    relation_ids: pd.Series, kind: str, role: str, claim_ids: pd.Series
) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "relation_id": relation_ids.to_numpy(),
            "kind": kind,
            "role": role,
            "claim_id": claim_ids.to_numpy(),
            "order": 0,
            "detail": "",
        }
    )


def _unreadable(table: Table, rows: pd.DataFrame, column: str, column_number: int) -> list[Finding]:
    findings = []
    for line, raw in zip(rows["line"], rows[column]):
        findings.append(
            Finding(
                code="AC501",
                rule="unreadable-cell",
                severity=Severity.ERROR,
                messages={
                    "en": f"cell {column!r} holds {raw!r}, which is not a number; the row's other figures are still checked",
                    "zh": f"“{column}”列的 {raw!r} 不是数字；该行其余数字照常检查",
                },
                locations=[Location(table.file, int(line), column_number or None, str(raw))],
                stated=str(raw),
                fixes={
                    "en": "write a number such as 69.8 or 69.8%",
                    "zh": "填写数字，如 69.8 或 69.8%",
                },
            )
        )
    return findings
