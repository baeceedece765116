"""The installed package must hold every subpackage: pyproject.toml lists them by hand
(schemas/ is mapped into aircheck.schemas), and a missing one fails only after `pip install .`."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "aircheck").rglob("__init__.py")
    }
    assert on_disk, "no package found under aircheck/"
    assert on_disk <= listed, f"missing from [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_every_schema_folder_is_shipped():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    for folder in [
        ROOT / "schemas",
        *(p for p in (ROOT / "schemas").iterdir() if p.is_dir() and p.name != "__pycache__"),
    ]:
        if any(folder.glob("*.yaml")):
            name = ".".join(["aircheck", *folder.relative_to(ROOT).parts])
            assert "*.yaml" in data.get(name, []), f"{name} YAML files are not shipped"
