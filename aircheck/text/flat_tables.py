"""Tables flattened into the text: from lines to figures and the relations their data show.

:mod:`.grid` rebuilds the rows whatever the flattening (``|`` rows, one cell per
line, blank lines between cells, split headers, dropped cells);
:mod:`.table_relations` finds what the figures establish (rate columns, row sums,
total rows). This module turns the cells into placed figures, one paragraph per
source line, and hands the relations to :class:`Found`. Cells that hold sentences
are paragraphs of text, read like the rest of the report.
"""

from __future__ import annotations

from ..units import split_magnitude
from .document import Paragraph, Placed, build, subject_of
from .grid import Cell, Grid, candidate_runs, rebuild
from .loaders import SourceLine
from .relations import Found
from .scan import Figure
from .table_relations import column_unit
from .table_rows import Reading, read

__all__ = ["read_tables", "table_runs"]


def table_runs(lines: list[SourceLine]) -> list[list[SourceLine]]:
    """Runs of lines that show a grid; any other lines, ``|`` or not, stay prose."""
    return [run for kind, run in candidate_runs(lines) if rebuild(kind, run) is not None]


def _grid(run: list[SourceLine]) -> Grid | None:
    for kind, lines in candidate_runs(run):
        if lines == run:
            return rebuild(kind, run)
    return None


def read_tables(
    runs: list[list[SourceLine]], sections: dict[int, str], first_index: int, found: Found
) -> list[Paragraph]:
    """Paragraphs holding each table cell's figure; the tables' relations into *found*."""
    paragraphs: list[Paragraph] = []
    for run in runs:
        grid = _grid(run)
        if grid is None:
            continue
        reading = read(grid)
        paragraphs += _figures(grid, reading, sections, first_index + len(paragraphs), found)
    return paragraphs


def _figures(
    grid: Grid, reading: Reading, sections: dict[int, str], index: int, found: Found
) -> list[Paragraph]:
    by_line: dict[int, Paragraph] = {}
    placed: dict[Cell, Placed] = {}
    paragraphs: list[Paragraph] = []
    roles = {id(c): role for r in reading.relations if r.kind == "ratio" for role, c in r.members}
    for row in grid.rows:
        for cell in row.values:
            if cell.quantity is None:
                continue
            line = cell.line
            para = by_line.get(line)
            if para is None:
                para = Paragraph(cell.mapped, sections.get(line, ""), index + len(paragraphs))
                by_line[line] = para
                paragraphs.append(para)
            column = reading.column.get(cell)
            name = grid.names[column] if column is not None else ""
            rate = column in reading.rate_columns if column is not None else False
            figure = _figure(cell, name, rate)
            p = Placed(
                figure, para.index, len(para.figures), len(para.figures), 0, para.section, ""
            )
            p.subject = f"{row.name}{name}"
            p.field = roles.get(id(cell), "")
            para.figures.append(p)
            placed[cell] = p
    for cell in grid.prose:
        para = build([cell.mapped.sub(cell.start, cell.end)])[0]
        para.index = index + len(paragraphs)
        para.section = sections.get(cell.line, "")
        for p in para.figures:
            p.paragraph, p.section = para.index, para.section
            p.subject = subject_of(p)
        paragraphs.append(para)
    for relation in reading.relations:
        if all(c in placed for _, c in relation.members):
            found.pending.append(
                (relation.kind, [(role, placed[c]) for role, c in relation.members])
            )
    return paragraphs


def _figure(cell: Cell, name: str, rate: bool) -> Figure:
    """The cell's figure; a rate column's cells are percentages even without ``%``."""
    q = cell.quantity
    assert q is not None
    digits = format(q.mantissa, "f")
    first = next((i for i, ch in enumerate(cell.text) if ch.isdigit() or ch in "+-"), 0)
    start = cell.start + first
    unit, magnitude = q.unit, q.magnitude
    if rate or q.percent:
        unit = "%"
    elif not unit and column_unit(name):
        power, unit = split_magnitude(column_unit(name))
        magnitude = magnitude or power
    lead = cell.start if first else -1
    return Figure(start, cell.end, cell.end, digits, magnitude, unit, q.qualifier, lead=lead)
