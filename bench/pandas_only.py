"""The floor: plain pandas with float arithmetic, the checks a user would vectorise first.

Same checks as ``rowloop.py`` on a generated table (bench/generate.py): unreadable
cells (AC501), negative figures (AC202), part above whole on share rows (AC201), the
rate against completed / planned under half-up, half-even or truncation (AC101 when
none fits, AC102 when only truncation does), and keyed figures that differ (AC301).
Floats decide everything, with no tolerance and no exact fallback: ties such as
390 / 650 = 60.0 % sit on a float boundary, so some correct rates are false alarms.
That is the price of this floor, and why aircheck is exact.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

NUMBER = r"^(?:约)?(-?\d+(?:\.\d+)?)[%％]?$"


def check(path: str) -> list[tuple[str, int]]:
    """(code, line) of every finding in the table at *path*."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    lines = np.arange(len(frame)) + 2
    findings: list[tuple[str, np.ndarray]] = []
    value, decimals, present = {}, {}, {}
    for name in ("planned", "completed", "rate"):
        cell = frame[name].str.strip()
        digits = cell.str.extract(NUMBER, expand=False)
        value[name] = pd.to_numeric(digits, errors="coerce").to_numpy()
        point = digits.str.find(".").to_numpy(dtype="float64")
        decimals[name] = np.where(point >= 0, digits.str.len().to_numpy("float64") - point - 1, 0)
        present[name] = (cell != "").to_numpy()
        findings.append(("AC501", lines[present[name] & digits.isna().to_numpy()]))
        if name != "rate":
            findings.append(("AC202", lines[value[name] < 0]))
    kind = frame["kind"].to_numpy(dtype=object)
    c, p, r = value["completed"], value["planned"], value["rate"]
    findings.append(("AC201", lines[(kind == "share") & (c > p)]))
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = c * 100 / p
        scale = 10.0 ** decimals["rate"]
        half_up = np.floor(exact * scale + 0.5) / scale
        half_even = np.round(exact * scale) / scale
        cut = np.floor(exact * scale) / scale
    complete = ~np.isnan(c) & ~np.isnan(p) & ~np.isnan(r) & (p != 0)
    rounded = complete & ((half_up == r) | (half_even == r))
    truncated = complete & ~rounded & (cut == r)
    findings.append(("AC101", lines[complete & ~rounded & ~truncated]))
    findings.append(("AC102", lines[truncated]))
    keyed = pd.DataFrame({"key": frame["key"].str.strip(), "line": lines})
    for name in ("planned", "completed", "rate"):
        keyed[name] = value[name]
    keyed = keyed[keyed["key"] != ""]
    for name in ("planned", "completed", "rate"):
        groups = keyed.dropna(subset=[name]).groupby("key")
        spread = groups[name].nunique()
        first = groups["line"].min()
        findings.append(("AC301", first[spread > 1].to_numpy()))
    out = [(code, int(line)) for code, at in findings for line in at]
    if truncated.any() and rounded.any():
        out.append(("AC105", 1))
    return sorted(set(out), key=lambda f: (f[1], f[0]))


if __name__ == "__main__":
    for code, line in check(sys.argv[1]):
        print(f"{line}\t{code}")
