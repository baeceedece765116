"""Project settings and the run's options: ``[tool.aircheck]`` / ``aircheck.toml``, then flags.

Settings are found from the current directory upward: the first ``aircheck.toml``
(top-level keys), or the first ``pyproject.toml`` with a ``[tool.aircheck]`` table.
Keys: ``rules`` (pack files, relative to the settings file, or built-in pack
names), ``select``, ``ignore``, ``severity`` (code → level), ``rounding``,
``waivers`` (a waiver file), ``builtin-packs`` (false: never apply built-in
packs by their ``match``), and the command-line options that make sense for a
project (:data:`OPTION_KEYS`: ``lang``, ``fail-on``, ``format``, ``jobs``,
``show-fingerprints``, ``show-unchecked``). Command-line flags add to or override them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AircheckError
from .render import FORMATS

if TYPE_CHECKING:  # pragma: no cover
    from .rulebase import Options

LANGS = ("zh", "en")
FAIL_ON = ("error", "warning", "info", "never")
ROUNDINGS = ("either", "truncate", "any")

#: settings that are the default of a command-line option: key → (option's parameter, the
#: values it takes, or the Python type it must have)
OPTION_KEYS: dict[str, tuple[str, tuple[str, ...] | type]] = {
    "lang": ("lang", LANGS),
    "fail-on": ("fail_on", FAIL_ON),
    "rounding": ("rounding", ROUNDINGS),
    "format": ("output_format", FORMATS),
    "jobs": ("jobs", int),
    "show-fingerprints": ("show_fingerprints", bool),
    "show-unchecked": ("show_unchecked", bool),
}
KEYS = ("rules", "select", "ignore", "severity", "waivers", "builtin-packs", *OPTION_KEYS)


@dataclass(slots=True)
class Settings:
    rules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    waivers: str = ""
    builtin_packs: bool = True
    base: Path | None = None
    source: str = ""
    #: option parameter → value, for the keys of :data:`OPTION_KEYS` the file sets
    defaults: dict[str, Any] = field(default_factory=dict)


def find_settings(start: Path | None = None) -> Settings:
    """The settings that apply in *start* (default: the current directory)."""
    start = (start or Path.cwd()).resolve()
    for directory in (start, *start.parents):
        own = directory / "aircheck.toml"
        if own.is_file():
            return _settings(_toml(own), own)
        project = directory / "pyproject.toml"
        if project.is_file():
            table = _toml(project).get("tool", {}).get("aircheck")
            if table is not None:
                return _settings(table, project)
    return Settings()


def _toml(path: Path) -> dict[str, Any]:
    import tomllib
    from copy import deepcopy

    try:
        return deepcopy(_parsed(path.read_text("utf-8")))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise AircheckError(
            f"invalid TOML: {message}",
            zh=f"TOML 格式错误：{message}",
            file=str(path),
            line=line,
            column=column,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AircheckError(
            f"cannot read settings: {exc}", zh=f"无法读取设置文件：{exc}", file=str(path)
        ) from None


@lru_cache(maxsize=8)
def _parsed(text: str) -> dict[str, Any]:
    """A settings file's TOML, parsed once per text: a run looks for its settings three
    times (defaults, options, inputs) and a project's pyproject.toml is long."""
    import tomllib

    return tomllib.loads(text)


def _settings(table: Any, path: Path) -> Settings:
    text = path.read_text("utf-8")

    def fail(key: str, message: str, *, zh: str) -> AircheckError:
        """The error at the line where *key* is set, so the user finds it at once."""
        match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
        line = text[: match.start()].count("\n") + 1 if match else None
        return AircheckError(message, zh=zh, file=str(path), line=line)

    if not isinstance(table, dict):
        raise AircheckError(
            "[tool.aircheck] must be a table", zh="[tool.aircheck] 必须是一个表", file=str(path)
        )
    for key in table:
        if key not in KEYS:
            raise fail(
                key,
                f"unknown setting {key!r}; known: {', '.join(KEYS)}",
                zh=f"未知的设置项 {key!r}；可用的有：{'、'.join(KEYS)}",
            )

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of strings", zh=f"{key!r} 必须是字符串列表")
        return tuple(value)

    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(
        v in ("error", "warning", "info") for v in severity.values()
    ):
        raise fail(
            "severity",
            "'severity' maps rule codes to error, warning or info",
            zh="'severity' 应把规则代码对应到 error、warning 或 info",
        )
    defaults = _option_defaults(table, fail)
    waivers = table.get("waivers", "")
    if not isinstance(waivers, str):
        raise fail("waivers", "'waivers' is a file name", zh="'waivers' 应是一个文件名")
    builtin = table.get("builtin-packs", True)
    if not isinstance(builtin, bool):
        raise fail(
            "builtin-packs",
            "'builtin-packs' is true or false",
            zh="'builtin-packs' 只能是 true 或 false",
        )
    return Settings(
        rules=strings("rules"),
        select=tuple(c.upper() for c in strings("select")),
        ignore=tuple(c.upper() for c in strings("ignore")),
        severity={str(k).upper(): v for k, v in severity.items()},
        waivers=str(path.parent / waivers) if waivers else "",
        builtin_packs=builtin,
        base=path.parent,
        source=str(path),
        defaults=defaults,
    )


