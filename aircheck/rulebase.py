"""What a rule is, and the shared, cached view of the claims that rules read.

Each rule lives in its own module under :mod:`aircheck.rules` and declares one
:class:`Rule`: a stable code, a name, a default severity, titles in English and
Chinese, and a ``check`` over the whole :class:`Context` at once. The module's
docstring is the rule's documentation (``aircheck explain CODE``, ``docs/rules``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .model import Finding, Location, Severity, page_of
from .units import MAGNITUDE_WORDS, UNITS

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .claimset import ClaimSet
    from .core import Members

#: Relative guard under which a float comparison is re-done exactly.
GUARD = 1e-9
_DIMENSIONS = {name: unit.dimension for name, unit in UNITS.items()}
_FACTORS = {name: float(unit.factor) for name, unit in UNITS.items()}
_EXACT_FIELDS = ("percent", "unit", "text", "magnitude", "decimals", "qualifier")


@dataclass(frozen=True, slots=True)
class Options:
    """How strict the rules are; every field has a sensible default."""

    rounding: str = "either"  # either | truncate | any
    approx_tolerance: Decimal = Decimal(0)  # extra relative width for 约/左右/近
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    packs: tuple[Any, ...] = ()  # rule packs (aircheck.packs.Pack) applied before the rules
    periods: tuple[str, ...] = ()  # per input, in order: "2021-06" or "" to infer it

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    title_en: str
    title_zh: str
    check: Callable[[Context], list[Finding]] | None
    doc: str = ""
    module: str = ""


class Context:
    """The claims and relations of a run, with derived tables computed once.

    Claims are named by their position (an ``int``) in :attr:`core`; relations are read
    wide per kind (``core.wide``, :class:`~aircheck.core.Roles`) or long (:meth:`members`),
    holding positions.
    """

    def __init__(self, claimset: ClaimSet, options: Options) -> None:
        import numpy as np

        from .core import core_of

        self.claimset = claimset
        self.core = claimset.core if claimset.core is not None else core_of(claimset)
        self.options = options
        self.checked_mask = np.zeros(self.core.size, dtype=bool)
        self._exact: dict[int, tuple[Fraction, Fraction, Fraction, Fraction]] = {}
        self._exact_by_value: dict[tuple[Any, ...], tuple[Fraction, Fraction, Fraction, Fraction]]
        self._exact_by_value = {}

    @cached_property
    def claims(self) -> pd.DataFrame:
        """The claims as a frame indexed by position (text columns hold Python objects)."""
        import pandas as pd

        return pd.DataFrame(self.core.columns)

    def claim(self, position: int, fields: tuple[str, ...] = ()) -> dict[str, Any]:
        """One claim's fields by position (rules build messages one finding at a time)."""
        columns = self.core.columns
        at = int(position)
        return {name: columns[name][at] for name in fields or columns}

    def column(self, name: str) -> np.ndarray:
        """One claims column as a numpy array (text columns hold Python objects)."""
        return self.core.columns[name]

    def positions(self, claims: Any) -> np.ndarray:
        """Claim positions as an int64 array (from a Series, a list or an array)."""
        import numpy as np

        values = claims.to_numpy() if hasattr(claims, "to_numpy") else claims
        return np.asarray(values, dtype="int64")

    def members(self, kind: str, role: str | None = None) -> Members:
        """The relations of *kind* long, one entry per member (of *role*, if given)."""
        from .core import Members

        rows = self.core.long.get(kind)
        if rows is None:
            return Members.empty(kind)
        return rows if role is None else rows.role(role)

    # -- figures as intervals in their dimension's base unit ------------------
    def bounds_at(self, positions: Any) -> dict[str, np.ndarray]:
        """:attr:`bound_arrays` of the claims at *positions*, with ``lo`` and ``hi``: the
        interval is made for the claims compared only (two arrays fewer per claim)."""
        import numpy as np

        out = {name: values[positions] for name, values in self.bound_arrays.items()}
        out["lo"] = out["base"] - out["half"]
        out["hi"] = np.where(out["lower_bound"], np.inf, out["base"] + out["half"])
        return out

    @cached_property
    def bound_arrays(self) -> dict[str, np.ndarray]:
        """Per claim: dimension, base value and half-width (floats, for screening), as numpy
        arrays by claim position (a frame of them is another 130 MB at 10^6 rows); the
        interval [lo, hi] by :meth:`bounds_at`."""
        import numpy as np

        from .arrays import factorize
        from .numbers import APPROXIMATE_QUALIFIERS, LOWER_BOUND_QUALIFIERS

        claims = self.core.columns
        percent = claims["percent"].astype(bool)
        unit = np.where(percent, "%", claims["unit"].astype(object))
        # a table has a handful of distinct units: look each up once, then take by code
        codes, units = factorize(unit)
        names = [str(u) for u in units]
        dimensions = np.array([_DIMENSIONS.get(u, f"unknown:{u}") for u in names], dtype=object)
        counting = np.array([d.startswith("count:") for d in dimensions], dtype=bool)
        known = np.array([u in _DIMENSIONS for u in names], dtype=bool)
        factor = np.array([_FACTORS.get(u, 1.0) for u in names], dtype="float64")[codes]
        with np.errstate(over="ignore"):  # a figure near 1e308 in 公里: inf, decided exactly
            base = claims["value"].astype("float64") * factor
            step = claims["ulp"].astype("float64") * factor
        # qualifiers too are few: test each distinct one
        q_codes, qualifiers = factorize(claims["qualifier"])
        approx = np.array([q in APPROXIMATE_QUALIFIERS for q in qualifiers] + [False])[q_codes]
        lower_bound = np.array([q in LOWER_BOUND_QUALIFIERS for q in qualifiers] + [False])[q_codes]
        half = step / 2
        if approx.any():
            with np.errstate(invalid="ignore"):  # 0 × inf for figures beyond float range
                half[approx] += float(self.options.approx_tolerance) * np.abs(base[approx])
        # a whole number of 家/个/台 is a count, exact, not a rounded measurement
        exact_count = (
            counting[codes] & (claims["decimals"] == 0) & (claims["magnitude"] == 0) & ~approx
        )
        half[exact_count] = 0.0
        return {
            "dimension": dimensions[codes],
            "known_unit": known[codes],
            "base": base,
            "step": step,
            "approximate": approx,
            "half": half,
            "lower_bound": lower_bound,
        }

    def exact_bounds(self, claim_id: int) -> tuple[Fraction, Fraction, Fraction]:
        """Exact (base value, lo, hi) of one claim, for decisions near a boundary."""
        return self._exact_figure(claim_id)[:3]  # type: ignore[return-value]

    def exact_half(self, claim_id: int) -> tuple[Fraction, Fraction]:
        """Exact (base value, half-width) of one claim: ``exact_bounds`` without subtracting."""
        figure = self._exact_figure(claim_id)
        return figure[0], figure[3]

    def exact_halves(self, positions: np.ndarray) -> list[tuple[Fraction, Fraction]]:
        """:meth:`exact_half` of many claims, their fields read as lists (no numpy scalar
        per field, which cost most of the time for 50,000 claims)."""
        columns = [self.column(name)[positions].tolist() for name in _EXACT_FIELDS]
        out = []
        for key in zip(*columns):
            cached = self._exact_by_value.get(key)
            if cached is None:
                row = dict(zip(_EXACT_FIELDS, key))
                cached = self._exact_by_value[key] = self._exact_of(row)
            out.append((cached[0], cached[3]))
        return out

    def _exact_figure(self, claim_id: int) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        claim_id = int(claim_id)
        cached = self._exact.get(claim_id)
        if cached is None:
            row = self.claim(claim_id, _EXACT_FIELDS)
            # figures repeat (the same 60.0% or 500 个 on many rows) and the bounds depend
            # only on these fields: each distinct figure is turned into Fractions once
            key = tuple(row[name] for name in _EXACT_FIELDS)
            cached = self._exact_by_value.get(key)
            if cached is None:
                cached = self._exact_by_value[key] = self._exact_of(row)
            self._exact[claim_id] = cached
        return cached

    def _exact_of(self, row: dict[str, Any]) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        """(base, lo, hi, half) of one claim's fields."""
        from .numbers import APPROXIMATE_QUALIFIERS

        unit = "%" if row["percent"] else row["unit"]
        factor = UNITS[unit].factor if unit in UNITS else Fraction(1)
        base = Fraction(Decimal(row["text"])) * factor
        half = Fraction(10) ** (int(row["magnitude"]) - int(row["decimals"])) * factor / 2
        approximate = row["qualifier"] in APPROXIMATE_QUALIFIERS
        if approximate:
            half += Fraction(self.options.approx_tolerance) * abs(base)
        elif (
            unit in UNITS
            and UNITS[unit].dimension.startswith("count:")
            and int(row["decimals"]) == 0
            and int(row["magnitude"]) == 0
        ):
            half = Fraction(0)  # the same exact-count rule as in ``bounds``
        return base, base - half, base + half, half

    def display(self, base_value: Fraction, like: int, extra_decimals: int = 0) -> str:
        """A base-unit value written in the unit, magnitude and decimals of claim *like*."""
        from .ratios import round_half_up

        row = self.claim(like)
        unit = "%" if row["percent"] else row["unit"]
        factor = UNITS[unit].factor if unit in UNITS else Fraction(1)
        mantissa = base_value / factor / Fraction(10) ** int(row["magnitude"])
        decimals = max(int(row["decimals"]), extra_decimals)
        magnitude = MAGNITUDE_WORDS.get(int(row["magnitude"]), "")
        return f"{round_half_up(mantissa, decimals)}{magnitude}{unit}"

    def location(self, claim_id: int) -> Location:
        row = self.claim(claim_id)
        line = int(row["line"])
        page, page_line = page_of(self.claimset.pages.get(row["file"], ()), line)
        return Location(
            file=row["file"],
            line=line,
            page=page,
            page_line=page_line,
            column=int(row["column"]) or None,
            end_column=int(row["end_column"]) or None,
            text=row["raw"],
            section=row["section"],
            subject=row["subject"],
        )

    def mark_checked(self, claim_ids: Any) -> None:
        """Record claims that took part in a check (for the coverage figures)."""

        self.checked_mask[_present(claim_ids)] = True

    @property
    def checked_count(self) -> int:
        return int(self.checked_mask.sum())

    def checked_names(self) -> frozenset[str]:
        """The string ids of the claims checked (made only when an output lists them)."""
        return frozenset(self.core.names()[self.checked_mask].tolist())

    def finding(
        self,
        rule: Rule,
        claim_ids: list[Any],
        en: str,
        zh: str,
        *,
        stated: str | None = None,
        expected: str | None = None,
        fix_en: str = "",
        fix_zh: str = "",
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of *rule* at the places of the claims at *claim_ids* (first one first;
        a missing member, NA or -1, is skipped)."""
        seen: list[int] = []
        for position in _present(claim_ids).tolist():
            if position not in seen:
                seen.append(position)
        fixes = {"en": fix_en, "zh": fix_zh} if fix_en else {}
        override = self.options.severity.get(rule.code)
        chosen = Severity(override) if override else (severity or rule.severity)
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=chosen,
            messages={"en": en, "zh": zh},
            locations=[self.location(c) for c in seen],
            stated=stated,
            expected=expected,
            fixes=fixes,
        )


def _present(claim_ids: Any) -> np.ndarray:
    """The claim positions among *claim_ids* (a Series, frame, list or array), NA and
    negative ones left out, in order."""
    import numpy as np

    from .arrays import isna

    values = claim_ids.to_numpy() if hasattr(claim_ids, "to_numpy") else claim_ids
    array = np.asarray(values)
    if array.dtype == object or array.dtype.kind == "f":
        flat = array.ravel()
        array = flat[~isna(flat)].astype("int64")
    array = array.ravel().astype("int64")
    return array[array >= 0]


def describe(claim: pd.Series | dict[str, Any]) -> str:
    """A figure as the report wrote it, with its unit when the cell had none: ``39.82公里``."""
    raw = str(claim["raw"]).strip() or str(claim["text"])
    if raw[-1:].isdigit() and not claim["percent"]:
        raw += MAGNITUDE_WORDS.get(int(claim["magnitude"]), "") + str(claim["unit"])
    return raw


def max_decimals(ctx: Context, claim_ids: list[int]) -> int:
    """The most decimals any of these claims states (for showing their sum)."""
    return max((int(ctx.claim(i)["decimals"]) for i in claim_ids), default=0)
