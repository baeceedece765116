"""The ``aircheck`` command line. Heavy modules load inside commands, so ``--help`` is fast."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from .render import FORMATS
from .render.visible import json_visible, visible

EXIT_USAGE = 2

EXAMPLES = """
\b
Examples:
  aircheck validate report.csv                  check a metric table
  aircheck validate draft.docx --lang zh        check a report itself, Chinese messages
  aircheck validate report.csv --format json    machine-readable findings
  aircheck validate a.csv --fail-on warning     fail a CI job on warnings too
  aircheck validate 5月.txt 6月.txt             a series: cumulative figures, targets
  aircheck validate a.csv --rules pack.yaml     add a rule pack (docs/packs.md)
  aircheck batch reports/ --format json         each file on its own, JSON lines
  aircheck waive 963719462a7d8859 --reason ..   accept one finding
  aircheck rules                                list every rule
  aircheck explain AC102                        what one rule checks, with examples

\b
Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage error or unreadable input.
"""


def _handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn aircheck's input errors into one clear line and exit code 2, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import AircheckError

        try:
            return command(*args, **kwargs)
        except AircheckError as exc:
            lang = _language(kwargs.get("lang"))
            lead = "aircheck: 错误：" if lang == "zh" else "aircheck: error: "
            click.echo(visible(lead + exc.render(lang)), err=True)
            sys.exit(EXIT_USAGE)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # last resort: a clear line instead of a traceback
            if _language(kwargs.get("lang")) == "zh":
                text = (
                    f"aircheck: 内部错误：{type(exc).__name__}: {exc}（请连同引发它的输入一起报告）"
                )
            else:
                text = (
                    f"aircheck: internal error: {type(exc).__name__}: {exc} "
                    "(please report this with the input that caused it)"
                )
            click.echo(visible(text), err=True)
            sys.exit(EXIT_USAGE)

    return wrapper


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (value or "").split(",") if c.strip())


def _language(value: str | None) -> str:
    from .i18n import default_language

    return value or default_language()


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aircheck")
def main() -> None:
    """Check the figures of a progress report (通报) before it goes out.

    Reads a metric table (CSV, XLSX) or the report itself (TXT, DOCX, PDF) and checks
    every rate, part, sum and repeated figure with exact, rounding-aware arithmetic.
    """


def _run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options ``validate``, ``batch`` and ``review`` share: how strict, which rules, language."""
    options = [
        click.option(
            "--rules",
            "rules",
            multiple=True,
            metavar="PACK",
            help="A rule pack: a YAML file or a built-in name (zhengzhou-air); repeatable.",
        ),
        click.option(
            "--waivers",
            type=click.Path(dir_okay=False),
            help="Waiver file [default: .aircheck-waivers.yaml in the current directory].",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info", "never"]),
            default="error",
            show_default=True,
            help="Exit 1 when a finding is at or above this severity.",
        ),
        click.option(
            "--lang",
            type=click.Choice(["zh", "en"]),
            help="Message language [default: from AIRCHECK_LANG or the locale].",
        ),
        click.option(
            "--rounding",
            type=click.Choice(["either", "truncate", "any"]),
            default="either",
            show_default=True,
            help="Accepted rate convention: half-up or half-even (either), truncation, or any.",
        ),
        click.option(
            "--select", help="Only these rule codes or prefixes, comma-separated (AC1,AC301)."
        ),
        click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated."),
    ]
    for option in reversed(options):  # listed in --help in this order
        command = option(command)
    return command


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@_run_options
@click.option(
    "--period",
    "periods",
    multiple=True,
    metavar="[FILE=]YYYY-MM",
    help="Period of an input (2021-06), in input order or as FILE=2021-06; repeatable.",
)
@click.option("--batch", is_flag=True, help="Check each input separately (see `aircheck batch`).")
@click.option(
    "--jobs", type=click.IntRange(min=1), help="With --batch: processes [default: cores]."
)
@click.option("-q", "--quiet", is_flag=True, help="With --batch: no progress bar.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="rich",
    show_default=True,
    help="How to print the findings (sarif: SARIF 2.1.0 for code-review systems).",
)
@click.option("--show-unchecked", is_flag=True, help="List the figures no rule could check.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to a file.",
)
@_handle_errors
def validate(
    inputs: tuple[str, ...],
    output_format: str,
    fail_on: str,
    lang: str | None,
    rounding: str,
    select: str | None,
    ignore: str | None,
    show_unchecked: bool,
    output: str | None,
    rules: tuple[str, ...] = (),
    waivers: str | None = None,
    periods: tuple[str, ...] = (),
    batch: bool = False,
    jobs: int | None = None,
    quiet: bool = False,
) -> None:
    """Check INPUTS (tables or reports; a directory means the files in it) together.

    Several reports of one series are ordered by period and their cumulative
    figures, targets and year-to-date sums checked across them (AC701-AC704).
    """
    from .batch import collect
    from .config import build_options, find_settings
    from .engine import validate as run
    from .text.coverage import format_unchecked
    from .waivers import apply

    language = _language(lang)
    files = collect(list(inputs))
    _refuse_inputs([output], files, rules, waivers)
    if batch and output_format == "sarif":
        raise click.UsageError("--format sarif reports the inputs together; it has no --batch form")
    if batch:
        _batch(
            files,
            output_format,
            fail_on,
            language,
            rounding,
            select,
            ignore,
            rules,
            waivers,
            jobs,
            quiet,
            output,
        )
    settings = find_settings()
    options = build_options(
        files,
        rounding=rounding,
        select=_codes(select),
        ignore=_codes(ignore),
        rules=rules,
        periods=periods,
        settings=settings,
    )
    report = apply(run(files, options), _waivers(waivers, settings))
    report.findings = [f for f in report.findings if options.enabled(f.code)]
    unchecked = format_unchecked(report) if show_unchecked else None
    if output_format == "json":
        _emit(json_visible(_json_report(report, language, show_unchecked)) + "\n", output)
    elif output_format == "sarif":
        from .render.sarif import render_sarif

        _emit(json_visible(render_sarif(report, language)), output)
    elif output_format == "markdown":
        from .render.markdown import render, unchecked_section

        text = render(report, language) + _waived_note(report, language)
        text += unchecked_section(unchecked, language) if unchecked else ""
        _emit(visible(text), output)
    else:
        from rich.console import Console

        from .render.terminal import render

        if output:
            from .outputs import open_text

            with open_text(output) as handle:
                render(report, Console(file=handle, width=120), language, unchecked)
                handle.write(_waived_note(report, language))
        else:
            render(report, Console(), language, unchecked)
            click.echo(_waived_note(report, language), nl=False)
    sys.exit(report.exit_code(fail_on))


