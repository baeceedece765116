"""``aircheck validate``: check inputs together and print the findings in the chosen format."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import Any

import click

from .cli_common import (
    EXAMPLES,
    Run,
    batch_options,
    emit,
    fingerprints_option,
    handle_errors,
    output_option,
    quiet_option,
    run_options,
    waived_note,
)
from .render import FORMATS
from .render.visible import json_visible, visible

#: what ``-`` is called in the findings without --stdin-filename
STDIN_NAME = "stdin.txt"


@click.command(epilog=EXAMPLES, short_help="Check tables or reports (one series together).")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@run_options
@click.option(
    "--period",
    "periods",
    multiple=True,
    metavar="[FILE=]YYYY-MM",
    help="Period of an input (2021-06), in input order or as FILE=2021-06; repeatable.",
)
@click.option("--batch", is_flag=True, help="Check each input separately (see `aircheck batch`).")
@batch_options
@quiet_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="rich",
    show_default=True,
    help="How to print the findings (concise: one line each; sarif: SARIF 2.1.0).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help=f"With - as input: the name (and so the type) of standard input [default: {STDIN_NAME}].",
)
@fingerprints_option("Print each finding's fingerprint.")
@click.option("--show-unchecked/--no-show-unchecked", help="List the figures no rule could check.")
@output_option("Write the report to a file.")
@handle_errors
def validate(
    inputs: tuple[str, ...],
    run: Run,
    output_format: str,
    show_unchecked: bool,
    output: str | None,
    periods: tuple[str, ...] = (),
    batch: bool = False,
    jobs: int | None = None,
    show_all: bool = False,
    quiet: bool = False,
    stdin_filename: str | None = None,
    show_fingerprints: bool = False,
) -> None:
    """Check INPUTS (tables or reports; a directory means the files in it) together.

    Several reports of one series are ordered by period and their cumulative
    figures, targets and year-to-date sums checked across them (AC701-AC704).
    A single - reads standard input (name its type with --stdin-filename).
    """
    from .batch import collect
    from .cli_batch import run_batch

    lang = run.lang
    with ExitStack() as stack:
        given, shown_as = _stdin(list(inputs), stdin_filename, stack)
        files = collect(given)
        run.refuse_inputs([output], files)
        if batch and output_format == "sarif":
            raise click.UsageError(
                "--format sarif reports the inputs together; it has no --batch form"
            )
        if batch:
            run_batch(files, run, output_format, jobs, quiet, output, show_all)
        if jobs is not None:  # a large table's blocks: this process and jobs - 1 workers
            from .chunked import helpers_at_most

            stack.enter_context(helpers_at_most(jobs - 1))
        report = run.checked(files, periods)
        sources = None
        if output_format == "rich" and report.findings:
            from .render.sources import load_sources

            sources = load_sources(list(report.files))
        if shown_as:
            report, sources = _rename(report, sources, shown_as)
    flags = {"fingerprints": show_fingerprints, "quiet": quiet}
    _print(report, output_format, lang, output, show_unchecked, sources, flags)
    sys.exit(report.exit_code(run.fail_on))


def _stdin(inputs: list[str], name: str | None, stack: ExitStack) -> tuple[list[str], dict]:
    """``-`` becomes a temporary file named like *name* (its suffix picks the reader); the
    findings name it *name* again. Standard input is read once, as bytes."""
    if "-" not in inputs:
        return inputs, {}
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from .errors import AircheckError

    if inputs.count("-") > 1:
        raise AircheckError(
            "standard input (-) can be given only once", zh="标准输入（-）只能给一次"
        )
    shown = name or STDIN_NAME
    folder = Path(stack.enter_context(TemporaryDirectory(prefix="aircheck-stdin-")))
    path = folder / (Path(shown).name or STDIN_NAME)
    path.write_bytes(sys.stdin.buffer.read())
    return [str(path) if i == "-" else i for i in inputs], {str(path): shown}


def _rename(report: Any, sources: dict | None, names: dict[str, str]) -> tuple[Any, dict | None]:
    """The report with each temporary file called by the name the user gave it."""
    from dataclasses import replace

    def moved(f: Any) -> Any:
        locations = [replace(loc, file=names.get(loc.file, loc.file)) for loc in f.locations]
        return replace(f, locations=locations)

    report.findings = [moved(f) for f in report.findings]
    report.waived = [(moved(f), why) for f, why in report.waived]
    report.files = [names.get(file, file) for file in report.files]
    if sources is not None:
        sources = {names.get(k, k): v for k, v in sources.items()}
    return report, sources


def _print(
    report: Any,
    output_format: str,
    lang: str,
    output: str | None,
    show_unchecked: bool,
    sources: dict | None,
    flags: dict[str, bool],
) -> None:
    """Write the report to *output* or standard output in *output_format*."""
    from .text.coverage import format_unchecked

    unchecked = format_unchecked(report, lang) if show_unchecked else None
    if output_format == "json":
        emit(json_visible(_json_report(report, lang, show_unchecked)) + "\n", output)
    elif output_format == "sarif":
        from .render.sarif import render_sarif

        emit(json_visible(render_sarif(report, lang)), output)
    elif output_format == "markdown":
        from .render.markdown import render as markdown
        from .render.markdown import unchecked_section

        text = markdown(report, lang) + waived_note(report, lang)
        text += unchecked_section(unchecked, lang) if unchecked else ""
        emit(visible(text), output)
    elif output_format == "concise":
        from .render.terminal import concise

        text = concise(report, lang, flags["fingerprints"])
        if flags["quiet"]:  # the summary is the last line
            text = "".join(text.splitlines(keepends=True)[:-1])
        emit(text + waived_note(report, lang), output)
    else:
        from rich.console import Console

        from .render.terminal import render as terminal

        def terminal_to(console: Console) -> None:
            terminal(report, console, lang, unchecked, sources=sources, **flags)

        if output:
            from .outputs import open_text

            with open_text(output) as handle:
                terminal_to(Console(file=handle, width=120))
                handle.write(waived_note(report, lang))
        else:
            terminal_to(Console())
            click.echo(waived_note(report, lang), nl=False)


def _json_report(report: Any, lang: str, show_unchecked: bool) -> str:
    """The report's JSON; with --show-unchecked also an ``unchecked`` list of figures."""
    if not show_unchecked:
        return str(report.to_json(lang))
    import json

    from .text.coverage import unchecked_claims

    data = report.to_dict(lang)
    data["unchecked"] = unchecked_claims(report, lang).to_dict("records")
    return json.dumps(data, ensure_ascii=False, indent=2, default=int)
