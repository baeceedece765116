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
from .numbers import parse_column, shift
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
    #: for a PDF, the page of each line (line n is ``pages[file][n - 1]``)
    pages: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: why a figure was left unchecked, by claim id (English and Chinese, see i18n.bilingual)
    reasons: dict[str, str] = field(default_factory=dict)

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
        pages={file: pages for s in sets for file, pages in s.pages.items()},
        reasons={f"f{i}:{k}": v for i, s in enumerate(sets) for k, v in s.reasons.items()},
    )


def from_table(table: Table) -> ClaimSet:
    """Turn each row's planned/completed/rate cells into claims and implied relations.

    Works on numpy object arrays, not pandas string columns: at a million rows every
    per-element string operation on a pandas ``str`` column cost about a second.
    Claim ids are ``r<line>:<field>``; claims come out sorted by line, then field.
    """
    import numpy as np
    import pandas as pd

    frame = table.frame
    columns_at = frame.attrs.get("column_numbers", {})
    findings: list[Finding] = []
    lines = frame["line"].to_numpy(dtype="int64")
    row_ids = "r" + lines.astype(str).astype(object)
    ids = {name: row_ids + f":{name}" for name in NUMERIC_COLUMNS}  # built once, used often
    ratio_ids, share_ids = row_ids + "~ratio", row_ids + "~share"
    text = {c: frame[c].to_numpy(dtype=object) for c in ("section", "item", "unit", "key")}
    good: dict[str, np.ndarray] = {}
    parts: list[dict[str, Any]] = []
    for name in NUMERIC_COLUMNS:
        parsed = parse_column(frame[name])
        bad = (parsed["present"] & ~parsed["ok"]).to_numpy()
        if bad.any():
            findings.extend(_unreadable(table, frame[bad], name, columns_at.get(name, 0)))
        mask = (parsed["present"] & parsed["ok"]).to_numpy()
        good[name] = mask
        if name == "rate":
            unit = np.full(len(frame), "%", dtype=object)
        else:
            unit = _apply_column_unit(parsed, frame["unit"]).to_numpy(dtype=object)
        parts.append(
            {
                "claim_id": ids[name][mask],
                "line": lines[mask],
                "column": columns_at.get(name, 0),
                "end_column": columns_at.get(name, 0),
                "section": text["section"][mask],
                "subject": text["item"][mask],
                "field": name,
                "raw": frame[name].to_numpy(dtype=object)[mask],
                "text": parsed["text"].to_numpy(dtype=object)[mask],
                "value": parsed["value"].to_numpy()[mask],
                "decimals": parsed["decimals"].to_numpy()[mask],
                "magnitude": parsed["magnitude"].to_numpy()[mask],
                "ulp": parsed["ulp"].to_numpy()[mask],
                "percent": parsed["percent"].to_numpy()[mask] | (name == "rate"),
                "unit": unit[mask],
                "qualifier": parsed["qualifier"].to_numpy(dtype=object)[mask],
                "key": text["key"][mask],
            }
        )
    claims = _claims_in_order(parts, table.file)

    kind = frame["kind"].map(KINDS).fillna("progress").to_numpy(dtype=object)
    progress, share = kind == "progress", kind == "share"
    relations: list[pd.DataFrame] = []
    for role in NUMERIC_COLUMNS:
        mask = good[role] & progress
        relations.append(_relation_rows(ratio_ids[mask], "ratio", role, ids[role][mask]))
    for role, source in (("whole", "planned"), ("part", "completed")):
        mask = good[source] & share
        relations.append(_relation_rows(share_ids[mask], "part_whole", role, ids[source][mask]))
    share_rates = good["rate"] & share
    for role in ("completed", "planned", "rate"):
        mask = share_rates & good[role]
        relations.append(_relation_rows(ratio_ids[mask], "ratio", role, ids[role][mask]))
    key = claims["key"].to_numpy(dtype=object)
    keyed = np.flatnonzero(key != "")
    if len(keyed):
        stripped = np.array([k.strip() for k in key[keyed]], dtype=object)
        group = "key:" + stripped + ":" + claims["field"].to_numpy(dtype=object)[keyed]
        group = pd.Series(group)
        sizes = group.map(group.value_counts()).to_numpy()
        keep = (sizes >= 2) & (stripped != "")
        relations.append(
            _relation_rows(
                group.to_numpy()[keep],
                "same",
                "member",
                claims["claim_id"].to_numpy(dtype=object)[keyed][keep],
            )
        )
    rel = pd.concat(relations, ignore_index=True).astype(RELATION_COLUMNS)
    return ClaimSet(claims=claims, relations=rel, files=[table.file], findings=findings)


