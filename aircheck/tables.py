"""Read a metric table (CSV, TSV or XLSX) into canonical text columns.

Every cell is kept as text so that its stated precision survives; each row keeps
the 1-based line of the file it came from (the header is line 1), so findings
point at the line a reviewer sees in an editor.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .columns import COLUMNS, NUMERIC_COLUMNS, canonical
from .encoding import decode, read_bytes
from .errors import AircheckError
from .office import OFFICE_TABLE, read_converted

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"}) | OFFICE_TABLE
#: Guard against zip bombs: an XLSX whose parts unpack to more than this is refused.
MAX_XLSX_UNPACKED = 512 * 1024 * 1024


@dataclass(slots=True)
class Table:
    """A table in canonical columns (all text) and the source line of each row."""

    file: str
    frame: pd.DataFrame  # canonical COLUMNS (str) plus "line" (int)
    unknown_columns: list[tuple[int, str]]  # (1-based column, header) aircheck ignores


def read_table(path: str | Path) -> Table:
    """Read *path* by its suffix; raise :class:`AircheckError` if it cannot be read at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or suffix in OFFICE_TABLE:
        # .xls, .et, .ods: rows as in the XLSX LibreOffice makes
        read = _read_xlsx(path) if suffix not in OFFICE_TABLE else read_converted(path, _read_xlsx)
        header, rows, lines, uncached = read
        table = to_table(str(path), header, _cells(rows), lines)
        table.frame.attrs["uncached_formulas"] = uncached
        return table
    header, cells, lines = read_delimited(decode(read_bytes(path), str(path)), str(path), suffix)
    return to_table(str(path), header, cells, lines)


def header_of(table: Table, column: str) -> str:
    """The header the table shows for canonical *column* (完成值 for completed), so messages
    name a column as the reviewer sees it; the canonical name when the table has none."""
    return str(table.frame.attrs.get("headers", {}).get(column) or column)


def frame_to_table(frame: pd.DataFrame, name: str = "<dataframe>") -> Table:
    """Treat an in-memory DataFrame as if it were a CSV with that header."""
    header = [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), "").astype(str).values.tolist()
    lines = list(range(2, len(rows) + 2))
    return to_table(name, header, _cells(rows), lines)


def _cells(rows: list[list[str]]) -> pd.DataFrame:
    """Ragged rows as a frame of stripped text cells, columns 0..n-1; short rows padded."""
    import pandas as pd

    width = max((len(row) for row in rows), default=0)
    padded = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object).fillna("")
    for column in frame.columns:
        frame[column] = [str(v).strip() for v in frame[column].to_numpy()]
    return frame


