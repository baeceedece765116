"""Read a metric table (CSV, TSV or XLSX) into canonical text columns.

Every cell is kept as text so that its stated precision survives; each row keeps
the 1-based line of the file it came from (the header is line 1), so findings
point at the line a reviewer sees in an editor.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .columns import COLUMNS, NUMERIC_COLUMNS, canonical
from .encoding import decode
from .errors import AircheckError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"})
#: Guard against zip bombs: an XLSX whose parts unpack to more than this is refused.
MAX_XLSX_UNPACKED = 512 * 1024 * 1024


@dataclass(slots=True)
class Table:
    """A table in canonical columns (all text) and the source line of each row."""

    file: str
    frame: pd.DataFrame  # canonical COLUMNS (str) plus "line" (int)
    unknown_columns: list[str]


def read_table(path: str | Path) -> Table:
    """Read *path* by its suffix; raise :class:`AircheckError` if it cannot be read at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, rows, lines = _read_xlsx(path)
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AircheckError(f"cannot read file: {exc.strerror}", file=str(path)) from None
        header, rows, lines = _read_delimited(decode(data, str(path)), str(path), suffix)
    return _to_table(str(path), header, rows, lines)


def frame_to_table(frame: pd.DataFrame, name: str = "<dataframe>") -> Table:
    """Treat an in-memory DataFrame as if it were a CSV with that header."""
    header = [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), "").astype(str).values.tolist()
    lines = list(range(2, len(rows) + 2))
    return _to_table(name, header, rows, lines)


def _read_delimited(
    text: str, file: str, suffix: str
) -> tuple[list[str], list[list[str]], list[int]]:
    if not text.strip():
        raise AircheckError("the file is empty", file=file)
    delimiter = "\t" if suffix == ".tsv" else _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    try:
        start = 1
        for row in reader:
            if header is None:
                if any(cell.strip() for cell in row):
                    header = row  # blank lines before it are allowed
            elif any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise AircheckError(f"malformed CSV: {exc}", file=file, line=reader.line_num) from None
    if header is None:
        raise AircheckError("no header row", file=file)
    return header, rows, lines


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        raise AircheckError("not a readable XLSX workbook", file=str(path)) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise AircheckError(
            f"XLSX unpacks to {unpacked} bytes, over the {MAX_XLSX_UNPACKED} byte limit",
            file=str(path),
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise AircheckError(f"not a readable XLSX workbook ({exc})", file=str(path)) from None
    sheet = book.worksheets[0]
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        texts = [_xlsx_cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if header is None:
            header = texts
        else:
            rows.append(texts)
            lines.append(number)
    book.close()
    if header is None:
        raise AircheckError("the workbook's first sheet is empty", file=str(path))
    return header, rows, lines


_DECIMALS_IN_FORMAT = re.compile(r"0\.(0+)")


def _xlsx_cell_text(cell: object) -> str:
    """A cell as the reviewer sees it: numbers with the decimals of their format."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    fmt = str(getattr(cell, "number_format", "General") or "General")
    match = _DECIMALS_IN_FORMAT.search(fmt)
    decimals = len(match.group(1)) if match else None
    if fmt.endswith("%"):
        from decimal import Decimal

        scaled = Decimal(repr(value)) * 100
        return (
            f"{scaled:.{decimals}f}" if decimals is not None else f"{scaled.normalize():f}"
        ) + "%"
    if decimals is not None:
        from decimal import Decimal

        return f"{Decimal(repr(value)):.{decimals}f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _to_table(file: str, header: list[str], rows: list[list[str]], lines: list[int]) -> Table:
    import pandas as pd

    mapped: dict[int, str] = {}
    unknown: list[str] = []
    for index, name in enumerate(header):
        column = canonical(name)
        if column is None:
            if str(name).strip():
                unknown.append(str(name).strip())
        elif column in mapped.values():
            raise AircheckError(f"column {column!r} appears twice in the header", file=file, line=1)
        else:
            mapped[index] = column
    if "item" not in mapped.values():
        raise AircheckError(
            "required column 'item' (事项) is missing from the header", file=file, line=1
        )
    if not set(NUMERIC_COLUMNS) & set(mapped.values()):
        raise AircheckError(
            "the header has none of 'planned' (计划), 'completed' (已完成), 'rate' (完成率)",
            file=file,
            line=1,
        )
    width = len(header)
    data: dict[str, list[str]] = {c: [] for c in COLUMNS}
    extra_cells: list[int] = []
    for row, line in zip(rows, lines):
        if len(row) > width and any(c.strip() for c in row[width:]):
            extra_cells.append(line)
        padded = row + [""] * (width - len(row))
        for column in COLUMNS:
            data[column].append("")
        for index, column in mapped.items():
            data[column][-1] = padded[index].strip()
    frame = pd.DataFrame(data, dtype=str)
    frame["line"] = pd.Series(lines, dtype="int64")
    frame.attrs["extra_cells"] = extra_cells
    frame.attrs["column_numbers"] = {column: index + 1 for index, column in mapped.items()}
    return Table(file=file, frame=frame, unknown_columns=unknown)
