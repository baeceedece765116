"""What a rule pack says, as plain frozen data: named figures, keys, checks, options.

The reader (:mod:`aircheck.pack_reader`) builds these from YAML; the relations
(:mod:`aircheck.pack_relations`) turn them into ClaimSet relations. Selectors
match claims over a whole frame at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FIELDS = ("planned", "completed", "rate", "value")
SEVERITIES = ("error", "warning", "info")
ROUNDINGS = ("round", "truncate", "round-or-truncate", "exact")
SELECTOR_KEYS = {"section", "subject", "item", "field", "key", "unit"}
#: claims up to which a selector tests element by element instead of by column
SMALL = 5000
_BRACKETS = str.maketrans("()（）", "（）（）")


def field_of(claims: pd.DataFrame) -> pd.Series:
    """Each claim's field, a bare figure of a text (no field) read as ``value``."""
    return claims["field"].where(claims["field"] != "", "value")


def fold_section(text: str) -> str:
    """Sections compare with full- and half-width brackets alike and without spaces."""
    return "".join(str(text).split()).translate(_BRACKETS)


@dataclass(frozen=True, slots=True)
class Selector:
    """Which claims a name means: every given attribute must match (lists mean any of)."""

    section: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()  # regular expressions, searched in the subject / item
    field: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()

    def mask(self, claims: pd.DataFrame) -> pd.Series:
        """The claims this selector matches, computed over the whole frame at once."""
        import pandas as pd

        if len(claims) <= SMALL:
            listed = self.matches(lambda name: claims[name].tolist(), len(claims))
            return pd.Series(listed, index=claims.index, dtype=bool)
        out = pd.Series(True, index=claims.index)
        if self.section:
            out &= claims["section"].map(fold_section).isin({fold_section(s) for s in self.section})
        if self.subject:
            pattern = "|".join(f"(?:{p})" for p in self.subject)
            out &= claims["subject"].str.contains(pattern, regex=True, na=False)
        if self.field:
            out &= field_of(claims).isin(self.field)
        if self.key:
            out &= claims["key"].str.strip().isin(self.key)
        if self.unit:
            out &= claims["unit"].isin(self.unit)
        return out

    def matches(self, column: Callable[[str], list[Any]], size: int) -> list[bool]:
        """:meth:`mask` of a report's few hundred claims, element by element; *column*
        gives a claims column as a list. The same tests (``re.search`` is what
        ``str.contains`` runs) without a Series per test, which cost a small run more
        than everything else a pack does, and without pandas for a report's records."""
        import re

        out = [True] * size

        def narrow(name: str, test: Callable[[Any], bool]) -> None:
            for at, value in enumerate(column(name)):
                if out[at] and not test(value):
                    out[at] = False

        if self.section:
            sections = {fold_section(s) for s in self.section}
            narrow("section", lambda v: fold_section(v) in sections)
        if self.subject:
            search = re.compile("|".join(f"(?:{p})" for p in self.subject)).search
            narrow("subject", lambda v: isinstance(v, str) and search(v) is not None)
        if self.field:
            fields = set(self.field)
            narrow("field", lambda v: (v if v != "" else "value") in fields)
        if self.key:
            keys = set(self.key)
            narrow("key", lambda v: isinstance(v, str) and v.strip() in keys)
        if self.unit:
            units = set(self.unit)
            narrow("unit", lambda v: v in units)
        return out


@dataclass(frozen=True, slots=True)
class Figure:
    """A named figure: the union of its alternatives must match exactly one claim per file."""

    name: str
    alternatives: tuple[Selector, ...]

    def mask(self, claims: pd.DataFrame) -> pd.Series:
        out = self.alternatives[0].mask(claims)
        for alternative in self.alternatives[1:]:
            out |= alternative.mask(claims)
        return out

    def matches(self, column: Callable[[str], list[Any]], size: int) -> list[bool]:
        """:meth:`mask` element by element (see :meth:`Selector.matches`)."""
        out = self.alternatives[0].matches(column, size)
        for alternative in self.alternatives[1:]:
            out = [a or b for a, b in zip(out, alternative.matches(column, size))]
        return out


@dataclass(frozen=True, slots=True)
class Key:
    """A figure repeated across sections: claims matching any synonym share this key."""

    name: str
    figure: Figure
    fields: tuple[str, ...]
    cumulative: bool | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """A sum, funnel or expression check over named figures."""

    kind: str  # sum | funnel | expression
    name: str
    figures: tuple[str, ...]  # sum: total first; funnel: stages in order
    expression: str = ""
    per: str = "file"  # file | item
    where: Selector | None = None
    severity: str = ""
    tolerance: str = ""
    rounding: str = ""
    message_en: str = ""
    message_zh: str = ""
    place: str = ""

    @property
    def custom(self) -> bool:
        return bool(self.severity or self.tolerance or self.rounding or self.message_en)


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    source: str
    description: str = ""
    match: tuple[str, ...] = ()
    figures: dict[str, Figure] = field(default_factory=dict)
    keys: tuple[Key, ...] = ()
    checks: tuple[Check, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    rounding: str = ""
