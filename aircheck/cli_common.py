"""What the ``aircheck`` commands share: errors as one line, the run options, inputs, waivers.

Heavy modules load inside functions, so ``aircheck --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import click

from .config import FAIL_ON, LANGS, ROUNDINGS
from .render.visible import visible

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


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn aircheck's input errors into one clear line and exit code 2, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import AircheckError

        try:
            return command(*args, **kwargs)
        except AircheckError as exc:
            lang = _lang_of(kwargs)
            lead = "aircheck: 错误：" if lang == "zh" else "aircheck: error: "
            click.echo(visible(lead + exc.render(lang)), err=True)
            sys.exit(EXIT_USAGE)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # last resort: a clear line instead of a traceback
            if _lang_of(kwargs) == "zh":
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


def _lang_of(kwargs: dict[str, Any]) -> str:
    run = kwargs.get("run")
    return run.lang if isinstance(run, Run) else language(kwargs.get("lang"))


def codes(value: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (value or "").split(",") if c.strip())


def language(value: str | None) -> str:
    from .i18n import default_language

    return value or default_language()


@dataclass(frozen=True, slots=True)
class Run:
    """The run options ``validate``, ``batch`` and ``review`` share, as one value (the
    language resolved), so the commands and the batch runner pass one thing along."""

    fail_on: str = "error"
    lang: str = "en"
    rounding: str = "either"
    select: str | None = None
    ignore: str | None = None
    rules: tuple[str, ...] = ()
    waivers: str | None = None

    def settings_and_options(self, files: list[str], periods: tuple[str, ...] = ()) -> Any:
        """The settings found from here and the run's options with the flags over them."""
        from .config import build_options, find_settings

        settings = find_settings()
        options = build_options(
            files,
            rounding=self.rounding,
            select=codes(self.select),
            ignore=codes(self.ignore),
            rules=self.rules,
            periods=periods,
            settings=settings,
        )
        return settings, options

    def refuse_inputs(self, outputs: list[str | None], files: list[str]) -> None:
        """Refuse an output that is a report, a table, a rule pack or the waiver file read."""
        from .config import find_settings
        from .outputs import refuse_inputs as refuse
        from .waivers import find

        inputs: list[str] = [*files, *self.rules]
        waiver_file = find(self.waivers or find_settings().waivers or None)
        if waiver_file:
            inputs.append(str(waiver_file))
        refuse(outputs, inputs)

    def checked(self, files: list[str], periods: tuple[str, ...] = ()) -> Any:
        """The report of *files* with the waivers applied and disabled rules' findings left out."""
        from .engine import validate as run
        from .waivers import apply

        settings, options = self.settings_and_options(files, periods)
        report = apply(run(files, options), waivers_in_force(self.waivers, settings))
        report.findings = [f for f in report.findings if options.enabled(f.code)]
        return report


def _choice(
    flag: str, choices: tuple[str, ...], help: str, default: str | None = None
) -> Callable[..., Any]:
    return click.option(
        flag,
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help=help,
    )


_RUN_OPTIONS = [
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
    _choice("--fail-on", FAIL_ON, "Exit 1 when a finding is at or above this severity.", "error"),
    _choice("--lang", LANGS, "Message language [default: from AIRCHECK_LANG or the locale]."),
    _choice(
        "--rounding",
        ROUNDINGS,
        "Accepted rate convention: half-up or half-even (either), truncation, or any.",
        "either",
    ),
    click.option(
        "--select", help="Only these rule codes or prefixes, comma-separated (AC1,AC301)."
    ),
    click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated."),
]


def run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``validate``, ``batch`` and ``review`` share; the command receives them
    as one ``run: Run`` argument."""
    names = ("fail_on", "rounding", "select", "ignore", "rules", "waivers")

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in names}
        run = Run(lang=language(kwargs.pop("lang")), **given)
        return command(*args, run=run, **kwargs)

    for option in reversed(_RUN_OPTIONS):  # listed in --help in this order
        wrapper = option(wrapper)
    return wrapper


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--jobs`` and ``--all``, for ``batch`` and ``validate --batch``."""
    command = click.option(
        "--all",
        "show_all",
        is_flag=True,
        help="Batch summary: every file, not only the failing and unreadable ones.",
    )(command)
    return click.option(
        "--jobs",
        type=click.IntRange(min=1),
        help="Processes: for the files of a batch, or the blocks of a table over 64 MB "
        "[default: the cores].",
    )(command)


def output_option(help: str, writable: bool = True) -> Callable[..., Any]:
    """``-o``/``--output``: the file a command writes, with the command's own *help*."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, writable=writable), help=help
    )


def fingerprints_option(help: str) -> Callable[..., Any]:
    """``--show-fingerprints`` (and ``--no-…`` to turn the setting off)."""
    return click.option("--show-fingerprints/--no-show-fingerprints", help=help)


def settings_as_defaults(ctx: click.Context) -> None:
    """The project settings (aircheck.toml, [tool.aircheck]) become the defaults of the
    invoked command's options, so a flag given on the command line overrides them."""
    name = ctx.invoked_subcommand
    group = ctx.command
    if not name or not isinstance(group, click.Group):
        return
    command = group.get_command(ctx, name)
    if command is None:
        return
    from .config import find_settings
    from .errors import AircheckError

    try:
        defaults = find_settings().defaults
    except AircheckError:
        return  # the command reads the settings again and reports the error at its line
    params = {p.name: p for p in command.params}
    own = {}
    for key, value in defaults.items():
        param = params.get(key)
        if param is None:
            continue  # a setting this command has no option for (jobs for review)
        if isinstance(param.type, click.Choice) and value not in param.type.choices:
            continue  # format = "concise" for batch, which writes a table or JSON lines
        own[key] = value
    if own:
        ctx.default_map = {name: own}


def quiet_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``-q``: only the findings (or nothing, for commands that write files)."""
    return click.option(
        "-q", "--quiet", is_flag=True, help="Print only the findings: no progress or summary."
    )(command)


def waivers_in_force(explicit: str | None, settings: Any) -> list[Any]:
    """The waivers in force: --waivers, else the settings' file, else ./.aircheck-waivers.yaml."""
    from .waivers import find, load

    path = find(explicit or settings.waivers or None)
    return load(path) if path else []


def waived_note(report: Any, lang: str) -> str:
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


def emit(text: str, output: str | None) -> None:
    if output:
        from .outputs import write_text

        write_text(output, text)
    else:
        click.echo(text, nl=False)
