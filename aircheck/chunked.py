"""Check a table too large for memory block by block, with the findings of one piece.

Most of what aircheck checks in a table lies within a row (its rate, its share, its
cells), so each block of rows (:mod:`aircheck.table_stream`) is read and checked on
its own and only its findings are kept. What spans blocks is added up instead:

- the rounding convention (AC105) and a rate column typed as fractions (AC106): each
  block counts its deciding rates and records its rows that match only as fractions
  (:class:`~aircheck.rate_fractions.FractionTally`); both are decided after the last
  block, and the rate findings of fraction rows are dropped if the column holds them;
- rows sharing a key (AC301, and AC402 between them): each block keeps, per keyed
  figure, a hash of its key and of its unit and text, its place and whether it was
  checked. A key whose rows lie in one block was checked there; one spread over blocks
  is checked after the last block on its rows alone, read again, unless its statements
  are identical (then nothing can disagree);
- the statistics.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .model import Finding, Report
from .rate_fractions import FractionTally
from .rulebase import Context, Options
from .table_stream import CHUNK_CHARS, Block, RawBlock, raw_blocks, rows_at

#: rules decided over the whole table, not per block
TABLE_WIDE = frozenset({"AC105", "AC106", "AC301", "AC402"})
#: rules reporting a rate's outcome, which a fraction column replaces by AC106
RATE_OUTCOME_CODES = frozenset({"AC101", "AC102", "AC103"})


def validate_in_chunks(
    path: Path, options: Options, chunk_chars: int = CHUNK_CHARS, helpers: int | None = None
) -> Report:
    """The report :func:`aircheck.engine.validate` gives on *path*, read block by block.

    With *helpers* (by default one per core beyond the first, where processes can be
    forked), that many worker processes check blocks while this one checks others; each
    sends back only its findings and tallies, and they are added in block order, so the
    report is the same as with none.
    """
    helpers = _helpers() if helpers is None else helpers
    found = raw_blocks(path, chunk_chars)
    if helpers > 0:
        parts: Iterable[_Part] = _checked_beside(found, options, helpers)
    else:
        parts = (check_block(block, options, index) for index, block in enumerate(found))
    run = _Run(path, options, chunk_chars)
    for part in parts:
        run.add(part)
    return run.report()


def _checked_beside(
    found: Iterator[Block | RawBlock], options: Options, helpers: int
) -> list[_Part]:
    """Every block checked, here or by *helpers* worker processes; in block order."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    parts: dict[int, _Part] = {}
    pending: deque[tuple[int, Future[_Part]]] = deque()
    held: Block | None = None  # the first block, parsed here: checked once a helper has work
    here: int | None = None  # the block this process is checking
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(helpers, mp_context=context) as pool:
        try:
            for index, block in enumerate(found):
                while pending and pending[0][1].done():
                    done, future = pending.popleft()
                    parts[done] = future.result()
                if isinstance(block, Block):
                    held = block
                elif len(pending) < helpers:
                    pending.append((index, pool.submit(check_block, block, options, index)))
                else:
                    here = index
                    parts[index] = check_block(block, options, index)
                if held is not None and pending:
                    here = 0
                    parts[0], held = check_block(held, options, 0), None
            if held is not None:
                here = 0
                parts[0] = check_block(held, options, 0)
            here = None
        except Exception:
            # an earlier block's error comes first, as read in one piece: wait for those
            for index, future in pending:
                if here is None or index < here:
                    future.result()
            raise
        for index, future in pending:
            parts[index] = future.result()
    return [parts[index] for index in sorted(parts)]


#: worker processes a large table may use; None: one per core beyond the first. The
#: workers of ``aircheck batch`` set 0: they already keep every core busy.
MAX_HELPERS: int | None = None


@contextmanager
def helpers_at_most(count: int) -> Iterator[None]:
    """Within the block, a large table uses at most *count* worker processes
    (``validate --jobs N``: N - 1)."""
    global MAX_HELPERS
    before, MAX_HELPERS = MAX_HELPERS, count
    try:
        yield
    finally:
        MAX_HELPERS = before


def _helpers() -> int:
    """Worker processes for a large table: one per core beyond the first, where forking
    is possible and this process may have children."""
    import multiprocessing
    import os

    if MAX_HELPERS is not None:
        return MAX_HELPERS
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if multiprocessing.current_process().daemon:
        return 0
    return max(0, min(3, (os.cpu_count() or 1) - 1))


