"""The ``aircheck`` command line: the group and its small commands; validate, batch and
review live in modules of their own. Heavy modules load inside commands, so ``--help`` is fast."""

from __future__ import annotations

import click

from .cli_batch import batch_command
from .cli_common import (
    EXAMPLES,
    handle_errors,
    language,
    output_option,
    quiet_option,
    settings_as_defaults,
)
from .cli_review import review
from .cli_validate import validate
from .config import LANGS
from .render.visible import visible


@click.group(
    epilog=EXAMPLES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="aircheck")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Check the figures of a progress report (通报) before it goes out.

    Reads a metric table (CSV, XLSX) or the report itself (TXT, DOCX, PDF) and checks
    every rate, part, sum and repeated figure with exact, rounding-aware arithmetic.
    """
    settings_as_defaults(ctx)


main.add_command(validate)
main.add_command(batch_command)
main.add_command(review)


@main.command(short_help="Accept one finding by its fingerprint.")
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
@quiet_option
@handle_errors
def waive(
    fingerprint: str, reason: str, expires: str | None, waivers: str, quiet: bool = False
) -> None:
    """Accept the finding with FINGERPRINT (from --show-fingerprints or JSON) in the waiver file."""
    from .waivers import append

    append(waivers, fingerprint.strip().lower(), reason, expires)
    if not quiet:
        click.echo(visible(f"waived {fingerprint} in {waivers}"))


@main.command("rules", short_help="List every rule and its default severity.")
@click.option("--lang", type=click.Choice(LANGS), help="Title language [default: from the locale].")
def list_rules(lang: str | None) -> None:
    """List every rule: code, name, severities (the default first) and what it checks."""
    from .rules import all_rules, severities

    lang = language(lang)
    for rule in all_rules():
        title = rule.title_zh if lang == "zh" else rule.title_en
        levels = "/".join(severities(rule))
        click.echo(f"{rule.code}  {rule.name:<24} {levels:<13} {title}")


@main.command(short_help="Show what one rule checks, with examples.")
@click.argument("code")
@handle_errors
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
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console()
    console.print(f"[bold]{rule.code} {rule.name}[/bold] ({rule.severity.value})\n")
    console.print(Markdown(rule.doc))


@main.command(epilog=EXAMPLES, short_help="Write the figures of a report as a table.")
@click.argument("report", type=click.Path(dir_okay=False))
@output_option("Write the table here (.csv, .tsv or .xlsx) [default: CSV on standard output].")
@quiet_option
@handle_errors
def extract(report: str, output: str | None, quiet: bool = False) -> None:
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
    from .text import claimset_to_table
    from .text.to_table import write_table

    refuse_inputs([output], [report])
    if Path(report).suffix.lower() in TABLE_SUFFIXES:
        raise AircheckError(
            "is already a table; extract reads a report (TXT, Markdown, DOCX, PDF)",
            zh="已经是表格；extract 读取的是报告正文（TXT、Markdown、DOCX、PDF）",
            file=report,
        )
    from .engine import read_as_validated

    table = claimset_to_table(read_as_validated(report)[0])
    if output:
        write_table(table, output)
        if not quiet:
            click.echo(visible(f"{len(table)} rows written to {output}"), err=True)
    else:
        click.echo(table.to_csv(index=False), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
