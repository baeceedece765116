"""``aircheck review``: the HTML page and the Word copy a reviewer reads before publication."""

from __future__ import annotations

import sys

import click

from .cli_common import (
    Run,
    fingerprints_option,
    handle_errors,
    output_option,
    quiet_option,
    run_options,
)
from .render.visible import visible

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


@click.command(epilog=REVIEW_EXAMPLES, short_help="Write an HTML page and a Word copy to review.")
@click.argument("draft", type=click.Path(dir_okay=False))
@run_options
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the HTML review here [default: ./DRAFT-STEM.review.html without -o].",
)
@output_option("Write a reviewed Word copy (.docx) with a comment on each figure with a finding.")
@fingerprints_option("End each Word comment with the finding's fingerprint (for `aircheck waive`).")
@quiet_option
@handle_errors
def review(
    draft: str,
    html_out: str | None,
    output: str | None,
    show_fingerprints: bool,
    run: Run,
    quiet: bool = False,
) -> None:
    """Review DRAFT before it goes out: every figure in place, coloured by status.

    Writes one self-contained HTML page (no network, opens offline) showing the
    draft line by line with each figure marked, a summary and the findings, each
    linked to its figure; with -o, a Word copy with a comment on each figure that
    has a finding. Without --html or -o the page goes to ./DRAFT-STEM.review.html.
    Waivers and rule packs apply as in `aircheck validate`.
    """
    from pathlib import Path

    from .render.markdown import summary_line

    if html_out is None and output is None:
        html_out = f"{Path(draft).stem}.review.html"
    run.refuse_inputs([html_out, output], [draft])
    lang = run.lang
    report = run.checked([draft])
    if html_out:
        from .outputs import write_text
        from .render.html import render_html
        from .render.sources import load_sources

        page = render_html(report, load_sources(list(report.files)), lang)
        write_text(html_out, page)
        if not quiet:
            click.echo(visible(html_out))
    if output:
        from .render.docx_review import write_review

        comments = write_review(draft, report, output, lang, fingerprints=show_fingerprints)
        if not quiet:
            click.echo(visible(f"{output} ({comments} comment(s))"))
    if not quiet:
        click.echo(summary_line(report, lang))
    sys.exit(report.exit_code(run.fail_on))
