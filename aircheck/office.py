"""Other office formats (.doc, .wps, .rtf, .odt; .xls, .et, .ods), read through LibreOffice.

Many offices still send old Word and Excel files and WPS files. Rather than a reader per
format, LibreOffice converts each into the DOCX or XLSX that aircheck already reads
(``soffice --headless --convert-to``), so positions are those of the DOCX paragraph or
the XLSX row, and every finding still names the file the user gave. Each process
converts a file once, into its own temporary directory with its own LibreOffice
profile (two runs at once never share one, which makes ``soffice`` silently do
nothing), and removes the directory when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .encoding import cannot_read
from .errors import AircheckError

if TYPE_CHECKING:  # pragma: no cover
    import subprocess

# subprocess, tempfile, shutil and threading are imported on first use: every run imports
# this module for its suffixes, few convert anything (8 ms of start-up otherwise)

#: Report formats converted to DOCX.
OFFICE_TEXT = frozenset({".doc", ".wps", ".rtf", ".odt"})
#: Table formats converted to XLSX.
OFFICE_TABLE = frozenset({".xls", ".et", ".ods"})
#: Seconds one conversion may take before it is stopped.
TIMEOUT = 120

T = TypeVar("T")

_lock: Any = None  # a threading.Lock, made on the first conversion
_cache: dict[tuple[str, int, int], Path] = {}
_workdir: Path | None = None


def find_soffice() -> str | None:
    """The LibreOffice program on PATH (``soffice``, or ``libreoffice`` as some distributions name it)."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def target_suffix(path: Path) -> str:
    """``.docx`` for a report, ``.xlsx`` for a table."""
    return ".docx" if path.suffix.lower() in OFFICE_TEXT else ".xlsx"


def read_converted(path: Path, reader: Callable[[Path], T]) -> T:
    """*reader* applied to the converted copy of *path*; its errors name *path*."""
    copy = converted(path)
    try:
        return reader(copy)
    except AircheckError as exc:
        if not exc.file or exc.file == str(copy):
            exc.file = str(path)
        raise


def converted(path: Path) -> Path:
    """The DOCX or XLSX that LibreOffice makes of *path* (made once per process and file)."""
    target = target_suffix(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise cannot_read(path, exc) from None
    program = find_soffice()
    if program is None:
        raise _missing(path, target)
    import tempfile
    import threading

    global _lock
    _lock = _lock or threading.Lock()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    with _lock:
        done = _cache.get(key)
        if done is not None and done.is_file():
            return done
        work = _work_dir()
        outdir = Path(tempfile.mkdtemp(dir=work))
        said = _run(program, path, target, outdir, work / "profile")
        made = sorted(outdir.glob(f"*{target}"))
        if not made:
            raise _failed(path, target, said or "it wrote nothing")
        _cache[key] = made[0]
        return made[0]


def _run(program: str, path: Path, target: str, outdir: Path, profile: Path) -> str:
    """One headless conversion, stopped (with every process it started) after :data:`TIMEOUT`;
    the last thing LibreOffice said on its error stream (it may exit 0 having written nothing)."""
    import subprocess

    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target[1:],
        "--outdir",
        str(outdir),
        str(path.resolve()),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a timeout stops soffice.bin too
        )
    except OSError as exc:
        raise _failed(path, target, exc.strerror or str(exc)) from None
    try:
        _, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise AircheckError(
            f"LibreOffice did not convert the file within {TIMEOUT} s; "
            f"open it in Word/WPS and save it as {target}",
            zh=f"LibreOffice 在 {TIMEOUT} 秒内未能转换该文件；请用 Word/WPS 打开后另存为 {target}",
            file=str(path),
        ) from None
    said = [
        line.strip()
        for line in err.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.startswith("Warning:")  # "failed to launch javaldx"
    ]
    if process.returncode:
        raise _failed(path, target, said[-1] if said else f"exit code {process.returncode}")
    return said[-1] if said else ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    import os
    import signal

    killpg = getattr(os, "killpg", None)
    try:
        if killpg is not None:
            killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except OSError:
        pass
    process.communicate()


def _missing(path: Path, target: str) -> AircheckError:
    suffix = path.suffix.lower()
    return AircheckError(
        f"reading {suffix} needs LibreOffice (soffice), which is not installed: install "
        f"LibreOffice, or open the file in Word/WPS and save it as {target}",
        zh=f"读取 {suffix} 文件需要 LibreOffice（soffice），本机未安装：请安装 LibreOffice，"
        f"或用 Word/WPS 打开后另存为 {target}",
        file=str(path),
    )


def _failed(path: Path, target: str, why: str) -> AircheckError:
    return AircheckError(
        f"LibreOffice could not convert the file to {target} ({why}); "
        f"open it in Word/WPS and save it as {target}",
        zh=f"LibreOffice 无法把该文件转换为 {target}（{why}）；请用 Word/WPS 打开后另存为 {target}",
        file=str(path),
    )


def _work_dir() -> Path:
    """This process's directory for converted copies and the LibreOffice profile."""
    import atexit
    import shutil
    import tempfile

    global _workdir
    if _workdir is None or not _workdir.is_dir():
        _workdir = Path(tempfile.mkdtemp(prefix="aircheck-office-"))
        atexit.register(shutil.rmtree, _workdir, True)
    return _workdir
