"""Rule packs: YAML files that teach aircheck a family of reports (docs/packs.md).

A pack names figures (by table ``item``/``key`` or by section + subject pattern),
gives keys and synonyms to figures repeated across sections, and declares sums,
funnels and custom expression checks. Loading validates the structure and
reports the file:line:column of the offending key. Applying a pack turns it into
ordinary relations on the ClaimSet (``same``, ``sum``, ``funnel``), so the
existing vectorised rules check them; only custom expressions, or sums and
funnels with their own severity, tolerance or rounding, become ``expression``
relations for AC601.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from . import expr
from .errors import AircheckError
from .yamlmarks import Marked
from .yamlmarks import load as load_yaml

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .claimset import ClaimSet
    from .rulebase import Options

FIELDS = ("planned", "completed", "rate", "value")
SEVERITIES = ("error", "warning", "info")
ROUNDINGS = ("round", "truncate", "round-or-truncate", "exact")
_SELECTOR_KEYS = {"section", "subject", "item", "field", "key", "unit"}
_BRACKETS = str.maketrans("()（）", "（）（）")


def field_of(claims: pd.DataFrame) -> pd.Series:
    """Each claim's field, a bare figure of a text (no field) read as ``value``."""
    return claims["field"].where(claims["field"] != "", "value")


def fold_section(text: str) -> str:
    """Sections compare with full- and half-width brackets alike and without spaces."""
    return "".join(str(text).split()).translate(_BRACKETS)


@dataclass(frozen=True, slots=True)
class Selector:
    """Which claims a name means: every given attribute must match (lists mean any of)."""

    section: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()  # regular expressions, searched in the subject / item
    field: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()

    def mask(self, claims: pd.DataFrame) -> pd.Series:
        """The claims this selector matches, computed over the whole frame at once."""
        import pandas as pd

        out = pd.Series(True, index=claims.index)
        if self.section:
            out &= claims["section"].map(fold_section).isin({fold_section(s) for s in self.section})
        if self.subject:
            pattern = "|".join(f"(?:{p})" for p in self.subject)
            out &= claims["subject"].str.contains(pattern, regex=True, na=False)
        if self.field:
            out &= field_of(claims).isin(self.field)
        if self.key:
            out &= claims["key"].str.strip().isin(self.key)
        if self.unit:
            out &= claims["unit"].isin(self.unit)
        return out


@dataclass(frozen=True, slots=True)
class Figure:
    """A named figure: the union of its alternatives must match exactly one claim per file."""

    name: str
    alternatives: tuple[Selector, ...]

    def mask(self, claims: pd.DataFrame) -> pd.Series:
        out = self.alternatives[0].mask(claims)
        for alternative in self.alternatives[1:]:
            out |= alternative.mask(claims)
        return out


