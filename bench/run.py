"""One command that measures aircheck against its peers and writes docs/performance.md.

    python bench/run.py                 # the full run (10^4, 10^5, 10^6 rows; a few minutes)
    python bench/run.py --quick         # 10^4 and 10^5 rows, 200 texts, one repeat
    python bench/run.py --out FILE      # write somewhere else

Every timing is wall time of a separate process, so nothing is warm that a user's
run would not have warm; peak memory is that process's ru_maxrss. The generated
inputs live in a cache directory (bench/out, git-ignored) and are reused between runs.
"""

from __future__ import annotations

import argparse
import itertools
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
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / "out"
PYTHON = sys.executable
AIRCHECK = str(Path(PYTHON).with_name("aircheck"))
SEED_TABLE = ROOT / "fixtures" / "seed_table.csv"
SEED_TEXT = ROOT / "fixtures" / "seed_zhengzhou_2021-06.txt"
TOOLS = ("aircheck", "rowloop", "pandera")
TEXT_BYTES = 400_000  # the report text measured for extraction throughput

# -- the worker: one measurement in a fresh process --------------------------------------


def worker(tool: str, path: str) -> None:
    """Run *tool* on *path* and print JSON: seconds of work, peak RSS, findings."""
    import resource

    start = time.perf_counter()
    if tool == "aircheck":
        import aircheck

        report = aircheck.validate(path)
        report.to_json()  # the report a user gets is part of the work
        findings = len(report.findings)
        rows = report.stats.get("claims", 0)
    elif tool == "rowloop":
        sys.path.insert(0, str(BENCH))
        import rowloop

        findings = len(rowloop.check(path))
        rows = 0
    elif tool == "pandera":
        sys.path.insert(0, str(BENCH))
        import pandera_only

        findings = len(pandera_only.check(path))
        rows = 0
    elif tool == "extract":
        from aircheck.text import extract_file

        warm = Path(path).with_suffix(".warm.txt")
        warm.write_text("（一）计划建设10个，已完成8个，完成率80%。\n", encoding="utf-8")
        extract_file(warm)  # one-time costs (synonyms, patterns) are not reading
        start = time.perf_counter()  # throughput of reading, not of importing
        claims = extract_file(path).claims
        findings, rows = 0, len(claims)
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"seconds": seconds, "peak_mib": peak_kib / 1024, "findings": findings, "n": rows}
        )
    )


