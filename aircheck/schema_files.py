"""Load the pandera schemas kept as YAML in ``schemas/`` (shipped as ``aircheck.schemas``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandera.pandas as pa


def schema_text(name: str) -> str:
    """The YAML of schema *name*, from the installed package or, failing that, the checkout."""
    try:
        return resources.files("aircheck.schemas").joinpath(f"{name}.yaml").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        checkout = Path(__file__).resolve().parent.parent / "schemas" / f"{name}.yaml"
        return checkout.read_text("utf-8")


@cache
def load(name: str) -> pa.DataFrameSchema:
    """The pandera schema called *name* (``table``, ``claims`` or ``relations``)."""
    import pandera.pandas as pa
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:  # pragma: no cover - PyYAML built without libyaml
        return pa.DataFrameSchema.from_yaml(schema_text(name))
    # what from_yaml does, but parsed by libyaml: the same data (same constructor and
    # resolver), without the pure-Python parser that took most of a table run's schema time
    from pandera.io.pandas_io import deserialize_schema

    return deserialize_schema(yaml.load(schema_text(name), Loader=fast))