def _option_defaults(table: dict[str, Any], fail: Any) -> dict[str, Any]:
    """The option settings of *table*, checked, by the option's parameter name."""
    out: dict[str, Any] = {}
    for key, (parameter, allowed) in OPTION_KEYS.items():
        if key not in table:
            continue
        value = table[key]
        if isinstance(allowed, tuple):
            if value not in allowed:
                raise fail(
                    key,
                    f"{key!r} is one of {', '.join(allowed)}",
                    zh=f"{key!r} 只能是 {'、'.join(allowed)} 之一",
                )
        elif allowed is bool and not isinstance(value, bool):
            raise fail(key, f"{key!r} is true or false", zh=f"{key!r} 只能是 true 或 false")
        elif allowed is int and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise fail(
                key, f"{key!r} is a whole number, 1 or more", zh=f"{key!r} 应是不小于 1 的整数"
            )
        out[parameter] = value
    return out


def build_options(
    inputs: list[str],
    *,
    rounding: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    periods: tuple[str, ...] = (),
    settings: Settings | None = None,
) -> Options:
    """Options for a run over *inputs*: settings, then flags, then the packs' own options."""
    from .rulebase import Options

    settings = settings or find_settings()
    packs = _packs(inputs, rules, settings)  # before the periods: its errors come first
    options = Options(
        rounding=rounding or settings.defaults.get("rounding") or "either",
        select=select or settings.select,
        ignore=tuple(ignore) + settings.ignore,
        severity=dict(settings.severity),
        periods=assign_periods(inputs, periods),
    )
    if not packs:
        return options
    from .packs import merge_options

    return merge_options(options, packs)


def _packs(inputs: list[str], rules: tuple[str, ...], settings: Settings) -> list[Any]:
    """The packs of the settings and of ``--rules``, then the built-ins the inputs match;
    none is read, nor the pack modules loaded, where no pack can apply (a table run)."""
    may_match = settings.builtin_packs and any(may_match_a_pack(i) for i in inputs)
    if not (settings.rules or rules or may_match):
        return []
    from .packs import matching_builtins, resolve

    packs = [resolve(spec, settings.base) for spec in settings.rules]
    packs += [resolve(spec) for spec in rules]
    if settings.builtin_packs:
        packs += matching_builtins(inputs, packs)
    return packs


def may_match_a_pack(path: str) -> bool:
    """Whether a built-in pack may match the input: only a report's opening lines can
    (``packs.matching_builtins`` reads them from .txt and .md files)."""
    return Path(path).suffix.lower() in (".txt", ".md")


def assign_periods(inputs: list[str], given: tuple[str, ...]) -> tuple[str, ...]:
    """``--period`` values per input: ``FILE=2021-06`` for one file, else in input order."""
    out = [""] * len(inputs)
    if not given:  # one input, or a series ordered by its titles: nothing to parse
        return tuple(out)
    from .periods import parse_period

    positional = []
    for value in given:
        file, sep, period = value.rpartition("=")
        if sep:
            matches = [
                i for i, name in enumerate(inputs) if name == file or Path(name) == Path(file)
            ]
            if not matches:
                raise AircheckError(
                    f"--period {value!r}: {file!r} is not one of the inputs",
                    zh=f"--period {value!r}：{file!r} 不在输入文件之中",
                )
            parse_period(period)
            for i in matches:
                out[i] = period
        else:
            parse_period(value)
            positional.append(value)
    free = [i for i, v in enumerate(out) if not v]
    if len(positional) > len(free):
        raise AircheckError(
            f"{len(positional)} --period values for {len(free)} inputs",
            zh=f"给了 {len(positional)} 个 --period，但有 {len(free)} 个输入文件",
        )
    for i, value in zip(free, positional):
        out[i] = value
    return tuple(out)
