"""A declared schema for the YAML files aircheck reads (rule packs, waivers).

The shape of a file is written once as data (``Mapping``, ``Names``, ``Many``,
``Text``, ``Flag``, ``ByType``) and checked against a :class:`~aircheck.yamlmarks.Marked`
document, so every error names the file, line and column of the offending key and
reads the same in English and Chinese. Checks that need more than the shape (a
valid regular expression, a name declared elsewhere in the file) are small
callables attached to a node; they run after its shape is known to be right.

Why not JSON Schema or pydantic: both would need a translation of every error into
our bilingual messages, and importing ``jsonschema`` (~80 ms) or ``pydantic``
(~45 ms) would be paid on every report run, since the built-in packs are read for
each one; this walker is ~150 lines and costs nothing to import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from typing import Any

from .yamlmarks import Marked, Path

#: A check beyond the shape: raises ``doc.error(...)`` when the value is wrong.
Check = Callable[[Any, Path, Marked], None]
Message = tuple[str, str]  # (English, Chinese)


def text(doc: Marked, path: Path, value: Any) -> str:
    """A scalar's text as written (``0.10`` stays ``0.10``), without surrounding spaces."""
    return doc.raw.get(path, str(value)).strip()


def name_of(path: Path) -> str:
    """The key a path ends in, for messages such as "'parts' must be a list"."""
    return str(path[-1]) if path else "document"


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """One place in the file; *check* runs once its shape is valid."""

    check: Check | None = None

    def validate(self, value: Any, path: Path, doc: Marked) -> None:
        self.shape(value, path, doc)
        if self.check is not None:
            self.check(value, path, doc)

    def shape(self, value: Any, path: Path, doc: Marked) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Node):
    """A scalar (not a mapping, list, boolean or null), optionally one of *choices*."""

    choices: tuple[str, ...] = ()
    label: str = ""  # "field " gives "field 'x' is not one of ..."
    label_zh: str = ""
    pattern: str = ""  # the whole text must match
    mismatch: Message = ("", "")  # the message when it does not

    def shape(self, value: Any, path: Path, doc: Marked) -> None:
        if isinstance(value, (bool, dict, list)) or value is None:
            raise doc.error(path, "expected text here", zh="此处应为文本")
        written = text(doc, path, value)
        if self.choices and written not in self.choices:
            raise doc.error(
                path,
                f"{self.label}{written!r} is not one of {', '.join(self.choices)}",
                zh=f"{self.label_zh}{written!r} 不是 {'、'.join(self.choices)} 之一",
            )
        if self.pattern and not re.fullmatch(self.pattern, written):
            en, zh = self.mismatch
            raise doc.error(path, en.format(written), zh=zh.format(written))


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag(Node):
    """``true`` or ``false`` (null: not said)."""

    def shape(self, value: Any, path: Path, doc: Marked) -> None:
        if value is not None and not isinstance(value, bool):
            key = name_of(path)
            raise doc.error(
                path, f"'{key}' must be true or false", zh=f"'{key}' 只能是 true 或 false"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Many(Node):
    """A list of *item*; with *one*, a single item stands for a list of one."""

    item: Node
    one: bool = False
    null: bool = False  # an empty value (``waivers:``) is an empty list
    least: int = 0
    too_few: Message = ("", "")

    def shape(self, value: Any, path: Path, doc: Marked) -> None:
        if value is None and self.null:
            return
        if not isinstance(value, list):
            if self.one:
                self.item.validate(value, path, doc)
                return
            key = name_of(path)
            raise doc.error(path, f"'{key}' must be a list", zh=f"'{key}' 必须是一个列表")
        if len(value) < self.least:
            raise doc.error(path, self.too_few[0], zh=self.too_few[1])
        for index, item in enumerate(value):
            self.item.validate(item, (*path, index), doc)


def _not_mapping(value: Any, path: Path, doc: Marked) -> Exception:
    kind = type(value).__name__
    return doc.error(
        path,
        f"expected a mapping here, got {kind}",
        zh=f"此处应为映射（键: 值），实际是 {kind}",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Mapping(Node):
    """A mapping of known keys, checked in the order declared (not the order written).

    *required* gives, per key, the message when it is missing (reported at the
    mapping); *least* > 0 asks for at least that many keys, else *too_few*.
    """

    keys: MappingABC[str, Node]
    required: MappingABC[str, Message] = field(default_factory=dict)
    least: int = 0
    too_few: Message = ("", "")

    def shape(self, value: Any, path: Path, doc: Marked) -> None:
        if not isinstance(value, dict):
            raise _not_mapping(value, path, doc)
        allowed = sorted(self.keys)
        for key in value:
            if key not in self.keys:
                raise doc.error(
                    (*path, key),
                    f"unknown key {key!r}; allowed: {', '.join(allowed)}",
                    zh=f"未知的键 {key!r}；可用的有：{'、'.join(allowed)}",
                )
        for key, (en, zh) in self.required.items():
            if key not in value:
                raise doc.error(path, en, zh=zh)
        if len(value) < self.least:
            raise doc.error(path, self.too_few[0], zh=self.too_few[1])
        for key, node in self.keys.items():
            if key in value:
                node.validate(value[key], (*path, key), doc)


@dataclass(frozen=True, slots=True, kw_only=True)
class Names(Node):
    """A mapping whose keys are free names (figures, keys, rule codes); null is empty."""

    value: Node
    key: Check | None = None  # checks each name, at the name's own place

    def shape(self, value: Any, path: Path, doc: Marked) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            raise _not_mapping(value, path, doc)
        for key, item in value.items():
            if self.key is not None:
                self.key(key, (*path, key), doc)
            self.value.validate(item, (*path, key), doc)


@dataclass(frozen=True, slots=True, kw_only=True)
class ByType(Node):
    """The node for the value's YAML kind: ``{dict: ..., list: ...}``, else *other*."""

    kinds: MappingABC[type, Node]
    other: Node

    def shape(self, value: Any, path: Path, doc: Marked) -> None:
        node = next((n for t, n in self.kinds.items() if isinstance(value, t)), self.other)
        node.validate(value, path, doc)
