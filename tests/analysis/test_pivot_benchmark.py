"""The pivot benchmark's small fixed-seed grid (``benchmarks/pivot_eval.py --quick``), run in-process against the
engine: the goals of docs/pivot.md, cell by cell, and checks of the harness itself.

The goals are those of the engine's contract (a shared error budget with ``family``, a pivot date ``decided_on``,
the target an eventual rate): the engine before that rewrite misses them at a 30 % target and for six channels
shown together, and these tests say so.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from jobsearch_analysis.schema import validate

PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "pivot_eval.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("pivot_eval", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = load_benchmark()


@pytest.fixture(scope="module")
def quick():
    return bench.quick()


def test_the_simulated_searches_make_a_valid_applications_table():
    cell = bench.Cell(0.30, 100, "30% slow", bench.SIX)
    searches = bench.simulate(cell, 4, failing=True, seed=3)
    apps = bench.applications_table(searches)
    validate(apps, as_of=bench.as_of_timestamp(searches))
    assert len(apps) == 400 and apps["resume_version"].nunique() == 4 and apps["channel"].nunique() == 6
    # A positive reply is in the table only once it has come, as the person would have seen it on the day.
    seen = apps["screen_on"].notna()
    assert (apps.loc[seen, "furthest_stage"] == "screen").all()
    assert (apps.loc[~seen, "furthest_stage"] == "applied").all()
    assert np.isfinite(searches.reply).sum() >= seen.sum()


def test_the_oracle_knows_the_true_share_of_replies_within_the_window():
    rng = np.random.default_rng(0)
    for delays in bench.DELAYS.values():
        drawn = delays.draw(rng, (200_000,))
        for window in (14, 30, 60):
            assert delays.share_within(window) == pytest.approx((drawn <= window).mean(), abs=0.005)


def test_the_quick_grid_covers_its_cells(quick):
    assert len(quick) == 8 and set(quick["layout"]) == {bench.ONE, bench.SIX}
    assert (quick["fp_low"] <= quick["false_pivot"]).all() and (quick["false_pivot"] <= quick["fp_high"]).all()
    assert "false-pivot rate of this engine" in bench.summary(quick)[0]


def test_false_pivots_stay_within_five_percent_in_every_cell(quick):
    # Fails on the engine before the rewrite: 30 % targets, and six channels without a shared budget. With 300
    # searches a cell, a cell at exactly 5 % shows 3-8 %: each cell must be consistent with at most 5 % (its
    # interval reaches down to 5 %) and clearly below 8.5 %. The full grid (2,000 a cell, docs/pivot.md) has
    # every cell at or below 5 %.
    shown = quick[["target", "delays", "layout", "false_pivot", "fp_low", "fp_high"]]
    assert (quick["fp_low"] <= bench.GOAL_FALSE_PIVOT).all(), shown.to_string()
    assert (quick["fp_high"] <= 0.085).all(), shown.to_string()
    assert quick["false_pivot"].mean() <= bench.GOAL_FALSE_PIVOT, shown.to_string()


def test_a_failing_strategy_is_caught_nearly_as_fast_as_walds_test(quick):
    head = bench.headline(quick)
    assert head["pivot_when_failing"] >= 0.80
    assert head["ratio"] <= bench.GOAL_RATIO
