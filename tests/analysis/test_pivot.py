"""The pivot engine: the SPRT's numbers by hand, the verdicts, the diagnosis and the words."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta as beta_dist

from jobsearch_analysis import load_sample, recommend
from jobsearch_analysis.analysis.pivot import sprt_bounds, sprt_steps

from ..conftest import SAMPLE_AS_OF
from .test_rates_and_timing import log

AS_OF = pd.Timestamp("2026-12-31")


def job_board_log(hits_at: list[int], n: int, *, start="2026-01-05", recent: int = 0) -> pd.DataFrame:
    """``n`` matured job-board applications one a day (hits at the given positions), plus ``recent`` ones."""
    rows = []
    for i in range(n):
        applied = pd.Timestamp(start) + pd.Timedelta(days=i)
        if i in hits_at:
            reply = applied + pd.Timedelta(days=5)
            rows.append((str(applied.date()), str(reply.date()), "screen", "open", None, "job_board"))
        else:
            rows.append((str(applied.date()), None, "applied", "open", None, "job_board"))
    for i in range(recent):
        applied = AS_OF - pd.Timedelta(days=i % 5)
        rows.append((str(applied.date()), None, "applied", "open", None, "job_board"))
    return log(rows)


def test_wald_numbers_from_the_domain_notes():
    # Target 6 %, failing 2 %, alpha 5 %, beta 20 %: pivot after 67 silent applications, or 94 with one reply.
    lower, upper = sprt_bounds(0.05, 0.20)
    hit, miss = sprt_steps(0.06)
    assert upper == pytest.approx(np.log(16)) and lower == pytest.approx(np.log(0.2 / 0.95))
    assert int(np.ceil(upper / miss)) == 67
    assert int(np.ceil((upper - hit) / miss)) + 1 == 94


def test_the_engine_reaches_those_numbers():
    wald = {"alpha": 0.05, "beta": 0.20}
    silent = recommend(job_board_log([], 80), by="channel", target=0.06, **wald, as_of=AS_OF)
    assert silent.loc[0, "verdict"] == "pivot" and silent.loc[0, "decided_after"] == 67
    one = recommend(job_board_log([10], 100), by="channel", target=0.06, **wald, as_of=AS_OF)
    assert one.loc[0, "verdict"] == "pivot" and one.loc[0, "decided_after"] == 94
    # The engine's own, stricter pivot boundary (alpha 3 %) takes log(0.8 / 0.03) / log(0.98 / 0.94) = 79.
    assert recommend(job_board_log([], 90), by="channel", target=0.06, as_of=AS_OF).loc[0, "decided_after"] == 79
    early = recommend(job_board_log([], 40), by="channel", target=0.06, as_of=AS_OF).iloc[0]
    assert early["verdict"] == "too_early" and early["applications_to_decide"] > 0


def test_a_burst_of_recent_applications_never_triggers_a_pivot():
    burst = recommend(job_board_log([3, 20], 40, recent=200), by="channel", target=0.06, as_of=AS_OF).iloc[0]
    assert burst["matured"] == 40 and burst["applications"] == 240
    assert burst["verdict"] == "too_early"


def test_working_strategy_keeps_going_and_posterior_by_hand():
    hits = list(range(0, 60, 5))  # 12 positive replies from 60: 20 % against a target of 8 %
    row = recommend(job_board_log(hits, 60), by="channel", as_of=AS_OF).iloc[0]
    assert row["target"] == pytest.approx(0.08) and row["verdict"] == "keep_going"
    expected = beta_dist.cdf(0.08, 2 * 0.08 + 12, 2 * 0.92 + 48)
    assert row["prob_below_target"] == pytest.approx(expected)
    assert "keep going" in row["explanation"]


def test_too_early_with_nothing_matured():
    row = recommend(job_board_log([], 0, recent=12), by="channel", as_of=AS_OF).iloc[0]
    assert row["matured"] == 0 and row["verdict"] == "too_early"
    assert "too early to tell" in row["explanation"]


def test_target_mapping_and_validation():
    apps = job_board_log([], 30)
    assert recommend(apps, by="channel", target={"job_board": 0.2}, as_of=AS_OF).loc[0, "target"] == 0.2
    with pytest.raises(ValueError, match="between 0 and 1"):
        recommend(apps, by="channel", target=1.5, as_of=AS_OF)
    with pytest.raises(ValueError, match="no such column"):
        recommend(apps, by="colour", as_of=AS_OF)


def test_sample_recommendations_read_well():
    table = recommend(load_sample().applications, as_of=SAMPLE_AS_OF)
    assert set(table["verdict"]) <= {"pivot", "keep_going", "too_early"}
    assert {"channel", "role_family", "resume_version", "channel × role_family"} >= set(table["dimension"])
    job_board = table.loc[table["segment"] == "channel: job boards"].iloc[0]
    assert job_board["verdict"] == "pivot"
    text = job_board["explanation"]
    assert text.startswith("Applications through job boards: ") and "applications old enough to judge" in text
    assert "95 % CI" in text and "time to pivot" in text
    assert all(isinstance(a, list) for a in table["actions"])
    assert any("Evidence:" in action for action in job_board["actions"])
    # Six months into the search the long-search advice appears, citing the audit studies.
    assert not any("6 months" in action for action in job_board["actions"])  # 5.9 months on the as-of date
    later = recommend(load_sample().applications, as_of="2026-12-15")
    assert any("6 months" in action for action in later.loc[0, "actions"])


def test_the_guide_quotes_the_sample_as_it_is():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "job-seekers.md").read_text(encoding="utf-8")
    start = guide.index("> Applications through job boards:")
    quoted = " ".join(line.removeprefix("> ") for line in guide[start:].split("\n\n")[0].splitlines())
    assert quoted == recommend(load_sample().applications, as_of=SAMPLE_AS_OF).loc[0, "explanation"]


def test_in_brief_is_one_row_per_channel_with_the_first_step_of_a_pivot():
    from jobsearch_analysis.present.advice import in_brief

    advice = recommend(load_sample().applications, as_of=SAMPLE_AS_OF)
    brief = in_brief(advice)
    channels = advice.loc[advice["dimension"] == "channel"]
    assert brief["segment"].tolist() == channels["segment"].tolist()
    pivots = brief["verdict"] == "pivot"
    assert pivots.any() and (brief.loc[~pivots, "first_step"] == "").all()
    assert brief.loc[pivots, "first_step"].tolist() == [
        a[0] for a in channels.loc[channels["verdict"] == "pivot", "actions"]
    ]
    only_roles = in_brief(recommend(load_sample().applications, by="role_family", as_of=SAMPLE_AS_OF))
    assert only_roles["segment"].str.startswith("role family: ").all()
    assert in_brief(advice.iloc[0:0]).empty
