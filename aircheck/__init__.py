"""aircheck: check the figures of Chinese government progress reports before they go out.

>>> import aircheck
>>> report = aircheck.validate("fixtures/seed_table.csv")  # doctest: +SKIP
>>> report.ok, [f.code for f in report.findings]  # doctest: +SKIP

Names load lazily, so ``import aircheck`` costs nothing until a check runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "AircheckError",
    "Finding",
    "Location",
    "Options",
    "Report",
    "Severity",
    "__version__",
    "all_rules",
    "validate",
]

if TYPE_CHECKING:  # pragma: no cover
    from .errors import AircheckError
    from .model import Finding, Location, Report, Severity
    from .rulebase import Options, Rule

_LAZY = {
    "AircheckError": ("errors", "AircheckError"),
    "Finding": ("model", "Finding"),
    "Location": ("model", "Location"),
    "Report": ("model", "Report"),
    "Severity": ("model", "Severity"),
    "Options": ("rulebase", "Options"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'aircheck' has no attribute {name!r}")


def validate(
    source: Any,
    *,
    rules: tuple[str, ...] | list[str] = (),
    builtin_packs: bool = True,
    **options: Any,
) -> Report:
    """Check a table path, a report path, a DataFrame, or a list of them, together.

    Several reports of one series are ordered by period and checked across months.
    *rules* names rule packs, as ``--rules`` does: a YAML path or a built-in name
    (``"zhengzhou-air"``). As on the command line, the built-in packs whose ``match``
    patterns a report meets apply too, unless ``builtin_packs=False``. Keyword options are those of :class:`aircheck.Options`:
    ``rounding`` (either|truncate|any), ``select`` and ``ignore`` (tuples of codes or
    prefixes), ``approx_tolerance``, ``severity`` ({code: level}), ``periods``
    (one ``"2021-06"`` or ``""`` per input).
    """
    from .engine import validate as run
    from .rulebase import Options

    packs = list(options.pop("packs", ()))
    if rules:
        from .packs import resolve

        packs += [resolve(str(spec)) for spec in rules]
    if builtin_packs:
        from .packs import matching_builtins

        sources = source if isinstance(source, (list, tuple)) else [source]
        paths = [str(s) for s in sources if isinstance(s, (str, os.PathLike))]
        packs += matching_builtins(paths, packs)
    return run(source, Options(packs=tuple(packs), **options))


def all_rules() -> tuple[Rule, ...]:
    """Every rule aircheck has, in code order."""
    from .rules import all_rules

    return all_rules()
