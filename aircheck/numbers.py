"""Read stated figures as text so that their precision survives.

A figure such as ``约3.13万亩`` becomes a :class:`Quantity`: the exact value
(3.13 × 10⁴ = 31300), the stated precision (two decimals of the mantissa, so one
unit of the last digit is 100 亩), the magnitude word, the unit and the
qualifier. ``125.0`` keeps its decimal; nothing is ever rounded through a float.

The same pattern serves single strings (:func:`parse_quantity`, used by the text
extractor) and whole table columns (:func:`parse_column`, vectorised with pandas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Only these full-width characters are folded (design §1): NFKC would also turn
#: the full-width comma into "," and merge ``1，2`` into ``12``.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")

#: Magnitude words that combine with any unit.
MAGNITUDES: dict[str, int] = {"万": 4, "亿": 8}

#: Prefix qualifiers and the suffix ones; 累计 marks a cumulative figure.
PREFIX_QUALIFIERS = ("累计", "大约", "约", "近", "逾", "超")
SUFFIX_QUALIFIERS = ("左右", "余", "多")
#: Qualifiers whose figure is only a lower bound.
LOWER_BOUND_QUALIFIERS = frozenset({"余", "多", "逾", "超"})
#: Qualifiers whose figure is approximate (its precision may be widened by an option).
APPROXIMATE_QUALIFIERS = frozenset({"约", "大约", "左右", "近"})

_SPACES = r"[\s\u3000\u00a0]*"
QUANTITY_RE = re.compile(
    rf"^{_SPACES}(?P<pre>{'|'.join(PREFIX_QUALIFIERS)})?{_SPACES}"
    r"(?P<sign>[-+])?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    rf"{_SPACES}(?P<post1>余|多)?(?P<mag>[万亿])?(?P<post2>余|多)?{_SPACES}"
    rf"(?P<pct>%)?{_SPACES}"
    r"(?P<unit>[^\d\s%,.+\-左右余多]*?)"
    rf"{_SPACES}(?P<post3>左右)?{_SPACES}$"
)


class NumberFormatError(ValueError):
    """A text that should hold a figure does not."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """One stated figure, exactly as precise as it was written."""

    text: str
    mantissa: Decimal
    decimals: int
    magnitude: int = 0
    percent: bool = False
    unit: str = ""
    qualifier: str = ""

    @property
    def value(self) -> Decimal:
        """The figure with its magnitude word applied (3.13万 → 31300)."""
        return self.mantissa.scaleb(self.magnitude)

    @property
    def unit_of_last_digit(self) -> Decimal:
        """One unit of the last stated digit, magnitude applied (3.13万 → 100)."""
        return Decimal(1).scaleb(self.magnitude - self.decimals)

    @property
    def is_lower_bound(self) -> bool:
        return self.qualifier in LOWER_BOUND_QUALIFIERS

    @property
    def is_approximate(self) -> bool:
        return self.qualifier in APPROXIMATE_QUALIFIERS


def normalise(text: str) -> str:
    """Fold full-width digits, ．, ％, － and ＋ to ASCII; nothing else."""
    return text.translate(FULLWIDTH)


def _qualifier(*parts: str | None) -> str:
    return next((p for p in parts if p), "")


def parse_quantity(text: str) -> Quantity:
    """Parse one figure such as ``69.8%``, ``1,293.17``, ``约790.15万吨``, ``70家左右``.

    Raises :class:`NumberFormatError` when the text is not a single figure.
    """
    match = QUANTITY_RE.match(normalise(text))
    if match is None:
        raise NumberFormatError(f"not a number: {text!r}")
    g = match.groupdict()
    frac = g["frac"] or ""
    digits = g["int"].replace(",", "") + ("." + frac if frac else "")
    mantissa = Decimal(("-" if g["sign"] == "-" else "") + digits)
    return Quantity(
        text=text,
        mantissa=mantissa,
        decimals=len(frac),
        magnitude=MAGNITUDES.get(g["mag"] or "", 0),
        percent=bool(g["pct"]),
        unit=g["unit"] or "",
        qualifier=_qualifier(g["pre"], g["post1"], g["post2"], g["post3"]),
    )


def format_decimal(value: Decimal, decimals: int) -> str:
    """Render *value* with exactly *decimals* digits after the point."""
    return f"{value:.{max(decimals, 0)}f}"


def parse_column(cells: pd.Series) -> pd.DataFrame:
    """Parse a column of cells at once; empty cells give ``present == False``.

    Returns one row per cell with: ``present``, ``ok``, ``text`` (the exact decimal
    string of the value, magnitude applied), ``value`` (float, for fast screening
    only), ``decimals``, ``magnitude``, ``ulp`` (float unit of the last digit),
    ``percent``, ``unit`` and ``qualifier``.
    """
    import numpy as np
    import pandas as pd

    raw = cells.fillna("").astype(str)
    folded = raw.str.translate(FULLWIDTH)
    present = folded.str.strip().str.len() > 0
    parts = folded.str.extract(QUANTITY_RE)
    ok = parts["int"].notna() & present
    frac = parts["frac"].fillna("")
    decimals = frac.str.len().astype("int64")
    magnitude = parts["mag"].map(MAGNITUDES).fillna(0).astype("int64")
    sign = np.where(parts["sign"] == "-", "-", "")
    int_digits = parts["int"].fillna("0").str.replace(",", "", regex=False)
    mantissa = sign + int_digits + np.where(frac != "", "." + frac, "")
    mantissa_value = pd.to_numeric(pd.Series(mantissa, index=cells.index), errors="coerce")
    scale = np.power(10.0, magnitude.to_numpy())
    value = mantissa_value.to_numpy(dtype="float64") * scale
    ulp = np.power(10.0, (magnitude - decimals).to_numpy(dtype="float64"))
    exact_text = pd.Series(mantissa, index=cells.index)
    scaled = magnitude > 0
    if scaled.any():
        exact_text[scaled] = [
            str(Decimal(m).scaleb(int(k))) for m, k in zip(exact_text[scaled], magnitude[scaled])
        ]
    qualifier = (
        parts["pre"].fillna(parts["post1"]).fillna(parts["post2"]).fillna(parts["post3"]).fillna("")
    )
    return pd.DataFrame(
        {
            "present": present,
            "ok": ok | ~present,
            "text": exact_text.where(ok, ""),
            "value": np.where(ok, value, np.nan),
            "decimals": decimals,
            "magnitude": magnitude,
            "ulp": np.where(ok, ulp, np.nan),
            "percent": parts["pct"].notna(),
            "unit": parts["unit"].fillna(""),
            "qualifier": qualifier,
        },
        index=cells.index,
    )
