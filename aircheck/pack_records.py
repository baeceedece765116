"""Rule packs applied to a report's claims as read (records), without pandas.

A report has a few hundred claims: its packs' keys, sums and funnels are matched
element by element, as :func:`aircheck.pack_relations.apply` does over frames, so a
report that a built-in pack matches is still checked without importing pandas.
Expression checks (and sums or funnels with their own severity, tolerance or rounding,
which become expressions) are checked by AC601 over frames: such packs take that path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .pack_relations import LINKED, same_rows, stage_rows

if TYPE_CHECKING:  # pragma: no cover
    from .claimset import ClaimSet
    from .pack_model import Pack


def applies(claimset: ClaimSet, packs: tuple[Pack, ...] | list[Pack]) -> bool:
    """Whether the packs can be applied to *claimset*'s records (a report's, read as
    records; no check that AC601 evaluates)."""
    return claimset.records is not None and not any(
        check.kind == "expression" or check.custom for pack in packs for check in pack.checks
    )


def apply_records(claimset: ClaimSet, packs: tuple[Pack, ...] | list[Pack]) -> ClaimSet:
    """The claim set with the packs' keys set and their relations added (records in,
    records out: the same claims and relations :func:`~aircheck.pack_relations.apply`
    gives, in the same order)."""
    from .claimset import CLAIM_COLUMNS, from_records

    assert claimset.records is not None
    claims, relations = claimset.records
    if not packs or not claims:
        return claimset
    columns = {name: list(values) for name, values in zip(CLAIM_COLUMNS, zip(*claims))}
    size = len(claims)
    fields = [field if field != "" else "value" for field in columns["field"]]
    existing = _member_sets(relations)
    added: list[dict[str, Any]] = []
    for pack in packs:
        for key in pack.keys:
            hits = key.figure.matches(columns.__getitem__, size)
            matched = [i for i in range(size) if hits[i] and fields[i] in key.fields]
            for i in matched:
                columns["key"][i] = key.name
            field, percent, file, ids = (
                [columns[c][i] for i in matched] for c in ("field", "percent", "file", "claim_id")
            )
            added.extend(same_rows(field, percent, file, ids, pack, key, existing))
        resolved = _resolve(columns, size, pack)
        for check in pack.checks:
            added.extend(stage_rows(pack, check, resolved, existing))
    return from_records(
        list(zip(*(columns[name] for name in CLAIM_COLUMNS))),
        relations + added,
        files=claimset.files,
        findings=claimset.findings,
        unchecked_rows=claimset.unchecked_rows,
        pages=claimset.pages,
        reasons=claimset.reasons,
    )


def _member_sets(relations: list[dict[str, Any]]) -> set[tuple[str, frozenset[str]]]:
    """(kind, claims) of the same/sum/funnel relations already found, to add none twice."""
    members: dict[tuple[str, str], set[str]] = {}
    for row in relations:
        if row["kind"] in LINKED:
            members.setdefault((row["relation_id"], row["kind"]), set()).add(row["claim_id"])
    return {(kind, frozenset(claims)) for (_, kind), claims in members.items()}


def _resolve(columns: dict[str, list[Any]], size: int, pack: Pack) -> dict[str, dict[str, str]]:
    """For each file (in the order the claims name them), figure name → the one claim it
    selects there (ambiguous or absent: no entry)."""
    resolved: dict[str, dict[str, str]] = {file: {} for file in columns["file"]}
    for name, figure in pack.figures.items():
        hits = figure.matches(columns.__getitem__, size)
        by_file: dict[str, list[str]] = {}
        for i in range(size):
            if hits[i]:
                by_file.setdefault(columns["file"][i], []).append(columns["claim_id"][i])
        for file, claim_ids in by_file.items():
            if len(claim_ids) == 1:
                resolved[file][name] = claim_ids[0]
    return resolved
