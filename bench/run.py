"""One command that measures aircheck against its peers and writes docs/performance.md.

    python bench/run.py                 # the full run (10^4 to 10^6 rows, and 10^7 rows
                                        #   for aircheck alone; about a quarter of an hour)
    python bench/run.py --quick         # 10^4 and 10^5 rows, 200 texts, one repeat
    python bench/run.py --out FILE      # write somewhere else
    python bench/run.py --sizes 1e5,1e6 --repeats 1 --batch-files 1000 --large 0

Every timing is wall time of a separate process, so nothing is warm that a user's
run would not have warm; peak memory is that process's own high-water mark (VmHWM; not
ru_maxrss, which a process inherits from the parent that started it), or the sampled sum
over it and its workers where that is larger. The generated
inputs live in a cache directory (bench/out, git-ignored) and are reused between runs.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / "out"
PYTHON = sys.executable
AIRCHECK = str(Path(PYTHON).with_name("aircheck"))
SEED_TABLE = ROOT / "fixtures" / "seed_table.csv"
SEED_TEXT = ROOT / "fixtures" / "seed_zhengzhou_2021-06.txt"
TOOLS = ("aircheck", "pandas", "pandera", "rowloop")
TEXT_BYTES = 400_000  # the report text measured for extraction throughput
TABLE_REPORT_ROWS = 1000  # a county annex: discovering its relations was quadratic once

# -- the worker: one measurement in a fresh process --------------------------------------


def worker(tool: str, path: str) -> None:
    """Run *tool* on *path* and print JSON: seconds of work, peak RSS, findings.

    ``wrong`` counts findings that are not among the injected ones (false alarms) plus
    injected ones not found, for the tools that report rule codes and lines.
    """
    import resource

    start = time.perf_counter()
    wrong: int | None = None
    if tool == "aircheck":
        import aircheck

        report = aircheck.validate(path)
        report.to_json()  # the report a user gets is part of the work
        findings = len(report.findings)
        rows = report.stats.get("claims", 0)
        found = [(f.code, f.locations[0].line if f.locations else 0) for f in report.findings]
        wrong = _wrong(path, found)
    elif tool in ("rowloop", "pandas", "pandera"):
        sys.path.insert(0, str(BENCH))
        module = __import__({"rowloop": "rowloop"}.get(tool, f"{tool}_only"))
        found = module.check(path)
        findings, rows = len(found), 0
        if tool != "pandera":  # pandera reports check names, not rule codes
            wrong = _wrong(path, found)
    elif tool == "extract":
        from aircheck.text import extract_file

        warm = Path(path).with_suffix(".warm.txt")
        warm.write_text("（一）计划建设10个，已完成8个，完成率80%。\n", encoding="utf-8")
        # one-time costs (synonyms, patterns, pandas for the claims frame) are not reading
        assert len(extract_file(warm).claims) > 0
        start = time.perf_counter()  # throughput of reading, not of importing
        claims = extract_file(path).claims
        findings, rows = 0, len(claims)
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    peak_kib = _own_peak_kib() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"seconds": seconds, "peak_mib": peak_kib / 1024, "findings": findings, "n": rows}
    print(json.dumps({**result, "wrong": wrong}))


def _own_peak_kib() -> int:
    """This process's peak resident memory in KiB from /proc (0 where there is none).

    Linux keeps ru_maxrss across fork and exec, so a worker started by a bench that once
    held a 10^7-row table in memory would report that table's peak as its own."""
    try:
        return _status_kib(Path("/proc/self/status").read_text(), "VmHWM:")
    except OSError:
        return 0


def _status_kib(status: str, field: str) -> int:
    """The KiB of *field* (``VmRSS:``, ``VmHWM:``) in a /proc status text, 0 if absent."""
    return next((int(line.split()[1]) for line in status.splitlines()
                 if line.startswith(field)), 0)  # fmt: skip


def _wrong(path: str, found: list[tuple[str, int]]) -> int | None:
    """Findings off the injected list plus injected ones missed (None without a list)."""
    listed = Path(f"{path}.expected.json")
    if not listed.exists():
        return None
    expected = {tuple(e) for e in json.loads(listed.read_text())["findings"]}
    # AC103 (a rate reachable only through the inputs' rounding) is a real finding on
    # generated figures too, but never injected: it is neither a false alarm nor a miss
    got = {(code, line) for code, line in found if code != "AC103"}
    return len(got ^ expected)