def stages(path: str) -> None:
    """Print JSON: seconds of each stage of validating *path* (for the profile section)."""
    from aircheck import engine
    from aircheck.claimset import from_table
    from aircheck.rate_table import rate_table
    from aircheck.rulebase import Context, Options
    from aircheck.rules import all_rules
    from aircheck.tables import read_table

    spent: dict[str, float] = {}

    def timed(name: str, action: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = action()
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return result

    table = timed("read_table (CSV to text columns)", lambda: read_table(path))
    timed("schema_findings (pandera)", lambda: engine.schema_findings(table))
    claimset = timed("from_table (parse figures, claims, relations)", lambda: from_table(table))
    ctx = Context(claimset, Options())
    timed("Context: index claims, bounds", lambda: (ctx.claims, ctx.bounds))
    timed("rate_table (classify every rate)", lambda: rate_table(ctx))
    for rule in all_rules():
        if rule.check is not None:
            timed(f"rule {rule.code} {rule.name}", lambda rule=rule: rule.check(ctx))
    report = timed("engine.check (all of the above, again)", lambda: engine.check(claimset))
    timed("report.to_json", lambda: report.to_json())  # type: ignore[attr-defined]
    print(json.dumps(spent))


def measure(tool: str, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, __file__, "--worker", tool, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def wall(command: list[str], runs: int) -> float:
    """Median whole-process wall time of *command* over *runs* runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- inputs -----------------------------------------------------------------------------


def table_of(rows: int) -> Path:
    """A generated table of *rows* rows (cached), with its expected findings beside it."""
    sys.path.insert(0, str(BENCH))
    from generate import generate_table

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"table_{rows}.csv"
    if not path.exists():
        generate_table(rows).write(path)
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


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(
    sizes: list[int], repeats: int, batch_files: int, out: Path, log: Callable[[str], None]
) -> None:
    info = machine()
    log(f"machine: {info}")
    cli_runs = max(repeats * 2 + 1, 5)
    has_text = text_available()
    cli = {
        "python -c 'import pandas' (floor)": wall([PYTHON, "-c", "import pandas"], cli_runs),
        "aircheck --help": wall([AIRCHECK, "--help"], cli_runs),
        "aircheck validate seed_table.csv": wall(
            [AIRCHECK, "validate", str(SEED_TABLE), "--format", "json"], cli_runs
        ),
    }
    if has_text:
        cli["aircheck validate seed text (.txt)"] = wall(
            [AIRCHECK, "validate", str(SEED_TEXT), "--format", "json"], cli_runs
        )
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
        extraction = measure_extraction(log)
        batch = measure_batch(log, batch_files)
    text = render(info, cli, tables, extraction, batch, has_text)
    text += render_profile(max(sizes), profile) + _notes()
    out.write_text(text, encoding="utf-8")
    log(f"wrote {out}")


def measure_extraction(log: Callable[[str], None]) -> dict[str, float]:
    sys.path.insert(0, str(BENCH))
    from generate import text_of_size

    CACHE.mkdir(exist_ok=True)

    def text_file(size: int, seed: int) -> Path:
        path = CACHE / f"report_{size}_{seed}.txt"
        if not path.exists():
            path.write_text(text_of_size(size, seed=seed), encoding="utf-8")
        return path

    # three sizes show how the cost grows with the text (linking was quadratic once)
    small = measure("extract", text_file(100_000, 0))
    large = measure("extract", text_file(1_000_000, 0))
    paths = [text_file(TEXT_BYTES, seed) for seed in range(2)]
    size_mb = paths[0].stat().st_size / 1e6
    one = measure("extract", paths[0])
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


def render(
    info: dict[str, str],
    cli: dict[str, float],
    tables: dict[int, dict[str, dict[str, float]]],
    extraction: dict[str, float],
    batch: dict[str, float],
    has_text: bool,
) -> str:
    lines = [
        "# Performance",
        "",
        "Generated by `python bench/run.py` (one command; it writes this file). Inputs come",
        "from `bench/generate.py`: tables consistent by construction with one injected error",
        "per 1,000 rows, and report texts in the seed's phrasing. Each figure is the wall time",
        "of a separate process (CLI rows: whole process, median) or the work inside one",
        "(table rows: read, check and render the JSON report; best of the runs), so no",
        "cache is warm that a user's run would not have warm.",
        "",
        "## Machine",
        "",
        f"- date: {info['date']}",
        f"- CPU: {info['cpu']}; cores (`nproc`): {info['cores']}; memory: {info['memory']}",
        f"- {info['python']}; {info['packages']}",
        f"- load average when the run started (1/5/15 min): {info['load']}. The machine is",
        "  shared with other engineers' work, so figures carry some noise.",
        "",
        "## Start-up (whole process, median)",
        "",
        "| command | seconds | target |",
        "|---|---:|---|",
    ]
    floor = cli["python -c 'import pandas' (floor)"]
    targets = {"aircheck --help": 0.3, "aircheck validate seed_table.csv": 1.0}
    for name, seconds in cli.items():
        target = targets.get(name)
        mark = f"< {target} s: {verdict(seconds < target)}" if target else ""
        lines.append(f"| `{name}` | {seconds:.3f} | {mark} |")
    lines += [
        "",
        f"`validate` on the seed table costs {cli['aircheck validate seed_table.csv'] / floor:.1f}× "
        "the floor of importing pandas.",
        "",
        "## Table validation, all rules",
        "",
        "| rows | tool | seconds | peak MiB | findings (injected) | aircheck speed-up |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for rows, by_tool in tables.items():
        ours = by_tool["aircheck"]["seconds"]
        for tool, r in by_tool.items():
            ratio = "" if tool == "aircheck" else f"{r['seconds'] / ours:.1f}×"
            lines.append(
                f"| {rows:,} | {tool} | {r['seconds']:.2f} | {r['peak_mib']:.0f} | "
                f"{r['findings']} ({r['expected']}) | {ratio} |"
            )
    lines += ["", "Targets:", ""]
    sizes = sorted(tables)
    largest = sizes[-1]
    big = tables[largest]["aircheck"]
    if largest >= 10**6:
        lines.append(
            f"- 10^6 rows under 5 s and 2 GB: {big['seconds']:.2f} s "
            f"({verdict(big['seconds'] < 5)}), {big['peak_mib']:.0f} MiB "
            f"({verdict(big['peak_mib'] < 2048)})"
        )
    for rows in sizes:
        r = tables[rows]
        loop = r["rowloop"]["seconds"] / r["aircheck"]["seconds"]
        pandera = r["pandera"]["seconds"] / r["aircheck"]["seconds"]
        lines.append(
            f"- {rows:,} rows: {loop:.1f}× the row loop (≥ 20×: {verdict(loop >= 20)}); "
            f"{pandera:.2f}× pandera alone (≥ 1×: {verdict(pandera >= 1)})"
        )
    for small, large in itertools.pairwise(sizes):
        growth = tables[large]["aircheck"]["seconds"] / tables[small]["aircheck"]["seconds"]
        lines.append(
            f"- {small:,} → {large:,} rows: time × {growth:.1f} (≤ 12×: {verdict(growth <= 12)})"
        )
    lines += ["", "## Report text", ""]
    if not has_text:
        lines.append(
            "The text extractor has not landed: `aircheck validate` on a .txt says "
            "'not available yet', so extraction throughput and the 10,000-text batch "
            "are not measured in this run."
        )
    else:
        e = extraction
        lines += [
            f"- extraction, one core: {e['one_core_mb_s']:.2f} MB/s on {e['size_mb']:.1f} MB "
            f"({e['claims']} claims, peak {e['one_core_peak_mib']:.0f} MiB); "
            f"target ≥ 2 MB/s: {verdict(e['one_core_mb_s'] >= 2)}",
            f"- extraction, one core, {e['small_mb']:.1f} MB: {e['small_mb_s']:.2f} MB/s; "
            f"{e['large_mb']:.1f} MB: {e['large_mb_s']:.2f} MB/s (how the cost grows with size)",
            f"- extraction, both cores (two processes, one file each): "
            f"{e['two_cores_mb_s']:.2f} MB/s of work, {e['two_cores_wall_mb_s']:.2f} MB/s wall",
        ]
        if batch:
            lines.append(
                f"- `aircheck batch` over {batch['files']:,} texts ({batch['size_mb']:.1f} MB): "
                f"{batch['seconds']:.1f} s, {batch['files'] / batch['seconds']:.0f} files/s, "
                f"{batch['results']} results"
            )
    return "\n".join(lines) + "\n"


def render_profile(rows: int, spent: dict[str, float]) -> str:
    """The stage profile of the largest table, slowest first."""
    lines = [
        "",
        f"## Where the time goes: {rows:,} rows, stage by stage",
        "",
        "From `python bench/run.py --worker stages FILE`; each stage run once, in order, in one",
        "process (the rules after `rate_table` reuse its cache; the `engine.check` line re-runs",
        "Context, rate table and rules together as `validate` does).",
        "",
        "| stage | seconds |",
        "|---|---:|",
    ]
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1])[:16]:
        lines.append(f"| {name} | {seconds:.2f} |")
    return "\n".join(lines) + "\n"


def _notes() -> str:
    """The hand-written analysis kept beside this script (bench/notes.md), if any."""
    notes = BENCH / "notes.md"
    return "\n" + notes.read_text(encoding="utf-8") if notes.exists() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5 rows only")
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
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    run(sizes, 1 if args.quick else 3, 200 if args.quick else 10_000, args.out, log)


if __name__ == "__main__":
    main()
