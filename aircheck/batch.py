"""Validate many reports, each on its own, spread over processes.

``aircheck batch DIR`` (or ``validate DIR --batch``) checks every report and
table under the given directories separately, with a progress bar on stderr
(only on a terminal, and not with ``--quiet``), and returns one small,
picklable result per file: its summary, findings and waived findings as dicts,
its exit code, or the one-line error that made it unreadable (exit 2).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AircheckError

if TYPE_CHECKING:  # pragma: no cover
    from .rulebase import Options
    from .waivers import Waiver

EXIT_UNREADABLE = 2


@dataclass(slots=True)
class FileResult:
    """What one file's check gives back to the parent process."""

    file: str
    exit_code: int
    counts: dict[str, int] = field(default_factory=dict)
    waived: int = 0
    error: str = ""
    record: dict[str, Any] = field(default_factory=dict)  # the JSON object for this file
    used_waivers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Job:
    options: Options
    waivers: tuple[Waiver, ...] = ()
    fail_on: str = "error"
    lang: str = "en"
    builtin_packs: bool = True


def supported_suffixes() -> frozenset[str]:
    from .engine import TEXT_SUFFIXES
    from .tables import TABLE_SUFFIXES

    return TABLE_SUFFIXES | TEXT_SUFFIXES


def collect(paths: list[str]) -> list[str]:
    """The files to check: files as given, directories searched recursively, sorted."""
    suffixes = supported_suffixes()
    out: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not p.name.startswith((".", "~$"))
            )
            if not found:
                raise AircheckError(
                    "the directory holds no report or table",
                    zh="该目录中没有报告或表格",
                    file=str(path),
                )
            out.extend(found)
        else:
            out.append(str(path))
    return out


def check_file(file: str, job: Job) -> FileResult:
    """Validate one file (in a worker process); errors become a result, never an exception."""
    from .engine import validate
    from .waivers import apply

    try:
        options = job.options
        if job.builtin_packs:
            from .packs import matching_builtins, merge_options

            extra = matching_builtins([file], options.packs)
            if extra:
                options = merge_options(replace(options), extra)
        report = validate(file, options)
        report = apply(report, list(job.waivers), report_unused=False)
        report.findings = [f for f in report.findings if options.enabled(f.code)]
    except AircheckError as exc:
        return FileResult(
            file,
            EXIT_UNREADABLE,
            error=exc.render(job.lang),
            record={"file": file, "exit_code": 2, "error": exc.render(job.lang)},
        )
    except Exception as exc:  # one broken file must not stop a batch of hundreds
        message = f"internal error: {type(exc).__name__}: {exc}"
        return FileResult(
            file,
            EXIT_UNREADABLE,
            error=message,
            record={"file": file, "exit_code": 2, "error": message},
        )
    code = report.exit_code(job.fail_on)
    record = {"file": file, "exit_code": code, **report.to_dict(job.lang)}
    record.pop("version", None)
    return FileResult(
        file=file,
        exit_code=code,
        counts=report.counts(),
        waived=len(report.waived),
        record=record,
        used_waivers=tuple(f.fingerprint for f, _ in report.waived),
    )


_JOB: Job | None = None  # a worker's job, set once when the pool starts it


def _start_worker(job: Job) -> None:
    global _JOB
    _JOB = job
    from . import chunked

    chunked.MAX_HELPERS = 0  # the batch fills the cores: a large table is checked here alone


def _check_in_worker(file: str) -> FileResult:
    assert _JOB is not None, "the pool starts each worker with its job"
    return check_file(file, _JOB)


def _warm(files: list[str]) -> None:
    """Import once, before the workers fork, what every file's check needs: the engine and
    its rules, the text extractor when there is a report (its patterns compile once) and
    pandera when there is a table."""
    import aircheck.engine
    import aircheck.rules

    from .engine import TEXT_SUFFIXES
    from .tables import TABLE_SUFFIXES

    suffixes = {Path(f).suffix.lower() for f in files}
    if suffixes & TEXT_SUFFIXES:
        import aircheck.text.extract  # noqa: F401
    if suffixes & TABLE_SUFFIXES:
        import pandera.pandas  # noqa: F401


