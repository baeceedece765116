"""Rule packs: YAML files that teach aircheck a family of reports (docs/packs.md).

A pack names figures (by table ``item``/``key`` or by section + subject pattern),
gives keys and synonyms to figures repeated across sections, and declares sums,
funnels and custom expression checks. This module finds packs (a file or a
built-in name), reads them (:mod:`aircheck.pack_reader`, errors at
file:line:column), picks the built-ins a report matches and folds pack options
into the run's; :mod:`aircheck.pack_model` holds what a pack says and
:mod:`aircheck.pack_relations` applies it to a ClaimSet.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AircheckError
from .pack_model import Pack
from .pack_relations import apply
from .yamlmarks import load as load_yaml
from .yamlmarks import load_file

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from .rulebase import Options

__all__ = [
    "Pack", "apply", "builtin_names", "load_pack", "matching_builtins", "merge_options",
    "parse_pack", "resolve",
]  # fmt: skip


# -- loading ----------------------------------------------------------------


@cache
def builtin_names() -> tuple[str, ...]:
    """Names of the packs shipped in ``schemas/packs`` (listed once: a batch asks per file)."""
    return tuple(sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml")))


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
    """Read and validate the pack file at *path*."""
    from .pack_reader import read

    return read(load_file(path, "rule pack", "规则包"))


def parse_pack(text: str, file: str) -> Pack:
    """Parse and validate one pack; any problem is an AircheckError at file:line:column."""
    from .pack_reader import read

    return read(load_yaml(text, file))


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


def matching_builtins(paths: list[str], besides: Iterable[Pack] = ()) -> list[Pack]:
    """Built-in packs whose ``match`` patterns occur in the opening lines of a report given,
    other than those *besides* names (the packs a run already has)."""
    named = {p.name for p in besides}
    heads = [_head(p) for p in paths]
    if not any(heads):  # only a report's opening lines can match: no pack need be read
        return []
    out = []
    for name in builtin_names():
        pack = resolve(name)
        if pack.name in named:
            continue
        if pack.match and any(re.search(m, h) for m in pack.match for h in heads if h):
            out.append(pack)
    return out


def _head(path: str, lines: int = 12) -> str:
    from .config import may_match_a_pack

    if not may_match_a_pack(path):
        return ""
    try:
        from .encoding import decode

        text = decode(Path(path).read_bytes(), path)
    except (OSError, AircheckError):
        return ""
    return "\n".join([ln for ln in text.splitlines() if ln.strip()][:lines])
