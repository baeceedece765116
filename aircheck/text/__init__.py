"""Read a report itself (TXT, Markdown, DOCX, PDF) into claims and relations.

Modules, one job each: :mod:`.loaders` (file → numbered lines), :mod:`.normalise`
(folding with a map back to the file), :mod:`.sections` (headings),
:mod:`.scan` (figures, and what is not one), :mod:`.document` (sentences and
clauses), :mod:`.relations` (shapes of sentences), :mod:`.linking` (the same figure
in two sections), :mod:`.to_table` (claims back to the table format) and
:mod:`.coverage` (which claims nothing checked).

The names below are imported on first use: validating a table reads
:mod:`.coverage` and should not pay for compiling the extractor's patterns.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .coverage import format_unchecked, unchecked_claims
    from .extract import extract_file, extract_lines
    from .to_table import claimset_to_table

_WHERE = {
    "claimset_to_table": ".to_table",
    "extract_file": ".extract",
    "extract_lines": ".extract",
    "format_unchecked": ".coverage",
    "unchecked_claims": ".coverage",
}

__all__ = [
    "claimset_to_table",
    "extract_file",
    "extract_lines",
    "format_unchecked",
    "unchecked_claims",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name], __name__), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value