#: Delimiters the C parser of pandas takes; others (the full-width comma) go through csv.
_FAST_DELIMITERS = frozenset({",", "\t", ";"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_delimited(
    text: str, file: str, suffix: str, delimiter: str | None = None
) -> tuple[list[str], pd.DataFrame, list[int]]:
    """Header, data cells (blank rows dropped) and the 1-based source line of each row;
    the delimiter is sniffed from the header unless given.

    pandas' C parser reads every physical line as one row (``skip_blank_lines=False``),
    so row *i* is line *i + 1*. That holds unless a quoted cell spans lines, which
    needs a line with an odd number of quotes; then, and for ragged rows, the csv
    module reads the file and counts its lines itself.
    """
    if not text.strip():
        raise AircheckError("the file is empty", zh="文件是空的", file=file)
    if delimiter is None:
        delimiter = "\t" if suffix == ".tsv" else sniff_delimiter(text)
    if delimiter in _FAST_DELIMITERS and "\x00" not in text and not _quote_spans_lines(text):
        fast = _read_fast(text, delimiter)
        if fast is not None:
            return fast
    return _read_with_csv(text, file, delimiter)


def _quote_spans_lines(text: str) -> bool:
    if '"' not in text:
        return False
    return any(line.count('"') % 2 for line in _LINE_BREAK.split(text))


def _read_fast(text: str, delimiter: str) -> tuple[list[str], pd.DataFrame, list[int]] | None:
    import numpy as np
    import pandas as pd

    try:
        raw = pd.read_csv(
            io.BytesIO(text.encode("utf-8")),
            sep=delimiter,
            header=None,
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
            low_memory=False,
        )
    except (pd.errors.ParserError, ValueError):
        return None  # ragged rows or something odd: the csv module decides
    blank = np.ones(len(raw), dtype=bool)
    columns: list[np.ndarray] = []
    for position in range(raw.shape[1]):
        # a list, not the object array, is iterated (twice as fast), and the stripped
        # cells stay object arrays: assigning them back to the frame converted each to str
        cells = raw.iloc[:, position].to_numpy(dtype=object).tolist()
        stripped = np.fromiter(map(str.strip, cells), dtype=object, count=len(cells))
        columns.append(stripped)
        blank &= stripped == ""
    rows = np.flatnonzero(~blank)
    if len(rows) == 0 or rows[0] != 0:
        return None  # blank lines first: the parser padded the header to their width
    header = [str(column[0]) for column in columns]
    kept = rows[1:]
    body = pd.DataFrame({i: column[kept] for i, column in enumerate(columns)}, dtype=object)
    return header, body, (kept + 1).tolist()


def _read_with_csv(
    text: str, file: str, delimiter: str
) -> tuple[list[str], pd.DataFrame, list[int]]:
    from .quotes import refuse_unclosed_quote

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    header_line = 1
    try:
        start = 1
        for row in reader:
            if header is None:
                if any(cell.strip() for cell in row):
                    header = [cell.strip() for cell in row]  # blank lines before it are allowed
                    header_line = start
            elif any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:  # a cell over the field limit may be a quote never closed
        refuse_unclosed_quote(text, file, delimiter, start)
        raise AircheckError(
            f"malformed CSV: {exc}", zh=f"CSV 格式错误：{exc}", file=file, line=reader.line_num
        ) from None
    refuse_unclosed_quote(text, file, delimiter, lines[-1] if lines else header_line)
    if header is None:
        raise AircheckError("no header row", zh="没有表头行", file=file)
    return header, _cells(rows), lines


def sniff_delimiter(text: str) -> str:
    # the opening of the file first: splitting 80 MB into lines to read one costs 0.2 s
    lines = text[:65536].splitlines()[:-1] or text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(
    path: Path,
) -> tuple[list[str], list[list[str]], list[int], list[tuple[int, int, str]]]:
    """Header, rows, their sheet rows, and (row, column, formula) of each formula cell
    without a saved value (openpyxl's ``data_only`` reads it as empty)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        raise AircheckError(
            "not a readable XLSX workbook", zh="无法读取的 XLSX 工作簿", file=str(path)
        ) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise AircheckError(
            f"XLSX unpacks to {unpacked} bytes, over the {MAX_XLSX_UNPACKED} byte limit",
            zh=f"XLSX 解压后达 {unpacked} 字节，超过 {MAX_XLSX_UNPACKED} 字节的上限",
            file=str(path),
        )
    book = _open_xlsx(path, data_only=True)
    sheet = first_sheet(book, str(path))
    # formulas without a saved value read as None; a second, formula-only pass finds them,
    # and only when the sheet's XML holds such a cell (most workbooks: no second pass)
    formula_book = _open_xlsx(path, data_only=False) if _uncached_formula_in(path) else None
    formula_rows = first_sheet(formula_book, str(path)).iter_rows() if formula_book else None
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    uncached: list[tuple[int, int, str]] = []
    for number, texts, formulas in _sheet_rows(sheet, formula_rows, path):
        missing = [
            (number, index + 1, str(f.value))
            for index, f in enumerate(formulas)
            if getattr(f, "data_type", "") == "f"
            and (index >= len(texts) or not texts[index].strip())
        ]
        if not any(t.strip() for t in texts) and not missing:
            continue
        if header is None:
            header = texts
        else:
            rows.append(texts)
            lines.append(number)
            uncached.extend(missing)
    book.close()
    if formula_book is not None:
        formula_book.close()
    if header is None:
        raise AircheckError(
            "the workbook's first sheet is empty", zh="工作簿的第一张工作表是空的", file=str(path)
        )
    return header, rows, lines, uncached


def _sheet_rows(
    sheet: Any, formula_rows: Iterator[Any] | None, path: Path
) -> Iterator[tuple[int, list[str], tuple[Any, ...]]]:
    """Each sheet row's number, cell texts and formula cells (from the formula pass).

    A read-only sheet is parsed as it is read, so a damaged cell (a number ``abc``, a
    shared string or style that does not exist, a bad date or reference, broken XML)
    raises only here: it is an error at its row, as a damaged file is at opening."""
    rows = enumerate(sheet.iter_rows(), start=1)
    at = 1  # the row being read
    while True:
        try:
            item = next(rows, None)
            if item is None:
                return
            at, cells = item
            texts = [_xlsx_cell_text(c) for c in cells]
            formulas = tuple(next(formula_rows, ())) if formula_rows is not None else ()
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise AircheckError(
                f"not a readable XLSX workbook: sheet row {at} is damaged ({exc})",
                zh=f"无法读取的 XLSX 工作簿：工作表第 {at} 行已损坏（{exc}）",
                file=str(path),
                line=at,
            ) from None
        yield at, texts, formulas
        at += 1


def _open_xlsx(path: Path, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise AircheckError(
            f"not a readable XLSX workbook ({exc})",
            zh=f"无法读取的 XLSX 工作簿（{exc}）",
            file=str(path),
        ) from None


#: a formula (``<f>…</f>`` or a shared ``<f …/>``) whose cell ends without a value
_UNCACHED_FORMULA = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


def _uncached_formula_in(path: Path) -> bool:
    """Whether a worksheet's XML holds a formula cell with no saved value, read in chunks."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if _UNCACHED_FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-512:]
    return False


def first_sheet(book: Any, file: str) -> Any:
    """The workbook's first worksheet with its stored ``<dimension ref>`` dropped.

    openpyxl's read-only mode trusts that element, and a stale one (``A1:F2`` over ten
    rows, as some writers leave it) silently cuts rows and columns; without it every
    row and cell the sheet holds is read.
    """
    if not book.worksheets:
        book.close()
        raise AircheckError("the workbook has no worksheet", zh="工作簿中没有工作表", file=file)
    sheet = book.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):  # read-only sheets only
        sheet.reset_dimensions()
    return sheet


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


def to_table(file: str, header: list[str], cells: pd.DataFrame, lines: list[int]) -> Table:
    """Map header cells to canonical columns; *cells* are stripped text (see :func:`_cells`)."""
    import pandas as pd

    mapped: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, name in enumerate(header):
        column = canonical(name)
        if column is None:
            if str(name).strip():
                unknown.append((index + 1, str(name).strip()))
        elif column in mapped.values():
            first = next(str(header[i]).strip() for i, c in mapped.items() if c == column)
            raise AircheckError(
                f"column {column!r} appears twice in the header",
                zh=f"表头中“{first}”和“{str(name).strip()}”是同一列（{column}），出现了两次",
                file=file,
                line=1,
            )
        else:
            mapped[index] = column
    if "item" not in mapped.values():
        raise AircheckError(
            "required column 'item' (事项) is missing from the header",
            zh="表头缺少必需的“事项”（item）列",
            file=file,
            line=1,
        )
    if not set(NUMERIC_COLUMNS) & set(mapped.values()):
        raise AircheckError(
            "the header has none of 'planned' (计划), 'completed' (已完成), 'rate' (完成率)",
            zh="表头中没有“计划”“已完成”“完成率”中的任何一列",
            file=file,
            line=1,
        )
    width = len(header)
    count = len(lines)
    by_column = {column: index for index, column in mapped.items()}
    data: dict[str, object] = {}
    for column in COLUMNS:
        at = by_column.get(column)
        if at is None or at >= cells.shape[1]:
            data[column] = [""] * count
        else:
            data[column] = cells[at].to_numpy()  # readers strip every cell
    extra = pd.Series(False, index=cells.index)
    for spare in range(width, cells.shape[1]):
        extra |= cells[spare].to_numpy() != ""
    frame = pd.DataFrame(data, dtype=str)
    frame["line"] = pd.Series(lines, dtype="int64")
    frame.attrs["extra_cells"] = [int(line) for line in frame["line"][extra.to_numpy()]]
    frame.attrs["column_numbers"] = {column: index + 1 for index, column in mapped.items()}
    frame.attrs["headers"] = {
        column: str(header[index]).strip() for index, column in mapped.items()
    }
    return Table(file=file, frame=frame, unknown_columns=unknown)
