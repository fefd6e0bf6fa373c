"""Sankey flows, activity, comparisons, trend and feedback: hand computations and scipy/statsmodels."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency, fisher_exact
from statsmodels.stats.multitest import multipletests

from jobsearch_analysis import load_sample
from jobsearch_analysis.analysis.metrics import activity, compare, feedback, sankey_flows, to_sankeymatic, trend

from ..conftest import SAMPLE_AS_OF
from .test_rates_and_timing import AS_OF, log, old_and_new


def test_sankey_by_hand():
    flows = sankey_flows(old_and_new(), ghost_after=30, as_of=AS_OF)
    got = {(r.source, r.target): r.value for r in flows.itertuples()}
    assert got == {
        ("Applications", "Screen"): 1,
        ("Applications", "Rejected"): 3,
        ("Applications", "No response"): 2,  # one marked ghosted, one silent for months
        ("Applications", "Pending"): 3,  # sent last week
        ("Applications", "Outcome unknown"): 1,  # LinkedIn row
        ("Screen", "No response"): 1,  # screened on 03-09, nothing since
    }


def test_sankey_nodes_balance_on_the_sample():
    flows = sankey_flows(load_sample().applications, as_of=SAMPLE_AS_OF)
    inflow = flows.groupby("target")["value"].sum()
    outflow = flows.groupby("source")["value"].sum()
    for node in ("Screen", "Interview", "Offer"):
        assert inflow.get(node, 0) == outflow.get(node, 0)  # nothing ends at a stage: it goes on or to an ending
    assert outflow["Applications"] == len(load_sample().applications)
    ends = flows.loc[~flows["target"].isin(["Screen", "Interview", "Offer"]), "value"].sum()
    assert ends == len(load_sample().applications)  # every application ends in exactly one place


def test_sankeymatic_text():
    flows = pd.DataFrame({"source": ["Applications", "Screen"], "target": ["Screen", "Interview"], "value": [25, 9]})
    assert to_sankeymatic(flows) == "Applications [25] Screen\nScreen [9] Interview\n"


def test_activity_by_hand():
    dates = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-09", "2026-06-10", "2026-06-11", "2026-06-24"]
    apps = log([(d, None, "applied", "open", None, "job_board") for d in dates])
    weeks = activity(apps, goal=3, as_of=AS_OF)
    assert weeks["period_start"].dt.strftime("%m-%d").tolist() == ["06-01", "06-08", "06-15", "06-22", "06-29"]
    assert weeks["applications"].tolist() == [3, 3, 0, 1, 0]
    assert weeks["met"].tolist() == [True, True, False, False, False]
    assert weeks["streak"].tolist() == [1, 2, 0, 0, 0]
    assert activity(apps, as_of=AS_OF)["met"].isna().all()
    assert weeks["in_progress"].tolist() == [False, False, False, False, True]


def test_the_running_week_does_not_break_a_streak():
    dates = ["2026-06-22", "2026-06-23", "2026-06-29"]  # goal 2: met in the week of 06-22; 06-29 week running
    apps = log([(d, None, "applied", "open", None, "job_board") for d in dates])
    weeks = activity(apps, goal=2, as_of=AS_OF)
    assert weeks["streak"].tolist() == [1, 1] and weeks["met"].tolist() == [True, False]


def test_overload_when_pace_jumps_while_replies_fall():
    rows = []
    start = pd.Timestamp("2026-01-05")
    for week in range(12):
        for k in range(5):
            rows.append((start + pd.Timedelta(weeks=week, days=k % 5), "2026-01-01", 1))
    early = [
        (
            str((d).date()),
            str((d + pd.Timedelta(days=3)).date()),
            "applied",
            "rejected",
            str((d + pd.Timedelta(days=3)).date()),
            "job_board",
        )
        for d, _, _ in rows[:40]
    ]
    late = [(str(d.date()), None, "applied", "open", None, "job_board") for d, _, _ in rows[40:]]
    burst = [
        (str((start + pd.Timedelta(weeks=12, days=k % 5)).date()), None, "applied", "open", None, "job_board")
        for k in range(15)
    ]
    weeks = activity(log(early + late + burst), as_of="2026-04-05")
    assert weeks["overload"].tolist()[-1]
    assert not weeks["overload"].iloc[:-1].any()


def test_compare_against_scipy_and_statsmodels():
    apps = load_sample().applications
    table = compare(apps, "channel", kind="positive", window=30, as_of=SAMPLE_AS_OF)
    yes, n = table["responses"].to_numpy(), table["matured"].to_numpy()
    for i, row in table.iterrows():
        others_yes, others_n = yes.sum() - yes[i], n.sum() - n[i]
        expected = fisher_exact([[yes[i], n[i] - yes[i]], [others_yes, others_n - others_yes]])
        assert row["p_value"] == pytest.approx(expected.pvalue)
        assert row["rest_rate"] == pytest.approx(others_yes / others_n)
    np.testing.assert_allclose(table["p_adjusted"], multipletests(table["p_value"], method="holm")[1])
    chi2 = chi2_contingency(np.array([yes, n - yes]))
    assert table["overall_p_value"].iloc[0] == pytest.approx(chi2.pvalue)
    assert (table["diff_ci_low"] <= table["difference"]).all() and (table["difference"] <= table["diff_ci_high"]).all()
    with pytest.raises(ValueError, match="by="):
        compare(apps, [], as_of=SAMPLE_AS_OF)


def test_trend_by_hand():
    apps = old_and_new().assign(resume_version=["v1"] * 3 + ["v2"] * 7)
    result = trend(apps, window=2, reply_days=30, as_of=AS_OF)
    # Matured, in date order: replies (within 30 days) 1, 1, 0, 1, 0, 1 (the last is an undated rejection).
    assert result.rolling["rate"].tolist() == [1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    assert result.rolling["n"].tolist() == [1, 2, 2, 2, 2, 2]
    changes = result.changes.set_index("resume_version")
    assert changes.loc["v1", ["matured", "responses"]].tolist() == [3, 2]
    assert changes.loc["v2", ["matured", "responses"]].tolist() == [3, 2]
    assert changes.loc["v2", "p_value"] == pytest.approx(fisher_exact([[2, 1], [2, 1]]).pvalue)


def test_feedback_by_hand():
    apps = old_and_new().assign(
        feedback_requested=pd.array([None, True, None, True, None, None, None, None, None, None], dtype="boolean"),
        feedback_received=pd.array([None, True, None, False, None, None, None, None, None, None], dtype="boolean"),
    )
    table = feedback(apps, window=30, as_of=AS_OF).set_index("measure")
    assert table.loc["asked", "value"] == 2 and table.loc["received", "value"] == 1
    assert table.loc["received", "share"] == 0.5
    # First request on an application sent 03-03: one matured application before (answered), five after.
    assert table.loc["rate_before_first_request", "share"] == 1.0
    assert table.loc["rate_after_first_request", "share"] == pytest.approx(3 / 5)


def test_overload_is_judged_on_applications_old_enough_to_have_replies():
    # Five applications a week for twenty weeks, then fifteen. With a constant reply rate the young applications
    # have had no time to be answered, which must not read as replies falling: over many simulated searches the
    # signal rarely fires. When the rate really fell (from week 15), it fires.
    rng = np.random.default_rng(3)
    start, as_of = pd.Timestamp("2026-01-05"), pd.Timestamp("2026-06-28")

    def search(rate_after: float) -> bool:
        weeks = np.concatenate([np.repeat(np.arange(20), 5), np.repeat(np.arange(20, 25), 15)])
        sent = start + pd.to_timedelta(weeks * 7 + rng.integers(0, 5, len(weeks)), unit="D")
        rate = np.where(weeks < 15, 0.3, rate_after)
        reply = sent + pd.to_timedelta(np.round(rng.lognormal(np.log(7), 0.55, len(weeks))), unit="D")
        answered = (rng.random(len(weeks)) < rate) & (reply <= as_of)
        rows = [
            (a, r if ok else None, "applied", "open", None, "job_board")
            for a, r, ok in zip(sent, reply, answered, strict=True)
        ]
        return bool(activity(log(rows), as_of=as_of)["overload"].tail(2).any())

    steady = np.mean([search(0.3) for _ in range(100)])
    fallen = np.mean([search(0.05) for _ in range(100)])
    assert steady <= 0.1 and fallen >= 0.3 and fallen >= 3 * steady
