"""Renderers: a report as terminal text, JSON or Markdown (HTML, DOCX and SARIF elsewhere)."""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("rich", "json", "markdown")
