"""Response rates, reply windows, funnel, time to reply and outcome, ghosting: hand computations, statsmodels,
and the simulator's ground truth."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analysis import load_sample
from jobsearch_analysis.analysis import metrics
from jobsearch_analysis.analysis.metrics import (
    DEFAULT_WINDOW_DAYS,
    funnel,
    ghosting,
    reply_window,
    response_rates,
    time_to_outcome,
    time_to_response,
)
from jobsearch_analysis.schema import CHANNEL_DTYPE, DATE_DTYPE, OUTCOME_DTYPE, STAGE_DTYPE
from jobsearch_analysis.simulate import FunnelParams, simulate_search

from ..conftest import SAMPLE_AS_OF

AS_OF = pd.Timestamp("2026-06-30")


def log(rows: list[tuple]) -> pd.DataFrame:
    """Applications from (applied, first reply, furthest stage, outcome, outcome date, channel[, recorded])."""
    frame = pd.DataFrame(
        [r if len(r) == 7 else (*r, True) for r in rows],
        columns=[
            "applied_on",
            "first_response_on",
            "furthest_stage",
            "outcome",
            "outcome_on",
            "channel",
            "outcome_recorded",
        ],
    )
    dates = {c: pd.to_datetime(frame[c]).astype(DATE_DTYPE) for c in ("applied_on", "first_response_on", "outcome_on")}
    stage = pd.Categorical(frame["furthest_stage"], dtype=STAGE_DTYPE)
    screen = dates["first_response_on"].where(pd.Series(stage >= "screen"))
    out = frame.assign(
        **dates,
        furthest_stage=stage,
        outcome=pd.Categorical(frame["outcome"], dtype=OUTCOME_DTYPE),
        channel=pd.Categorical(frame["channel"], dtype=CHANNEL_DTYPE),
        screen_on=screen,
        interview_on=pd.Series(pd.NaT, index=frame.index, dtype=DATE_DTYPE),
        offer_on=pd.Series(pd.NaT, index=frame.index, dtype=DATE_DTYPE),
        outcome_recorded=frame["outcome_recorded"].astype(bool),
    )
    return out


def old_and_new() -> pd.DataFrame:
    """Six old applications (4 answered) and three sent in the last week (none answered yet)."""
    return log(
        [
            ("2026-03-02", "2026-03-09", "screen", "open", None, "referral"),
            ("2026-03-03", "2026-03-20", "applied", "rejected", "2026-03-20", "job_board"),
            ("2026-03-04", None, "applied", "ghosted", None, "job_board"),
            ("2026-03-05", "2026-04-01", "applied", "rejected", "2026-04-01", "job_board"),
            ("2026-03-06", None, "applied", "open", None, "job_board"),
            ("2026-03-09", None, "applied", "rejected", None, "job_board"),  # a rejection with no date
            ("2026-06-25", None, "applied", "open", None, "job_board"),
            ("2026-06-26", None, "applied", "open", None, "referral"),
            ("2026-06-27", None, "applied", "open", None, "job_board"),
            ("2026-03-10", None, "applied", "open", None, "job_board", False),  # LinkedIn: outcome unknown
        ]
    )


def test_response_rate_by_hand_with_a_given_window():
    rates = response_rates(old_and_new(), window=30, as_of=AS_OF)
    row = rates.iloc[0]
    assert (row["applications"], row["unknown_outcome"], row["matured"], row["pending"], row["responses"]) == (
        9,
        1,
        6,
        3,
        4,
    )
    assert row["rate"] == pytest.approx(4 / 6)
    low, high = proportion_confint(4, 6, method="wilson")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert (row["window_days"], row["window_source"], row["kind"], row["note"]) == (30, "given", "any", "")


def test_replies_after_the_window_do_not_count():
    # With a 20-day window the reply on day 27 (applied 03-05, rejected 04-01) comes too late to count.
    row = response_rates(old_and_new(), window=20, as_of=AS_OF).iloc[0]
    assert (row["matured"], row["responses"]) == (6, 3)


def test_positive_rate_and_segments():
    rates = response_rates(old_and_new(), "channel", kind="positive", window=30, as_of=AS_OF).set_index("channel")
    assert rates.loc["referral", ["matured", "responses"]].tolist() == [1, 1]
    assert rates.loc["job_board", ["matured", "responses"]].tolist() == [5, 0]
    assert rates.loc["job_board", "rate"] == 0 and rates.loc["job_board", "ci_high"] > 0


def test_too_early_to_tell_is_not_zero():
    recent = log([("2026-06-25", None, "applied", "open", None, "job_board")] * 3)
    row = response_rates(recent, window=30, as_of=AS_OF).iloc[0]
    assert row["matured"] == 0 and np.isnan(row["rate"]) and np.isnan(row["ci_low"])
    assert row["note"] == "too early to tell"


def test_several_segments_and_a_period():
    apps = old_and_new().assign(month=lambda f: f["applied_on"].dt.to_period("M"), own=["x", "y"] * 5)
    rates = response_rates(apps, ["month", "own"], window=30, as_of=AS_OF)
    assert rates["applications"].sum() == 9 and set(rates.columns[:2]) == {"month", "own"}
    with pytest.raises(ValueError, match="no such column"):
        response_rates(apps, "colour", as_of=AS_OF)
    with pytest.raises(ValueError, match="kind"):
        response_rates(apps, kind="nice", as_of=AS_OF)


def test_reply_window_by_hand():
    # Ten dated replies on days 2, 4, ..., 18 and 40, nothing censored: 90 % of them have come by day 18,
    # which rounds up to the three-week window.
    rows = [
        (
            "2026-01-01",
            str((pd.Timestamp("2026-01-01") + pd.Timedelta(days=d)).date()),
            "applied",
            "rejected",
            None,
            "job_board",
        )
        for d in (2, 4, 6, 8, 10, 12, 14, 16, 18, 40)
    ]
    window = reply_window(log(rows), as_of=AS_OF)
    assert (window.days, window.source, window.replies) == (21, "estimated", 10)  # day 18, rounded up


def test_reply_window_falls_back_with_few_replies():
    window = reply_window(old_and_new(), as_of=AS_OF)
    assert (window.days, window.source, window.replies) == (DEFAULT_WINDOW_DAYS, "default", 3)


def test_funnel_by_hand():
    table = funnel(old_and_new()).set_index("stage")
    assert table["reached"].tolist() == [9, 4, 1, 0, 0, 0]
    assert table.loc["any_reply", "from_previous"] == pytest.approx(4 / 9)
    assert table.loc["screen", "from_previous"] == pytest.approx(1 / 4)
    assert np.isnan(table.loc["offer", "from_previous"])  # no interview to convert from
    low, high = proportion_confint(1, 9, method="wilson")
    assert (table.loc["screen", "applied_ci_low"], table.loc["screen", "applied_ci_high"]) == pytest.approx((low, high))


def recorded_and_dated(apps: pd.DataFrame) -> pd.DataFrame:
    """The sample's applications with a recorded outcome and, if they got a reply, its date: the ones a
    time-to-event curve can place (its one unreadable status and one reply left undated are counted apart)."""
    undated = metrics.replied(apps) & apps["first_response_on"].isna()
    return apps.loc[apps["outcome_recorded"] & ~undated]


def test_funnel_by_segment_counts_each_stage_once():
    apps = load_sample().applications
    table = funnel(apps, "channel")
    applied = table.loc[table["stage"] == "applied"].set_index("channel")["reached"]
    assert applied.sum() == apps["outcome_recorded"].sum()
    assert (table.groupby("channel", observed=True)["reached"].diff().dropna() <= 0).all()


def test_time_to_response_matches_statsmodels_on_the_sample():
    result = time_to_response(load_sample().applications, as_of=SAMPLE_AS_OF)
    apps = recorded_and_dated(load_sample().applications)
    as_of = pd.Timestamp(SAMPLE_AS_OF)
    got = apps["first_response_on"].notna()
    days = np.where(got, (apps["first_response_on"] - apps["applied_on"]).dt.days, (as_of - apps["applied_on"]).dt.days)
    reference = SurvfuncRight(days, got.astype(int).to_numpy())
    events = result.curve.loc[result.curve["events"] > 0]
    np.testing.assert_allclose(events["survival"], reference.surv_prob)
    summary = result.summary.iloc[0]
    assert summary["replies"] == got.sum()
    assert summary["within_14"] == pytest.approx(1 - reference.surv_prob[reference.surv_times <= 14][-1])
    assert summary["never"] == pytest.approx(reference.surv_prob[-1])
    with np.errstate(all="ignore"):
        assert summary["q25_days"] == reference.quantile(0.25)


def test_time_to_response_counts_undated_replies_apart():
    summary = time_to_response(old_and_new(), as_of=AS_OF).summary.iloc[0]
    assert (summary["applications"], summary["replies"], summary["undated_replies"]) == (8, 3, 1)


def test_competing_first_answers_are_cumulative_incidence():
    incidence = time_to_response(load_sample().applications, as_of=SAMPLE_AS_OF).incidence
    apps = recorded_and_dated(load_sample().applications)
    as_of = pd.Timestamp(SAMPLE_AS_OF)
    got = apps["first_response_on"].notna()
    first_positive = apps[["screen_on", "interview_on", "offer_on"]].min(axis=1) <= apps["first_response_on"]
    cause = np.where(got, np.where(first_positive, 1, 2), 0)
    days = np.where(got, (apps["first_response_on"] - apps["applied_on"]).dt.days, (as_of - apps["applied_on"]).dt.days)
    reference = CumIncidenceRight(days, cause)
    for k, name in ((1, "positive"), (2, "rejection")):
        np.testing.assert_allclose(incidence.loc[incidence["ending"] == name, "incidence"], reference.cinc[k - 1])
    last = incidence.groupby("ending")["incidence"].last()
    # Not 1 - KM: the two incidences add up to the chance of any answer.
    assert last.sum() == pytest.approx(1 - time_to_response(apps, as_of=SAMPLE_AS_OF).summary.iloc[0]["never"])


def test_time_to_outcome():
    result = time_to_outcome(old_and_new(), as_of=AS_OF)
    summary = result.summary.iloc[0]
    assert (summary["outcomes"], summary["undated_outcomes"]) == (2, 1)
    assert set(result.incidence["ending"]) == {"rejected", "hired", "declined", "withdrawn"}


def test_ghosting_by_hand():
    table = ghosting(old_and_new(), after_days=30, as_of=AS_OF).iloc[0]
    assert (table["past_threshold"], table["ghosted"]) == (6, 2)
    assert table["share"] == pytest.approx(2 / 6) and table["threshold_source"] == "given"


def test_edge_cases_single_row_and_same_day_answers():
    one = log([("2026-03-02", "2026-03-02", "applied", "rejected", "2026-03-02", "job_board")])
    assert response_rates(one, window=10, as_of=AS_OF).iloc[0]["rate"] == 1
    same_day = time_to_response(one, as_of=AS_OF)
    assert same_day.curve["survival"].tolist() == [0.0]
    assert same_day.summary.iloc[0]["median_days"] == 0
    nothing = log([("2026-03-02", None, "applied", "open", None, "job_board")] * 4)
    summary = time_to_response(nothing, as_of=AS_OF).summary.iloc[0]
    assert summary["replies"] == 0 and summary["never"] == 1 and np.isnan(summary["median_days"])


def test_censoring_aware_rate_covers_the_truth_and_the_naive_rate_is_biased_low():
    # Many simulated searches observed while still running. For the matured applications the true chance of a
    # reply within the window is known from the simulator (each application's chances and the delay
    # distributions); the Wilson interval should cover it about 95 % of the time, while the naive rate (replies
    # so far / all applications) falls well short of the true eventual reply rate on average.
    funnel_params = FunnelParams(monthly_decay=1.0, after_six_months=1.0)
    covered, naive_gap, matured_gap = [], [], []
    for seed in range(150):
        sim = simulate_search(
            seed=seed, start="2026-03-02", as_of="2026-06-01", weekly_pace=10, quality=1.0, funnel=funnel_params
        )
        if sim.clients["exited_on"].notna().any():
            continue  # hired: the log stops at the hire, so the as-of date is not the end of follow-up
        apps = sim.applications
        rates = response_rates(apps, as_of=sim.as_of).iloc[0]
        window = rates["window_days"]
        matured = ((sim.as_of - apps["applied_on"]).dt.days >= window).to_numpy()
        truth = sim.truth.loc[matured]
        within = truth["p_positive"] * sim.reply_delay_cdf(window + 0.5, kind="positive") + (
            truth["p_reply"] - truth["p_positive"]
        ) * sim.reply_delay_cdf(window + 0.5, kind="rejection")
        covered.append(rates["ci_low"] <= within.mean() <= rates["ci_high"])
        matured_gap.append(rates["rate"] - within.mean())
        naive = apps["first_response_on"].notna().mean()
        naive_gap.append(naive - sim.truth["p_reply"].mean())
    assert len(covered) >= 60
    assert 0.88 <= np.mean(covered) <= 0.99
    assert np.mean(naive_gap) < -0.05
    # No bias beyond what chance allows (three standard errors), unlike the naive rate.
    assert abs(np.mean(matured_gap)) < 3 * np.std(matured_gap) / np.sqrt(len(matured_gap))
    assert np.mean(naive_gap) < -3 * np.std(naive_gap) / np.sqrt(len(naive_gap))


def test_with_a_fixed_window_the_rate_is_unbiased():
    funnel_params = FunnelParams(monthly_decay=1.0, after_six_months=1.0)
    gaps = []
    for seed in range(80):
        sim = simulate_search(
            seed=seed, start="2026-03-02", as_of="2026-06-01", weekly_pace=10, quality=1.0, funnel=funnel_params
        )
        if sim.clients["exited_on"].notna().any():
            continue
        apps = sim.applications
        rate = response_rates(apps, window=30, as_of=sim.as_of).iloc[0]["rate"]
        truth = sim.truth.loc[((sim.as_of - apps["applied_on"]).dt.days >= 30).to_numpy()]
        within = truth["p_positive"] * sim.reply_delay_cdf(30.5, kind="positive") + (
            truth["p_reply"] - truth["p_positive"]
        ) * sim.reply_delay_cdf(30.5, kind="rejection")
        gaps.append(rate - within.mean())
    assert abs(np.mean(gaps)) < 2.5 * np.std(gaps) / np.sqrt(len(gaps))


def test_time_to_outcome_matches_statsmodels_on_the_sample():
    result = time_to_outcome(load_sample().applications, "channel", as_of=SAMPLE_AS_OF)
    apps = load_sample().applications.query("outcome_recorded")
    as_of = pd.Timestamp(SAMPLE_AS_OF)
    ended = apps["outcome"].isin(["rejected", "hired", "declined", "withdrawn"]) & apps["outcome_on"].notna()
    days = np.where(ended, (apps["outcome_on"] - apps["applied_on"]).dt.days, (as_of - apps["applied_on"]).dt.days)
    codes = apps["outcome"].astype(str).map({"rejected": 1, "hired": 2, "declined": 3, "withdrawn": 4})
    cause = np.where(ended, codes.fillna(0), 0).astype(int)
    for channel in ("job_board", "referral"):
        mask = (apps["channel"] == channel).to_numpy()
        reference = SurvfuncRight(days[mask], ended.to_numpy()[mask].astype(int))
        curve = result.curve.loc[(result.curve["channel"] == channel) & (result.curve["events"] > 0)]
        np.testing.assert_allclose(curve["survival"], reference.surv_prob)
        with np.errstate(all="ignore"):
            incidence = CumIncidenceRight(days[mask], cause[mask])
        rejected = result.incidence.loc[
            (result.incidence["channel"] == channel) & (result.incidence["ending"] == "rejected"), "incidence"
        ]
        np.testing.assert_allclose(rejected, incidence.cinc[0])


def test_every_application_answered_the_same_day():
    same = log(
        [("2026-03-02", "2026-03-02", "applied", "rejected", "2026-03-02", "job_board")] * 5
        + [("2026-03-03", "2026-03-03", "screen", "open", None, "referral")] * 3
    )
    summary = time_to_response(same, as_of=AS_OF).summary.iloc[0]
    assert (summary["replies"], summary["median_days"], summary["within_7"], summary["never"]) == (8, 0, 1, 0)
    assert response_rates(same, window=7, as_of=AS_OF).iloc[0]["rate"] == 1
    assert reply_window(same, as_of=AS_OF).source == "default"  # eight replies are too few to estimate a window


def test_a_segment_with_one_row():
    apps = old_and_new().assign(team=["solo"] + ["many"] * 9)
    rates = response_rates(apps, "team", window=30, as_of=AS_OF).set_index("team")
    assert rates.loc["solo", ["applications", "matured", "responses"]].tolist() == [1, 1, 1]
    low, high = proportion_confint(1, 1, method="wilson")
    assert (rates.loc["solo", "ci_low"], rates.loc["solo", "ci_high"]) == pytest.approx((low, high))
    summary = time_to_response(apps, "team", as_of=AS_OF).summary.set_index("team")
    assert summary.loc["solo", "median_days"] == 7


def test_a_log_without_reply_dates_gets_no_timing_estimate_and_says_why():
    """A status-only log knows who replied but not when: no 0 % within two weeks, no 0-0 interval, no curve."""
    sample = load_sample("sparse_log")
    result = time_to_response(sample.applications, as_of=sample.as_of)
    summary = result.summary.iloc[0]
    assert summary["replies"] == 0 and summary["undated_replies"] > 0
    for column in ("within_14", "within_14_ci_low", "within_14_ci_high", "never", "median_days"):
        assert np.isnan(summary[column]), column
    assert "have no date, so how soon they come cannot be measured" in summary["note"]
    assert result.curve.empty and result.incidence.empty


def test_no_reply_yet_gets_the_exact_upper_bound_not_a_zero_width_interval():
    nothing = log([("2026-03-02", None, "applied", "open", None, "job_board")] * 4)
    summary = time_to_response(nothing, as_of=AS_OF).summary.iloc[0]
    assert summary["within_14"] == 0 and summary["within_14_ci_low"] == 0
    _, high = proportion_confint(0, 4, alpha=0.05, method="beta")  # Clopper-Pearson for 0 of 4
    assert summary["within_14_ci_high"] == pytest.approx(high) and high > 0.5


def test_a_source_without_outcomes_gets_no_rate_and_says_why():
    from jobsearch_analysis import load

    archive = load(Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "linkedin-archive.zip", as_of=AS_OF)
    row = response_rates(archive.applications, as_of=AS_OF).iloc[0]
    assert len(archive.applications) > 0 and row["applications"] == 0
    assert row["unknown_outcome"] == len(archive.applications)
    assert np.isnan(row["rate"]) and np.isnan(row["ci_low"]) and row["note"].startswith("no outcome recorded")


def test_the_first_positive_reply_is_the_earliest_stage_date_by_hand():
    days = pd.to_datetime(["2026-03-05", None, "2026-03-01", None])
    dates = pd.DataFrame(
        {
            "screen_on": pd.Series(days, dtype=DATE_DTYPE),
            "interview_on": pd.Series(pd.to_datetime(["2026-03-02", "2026-03-09", None, None]), dtype=DATE_DTYPE),
            "offer_on": pd.Series(pd.to_datetime([None, "2026-03-08", "2026-03-04", None]), dtype="datetime64[ns]"),
        }
    )
    expected = pd.to_datetime(["2026-03-02", "2026-03-08", "2026-03-01", None])
    first = metrics.positive_on(dates)
    assert first.tolist() == expected.tolist() and str(first.dtype).startswith("datetime64")
    undated = dates.assign(offer_on=pd.Series([None] * 4, dtype=object))  # a hand-made table: any column kind
    assert (
        metrics.positive_on(undated).tolist()[:3] == pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-01"]).tolist()
    )