@dataclass(slots=True)
class _Part:
    """What one block adds up to: small enough to send back from a worker process."""

    findings: list[Finding]
    group_findings: list[Finding]  # AC301 and AC402 between keyed rows
    tally: FractionTally
    fraction_finding: Finding | None
    truncated: int
    rounded: int
    keyed: dict[str, np.ndarray]
    counts: Counter[str]
    relations: Counter[str]


def check_block(block: Block | RawBlock, options: Options, index: int) -> _Part:
    """Check one block on its own: all but the table-wide rules, whose evidence it counts."""
    from .engine import _relations_by_kind, claims_from_table
    from .rate_table import convention_counts, rate_table
    from .rules import agreement, all_rules, rate_fraction, unit_mismatch

    table = (block.parse() if isinstance(block, RawBlock) else block).table
    claimset = claims_from_table(table)
    ctx = Context(claimset, options)
    tally = FractionTally()
    ctx.fraction_tally = tally  # type: ignore[attr-defined]
    tally.see_rates(ctx, table.file)
    enabled = options.enabled
    findings = [f for f in claimset.findings if enabled(f.code)]
    group_findings: list[Finding] = []
    for rule in all_rules():
        if rule.check is not None and enabled(rule.code) and rule.code not in TABLE_WIDE:
            findings += rule.check(ctx)
    if enabled("AC402"):
        findings += unit_mismatch.rate_mismatches(ctx)
        group_findings += unit_mismatch.same_mismatches(ctx)
    if enabled("AC301"):
        group_findings += agreement.check(ctx)
    truncated, rounded = convention_counts(rate_table(ctx))
    fraction_finding = None
    if tally.first is not None and enabled("AC106"):
        fraction_finding = rate_fraction.column_finding(ctx, [*tally.first], 0)
    tally.first = None
    counts = Counter(claims=ctx.core.size, checked=ctx.checked_count, rows=claimset.unchecked_rows)
    relations = Counter(_relations_by_kind(ctx))
    relations.pop("same", None)
    return _Part(
        findings,
        group_findings,
        tally,
        fraction_finding,
        truncated,
        rounded,
        _keyed(ctx, index),
        counts,
        relations,
    )