@dataclass(frozen=True, slots=True)
class Key:
    """A figure repeated across sections: claims matching any synonym share this key."""

    name: str
    figure: Figure
    fields: tuple[str, ...]
    cumulative: bool | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """A sum, funnel or expression check over named figures."""

    kind: str  # sum | funnel | expression
    name: str
    figures: tuple[str, ...]  # sum: total first; funnel: stages in order
    expression: str = ""
    per: str = "file"  # file | item
    where: Selector | None = None
    severity: str = ""
    tolerance: str = ""
    rounding: str = ""
    message_en: str = ""
    message_zh: str = ""
    place: str = ""

    @property
    def custom(self) -> bool:
        return bool(self.severity or self.tolerance or self.rounding or self.message_en)


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    source: str
    description: str = ""
    match: tuple[str, ...] = ()
    figures: dict[str, Figure] = field(default_factory=dict)
    keys: tuple[Key, ...] = ()
    checks: tuple[Check, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    rounding: str = ""


# -- loading ----------------------------------------------------------------


def builtin_names() -> list[str]:
    """Names of the packs shipped in ``schemas/packs``."""
    return sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml"))


def _builtin_dir() -> Any:
    from importlib import resources

    try:
        return resources.files("aircheck.schemas").joinpath("packs")
    except ModuleNotFoundError:  # pragma: no cover - running from a bare checkout
        return Path(__file__).resolve().parent.parent / "schemas" / "packs"


def resolve(spec: str, base: Path | None = None) -> Pack:
    """A pack by file path (relative to *base*) or by built-in name (``zhengzhou-air``)."""
    path = Path(spec)
    if base is not None and not path.is_absolute():
        path = base / path
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise AircheckError("no such rule pack", zh="规则包文件不存在", file=str(path))
        return load_pack(path)
    if spec in builtin_names():
        return _builtin(spec)
    raise AircheckError(
        f"no rule pack {spec!r}: give a .yaml file or one of {', '.join(builtin_names())}",
        zh=f"没有名为 {spec!r} 的规则包：请给出 .yaml 文件，或以下之一：{'、'.join(builtin_names())}",
    )


@cache
def _builtin(name: str) -> Pack:
    """A shipped pack, parsed once per process (a batch asks for it per file)."""
    resource = _builtin_dir().joinpath(f"{name}.yaml")
    return parse_pack(resource.read_text("utf-8"), f"aircheck.schemas/packs/{name}.yaml")


def load_pack(path: str | Path) -> Pack:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AircheckError(
            f"cannot read rule pack: {exc}", zh=f"无法读取规则包：{exc}", file=str(path)
        ) from None
    return parse_pack(text, str(path))


def parse_pack(text: str, file: str) -> Pack:
    """Parse and validate one pack; any problem is an AircheckError at file:line:column."""
    doc = load_yaml(text, file)
    return _Reader(doc).pack()


class _Reader:
    """Validates the pack's structure against the format of docs/packs.md."""

    TOP: ClassVar[set[str]] = {
        "pack", "description", "match", "figures", "keys", "sums", "funnels", "rules", "options",
    }  # fmt: skip

    def __init__(self, doc: Marked) -> None:
        self.doc = doc

    def fail(self, path: tuple[Any, ...], message: str, *, zh: str) -> AircheckError:
        """The error at *path* in the pack, in English and Chinese."""
        return self.doc.error(path, message, zh=zh)

    def place(self, path: tuple[Any, ...]) -> str:
        line, _ = self.doc.marks.get(path, (1, 1))
        return f"{self.doc.file}:{line}"

    def mapping(self, value: Any, path: tuple[Any, ...], allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self._not_mapping(value, path)
        for key in value:
            if key not in allowed:
                raise self.fail(
                    (*path, key),
                    f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}",
                    zh=f"未知的键 {key!r}；可用的有：{'、'.join(sorted(allowed))}",
                )
        return value

    def entries(self, value: Any, path: tuple[Any, ...]) -> dict[Any, Any]:
        """A mapping whose keys are free names (figures, keys, codes)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._not_mapping(value, path)
        return value

    def _not_mapping(self, value: Any, path: tuple[Any, ...]) -> AircheckError:
        return self.fail(
            path,
            f"expected a mapping here, got {type(value).__name__}",
            zh=f"此处应为映射（键: 值），实际是 {type(value).__name__}",
        )

    def text(self, value: Any, path: tuple[Any, ...]) -> str:
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            raise self.fail(path, "expected text here", zh="此处应为文本")
        return self.doc.raw.get(path, str(value)).strip()

    def texts(self, value: Any, path: tuple[Any, ...]) -> tuple[str, ...]:
        if isinstance(value, list):
            return tuple(self.text(v, (*path, i)) for i, v in enumerate(value))
        return (self.text(value, path),)

    def choice(self, value: Any, path: tuple[Any, ...], allowed: tuple[str, ...]) -> str:
        text = self.text(value, path)
        if text not in allowed:
            raise self.fail(
                path,
                f"{text!r} is not one of {', '.join(allowed)}",
                zh=f"{text!r} 不是 {'、'.join(allowed)} 之一",
            )
        return text

    def pack(self) -> Pack:
        data = self.doc.data
        top = self.mapping(data, (), self.TOP)
        if "pack" not in top:
            raise self.fail(
                (), "a rule pack needs a 'pack:' name", zh="规则包需要用 'pack:' 写明名称"
            )
        name = self.text(top["pack"], ("pack",))
        match = self.texts(top["match"], ("match",)) if "match" in top else ()
        for i, pattern in enumerate(match):
            self.regex(pattern, ("match", i) if isinstance(top["match"], list) else ("match",))
        figures: dict[str, Figure] = {}
        for fname, spec in self.entries(top.get("figures", {}), ("figures",)).items():
            figures[self.name(fname, ("figures", fname))] = self.figure(
                fname, spec, ("figures", fname)
            )
        keys = tuple(
            self.key(k, v, ("keys", k))
            for k, v in self.entries(top.get("keys", {}), ("keys",)).items()
        )
        checks: list[Check] = []
        for section, kind in (("sums", "sum"), ("funnels", "funnel"), ("rules", "expression")):
            items = top.get(section, [])
            if not isinstance(items, list):
                raise self.fail(
                    (section,), f"'{section}' must be a list", zh=f"'{section}' 必须是一个列表"
                )
            for i, item in enumerate(items):
                checks.append(self.check(kind, item, (section, i), figures))
        options = self.mapping(
            top.get("options", {}), ("options",), {"select", "ignore", "severity", "rounding"}
        )
        severity: dict[str, str] = {}
        if "severity" in options:
            for code, level in self.entries(options["severity"], ("options", "severity")).items():
                severity[str(code).upper()] = self.choice(
                    level, ("options", "severity", code), SEVERITIES
                )
        return Pack(
            name=name,
            source=self.doc.file,
            description=self.text(top["description"], ("description",)) if "description" in top else "",
            match=match,
            figures=figures,
            keys=keys,
            checks=tuple(checks),
            select=tuple(c.upper() for c in self.texts(options["select"], ("options", "select"))) if "select" in options else (),
            ignore=tuple(c.upper() for c in self.texts(options["ignore"], ("options", "ignore"))) if "ignore" in options else (),
            severity=severity,
            rounding=self.choice(options["rounding"], ("options", "rounding"), ("either", "truncate", "any")) if "rounding" in options else "",
        )  # fmt: skip

    def regex(self, pattern: str, path: tuple[Any, ...]) -> None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise self.fail(
                path, f"not a valid pattern: {exc}", zh=f"不是有效的正则表达式：{exc}"
            ) from None

    def name(self, name: Any, path: tuple[Any, ...]) -> str:
        if not isinstance(name, str) or not name.isidentifier() or name in expr.FUNCTIONS:
            raise self.fail(
                path,
                f"figure name {name!r} must be a single word of letters, digits or _ "
                "(Chinese is fine), not starting with a digit",
                zh=f"数字名称 {name!r} 必须是由字母、数字或 _ 组成的一个词（可用汉字），"
                "且不能以数字开头",
            )
        return name

    def selector(self, spec: Any, path: tuple[Any, ...]) -> Selector:
        spec = self.mapping(spec, path, _SELECTOR_KEYS)
        if not spec:
            raise self.fail(
                path,
                "a selector needs at least one of: " + ", ".join(sorted(_SELECTOR_KEYS)),
                zh="选择条件至少需要以下之一：" + "、".join(sorted(_SELECTOR_KEYS)),
            )
        values = {k: self.texts(v, (*path, k)) for k, v in spec.items()}
        subject = values.get("subject", ()) + values.get("item", ())
        for name in ("subject", "item"):
            for pattern in values.get(name, ()):
                self.regex(pattern, (*path, name))
        for f in values.get("field", ()):
            if f not in FIELDS:
                raise self._unknown_field(f, (*path, "field"))
        return Selector(
            section=values.get("section", ()),
            subject=subject,
            field=values.get("field", ()),
            key=values.get("key", ()),
            unit=values.get("unit", ()),
        )  # fmt: skip

    def figure(self, name: str, spec: Any, path: tuple[Any, ...]) -> Figure:
        if isinstance(spec, list):
            if not spec:
                raise self.fail(
                    path, "a figure needs at least one selector", zh="数字至少需要一个选择条件"
                )
            return Figure(name, tuple(self.selector(s, (*path, i)) for i, s in enumerate(spec)))
        return Figure(name, (self.selector(spec, path),))

    def key(self, name: Any, spec: Any, path: tuple[Any, ...]) -> Key:
        spec = self.mapping(spec, path, {*_SELECTOR_KEYS, "synonyms", "fields", "cumulative"})
        fields = (
            self.texts(spec["fields"], (*path, "fields"))
            if "fields" in spec
            else ("completed", "value")
        )
        for f in fields:
            if f not in FIELDS:
                raise self._unknown_field(f, (*path, "fields"))
        rest = {k: v for k, v in spec.items() if k in _SELECTOR_KEYS}
        alternatives: list[Selector] = []
        if rest:
            alternatives.append(self.selector(rest, path))
        if "synonyms" in spec:
            for i, synonym in enumerate(self.texts(spec["synonyms"], (*path, "synonyms"))):
                self.regex(synonym, (*path, "synonyms", i))
                base = alternatives[0] if rest else Selector()
                alternatives.append(replace(base, subject=(synonym,)))
        if not alternatives:
            raise self.fail(
                path,
                "a key needs 'synonyms' or a selector (subject, section, ...)",
                zh="键需要 'synonyms'（同义词）或选择条件（subject、section 等）",
            )
        cumulative = spec.get("cumulative")
        if cumulative is not None and not isinstance(cumulative, bool):
            raise self.fail(
                (*path, "cumulative"),
                "'cumulative' must be true or false",
                zh="'cumulative' 只能是 true 或 false",
            )
        return Key(str(name), Figure(str(name), tuple(alternatives)), fields, cumulative)

    def check(
        self, kind: str, spec: Any, path: tuple[Any, ...], figures: dict[str, Figure]
    ) -> Check:
        common = {"name", "severity", "tolerance", "rounding", "message"}
        allowed = {
            "sum": {"total", "parts"},
            "funnel": {"stages"},
            "expression": {"check", "per", "where"},
        }[kind]
        spec = self.mapping(spec, path, common | allowed)
        name = (
            self.text(spec["name"], (*path, "name")) if "name" in spec else f"{kind}-{path[-1] + 1}"
        )
        names: list[str] = []
        expression = ""
        per = "file"
        where = None
        if kind == "sum":
            for needed in ("total", "parts"):
                if needed not in spec:
                    raise self.fail(path, f"a sum needs '{needed}'", zh=f"求和规则需要 '{needed}'")
            names.append(self.ref(spec["total"], (*path, "total"), figures))
            parts = spec["parts"]
            if not isinstance(parts, list) or len(parts) < 2:
                raise self.fail(
                    (*path, "parts"),
                    "'parts' must list at least two figures",
                    zh="'parts' 至少要列出两个数字",
                )
            names.extend(self.ref(p, (*path, "parts", i), figures) for i, p in enumerate(parts))
        elif kind == "funnel":
            stages = spec.get("stages")
            if not isinstance(stages, list) or len(stages) < 2:
                raise self.fail(
                    (*path, "stages") if "stages" in spec else path,
                    "'stages' must list at least two figures",
                    zh="'stages' 至少要列出两个数字",
                )
            names.extend(self.ref(s, (*path, "stages", i), figures) for i, s in enumerate(stages))
        else:
            if "check" not in spec:
                raise self.fail(
                    path,
                    "a rule needs 'check:', an expression such as 'completed <= planned'",
                    zh="规则需要 'check:'，即一个表达式，例如 'completed <= planned'",
                )
            expression = self.text(spec["check"], (*path, "check"))
            try:
                parsed = expr.parse(expression)
            except expr.ExpressionError as exc:
                line, column = self.doc.marks.get((*path, "check"), (1, 1))
                raise AircheckError(
                    f"in {expression!r}: {exc.message}",
                    zh=f"表达式 {expression!r} 有误：{exc.message_in('zh')}",
                    file=self.doc.file,
                    line=line,
                    column=column,
                ) from None
            if not parsed.is_check:
                raise self.fail(
                    (*path, "check"),
                    f"{expression!r} is not a check: it needs a comparison such as <=",
                    zh=f"{expression!r} 不是检查条件：需要一个比较，例如 <=",
                )
            per = (
                self.choice(spec["per"], (*path, "per"), ("file", "item"))
                if "per" in spec
                else "file"
            )
            if "where" in spec:
                where = self.selector(spec["where"], (*path, "where"))
            for n in parsed.names:
                if per == "item" and n not in FIELDS:
                    raise self.fail(
                        (*path, "check"),
                        f"with 'per: item' the names are fields ({', '.join(FIELDS)}), not {n!r}",
                        zh=f"使用 'per: item' 时名称应为字段（{'、'.join(FIELDS)}），而不是 {n!r}",
                    )
                if per == "file" and n not in figures:
                    raise self._unknown_figure(n, (*path, "check"))
            names.extend(parsed.names)
        message_en = message_zh = ""
        if "message" in spec:
            message = spec["message"]
            if isinstance(message, dict):
                message = self.mapping(message, (*path, "message"), {"en", "zh"})
                message_en = self.text(
                    message.get("en", message.get("zh", "")), (*path, "message", "en")
                )
                message_zh = self.text(message.get("zh", message_en), (*path, "message", "zh"))
            else:
                message_en = message_zh = self.text(message, (*path, "message"))
        tolerance = ""
        if "tolerance" in spec:
            tolerance = self.text(spec["tolerance"], (*path, "tolerance"))
            if not re.fullmatch(r"\d+(\.\d+)?%?", tolerance):
                raise self.fail(
                    (*path, "tolerance"),
                    f"tolerance {tolerance!r} must be a number (in the base unit) or a percentage such as 1%",
                    zh=f"容差 {tolerance!r} 必须是数字（按基本单位）或百分比，例如 1%",
                )
        return Check(
            kind=kind,
            name=name,
            figures=tuple(names),
            expression=expression,
            per=per,
            where=where,
            severity=self.choice(spec["severity"], (*path, "severity"), SEVERITIES) if "severity" in spec else "",
            tolerance=tolerance,
            rounding=self.choice(spec["rounding"], (*path, "rounding"), ROUNDINGS) if "rounding" in spec else "",
            message_en=message_en,
            message_zh=message_zh,
            place=self.place(path),
        )  # fmt: skip

    def ref(self, value: Any, path: tuple[Any, ...], figures: dict[str, Figure]) -> str:
        if isinstance(value, dict):  # an inline selector gets a private name
            name = "_" + "_".join(str(p) for p in path)
            figures[name] = self.figure(name, value, path)
            return name
        name = self.text(value, path)
        if name not in figures:
            raise self._unknown_figure(name, path)
        return name

    def _unknown_figure(self, name: str, path: tuple[Any, ...]) -> AircheckError:
        return self.fail(
            path,
            f"unknown figure {name!r}; declare it under 'figures:'",
            zh=f"未知的数字 {name!r}；请在 'figures:' 下声明",
        )

    def _unknown_field(self, field: str, path: tuple[Any, ...]) -> AircheckError:
        return self.fail(
            path,
            f"field {field!r} is not one of {', '.join(FIELDS)}",
            zh=f"字段 {field!r} 不是 {'、'.join(FIELDS)} 之一",
        )


# -- options and selection of packs ------------------------------------------


def merge_options(options: Options, packs: list[Pack]) -> Options:
    """Options with the packs' select/ignore/severity/rounding folded in (the user's win)."""
    from dataclasses import replace as copy

    select = tuple(options.select) + tuple(c for p in packs for c in p.select if not options.select)
    ignore = tuple(options.ignore) + tuple(c for p in packs for c in p.ignore)
    severity = {code: level for p in packs for code, level in p.severity.items()}
    severity.update(options.severity)
    rounding = options.rounding
    if rounding == "either":
        rounding = next((p.rounding for p in packs if p.rounding), rounding)
    return copy(
        options,
        select=select,
        ignore=ignore,
        severity=severity,
        rounding=rounding,
        packs=tuple(options.packs) + tuple(packs),
    )


def matching_builtins(paths: list[str]) -> list[Pack]:
    """Built-in packs whose ``match`` patterns occur in the opening lines of a report given."""
    heads = [_head(p) for p in paths]
    out = []
    for name in builtin_names():
        pack = resolve(name)
        if pack.match and any(re.search(m, h) for m in pack.match for h in heads if h):
            out.append(pack)
    return out


def _head(path: str, lines: int = 12) -> str:
    if Path(path).suffix.lower() not in (".txt", ".md"):
        return ""
    try:
        from .encoding import decode

        text = decode(Path(path).read_bytes(), path)
    except (OSError, AircheckError):
        return ""
    return "\n".join([ln for ln in text.splitlines() if ln.strip()][:lines])


# -- applying packs to a ClaimSet --------------------------------------------


def apply(claimset: ClaimSet, packs: tuple[Pack, ...] | list[Pack]) -> ClaimSet:
    """The claim set with the packs' keys set and their relations added."""
    import pandas as pd

    from .claimset import RELATION_COLUMNS, ClaimSet

    if not packs or claimset.claims.empty:
        return claimset
    claims = claimset.claims.copy()
    frames = [claimset.relations]
    existing = _member_sets(claimset.relations)
    for pack in packs:
        for key in pack.keys:
            mask = key.figure.mask(claims) & field_of(claims).isin(key.fields)
            claims.loc[mask, "key"] = key.name
            frames.append(_same_relations(claims[mask], pack, key, existing))
        resolved = _resolve(claims, pack)
        for check in pack.checks:
            frames.append(_check_relations(claims, pack, check, resolved, existing))
    relations = pd.concat(frames, ignore_index=True).astype(RELATION_COLUMNS)
    return ClaimSet(
        claims=claims,
        relations=relations,
        files=claimset.files,
        findings=claimset.findings,
        unchecked_rows=claimset.unchecked_rows,
        pages=claimset.pages,
    )


