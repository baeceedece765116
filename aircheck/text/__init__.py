"""Read a report itself (TXT, Markdown, DOCX, PDF) into claims and relations."""

from __future__ import annotations

from pathlib import Path

from ..claimset import ClaimSet
from ..errors import AircheckError


def extract_file(path: str | Path) -> ClaimSet:
    """Claims and relations of the report at *path*."""
    raise AircheckError("reading report text is not available yet", file=str(path))