class _Run:
    """What the blocks of one table add up to, in block order."""

    def __init__(self, path: Path, options: Options, chunk_chars: int) -> None:
        self.path, self.file, self.options = path, str(path), options
        self.chunk_chars = chunk_chars
        self.findings: list[Finding] = []
        self.group_findings: list[Finding] = []  # AC301 and AC402 between keyed rows
        self.tally = FractionTally()
        self.fraction_finding: Finding | None = None
        self.truncated = self.rounded = 0
        self.keyed: list[dict[str, np.ndarray]] = []
        self.counts: Counter[str] = Counter()
        self.relations: Counter[str] = Counter()

    def add(self, part: _Part) -> None:
        self.findings += part.findings
        self.group_findings += part.group_findings
        self.tally.add(part.tally)
        self.fraction_finding = self.fraction_finding or part.fraction_finding
        self.truncated += part.truncated
        self.rounded += part.rounded
        self.keyed.append(part.keyed)
        self.counts.update(part.counts)
        self.relations.update(part.relations)

    def report(self) -> Report:
        from .rate_table import convention_of
        from .rules import rate_convention_summary, rate_fraction

        findings = self.findings + self._groups()
        truncated, rounded = self.truncated, self.rounded
        tally = self.tally
        if tally.fractions:
            lines = set(np.concatenate(tally.matched_lines).tolist())
            findings = [
                f
                for f in findings
                if not (f.code in RATE_OUTCOME_CODES and f.locations[0].line in lines)
            ]
            truncated -= tally.truncated_matched
            rounded -= tally.rounded_matched
            if self.fraction_finding is not None:
                findings.append(rate_fraction.recount(self.fraction_finding, tally.matches))
        if self.options.enabled("AC105"):
            summary = rate_convention_summary.summary(truncated, rounded, [self.file], self.options)
            findings += [summary] if summary else []
        findings.sort(key=lambda f: f.sort_key())
        claims, checked = self.counts["claims"], self.counts["checked"]
        stats = {
            "claims": claims,
            "checked": checked,
            "unchecked": claims - checked,
            "rows_without_figures": self.counts["rows"],
            "relations": dict(sorted(self.relations.items())),
        }
        return Report(
            findings=findings,
            files=[self.file],
            convention=convention_of(truncated, rounded),
            stats=stats,
        )

    def _groups(self) -> list[Finding]:
        """The key findings of the table, and its ``same`` relations and checks counted:
        a key within one block as that block found it, one spread over blocks anew."""
        keyed = {name: np.concatenate([k[name] for k in self.keyed]) for name in self.keyed[0]}
        order = np.argsort(keyed["group"], kind="stable")
        keyed = {name: values[order] for name, values in keyed.items()}
        group = keyed["group"]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else group
        sizes = np.diff(np.r_[starts, len(group)])
        if (sizes >= 2).any():
            self.relations["same"] = int((sizes >= 2).sum())
        if not len(group):
            return self.group_findings
        of = np.repeat(np.arange(len(starts)), sizes)  # each figure's group
        spread = _varies(keyed["block"], starts)[of]
        same_text = ~_varies(keyed["signature"], starts)[of]
        place = list(zip(keyed["line"].tolist(), keyed["column"].tolist()))
        spread_places = {p for p, s in zip(place, spread.tolist()) if s}
        kept = [f for f in self.group_findings if _place(f) not in spread_places]
        agreement_on = self.options.enabled("AC301")
        if agreement_on:  # identical statements agree: all checked, none reported
            self.counts["checked"] += int((spread & same_text & ~keyed["checked"]).sum())
        return kept + self._recheck(keyed, spread & ~same_text, place, agreement_on)

    def _recheck(
        self,
        keyed: dict[str, np.ndarray],
        rows: np.ndarray,
        place: list[tuple[int, int]],
        count_checked: bool,
    ) -> list[Finding]:
        """AC301 and AC402 on the rows of keys spread over blocks whose statements differ,
        read again on their own (rarely any: keyed rows usually lie close together)."""
        if not rows.any():
            return []
        from .engine import claims_from_table
        from .rules import agreement, unit_mismatch

        wanted = {p for p, w in zip(place, rows.tolist()) if w}
        table = rows_at(self.path, np.unique(keyed["line"][rows]), self.chunk_chars)
        ctx = Context(claims_from_table(table), self.options)
        found: list[Finding] = []
        if self.options.enabled("AC301"):
            found += agreement.check(ctx)
        if self.options.enabled("AC402"):
            found += unit_mismatch.same_mismatches(ctx)
        if count_checked:
            columns = ctx.core.columns
            checked = {
                p
                for p, c in zip(
                    zip(columns["line"].tolist(), columns["column"].tolist()),
                    ctx.checked_mask.tolist(),
                )
                if c
            }
            before = {p for p, c in zip(place, keyed["checked"].tolist()) if c}
            self.counts["checked"] += len((checked & wanted) - before)
        return [f for f in found if _place(f) in wanted]


def _varies(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group of sorted *values* (beginning at *starts*): whether its values differ."""
    return np.minimum.reduceat(values, starts) != np.maximum.reduceat(values, starts)


def _place(finding: Finding) -> tuple[int, int]:
    first = finding.locations[0]
    return first.line, first.column or 0


def _keyed(ctx: Context, block: int) -> dict[str, np.ndarray]:
    """Each keyed figure of a block: hashes of its (key, field) and of its unit and text,
    its place, whether the block checked it."""
    import pandas as pd

    columns = ctx.core.columns
    key = columns["key"]
    at = np.flatnonzero(key != "")
    codes, keys = pd.factorize(key[at])
    stripped = np.array([str(k).strip() for k in keys], dtype=object)[codes]
    at, stripped = at[stripped != ""], stripped[stripped != ""]
    field = np.asarray(columns["field"], dtype=object)[at]
    unit = np.where(columns["percent"][at], "%", columns["unit"][at].astype(object))
    return {
        "group": pd.util.hash_array((stripped + "\x1f" + field).astype(object)),
        "signature": pd.util.hash_array((unit + "|" + columns["text"][at]).astype(object)),
        "line": columns["line"][at].astype("int64"),
        "column": columns["column"][at].astype("int64"),
        "checked": ctx.checked_mask[at],
        "block": np.full(len(at), block, dtype="int64"),
    }
