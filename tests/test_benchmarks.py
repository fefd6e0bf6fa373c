"""The benchmarks run end to end on a small size, so that an API change cannot break them unnoticed.

Nothing here is timed: the benchmarks print ratios measured in one run, and these tests only check that
they run and print their goals.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

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


def test_a_load_goal_not_met_says_which_part_holds_it():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scale
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))

    def record(step, group, seconds, phases=None):
        return {"rows": 1000, "step": step, "group": group, "seconds": seconds, "peak_mb": 1.0, "phases": phases or {}}

    reading, words = scale.PHASES["_tables"], scale.PHASES["_read_all"]
    lines = scale.goals(pd.DataFrame([
        record("bare read", "baseline", 1.0),
        record("load CSV", "load", 4.0, {reading: 2.5, words: 1.0, scale.PHASES["schema_issues"]: 0.01}),
        record("bare canonical", "canonical_read", 1.0),
        record("load canonical", "canonical", 1.2, {scale.PHASES["checked"]: 0.5}),
        record("triage", "recommend", 1.0),
        record("recommend", "advice", 1.0),
    ]))  # fmt: skip
    assert "load CSV 4.0x the bare read (goal 3x: not met)" in lines[0]
    assert "canonical Parquet 1.2x its bare read (goal 1.5x: met)" in lines[0]
    assert "recommend by client 1.0x triage (goal 1x: met)" in lines[0]
    assert lines[1].strip() == f"load CSV, part by part: {reading} 2.5x; {words} 1.0x; the rest 0.5x"
    assert len(lines) == 2  # the canonical goal is met: nothing to explain