def stages(path: str) -> None:
    """Print JSON: seconds of each stage of validating *path* (for the profile section)."""
    from aircheck import engine
    from aircheck.claimset import from_table
    from aircheck.rate_table import rate_table
    from aircheck.rulebase import Context, Options
    from aircheck.rules import all_rules
    from aircheck.tables import read_table

    spent: dict[str, float] = {}

    def timed(name: str, action: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = action()
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return result

    table = timed("read_table (CSV to text columns)", lambda: read_table(path))
    timed("schema_findings (pandera)", lambda: engine.schema_findings(table))
    claimset = timed("from_table (parse figures, claims, relations)", lambda: from_table(table))
    ctx = Context(claimset, Options())
    timed("Context: bounds of every claim", lambda: ctx.bound_arrays)
    timed("rate_table (classify every rate)", lambda: rate_table(ctx))
    for rule in all_rules():
        if rule.check is not None:
            timed(f"rule {rule.code} {rule.name}", partial(rule.check, ctx))
    report = timed("engine.check (all of the above, again)", lambda: engine.check(claimset))
    timed("report.to_json", lambda: report.to_json())  # type: ignore[attr-defined]
    print(json.dumps(spent))


def measure(tool: str, path: Path) -> dict[str, float]:
    """One run of *tool* in a fresh process; its peak memory is the larger of the
    process's own peak and the summed resident memory of it and its worker processes
    (a large table is checked on every core), sampled every 20 ms."""
    started = time.perf_counter()
    with subprocess.Popen(
        [PYTHON, __file__, "--worker", tool, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        tree_kib = 0
        while process.poll() is None:
            tree_kib = max(tree_kib, _tree_rss_kib(process.pid))
            time.sleep(0.02)
        out = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise SystemExit(f"{tool} on {path} failed with exit code {process.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    result["peak_mib"] = max(result["peak_mib"], tree_kib / 1024)
    return result


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of *pid* and all its descendants now, in KiB (0 where /proc is not)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        total += _status_kib(status, "VmRSS:")
        stack += [int(child) for child in children.split()]
    return total


def walls(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median whole-process wall time of each command over *runs* rounds.

    Each round runs every command once, in turn, so the floors and aircheck are timed
    under the same load: run one after the other, a busy spell on this shared machine
    fell on one command's runs only (the seed table's start-up strayed by 0.1 s)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(taken) for name, taken in times.items()}


# -- inputs -----------------------------------------------------------------------------


def table_of(rows: int) -> Path:
    """A generated table of *rows* rows (cached), with its expected findings beside it."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"table_{rows}.csv"
    if not path.exists():  # in a process of its own: the bench itself stays small
        partial = CACHE / f"partial_{rows}.csv"  # renamed when whole: a stopped run leaves none
        subprocess.run(
            [PYTHON, str(BENCH / "generate.py"), "table", str(rows), str(partial)], check=True
        )
        Path(f"{partial}.expected.json").replace(f"{path}.expected.json")
        partial.replace(path)
    return path


def text_available() -> bool:
    probe = subprocess.run(
        [AIRCHECK, "validate", str(SEED_TEXT), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "not available yet" not in probe.stderr and probe.returncode in (0, 1)


# -- the report -------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except OSError:
        memory = "unknown"
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("aircheck", "pandas", "numpy", "pandera", "click", "rich")
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": versions,
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def run(
    sizes: list[int],
    repeats: int,
    batch_files: int,
    out: Path,
    log: Callable[[str], None],
    large: int = 0,
) -> None:
    # bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set, a module
    # changed since its .pyc was written would be compiled again in every timed process
    compileall.compile_dir(ROOT / "aircheck", quiet=1)
    info = machine()
    log(f"machine: {info}")
    cli_runs = max(repeats * 2 + 1, 5)
    has_text = text_available()
    commands = {
        report.PANDAS_FLOOR: [PYTHON, "-c", "import pandas"],
        report.PANDERA_FLOOR: [PYTHON, "-c", "import pandas, pandera.pandas"],
        "aircheck --help": [AIRCHECK, "--help"],
        report.SEED_TABLE: [AIRCHECK, "validate", str(SEED_TABLE), "--format", "json"],
    }
    if has_text:
        commands["aircheck validate seed text (.txt)"] = [
            AIRCHECK, "validate", str(SEED_TEXT), "--format", "json",
        ]  # fmt: skip
    cli = walls(commands, cli_runs)
    log(f"cli: {cli}")

    tables: dict[int, dict[str, dict[str, float]]] = {}
    for rows in sizes:
        path = table_of(rows)
        expected = json.loads(Path(f"{path}.expected.json").read_text())
        tables[rows] = {}
        for tool in TOOLS:
            tries = 1 if rows >= 10**6 else repeats
            results = [measure(tool, path) for _ in range(tries)]
            best = min(results, key=lambda r: r["seconds"])
            best["median"] = statistics.median(r["seconds"] for r in results)
            best["expected"] = len(expected["findings"])
            tables[rows][tool] = best
            log(f"{rows} rows {tool}: {best}")

    if large:  # aircheck alone: its peers would need the whole table in memory
        path = table_of(large)
        best = measure("aircheck", path)
        best["expected"] = len(json.loads(Path(f"{path}.expected.json").read_text())["findings"])
        tables[large] = {"aircheck": best}
        log(f"{large} rows aircheck: {best}")

    largest = table_of(max(sizes))
    done = subprocess.run(
        [PYTHON, __file__, "--worker", "stages", str(largest)],
        capture_output=True,
        text=True,
        check=True,
    )
    profile = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"stages: {profile}")

    extraction: dict[str, float] = {}
    batch: dict[str, float] = {}
    if has_text:
        extraction = measure_extraction(log, repeats)
        batch = measure_batch(log, batch_files)
    text = report.render(info, cli, tables, extraction, batch, has_text)
    text += report.render_profile(max(sizes), profile) + report.notes(BENCH)
    out.write_text(text, encoding="utf-8")
    log(f"wrote {out}")


def measure_extraction(log: Callable[[str], None], repeats: int) -> dict[str, float]:
    """Reading throughput, the fastest of *repeats* fresh processes per size, as the
    tables below 10^6 rows (one shot on a shared machine strayed by a third)."""
    sys.path.insert(0, str(BENCH))
    from generate import TABLE_HEADER, table_report, text_of_size

    CACHE.mkdir(exist_ok=True)

    def text_file(size: int, seed: int) -> Path:
        path = CACHE / f"report_{size}_{seed}.txt"
        if not path.exists():
            path.write_text(text_of_size(size, seed=seed), encoding="utf-8")
        return path

    def fastest(path: Path) -> dict[str, float]:
        return min((measure("extract", path) for _ in range(repeats)), key=lambda r: r["seconds"])

    # three sizes show how the cost grows with the text (linking was quadratic once)
    small = fastest(text_file(100_000, 0))
    table_text = CACHE / f"table_report_{TABLE_REPORT_ROWS}.txt"  # made anew: it is quick
    table_text.write_text(table_report(TABLE_REPORT_ROWS), encoding="utf-8")
    in_table = fastest(table_text)
    large = fastest(text_file(1_000_000, 0))
    paths = [text_file(TEXT_BYTES, seed) for seed in range(2)]
    size_mb = paths[0].stat().st_size / 1e6
    one = fastest(paths[0])
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [PYTHON, __file__, "--worker", "extract", str(p)], stdout=subprocess.PIPE, text=True
        )
        for p in paths
    ]
    outputs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    both_wall = time.perf_counter() - start
    result = {
        "runs": repeats,
        "size_mb": size_mb,
        "one_core_mb_s": size_mb / one["seconds"],
        "one_core_peak_mib": one["peak_mib"],
        "claims": one["n"],
        "two_cores_mb_s": 2 * size_mb / max(o["seconds"] for o in outputs),
        "two_cores_wall_mb_s": 2 * size_mb / both_wall,
        "small_mb": text_file(100_000, 0).stat().st_size / 1e6,
        "small_mb_s": text_file(100_000, 0).stat().st_size / 1e6 / small["seconds"],
        "large_mb": text_file(1_000_000, 0).stat().st_size / 1e6,
        "large_mb_s": text_file(1_000_000, 0).stat().st_size / 1e6 / large["seconds"],
        "table_rows": TABLE_REPORT_ROWS,
        "table_columns": len(TABLE_HEADER),
        "table_kb": table_text.stat().st_size / 1e3,
        "table_seconds": in_table["seconds"],
        "table_claims": in_table["n"],
        "table_peak_mib": in_table["peak_mib"],
    }
    log(f"extraction: {result}")
    return result


def measure_batch(log: Callable[[str], None], count: int) -> dict[str, float]:
    sys.path.insert(0, str(BENCH))
    from generate import report_text

    folder = CACHE / f"batch_{count}"
    if not folder.exists() or len(list(folder.iterdir())) < count:
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            (folder / f"report_{i:05d}.txt").write_text(report_text(40, seed=i), encoding="utf-8")
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    target = CACHE / "batch.jsonl"
    start = time.perf_counter()
    subprocess.run(
        [AIRCHECK, "batch", str(folder), "--format", "json", "-q", "-o", str(target)],
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    lines = target.read_text(encoding="utf-8").count("\n") if target.exists() else 0
    result = {"seconds": seconds, "files": count, "results": lines, "size_mb": size_mb}
    log(f"batch: {result}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5 rows only")
    parser.add_argument("--sizes", help="table sizes, comma-separated (default 10^4,10^5,10^6)")
    parser.add_argument("--repeats", type=int, help="runs per tool below 10^6 rows (best kept)")
    parser.add_argument("--batch-files", type=int, help="texts in the batch (default 10,000)")
    parser.add_argument(
        "--large", type=float, help="rows of the table checked by aircheck alone (default 10^7)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        if args.worker[0] == "stages":
            stages(args.worker[1])
        else:
            worker(*args.worker)
        return
    if shutil.which(AIRCHECK) is None and not Path(AIRCHECK).exists():
        raise SystemExit(f"no aircheck command beside {PYTHON}; pip install -e . first")
    sizes = [10**4, 10**5] if args.quick else [10**4, 10**5, 10**6]
    if args.sizes:
        sizes = [int(float(size)) for size in args.sizes.split(",")]
    repeats = args.repeats or (1 if args.quick else 3)
    batch_files = args.batch_files or (200 if args.quick else 10_000)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    large = int(args.large if args.large is not None else (0 if args.quick else 10**7))
    run(sizes, repeats, batch_files, args.out, log, large)


if __name__ == "__main__":
    main()
