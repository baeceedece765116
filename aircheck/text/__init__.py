"""Read a report itself (TXT, Markdown, DOCX, PDF) into claims and relations.

Modules, one job each: :mod:`.loaders` (file → numbered lines), :mod:`.normalise`
(folding with a map back to the file), :mod:`.sections` (headings),
:mod:`.scan` (figures, and what is not one), :mod:`.document` (sentences and
clauses), :mod:`.relations` (shapes of sentences), :mod:`.linking` (the same figure
in two sections), :mod:`.to_table` (claims back to the table format) and
:mod:`.coverage` (which claims nothing checked).
"""

from __future__ import annotations

from .coverage import format_unchecked, unchecked_claims
from .extract import extract_file, extract_lines
from .to_table import claimset_to_table

__all__ = [
    "claimset_to_table",
    "extract_file",
    "extract_lines",
    "format_unchecked",
    "unchecked_claims",
]
