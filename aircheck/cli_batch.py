"""``aircheck batch`` (and ``validate --batch``): each file on its own, over processes."""

from __future__ import annotations

import sys
from typing import Any

import click

from .cli_common import (
    Run,
    batch_options,
    handle_errors,
    output_option,
    quiet_option,
    run_options,
    waivers_in_force,
)
from .render.visible import json_visible, visible


def run_batch(
    files: list[str],
    run: Run,
    output_format: str,
    jobs: int | None,
    quiet: bool,
    output: str | None,
    show_all: bool = False,
) -> None:
    """Validate each file on its own over several processes; exit with the worst code."""
    import json
    from contextlib import ExitStack

    from . import batch as runner
    from .outputs import open_text

    run.refuse_inputs([output], files)
    settings, options = run.settings_and_options([])
    in_force = tuple(waivers_in_force(run.waivers, settings))
    job = runner.Job(options, in_force, run.fail_on, run.lang, settings.builtin_packs)
    results = []
    with ExitStack() as stack:  # the output file appears, complete, only when all are done
        handle = stack.enter_context(open_text(output)) if output else None
        try:
            for result in runner.run(files, job, jobs, progress=not quiet):
                results.append(result)
                if output_format == "json":
                    line = json_visible(json.dumps(result.record, ensure_ascii=False)) + "\n"
                    handle.write(line) if handle else click.echo(line, nl=False)
            if output_format != "json":
                from rich.console import Console

                console = Console(file=handle, width=120) if handle else Console()
                runner.render_table(results, console, run.lang, show_all)
        except BrokenPipeError:  # `aircheck batch … | head`: the reader left; stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(runner.exit_code(results))
    for waiver in runner.unused_waivers(results, in_force):
        unused = (
            f"AC802 豁免 {waiver.fingerprint} 未匹配任何问题"
            if run.lang == "zh"
            else f"AC802 waiver {waiver.fingerprint} matches no finding"
        )
        click.echo(visible(f"aircheck: {waiver.file}:{waiver.line}: {unused}"), err=True)
    sys.exit(runner.exit_code(results))


@click.command("batch", short_help="Check many files, each on its own.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@run_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["rich", "json"]),
    default="rich",
    show_default=True,
    help="A summary table of the files, or JSON lines: one object per file.",
)
@batch_options
@quiet_option
@output_option("Write the results to a file.", writable=False)
@handle_errors
def batch_command(inputs: tuple[str, ...], **how: Any) -> None:
    """Check every report and table under INPUTS (directories or files), each on its own.

    Prints a summary table of the failing and unreadable files, the worst first
    (--all: every file), and the totals; or, with --format json, one JSON object
    per file per line. Exits with the worst exit code over the files.
    """
    from .batch import collect

    run_batch(collect(list(inputs)), **how)  # run, output_format, jobs, quiet, output, show_all
