"""The ``aircheck`` command line. Heavy modules load inside commands, so ``--help`` is fast."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

EXIT_USAGE = 2

EXAMPLES = """
\b
Examples:
  aircheck validate report.csv                  check a metric table
  aircheck validate draft.docx --lang zh        check a report itself, Chinese messages
  aircheck validate report.csv --format json    machine-readable findings
  aircheck validate a.csv --fail-on warning     fail a CI job on warnings too
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
            click.echo(f"aircheck: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # last resort: a clear line instead of a traceback
            click.echo(
                f"aircheck: internal error: {type(exc).__name__}: {exc} "
                "(please report this with the input that caused it)",
                err=True,
            )
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


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["rich", "json", "markdown"]),
    default="rich",
    show_default=True,
    help="How to print the findings.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at or above this severity.",
)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), help="Message language [default: from the locale]."
)
@click.option(
    "--rounding",
    type=click.Choice(["either", "truncate", "any"]),
    default="either",
    show_default=True,
    help="Accepted rate convention: half-up or half-even (either), truncation, or any of them.",
)
@click.option("--select", help="Only these rule codes or prefixes, comma-separated (AC1,AC301).")
@click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated.")
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
) -> None:
    """Check INPUTS (tables or reports) together and report every inconsistency."""
    from .engine import validate as run
    from .rulebase import Options

    language = _language(lang)
    options = Options(rounding=rounding, select=_codes(select), ignore=_codes(ignore))
    report = run(list(inputs), options)
    unchecked = unchecked_figures(report) if show_unchecked else None
    if output_format == "json":
        text = report.to_json(language)
        _emit(text + "\n", output)
    elif output_format == "markdown":
        from .render.markdown import render

        _emit(render(report, language), output)
    else:
        from rich.console import Console

        from .render.terminal import render

        if output:
            with open(output, "w", encoding="utf-8") as handle:
                render(report, Console(file=handle, width=120), language, unchecked)
        else:
            render(report, Console(), language, unchecked)
    sys.exit(report.exit_code(fail_on))


def unchecked_figures(report: Any) -> list[str]:
    """``file:line  section  raw`` for every figure that no rule checked."""
    claims = report.claims
    if claims is None or claims.empty:
        return []
    rest = claims[~claims["claim_id"].isin(report.checked_ids)]
    return [
        f"{row.file}:{row.line}  {row.section}  {row.raw}".rstrip()
        for row in rest.itertuples(index=False)
    ]


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
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
def explain(code: str) -> None:
    """Print the documentation of one rule, by CODE (AC101) or name (rate-mismatch)."""
    from .rules import get_rule

    rule = get_rule(code)
    if rule is None:
        click.echo(f"aircheck: error: no rule {code!r}; `aircheck rules` lists them", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value})\n")
    click.echo(rule.doc)


if __name__ == "__main__":  # pragma: no cover
    main()
