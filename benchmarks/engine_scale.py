"""The engine path at scale: the cohort report counted where the data lives, against a bare scan of the same files.

    python benchmarks/engine_scale.py                                   # DuckDB at 1 and 10 million rows
    python benchmarks/engine_scale.py --sizes 10000000,100000000 --spark-sizes 10000000   # make bench-big
    python benchmarks/engine_scale.py --sizes 3000 --spark-sizes 3000   # a smoke run, seconds (Spark: a minute)

For each size the simulator generates a caseload as canonical Parquet, in parts of a million applications (about
93,000 clients each, every part seeded apart and its client ids prefixed, so that no client repeats). A public
service's caseload is many clients with few applications each: the simulated clients apply at a twentieth of a
self-directed searcher's pace (0.3 a week against 6, about eleven applications each; 100 million rows are about
10 million clients), so every per-client table is as large as such a caseload makes it:
``applications/part-NNNN.parquet`` and ``clients/part-NNNN.parquet``, what ``jobsearch-analysis convert`` writes
for a big caseload. Nothing of it is held in memory beyond one part. Each engine and size then runs in a fresh
process, which measures one step after the other:

* the baseline: a bare scan of the same files by the same engine, every value of every column of both tables
  read (the largest hash of each column: nothing is skipped and nothing comes back), after an untimed scan of the
  clients table, so that starting the engine is not counted;
* reading and checking: the contracts checked where the data lies, and the counts the page says
  (``open_cohort``);
* each figure of the cohort report from the engine's small tables: time to employment (overall, by programme and
  by counsellor), the exits, the rates across clients by channel and overall, the funnel, the triage list;
* the whole cohort report as ``report --cohort PATH --engine`` writes it (reading, checking, every figure and the
  page).

Times are printed as ratios to the baseline measured in the same process, with the peak memory of each step: the
process's resident high-water mark, reset before the step, and for Spark the peak of its JVM as well (sampled).
The goals of the engine path are checked at the end: under 8 GB at 100 million rows on DuckDB; from 10 to 100
million rows, at most 11 times the time; Spark at 10 million rows as a ratio to a bare Spark read. Ratios, not
seconds, carry over between machines.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scale import label, memory_gb, peak_mb, reset_peak  # the scale benchmark's own measures, in this folder

AS_OF = "2026-11-02"
PART = 1_000_000
WEEKLY_PACE = 0.3  # a service's clients, most of whom apply little through it
APPLICATIONS_PER_CLIENT = 10.8  # what the simulator's clients send at that pace, on average
MEMORY_GOAL_MB = 8 * 1024
GROWTH_GOAL = 11.0
SECRET = "benchmark-secret-0123456789"


# ----------------------------------------------------------------------------------------------- data
def folder_for(data_dir: Path, rows: int) -> Path:
    return data_dir / f"canonical_{rows}"


def generate(data_dir: Path, rows: int) -> Path:
    """A simulated caseload of about ``rows`` applications as canonical Parquet, written part by part."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jobsearch_analysis.schema import CLIENT_COLUMNS, COLUMNS
    from jobsearch_analysis.simulate import simulate_cohort

    folder = folder_for(data_dir, rows)
    done = folder / "complete"
    if done.exists():
        return folder
    parts = max(1, round(rows / PART))
    per_part = rows / parts
    start = time.perf_counter()
    written = 0
    for tag in ("applications", "clients"):
        (folder / tag).mkdir(parents=True, exist_ok=True)
    for part in range(parts):
        sim = simulate_cohort(
            max(2, round(per_part / APPLICATIONS_PER_CLIENT)), seed=1000 + part, as_of=AS_OF, weekly_pace=WEEKLY_PACE
        )
        prefix = f"P{part:04d}-"
        apps = sim.applications.assign(client_id=prefix + sim.applications["client_id"])
        clients = sim.clients.assign(client_id=prefix + sim.clients["client_id"], source_file=f"clients-{part}.csv",
                                     source_row=np.arange(1, len(sim.clients) + 1))  # fmt: skip
        name = f"part-{part:04d}.parquet"
        pq.write_table(pa.Table.from_pandas(apps[list(COLUMNS)], preserve_index=False), folder / "applications" / name)
        pq.write_table(pa.Table.from_pandas(clients[list(CLIENT_COLUMNS)], preserve_index=False),
                       folder / "clients" / name)  # fmt: skip
        written += len(apps)
        print(f"  generated {written:,} rows in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    done.write_text(f"{written}\n")
    return folder


# ----------------------------------------------------------------------------------------------- measuring
class ChildPeak:
    """The highest resident memory of this process's children (Spark's JVM), sampled every tenth of a second."""

    def __init__(self) -> None:
        self.peak = 0.0
        self.running = False

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while self.running:
            total = 0
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            self.peak = max(self.peak, total / 2**20)
            time.sleep(0.1)

    def __enter__(self) -> ChildPeak:
        self.peak, self.running = 0.0, True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.running = False
        self.thread.join()


def connect(engine_name: str, options: argparse.Namespace, spill: Path):
    from jobsearch_analysis.analysis import engine

    if engine_name == "duckdb":
        return engine.connect("duckdb", memory_limit=options.duckdb_memory, temp_directory=str(spill))
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[*]")
        .appName("jobsearch_analysis benchmark")
        .config("spark.driver.memory", options.spark_memory)
        .config("spark.local.dir", str(spill))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return engine.connect("spark", session=session)


def bare_scan(con, files: list[str]) -> None:
    """Every value of every column read by the engine, and nothing but the largest hash of each back."""
    from jobsearch_analysis.analysis import engine

    table = engine.read_canonical(files, con)
    engine.arrow(table.aggregate(**{f"h{i}": table[c].hash().max() for i, c in enumerate(table.columns)}))


def measure(engine_name: str, rows: int, options: argparse.Namespace) -> list[dict]:
    """Every step on one size, in this process; one record per step."""
    from jobsearch_analysis.analysis import cohort
    from jobsearch_analysis.analysis.engine_cohort import open_cohort
    from jobsearch_analysis.ingest.convert import cohort_files
    from jobsearch_analysis.present.cohort_report import build_cohort

    folder = folder_for(Path(options.data_dir), rows)
    apps_files, client_files = cohort_files(folder)
    spill = Path(tempfile.mkdtemp(prefix="engine-spill-", dir=options.data_dir))
    con = connect(engine_name, options, spill)
    results: list[dict] = []

    def step(name: str, function, group: str = ""):
        reset_peak()
        with ChildPeak() as children:
            start = time.perf_counter()
            value = function()
            seconds = time.perf_counter() - start
        results.append({"engine": engine_name, "rows": rows, "step": name, "group": group, "seconds": seconds,
                        "peak_mb": peak_mb(), "engine_peak_mb": children.peak})  # fmt: skip
        print(f"  {engine_name} {rows:,}: {name} {seconds:.1f} s", file=sys.stderr, flush=True)
        return value

    def scan() -> None:
        bare_scan(con, apps_files)
        bare_scan(con, client_files)

    def employment() -> None:
        for by in (None, "program", "counsellor"):
            cohort.time_to_employment(clients, by)

    def exits() -> None:
        cohort.exit_curves(clients)
        cohort.exit_summary(clients)
        cohort.exits_compared(clients)

    def rates() -> None:
        for by in ("channel", None):
            cohort.client_rates(apps, by, as_of=as_of)

    bare_scan(con, client_files)  # untimed: the engine's first query starts it (Spark's JVM warms up)
    step("bare scan of the Parquet files [baseline]", scan, "baseline")
    data = step("read and check the contracts, count the facts", lambda: open_cohort(folder, con=con), "figures")
    apps, clients, as_of = data.applications, data.clients, data.as_of
    step("  time to employment (overall, by programme, by counsellor)", employment, "figures")
    step("  exits (curves, summary, compared)", exits, "figures")
    step("  rates across clients (by channel, overall)", rates, "figures")
    step("  how far clients get (funnel)", lambda: cohort.client_funnel(apps), "figures")
    step("  triage list", lambda: cohort.triage(apps, clients, as_of=as_of), "figures")
    page = Path(spill) / "cohort.html"

    def whole_report() -> None:
        build_cohort(open_cohort(folder, con=con), secret=SECRET).write(page)

    step("cohort report (read, check, every figure, the page)", whole_report, "report")
    applications = data.facts.applications
    for record in results:
        record["applications"] = applications
    with contextlib.suppress(Exception):
        con.disconnect()
    shutil.rmtree(spill, ignore_errors=True)  # the engine's spill files and the page
    return results


# ----------------------------------------------------------------------------------------------- reporting
def table(frame: pd.DataFrame, engine_name: str) -> list[str]:
    """One engine's steps by size: seconds, the ratio to the bare scan, peak memory."""
    mine = frame.loc[frame["engine"] == engine_name]
    sizes = sorted(mine["rows"].unique())
    spark = engine_name == "spark"
    width = max(mine["step"].str.len())

    def cell(r: int) -> str:
        return f"  {label(r) + ' s':>9}  {'x scan':>7}  {'peak MB':>8}" + (f"  {'JVM MB':>7}" if spark else "")

    header = f"{engine_name + ' step':<{width}}" + "".join(cell(r) for r in sizes)
    lines = [header, "-" * len(header)]
    for name in dict.fromkeys(mine["step"]):
        cells = []
        for r in sizes:
            row = mine.loc[(mine["rows"] == r) & (mine["step"] == name)].iloc[0]
            text = f"  {row['seconds']:9.2f}  {row['ratio']:7.1f}  {row['peak_mb']:8.0f}"
            cells.append(text + (f"  {row['engine_peak_mb']:7.0f}" if spark else ""))
        lines.append(f"{name:<{width}}" + "".join(cells))
    return lines


def goals(frame: pd.DataFrame) -> list[str]:
    """The engine path's goals, each said as met or not (or not measured here)."""
    lines = ["Goals"]
    report = frame.loc[frame["group"] == "report"].set_index(["engine", "rows"])
    duck = frame.loc[frame["engine"] == "duckdb"]
    peaks = (duck["peak_mb"] + duck["engine_peak_mb"]).groupby(duck["rows"]).max()
    for rows, peak in peaks.items():
        ratio = report.loc[("duckdb", rows), "ratio"]
        said = f"  DuckDB {label(rows):>5}: the report {ratio:.1f}x a bare scan; peak memory {peak:,.0f} MB"
        if rows >= 100_000_000:
            said += f" (goal under {MEMORY_GOAL_MB:,} MB at 100M: {'met' if peak < MEMORY_GOAL_MB else 'NOT met'})"
        lines.append(said)
    if not (peaks.index >= 100_000_000).any():
        lines.append(f"  DuckDB at 100M: not measured in this run (goal: under {MEMORY_GOAL_MB:,} MB); make bench-big")
    times = frame.loc[frame["group"] == "report"]
    for engine_name, runs in times.groupby("engine"):
        seconds = runs.set_index("rows")["seconds"].sort_index()
        for small, large in itertools.pairwise(seconds.index):
            if large == 10 * small:
                growth = seconds[large] / seconds[small]
                goal = ""
                if engine_name == "duckdb" and small >= 10_000_000:
                    met = "met" if growth <= GROWTH_GOAL else "NOT met"
                    goal = f" (goal at most {GROWTH_GOAL:g}x from 10M to 100M: {met})"
                lines.append(f"  {engine_name} {label(small)} -> {label(large)}: 10x the rows took {growth:.1f}x the "
                             f"time{goal}")  # fmt: skip
    spark = frame.loc[(frame["engine"] == "spark") & (frame["group"] == "report")]
    for row in spark.itertuples(index=False):
        jvm = frame.loc[(frame["engine"] == "spark") & (frame["rows"] == row.rows), "engine_peak_mb"].max()
        lines.append(f"  Spark {label(row.rows):>5}: the report {row.ratio:.1f}x a bare Spark read (local mode); "
                     f"JVM peak {jvm:,.0f} MB")  # fmt: skip
    if spark.empty:
        lines.append("  Spark: not measured in this run (--spark-sizes 10000000 for the 10M goal)")
    return lines


def report(records: list[dict]) -> str:
    frame = pd.DataFrame(records)
    baseline = frame.loc[frame["group"] == "baseline"].set_index(["engine", "rows"])["seconds"]
    frame["ratio"] = frame["seconds"] / [baseline[(e, r)] for e, r in zip(frame["engine"], frame["rows"], strict=True)]
    lines = []
    for engine_name in dict.fromkeys(frame["engine"]):
        lines += [*table(frame, engine_name), ""]
    return "\n".join(lines + goals(frame))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="DuckDB: comma-separated numbers of rows")
    parser.add_argument("--spark-sizes", default="", help="Spark (local mode): comma-separated numbers of rows")
    parser.add_argument("--data-dir", default="build/bench-engine", help="where the generated Parquet is kept")
    parser.add_argument("--duckdb-memory", default="6GB", help="DuckDB's memory limit (it spills to disk past it)")
    parser.add_argument("--spark-memory", default="6g", help="the Spark driver's memory (local mode)")
    parser.add_argument("--json", help="also write the measurements to this JSON file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: ENGINE:ROWS, measured in this process
    args = parser.parse_args()
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    if args.one:
        engine_name, rows = args.one.split(":")
        print(json.dumps(measure(engine_name, int(rows), args)))
        return
    runs = [("duckdb", int(float(s))) for s in args.sizes.split(",") if s]
    runs += [("spark", int(float(s))) for s in args.spark_sizes.split(",") if s]
    records: list[dict] = []
    for engine_name, rows in runs:
        print(f"{label(rows)} rows: generating (once; kept in {args.data_dir})", file=sys.stderr, flush=True)
        generate(Path(args.data_dir), rows)
        print(f"{label(rows)} rows: measuring {engine_name} in a fresh process", file=sys.stderr, flush=True)
        options = ["--data-dir", args.data_dir, "--duckdb-memory", args.duckdb_memory, "--spark-memory",
                   args.spark_memory]  # fmt: skip
        done = subprocess.run(
            [sys.executable, __file__, "--one", f"{engine_name}:{rows}", *options],
            check=True,
            stdout=subprocess.PIPE,  # the measurements; the child's progress and errors go straight to stderr
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        records += json.loads(done.stdout.strip().splitlines()[-1])
    import duckdb

    print(f"Machine: {os.cpu_count()} cores, {memory_gb():.0f} GiB; pandas {pd.__version__}, numpy {np.__version__}, "
          f"duckdb {duckdb.__version__}")  # fmt: skip
    print(report(records))
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1))


if __name__ == "__main__":
    main()
