"""The pipeline: read → claims and relations → schema → rules → report."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .claimset import ClaimSet, concat, from_table
from .columns import NUMERIC_COLUMNS
from .errors import AircheckError
from .model import Finding, Location, Report, Severity
from .office import OFFICE_TEXT
from .rulebase import Context, Options
from .tables import TABLE_SUFFIXES, Table, frame_to_table, header_of, read_table

if TYPE_CHECKING:
    from .config import Settings

TEXT_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf"}) | OFFICE_TEXT
Source = "str | Path | pd.DataFrame"


def read(source: Any) -> ClaimSet:
    """Claims and relations from one input: a table path, a report path or a DataFrame."""
    if _is_frame(source):
        return claims_from_table(frame_to_table(source))
    path = Path(source)
    if not path.exists():
        raise AircheckError("no such file", zh="文件不存在", file=str(path))
    if path.is_dir():
        raise AircheckError(
            "is a directory; give the files in it",
            zh="这是一个目录；请给出其中的文件",
            file=str(path),
        )
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return claims_from_table(read_table(path))
    if suffix in TEXT_SUFFIXES:
        from .rules.tracked_changes import tracked_changes
        from .text import extract_lines
        from .text.loaders import load

        lines = load(path)  # what extract_file does, keeping the lines for AC503
        claimset = extract_lines(lines, str(path))
        claimset.findings.extend(tracked_changes(lines, str(path)))
        return claimset
    raise AircheckError(
        f"unsupported file type {suffix or '(none)'}: use .csv, .tsv, .xlsx, .txt, .md, .docx or "
        ".pdf (.doc, .wps, .rtf, .odt, .xls, .et and .ods with LibreOffice installed)",
        zh=f"不支持的文件类型 {suffix or '（无扩展名）'}：请用 .csv、.tsv、.xlsx、.txt、.md、.docx 或 "
        ".pdf（装有 LibreOffice 时也可用 .doc、.wps、.rtf、.odt、.xls、.et、.ods）",
        file=str(path),
    )


def claims_from_table(table: Table) -> ClaimSet:
    """Schema findings for the table's structure, then its claims and implied relations."""
    import numpy as np

    from .rules.unreadable import formula_findings

    findings = schema_findings(table) + formula_findings(table)
    claimset = from_table(table)
    claimset.findings[:0] = findings
    frame = table.frame
    # object arrays: a comparison on pandas' python-backed str column is a Python call a
    # cell; the readers strip every cell, so a blank one is ""
    blank = np.ones(len(frame), dtype=bool)
    for name in NUMERIC_COLUMNS:
        blank &= frame[name].to_numpy(dtype=object) == ""
    claimset.unchecked_rows = int(blank.sum())
    return claimset


def schema_findings(table: Table) -> list[Finding]:
    """Structural failures of the table schema, as AC502 findings at row and column."""
    import pandera.pandas as pa

    from .schema_files import load

    schema = load("table")
    findings = []
    try:
        with _without_hypothesis():
            schema.validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        columns_at = table.frame.attrs.get("column_numbers", {})
        for _, case in cases.iterrows():
            index = case.get("index")
            line = int(table.frame["line"].iloc[int(index)]) if _is_index(index) else 1
            column = str(case.get("column") or "")
            check, failure = case.get("check"), str(case.get("failure_case"))
            findings.append(
                _schema_finding(
                    Location(table.file, line, columns_at.get(column), failure),
                    f"column {column!r} fails {check}: {failure!r}",
                    f"“{header_of(table, column)}”列不符合 {check}：{failure!r}",
                    stated=failure,
                )
            )
    for column_number, name in table.unknown_columns:
        findings.append(
            _schema_finding(
                Location(table.file, 1, column_number, name),
                f"column {name!r} is not one aircheck knows (docs/table-format.md); ignored",
                f"“{name}”列不是 aircheck 识别的列（见 docs/table-format.md），已忽略",
                stated=name,
                severity=Severity.INFO,
            )
        )
    for line in table.frame.attrs.get("extra_cells", []):
        findings.append(
            _schema_finding(
                Location(table.file, line),
                "the row has more cells than the header; the extra cells are not checked",
                "该行单元格多于表头，多出的单元格未检查",
            )
        )
    return findings


