"""Read a rule pack: its declared schema (the format of docs/packs.md) and the build.

:data:`SCHEMA` states every key, type, choice and count of a pack once, with the
few checks that need more than a shape (valid patterns, names declared under
``figures:``, the expression language). :func:`read` validates a marked YAML
document against it, so any problem is an error at file:line:column, and then
builds the :class:`~aircheck.pack_model.Pack` from data known to be well formed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from . import expr
from .config import ROUNDINGS as RUN_ROUNDINGS
from .pack_model import (
    FIELDS,
    ROUNDINGS,
    SELECTOR_KEYS,
    SEVERITIES,
    Check,
    Figure,
    Key,
    Pack,
    Selector,
)
from .yamlmarks import Marked, Path
from .yamlschema import ByType, Flag, Many, Mapping, Names, Text, text

# -- checks beyond the shape -------------------------------------------------


def _pattern(value: Any, path: Path, doc: Marked) -> None:
    try:
        re.compile(text(doc, path, value))
    except re.error as exc:
        raise doc.error(
            path, f"not a valid pattern: {exc}", zh=f"不是有效的正则表达式：{exc}"
        ) from None


def _figure_name(name: Any, path: Path, doc: Marked) -> None:
    if not isinstance(name, str) or not name.isidentifier() or name in expr.FUNCTIONS:
        raise doc.error(
            path,
            f"figure name {name!r} must be a single word of letters, digits or _ "
            "(Chinese is fine), not starting with a digit",
            zh=f"数字名称 {name!r} 必须是由字母、数字或 _ 组成的一个词（可用汉字），"
            "且不能以数字开头",
        )


def _declared(doc: Marked) -> set[Any]:
    figures = doc.data.get("figures") if isinstance(doc.data, dict) else None
    return set(figures) if isinstance(figures, dict) else set()


def _unknown_figure(name: str, path: Path, doc: Marked) -> Exception:
    return doc.error(
        path,
        f"unknown figure {name!r}; declare it under 'figures:'",
        zh=f"未知的数字 {name!r}；请在 'figures:' 下声明",
    )


def _figure_ref(value: Any, path: Path, doc: Marked) -> None:
    name = text(doc, path, value)
    if name not in _declared(doc):
        raise _unknown_figure(name, path, doc)


def _a_key_selects(spec: dict[str, Any], path: Path, doc: Marked) -> None:
    if "synonyms" not in spec and not SELECTOR_KEYS & set(spec):
        raise doc.error(
            path,
            "a key needs 'synonyms' or a selector (subject, section, ...)",
            zh="键需要 'synonyms'（同义词）或选择条件（subject、section 等）",
        )


def _expression(spec: dict[str, Any], path: Path, doc: Marked) -> None:
    """The rule's ``check:`` is a comparison over declared figures (or, per item, fields)."""
    at = (*path, "check")
    source = text(doc, at, spec["check"])
    try:
        parsed = expr.parse(source)
    except expr.ExpressionError as exc:
        raise doc.error(
            at,
            f"in {source!r}: {exc.message}",
            zh=f"表达式 {source!r} 有误：{exc.message_in('zh')}",
        ) from None
    if not parsed.is_check:
        raise doc.error(
            at,
            f"{source!r} is not a check: it needs a comparison such as <=",
            zh=f"{source!r} 不是检查条件：需要一个比较，例如 <=",
        )
    per_item = text(doc, (*path, "per"), spec.get("per", "file")) == "item"
    declared = _declared(doc)
    for name in parsed.names:
        if per_item and name not in FIELDS:
            raise doc.error(
                at,
                f"with 'per: item' the names are fields ({', '.join(FIELDS)}), not {name!r}",
                zh=f"使用 'per: item' 时名称应为字段（{'、'.join(FIELDS)}），而不是 {name!r}",
            )
        if not per_item and name not in declared:
            raise _unknown_figure(name, at, doc)


# -- the schema --------------------------------------------------------------

