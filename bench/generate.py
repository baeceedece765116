"""Synthetic report tables and texts of any size, consistent by construction.

Every figure is derived with exact :class:`~decimal.Decimal` arithmetic, so a
generated table is clean except for the errors this module injects on purpose;
:func:`generate_table` returns their (code, line) so a test or a benchmark can
check that aircheck finds exactly those and nothing else.

Usage::

    python bench/generate.py table 100000 out.csv        # plus out.csv.expected.json
    python bench/generate.py text 2000000 out.txt        # about 2 MB of report text
    python bench/generate.py texts 10000 out_dir/        # 10,000 small reports
    python bench/generate.py tablereport 1000 out.txt    # a report with a 1,000-row table
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

HEADER = (
    "section",
    "item",
    "unit",
    "planned",
    "completed",
    "rate",
    "kind",
    "key",
    "source",
    "note",
)

#: (unit, decimals of the figures, typical size of a plan)
UNITS: tuple[tuple[str, int, int], ...] = (
    ("公里", 2, 80),
    ("万亩", 2, 6),
    ("公顷", 2, 3000),
    ("个", 0, 500),
    ("家", 0, 300),
    ("台", 0, 120),
    ("吨", 1, 9000),
    ("万千瓦", 1, 40),
)
ITEMS = (
    "新建改造供热管网",
    "新增造林面积",
    "矿山修复治理",
    "源头替代企业",
    "工业炉窑整治",
    "遥感设备联网",
)
NUMERALS = "一二三四五六七八九十"

#: What each injected error is expected to raise (one finding, at the row's line).
INJECTED_CODES = {
    "rate": "AC101",  # the rate matches no rounding convention
    "truncated": "AC102",  # the rate is cut off instead of rounded
    "part": "AC201",  # a part larger than its whole
    "negative": "AC202",  # a negative completed figure
    "disagree": "AC301",  # two rows with one key and different figures
    "unreadable": "AC501",  # a cell that is not a number
}


@dataclass(slots=True)
class Generated:
    """Rows in the table format and the findings aircheck must give on them."""

    rows: list[tuple[str, ...]] = field(default_factory=list)
    expected: list[tuple[str, int]] = field(default_factory=list)
    rows_without_figures: int = 0

    def write(self, path: str | Path) -> None:
        """The CSV (UTF-8) and, beside it, ``<name>.expected.json``."""
        path = Path(path)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(self.rows)
        expected = {
            "findings": [list(e) for e in sorted(self.expected, key=lambda e: (e[1], e[0]))],
            "rows": len(self.rows),
            "rows_without_figures": self.rows_without_figures,
        }
        Path(f"{path}.expected.json").write_text(json.dumps(expected, ensure_ascii=False))


def _figure(rng: random.Random, size: int, decimals: int) -> Decimal:
    """A positive figure near *size* with exactly *decimals* digits."""
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(rng.randint(max(size // 4, 2) * 10**decimals, size * 2 * 10**decimals))
    return (value * quantum).quantize(quantum)


def _rate(completed: Decimal, planned: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    return (completed * 100 / planned).quantize(Decimal("0.1"), rounding=rounding)


def _rounds_to(rate: Decimal, completed: Decimal, planned: Decimal) -> bool:
    """Whether half-up or half-to-even rounding of completed / planned gives *rate*."""
    return rate in (_rate(completed, planned), _rate(completed, planned, ROUND_HALF_EVEN))


def _section(n: int) -> str:
    return f"{NUMERALS[(n // 10) % 10]}（{NUMERALS[n % 10]}）"


def generate_table(rows: int, seed: int = 0, error_every: int = 1000) -> Generated:
    """*rows* table rows; about one row in *error_every* carries an injected error.

    Row kinds cycle: progress rows with a rate, share rows (part of a whole), a keyed
    pair (the same figure stated twice) and, rarely, a note row without figures.
    """
    rng = random.Random(seed)
    out = Generated()
    kinds = list(INJECTED_CODES)
    truncated_any = False
    line = 1  # the header
    while len(out.rows) < rows:
        line += 1
        n = len(out.rows)
        section = _section(n // 50)
        unit, decimals, size = UNITS[n % len(UNITS)]
        item = f"{ITEMS[n % len(ITEMS)]}{n}"
        inject = (
            kinds[(n // error_every) % len(kinds)] if n % error_every == error_every - 1 else ""
        )
        shape = {"rate": 0, "truncated": 0, "disagree": 9, "": n % 10}.get(inject, 7)
        if shape < 6:
            planned = _figure(rng, size, decimals)
            completed = _figure(rng, size, decimals)
            rate = _rate(completed, planned)
            if inject == "rate":
                rate += Decimal(5)  # far outside every convention and the inputs' rounding
            elif inject == "truncated":
                cut = _rate(completed, planned, ROUND_DOWN)
                # make it decide: a cut that half-up or half-to-even rounding also gives
                # (87.25 -> 87.2) is a rounding, not an error; nudge the completed figure
                if _rounds_to(cut, completed, planned):
                    completed += Decimal(1).scaleb(-decimals) * 3
                    rate, cut = _rate(completed, planned), _rate(completed, planned, ROUND_DOWN)
                if _rounds_to(cut, completed, planned):
                    inject = ""
                else:
                    rate = cut
                    truncated_any = True
            row = (section, item, unit, str(planned), str(completed), f"{rate}%", "progress")
            out.rows.append((*row, "", f"line {line}", ""))
        elif shape == 9 and n + 1 < rows:
            planned = _figure(rng, size, decimals)
            completed = _figure(rng, size, decimals)
            key = f"k{n}"
            rate = f"{_rate(completed, planned)}%"
            out.rows.append(
                (section, item, unit, str(planned), str(completed), rate, "progress", key, "", "")
            )
            again = completed + (Decimal(7) if inject == "disagree" else 0)
            line += 1
            out.rows.append(
                (section, f"{item}（重述）", unit, "", str(again), "", "progress", key, "", "")
            )
            if inject == "disagree":
                out.expected.append(("AC301", line - 1))
                inject = ""
        elif shape == 8 and n % 100 == 8:
            out.rows.append(
                (section, f"{item}工作推进情况", "", "", "", "", "", "", "", "正在推进")
            )
            out.rows_without_figures += 1
        else:
            whole = _figure(rng, size, decimals)
            part = _figure(rng, size, decimals)
            part, whole = min(part, whole), max(part, whole)
            if part == whole:
                whole += Decimal(1).scaleb(-decimals)
            cells = [str(whole), str(part)]
            if inject == "part":
                cells = [str(part), str(whole)]
            elif inject == "negative":
                cells[1] = f"-{part}"
            elif inject == "unreadable":
                cells[1] = "待核实"
            else:
                inject = ""  # a pair that would not fit in the table: this row stays clean
            out.rows.append((section, item, unit, *cells, "", "share", "", "", ""))
        if inject:
            out.expected.append((INJECTED_CODES[inject], line))
    del out.rows[rows:]
    out.expected = [e for e in out.expected if e[1] <= rows + 1]
    if truncated_any and any(e[0] == "AC102" for e in out.expected):
        out.expected.append(("AC105", 1))  # the document mixes conventions: said once
    return out


def report_text(paragraphs: int, seed: int = 0) -> str:
    """A 通报 in the seed's phrasing with *paragraphs* progress sentences, all consistent."""
    rng = random.Random(seed)
    lines = ["郑州市环境污染防治攻坚战领导小组办公室", "", "关于重点工作进展情况的通报", ""]
    for n, sentence in enumerate(_sentences(rng, paragraphs)):
        if n % 6 == 0:
            lines += [f"{NUMERALS[(n // 6) % 10]}、重点工作进展情况（第{n // 6 + 1}部分）", ""]
        lines += [f"（{NUMERALS[n % 6]}）{sentence}", ""]
    return "\n".join(lines)


