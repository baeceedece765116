"""Headings (一、 / （一） / 1. / （1）) and the section path they give each paragraph."""

from __future__ import annotations

import re

_LEVELS = (
    re.compile(r"^([一二三四五六七八九十]+)、"),
    re.compile(r"^\(([一二三四五六七八九十]+)\)"),
    re.compile(r"^(\d+)[.、．](?!\d)"),
    re.compile(r"^\((\d+)\)"),
)
_SHOW = ("{}", "（{}）", "{}.", "（{}）")
#: Any of the levels: one match tells a paragraph that opens with no heading (most).
_ANY_LEVEL = re.compile("|".join(pattern.pattern for pattern in _LEVELS))


class SectionTracker:
    """Feed paragraphs in order; :meth:`enter` returns the section path of each."""

    def __init__(self) -> None:
        self.path: list[str] = []

    def enter(self, text: str) -> str:
        if not _ANY_LEVEL.match(text):
            return "".join(self.path)
        for level, pattern in enumerate(_LEVELS):
            match = pattern.match(text)
            if match:
                self.path = self.path[:level] + [""] * (level - len(self.path))
                self.path = [*self.path[:level], _SHOW[level].format(match.group(1))]
                break
        return "".join(self.path)