_TEXTS = Many(item=Text(), one=True)
_PATTERNS = Many(item=Text(check=_pattern), one=True)
_FIELD = Text(choices=FIELDS, label="field ", label_zh="字段 ")
_SELECTOR_VALUES = {
    "section": _TEXTS,
    "subject": _PATTERNS,
    "item": _PATTERNS,
    "field": Many(item=_FIELD, one=True),
    "key": _TEXTS,
    "unit": _TEXTS,
}
_SELECTOR = Mapping(
    keys=_SELECTOR_VALUES,
    least=1,
    too_few=(
        "a selector needs at least one of: " + ", ".join(sorted(SELECTOR_KEYS)),
        "选择条件至少需要以下之一：" + "、".join(sorted(SELECTOR_KEYS)),
    ),
)
_FIGURE = ByType(
    kinds={
        list: Many(
            item=_SELECTOR,
            least=1,
            too_few=("a figure needs at least one selector", "数字至少需要一个选择条件"),
        )
    },
    other=_SELECTOR,
)
_KEY = Mapping(
    keys={
        **_SELECTOR_VALUES,
        "synonyms": _PATTERNS,
        "fields": Many(item=_FIELD, one=True),
        "cumulative": Flag(),
    },
    check=_a_key_selects,
)
_REF = ByType(kinds={dict: _SELECTOR}, other=Text(check=_figure_ref))
_TWO = "'{0}' must list at least two figures", "'{0}' 至少要列出两个数字"
_COMMON = {
    "name": Text(),
    "message": ByType(kinds={dict: Mapping(keys={"en": Text(), "zh": Text()})}, other=Text()),
    "tolerance": Text(
        pattern=r"\d+(\.\d+)?%?",
        mismatch=(
            "tolerance {0!r} must be a number (in the base unit) or a percentage such as 1%",
            "容差 {0!r} 必须是数字（按基本单位）或百分比，例如 1%",
        ),
    ),
    "severity": Text(choices=SEVERITIES),
    "rounding": Text(choices=ROUNDINGS),
}


def _at_least_two(key: str) -> Many:
    return Many(item=_REF, least=2, too_few=(_TWO[0].format(key), _TWO[1].format(key)))


_SUM = Mapping(
    keys={"total": _REF, "parts": _at_least_two("parts"), **_COMMON},
    required={
        "total": ("a sum needs 'total'", "求和规则需要 'total'"),
        "parts": ("a sum needs 'parts'", "求和规则需要 'parts'"),
    },
)
_FUNNEL = Mapping(
    keys={"stages": _at_least_two("stages"), **_COMMON},
    required={"stages": (_TWO[0].format("stages"), _TWO[1].format("stages"))},
)
_RULE = Mapping(
    keys={
        "check": Text(),
        "per": Text(choices=("file", "item")),
        "where": _SELECTOR,
        **_COMMON,
    },
    required={
        "check": (
            "a rule needs 'check:', an expression such as 'completed <= planned'",
            "规则需要 'check:'，即一个表达式，例如 'completed <= planned'",
        )
    },
    check=_expression,
)
#: Where each kind of check is listed, and its kind.
CHECK_LISTS = {"sums": "sum", "funnels": "funnel", "rules": "expression"}
SCHEMA = Mapping(
    keys={
        "pack": Text(),
        "description": Text(),
        "match": _PATTERNS,
        "figures": Names(value=_FIGURE, key=_figure_name),
        "keys": Names(value=_KEY),
        "sums": Many(item=_SUM),
        "funnels": Many(item=_FUNNEL),
        "rules": Many(item=_RULE),
        "options": Mapping(
            keys={
                "select": _TEXTS,
                "ignore": _TEXTS,
                "severity": Names(value=Text(choices=SEVERITIES)),
                "rounding": Text(choices=RUN_ROUNDINGS),  # as --rounding
            }
        ),
    },
    required={"pack": ("a rule pack needs a 'pack:' name", "规则包需要用 'pack:' 写明名称")},
)


# -- the build, from a document the schema accepted ---------------------------


def read(doc: Marked) -> Pack:
    """The pack in *doc*; an AircheckError at the offending place if it is malformed."""
    SCHEMA.validate(doc.data, (), doc)
    return _Build(doc).pack()


