"""A metric table read straight into the columnar core (:class:`~aircheck.core.Core`).

Each row's planned/completed/rate cells become claims; the row itself is its ratio
(and, for a share row, its part/whole) relation, one row of a wide frame of claim
positions. String ids and the long frames every other reader shares are made from
the core only when something asks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .claimset import CLAIM_COLUMNS, RELATION_COLUMNS, ClaimSet
from .columns import KINDS, NUMERIC_COLUMNS
from .model import Finding, Location, Severity
from .numbers import parse_distinct_cells, shift
from .units import split_magnitude

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .core import Core, Members
    from .tables import Table


def from_table(table: Table) -> ClaimSet:
    """Turn each row's planned/completed/rate cells into claims and implied relations.

    The claims go straight into a :class:`~aircheck.core.Core`: columns sorted by line,
    then field, no string ids; each row's ratio and share relations are one row of a
    wide frame of claim positions, so nothing is pivoted back. Works on numpy object
    arrays, not pandas string columns (a Python call per cell in every comparison).
    String claim ids (``r<line>:<field>``) and the long frames are made on demand.
    """
    import numpy as np
    import pandas as pd

    from .core import Core, Roles

    frame = table.frame
    columns_at = frame.attrs.get("column_numbers", {})
    findings: list[Finding] = []
    lines = frame["line"].to_numpy(dtype="int64")
    text = {c: frame[c].to_numpy(dtype=object) for c in ("section", "item", "unit", "key")}
    good: dict[str, np.ndarray] = {}
    parsed: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
    for name in NUMERIC_COLUMNS:
        text[name] = frame[name].to_numpy(dtype=object)  # once: each conversion scans for NA
        codes, distinct = parse_distinct_cells(text[name])
        present = distinct["present"][codes]
        bad = present & ~distinct["ok"][codes]
        if bad.any():
            findings.extend(_unreadable(table, frame[bad], name, columns_at.get(name, 0)))
        good[name] = present & distinct["ok"][codes]
        parsed[name] = (codes, distinct)
    at, total = _places(good, lines)
    columns = _empty_columns(total)
    for name in NUMERIC_COLUMNS:
        codes, distinct = parsed.pop(name)  # each field's cells expanded for its claims only
        mask = good[name]
        of = codes[mask]
        cells = {k: distinct[k][of] for k in ("text", "value", "decimals", "magnitude", "ulp")}
        cells.update({k: distinct[k][of] for k in ("percent", "unit", "qualifier")})
        if name == "rate":
            unit: Any = "%"
        else:
            cells["ok"] = cells["present"] = np.ones(len(of), dtype=bool)
            unit = _apply_column_unit(cells, text["unit"][mask])
        where = at[name][mask]
        for column, value in (
            ("line", lines[mask]),
            ("column", columns_at.get(name, 0)),
            ("end_column", columns_at.get(name, 0)),
            ("section", text["section"][mask]),
            ("subject", text["item"][mask]),
            ("field", np.int8(FIELDS.index(name))),
            ("raw", text[name][mask]),
            ("unit", unit),
            ("key", text["key"][mask]),
            ("percent", cells["percent"] | (name == "rate")),
            *((k, cells[k]) for k in ("text", "value", "decimals", "magnitude", "ulp")),
            ("qualifier", cells["qualifier"]),
        ):
            columns[column][where] = value
        del text[name], cells, unit  # a field's cells are not needed once written
    columns["field"] = pd.Categorical.from_codes(columns["field"], categories=list(FIELDS))
    columns["file"] = pd.Categorical.from_codes(
        np.zeros(total, dtype="int8"), categories=[table.file]
    )

    kind = frame["kind"].map(KINDS).fillna("progress").to_numpy(dtype=object)
    progress, share = kind == "progress", kind == "share"
    share_rates = good["rate"] & share
    # (kind, role, rows where that role's claim is a member, the field it is), in the
    # order the long frame lists them: progress ratios, shares, the share rows' ratios
    members = [("ratio", role, good[role] & progress, role) for role in NUMERIC_COLUMNS]
    members += [("part_whole", "whole", good["planned"] & share, "planned")]
    members += [("part_whole", "part", good["completed"] & share, "completed")]
    members += [("ratio", role, good[role] & share_rates, role) for role in RATIO]
    wide: dict[str, Roles] = {}
    for relation_kind in ("ratio", "part_whole"):
        rows_of: dict[str, np.ndarray] = {}
        for k, role, rows, _ in members:
            if k == relation_kind:
                rows_of[role] = rows_of[role] | rows if role in rows_of else rows
        present = np.logical_or.reduce(list(rows_of.values()))
        source = {"whole": "planned", "part": "completed"}
        if present.any():
            wide[relation_kind] = Roles(
                {
                    role: np.where(rows, at[source.get(role, role)], -1)[present]
                    for role, rows in sorted(rows_of.items())
                    if rows.any()
                }
            )
    same = _same_relations(columns)
    long = {"same": same} if len(same) else {}

    def names() -> np.ndarray:
        row_ids = "r" + columns["line"].astype(str).astype(object)
        return row_ids + ":" + np.asarray(columns["field"], dtype=object)

    core = Core(columns=columns, make_names=names, wide=wide, long=long)

    def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
        claims = pd.DataFrame(
            {c: core.names() if c == "claim_id" else columns[c] for c in CLAIM_COLUMNS}
        ).astype(CLAIM_COLUMNS)
        return claims, _long_relations(core, lines, at, members, same)

    return ClaimSet(files=[table.file], findings=findings, core=core, frames=frames)


RATIO = ("completed", "planned", "rate")


def _same_relations(columns: dict[str, np.ndarray]) -> Members:
    """One ``same`` relation per (key, field) stated on two rows or more, long."""
    import numpy as np
    import pandas as pd

    from .core import Members

    key = columns["key"]
    keyed = np.flatnonzero(key != "")
    if not len(keyed):
        return Members.empty("same")
    # keys repeat: strip and name each distinct (key, field) once, count on integer codes
    # (a MultiIndex of the pairs builds a tuple per claim: 1.5 s at 10^6 rows)
    key_codes, keys = pd.factorize(key[keyed])
    field = pd.Categorical(columns["field"][keyed])
    pair_codes = key_codes.astype("int64") * len(field.categories) + field.codes
    _, first, pairs = np.unique(pair_codes, return_index=True, return_inverse=True)
    stripped = np.array([str(k).strip() for k in keys[key_codes[first]]], dtype=object)
    names = "key:" + stripped + ":" + np.asarray(field[first], dtype=object)
    groups, group_of = pd.factorize(names)  # " a" and "a" are one group
    group = groups[pairs]
    sizes = np.bincount(group, minlength=len(group_of))[group]
    keep = (sizes >= 2) & (stripped[pairs] != "")
    relation_ids = np.asarray(group_of, dtype=object)[group][keep]
    text = np.full(len(relation_ids), "", dtype=object)
    roles = np.full(len(relation_ids), "member", dtype=object)
    order = np.zeros(len(relation_ids), dtype="int64")
    return Members("same", relation_ids, roles, keyed[keep].astype("int64"), order, text)


def _long_relations(
    core: Core,
    lines: np.ndarray,
    at: dict[str, np.ndarray],
    members: list[tuple[str, str, np.ndarray, str]],
    same: Members,
) -> pd.DataFrame:
    """The table's relations as the shared long frame (string ids), for packs and links."""
    import pandas as pd

    names = core.names()
    row_ids = "r" + lines.astype(str).astype(object)
    suffix = {"ratio": "~ratio", "part_whole": "~share"}
    relations = [
        _relation_rows(row_ids[rows] + suffix[kind], kind, role, names[at[source][rows]])
        for kind, role, rows, source in members
    ]
    if len(same):
        relations.append(_relation_rows(same.relation_ids, "same", "member", names[same.claims]))
    return pd.concat(relations, ignore_index=True).astype(RELATION_COLUMNS)


