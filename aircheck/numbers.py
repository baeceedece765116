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

from .units import MAGNITUDES

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

#: Only these full-width characters are folded (design §1): NFKC would also turn
#: the full-width comma into "," and merge ``1，2`` into ``12``.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")

#: Prefix qualifiers and the suffix ones; 累计 marks a cumulative figure.
PREFIX_QUALIFIERS = ("累计", "大约", "约", "近", "逾", "超")
SUFFIX_QUALIFIERS = ("左右", "余", "多")
#: Qualifiers whose figure is only a lower bound.
LOWER_BOUND_QUALIFIERS = frozenset({"余", "多", "逾", "超"})
#: Qualifiers whose figure is approximate (its precision may be widened by an option).
APPROXIMATE_QUALIFIERS = frozenset({"约", "大约", "左右", "近"})

#: Possessive (*+): no token after a run of spaces can start with a space, so giving
#: spaces back never helps; without it ``1<5000 spaces>x1`` backtracked for minutes.
_SPACES = r"[\s\u3000\u00a0]*+"
QUANTITY_RE = re.compile(
    rf"^{_SPACES}(?P<pre>{'|'.join(PREFIX_QUALIFIERS)})?{_SPACES}"
    r"(?P<sign>[-+])?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    rf"{_SPACES}(?P<post1>余|多)?(?P<mag>万亿|[万亿])?(?P<post2>余|多)?{_SPACES}"
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
        return shift(self.mantissa, self.magnitude)

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

    Each distinct cell is parsed once (columns repeat their figures); plain cells such
    as ``-39.82`` or ``69.8%`` are parsed with numpy's C string functions, the rest
    by :data:`QUANTITY_RE`, the pattern :func:`parse_quantity` uses.
    """
    import pandas as pd

    codes, parsed = parse_distinct_cells(cells.to_numpy(dtype=object))
    return pd.DataFrame({name: column[codes] for name, column in parsed.items()}, index=cells.index)


def parse_distinct_cells(values: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(codes, columns): each distinct cell parsed once; cell *i* is row ``codes[i]``.

    A caller that needs a few of the cells takes ``columns[name][codes[mask]]`` and never
    holds a full-length copy of every column."""
    import numpy as np
    import pandas as pd

    missing = pd.isna(values)
    if missing.any():
        values = np.where(missing, "", values)
    codes, uniques = pd.factorize(values)
    uniques = np.array([u if isinstance(u, str) else str(u) for u in uniques], dtype=object)
    return codes, _parse_distinct(uniques)


def _parse_distinct(cells: np.ndarray) -> dict[str, np.ndarray]:
    """The columns of :func:`parse_column` for distinct text cells."""
    import numpy as np

    n = len(cells)
    out: dict[str, np.ndarray] = {
        "present": np.zeros(n, dtype=bool),
        "ok": np.ones(n, dtype=bool),
        "text": np.full(n, "", dtype=object),
        "value": np.full(n, np.nan),
        "decimals": np.zeros(n, dtype="int64"),
        "magnitude": np.zeros(n, dtype="int64"),
        "ulp": np.full(n, np.nan),
        "percent": np.zeros(n, dtype=bool),
        "unit": np.full(n, "", dtype=object),
        "qualifier": np.full(n, "", dtype=object),
    }
    plain = _plain_mask(cells)
    if plain.any():
        # numpy's C string functions (plain cells exist only where numpy has them)
        text = np.array(cells[plain].tolist(), dtype=np.dtypes.StringDType())
        stripped = np.strings.rstrip(text, "%")
        point = np.strings.find(stripped, ".")
        length = np.strings.str_len(stripped)
        decimals = np.where(point >= 0, length - point - 1, 0).astype("int64")
        body = stripped.astype(object)
        out["present"][plain] = True
        out["text"][plain] = body
        out["value"][plain] = body.astype("float64")
        out["decimals"][plain] = decimals
        out["ulp"][plain] = np.power(10.0, -decimals.astype("float64"))
        out["percent"][plain] = np.strings.endswith(text, "%")
    for i in np.flatnonzero(~plain):
        _parse_one(str(cells[i]), int(i), out)
    return out


def _plain_mask(cells: np.ndarray) -> np.ndarray:
    """Cells that are an ASCII ``-?digits(.digits)?%?`` exactly: the common case."""
    import numpy as np

    if not hasattr(np, "strings") or len(cells) == 0:  # numpy < 2: everything the slow way
        return np.zeros(len(cells), dtype=bool)
    text = np.array(cells.tolist(), dtype=np.dtypes.StringDType())
    strings = np.strings
    rest = strings.lstrip(text, "0123456789.-")
    body = strings.rstrip(text, "%")
    minus = strings.count(body, "-")
    return (
        ((rest == "") | (rest == "%"))
        & (strings.count(body, ".") <= 1)
        & (minus == strings.startswith(body, "-"))
        & (strings.str_len(body) > minus)
        & ~strings.startswith(body, ".")
        & ~strings.startswith(body, "-.")
        & ~strings.endswith(body, ".")
    )


def _parse_one(cell: str, i: int, out: dict[str, np.ndarray]) -> None:
    """Fill row *i* of *out* from one cell with the full pattern (as parse_quantity reads it)."""
    folded = normalise(cell)
    if not folded.strip():
        return
    out["present"][i] = True
    match = QUANTITY_RE.match(folded)
    if match is None:
        out["ok"][i] = False
        return
    g = match.groupdict()
    frac = g["frac"] or ""
    magnitude = MAGNITUDES.get(g["mag"] or "", 0)
    mantissa = ("-" if g["sign"] == "-" else "") + g["int"].replace(",", "")
    mantissa += "." + frac if frac else ""
    out["text"][i] = str(shift(Decimal(mantissa), magnitude)) if magnitude else mantissa
    out["value"][i] = float(mantissa) * 10.0**magnitude
    out["decimals"][i] = len(frac)
    out["magnitude"][i] = magnitude
    out["ulp"][i] = 10.0 ** (magnitude - len(frac))
    out["percent"][i] = bool(g["pct"])
    out["unit"][i] = g["unit"] or ""
    out["qualifier"][i] = _qualifier(g["pre"], g["post1"], g["post2"], g["post3"])


def shift(value: Decimal, places: int) -> Decimal:
    """*value* × 10^places exactly: ``scaleb`` rounds to the context's 28 digits."""
    if not value.is_finite():
        return value
    sign, digits, exponent = value.as_tuple()
    return Decimal((sign, digits, int(exponent) + places))
