"""Apply rule packs to a ClaimSet: keys set on claims, and the relations packs declare.

A pack's keys become ``same`` relations, its sums and funnels ``sum`` and
``funnel`` relations (unless the reader already found them), so the vectorised
rules check them; custom expressions, and sums or funnels with their own
severity, tolerance or rounding, become ``expression`` relations for AC601.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .pack_model import SMALL, Check, Key, Pack, field_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .claimset import ClaimSet


#: the relation kinds a pack adds only where the reader has not found them already
LINKED = ("same", "sum", "funnel")


def apply(claimset: ClaimSet, packs: tuple[Pack, ...] | list[Pack]) -> ClaimSet:
    """The claim set with the packs' keys set and their relations added."""
    from .pack_records import applies, apply_records

    if applies(claimset, packs):  # a report's records: no frames, no pandas
        return apply_records(claimset, packs)
    import pandas as pd

    from .claimset import RELATION_COLUMNS, ClaimSet

    if not packs or claimset.claims.empty:
        return claimset
    claims = claimset.claims.copy()
    frames = [claimset.relations]
    existing = _member_sets(claimset.relations)
    for pack in packs:
        for key in pack.keys:
            mask = key.figure.mask(claims) & field_of(claims).isin(key.fields)
            claims.loc[mask, "key"] = key.name
            frames.append(_same_relations(claims[mask], pack, key, existing))
        resolved = _resolve(claims, pack)
        for check in pack.checks:
            frames.append(_check_relations(claims, pack, check, resolved, existing))
    relations = pd.concat(frames, ignore_index=True).astype(RELATION_COLUMNS)
    return ClaimSet(
        claims=claims,
        relations=relations,
        files=claimset.files,
        findings=claimset.findings,
        unchecked_rows=claimset.unchecked_rows,
        pages=claimset.pages,
        reasons=claimset.reasons,
    )


def cumulative_keys(packs: tuple[Pack, ...] | list[Pack]) -> dict[str, bool]:
    """Keys the packs declare cumulative (true) or not (false)."""
    return {k.name: k.cumulative for p in packs for k in p.keys if k.cumulative is not None}


def _member_sets(relations: pd.DataFrame) -> set[tuple[str, frozenset[str]]]:
    """(kind, claims) of the same/sum/funnel relations already found, to add none twice."""
    linked = relations[relations["kind"].isin(LINKED)]
    groups = linked.groupby(["relation_id", "kind"])["claim_id"]
    return {(kind, frozenset(g)) for (_, kind), g in groups}


def relation_rows(
    kind: str, role: str, relation_ids: Any, claim_ids: Any, order: int, detail: Any
) -> list[dict[str, Any]]:
    """Relation rows of one kind and role; *detail* is one text or one per row."""
    details = [detail] * len(relation_ids) if isinstance(detail, str) else list(detail)
    return [
        {"relation_id": r, "kind": kind, "role": role, "claim_id": c, "order": order, "detail": d}
        for r, c, d in zip(relation_ids, claim_ids, details)
    ]


def _same_relations(
    matched: pd.DataFrame, pack: Pack, key: Key, existing: set[tuple[str, frozenset[str]]]
) -> pd.DataFrame:
    from .claimset import relations_frame

    if len(matched) <= SMALL:
        field, percent, file, ids = (
            matched[c].tolist() for c in ("field", "percent", "file", "claim_id")
        )
        return relations_frame(same_rows(field, percent, file, ids, pack, key, existing))
    # the fields a key lists are places of one amount; a rate is linked only with rates
    measure = matched["field"].where((matched["field"] == "rate") | matched["percent"], "amount")
    measure = measure.where(measure == "amount", "rate")
    group = f"pack:{pack.name}:key:{key.name}:" + measure + "@" + matched["file"]
    sizes = group.map(group.value_counts())
    keep = matched[sizes >= 2].assign(relation_id=group[sizes >= 2])
    members = keep.groupby("relation_id")["claim_id"].agg(frozenset)
    fresh = members.index[[("same", m) not in existing for m in members]]
    keep = keep[keep["relation_id"].isin(fresh)]
    existing.update(("same", m) for m in members.loc[fresh])
    return relations_frame(
        relation_rows("same", "member", keep["relation_id"], keep["claim_id"], 0, key.name)
    )


def same_rows(
    fields: list[str],
    percents: list[bool],
    files: list[str],
    claim_ids: list[str],
    pack: Pack,
    key: Key,
    existing: set[tuple[str, frozenset[str]]],
) -> list[dict[str, Any]]:
    """:func:`_same_relations` of a report's few matched claims (their fields, percent
    flags, files and ids), in plain Python: the same groups (by measure and file, two
    claims or more), checked against *existing* in relation-id order before any is
    added, rows in claim order; no frame per step."""
    prefix = f"pack:{pack.name}:key:{key.name}:"
    groups = [
        prefix + _measure(field, percent) + "@" + file
        for field, percent, file in zip(fields, percents, files)
    ]
    members: dict[str, list[str]] = {}
    for group, claim in zip(groups, claim_ids):
        members.setdefault(group, []).append(claim)
    sets = {g: frozenset(m) for g, m in sorted(members.items()) if len(m) >= 2}
    fresh = {g for g, m in sets.items() if ("same", m) not in existing}
    existing.update(("same", sets[g]) for g in sorted(fresh))
    kept = [(g, c) for g, c in zip(groups, claim_ids) if g in fresh]
    return relation_rows("same", "member", [g for g, _ in kept], [c for _, c in kept], 0, key.name)