def _sentences(rng: random.Random, count: int) -> Iterator[str]:
    for n in range(count):
        unit, decimals, size = UNITS[n % len(UNITS)]
        planned = _figure(rng, size, decimals)
        completed = _figure(rng, size, decimals)
        item = ITEMS[n % len(ITEMS)]
        if n % 3 == 2:
            part = min(planned, completed)
            yield f"{item}方面，{max(planned, completed)}{unit}中已联网{part}{unit}，工作正在推进。"
        else:
            rate = _rate(completed, planned)
            yield (
                f"{item}方面，计划完成{planned}{unit}，目前已完成{completed}{unit}，"
                f"完成率{rate}%，2021年底前全部完成。"
            )


def text_of_size(size_bytes: int, seed: int = 0) -> str:
    """Report text of at least *size_bytes* UTF-8 bytes."""
    text = report_text(max(size_bytes // 130, 1), seed)
    while len(text.encode("utf-8")) < size_bytes:
        text += "\n" + report_text(max(size_bytes // 1300, 1), seed + 1)
    return text


TABLE_HEADER = (
    "县名", "计划(个)", "户数(户)", "在建(个)", "合计(户)", "新建(户)", "改建(户)",
    "占计划(%)", "未建(户)", "新建(户)", "改建(户)", "占计划(%)", "总投资", "住房投资",
    "设施投资",
)  # fmt: skip


def table_report(rows: int, seed: int = 0) -> str:
    """A progress table flattened into report text, as a web page or PDF gives it: pipes
    between cells, one county a row, *rows* rows; consistent by construction (each rate
    rounded half-up from its ratio, each total the sum of its parts). Every fourth row
    has its zero cells deleted, as flattened tables do, so its cells must be placed."""
    rng = random.Random(seed)
    lines = ["# title: 某州安居工程建设进度表", "", "| " + " | ".join(TABLE_HEADER) + " |"]
    for n in range(rows):
        plan, homes = rng.randint(1, 9), rng.randint(50, 900)
        done_new = rng.randint(0, homes)
        done_rebuilt = rng.randint(0, homes - done_new)
        done = done_new + done_rebuilt
        left_new = rng.randint(0, homes - done)
        left_rebuilt = homes - done - left_new
        housing, works = rng.randint(10, 900), rng.randint(10, 900)
        cells = [
            f"县{n + 1}", plan, homes, plan, done, done_new, done_rebuilt,
            _rate(Decimal(done), Decimal(homes)), homes - done, left_new, left_rebuilt,
            _rate(Decimal(homes - done), Decimal(homes)), housing + works, housing, works,
        ]  # fmt: skip
        if n % 4 == 1:
            cells = [c for c in cells if c != 0]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("table", "text", "texts", "tablereport"):
        print(__doc__, file=sys.stderr)
        return 2
    what, size, target = argv[0], int(argv[1]), Path(argv[2])
    if what == "table":
        generate_table(size).write(target)
    elif what == "text":
        target.write_text(text_of_size(size), encoding="utf-8")
    elif what == "tablereport":
        target.write_text(table_report(size), encoding="utf-8")
    else:
        target.mkdir(parents=True, exist_ok=True)
        for i in range(size):
            (target / f"report_{i:05d}.txt").write_text(report_text(40, seed=i), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