def cumulative_keys(packs: tuple[Pack, ...] | list[Pack]) -> dict[str, bool]:
    """Keys the packs declare cumulative (true) or not (false)."""
    return {k.name: k.cumulative for p in packs for k in p.keys if k.cumulative is not None}


def _member_sets(relations: pd.DataFrame) -> set[tuple[str, frozenset[str]]]:
    """(kind, claims) of the same/sum/funnel relations already found, to add none twice."""
    linked = relations[relations["kind"].isin(["same", "sum", "funnel"])]
    groups = linked.groupby(["relation_id", "kind"])["claim_id"]
    return {(kind, frozenset(g)) for (_, kind), g in groups}


def _same_relations(
    matched: pd.DataFrame, pack: Pack, key: Key, existing: set[tuple[str, frozenset[str]]]
) -> pd.DataFrame:
    from .claimset import relations_frame

    # the fields a key lists are places of one amount; a rate is linked only with rates
    measure = matched["field"].where((matched["field"] == "rate") | matched["percent"], "amount")
    measure = measure.where(measure == "amount", "rate")
    group = f"pack:{pack.name}:key:{key.name}:" + measure + "@" + matched["file"]
    sizes = group.map(group.value_counts())
    keep = matched[sizes >= 2].assign(relation_id=group[sizes >= 2])
    members = keep.groupby("relation_id")["claim_id"].agg(frozenset)
    fresh = members.index[[("same", m) not in existing for m in members]]
    keep = keep[keep["relation_id"].isin(fresh)]
    existing.update(("same", m) for m in members.loc[fresh])
    return relations_frame(
        [
            {
                "relation_id": r,
                "kind": "same",
                "role": "member",
                "claim_id": c,
                "order": 0,
                "detail": key.name,
            }
            for r, c in zip(keep["relation_id"], keep["claim_id"])
        ]
    )


