"""The benchmarks run end to end on a small size, so that an API change cannot break them unnoticed.

Nothing here is timed: the benchmarks print ratios measured in one run, and these tests only check that
they run and print their goals.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the package of this checkout, whatever is installed
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_scale_benchmark_runs_every_step(tmp_path):
    out = run("benchmarks/scale.py", "--sizes", "3000", "--data-dir", str(tmp_path))
    for step in ("bare read_csv", "load CSV", "load canonical Parquet", "headline", "feedback", "triage",
                 "recommend by client", "cohort report"):  # fmt: skip
        assert step in out
    assert "Goals" in out and "peak memory" in out
    goals = out.split("Goals")[1]
    for goal in ("load CSV", "canonical Parquet", "recommend by client", "every client's verdict"):
        assert goal in goals
    assert goals.count("(goal ") == 4 and goals.count("met)") == 4  # each goal said met or not
    assert (tmp_path / "cohort_3000_canonical" / "applications.parquet").exists()


def test_engine_benchmark_runs_every_step_and_says_its_goals(tmp_path):
    out = run("benchmarks/engine_scale.py", "--sizes", "3000", "--data-dir", str(tmp_path))
    for step in ("bare scan", "read and check", "time to employment", "exits", "rates", "funnel", "triage list",
                 "cohort report"):  # fmt: skip
        assert step in out
    assert "Goals" in out and "peak memory" in out and "at 100M: not measured" in out
    assert sorted(p.name for p in (tmp_path / "canonical_3000").iterdir()) == ["applications", "clients", "complete"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canonical_3000"]  # no spill left behind


def test_pivot_benchmark_runs():
    out = run("benchmarks/pivot_eval.py", "--quick", "--markdown")
    assert "false-pivot rate of this engine" in out and "| target |" in out