class _Build:
    def __init__(self, doc: Marked) -> None:
        self.doc = doc
        self.figures: dict[str, Figure] = {}

    def text(self, value: Any, path: Path) -> str:
        return text(self.doc, path, value)

    def texts(self, value: Any, path: Path) -> tuple[str, ...]:
        if isinstance(value, list):
            return tuple(self.text(v, (*path, i)) for i, v in enumerate(value))
        return (self.text(value, path),)

    def pack(self) -> Pack:
        top: dict[str, Any] = self.doc.data
        for name, spec in (top.get("figures") or {}).items():
            self.figures[name] = self.figure(name, spec, ("figures", name))
        keys = tuple(self.key(k, v, ("keys", k)) for k, v in (top.get("keys") or {}).items())
        checks = tuple(
            self.check(kind, item, (section, i))
            for section, kind in CHECK_LISTS.items()
            for i, item in enumerate(top.get(section) or [])
        )
        options = top.get("options") or {}
        get = self.optional
        return Pack(
            name=self.text(top["pack"], ("pack",)),
            source=self.doc.file,
            description=get(top, "description", ()),
            match=self.texts(top["match"], ("match",)) if "match" in top else (),
            figures=self.figures,
            keys=keys,
            checks=checks,
            select=tuple(c.upper() for c in self.texts(options["select"], ("options", "select"))) if "select" in options else (),
            ignore=tuple(c.upper() for c in self.texts(options["ignore"], ("options", "ignore"))) if "ignore" in options else (),
            severity={
                str(code).upper(): self.text(level, ("options", "severity", code))
                for code, level in (options.get("severity") or {}).items()
            },
            rounding=get(options, "rounding", ("options",)),
        )  # fmt: skip

    def optional(self, spec: dict[str, Any], key: str, path: Path) -> str:
        return self.text(spec[key], (*path, key)) if key in spec else ""

    def selector(self, spec: dict[str, Any], path: Path) -> Selector:
        values = {k: self.texts(v, (*path, k)) for k, v in spec.items() if k in SELECTOR_KEYS}
        return Selector(
            section=values.get("section", ()),
            subject=values.get("subject", ()) + values.get("item", ()),
            field=values.get("field", ()),
            key=values.get("key", ()),
            unit=values.get("unit", ()),
        )

    def figure(self, name: str, spec: Any, path: Path) -> Figure:
        if isinstance(spec, list):
            return Figure(name, tuple(self.selector(s, (*path, i)) for i, s in enumerate(spec)))
        return Figure(name, (self.selector(spec, path),))

    def key(self, name: Any, spec: dict[str, Any], path: Path) -> Key:
        fields = self.texts(spec["fields"], (*path, "fields")) if "fields" in spec else None
        alternatives: list[Selector] = []
        if SELECTOR_KEYS & set(spec):
            alternatives.append(self.selector(spec, path))
        base = alternatives[0] if alternatives else Selector()
        if "synonyms" in spec:
            for synonym in self.texts(spec["synonyms"], (*path, "synonyms")):
                alternatives.append(replace(base, subject=(synonym,)))
        figure = Figure(str(name), tuple(alternatives))
        return Key(str(name), figure, fields or ("completed", "value"), spec.get("cumulative"))

    def ref(self, value: Any, path: Path) -> str:
        if isinstance(value, dict):  # an inline selector gets a private name
            name = "_" + "_".join(str(p) for p in path)
            self.figures[name] = self.figure(name, value, path)
            return name
        return self.text(value, path)

    def check(self, kind: str, spec: dict[str, Any], path: Path) -> Check:
        names: list[str] = []
        expression = ""
        if kind == "sum":
            names.append(self.ref(spec["total"], (*path, "total")))
            names.extend(self.ref(p, (*path, "parts", i)) for i, p in enumerate(spec["parts"]))
        elif kind == "funnel":
            names.extend(self.ref(s, (*path, "stages", i)) for i, s in enumerate(spec["stages"]))
        else:
            expression = self.text(spec["check"], (*path, "check"))
            names.extend(expr.parse(expression).names)
        message_en = message_zh = ""
        message = spec.get("message")
        if isinstance(message, dict):
            en, zh = message.get("en"), message.get("zh")
            message_en = self.text(en, (*path, "message", "en")) if en is not None else ""
            message_zh = self.text(zh, (*path, "message", "zh")) if zh is not None else ""
            message_en, message_zh = message_en or message_zh, message_zh or message_en
        elif message is not None:
            message_en = message_zh = self.text(message, (*path, "message"))
        line, _ = self.doc.marks.get(path, (1, 1))
        return Check(
            kind=kind,
            name=self.optional(spec, "name", path) or f"{kind}-{path[-1] + 1}",
            figures=tuple(names),
            expression=expression,
            per=self.optional(spec, "per", path) or "file",
            where=self.selector(spec["where"], (*path, "where")) if "where" in spec else None,
            severity=self.optional(spec, "severity", path),
            tolerance=self.optional(spec, "tolerance", path),
            rounding=self.optional(spec, "rounding", path),
            message_en=message_en,
            message_zh=message_zh,
            place=f"{self.doc.file}:{line}",
        )
