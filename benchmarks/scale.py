"""Scale: loading, every metric, every client's pivot verdict and the cohort report, against a bare CSV read.

    python benchmarks/scale.py                          # 100 thousand, 1 million and 10 million applications
    python benchmarks/scale.py --sizes 100000           # the smoke run CI makes
    python benchmarks/scale.py --data-dir build/bench   # keep the generated files between runs

For each size the simulator generates a cohort (clients and their applications; 10 million rows are ten
independently seeded cohorts of a million, so that no client repeats), written as a counsellor's system would
export it, as CSV and as Parquet. Each size then runs in a fresh process, which measures, one after the other:

* the baseline: a bare ``pandas.read_csv(path, engine="pyarrow")`` of the CSV file;
* ``load`` of the CSV (read, normalise, validate: every row accounted for), and of the Parquet file;
* every metric of :mod:`jobsearch_analysis.analysis.metrics` on the loaded table, by channel and by client;
* ``triage``, which runs the pivot rule (``recommend``'s sequential test) for every client at once;
* the cohort report (``load_cohort`` of the clients table, then ``build_cohort``: time to employment, exits,
  rates across clients, triage and the HTML page).

Times are printed as ratios to the baseline measured in the same process, and with each step's peak memory
(the process's resident high-water mark, reset before the step). Ratios, not seconds, carry over between
machines. The goals (issue 9) are checked at the end: load at most 2x the bare read; load, all metrics and
every client's verdict at most 5x at a million rows; 10 times the rows in at most 12 times the time.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

AS_OF = "2026-11-02"
CHUNK = 1_000_000
APPLICATIONS_PER_CLIENT = 95  # the simulated clients send about this many each (weekly pace 6)


# ----------------------------------------------------------------------------------------------- data
def _files(folder: Path, rows: int) -> dict[str, Path]:
    stem = f"cohort_{rows}"
    return {
        "csv": folder / f"{stem}_applications.csv",
        "parquet": folder / f"{stem}_applications.parquet",
        "clients": folder / f"{stem}_clients.csv",
    }


def generate(folder: Path, rows: int) -> dict[str, Path]:
    """Simulate a cohort of about ``rows`` applications and write it as CSV, Parquet and a clients table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jobsearch_analysis.simulate import clients_table, simulate_cohort, write_cohort

    files = _files(folder, rows)
    if all(path.exists() for path in files.values()):
        return files
    folder.mkdir(parents=True, exist_ok=True)
    chunks = max(1, rows // CHUNK)
    per_chunk = rows // chunks
    writer = None
    start = time.perf_counter()
    written = 0
    for chunk in range(chunks):
        sim = simulate_cohort(max(1, round(per_chunk / APPLICATIONS_PER_CLIENT)), seed=100 + chunk)
        if chunks > 1:  # ten cohorts of a million: the client ids of each get its own prefix
            prefix = f"K{chunk}-"
            sim.applications["client_id"] = prefix + sim.applications["client_id"]
            sim.clients["client_id"] = prefix + sim.clients["client_id"]
        part_csv, part_clients = folder / "_part.csv", folder / "_part_clients.csv"
        write_cohort(sim, part_csv, part_clients)
        export = pd.read_csv(part_csv, dtype=str, keep_default_na=False)
        with files["csv"].open("ab" if chunk else "wb") as out:
            out.write(part_csv.read_bytes() if chunk == 0 else b"".join(part_csv.read_bytes().splitlines(True)[1:]))
        clients = clients_table(sim)
        clients.to_csv(files["clients"], mode="a" if chunk else "w", header=chunk == 0, index=False)
        typed = export.assign(
            **{c: pd.to_datetime(export[c].replace("", None)) for c in export.columns if c.endswith("_on")}
        )
        table = pa.Table.from_pandas(typed, preserve_index=False)
        writer = writer or pq.ParquetWriter(files["parquet"], table.schema)
        writer.write_table(table)
        written += len(export)
        part_csv.unlink()
        part_clients.unlink()
        print(f"  generated {written:,} rows in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    writer.close()
    return files


# ----------------------------------------------------------------------------------------------- measuring
def reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset the resident high-water mark


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(rows: int, folder: Path) -> list[dict]:
    """Every step on one size, in this process; one record per step."""
    from jobsearch_analysis import load
    from jobsearch_analysis.analysis.cohort import triage
    from jobsearch_analysis.ingest.clients import load_cohort
    from jobsearch_analysis.present.cohort_report import build_cohort

    files = _files(folder, rows)
    results: list[dict] = []

    def step(name: str, function, group: str = ""):
        reset_peak()
        start = time.perf_counter()
        value = function()
        results.append({"rows": rows, "step": name, "group": group, "seconds": time.perf_counter() - start,
                        "peak_mb": peak_mb()})  # fmt: skip
        return value

    step("bare read_csv (pyarrow) [baseline]", lambda: pd.read_csv(files["csv"], engine="pyarrow"), "baseline")
    step("bare read_parquet", lambda: pd.read_parquet(files["parquet"]))
    result = step("load CSV (read, normalise, validate)", lambda: load(files["csv"], as_of=AS_OF), "load")
    assert result.summary.rows == result.summary.applications + result.summary.rejected + result.summary.skipped
    del result
    result = step("load Parquet", lambda: load(files["parquet"], as_of=AS_OF))
    apps = result.applications
    rows_loaded = len(apps)
    del result
    for name, function in metric_steps(apps):
        step(f"  {name}", function, "metrics")
    step("triage: the pivot rule for every client", partial(triage, apps, as_of=AS_OF), "recommend")
    del apps
    cohort = step("load_cohort (applications + clients)",
                  lambda: load_cohort(files["parquet"], clients=files["clients"], as_of=AS_OF))  # fmt: skip
    step("cohort report (build_cohort)", lambda: build_cohort(cohort, secret="benchmark-secret-0123456789"))
    for record in results:
        record["applications"] = rows_loaded
    return results


def metric_steps(apps: pd.DataFrame) -> list[tuple[str, object]]:
    """Every metric, by channel and by client (thousands of segments, so a per-segment loop would show)."""
    from jobsearch_analysis.analysis import metrics

    return [
        ("headline", partial(metrics.headline, apps, as_of=AS_OF)),
        ("reply_window", partial(metrics.reply_window, apps, as_of=AS_OF)),
        ("response_rates by channel", partial(metrics.response_rates, apps, "channel", as_of=AS_OF)),
        ("response_rates by client", partial(metrics.response_rates, apps, "client_id", kind="positive", as_of=AS_OF)),
        ("funnel by client", partial(metrics.funnel, apps, "client_id")),
        ("time_to_response by channel", partial(metrics.time_to_response, apps, "channel", as_of=AS_OF)),
        ("time_to_response by client", partial(metrics.time_to_response, apps, "client_id", as_of=AS_OF)),
        ("time_to_outcome", partial(metrics.time_to_outcome, apps, as_of=AS_OF)),
        ("ghosting by client", partial(metrics.ghosting, apps, "client_id", as_of=AS_OF)),
        ("sankey_flows", partial(metrics.sankey_flows, apps, as_of=AS_OF)),
        ("compare by channel", partial(metrics.compare, apps, "channel", as_of=AS_OF)),
        ("trend", partial(metrics.trend, apps, as_of=AS_OF)),
        ("feedback", partial(metrics.feedback, apps, as_of=AS_OF)),
    ]


# ----------------------------------------------------------------------------------------------- reporting
def label(rows: int) -> str:
    return f"{rows / 1e6:g}M" if rows >= 1_000_000 else f"{rows / 1e3:g}k"


def report(records: list[dict]) -> str:
    frame = pd.DataFrame(records)
    baseline = frame.loc[frame["group"] == "baseline"].set_index("rows")["seconds"]
    frame["ratio"] = frame["seconds"] / frame["rows"].map(baseline)
    sizes = sorted(frame["rows"].unique())
    lines = []
    width = max(frame["step"].str.len())
    header = f"{'step':<{width}}" + "".join(f"  {label(r) + ' s':>9}  {'x read':>7}  {'peak MB':>8}" for r in sizes)
    lines += [header, "-" * len(header)]
    totals = {}
    for name in dict.fromkeys(frame["step"]):
        cells = []
        for r in sizes:
            row = frame.loc[(frame["rows"] == r) & (frame["step"] == name)]
            if row.empty:
                cells.append(f"  {'':>9}  {'':>7}  {'':>8}")
                continue
            row = row.iloc[0]
            cells.append(f"  {row['seconds']:9.2f}  {row['ratio']:7.1f}  {row['peak_mb']:8.0f}")
        lines.append(f"{name:<{width}}" + "".join(cells))
    lines.append("-" * len(header))
    for r in sizes:
        load_s = frame.loc[(frame["rows"] == r) & (frame["group"] == "load"), "seconds"].sum()
        metric_s = frame.loc[(frame["rows"] == r) & (frame["group"] == "metrics"), "seconds"].sum()
        pivot_s = frame.loc[(frame["rows"] == r) & (frame["group"] == "recommend"), "seconds"].sum()
        totals[r] = {"load": load_s, "all": load_s + metric_s + pivot_s, "base": baseline[r],
                     "peak": frame.loc[frame["rows"] == r, "peak_mb"].max()}  # fmt: skip
    lines.append("")
    lines.append("Goals")
    for r in sizes:
        t = totals[r]
        lines.append(
            f"  {label(r):>5}: load {t['load'] / t['base']:.1f}x the bare read (goal 2x); load + all metrics + "
            f"every client's verdict {t['all'] / t['base']:.1f}x (goal 5x at 1M); peak memory {t['peak']:,.0f} MB"
        )
    for small, large in itertools.pairwise(sizes):
        if large == 10 * small:
            growth = totals[large]["all"] / totals[small]["all"]
            lines.append(f"  {label(small)} -> {label(large)}: 10x the rows took {growth:.1f}x the time (goal 12x)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000", help="comma-separated numbers of rows")
    parser.add_argument("--data-dir", default="build/bench-data", help="where the generated files are kept")
    parser.add_argument("--json", help="also write the measurements to this JSON file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size in this process
    args = parser.parse_args()
    folder = Path(args.data_dir)
    if args.one:
        print(json.dumps(measure(args.one, folder)))
        return
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    records: list[dict] = []
    for rows in sizes:
        print(f"{label(rows)} rows: generating (once; kept in {folder})", file=sys.stderr, flush=True)
        generate(folder, rows)
        print(f"{label(rows)} rows: measuring in a fresh process", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(rows), "--data-dir", str(folder)],
            check=True,
            stdout=subprocess.PIPE,  # the measurements; the child's errors go straight to stderr
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        records += json.loads(done.stdout.strip().splitlines()[-1])
    print(f"Machine: {os.cpu_count()} cores, {memory_gb():.0f} GiB; pandas {pd.__version__}, numpy {np.__version__}")
    print(report(records))
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1))


def memory_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return float("nan")


if __name__ == "__main__":
    main()
