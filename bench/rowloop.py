"""The baseline a competent engineer would write first: one row at a time, exact Decimal.

Same checks as aircheck's table rules on a generated table (bench/generate.py):
unreadable cells (AC501), negative figures (AC202), part above whole (AC201),
the rate against completed / planned under half-up, half-even and truncation,
allowing for the inputs' own rounding (AC101, AC102, AC103), and figures that
share a key but differ (AC301). English headers only; units cancel within a row.
"""

from __future__ import annotations

import csv
import re
import sys
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

NUMBER = re.compile(r"^\s*(约)?\s*(-?\d+(?:\.\d+)?)\s*(%|％)?\s*$")


def parse(cell: str) -> tuple[Decimal, int] | None:
    """A figure and its decimals, or None for a cell that is not a number."""
    match = NUMBER.match(cell)
    if match is None:
        return None
    digits = match.group(2)
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return value, len(digits.partition(".")[2])


def rate_outcome(
    completed: tuple[Decimal, int], planned: tuple[Decimal, int], rate: tuple[Decimal, int]
) -> str:
    """consistent, truncated, input_rounding or inconsistent (as aircheck's ratios)."""
    if planned[0] == 0:
        return "unchecked"
    quantum = Decimal(1).scaleb(-rate[1])
    exact = completed[0] * 100 / planned[0]
    for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
        if exact.quantize(quantum, rounding=mode) == rate[0]:
            return "consistent"
    if exact.quantize(quantum, rounding=ROUND_DOWN) == rate[0] and exact >= 0:
        return "truncated"
    c_half = Decimal(1).scaleb(-completed[1]) / 2 if completed[1] else Decimal(0)
    p_half = Decimal(1).scaleb(-planned[1]) / 2 if planned[1] else Decimal(0)
    low = (completed[0] - c_half) * 100 / (planned[0] + p_half)
    denominator = planned[0] - p_half
    high = (completed[0] + c_half) * 100 / denominator if denominator > 0 else Decimal("Infinity")
    half = quantum / 2
    if low <= rate[0] + half and high >= rate[0] - half:
        return "input_rounding"
    return "inconsistent"


def check(path: str) -> list[tuple[str, int]]:
    """(code, line) of every finding in the table at *path*."""
    findings: list[tuple[str, int]] = []
    keyed: dict[tuple[str, str], list[tuple[Decimal, int]]] = {}
    truncated = rounded = 0
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            figures: dict[str, tuple[Decimal, int]] = {}
            for name in ("planned", "completed", "rate"):
                cell = (row.get(name) or "").strip()
                if not cell:
                    continue
                parsed = parse(cell)
                if parsed is None:
                    findings.append(("AC501", line))
                    continue
                figures[name] = parsed
                if name != "rate" and parsed[0] < 0:
                    findings.append(("AC202", line))
            kind = (row.get("kind") or "progress").strip() or "progress"
            if kind == "share" and "planned" in figures and "completed" in figures:
                part, whole = figures["completed"][0], figures["planned"][0]
                if part > whole:
                    findings.append(("AC201", line))
            if {"planned", "completed", "rate"} <= figures.keys():
                outcome = rate_outcome(figures["completed"], figures["planned"], figures["rate"])
                if outcome == "inconsistent":
                    findings.append(("AC101", line))
                elif outcome == "truncated":
                    findings.append(("AC102", line))
                    truncated += 1
                elif outcome == "input_rounding":
                    findings.append(("AC103", line))
                elif outcome == "consistent":
                    rounded += 1
            key = (row.get("key") or "").strip()
            if key:
                for name, figure in figures.items():
                    keyed.setdefault((key, name), []).append((figure[0], line))
    for members in keyed.values():
        if len(members) > 1 and len({value for value, _ in members}) > 1:
            findings.append(("AC301", members[0][1]))
    if truncated and rounded:
        findings.append(("AC105", 1))
    return sorted(findings, key=lambda f: (f[1], f[0]))


if __name__ == "__main__":
    for code, line in check(sys.argv[1]):
        print(f"{line}\t{code}")