def _json_report(report: Any, lang: str, show_unchecked: bool) -> str:
    """The report's JSON; with --show-unchecked also an ``unchecked`` list of figures."""
    if not show_unchecked:
        return str(report.to_json(lang))
    import json

    from .text.coverage import unchecked_claims

    data = report.to_dict(lang)
    data["unchecked"] = unchecked_claims(report).to_dict("records")
    return json.dumps(data, ensure_ascii=False, indent=2, default=int)


def _refuse_inputs(
    outputs: list[str | None], files: list[str], rules: tuple[str, ...], waivers: str | None
) -> None:
    """Refuse an output that is a report, a table, a rule pack or the waiver file read."""
    from .config import find_settings
    from .outputs import refuse_inputs
    from .waivers import find

    inputs: list[str] = [*files, *rules]
    waiver_file = find(waivers or find_settings().waivers or None)
    if waiver_file:
        inputs.append(str(waiver_file))
    refuse_inputs(outputs, inputs)


def _waivers(explicit: str | None, settings: Any) -> list[Any]:
    """The waivers in force: --waivers, else the settings' file, else ./.aircheck-waivers.yaml."""
    from .waivers import find, load

    path = find(explicit or settings.waivers or None)
    return load(path) if path else []


def _waived_note(report: Any, lang: str) -> str:
    """One line per waived finding, after the report (the renderers do not know waivers)."""
    if not report.waived:
        return ""
    head = (
        f"已豁免 {len(report.waived)} 个问题："
        if lang == "zh"
        else f"{len(report.waived)} finding(s) waived:"
    )
    lines = [head]
    for finding, reason in report.waived:
        where = finding.locations[0] if finding.locations else None
        place = f"{where.file}:{where.line}" if where else ""
        lines.append(f"  {finding.fingerprint}  {finding.code}  {place}  {reason}")
    return visible("\n".join(lines) + "\n")


