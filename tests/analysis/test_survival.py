"""Kaplan-Meier, quantiles and cumulative incidence against hand computations and statsmodels."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight

from jobsearch_analysis.analysis.survival import cumulative_incidence, kaplan_meier, quantiles


def random_frame(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 250))
    return pd.DataFrame(
        {
            "t": rng.integers(0, 40, n),  # whole days: many ties
            "e": rng.random(n) < 0.6,
            "g": rng.choice(["a", "b", "c"], n),
            "c": rng.integers(0, 3, n),
        }
    )


def test_hand_example():
    # Five applications: replies on days 1, 2 and 3; two still silent at days 2 and 4.
    frame = pd.DataFrame({"t": [1, 2, 2, 3, 4], "e": [1, 1, 0, 1, 0]})
    curve = kaplan_meier(frame, duration="t", event="e")
    assert curve["day"].tolist() == [1, 2, 3, 4]
    assert curve["at_risk"].tolist() == [5, 4, 2, 1]
    assert curve["survival"].tolist() == pytest.approx([4 / 5, 4 / 5 * 3 / 4, 4 / 5 * 3 / 4 * 1 / 2, 0.3])
    # Greenwood by hand at day 2: S^2 * (1/(5*4) + 1/(4*3)).
    assert curve["se"].iloc[1] == pytest.approx(0.6 * np.sqrt(1 / 20 + 1 / 12))
    assert curve["censored"].tolist() == [0, 1, 0, 1]


@pytest.mark.parametrize("seed", range(8))
def test_kaplan_meier_matches_statsmodels(seed):
    frame = random_frame(seed)
    curve = kaplan_meier(frame, duration="t", event="e", by=["g"])
    for group, sub in frame.groupby("g"):
        with np.errstate(all="ignore"):
            reference = SurvfuncRight(sub["t"].to_numpy(), sub["e"].astype(int).to_numpy())
        mine = curve.loc[(curve["g"] == group) & (curve["events"] > 0)]
        np.testing.assert_allclose(mine["survival"], reference.surv_prob)
        np.testing.assert_allclose(mine["se"], reference.surv_prob_se)
        np.testing.assert_array_equal(mine["at_risk"], reference.n_risk)
        np.testing.assert_array_equal(mine["day"], reference.surv_times)


@pytest.mark.parametrize("seed", range(8))
def test_quantiles_and_their_intervals_match_statsmodels(seed):
    frame = random_frame(seed)
    table = quantiles(kaplan_meier(frame, duration="t", event="e", by=["g"]), by=["g"])
    for group, sub in frame.groupby("g"):
        with np.errstate(all="ignore"):
            reference = SurvfuncRight(sub["t"].to_numpy(), sub["e"].astype(int).to_numpy())
            expected = {p: (reference.quantile(p), *reference.quantile_ci(p)) for p in (0.25, 0.5, 0.75)}
        for p, values in expected.items():
            row = table.loc[(table["g"] == group) & (table["p"] == p)].iloc[0]
            np.testing.assert_array_equal([row["day"], row["ci_low"], row["ci_high"]], values)


def test_pointwise_interval_is_the_cloglog_band():
    frame = pd.DataFrame({"t": [1, 2, 2, 3, 4, 5, 6], "e": [1, 1, 0, 1, 0, 1, 0]})
    row = kaplan_meier(frame, duration="t", event="e").iloc[2]
    s, se = row["survival"], row["se"]
    sd = se / (s * abs(np.log(s)))
    assert row["ci_low"] == pytest.approx(s ** np.exp(1.959963984540054 * sd))
    assert row["ci_high"] == pytest.approx(s ** np.exp(-1.959963984540054 * sd))
    assert 0 <= row["ci_low"] < s < row["ci_high"] <= 1


def test_no_events_and_all_events():
    silent = kaplan_meier(pd.DataFrame({"t": [3, 5, 5], "e": [0, 0, 0]}), duration="t", event="e")
    assert silent["survival"].tolist() == [1.0, 1.0] and silent["ci_low"].tolist() == [1.0, 1.0]
    same_day = kaplan_meier(pd.DataFrame({"t": [0, 0, 0], "e": [1, 1, 1]}), duration="t", event="e")
    assert same_day["survival"].tolist() == [0.0] and same_day["se"].isna().all()
    assert quantiles(same_day)["day"].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("seed", range(8))
def test_cumulative_incidence_matches_statsmodels(seed):
    frame = random_frame(seed)
    table = cumulative_incidence(frame, duration="t", cause="c", causes=2, by=["g"])
    for group, sub in frame.groupby("g"):
        if not (sub["c"] > 0).any():
            continue
        with np.errstate(all="ignore"):
            reference = CumIncidenceRight(sub["t"].to_numpy(), sub["c"].to_numpy())
        for k in (1, 2):
            mine = table.loc[(table["g"] == group) & (table["cause"] == k)]
            np.testing.assert_allclose(mine["incidence"], reference.cinc[k - 1])
            np.testing.assert_allclose(mine["se"], reference.cinc_se[k - 1])


def test_incidences_add_up_to_one_minus_kaplan_meier_of_any_ending():
    frame = random_frame(3)
    both = cumulative_incidence(frame, duration="t", cause="c", causes=2)
    total = both.groupby("day")["incidence"].sum()
    curve = kaplan_meier(frame.assign(e=frame["c"] > 0), duration="t", event="e").set_index("day")
    np.testing.assert_allclose(total, 1 - curve["survival"])