@contextmanager
def _without_hypothesis() -> Iterator[None]:
    """Keep pandera from importing hypothesis (0.1–0.3 s) for strategies validation never uses.

    pandera registers its backends on the first ``validate`` and imports hypothesis then
    if it is installed (it is wherever the test extras are). When the process has not
    imported hypothesis itself, the import is made to fail for that moment only; a
    process that already uses hypothesis (the test suite) is left alone.
    """
    if "hypothesis" in sys.modules:
        yield
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("hypothesis", 0) is None:
            del sys.modules["hypothesis"]


def _schema_finding(
    location: Location,
    en: str,
    zh: str,
    *,
    stated: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Finding:
    """One AC502 finding (the rule has no check of its own: reading the table finds these)."""
    return Finding(
        code="AC502",
        rule="schema",
        severity=severity,
        messages={"en": en, "zh": zh},
        locations=[location],
        stated=stated,
    )


def _is_index(value: object) -> bool:
    try:
        int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
    return True


def read_as_validated(
    path: str | Path, settings: Settings | None = None
) -> tuple[ClaimSet, Options]:
    """One input's claims as ``aircheck validate`` sees them, with the options it runs under:
    the settings found and the built-in packs the report matches (the seed's zhengzhou-air
    links 国土绿化 to 造林). ``aircheck extract`` and the scoreboards read reports this way."""
    from .config import build_options

    options = build_options([str(path)], settings=settings)
    claimset = read(path)
    if options.packs:
        from .packs import apply

        claimset = apply(claimset, options.packs)
    return claimset, options


def check(claimset: ClaimSet, options: Options | None = None) -> Report:
    """Run every enabled rule over the claim set at once and collect a report."""
    from .rate_table import document_convention, rate_table
    from .rules import all_rules

    options = options or Options()
    ctx = Context(claimset, options)
    findings = [f for f in claimset.findings if options.enabled(f.code)]
    for rule in all_rules():
        if rule.check is None or not options.enabled(rule.code):
            continue
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: f.sort_key())
    by_kind = _relations_by_kind(ctx)
    claim_count = ctx.core.size
    checked = ctx.checked_count
    stats = {
        "claims": claim_count,
        "checked": checked,
        "unchecked": claim_count - checked,
        "rows_without_figures": claimset.unchecked_rows,
        "relations": {str(k): int(v) for k, v in by_kind.items()},
    }
    return Report(
        findings=findings,
        files=list(claimset.files),
        # the frames with string ids are made only if an output reads them
        claims=lambda: claimset.claims,
        reasons=claimset.reasons,
        relations=lambda: claimset.relations,
        convention=document_convention(rate_table(ctx)),
        stats=stats,
        checked_ids=ctx.checked_names,
    )


def _relations_by_kind(ctx: Context) -> dict[str, int]:
    """How many relations of each kind, by kind name: wide kinds count their rows, long
    kinds their distinct relation ids (a relation's kind is that of its first row)."""
    counts: dict[str, int] = {}
    core = ctx.core
    for kind, wide in core.wide.items():
        if kind not in core.long:  # a table's ratios and shares: one row each
            counts[kind] = len(wide)
    seen: set[object] = set()
    for kind, rows in core.long.items():
        ids = dict.fromkeys(rows.relation_ids.tolist())
        fresh = [i for i in ids if i not in seen]
        seen.update(fresh)
        if fresh:
            counts[kind] = len(fresh)
    return dict(sorted(counts.items()))


def validate(sources: Any | Iterable[Any], options: Options | None = None) -> Report:
    """Read one or more inputs and check them together."""
    if isinstance(sources, (str, Path)) or _is_frame(sources):
        sources = [sources]
    sources = list(sources)
    options = options or Options()
    if len(sources) == 1 and not options.packs and isinstance(sources[0], (str, Path)):
        from .table_stream import NotStreamable, streams

        if streams(Path(sources[0])):  # a table too large to hold whole: block by block
            from .chunked import validate_in_chunks

            try:
                return validate_in_chunks(Path(sources[0]), options)
            except NotStreamable:
                pass  # line breaks the blocks cannot follow: in one piece
    sets = [read(s) for s in sources]
    claimset = concat(sets)
    if options.packs:
        from .packs import apply

        claimset = apply(claimset, options.packs)
    if len(sets) > 1:
        from .periods import link

        claimset = link(claimset, list(sources), options)
    return check(claimset, options)


def _is_frame(value: object) -> bool:
    """Whether *value* is a DataFrame (none can exist before pandas is imported: a
    report's check does not import it)."""
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(value, pd.DataFrame)