FIELDS = tuple(sorted(NUMERIC_COLUMNS))  # claims of a row are ordered by field name
_DTYPES = {"text": object, "int64": "int64", "float64": "float64", "bool": bool, "str": object}


def _empty_columns(total: int) -> dict[str, Any]:
    """The claims columns to fill (``field`` as int8 codes, ``file`` added after)."""
    import numpy as np

    columns: dict[str, Any] = {}
    for name, dtype in CLAIM_COLUMNS.items():
        if name not in ("file", "claim_id"):
            columns[name] = np.empty(total, dtype="int8" if name == "field" else _DTYPES[dtype])
    return columns


def _places(good: dict[str, np.ndarray], lines: np.ndarray) -> tuple[dict[str, np.ndarray], int]:
    """Per field, the position of each table row's claim among the claims sorted by line,
    then field name (-1 where the row has none); and how many claims there are.

    Computed from the masks alone (claims in the rows before, plus the fields ranked
    before in the row), so each field's cells are written straight to their place: no
    concatenated copy permuted into a second one (300 MB at 10^6 rows)."""
    import numpy as np

    present = np.array([good[f] for f in FIELDS], dtype=bool).reshape(len(FIELDS), len(lines))
    by_line = np.argsort(lines, kind="stable")  # rows are in line order already, as a rule
    counts = present[:, by_line].sum(axis=0)
    start = np.empty(len(lines), dtype="int64")
    start[by_line] = np.cumsum(counts) - counts
    before = np.cumsum(present, axis=0) - present  # fields of the row ranked before
    at = {f: np.where(present[i], start + before[i], -1) for i, f in enumerate(FIELDS)}
    return at, int(counts.sum())


