"""``aircheck batch`` (and ``validate --batch``): each file on its own, over processes."""

from __future__ import annotations

import sys

import click

from .cli_common import (
    handle_errors,
    language,
    quiet_option,
    refuse_inputs,
    run_options,
    run_options_for,
    waivers_in_force,
)
from .render.visible import json_visible, visible


def run_batch(
    files: list[str],
    output_format: str,
    fail_on: str,
    language: str,
    rounding: str,
    select: str | None,
    ignore: str | None,
    rules: tuple[str, ...],
    waivers: str | None,
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

    refuse_inputs([output], files, rules, waivers)
    settings, options = run_options_for([], rounding, select, ignore, rules)
    in_force = tuple(waivers_in_force(waivers, settings))
    job = runner.Job(options, in_force, fail_on, language, settings.builtin_packs)
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
                runner.render_table(results, console, language, show_all)
        except BrokenPipeError:  # `aircheck batch … | head`: the reader left; stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(runner.exit_code(results))
    for waiver in runner.unused_waivers(results, in_force):
        unused = (
            f"AC802 豁免 {waiver.fingerprint} 未匹配任何问题"
            if language == "zh"
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
    help="A summary table per file, or JSON lines: one object per file.",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), help="Processes [default: the number of cores]."
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every file in the summary, not only the failing and unreadable ones.",
)
@quiet_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the results to a file."
)
@handle_errors
def batch_command(
    inputs: tuple[str, ...],
    output_format: str,
    fail_on: str,
    lang: str | None,
    rounding: str,
    select: str | None,
    ignore: str | None,
    jobs: int | None,
    quiet: bool,
    output: str | None,
    rules: tuple[str, ...] = (),
    waivers: str | None = None,
    show_all: bool = False,
) -> None:
    """Check every report and table under INPUTS (directories or files), each on its own.

    Prints a summary table of the failing and unreadable files, the worst first
    (--all: every file), and the totals; or, with --format json, one JSON object
    per file per line. Exits with the worst exit code over the files.
    """
    from .batch import collect

    files = collect(list(inputs))
    run_batch(
        files,
        output_format,
        fail_on,
        language(lang),
        rounding,
        select,
        ignore,
        rules,
        waivers,
        jobs,
        quiet,
        output,
        show_all,
    )