def _resolve(claims: pd.DataFrame, pack: Pack) -> pd.DataFrame:
    """file × figure name → the one claim it selects (ambiguous or absent: no entry)."""
    import pandas as pd

    columns = {}
    for name, figure in pack.figures.items():
        hits = claims.loc[figure.mask(claims), ["file", "claim_id"]]
        counts = hits["file"].map(hits["file"].value_counts())
        columns[name] = hits[counts == 1].set_index("file")["claim_id"]
    return pd.DataFrame(columns, index=pd.Index(claims["file"].unique(), name="file"))


def _check_relations(
    claims: pd.DataFrame,
    pack: Pack,
    check: Check,
    resolved: pd.DataFrame,
    existing: set[tuple[str, frozenset[str]]],
) -> pd.DataFrame:
    import pandas as pd

    from .claimset import relations_frame

    if check.kind == "expression" and check.per == "item":
        return _per_item(claims, pack, check)
    needed = list(check.figures)
    wide = resolved.reindex(columns=needed).dropna()  # abstain where a figure is missing
    if wide.empty:
        return relations_frame([])
    ids = f"pack:{pack.name}:{check.kind}:{check.name}@" + wide.index.to_series()
    rows: list[dict[str, Any]] = []
    if check.kind in ("sum", "funnel") and not check.custom:
        # a sum or funnel the reader already found is not checked twice
        members = [(check.kind, frozenset(row)) for row in wide[needed].itertuples(index=False)]
        fresh = [m not in existing for m in members]
        existing.update(members)
        wide, ids = wide[fresh], ids[fresh]
        for position, name in enumerate(needed):
            role = ("total" if position == 0 else "part") if check.kind == "sum" else "stage"
            rows.extend(
                {
                    "relation_id": r,
                    "kind": check.kind,
                    "role": role,
                    "claim_id": c,
                    "order": position,
                    "detail": name,
                }
                for r, c in zip(ids, wide[name])
            )
        return pd.DataFrame(rows) if rows else relations_frame([])
    spec = _spec(pack, check)
    for position, name in enumerate(dict.fromkeys(needed)):
        rows.extend(
            {
                "relation_id": r,
                "kind": "expression",
                "role": "operand",
                "claim_id": c,
                "order": position,
                "detail": name,
            }
            for r, c in zip(ids, wide[name])
        )
    rows.extend(
        {
            "relation_id": r,
            "kind": "expression",
            "role": "spec",
            "claim_id": "",
            "order": -1,
            "detail": spec,
        }
        for r in ids
    )
    return relations_frame(rows)


