"""benchmarks/load_scale.py runs end to end on a small size (nothing timed: it prints ratios measured in one run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_load_benchmark_measures_every_way_in_and_says_its_goals(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the package of this checkout, whatever is installed
    args = ["benchmarks/load_scale.py", "--rows", "3000", "--repeat", "1", "--data-dir", str(tmp_path)]
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    for way in ("CSV", "Parquet export", "canonical Parquet", "canonical cohort"):
        assert way in done.stdout
    assert "1.5x:" in done.stdout and "3x:" in done.stdout
    assert (tmp_path / "canonical_cohort_3000_applications" / "clients.parquet").exists()