def _apply_column_unit(parsed: dict[str, np.ndarray], column_unit: np.ndarray) -> np.ndarray:
    """Use the unit column where a cell has no unit of its own; fold its 万/亿 into the value.

    ``3.2`` under a unit column ``万千瓦`` is 32000 千瓦 stated to 0.1 万 (ulp 1000).
    Changes *parsed* in place and returns each cell's unit.
    """
    from decimal import Decimal

    import numpy as np
    import pandas as pd

    codes, names = pd.factorize(column_unit)
    split = [split_magnitude(str(u)) for u in names]
    powers = np.array([p for p, _ in split] + [0], dtype="int64")
    bases = np.array([b for _, b in split] + [""], dtype=object)
    own_unit = parsed["unit"] != ""
    extra = np.where(~own_unit & (parsed["magnitude"] == 0), powers[codes], 0)
    scaled = np.flatnonzero((extra > 0) & parsed["ok"] & parsed["present"])
    if len(scaled):
        shift_by = extra[scaled]
        factor = 10.0**shift_by
        with np.errstate(over="ignore"):  # beyond 1e308 the float screen is inf; the digits decide
            parsed["value"][scaled] = parsed["value"][scaled] * factor
            parsed["ulp"][scaled] = parsed["ulp"][scaled] * factor
        parsed["magnitude"][scaled] = parsed["magnitude"][scaled] + shift_by
        # figures repeat: scale each distinct (text, power) once, found on integer codes
        text_codes, distinct = pd.factorize(parsed["text"][scaled])
        pair_codes = text_codes.astype("int64") * (int(shift_by.max()) + 1) + shift_by
        _, first, pairs = np.unique(pair_codes, return_index=True, return_inverse=True)
        texts = np.array(
            [
                str(shift(Decimal(t), int(k)))
                for t, k in zip(distinct[text_codes[first]].tolist(), shift_by[first].tolist())
            ],
            dtype=object,
        )
        parsed["text"][scaled] = texts[pairs.ravel()]
    return np.where(own_unit, parsed["unit"], bases[codes])


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
