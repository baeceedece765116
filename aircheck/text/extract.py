"""From a report file to a :class:`~aircheck.claimset.ClaimSet`: the pipeline of aircheck.text."""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..claimset import ClaimSet, from_records
from ..numbers import shift
from .document import Paragraph, Placed, build, subject_of
from .flat_tables import read_tables, table_runs
from .linking import link
from .loaders import SourceLine, load
from .normalise import MIN_BROKEN_LINE, paragraphs
from .relations import (
    Found,
    read_breakdown_blocks,
    read_breakdowns,
    read_closed_lists,
    read_complements,
    read_conversions,
    read_counts,
    read_funnels,
    read_lists,
    read_none,
    read_parts,
    read_rates,
    read_stages,
    read_totals_after,
)
from .scan import Figure


def extract_lines(lines: list[SourceLine], file: str) -> ClaimSet:
    """Claims and relations of already loaded lines (the loaders' output)."""
    with _collector_paused():
        return _extract(lines, file)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a report is read, as it was before afterwards.

    Reading allocates many small objects (runs, figures, placements, evidence) and
    keeps them all to the end, so every collection walks a heap that only grows and frees
    nothing: a tenth of the time of a 1 MB report. What reading leaves behind is freed by
    reference counting, or by the next collection once the collector is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _extract(lines: list[SourceLine], file: str) -> ClaimSet:
    title = ""
    body: list[SourceLine] = []
    for line in lines:
        stripped = line.text.strip()
        if stripped.startswith("# title:"):
            title = stripped.removeprefix("# title:").strip()
            body.append(replace(line, text=""))
        elif stripped.startswith("# source:"):
            body.append(replace(line, text=""))
        else:
            body.append(line)
    alone = frozenset(line.number for line in body if title and line.text.strip() == title)
    runs = table_runs(body)
    in_table = {line.number for run in runs for line in run}
    prose = [replace(line, text="") if line.number in in_table else line for line in body]
    pdf = any(line.page for line in lines)
    paras = build(paragraphs(prose, alone, 0 if pdf else MIN_BROKEN_LINE), title)
    for para in paras:
        for placed in para.figures:
            placed.subject = subject_of(placed)
    found = Found()
    sections = _sections_at(paras, in_table)
    paras += read_tables(runs, sections, len(paras), found)
    figures = [p for para in paras for p in para.figures]
    for n, placed in enumerate(figures, start=1):
        placed.claim_id = f"c{n}"
    found.resolve()
    extra: list[Placed] = []

    def make_zero(para: Paragraph, whole: Placed, at: int) -> Placed:
        fig = Figure(at, at + 2, at + 2, "0", 0, whole.unit, "")
        zero = Placed(fig, para.index, whole.sentence, whole.clause, 0, para.section, "均未")
        zero.claim_id = f"z{len(extra) + 1}"
        zero.subject = whole.subject
        para.figures.append(zero)
        extra.append(zero)
        return zero

    read_rates(paras, found)
    read_funnels(paras, found)
    read_stages(paras, found)
    read_counts(paras, found)
    read_breakdowns(paras, found)
    read_breakdown_blocks(paras, found)
    read_parts(paras, found)
    read_lists(paras, found)
    read_complements(paras, found)
    read_conversions(paras, found)
    read_totals_after(paras, found)
    read_closed_lists(paras, found)
    read_none(paras, found, make_zero)
    _rate_subjects(paras)
    link(figures, found)
    by_para = {p.index: p for p in paras}
    source = {line.number: line.text for line in lines}
    records = [_record(by_para[f.paragraph], f, file, source) for f in figures + extra]
    return from_records(
        records,
        found.rows,
        files=[file],
        pages={file: tuple(line.page for line in lines)} if pdf else {},
        reasons=found.reasons,
    )


def _record(
    para: Paragraph, placed: Placed, file: str, source: dict[int, str]
) -> tuple[object, ...]:
    """One claim's fields, in the order of :data:`~aircheck.claimset.CLAIM_COLUMNS`."""
    fig = placed.figure
    mapped = para.text
    start = fig.first
    line, column, end_column = mapped.where(start, fig.end)
    one_line = mapped.line_at(fig.end - 1) == line
    raw = source.get(line, "")[column - 1 : end_column] if one_line else ""  # as written
    if placed.claim_id.startswith("z") or not raw:
        raw = "均未" if placed.claim_id.startswith("z") else mapped.text[start : fig.end]
    magnitude = fig.magnitude
    if magnitude:
        exact = shift(Decimal(fig.digits), magnitude)  # fig.value, read once
        text, value = str(exact), float(exact)
    else:  # float() of the digits is float() of their Decimal: both are correctly rounded
        text = fig.digits
        value = float(text)
    return (
        placed.claim_id,
        file,
        line,
        column,
        end_column,
        placed.section,
        placed.subject,
        placed.field,
        raw,
        text,
        value,
        fig.decimals,
        magnitude,
        _ulp(magnitude - fig.decimals),
        fig.percent,
        fig.unit,
        fig.qualifier,
        "",  # key
    )


@lru_cache(maxsize=64)
def _ulp(power: int) -> float:
    """10^power as a float, as ``Decimal(1).scaleb`` gives it (few distinct powers)."""
    return float(Decimal(1).scaleb(power))


def extract_file(path: str | Path) -> ClaimSet:
    """Claims and relations of the report at *path* (.txt, .md, .docx, .pdf)."""
    return extract_lines(load(path), str(path))


def _rate_subjects(paras: list[Paragraph]) -> None:
    """A rate outside any triple is about the figure before it: 治理面积约17417亩，修复治理率为89.7%."""
    for para in paras:
        previous: Placed | None = None
        for placed in para.figures:
            if (
                placed.figure.percent
                and not placed.field
                and previous is not None
                and previous.sentence == placed.sentence
            ):
                placed.subject = previous.subject + placed.subject
            if not placed.figure.percent:
                previous = placed


def _sections_at(paras: list[Paragraph], numbers: set[int]) -> dict[int, str]:
    """The section in force at each of these line numbers (for table rows)."""
    if not numbers:
        return {}  # a report without tables
    starts = sorted((p.text.line_at(0), p.section) for p in paras if p.text.text)
    lines = [line for line, _ in starts]
    result = {}
    for number in numbers:
        at = bisect_left(lines, number)  # the last paragraph starting before the line
        result[number] = starts[at - 1][1] if at else ""
    return result
