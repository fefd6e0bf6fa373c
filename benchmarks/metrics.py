"""How long the metrics take on counsellor-scale data, as ratios to a bare CSV read of the same data.

    python benchmarks/metrics.py            # about a million applications
    python benchmarks/metrics.py --rows 100000

Everything is measured in one run on this machine: first a bare ``pandas.read_csv(engine="pyarrow")`` of the
simulated applications written as CSV (the baseline), then each metric on the loaded table, by channel and by
client (thousands of segments, so a per-segment Python loop would show). Ratios, not seconds, are what carry
over between machines.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from jobsearch_analysis import metrics
from jobsearch_analysis.simulate import simulate_cohort


def timed(label: str, function, results: list) -> object:
    start = time.perf_counter()
    value = function()
    results.append((label, time.perf_counter() - start))
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="about how many applications")
    args = parser.parse_args()
    clients = max(1, round(args.rows / 95))  # the simulated clients send about 95 applications each
    start = time.perf_counter()
    sim = simulate_cohort(clients, seed=1, weekly_pace=6.0)
    apps = sim.applications
    print(f"simulated {len(apps):,} applications of {clients:,} clients in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "applications.csv"
        apps.to_csv(path, index=False)
        results: list[tuple[str, float]] = []
        timed("bare read_csv (pyarrow) [baseline]", lambda: pd.read_csv(path, engine="pyarrow"), results)
    steps = [
        ("reply_window", lambda: metrics.reply_window(apps)),
        ("response_rates by channel", lambda: metrics.response_rates(apps, "channel")),
        ("response_rates by client", lambda: metrics.response_rates(apps, "client_id", kind="positive")),
        ("funnel by client", lambda: metrics.funnel(apps, "client_id")),
        ("time_to_response by channel", lambda: metrics.time_to_response(apps, "channel")),
        ("time_to_response by client", lambda: metrics.time_to_response(apps, "client_id")),
        ("time_to_outcome", lambda: metrics.time_to_outcome(apps)),
        ("ghosting by client", lambda: metrics.ghosting(apps, "client_id")),
        ("sankey_flows", lambda: metrics.sankey_flows(apps)),
        ("activity (weeks)", lambda: metrics.activity(apps, goal=10)),
        ("compare by channel", lambda: metrics.compare(apps, "channel")),
        ("trend", lambda: metrics.trend(apps)),
    ]
    for label, step in steps:
        timed(label, step, results)
    baseline = results[0][1]
    width = max(len(label) for label, _ in results)
    print(f"\n{'step':<{width}}  {'seconds':>8}  {'x read_csv':>10}")
    for label, seconds in results:
        print(f"{label:<{width}}  {seconds:8.2f}  {seconds / baseline:10.1f}")
    total = sum(seconds for _, seconds in results[1:])
    print(f"{'all metrics':<{width}}  {total:8.2f}  {total / baseline:10.1f}")


if __name__ == "__main__":
    main()
