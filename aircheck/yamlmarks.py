"""Load YAML keeping where every key and value was written, for errors at file:line:column.

PyYAML's composer gives each node a start mark; we build plain Python data and a
map from each path (tuple of keys and indices) to the mark of its key (for a
mapping entry) or of the value itself (for a list item or the document), so a
structural error names the line of the offending key, not just the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path as FilePath
from typing import Any

from .errors import AircheckError

Path = tuple[Any, ...]


@dataclass(slots=True)
class Marked:
    """Plain data plus the 1-based (line, column) of each path and the raw scalar texts."""

    data: Any
    marks: dict[Path, tuple[int, int]]
    raw: dict[Path, str]
    file: str

    def error(self, path: Path, message: str, *, zh: str) -> AircheckError:
        """An :class:`AircheckError` at the place *path* (or its nearest written parent).

        *zh* is required so that no format error of a pack or waiver file reaches a
        Chinese user in English.
        """
        while path and path not in self.marks:
            path = path[:-1]
        line, column = self.marks.get(path, (1, 1))
        return AircheckError(
            message,
            zh=zh,
            file=self.file,
            line=line,
            column=column,
        )


def load_file(path: str | PathLike[str], noun: str, noun_zh: str) -> Marked:
    """Read and parse the YAML file at *path*; *noun* names it in a read error ("rule pack")."""
    try:
        text = FilePath(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AircheckError(
            f"cannot read {noun}: {exc}", zh=f"无法读取{noun_zh}：{exc}", file=str(path)
        ) from None
    return load(text, str(path))


def load(text: str, file: str) -> Marked:
    """Parse one YAML document safely; syntax errors become :class:`AircheckError`."""
    import yaml

    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise AircheckError(
            f"invalid YAML: {problem}",
            zh=f"YAML 格式错误：{problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise AircheckError(f"invalid YAML: {exc}", zh=f"YAML 格式错误：{exc}", file=file) from None
    marked = Marked(None, {}, {}, file)
    if node is not None:
        constructor = yaml.SafeLoader("")
        marked.data = _build(node, (), marked, constructor)
    return marked


def _compose(text: str) -> Any:
    """The node tree, by libyaml when PyYAML has it (the pure-Python parser costs most of
    a run's pack reading). Its nodes carry the same tags, values and marks; a document it
    rejects is parsed again in Python, so every error message stays PyYAML's own."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _at(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: Any, path: Path, marked: Marked, constructor: Any) -> Any:
    import yaml

    marked.marks.setdefault(path, _at(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _error_at(key_node, marked, "a key must be plain text", zh="键必须是纯文本")
            key = _construct(key_node, marked, constructor)
            if key in out:
                raise _error_at(key_node, marked, f"duplicate key {key!r}", zh=f"键 {key!r} 重复")
            marked.marks[(*path, key)] = _at(key_node)
            out[key] = _build(value_node, (*path, key), marked, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), marked, constructor)
            for index, item in enumerate(node.value)
        ]
    marked.raw[path] = str(node.value)
    return _construct(node, marked, constructor)


def _construct(node: Any, marked: Marked, constructor: Any) -> Any:
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError as exc:  # a value of its form but impossible: 2021-02-30
        raise _error_at(
            node,
            marked,
            f"{node.value!r} cannot be read ({exc})",
            zh=f"无法读取 {node.value!r}（{exc}）",
        ) from None


def _error_at(node: Any, marked: Marked, en: str, *, zh: str) -> AircheckError:
    line, column = _at(node)
    return AircheckError(en, zh=zh, file=marked.file, line=line, column=column)