def run(
    files: list[str], job: Job, jobs: int | None = None, progress: bool = True
) -> Iterator[FileResult]:
    """Results in the order of *files*; work spread over *jobs* processes (default: all cores).

    The pool is started once: each worker gets the job when it starts (not with every
    file), inherits the imports done here, and takes the files in chunks."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = _progress(len(files), progress)
    with bar as tracker:
        task = tracker.add_task("aircheck", total=len(files))
        if jobs == 1 or len(files) < 2:
            for file in files:
                result = check_file(file, job)
                tracker.advance(task)
                yield result
            return
        from concurrent.futures import ProcessPoolExecutor

        _warm(files)
        workers = min(jobs, len(files))
        chunk = max(1, min(16, len(files) // (workers * 8)))
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(job,)) as pool:
            for result in pool.map(_check_in_worker, files, chunksize=chunk):
                tracker.advance(task)
                yield result


class _NoProgress:
    """What the progress bar offers, doing nothing: rich is not imported for a quiet run."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: int) -> int:
        return 0

    def advance(self, task: int) -> None:
        return None


def _progress(total: int, show: bool) -> Any:
    import sys

    if not show or not sys.stderr.isatty():
        return _NoProgress()
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not show or not sys.stderr.isatty(),
    )


def exit_code(results: list[FileResult]) -> int:
    """The worst exit code over the files (2 unreadable > 1 findings > 0)."""
    return max((r.exit_code for r in results), default=0)


def unused_waivers(results: list[FileResult], waivers: tuple[Waiver, ...]) -> list[Waiver]:
    """Waivers (not expired) that silenced nothing in the whole batch."""
    import datetime as dt

    used = {fp for r in results for fp in r.used_waivers}
    today = dt.date.today()
    return [w for w in waivers if w.fingerprint not in used and not w.expired(today)]


def attention_order(results: list[FileResult]) -> list[FileResult]:
    """Unreadable files first, then those with errors, then with warnings, each by name."""

    def rank(r: FileResult) -> tuple[int, str]:
        if r.error:
            return 0, r.file
        if r.counts.get("error", 0):
            return 1, r.file
        return (2 if r.counts.get("warning", 0) else 3), r.file

    return sorted(results, key=rank)


def render_table(
    results: list[FileResult], console: Any, lang: str = "en", show_all: bool = False
) -> None:
    """One row per failing or unreadable file (every file with *show_all*), those most in
    need of a look first, then the totals: a batch of hundreds shows what to open."""
    from rich.table import Table

    from .i18n import word

    zh = lang == "zh"
    listed = [r for r in attention_order(results) if show_all or r.exit_code]
    if listed:
        table = Table(title="aircheck batch" if not zh else "aircheck 批量检查", expand=False)
        table.add_column("文件" if zh else "File", overflow="fold")
        for name in ("error", "warning", "info"):
            table.add_column(word(name, lang), justify="right")
        table.add_column("已豁免" if zh else "waived", justify="right")
        table.add_column("退出码" if zh else "exit", justify="right")
        for r in listed:
            table.add_row(*_row(r))
        console.print(table)
    failed = sum(1 for r in results if r.exit_code == 1)
    broken = sum(1 for r in results if r.exit_code == 2)
    hidden = len(results) - len(listed)
    if zh:
        more = f"；{hidden} 个已通过的文件未列出（--all 全部列出）" if hidden else ""
        totals = f"{len(results)} 个文件：{failed} 个未通过，{broken} 个无法读取{more}"
    else:
        more = f"; {hidden} passing not listed (--all lists them)" if hidden else ""
        totals = f"{len(results)} file(s): {failed} failing, {broken} unreadable{more}"
    console.print(totals, soft_wrap=True, markup=False, highlight=False)


def _row(r: FileResult) -> tuple[Any, ...]:
    """A file's cells: its name and counts, or its error in the exit column."""
    from rich.text import Text

    from .render.visible import visible

    name = Text(visible(r.file))  # file names are not markup
    if r.error:
        status = Text(str(r.exit_code), style="bold red") + Text(visible(f" {r.error}"))
        return name, "", "", "", "", status
    style = "bold red" if r.exit_code else "green"
    counts = (str(r.counts.get(level, 0)) for level in ("error", "warning", "info"))
    return name, *counts, str(r.waived), Text(str(r.exit_code), style=style)