def _batch(
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
) -> None:
    """Validate each file on its own over several processes; exit with the worst code."""
    import json
    from contextlib import ExitStack

    from . import batch as runner
    from .config import build_options, find_settings
    from .outputs import open_text

    _refuse_inputs([output], files, rules, waivers)
    settings = find_settings()
    options = build_options(
        [],
        rounding=rounding,
        select=_codes(select),
        ignore=_codes(ignore),
        rules=rules,
        settings=settings,
    )
    in_force = tuple(_waivers(waivers, settings))
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
                runner.render_table(results, console, language)
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


@main.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@_run_options
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
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the results to a file."
)
@_handle_errors
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
) -> None:
    """Check every report and table under INPUTS (directories or files), each on its own.

    Prints a summary table per file (or, with --format json, one JSON object per
    file per line) and exits with the worst exit code over the files.
    """
    from .batch import collect

    files = collect(list(inputs))
    _batch(
        files,
        output_format,
        fail_on,
        _language(lang),
        rounding,
        select,
        ignore,
        rules,
        waivers,
        jobs,
        quiet,
        output,
    )


@main.command()
@click.argument("fingerprint")
@click.option("--reason", required=True, help="Why the finding is accepted.")
@click.option("--expires", metavar="YYYY-MM-DD", help="After this date the waiver stops waiving.")
@click.option(
    "--waivers",
    type=click.Path(dir_okay=False),
    default=".aircheck-waivers.yaml",
    show_default=True,
    help="The waiver file to append to.",
)
@_handle_errors
def waive(fingerprint: str, reason: str, expires: str | None, waivers: str) -> None:
    """Accept the finding with FINGERPRINT (from --format json) in the waiver file."""
    from .waivers import append

    append(waivers, fingerprint.strip().lower(), reason, expires)
    click.echo(visible(f"waived {fingerprint} in {waivers}"))


def _emit(text: str, output: str | None) -> None:
    if output:
        from .outputs import write_text

        write_text(output, text)
    else:
        click.echo(text, nl=False)


@main.command("rules")
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), help="Title language [default: from the locale]."
)
def list_rules(lang: str | None) -> None:
    """List every rule: code, name, default severity and what it checks."""
    from .rules import all_rules

    language = _language(lang)
    for rule in all_rules():
        title = rule.title_zh if language == "zh" else rule.title_en
        click.echo(f"{rule.code}  {rule.name:<24} {rule.severity.value:<8} {title}")


@main.command()
@click.argument("code")
@_handle_errors
def explain(code: str) -> None:
    """Print the documentation of one rule, by CODE (AC101) or name (rate-mismatch)."""
    from .errors import AircheckError
    from .rules import get_rule

    rule = get_rule(code)
    if rule is None:
        raise AircheckError(
            f"no rule {code!r}; `aircheck rules` lists them",
            zh=f"没有规则 {code!r}；`aircheck rules` 会列出全部规则",
        )
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value})\n")
    click.echo(rule.doc)