def _per_item(claims: pd.DataFrame, pack: Pack, check: Check) -> pd.DataFrame:
    """One expression relation per (file, section, subject) that states every field named."""
    from .claimset import relations_frame

    chosen = claims[check.where.mask(claims)] if check.where else claims
    chosen = chosen.assign(field=field_of(chosen))
    chosen = chosen[chosen["field"].isin(check.figures)]
    item = chosen["file"] + "|" + chosen["section"] + "|" + chosen["subject"]
    counts = chosen.assign(item=item).groupby(["item", "field"]).size()
    unique = counts[counts == 1].reset_index().groupby("item")["field"].nunique()
    complete = unique[unique == len(set(check.figures))].index
    chosen = chosen[item.isin(complete)]
    item = item[chosen.index]
    relation = f"pack:{pack.name}:expression:{check.name}@" + item
    rows = [
        {
            "relation_id": r,
            "kind": "expression",
            "role": "operand",
            "claim_id": c,
            "order": 0,
            "detail": f,
        }
        for r, c, f in zip(relation, chosen["claim_id"], chosen["field"])
    ]
    spec = _spec(pack, check)
    rows.extend(
        {
            "relation_id": r,
            "kind": "expression",
            "role": "spec",
            "claim_id": "",
            "order": -1,
            "detail": spec,
        }
        for r in relation.unique()
    )
    return relations_frame(rows)


def _spec(pack: Pack, check: Check) -> str:
    """The check as JSON, kept on the relation so AC601 needs nothing else."""
    expression = check.expression
    if check.kind == "sum":
        total, *parts = check.figures
        expression = f"{total} == {' + '.join(parts)}"
    elif check.kind == "funnel":
        expression = " >= ".join(check.figures)
    return json.dumps(
        {
            "pack": pack.name,
            "name": check.name,
            "kind": check.kind,
            "check": expression,
            "severity": check.severity,
            "tolerance": check.tolerance,
            "rounding": check.rounding or "round",
            "en": check.message_en,
            "zh": check.message_zh,
            "place": check.place,
        },
        ensure_ascii=False,
    )
