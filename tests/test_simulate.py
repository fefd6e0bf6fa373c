import numpy as np
import pandas as pd
import pytest
from scipy import stats

from jobsearch_analysis import schema
from jobsearch_analysis.simulate import DEFAULT_CHANNELS, FunnelParams, simulate_cohort, simulate_search


@pytest.fixture(scope="module")
def cohort():
    return simulate_cohort(400, seed=3)


@pytest.fixture(scope="module")
def search():
    return simulate_search()


def test_same_seed_same_search():
    a, b = simulate_search(seed=5), simulate_search(seed=5)
    pd.testing.assert_frame_equal(a.applications, b.applications)
    assert not simulate_search(seed=6).applications.equals(a.applications)


def test_personal_search_size_and_span(search):
    apps = search.applications
    assert 250 <= len(apps) <= 350
    assert apps["applied_on"].min() >= pd.Timestamp("2026-05-04")
    assert (apps["applied_on"].dt.day_of_week < 5).all()  # weekdays only
    assert (apps["applied_on"].max() - apps["applied_on"].min()).days > 150


def test_logs_fit_the_schema(search, cohort):
    schema.validate(search.applications, as_of=search.as_of)
    schema.validate(cohort.applications, as_of=cohort.as_of)


def test_nothing_after_the_as_of_date_is_visible(cohort):
    apps = cohort.applications
    latest = apps[list(schema.DATE_COLUMNS)].max(axis=1)
    assert (latest <= cohort.as_of).all()


def test_true_rates_follow_the_channel_parameters():
    # With quality and every multiplier at 1 (no spread, no resume switch, no decay), the realised share of
    # positive replies per channel must match the parameter within a binomial 99.9 % band.
    funnel = FunnelParams(monthly_decay=1.0, after_six_months=1.0)
    sim = simulate_cohort(300, seed=11, quality_sigma=0.0, funnel=funnel)
    truth, apps = sim.truth, sim.applications
    rates = sim.rates.set_index("channel")
    assert rates.loc["referral", "p_positive"] > 5 * rates.loc["job_board", "p_positive"]
    for channel, params in DEFAULT_CHANNELS.items():
        mine = truth.loc[(apps["channel"] == channel).to_numpy()]
        expected = mine["p_positive"].mean()
        assert expected == pytest.approx(params.positive * mine["p_positive"].div(params.positive).mean())
        low, high = stats.binom.interval(0.999, len(mine), expected)
        assert low <= mine["positive"].sum() <= high


def test_replies_mostly_within_two_weeks_and_rejections_later(cohort):
    truth = cohort.truth
    positive_days = truth.loc[truth["positive"], "reply_day"]
    rejection_days = truth.loc[~truth["positive"] & truth["reply_day"].notna(), "reply_day"]
    assert (positive_days <= 14).mean() > 0.8
    assert rejection_days.median() > 2 * positive_days.median()
    assert truth["reply_day"].isna().mean() > 0.5  # most applications never get an answer


def test_delay_distribution_matches_its_cdf(cohort):
    # The drawn positive delays (rounded to days) against the log-normal they come from (KS on the continuous
    # part: rounding moves each value by at most half a day, so compare at whole days).
    delay = FunnelParams().positive_delay
    days = cohort.truth.loc[cohort.truth["positive"], "reply_day"].to_numpy()
    for d in (5, 7, 10, 14):
        assert (days <= d).mean() == pytest.approx(delay.cdf(d + 0.5), abs=0.05)


def test_cohort_clients_and_exits(cohort):
    clients = cohort.clients
    assert len(clients) == 400 and clients["client_id"].is_unique
    exited = clients["exited_on"].notna()
    assert clients.loc[exited, "exit_reason"].notna().all() and clients.loc[~exited, "exit_reason"].isna().all()
    assert set(clients["exit_reason"].dropna()) <= {
        "employed_full_time",
        "employed_part_time",
        "self_employed",
        "training",
        "other",
    }
    assert (clients.loc[exited, "exited_on"] <= cohort.as_of).all()
    # Nobody applies after leaving.
    apps = cohort.applications.merge(clients[["client_id", "exited_on"]], on="client_id")
    assert not (apps["applied_on"] > apps["exited_on"]).any()
    # Some joined the programme after starting to search (left truncation).
    assert (clients["intake"] > clients["search_start"]).any()


def test_hired_clients_have_a_hired_application(cohort):
    hired = cohort.clients.loc[
        cohort.clients["exit_reason"].isin(["employed_full_time", "employed_part_time", "self_employed"]), "client_id"
    ]
    with_hire = set(cohort.applications.loc[cohort.applications["outcome"] == "hired", "client_id"])
    assert set(hired) <= with_hire


def test_censoring_hides_late_replies():
    early = simulate_search(as_of="2026-06-01", start="2026-05-04")
    truth_replies = early.truth["reply_day"].notna().sum()
    seen = early.applications["first_response_on"].notna().sum()
    assert seen < truth_replies


def test_callback_rate_falls_with_search_duration(cohort):
    truth = cohort.truth.assign(
        days=(
            cohort.applications["applied_on"]
            - cohort.clients.set_index("client_id").loc[cohort.applications["client_id"], "search_start"].to_numpy()
        ).dt.days
    )
    early = truth.loc[truth["days"] < 60, "p_positive"].mean()
    late = truth.loc[truth["days"] > 200, "p_positive"].mean()
    assert late < early
    assert np.isfinite(early)


def test_true_rates_by_any_segment(search):
    by_resume = search.true_rates("resume_version").set_index("resume_version")
    assert by_resume["applications"].sum() == len(search.applications)
    assert by_resume.loc["v2", "p_positive"] > by_resume.loc["v1", "p_positive"] * 0.9
    both = search.true_rates(["channel", "resume_version"])
    assert both["applications"].sum() == len(search.applications)
    # By hand: the plain mean of the per-application chances within each channel.
    got = search.true_rates().set_index("channel")["p_positive"]
    for channel, value in got.items():
        mask = (search.applications["channel"] == channel).to_numpy()
        assert value == pytest.approx(search.truth.loc[mask, "p_positive"].mean())


def test_reply_delay_cdf(search):
    assert search.reply_delay_cdf(7) == pytest.approx(0.5)  # the median positive delay is 7 days
    assert search.reply_delay_cdf(21, kind="rejection") == pytest.approx(0.5)
    with pytest.raises(ValueError, match="kind"):
        search.reply_delay_cdf(7, kind="maybe")