def _claims_in_order(parts: list[dict[str, Any]], file: str) -> pd.DataFrame:
    """One claims frame from per-field parts, sorted by line, then field name."""
    import numpy as np
    import pandas as pd

    sizes = [len(p["line"]) for p in parts]
    columns: dict[str, Any] = {}
    for name in CLAIM_COLUMNS:
        if name == "file":
            continue
        pieces = [
            p[name] if isinstance(p[name], np.ndarray) else np.full(n, p[name])
            for p, n in zip(parts, sizes)
        ]
        columns[name] = np.concatenate(pieces) if pieces else np.array([], dtype=object)
    field_rank = {f: i for i, f in enumerate(sorted(NUMERIC_COLUMNS))}
    ranks = np.concatenate([np.full(n, field_rank[p["field"]]) for p, n in zip(parts, sizes)])
    order = np.lexsort((ranks, columns["line"]))  # stable: line, then field
    ordered = {name: values[order] for name, values in columns.items()}
    ordered["file"] = np.full(len(order), file, dtype=object)
    frame = pd.DataFrame({name: ordered[name] for name in CLAIM_COLUMNS})
    return frame.astype(CLAIM_COLUMNS)


def _apply_column_unit(parsed: pd.DataFrame, column_unit: pd.Series) -> pd.Series:
    """Use the unit column where a cell has no unit of its own; fold its 万/亿 into the value.

    ``3.2`` under a unit column ``万千瓦`` is 32000 千瓦 stated to 0.1 万 (ulp 1000).
    """
    from decimal import Decimal

    import numpy as np
    import pandas as pd

    codes, names = pd.factorize(column_unit.to_numpy(dtype=object))
    split = [split_magnitude(str(u)) for u in names]
    powers = np.array([p for p, _ in split] + [0], dtype="int64")
    bases = np.array([b for _, b in split] + [""], dtype=object)
    column_power = pd.Series(powers[codes], index=parsed.index)
    column_base = pd.Series(bases[codes], index=parsed.index)
    own_unit = parsed["unit"] != ""
    extra = column_power.where(~own_unit & (parsed["magnitude"] == 0), 0).astype("int64")
    scaled = (extra > 0) & parsed["ok"] & parsed["present"]
    if scaled.any():
        factor = 10.0 ** extra[scaled]
        parsed.loc[scaled, "value"] = parsed.loc[scaled, "value"] * factor
        parsed.loc[scaled, "ulp"] = parsed.loc[scaled, "ulp"] * factor
        parsed.loc[scaled, "magnitude"] = parsed.loc[scaled, "magnitude"] + extra[scaled]
        memo: dict[tuple[str, int], str] = {}  # figures repeat: scale each distinct one once
        texts = []
        for t, k in zip(parsed.loc[scaled, "text"].tolist(), extra[scaled].tolist()):
            scaled_text = memo.get((t, k))
            if scaled_text is None:
                scaled_text = memo[(t, k)] = str(shift(Decimal(t), k))
            texts.append(scaled_text)
        parsed.loc[scaled, "text"] = texts
    return parsed["unit"].where(own_unit, column_base)


def _relation_rows(relation_ids: Any, kind: str, role: str, claim_ids: Any) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    return pd.DataFrame(
        {
            "relation_id": np.asarray(relation_ids, dtype=object),
            "kind": kind,
            "role": role,
            "claim_id": np.asarray(claim_ids, dtype=object),
            "order": 0,
            "detail": "",
        }
    )


def _unreadable(table: Table, rows: pd.DataFrame, column: str, column_number: int) -> list[Finding]:
    from .tables import header_of

    findings = []
    shown = header_of(table, column)  # the header as the table shows it (完成值)
    for line, raw in zip(rows["line"], rows[column]):
        findings.append(
            Finding(
                code="AC501",
                rule="unreadable-cell",
                severity=Severity.ERROR,
                messages={
                    "en": f"cell {column!r} holds {raw!r}, which is not a number; the row's other figures are still checked",
                    "zh": f"“{shown}”列的 {raw!r} 不是数字；该行其余数字照常检查",
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
