"""A finding's expected value as a reader should see it: with its % or unit, a convention in words.

Rules keep ``expected`` bare where the figure's own unit is implied (a rate's ``69.9``,
a count's ``2``, a bound's ``<= 21``); shown alone, ``应为：69.9`` under ``69.8%`` reads
as a different kind of number. The unit is the one the figure itself is written with.
"""

from __future__ import annotations

import re

from ..i18n import word
from ..model import Finding

#: AC105 states and expects a rounding convention by name; these are translated.
CONVENTIONS = frozenset({"truncation", "rounding", "mixed", "undetermined"})
#: A bare number, maybe after a comparison: ``69.9``, ``-3``, ``<= 21``, ``1,200``.
_BARE = re.compile(r"(?:(?:<=|>=|[<>≤≥])\s*)?[-+]?\d[\d,]*(?:\.\d+)?")
#: What follows a figure's last digit: its %, its unit, with the space before it if any.
_UNIT = re.compile(r"\d(\s?[^\d\s][^\d]{0,7})$")


def expected_text(finding: Finding, lang: str) -> str | None:
    """``finding.expected`` for display in *lang*: ``69.9%``, ``2个``, ``四舍五入``; None if none."""
    value = finding.expected
    if value is None:
        return None
    if value in CONVENTIONS:
        return word(value, lang)
    if _BARE.fullmatch(value.strip()):
        return value + unit_of(finding)
    return value


def unit_of(finding: Finding) -> str:
    """The % or unit the finding's figure (its first location) is written with, else ``""``."""
    text = finding.locations[0].text.strip() if finding.locations else ""
    match = _UNIT.search(text)
    return match.group(1) if match else ""
