"""Where aircheck writes: never over one of its inputs, and never a half-written file.

Every command that writes a file goes through here. :func:`refuse_inputs` compares
outputs with inputs by identity (``os.path.samefile``), so a hard link or a symlink
to the draft is caught as well as the same name. :func:`replacing` writes to a
temporary file beside the target and renames it into place only when the writer
finished, so a run that fails leaves the old file (or none) untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import AircheckError


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet): not the same file
        return False


def refuse_inputs(outputs: Iterable[str | Path | None], inputs: Iterable[str | Path]) -> None:
    """Raise if an output is one of the inputs, or two outputs are one file."""
    given = [str(o) for o in outputs if o]
    sources = [str(i) for i in inputs if i]
    for n, out in enumerate(given):
        for source in sources:
            if _same(out, source) or os.path.abspath(out) == os.path.abspath(source):
                raise AircheckError(
                    f"refusing to overwrite the input {source}; choose another output",
                    zh=f"不会覆盖输入文件 {source}；请另选输出文件",
                    file=out,
                )
        for other in given[n + 1 :]:
            if _same(out, other) or os.path.abspath(out) == os.path.abspath(other):
                raise AircheckError(
                    "two outputs name the same file; choose another for one of them",
                    zh="两个输出指向同一个文件；请为其中之一另选文件",
                    file=out,
                )


def _cannot_write(path: str | Path, exc: OSError) -> AircheckError:
    reason = exc.strerror or type(exc).__name__
    return AircheckError(f"cannot write: {reason}", zh=f"无法写入：{reason}", file=str(path))


def _mode_for(target: Path) -> int:
    """The existing file's permissions, else what a new file would get under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path to write instead of *path*; renamed onto *path* if the block succeeds.

    The temporary file keeps *path*'s suffix (writers choose their format by it) and
    starts with a dot, so a directory scan skips it. A symlink is written through: the
    link stays and its target is replaced.
    """
    import tempfile  # only a write needs it; a run that prints loads none of it

    target = Path(os.path.realpath(path))
    try:
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}"
        )
        os.close(handle)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def open_text(path: str | Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text handle whose content replaces *path* only when the block succeeds."""
    with replacing(path) as temporary, open(temporary, "w", encoding=encoding) as handle:
        yield handle


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Replace *path* with *text* in one step: the old content or the new, never a mix."""
    with open_text(path, encoding) as handle:
        handle.write(text)
