"""What a rule is, and the shared, cached view of the claims that rules read.

Each rule lives in its own module under :mod:`aircheck.rules` and declares one
:class:`Rule`: a stable code, a name, a default severity, titles in English and
Chinese, and a ``check`` over the whole :class:`Context` at once. The module's
docstring is the rule's documentation (``aircheck explain CODE``, ``docs/rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    """The claims and relations of a run, with derived tables computed once."""

    def __init__(self, claimset: ClaimSet, options: Options) -> None:
        import pandas as pd

        self.claimset = claimset
        claims = claimset.claims.set_index("claim_id", drop=False)
        # rules read text columns as plain objects: pandas' python-backed ``str`` columns
        # cost a Python call per element in every comparison (seconds at a million claims)
        text = [c for c in claims.columns if isinstance(claims[c].dtype, pd.StringDtype)]
        self.claims = claims.astype(dict.fromkeys(text, object)) if text else claims
        self.relations = claimset.relations
        self.options = options
        self.checked: set[str] = set()
        self._columns: dict[str, np.ndarray] = {}
        self._exact: dict[str, tuple[Fraction, Fraction, Fraction, Fraction]] = {}
        self._exact_by_value: dict[tuple[Any, ...], tuple[Fraction, Fraction, Fraction, Fraction]]
        self._exact_by_value = {}
        self._roles: dict[str, pd.DataFrame] = {}

    def claim(self, claim_id: str, fields: tuple[str, ...] = ()) -> dict[str, Any]:
        """One claim's fields by id: a hash lookup, not ``.loc`` (which costs ~100 µs a call).

        Rules build messages one finding at a time; at a million rows with thousands of
        findings, ``.loc`` per finding dominated a run.
        """
        position = self.claims.index.get_loc(claim_id)
        if not isinstance(position, int):  # a duplicated id: the first, as .loc[...].iloc[0]
            import numpy as np

            position = int(np.flatnonzero(np.asarray(position))[0])
        columns = self._all_columns()
        return {name: columns[name][position] for name in fields or columns}

    def _all_columns(self) -> dict[str, np.ndarray]:
        columns = self._columns
        if not columns:
            columns.update({c: self.claims[c].to_numpy() for c in self.claims.columns})
        return columns

    def column(self, name: str) -> np.ndarray:
        """One claims column as a numpy array (text columns hold Python objects)."""
        return self._all_columns()[name]

    def positions(self, claim_ids: Any) -> np.ndarray:
        """Row positions of *claim_ids* in :attr:`claims` (a hash lookup, no frame built).

        Raises ``KeyError`` for an unknown id, as ``.loc`` does.
        """
        import numpy as np

        ids = np.asarray(claim_ids, dtype=object)
        index = self.claims.index
        if not index.is_unique:  # duplicated ids: the first of each, as claim() reads
            first = ~index.duplicated(keep="first")
            found = np.flatnonzero(first)[index[first].get_indexer(ids)]
            missing = index[first].get_indexer(ids) < 0
        else:
            found = index.get_indexer(ids)
            missing = found < 0
        if missing.any():
            raise KeyError(ids[missing].tolist()[:5])
        return found

    @cached_property
    def relation_arrays(self) -> dict[str, np.ndarray]:
        """The relations' columns as object arrays: comparing pandas' python-backed ``str``
        columns calls Python once a cell, numpy's object arrays compare in C."""
        return {c: self.relations[c].to_numpy(dtype=object) for c in self.relations.columns}

    def relations_of(self, kind: str, role: str | None = None) -> pd.DataFrame:
        """The relation rows of *kind* (and *role*), selected on object arrays."""
        rel = self.relation_arrays
        mask = rel["kind"] == kind
        if role is not None:
            mask &= rel["role"] == role
        return self.relations[mask]

    @cached_property
    def bound_arrays(self) -> dict[str, np.ndarray]:
        """The columns of :attr:`bounds` as numpy arrays, by claim position."""
        return {name: self.bounds[name].to_numpy() for name in self.bounds.columns}

    # -- figures as intervals in their dimension's base unit ------------------
    @cached_property
    def bounds(self) -> pd.DataFrame:
        """Per claim: dimension, base value, half-width and [lo, hi] (floats, for screening)."""
        import numpy as np
        import pandas as pd

        claims = self.claims
        # numpy arrays throughout: a Series handed to numpy is probed for attributes, and
        # each probe searched the 2.5-million-id index (about 0.1 s a probe at 10^6 rows)
        percent = claims["percent"].to_numpy(dtype=bool)
        unit = np.where(percent, "%", claims["unit"].to_numpy(dtype=object))
        # a table has a handful of distinct units: look each up once, then take by code
        codes, units = pd.factorize(unit)
        names = [str(u) for u in units]
        dimensions = np.array([_DIMENSIONS.get(u, f"unknown:{u}") for u in names], dtype=object)
        counting = np.array([d.startswith("count:") for d in dimensions], dtype=bool)
        known = np.array([u in _DIMENSIONS for u in names], dtype=bool)
        factor = np.array([_FACTORS.get(u, 1.0) for u in names], dtype="float64")[codes]
        base = claims["value"].to_numpy(dtype="float64") * factor
        step = claims["ulp"].to_numpy(dtype="float64") * factor
        qualifier = claims["qualifier"].to_numpy(dtype=object)
        approx = np.isin(qualifier, ["约", "大约", "左右", "近"])
        with np.errstate(invalid="ignore"):  # 0 × inf for figures beyond float range
            widen = float(self.options.approx_tolerance) * np.abs(base)
        half = step / 2 + np.where(approx, widen, 0.0)
        # a whole number of 家/个/台 is a count, exact, not a rounded measurement
        exact_count = (
            counting[codes]
            & (claims["decimals"].to_numpy() == 0)
            & (claims["magnitude"].to_numpy() == 0)
            & ~approx
        )
        half = np.where(exact_count, 0.0, half)
        lower_bound = np.isin(qualifier, ["余", "多", "逾", "超"])
        return pd.DataFrame(
            {
                "dimension": dimensions[codes],
                "known_unit": known[codes],
                "base": base,
                "step": step,
                "approximate": approx,
                "half": half,
                "lo": base - half,
                "hi": np.where(lower_bound, np.inf, base + half),
                "lower_bound": lower_bound,
            },
            index=claims.index,
        )

    def exact_bounds(self, claim_id: str) -> tuple[Fraction, Fraction, Fraction]:
        """Exact (base value, lo, hi) of one claim, for decisions near a boundary."""
        return self._exact_figure(claim_id)[:3]  # type: ignore[return-value]

    def exact_half(self, claim_id: str) -> tuple[Fraction, Fraction]:
        """Exact (base value, half-width) of one claim: ``exact_bounds`` without subtracting."""
        figure = self._exact_figure(claim_id)
        return figure[0], figure[3]

    def _exact_figure(self, claim_id: str) -> tuple[Fraction, Fraction, Fraction, Fraction]:
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
        unit = "%" if row["percent"] else row["unit"]
        factor = UNITS[unit].factor if unit in UNITS else Fraction(1)
        base = Fraction(Decimal(row["text"])) * factor
        half = Fraction(10) ** (int(row["magnitude"]) - int(row["decimals"])) * factor / 2
        approximate = row["qualifier"] in ("约", "大约", "左右", "近")
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

    def display(self, base_value: Fraction, like: str, extra_decimals: int = 0) -> str:
        """A base-unit value written in the unit, magnitude and decimals of claim *like*."""
        from .ratios import round_half_up

        row = self.claim(like)
        unit = "%" if row["percent"] else row["unit"]
        factor = UNITS[unit].factor if unit in UNITS else Fraction(1)
        mantissa = base_value / factor / Fraction(10) ** int(row["magnitude"])
        decimals = max(int(row["decimals"]), extra_decimals)
        magnitude = MAGNITUDE_WORDS.get(int(row["magnitude"]), "")
        return f"{round_half_up(mantissa, decimals)}{magnitude}{unit}"

    def roles(self, kind: str) -> pd.DataFrame:
        """Relations of *kind* pivoted wide: one row per relation, one column per role."""
        import numpy as np
        import pandas as pd

        from .arrays import factorize_sorted

        cached = self._roles.get(kind)
        if cached is not None:
            return cached.copy()
        rel = self.relation_arrays
        chosen = rel["kind"] == kind
        if not chosen.any():
            return pd.DataFrame()
        # what pivot_table(aggfunc="first") gives, without its groupby (seconds at 10^6 rows)
        chosen &= pd.notna(rel["claim_id"])
        claim_ids = rel["claim_id"][chosen]
        rows, relation_ids = factorize_sorted(rel["relation_id"][chosen])  # sorted in C
        columns, roles = pd.factorize(rel["role"][chosen], sort=True)
        # the first claim of each (relation, role), found on integer codes, not strings
        _, first = np.unique(rows * len(roles) + columns, return_index=True)
        wide = np.full((len(relation_ids), len(roles)), np.nan, dtype=object)
        wide[rows[first], columns[first]] = claim_ids[first]
        frame = pd.DataFrame(
            wide,
            index=pd.Index(relation_ids, name="relation_id"),
            columns=pd.Index(roles, name="role"),
        )
        self._roles[kind] = frame
        return frame.copy()

    def location(self, claim_id: str) -> Location:
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

    def mark_checked(self, claim_ids: Iterable[object]) -> None:
        """Record claims that took part in a check (for the coverage figures)."""
        import numpy as np

        ids = np.asarray(claim_ids, dtype=object).ravel()
        ids = ids[np.array([isinstance(c, str) for c in ids.tolist()], dtype=bool)]
        self.checked.update(ids[ids != ""].tolist())

    def finding(
        self,
        rule: Rule,
        claim_ids: list[str],
        en: str,
        zh: str,
        *,
        stated: str | None = None,
        expected: str | None = None,
        fix_en: str = "",
        fix_zh: str = "",
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of *rule* at the places of *claim_ids* (first one first)."""
        seen: list[str] = []
        for claim_id in claim_ids:
            if isinstance(claim_id, str) and claim_id and claim_id not in seen:
                seen.append(claim_id)
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


def describe(claim: pd.Series | dict[str, Any]) -> str:
    """A figure as the report wrote it, with its unit when the cell had none: ``39.82公里``."""
    raw = str(claim["raw"]).strip() or str(claim["text"])
    if raw[-1:].isdigit() and not claim["percent"]:
        raw += MAGNITUDE_WORDS.get(int(claim["magnitude"]), "") + str(claim["unit"])
    return raw


def max_decimals(ctx: Context, claim_ids: list[str]) -> int:
    """The most decimals any of these claims states (for showing their sum)."""
    return max((int(ctx.claim(i)["decimals"]) for i in claim_ids), default=0)
