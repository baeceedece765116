"""One sanitiser for every text aircheck prints or writes as Markdown: control characters shown.

A cell or a line of a report can hold ESC and other C0/C1 control characters. Passed
to a terminal unchanged they clear the screen, retitle the window or plant an OSC 8
link, piped or not; in Markdown they hide text. Every such character except tab and
newline is written as a visible ``\\x1b`` escape instead, so the reader sees that it
is there and nothing acts on it. JSON already escapes C0; :func:`json_visible` adds
DEL and C1, which it leaves raw, without changing what a JSON reader decodes.
"""

from __future__ import annotations

import re

#: C0 except tab and newline, DEL, and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")


def visible(text: str) -> str:
    """*text* with each control character (not tab, not newline) as ``\\xNN``."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if text else text


def json_visible(text: str) -> str:
    """JSON text with DEL and C1 characters as ``\\u00NN`` escapes (the same JSON value)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