def _measure(field: str, percent: bool) -> str:
    """What :func:`_same_relations` groups a claim by: ``amount`` or ``rate``."""
    kept = field if field == "rate" or percent else "amount"
    return "amount" if kept == "amount" else "rate"


def _resolve(claims: pd.DataFrame, pack: Pack) -> pd.DataFrame:
    """file × figure name → the one claim it selects (ambiguous or absent: no entry)."""
    import pandas as pd

    columns = {}
    for name, figure in pack.figures.items():
        hits = claims.loc[figure.mask(claims), ["file", "claim_id"]]
        counts = hits["file"].map(hits["file"].value_counts())
        columns[name] = hits[counts == 1].set_index("file")["claim_id"]
    return pd.DataFrame(columns, index=pd.Index(claims["file"].unique(), name="file"))


def _check_relations(
    claims: pd.DataFrame,
    pack: Pack,
    check: Check,
    resolved: pd.DataFrame,
    existing: set[tuple[str, frozenset[str]]],
) -> pd.DataFrame:
    from .claimset import relations_frame

    if check.kind == "expression" and check.per == "item":
        return _per_item(claims, pack, check)
    needed = list(check.figures)
    wide = resolved.reindex(columns=needed).dropna()  # abstain where a figure is missing
    if wide.empty:
        return relations_frame([])
    if check.kind in ("sum", "funnel") and not check.custom:
        named = dict(zip(wide.index.tolist(), wide[needed].to_dict("records")))
        return relations_frame(stage_rows(pack, check, named, existing))
    ids = _check_id(pack, check) + wide.index.to_series()
    rows: list[dict[str, Any]] = []
    for position, name in enumerate(dict.fromkeys(needed)):
        rows.extend(relation_rows("expression", "operand", ids, wide[name], position, name))
    rows.extend(_spec_rows(pack, check, list(ids)))
    return relations_frame(rows)


def stage_rows(
    pack: Pack,
    check: Check,
    named: dict[str, dict[str, str]],
    existing: set[tuple[str, frozenset[str]]],
) -> list[dict[str, Any]]:
    """A sum's or funnel's relation per file that states every figure it names (*named*:
    file → figure name → claim id; abstain where one is missing), unless the reader
    already found the same one (a sum or funnel is not checked twice)."""
    needed = list(check.figures)
    files = [file for file, figures in named.items() if all(n in figures for n in needed)]
    members = [(check.kind, frozenset(named[file][n] for n in needed)) for file in files]
    fresh = [file for file, member in zip(files, members) if member not in existing]
    existing.update(members)
    ids = [_check_id(pack, check) + file for file in fresh]
    rows: list[dict[str, Any]] = []
    for position, name in enumerate(needed):
        role = ("total" if position == 0 else "part") if check.kind == "sum" else "stage"
        claim_ids = [named[file][name] for file in fresh]
        rows.extend(relation_rows(check.kind, role, ids, claim_ids, position, name))
    return rows


def _check_id(pack: Pack, check: Check) -> str:
    """What the id of a pack check's relation in a file starts with (the file follows)."""
    return f"pack:{pack.name}:{check.kind}:{check.name}@"


def _per_item(claims: pd.DataFrame, pack: Pack, check: Check) -> pd.DataFrame:
    """One expression relation per (file, section, subject) that states every field named."""
    from .claimset import relations_frame

    chosen = claims[check.where.mask(claims)] if check.where else claims
    chosen = chosen.assign(field=field_of(chosen))
    chosen = chosen[chosen["field"].isin(check.figures)]
    item = chosen["file"] + "|" + chosen["section"] + "|" + chosen["subject"]
    counts = chosen.assign(item=item).groupby(["item", "field"]).size()
    unique = counts[counts == 1].reset_index().groupby("item")["field"].nunique()
    complete = unique[unique == len(set(check.figures))].index
    chosen = chosen[item.isin(complete)]
    item = item[chosen.index]
    relation = _check_id(pack, check) + item
    rows = relation_rows("expression", "operand", relation, chosen["claim_id"], 0, chosen["field"])
    rows.extend(_spec_rows(pack, check, list(relation.unique())))
    return relations_frame(rows)


def _spec_rows(pack: Pack, check: Check, relation_ids: list[str]) -> list[dict[str, Any]]:
    """The row per relation that carries the check itself (no claim)."""
    return relation_rows(
        "expression", "spec", relation_ids, [""] * len(relation_ids), -1, _spec(pack, check)
    )


def _spec(pack: Pack, check: Check) -> str:
    """The check as JSON, kept on the relation so AC601 needs nothing else."""
    expression = check.expression
    if check.kind == "sum":
        total, *parts = check.figures
        expression = f"{total} == {' + '.join(parts)}"
    elif check.kind == "funnel":
        expression = " >= ".join(check.figures)
    return json.dumps(
        {
            "pack": pack.name,
            "name": check.name,
            "kind": check.kind,
            "check": expression,
            "severity": check.severity,
            "tolerance": check.tolerance,
            "rounding": check.rounding or "round",
            "en": check.message_en,
            "zh": check.message_zh,
            "place": check.place,
        },
        ensure_ascii=False,
    )
