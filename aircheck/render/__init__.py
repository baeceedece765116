"""Renderers: a report for the terminal, as JSON, Markdown or SARIF; HTML and Word reviews.

This module imports nothing, so the CLI can read :data:`FORMATS` without cost.
"""

from __future__ import annotations

#: What ``validate --format`` accepts (the review files come from ``aircheck review``).
FORMATS: tuple[str, ...] = ("rich", "concise", "json", "markdown", "sarif")