REVIEW_EXAMPLES = """
\b
Examples:
  aircheck review 通报.docx                        writes ./通报.review.html
  aircheck review 通报.docx --html review.html     the page at a path you choose
  aircheck review 通报.docx -o 通报.reviewed.docx  a Word copy, a comment per finding
  aircheck review 通报.pdf --html r.html -o r.docx both at once
  aircheck review 通报.txt --lang en --fail-on warning
  aircheck review table.csv                        a metric table, its cells marked

\b
Colours: green checked and consistent, amber a convention is off, red wrong,
blue worth a look, grey nothing could check it (docs/review.md).
Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage error or unreadable input.
"""


@main.command(epilog=REVIEW_EXAMPLES)
@click.argument("draft", type=click.Path(dir_okay=False))
@_run_options
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the HTML review here [default: ./DRAFT-STEM.review.html without -o].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write a reviewed Word copy (.docx) with a comment on each figure with a finding.",
)
@_handle_errors
def review(
    draft: str,
    html_out: str | None,
    output: str | None,
    lang: str | None,
    rounding: str,
    select: str | None,
    ignore: str | None,
    fail_on: str,
    rules: tuple[str, ...] = (),
    waivers: str | None = None,
) -> None:
    """Review DRAFT before it goes out: every figure in place, coloured by status.

    Writes one self-contained HTML page (no network, opens offline) showing the
    draft line by line with each figure marked, a summary and the findings, each
    linked to its figure; with -o, a Word copy with a comment on each figure that
    has a finding. Without --html or -o the page goes to ./DRAFT-STEM.review.html.
    Waivers and rule packs apply as in `aircheck validate`.
    """
    from pathlib import Path

    from .config import build_options, find_settings
    from .engine import validate as run
    from .render.markdown import summary_line
    from .waivers import apply

    if html_out is None and output is None:
        html_out = f"{Path(draft).stem}.review.html"
    _refuse_inputs([html_out, output], [draft], rules, waivers)
    language = _language(lang)
    settings = find_settings()
    options = build_options(
        [draft],
        rounding=rounding,
        select=_codes(select),
        ignore=_codes(ignore),
        rules=rules,
        settings=settings,
    )
    report = apply(run([draft], options), _waivers(waivers, settings))
    report.findings = [f for f in report.findings if options.enabled(f.code)]
    if html_out:
        from .outputs import write_text
        from .render.html import render_html
        from .render.sources import load_sources

        page = render_html(report, load_sources(list(report.files)), language)
        write_text(html_out, page)
        click.echo(visible(html_out))
    if output:
        from .render.docx_review import write_review

        comments = write_review(draft, report, output, language)
        click.echo(visible(f"{output} ({comments} comment(s))"))
    click.echo(summary_line(report, language))
    sys.exit(report.exit_code(fail_on))


@main.command(epilog=EXAMPLES)
@click.argument("report", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the table here (.csv, .tsv or .xlsx) [default: CSV on standard output].",
)
@_handle_errors
def extract(report: str, output: str | None) -> None:
    """Write the figures of REPORT (TXT, Markdown, DOCX, PDF) as a metric table.

    The table (docs/table-format.md) holds every progress triple, part and repeated
    figure the reader found, with the digits as printed; correct it in a spreadsheet
    and run `aircheck validate` on it. Cells a spreadsheet would run as formulas are
    quoted.
    """
    from pathlib import Path

    from .errors import AircheckError
    from .outputs import refuse_inputs
    from .tables import TABLE_SUFFIXES
    from .text import claimset_to_table, extract_file
    from .text.to_table import write_table

    refuse_inputs([output], [report])
    if Path(report).suffix.lower() in TABLE_SUFFIXES:
        raise AircheckError(
            "is already a table; extract reads a report (TXT, Markdown, DOCX, PDF)",
            zh="已经是表格；extract 读取的是报告正文（TXT、Markdown、DOCX、PDF）",
            file=report,
        )
    table = claimset_to_table(extract_file(report))
    if output:
        write_table(table, output)
        click.echo(visible(f"{len(table)} rows written to {output}"), err=True)
    else:
        click.echo(table.to_csv(index=False), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
