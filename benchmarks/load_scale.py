"""Loading against its goals: each way in, as a ratio to a bare read of the same file in the same process.

    python benchmarks/load_scale.py                              # a million applications
    python benchmarks/load_scale.py --rows 100000 --repeat 1     # quicker
    python benchmarks/load_scale.py --csv A.csv --parquet A.parquet --clients C.csv   # files you have

The cohort is generated as :mod:`benchmarks.scale` generates it (kept in ``--data-dir``) unless files are given;
``convert`` then writes it as canonical Parquet beside them. Each step runs ``--repeat`` times, interleaved with
its bare read, and the median of each is taken (a shared machine's noise then hits both alike):

* ``load`` of the CSV export against a bare ``pandas.read_csv(path, engine="pyarrow")`` (goal: 3x);
* ``load`` of the Parquet export (typed dates, worded statuses) against a bare ``pandas.read_parquet``;
* ``load`` of the canonical Parquet (what ``convert`` writes: only checked) against a bare ``read_parquet`` of
  it (goal: 1.5x, the checks included);
* ``load_cohort`` of the canonical applications and clients against bare reads of both (goal: 1.5x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = "2026-11-02"
GOALS = {"CSV": 3.0, "canonical Parquet": 1.5, "canonical cohort": 1.5}


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def files(args) -> dict[str, Path]:
    """The export (CSV, Parquet, clients table), and its canonical Parquet, written once."""
    from scale import _files, generate

    from jobsearch_analysis.ingest.convert import convert

    if args.csv:
        given = {"csv": Path(args.csv), "parquet": Path(args.parquet), "clients": Path(args.clients)}
        folder = Path(args.data_dir or tempfile.mkdtemp(prefix="load_scale_"))
    else:
        folder = Path(args.data_dir or "build/bench-data")
        generate(folder, args.rows)
        given = _files(folder, args.rows)
    canonical = folder / f"canonical_{given['parquet'].stem}"
    if not (canonical / "clients.parquet").exists():
        convert(given["parquet"], canonical, clients=given["clients"], as_of=AS_OF)
    written = {"canonical": canonical / "applications.parquet", "canonical_clients": canonical / "clients.parquet"}
    return {**given, **written}


def steps(found: dict[str, Path]) -> list[tuple[str, object, object]]:
    """(name, bare read, load) for each way in."""
    from jobsearch_analysis import load
    from jobsearch_analysis.ingest.clients import load_cohort

    def both() -> None:
        pd.read_parquet(found["canonical"])
        pd.read_parquet(found["canonical_clients"])

    return [
        ("CSV", lambda: pd.read_csv(found["csv"], engine="pyarrow"), lambda: load(found["csv"], as_of=AS_OF)),
        ("Parquet export", lambda: pd.read_parquet(found["parquet"]), lambda: load(found["parquet"], as_of=AS_OF)),
        ("canonical Parquet", lambda: pd.read_parquet(found["canonical"]),
         lambda: load(found["canonical"], as_of=AS_OF)),
        ("canonical cohort", both,
         lambda: load_cohort(found["canonical"], clients=found["canonical_clients"], as_of=AS_OF)),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="the size to generate")
    parser.add_argument("--data-dir", help="where generated and converted files are kept (default build/bench-data)")
    parser.add_argument("--csv", help="a CSV export to measure (with --parquet and --clients)")
    parser.add_argument("--parquet", help="the same export as Parquet")
    parser.add_argument("--clients", help="its clients table")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the median is taken")
    args = parser.parse_args()
    found = files(args)
    print(f"{'way in':<20} {'bare s':>8} {'load s':>8} {'ratio':>6}  goal")
    for name, bare, loading in steps(found):
        bare()  # the first read pays for imports and caches
        bare_s, load_s = [], []
        for _ in range(args.repeat):
            bare_s.append(timed(bare))
            load_s.append(timed(loading))
        b, s = statistics.median(bare_s), statistics.median(load_s)
        goal = GOALS.get(name)
        said = "" if goal is None else f"{goal:g}x: {'met' if s / b <= goal else 'not met'}"
        print(f"{name:<20} {b:8.2f} {s:8.2f} {s / b:6.2f}  {said}", flush=True)


if __name__ == "__main__":
    main()
