"""The other baseline: pandera alone, with vectorised custom checks on the same table.

Reads the generated table with pandas, parses the figures to floats and validates
one ``DataFrameSchema`` lazily: cells that are not numbers, negative figures, part
above whole on share rows, and the rate against completed / planned under half-up,
half-even or truncation (float arithmetic with a small tolerance: what pandera
invites; no exact fallback and no allowance for the inputs' own rounding).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pandera.pandas as pa

NUMBER = r"^\s*(?:约)?\s*(-?\d+(?:\.\d+)?)\s*[%％]?\s*$"


def _figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Float value and decimals of each numeric cell, and whether the cell is readable."""
    out = pd.DataFrame(index=frame.index)
    for name in ("planned", "completed", "rate"):
        cell = frame[name].str.strip()
        digits = cell.str.extract(NUMBER, expand=False)
        out[name] = pd.to_numeric(digits, errors="coerce")
        out[f"{name}_ok"] = (cell == "") | digits.notna()
        out[f"{name}_dec"] = digits.str.partition(".")[2].str.len().fillna(0)
    out["kind"] = frame["kind"].replace("", "progress")
    return out


def _rate_ok(df: pd.DataFrame) -> pd.Series:
    complete = df[["planned", "completed", "rate"]].notna().all(axis=1) & (df["planned"] != 0)
    exact = df["completed"] * 100 / df["planned"]
    scale = 10.0 ** df["rate_dec"]
    half_up = np.floor(exact * scale + 0.5 + 1e-9) / scale
    half_even = np.round(exact * scale) / scale
    cut = np.floor(exact * scale + 1e-9) / scale
    tolerance = 0.5 / scale * 1e-6
    matches = (
        (np.abs(half_up - df["rate"]) <= tolerance)
        | (np.abs(half_even - df["rate"]) <= tolerance)
        | (np.abs(cut - df["rate"]) <= tolerance)
    )
    return ~complete | matches


def _part_ok(df: pd.DataFrame) -> pd.Series:
    share = (df["kind"] == "share") & df["planned"].notna() & df["completed"].notna()
    return ~share | (df["completed"] <= df["planned"])


SCHEMA = pa.DataFrameSchema(
    {
        "planned": pa.Column(float, pa.Check.ge(0), nullable=True),
        "completed": pa.Column(float, pa.Check.ge(0), nullable=True),
        "rate": pa.Column(float, nullable=True),
        "planned_ok": pa.Column(bool, pa.Check.eq(True)),
        "completed_ok": pa.Column(bool, pa.Check.eq(True)),
        "rate_ok": pa.Column(bool, pa.Check.eq(True)),
    },
    checks=[
        pa.Check(_rate_ok, name="rate_rounding"),
        pa.Check(_part_ok, name="part_le_whole"),
    ],
)


def check(path: str) -> list[tuple[str, int]]:
    """(check name, line) of every failure case."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    figures = _figures(frame)
    try:
        SCHEMA.validate(figures, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = pd.to_numeric(cases["index"], errors="coerce") + 2
        # a dataframe-wide check reports each column of a failing row: one per row here
        return sorted(
            {
                (str(check), int(line))
                for check, line in zip(cases["check"], lines)
                if not np.isnan(line)
            }
        )
    return []


if __name__ == "__main__":
    for name, line in check(sys.argv[1]):
        print(f"{line}\t{name}")
