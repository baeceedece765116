"""Tables flattened into the text: rows with ``|`` between cells (Markdown, DOCX rows).

A header row names the columns (计划 / 完成 / 完成率, a unit in parentheses); each
body row is a progress triple, and a 合计/总计/全市 row must equal the column sums,
which is the only way to notice a cell lost when empty cells collapsed.
"""

from __future__ import annotations

import re

from ..numbers import NumberFormatError, parse_quantity
from ..units import split_magnitude
from .document import Paragraph, Placed
from .loaders import SourceLine
from .normalise import Mapped, fold_line
from .relations import Found
from .scan import Figure

TOTAL_ROW = re.compile(r"^(?:合计|总计|全省|全市|全县|全区|总体|共计)")
_RATE = re.compile(r"率|比例|%|进度")
_DONE = re.compile(r"完成|实际|已")
_PLAN = re.compile(r"计划|目标|任务")
_UNIT = re.compile(r"\(([^)]+)\)")


def is_table_line(text: str) -> bool:
    cells = text.strip().strip("|").split("|")
    return "|" in text and len(cells) >= 2


def table_runs(lines: list[SourceLine]) -> list[list[SourceLine]]:
    """Consecutive lines (blank lines between allowed) that are table rows."""
    runs: list[list[SourceLine]] = []
    current: list[SourceLine] = []
    for line in lines:
        if not line.text.strip():
            continue
        if is_table_line(line.text) and not re.fullmatch(r"[\s|:\-]+", line.text):
            current.append(line)
        elif re.fullmatch(r"[\s|:\-]+", line.text) and current:
            continue  # a Markdown separator row
        else:
            if len(current) >= 2:
                runs.append(current)
            current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _cells(line: SourceLine) -> tuple[Mapped, list[tuple[int, int, str]]]:
    mapped = fold_line(line)
    text = mapped.text
    spans = []
    start = 0
    for part in text.split("|"):
        end = start + len(part)
        stripped = part.strip()
        if stripped or start:
            offset = start + (len(part) - len(part.lstrip()))
            spans.append((offset, offset + len(stripped), stripped))
        start = end + 1
    if spans and not spans[-1][2]:
        spans.pop()
    return mapped, spans


def _role(header: str) -> str:
    if _RATE.search(header):
        return "rate"
    if _DONE.search(header):
        return "completed"
    if _PLAN.search(header):
        return "planned"
    return ""


def read_tables(
    runs: list[list[SourceLine]], sections: dict[int, str], first_index: int, found: Found
) -> list[Paragraph]:
    """Paragraphs (one per row) holding each table cell's figure; relations into *found*."""
    paragraphs: list[Paragraph] = []
    index = first_index
    for run in runs:
        _, header = _cells(run[0])
        roles = [_role(h[2]) for h in header]
        units = []
        for h in header:
            match = _UNIT.search(h[2])
            units.append(match.group(1) if match else "")
        if not any(roles):
            continue
        rows: list[tuple[str, dict[str, Placed]]] = []
        for line in run[1:]:
            mapped, cells = _cells(line)
            section = sections.get(line.number, "")
            para = Paragraph(mapped, section, index)
            index += 1
            name = cells[0][2] if cells else ""
            placed_by_role: dict[str, Placed] = {}
            for col, (start, end, cell) in enumerate(cells[1:], start=1):
                if col >= len(roles) or not roles[col] or not cell:
                    continue
                try:
                    q = parse_quantity(cell)
                except NumberFormatError:
                    continue
                unit = q.unit
                magnitude = q.magnitude
                if roles[col] == "rate" or q.percent:
                    unit = "%"
                elif not unit and units[col]:
                    power, unit = split_magnitude(units[col])
                    magnitude = magnitude or power
                figure = Figure(
                    start, end, end, format(q.mantissa, "f"), magnitude, unit, q.qualifier
                )
                placed = Placed(figure, para.index, 0, col, 0, section, name)
                placed.subject = f"{name}{header[col][2]}"
                placed.field = roles[col]
                para.figures.append(placed)
                placed_by_role[roles[col]] = placed
            paragraphs.append(para)
            rows.append((name, placed_by_role))
        _relations(rows, found)
    return paragraphs


def _relations(rows: list[tuple[str, dict[str, Placed]]], found: Found) -> None:
    for _, cells in rows:
        if {"planned", "completed", "rate"} <= cells.keys():
            found.pending.append(
                (
                    "ratio",
                    [
                        ("completed", cells["completed"]),
                        ("planned", cells["planned"]),
                        ("rate", cells["rate"]),
                    ],
                )
            )
    totals = [cells for name, cells in rows if TOTAL_ROW.match(name)]
    parts = [cells for name, cells in rows if not TOTAL_ROW.match(name)]
    if len(totals) != 1 or len(parts) < 2:
        return
    for role in ("planned", "completed"):
        if role in totals[0] and all(role in p for p in parts):
            found.pending.append(
                ("sum", [("total", totals[0][role])] + [("part", p[role]) for p in parts])
            )
