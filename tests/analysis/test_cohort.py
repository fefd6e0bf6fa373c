"""Cohort outcomes: time to employment with left truncation, competing exits, rates and funnels across clients,
and triage; against hand computations and statsmodels."""

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import beta as beta_dist
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from jobsearch_analysis.analysis.cohort import (
    client_funnel,
    client_rates,
    client_times,
    exit_curves,
    exit_incidence,
    exit_summary,
    exits_compared,
    time_to_employment,
    triage_list,
)
from jobsearch_analysis.analysis.cohort import triage as triage_numbers
from jobsearch_analysis.analysis.metrics import reply_window
from jobsearch_analysis.analysis.pivot import ALPHA, DECISION_WINDOW
from jobsearch_analysis.analysis.survival import kaplan_meier
from jobsearch_analysis.ingest.clients import load_clients
from jobsearch_analysis.notes import Note, NoteCode
from jobsearch_analysis.present.cohort_report import evidence_strength, note_words, triage_in_words
from jobsearch_analysis.privacy import suppression_note
from jobsearch_analysis.samples import sample_path
from jobsearch_analysis.schema import (
    CHANNEL_DTYPE,
    DATE_DTYPE,
    EMPLOYED,
    EXIT_DTYPE,
    EXIT_REASONS,
    OUTCOME_DTYPE,
    STAGE_DTYPE,
    TEXT_COLUMNS,
    Clients,
    validate,
)
from jobsearch_analysis.simulate import simulate_cohort
from tests.analysis.test_pivot import path_by_hand

Z = 1.959963984540054
BASE = pd.Timestamp("2025-01-06")
AS_OF = pd.Timestamp("2026-11-02")


# ----------------------------------------------------------------------------------------------- builders
def triage(*args, **kwargs) -> pd.DataFrame:
    """Triage in words; the caseload fixtures below are built against a job-board target of 8 % (the top of its
    published range), unless a test says otherwise."""
    kwargs.setdefault("target", CASELOAD_TARGET)
    return triage_in_words(triage_numbers(*args, **kwargs))


def on(day: float | None) -> pd.Timestamp | None:
    return None if day is None or pd.isna(day) else BASE + pd.Timedelta(days=int(day))


def clients_table(rows: list[tuple], program: list[str | None] | None = None) -> pd.DataFrame:
    """A valid Clients table from (client_id, start, intake, exit, exit_reason, last_contact), days after BASE."""
    frame = pd.DataFrame(rows, columns=["client_id", "start", "intake", "exit", "exit_reason", "contact"])

    def dates(column: str) -> pd.Series:
        return pd.Series([on(d) for d in frame[column]], dtype="datetime64[ns]").astype(DATE_DTYPE)

    table = pd.DataFrame(
        {
            "client_id": frame["client_id"].astype("str"),
            "search_start": dates("start"),
            "exited_on": dates("exit"),
            "exit_reason": pd.Categorical(frame["exit_reason"], dtype=EXIT_DTYPE),
            "last_contact_on": dates("contact"),
            "intake": dates("intake"),
            "program": pd.Series(program if program is not None else ["coaching"] * len(frame), dtype="str"),
            "counsellor": pd.Series(["team A"] * len(frame), dtype="str"),
            "source_file": "clients.csv",
            "source_row": np.arange(2, len(frame) + 2, dtype=np.int64),
        }
    )
    Clients.validate(table)
    return table


def applications(rows: list[tuple], as_of: pd.Timestamp = AS_OF) -> pd.DataFrame:
    """A valid canonical applications table from (client_id, channel, applied_on, furthest_stage, reply_on).

    A reply at the screen or beyond dates every stage reached; a reply with the stage still "applied" is a
    rejection; a hired application has that day as its outcome date."""
    frame = pd.DataFrame(rows, columns=["client_id", "channel", "applied_on", "furthest_stage", "reply_on"])
    n = len(frame)

    def dates(column: str) -> pd.Series:
        return pd.Series(pd.to_datetime(frame[column].tolist()), dtype="datetime64[ns]").astype(DATE_DTYPE)

    reply = dates("reply_on")
    stage = pd.Series(pd.Categorical(frame["furthest_stage"], dtype=STAGE_DTYPE))
    outcome = np.where(stage == "hired", "hired", np.where(reply.notna(), "rejected", "open"))
    out = pd.DataFrame(
        {
            "application_id": [f"a{i}" for i in range(n)],
            "client_id": frame["client_id"],
            "company": [f"Company {i}" for i in range(n)],
            "job_title": None,
            "role_family": None,
            "industry": None,
            "location": None,
            "channel": pd.Categorical(frame["channel"], dtype=CHANNEL_DTYPE),
            "resume_version": None,
            "cover_letter": pd.array([None] * n, dtype="boolean"),
            "applied_on": dates("applied_on"),
            "first_response_on": reply,
            "screen_on": reply.where(stage >= "screen"),
            "interview_on": reply.where(stage >= "interview"),
            "offer_on": reply.where(stage >= "offer"),
            "furthest_stage": stage,
            "outcome": pd.Categorical(outcome, dtype=OUTCOME_DTYPE),
            "outcome_on": reply.where(pd.Series(outcome != "open")),
            "feedback_requested": pd.array([None] * n, dtype="boolean"),
            "feedback_received": pd.array([None] * n, dtype="boolean"),
            "interest": pd.array([None] * n, dtype="Int64"),
            "notes": None,
            "outcome_recorded": True,
            "source_file": "log.csv",
            "source_row": np.arange(2, n + 2, dtype=np.int64),
        }
    )
    out = out.astype(dict.fromkeys((*TEXT_COLUMNS, "source_file"), "str"))
    validate(out, as_of=as_of)
    return out


def random_clients(seed: int, *, late_share: float = 0.35) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """A random caseload and, computed apart from the library, what statsmodels needs: time, employed status,
    exit cause (0 still searching, 1.. the reason's position + 1) and entry (0 when not joined late)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 150))
    start = rng.integers(0, 200, n)
    duration = rng.integers(2, 220, n)  # whole days, > 0 so day 0 needs no convention; many ties
    late = rng.random(n) < late_share
    entry = np.where(late, rng.integers(1, duration), 0)
    exited = rng.random(n) < 0.7
    reason = rng.choice(list(EXIT_REASONS), n)
    earlier = rng.integers(0, 30, n) * (rng.random(n) < 0.2)  # some came to the service before searching
    rows = []
    for i in range(n):
        intake = start[i] + entry[i] if late[i] else start[i] - earlier[i]
        end = start[i] + duration[i]
        if exited[i]:  # the last contact falls somewhere between the intake and the exit
            contact = end - int(rng.integers(0, duration[i] - entry[i] + 1))
            rows.append((f"C{i:03d}", start[i], intake, end, reason[i], max(contact, start[i] + entry[i])))
        else:
            rows.append((f"C{i:03d}", start[i], intake, None, None, end))
    status = (exited & np.isin(reason, EMPLOYED)).astype(int)
    cause = np.where(exited, [EXIT_REASONS.index(r) + 1 for r in reason], 0)
    return clients_table(rows), {"time": duration, "status": status, "cause": cause, "entry": entry}


def step_value(times: np.ndarray, values: np.ndarray, day: float, start: float = 1.0) -> float:
    """A right-continuous step function's value on ``day`` (``start`` before its first step)."""
    before = np.flatnonzero(times <= day)
    return float(values[before[-1]]) if len(before) else start


def cloglog(s: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pointwise 95 % interval of a survival probability on the complementary log-log scale."""
    with np.errstate(all="ignore"):
        sd = se / (s * np.abs(np.log(s)))
        low, high = s ** np.exp(Z * sd), s ** np.exp(-Z * sd)
    return np.where(s >= 1, 1.0, low), np.where(s >= 1, 1.0, high)


# ----------------------------------------------------------------------------------------------- client_times
def test_client_times_by_hand():
    table = clients_table(
        [
            ("a", 0, 0, 40, "employed_part_time", 35),  # employed on day 40
            ("b", 10, 40, None, None, 100),  # joined on day 30 of the search, still searching on day 90
            ("c", 0, -20, 50, "training", 50),  # came to the service before searching: not truncated
            ("d", 0, 60, 60, "other", 60),  # left on the day of the intake: never followed
        ]
    )
    times = client_times(table).set_index(table["client_id"])
    assert times["days"].to_dict() == {"a": 40, "b": 90, "c": 50, "d": 60}
    assert times["employed"].to_dict() == {"a": 1, "b": 0, "c": 0, "d": 0}
    assert times["cause"].to_dict() == {"a": 2, "b": 0, "c": 4, "d": 5}  # 1 + the position in EXIT_REASONS
    assert times["entry"].to_dict() == {"a": -1, "b": 30, "c": -1, "d": 60}
    assert times["joined_late"].to_dict() == {"a": False, "b": True, "c": False, "d": True}
    assert times["followed"].to_dict() == {"a": True, "b": True, "c": True, "d": False}
    assert times["other_exit"].to_dict() == {"a": False, "b": False, "c": True, "d": True}
    assert times["searching"].to_dict() == {"a": False, "b": True, "c": False, "d": False}
    # Only full-time work as the event: the part-time job becomes an other exit.
    narrow = client_times(table, event=("employed_full_time",))
    assert narrow["employed"].tolist() == [0, 0, 0, 0] and narrow["other_exit"].tolist() == [True, False, True, True]


# ----------------------------------------------------------------------------------------------- time to employment
FIVE = [
    ("A", 0, 0, 10, "employed_full_time", 10),
    ("B", 0, 0, 30, "training", 30),
    ("C", 0, 20, 40, "employed_part_time", 40),
    ("D", 0, 15, 25, "self_employed", 25),
    ("E", 0, 0, 50, "employed_full_time", 50),
]


def aalen_johansen(time, cause, entry, wanted) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A reference written from the definition, one day at a time: the days on which anyone's follow-up ended,
    the risk set then (entry < t <= time) and the cumulative incidence of the causes in ``wanted``."""
    time, cause, entry = (np.asarray(a) for a in (time, cause, entry))
    days = np.unique(time)
    survival, incidence, at_risk, out = 1.0, 0.0, [], []
    for t in days:
        n = int(((entry < t) & (time >= t)).sum())
        ended = time == t
        d_all = int((ended & (cause > 0)).sum())
        d = int((ended & np.isin(cause, wanted)).sum())
        incidence += survival * d / n
        survival *= 1 - d_all / n
        at_risk.append(n)
        out.append(incidence)
    return days, np.array(at_risk), np.array(out)


def test_left_truncation_and_competing_exits_by_hand():
    # At risk on day t: entry < t <= end. C joined on day 20, D on day 15. S is the chance of still searching.
    #   day 10: A, B, E at risk (C and D not yet seen): A employed         F = 1 * 1/3 = 1/3,          S = 2/3
    #   day 25: B, C, D, E at risk: D self-employed                         F = 1/3 + 2/3 * 1/4 = 1/2,  S = 1/2
    #   day 30: B, C, E at risk: B leaves for training (a competing exit)   F = 1/2,                    S = 1/3
    #   day 40: C, E at risk: C part time                                   F = 1/2 + 1/3 * 1/2 = 2/3,  S = 1/6
    #   day 50: E at risk: employed                                         F = 2/3 + 1/6 = 5/6,        S = 0
    result = time_to_employment(clients_table(FIVE), min_clients=1)
    curve = result.curve
    assert curve["day"].tolist() == [10, 25, 30, 40, 50]
    assert curve["at_risk"].tolist() == [3, 4, 3, 2, 1]
    assert curve["events"].tolist() == [1, 1, 0, 1, 1]
    assert curve["other_exits"].tolist() == [0, 0, 1, 0, 0]
    assert curve["censored"].tolist() == [0, 0, 0, 0, 0]
    assert curve["employed"].tolist() == pytest.approx([1 / 3, 1 / 2, 1 / 2, 2 / 3, 5 / 6])
    summary = result.summary.iloc[0]
    assert summary["clients"] == 5 and summary["employed"] == 4 and summary["other_exits"] == 1
    assert summary["searching"] == 0 and summary["joined_late"] == 2 and summary["not_followed"] == 0
    assert summary["from_day"] == 0
    # The day by which a quarter, half, three quarters had found work: the first day the share reaches it.
    assert (summary["q25_days"], summary["median_days"], summary["q75_days"]) == (10, 25, 50)
    assert summary["employed_by_91"] == pytest.approx(5 / 6)


def test_one_minus_kaplan_meier_would_overstate_employment():
    # The shortcut censors B at the training exit as if B could still have found work: 1 - S_KM reaches
    # 3/4 on day 40 and 1 on day 50, against 2/3 and 5/6 above; exits_compared sets the two side by side.
    frame = client_times(clients_table(FIVE))
    shortcut = kaplan_meier(frame.loc[frame["followed"]], duration="days", event="employed", entry="entry")
    assert (1 - shortcut["survival"]).tolist() == pytest.approx([1 / 3, 1 / 2, 1 / 2, 3 / 4, 1])
    compared = exits_compared(clients_table(FIVE), day=60, min_clients=1).set_index("exit")
    assert compared.loc["training", "incidence"] == pytest.approx(1 / 6)
    assert compared.loc["training", "one_minus_km"] == pytest.approx(1 / 3)  # 1 - (1 - 1/3)
    assert compared.loc["any", "incidence"] == pytest.approx(1.0)
    assert compared.loc[list(EXIT_REASONS), "incidence"].sum() == pytest.approx(1.0)
    assert compared.loc[list(EXIT_REASONS), "one_minus_km"].sum() > 1.0


def test_counting_late_comers_from_day_0_is_what_truncation_corrects():
    # Counting C and D from day 0 credits the service with days they searched before coming:
    #   day 10: 5 at risk, A employed: F = 1/5; S = 4/5; day 25: 4 at risk, D: F = 1/5 + 4/5 * 1/4 = 2/5 ...
    naive = [(cid, start, start, end, why, contact) for cid, start, _, end, why, contact in FIVE]
    wrong = time_to_employment(clients_table(naive), min_clients=1).curve
    right = time_to_employment(clients_table(FIVE), min_clients=1).curve
    assert wrong["at_risk"].tolist() == [5, 4, 3, 2, 1]
    assert wrong["employed"].iloc[:2].tolist() == pytest.approx([1 / 5, 2 / 5])
    assert (wrong["employed"] < right["employed"] - 1e-9).iloc[:2].all()


def test_a_client_who_left_on_the_intake_day_is_counted_but_never_at_risk():
    gone = [*FIVE, ("F", 0, 35, 35, "employed_full_time", 35)]
    result = time_to_employment(clients_table(gone), min_clients=1)
    reference = time_to_employment(clients_table(FIVE), min_clients=1)
    pd.testing.assert_frame_equal(result.curve, reference.curve)
    summary = result.summary.iloc[0]
    assert summary["clients"] == 6 and summary["not_followed"] == 1 and summary["joined_late"] == 3
    assert summary["employed"] == 5  # counted as employed, but not in the curve (no time at risk was seen)


@pytest.mark.parametrize("seed", range(4))
def test_time_to_employment_matches_statsmodels_without_late_entry(seed):
    table, ref = random_clients(seed, late_share=0.0)
    result = time_to_employment(table, min_clients=1)
    employed = np.where(ref["cause"] == 0, 0, np.where(ref["status"] == 1, 1, 2))  # 1 work, 2 another exit
    with np.errstate(all="ignore"):
        reference = CumIncidenceRight(ref["time"], employed)
    curve = result.curve
    np.testing.assert_array_equal(curve["day"], reference.times)
    np.testing.assert_allclose(curve["employed"], reference.cinc[0])
    np.testing.assert_allclose(curve["se"], reference.cinc_se[0])
    np.testing.assert_array_equal(curve["at_risk"], [(ref["time"] >= t).sum() for t in reference.times])
    summary = result.summary.iloc[0]
    for horizon in (91, 182):
        expected = step_value(reference.times, reference.cinc[0], horizon, start=0.0)
        assert summary[f"employed_by_{horizon}"] == pytest.approx(expected)
    assert summary["employed"] == int(ref["status"].sum())


@pytest.mark.parametrize("seed", range(4))
def test_time_to_employment_with_late_entry_matches_the_definition(seed):
    table, ref = random_clients(seed)
    curve = time_to_employment(table, min_clients=1).curve
    joined = np.where(ref["entry"] > 0, ref["entry"], -1)
    followed = joined < ref["time"]
    days, at_risk, expected = aalen_johansen(
        ref["time"][followed], ref["cause"][followed], joined[followed], [EXIT_REASONS.index(r) + 1 for r in EMPLOYED]
    )
    np.testing.assert_array_equal(curve["day"], days)
    np.testing.assert_array_equal(curve["at_risk"], at_risk)
    np.testing.assert_allclose(curve["employed"], expected)


def test_with_no_other_exits_the_share_employed_is_one_minus_kaplan_meier_with_late_entry():
    table, ref = random_clients(3)
    only_work = table.loc[~table["exit_reason"].isin(["training", "other"])].reset_index(drop=True)
    keep = ~np.isin(ref["cause"], [EXIT_REASONS.index("training") + 1, EXIT_REASONS.index("other") + 1])
    result = time_to_employment(only_work, min_clients=1)
    with np.errstate(all="ignore"):
        sf = SurvfuncRight(ref["time"][keep], ref["status"][keep], entry=ref["entry"][keep])
    events = result.curve.loc[result.curve["events"] > 0]
    np.testing.assert_array_equal(events["day"], sf.surv_times)
    np.testing.assert_array_equal(events["at_risk"], sf.n_risk)
    np.testing.assert_allclose(events["employed"], 1 - sf.surv_prob, atol=1e-12)


def test_the_share_employed_is_the_sum_of_the_three_kinds_of_work():
    table, _ = random_clients(5)
    for min_clients in (1, 5):
        employed = time_to_employment(table, min_clients=min_clients).summary.iloc[0]
        exits = exit_summary(table, min_clients=min_clients).set_index("exit")
        for horizon in (91, 182):
            parts = exits.loc[list(EMPLOYED), f"within_{horizon}"].sum()
            assert exits.loc["employed", f"within_{horizon}"] == pytest.approx(parts)
            assert employed[f"employed_by_{horizon}"] == pytest.approx(parts)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(1, 60), st.integers(0, 59), st.booleans()),
        min_size=1,
        max_size=40,
    )
)
def test_kaplan_meier_with_late_entry_equals_statsmodels_on_any_data(subjects):
    # Our convention: entry -1 = observed from day 0; statsmodels': entry 0 (durations are > 0, so they agree).
    time = np.array([d for d, _, _ in subjects])
    joined = np.array([j if j < d else 0 for d, j, _ in subjects])
    status = np.array([int(e) for _, _, e in subjects])
    frame = pd.DataFrame({"t": time, "e": status, "entry": np.where(joined > 0, joined, -1)})
    curve = kaplan_meier(frame, duration="t", event="e", entry="entry")
    events = curve.loc[curve["events"] > 0]
    if not status.any():
        assert curve["survival"].eq(1).all()
        return
    with np.errstate(all="ignore"):
        sf = SurvfuncRight(time.astype(float), status, entry=joined.astype(float))
    np.testing.assert_array_equal(events["day"], sf.surv_times)
    np.testing.assert_array_equal(events["at_risk"], sf.n_risk)
    np.testing.assert_array_equal(events["events"], sf.n_events)
    # Where everyone at risk had the event the survival is exactly 0; statsmodels' sum of clipped logs gives 5e-17.
    np.testing.assert_allclose(events["survival"], sf.surv_prob, atol=1e-12)
    alive = sf.surv_prob > 1e-12
    np.testing.assert_allclose(events["se"].to_numpy()[alive], sf.surv_prob_se[alive])


def test_the_share_stays_put_when_late_entrants_arrive_after_everyone_seen_had_left():
    # A, followed from day 0, is employed on day 10 while nobody else is yet seen: everyone seen has left.
    # B and C join on day 20; B is employed on day 30. The product is 0 from day 10 on, so nothing more is added.
    table = clients_table(
        [
            ("A", 0, 0, 10, "employed_full_time", 10),
            ("B", 0, 20, 30, "employed_full_time", 30),
            ("C", 0, 20, None, None, 40),
        ]
    )
    result = time_to_employment(table, min_clients=1)
    assert result.curve["at_risk"].tolist() == [1, 2, 1]
    np.testing.assert_allclose(result.curve["employed"], [1, 1, 1])
    assert result.summary["employed_by_91"].iloc[0] == 1.0


def test_when_every_client_came_mid_search_the_figures_say_from_when():
    late = [(f"c{i}", 0, 30 + i, 60 + 10 * i, "employed_full_time", 60 + 10 * i) for i in range(30)]
    result = time_to_employment(clients_table(late), min_clients=1)
    summary = result.summary.iloc[0]
    assert summary["from_day"] == 30  # the first client came 30 days into their search
    assert Note(NoteCode.NO_CLIENT_FROM_START) in result.notes
    # Publishing: nobody was followed from day 0, so the curve starts once 5 are: the fifth came on day 34,
    # in week 5 (days 29-35); the figures are for clients still searching at the end of week 4, day 28.
    published = time_to_employment(clients_table(late), min_clients=5)
    assert published.summary["from_day"].iloc[0] == 28
    assert Note(NoteCode.CURVES_START_LATE, min_clients=5) in published.notes
    assert "Fewer than 5 clients were followed from the first day" in note_words(published.notes[0])
    daily = time_to_employment(clients_table(late), min_clients=5, step_days=1)
    assert daily.summary["from_day"].iloc[0] == 34


def test_event_option_counts_only_the_chosen_exits():
    result = time_to_employment(clients_table(FIVE), event=("employed_full_time",), min_clients=1)
    # C (part time) and D (self-employed) now compete: day 10: 1/3; day 25: D leaves, F stays 1/3, S = 1/2;
    # day 30, 40: B and C leave; day 50: E employed with S(49) = 1/2 * 2/3 * 1/2 = 1/6: F = 1/3 + 1/6 = 1/2.
    curve = result.curve.set_index("day")
    assert curve.loc[10, "employed"] == pytest.approx(1 / 3)
    assert curve.loc[25, "events"] == 0 and curve.loc[25, "other_exits"] == 1
    assert curve.loc[50, "employed"] == pytest.approx(1 / 2)
    summary = result.summary.iloc[0]
    assert summary["employed"] == 2 and summary["other_exits"] == 3


def test_unknown_event_and_segment_are_refused():
    table = clients_table(FIVE)
    with pytest.raises(ValueError, match="'hired' is not an exit reason"):
        time_to_employment(table, event=("hired",))
    with pytest.raises(ValueError, match="by='region': no such column"):
        time_to_employment(table, by="region")
    with pytest.raises(ValueError, match="by='region'"):
        exit_incidence(table, by="region")


def test_segments_get_their_own_curves():
    table = clients_table(
        FIVE + [(f"x{i}", 0, 0, 5 * (i + 1), "employed_full_time", 5 * (i + 1)) for i in range(3)],
        program=["one"] * 5 + ["two"] * 3,
    )
    result = time_to_employment(table, by="program", min_clients=1)
    alone = time_to_employment(clients_table(FIVE), min_clients=1).curve
    one = result.curve.loc[result.curve["program"] == "one"].drop(columns="program").reset_index(drop=True)
    pd.testing.assert_frame_equal(one, alone)
    two = result.curve.loc[result.curve["program"] == "two"]
    assert two["employed"].tolist() == pytest.approx([1 / 3, 2 / 3, 1])
    assert result.summary["program"].tolist() == ["one", "two"]
    assert result.summary["clients"].tolist() == [5, 3]


def test_an_interval_where_nobody_has_found_work_yet_is_not_zero_to_zero():
    searching = [(f"s{i}", 0, 0, None, None, 120) for i in range(20)]
    summary = time_to_employment(clients_table(searching), min_clients=1).summary.iloc[0]
    assert summary["employed_by_91"] == 0
    assert summary["employed_by_91_ci_low"] == 0
    assert summary["employed_by_91_ci_high"] == pytest.approx(1 - 0.025 ** (1 / 20))  # exact binomial, 0 of 20


def test_sample_caseload_matches_statsmodels_for_the_clients_followed_from_the_start():
    table = load_clients(sample_path("cohort_clients"), as_of="2026-11-02").clients
    from_start = table.loc[~(table["intake"] > table["search_start"])].reset_index(drop=True)
    result = exit_incidence(from_start, min_clients=1)
    time = (from_start["exited_on"].fillna(from_start["last_contact_on"]) - from_start["search_start"]).dt.days
    cause = client_times(from_start)["cause"].to_numpy()
    with np.errstate(all="ignore"):
        reference = CumIncidenceRight(time.to_numpy(), cause)
    for k, reason in enumerate(EXIT_REASONS):
        mine = result.loc[result["exit_reason"] == reason]
        np.testing.assert_allclose(mine["incidence"], reference.cinc[k])


# ----------------------------------------------------------------------------------------------- publishing
def small_and_large() -> pd.DataFrame:
    """Programme "big": 30 clients employed on days 10, 20, ..., 300; "bigger": 36 employed on days 9, 18, ...,
    324; "tiny": 3 clients (curves need 25 clients when publishing with groups of 5)."""
    big = [(f"b{i}", 0, 0, 10 * (i + 1), "employed_full_time", 10 * (i + 1)) for i in range(30)]
    bigger = [(f"g{i}", 0, 0, 9 * (i + 1), "employed_full_time", 9 * (i + 1)) for i in range(36)]
    tiny = [(f"t{i}", 0, 0, 15 * (i + 1), "employed_full_time", 15 * (i + 1)) for i in range(3)]
    return clients_table(big + bigger + tiny, program=["big"] * 30 + ["bigger"] * 36 + ["tiny"] * 3)


def test_small_segment_is_hidden_and_said_so():
    result = time_to_employment(small_and_large(), by="program")
    summary = result.summary.set_index("program")
    assert summary.loc["bigger", "clients"] == 36 and summary.loc["bigger", "employed"] == 36
    assert not summary.loc["bigger", "suppressed"]
    assert summary.loc["tiny", "suppressed"]
    figures = summary.drop(columns="suppressed").loc["tiny"]
    assert figures.isna().all(), figures[figures.notna()]
    # The overall figures are shown elsewhere: overall - bigger would give tiny back, so the smallest other
    # programme (big, 30 clients) is hidden with it (complementary suppression).
    assert summary.loc["big", "suppressed"] and pd.isna(summary.loc["big", "clients"])
    assert set(result.curve["program"]) <= {"bigger"}
    assert Note(NoteCode.GROUPS_NOT_SHOWN, groups=1, min_clients=5) in result.notes
    assert Note(NoteCode.CELLS_HIDDEN, min_clients=5, rows=2, of_rows=3) in result.notes  # tiny and big
    # With min_clients=1 the same segment is shown.
    raw = time_to_employment(small_and_large(), by="program", min_clients=1)
    assert raw.summary.set_index("program").loc["tiny", "clients"] == 3
    assert not raw.summary["suppressed"].any() and raw.notes == ()


def test_published_curves_rest_on_weeks_and_rounded_counts():
    result = time_to_employment(small_and_large(), by="program")
    curve = result.curve
    assert (curve["day"] % 7 == 0).all()
    for column in ("at_risk", "events", "other_exits", "censored"):
        assert (curve[column] % 5 == 0).all(), column
    assert (curve["at_risk"] >= 5).all()
    # What an attacker would compute from consecutive rows gives back only multiples of five.
    for _, part in curve.groupby("program"):
        still = 1 - part["employed"]  # no other exits here: the share still searching
        before = still.shift(1, fill_value=1.0)
        derived = part["at_risk"] * (1 - still / before)
        np.testing.assert_allclose(derived / 5, np.round(derived / 5), atol=1e-9)
    assert Note(NoteCode.COUNTS_ROUNDED, rounding=5) in result.notes


def test_curve_stops_where_fewer_than_five_are_followed():
    result = time_to_employment(small_and_large(), by="program", step_days=1)
    bigger = result.curve.loc[result.curve["program"] == "bigger"]
    # 36 at risk on day 9, 35 on day 18, ..., 5 on day 288, 4 on day 297: the curve ends before day 297.
    assert 250 < bigger["day"].max() < 297
    assert result.summary.set_index("program").loc["bigger", "follow_up_days"] <= 296
    assert Note(NoteCode.CURVES_STOP, min_clients=5) in result.notes
    assert len(time_to_employment(small_and_large(), by="program", min_clients=1).curve) == 69


def test_a_group_too_small_for_a_rounded_curve_shows_its_counts_but_no_curve():
    twelve = [(f"a{i}", 0, 0, 10 * (i + 1), "employed_full_time", 10 * (i + 1)) for i in range(12)]
    result = time_to_employment(clients_table(twelve))
    summary = result.summary.iloc[0]
    assert summary["clients"] == 12 and summary["employed"] == 12 and not summary["curve_shown"]
    assert pd.isna(summary["employed_by_91"]) and pd.isna(summary["median_days"]) and result.curve.empty
    assert Note(NoteCode.CASELOAD_WITHOUT_CURVE, fewest=25, rounding=5) in result.notes
    exact = time_to_employment(clients_table(twelve), min_clients=1).summary.iloc[0]
    assert exact["curve_shown"] and exact["employed_by_91"] == pytest.approx(9 / 12)


def test_counts_of_one_to_four_clients_are_blanked_with_their_shares_but_zero_shows():
    employed = [(f"e{i}", 0, 0, 10 * (i + 1), "employed_full_time", 10 * (i + 1)) for i in range(8)]
    trained = [(f"t{i}", 0, 0, 12 * (i + 1), "training", 12 * (i + 1)) for i in range(2)]
    summary = time_to_employment(clients_table(employed + trained)).summary.iloc[0]
    assert summary["clients"] == 10
    assert pd.isna(summary["other_exits"])  # two clients left for training
    assert summary["searching"] == 0 and summary["joined_late"] == 0  # zero describes nobody
    # 10 - 0 - employed would give the two back: employed is hidden too (complementary suppression), and with
    # it every share and day read from the employment curve (a share of 10 is a count).
    assert pd.isna(summary["employed"])
    for column in ("median_days", "employed_by_91", "employed_by_182_ci_high", "q25_days"):
        assert pd.isna(summary[column]), column
    assert summary["suppressed"]


def test_a_programme_of_six_with_two_employed_shows_neither_the_two_nor_a_share_that_gives_them():
    six = [(f"p{i}", 0, 0, 20 * (i + 1), "employed_full_time", 20 * (i + 1)) for i in range(2)]
    six += [(f"q{i}", 0, 0, None, None, 300) for i in range(4)]
    rest = [(f"r{i}", 0, 0, 15 * (i + 1), "employed_full_time", 15 * (i + 1)) for i in range(12)]
    rest += [(f"s{i}", 0, 0, None, None, 300) for i in range(8)]
    table = clients_table(six + rest, program=["tiny"] * 6 + ["main"] * 20)
    result = time_to_employment(table, by="program")
    tiny = result.summary.set_index("program").loc["tiny"]
    assert tiny["clients"] == 6
    assert pd.isna(tiny["employed"]) and pd.isna(tiny["employed_by_182"]) and pd.isna(tiny["median_days"])
    assert "tiny" not in set(result.curve["program"])


def test_a_blanked_count_cannot_be_recovered_from_the_rest_of_its_row():
    employed = [(f"e{i}", 0, 0, 10 * (i + 1), "employed_full_time", 10 * (i + 1)) for i in range(10)]
    trained = [(f"t{i}", 0, 0, 12 * (i + 1), "training", 12 * (i + 1)) for i in range(8)]
    searching = [(f"s{i}", 0, 0, None, None, 200) for i in range(2)]
    summary = time_to_employment(clients_table(employed + trained + searching)).summary.iloc[0]
    assert pd.isna(summary["searching"])  # two clients: hidden
    shown = [summary[c] for c in ("clients", "employed", "other_exits")]
    recovered = None if any(pd.isna(v) for v in shown) else shown[0] - shown[1] - shown[2]
    assert recovered is None  # actually 20 - 10 - 8 = 2


# ----------------------------------------------------------------------------------------------- exits
@pytest.mark.parametrize("seed", range(4))
def test_exit_incidence_matches_statsmodels_without_late_intake(seed):
    table, ref = random_clients(seed, late_share=0.0)
    curves = exit_curves(table, min_clients=1)
    incidence = curves.incidence
    with np.errstate(all="ignore"):
        reference = CumIncidenceRight(ref["time"], ref["cause"])
    assert curves.notes == ()
    pd.testing.assert_frame_equal(incidence, exit_incidence(table, min_clients=1))
    for k, reason in enumerate(EXIT_REASONS):
        mine = incidence.loc[incidence["exit_reason"] == reason]
        if not (ref["cause"] == k + 1).any():
            assert (mine["incidence"] == 0).all()
            continue
        np.testing.assert_array_equal(mine["day"], reference.times)
        np.testing.assert_allclose(mine["incidence"], reference.cinc[k])
        # The interval is incidence -/+ 1.96 se (delta method), kept within [0, 1].
        se = reference.cinc_se[k]
        low, high = np.clip(reference.cinc[k] - Z * se, 0, None), np.clip(reference.cinc[k] + Z * se, None, 1)
        started = mine["incidence"].to_numpy() > 0  # before the first exit: the exact binomial bound instead
        np.testing.assert_allclose(mine["ci_low"].to_numpy()[started], low[started])
        np.testing.assert_allclose(mine["ci_high"].to_numpy()[started], high[started])
        ended = [((ref["time"] == t) & (ref["cause"] == k + 1)).sum() for t in reference.times]
        np.testing.assert_array_equal(mine["events"], ended)
        np.testing.assert_array_equal(mine["at_risk"], [(ref["time"] >= t).sum() for t in reference.times])


@pytest.mark.parametrize("late_share", [0.0, 0.4])
def test_incidences_add_up_to_the_share_who_left_at_all(late_share):
    table, ref = random_clients(11, late_share=late_share)
    incidence = exit_incidence(table, min_clients=1)
    total = incidence.groupby("day")["incidence"].sum()
    left = (ref["cause"] > 0).astype(int)
    with np.errstate(all="ignore"):
        any_exit = SurvfuncRight(ref["time"], left, entry=ref["entry"])
    expected = [1 - step_value(any_exit.surv_times, any_exit.surv_prob, day) for day in total.index]
    np.testing.assert_allclose(total.to_numpy(), expected)
    assert (incidence.groupby("exit_reason", observed=True)["incidence"].diff().dropna() >= -1e-12).all()


def test_exit_incidence_by_hand_with_a_late_entry():
    # FIVE again. Day 10: 3 at risk, A employed full time: F_ft = 1/3; S = 2/3.
    # Day 25: 4 at risk, D self-employed: F_self = S(24) * 1/4 = 2/3 * 1/4 = 1/6; S = 1/2.
    # Day 30: 3 at risk, B training: F_training = 1/2 * 1/3 = 1/6; S = 1/3.
    # Day 40: 2 at risk, C part time: F_pt = 1/3 * 1/2 = 1/6; S = 1/6. Day 50: E full time: F_ft = 1/3 + 1/6.
    table = exit_incidence(clients_table(FIVE), min_clients=1)
    final = table.groupby("exit_reason", observed=True)["incidence"].last()
    assert final.to_dict() == pytest.approx(
        {
            "employed_full_time": 1 / 2,
            "employed_part_time": 1 / 6,
            "self_employed": 1 / 6,
            "training": 1 / 6,
            "other": 0.0,
        }
    )
    at_risk = table.loc[table["exit_reason"] == "training"].set_index("day")["at_risk"]
    assert at_risk.to_dict() == {10: 3, 25: 4, 30: 3, 40: 2, 50: 1}


def test_exit_incidence_hides_small_groups_thin_tails_and_rare_reasons():
    curves = exit_curves(small_and_large(), by="program")
    table = curves.incidence
    # tiny (3 clients) is left out, and big with it: the programmes add up to the whole shown beside them, so
    # big's exits would give tiny's back (as in time_to_employment's table, where big is hidden too).
    assert set(table["program"]) == {"bigger"}
    assert table["at_risk"].min() >= 5 and (table["day"] % 7 == 0).all()
    assert Note(NoteCode.GROUPS_NOT_SHOWN, groups=1, min_clients=5) in curves.notes
    assert Note(NoteCode.CURVES_STOP, min_clients=5) in curves.notes
    raw = exit_curves(small_and_large(), by="program", min_clients=1)
    assert set(raw.incidence["program"]) == {"big", "bigger", "tiny"} and raw.notes == ()
    # Two clients left for training: that reason is not drawn, and the summary says "hidden" for it.
    employed = [(f"e{i}", 0, 0, 10 * (i + 1), "employed_full_time", 10 * (i + 1)) for i in range(30)]
    trained = [(f"t{i}", 0, 0, 12 * (i + 1), "training", 12 * (i + 1)) for i in range(2)]
    curves = exit_curves(clients_table(employed + trained))
    table = curves.incidence
    assert "training" not in set(table["exit_reason"])
    assert Note(NoteCode.EXIT_REASONS_HIDDEN, min_clients=5) in curves.notes
    assert set(table.loc[table["incidence"] > 0, "exit_reason"]) == {"employed_full_time"}
    summary = exit_summary(clients_table(employed + trained)).set_index("exit")
    assert summary.loc["training", "hidden"] and pd.isna(summary.loc["training", "within_91"])
    assert not summary.loc["employed_full_time", "hidden"]


# ----------------------------------------------------------------------------------------------- rates across clients
OLD = AS_OF - pd.Timedelta(days=100)


def caseload_rows(spec: dict[str, tuple[int, int, str]]) -> list[tuple]:
    """Each client: (applications, positive replies, channel); all sent 100-129 days ago, replies 5 days later."""
    rows = []
    for cid, (n, hits, channel) in spec.items():
        for i in range(n):
            applied = OLD - pd.Timedelta(days=i % 30)
            hit = i < hits
            reply = applied + pd.Timedelta(days=5) if hit else None
            rows.append((cid, channel, applied, "screen" if hit else "applied", reply))
    return rows


SPEC = {
    "H": (100, 10, "job_board"),  # the heavy applier: 10 %
    "A": (10, 5, "job_board"),  # 50 %
    "B": (10, 4, "referral"),  # 40 %
    "C": (8, 2, "job_board"),  # 25 %
    "D": (4, 1, "job_board"),  # 25 %
}


def test_client_rates_by_hand():
    rows = caseload_rows(SPEC)
    rows.append(("A", "job_board", AS_OF - pd.Timedelta(days=1), "applied", None))  # too young to judge
    apps = applications(rows)
    table = client_rates(apps, min_clients=1, as_of=AS_OF)
    assert len(table) == 1
    row = table.iloc[0]
    rates = np.array([0.10, 0.50, 0.40, 0.25, 0.25])
    assert row["window_days"] == reply_window(apps, kind="positive", as_of=AS_OF).days <= 30
    assert row["clients"] == 5 and row["applications"] == 132 and row["responses"] == 22
    assert row["client_mean"] == pytest.approx(0.30)  # (0.10 + 0.50 + 0.40 + 0.25 + 0.25) / 5
    assert row["client_median"] == pytest.approx(0.25)
    assert row["client_q25"] == pytest.approx(0.25) and row["client_q75"] == pytest.approx(0.40)
    low, high = DescrStatsW(rates).tconfint_mean()
    assert low > 0 and high < 1  # no clipping here
    assert (row["client_mean_ci_low"], row["client_mean_ci_high"]) == pytest.approx((low, high))
    # By hand: sd = sqrt((0.04 + 0.04 + 0.01 + 0.0025 + 0.0025) / 4), half width t(0.975, 4) * sd / sqrt(5).
    assert row["client_mean_ci_high"] - row["client_mean"] == pytest.approx(2.776445 * np.sqrt(0.095 / 4) / np.sqrt(5))
    assert row["pooled_rate"] == pytest.approx(22 / 132)
    assert (row["pooled_ci_low"], row["pooled_ci_high"]) == pytest.approx(
        proportion_confint(22, 132, alpha=0.05, method="wilson")
    )
    assert row["top_tenth_share"] == pytest.approx(100 / 132)  # the top tenth of 5 clients is one client
    per = client_rates(apps, per_client=True, as_of=AS_OF).set_index("client_id")
    assert per["applications"].to_dict() == {"A": 10, "B": 10, "C": 8, "D": 4, "H": 100}
    assert per["rate"].to_dict() == pytest.approx(dict(zip("HABCD", rates, strict=True)))


def test_a_heavy_applier_drags_the_pooled_rate_not_the_client_mean():
    without = client_rates(
        applications(caseload_rows({k: v for k, v in SPEC.items() if k != "H"})), min_clients=1, as_of=AS_OF
    )
    with_heavy = client_rates(applications(caseload_rows(SPEC)), min_clients=1, as_of=AS_OF)
    # Without H: pooled 12 / 32 = 0.375, client mean (0.5 + 0.4 + 0.25 + 0.25) / 4 = 0.35.
    assert without["pooled_rate"].iloc[0] == pytest.approx(12 / 32)
    assert without["client_mean"].iloc[0] == pytest.approx(0.35)
    # With H (100 applications at 10 %): pooled falls to 22 / 132 = 0.167, the client mean only to 0.30.
    pooled_shift = without["pooled_rate"].iloc[0] - with_heavy["pooled_rate"].iloc[0]
    mean_shift = without["client_mean"].iloc[0] - with_heavy["client_mean"].iloc[0]
    assert pooled_shift == pytest.approx(12 / 32 - 22 / 132) and mean_shift == pytest.approx(0.05)
    assert pooled_shift > 4 * mean_shift


def test_client_rates_per_segment_and_any_reply():
    rows = caseload_rows(SPEC)
    rows += [("B", "job_board", OLD, "applied", OLD + pd.Timedelta(days=3))]  # B's rejection on a job board
    apps = applications(rows)
    by_channel = client_rates(apps, by="channel", min_clients=1, as_of=AS_OF).set_index("channel")
    assert by_channel.loc["job_board", "clients"] == 5  # B counts in both of its channels
    assert by_channel.loc["referral", "clients"] == 1
    assert by_channel.loc["job_board", "client_mean"] == pytest.approx((0.10 + 0.50 + 0.0 + 0.25 + 0.25) / 5)
    any_reply = client_rates(apps, kind="any", per_client=True, min_clients=1, as_of=AS_OF).set_index("client_id")
    assert any_reply.loc["B", "responses"] == 5 and any_reply.loc["B", "applications"] == 11
    with pytest.raises(ValueError, match="kind='some'"):
        client_rates(apps, kind="some", as_of=AS_OF)


def test_unrecorded_outcomes_do_not_count():
    apps = applications(caseload_rows(SPEC))
    unrecorded = apps["client_id"].eq("H") & apps["furthest_stage"].eq("applied")
    apps = apps.assign(outcome_recorded=~unrecorded)
    per = client_rates(apps, per_client=True, as_of=AS_OF).set_index("client_id")
    assert per.loc["H", "applications"] == 10 and per.loc["H", "rate"] == 1.0


def test_client_rates_suppress_small_segments():
    table = client_rates(applications(caseload_rows(SPEC)), by="channel", as_of=AS_OF).set_index("channel")
    assert table["suppressed"].tolist() == [True, True]  # 4 clients on job boards, 1 through referrals
    assert table.drop(columns=["window_days", "suppressed"]).isna().all().all()
    whole = client_rates(applications(caseload_rows(SPEC)), as_of=AS_OF).iloc[0]
    assert whole["clients"] == 5 and not whole["suppressed"] and whole["pooled_rate"] == pytest.approx(22 / 132)


# ----------------------------------------------------------------------------------------------- funnel across clients
def funnel_apps() -> pd.DataFrame:
    day = OLD
    reply = OLD + pd.Timedelta(days=6)
    rows = [
        ("P", "job_board", day, "applied", None),
        ("P", "job_board", day, "screen", reply),
        ("P", "referral", day, "interview", reply),
        ("Q", "referral", day, "hired", reply),
        ("Q", "job_board", day, "applied", reply),  # a rejection
        ("R", "job_board", day, "applied", None),
        ("R", "job_board", day, "applied", None),
        ("R", "job_board", day, "applied", None),
        ("R", "job_board", day, "applied", None),
    ]
    return applications(rows)


def test_client_funnel_by_hand():
    table = client_funnel(funnel_apps(), min_clients=1).set_index("stage")
    assert list(table.index) == ["screen", "interview", "offer", "hired"]
    assert (table["clients"] == 3).all()
    # Reached: screen P, Q (hired is beyond it); interview P, Q; offer Q; hired Q.
    assert table["reached"].tolist() == [2, 2, 1, 1]
    assert table["share_of_clients"].tolist() == pytest.approx([2 / 3, 2 / 3, 1 / 3, 1 / 3])
    # Applications at the stage or beyond, of 9: screen P's two and Q's one; interview P's one and Q's one.
    assert table["pooled_share"].tolist() == pytest.approx([3 / 9, 2 / 9, 1 / 9, 1 / 9])
    # Own shares: screen P 2/3, Q 1/2, R 0 -> median 1/2; interview 1/3, 1/2, 0 -> 1/3; offer 0, 1/2, 0 -> 0.
    assert table["client_median_share"].tolist() == pytest.approx([1 / 2, 1 / 3, 0, 0])
    low, high = proportion_confint([2, 2, 1, 1], 3, alpha=0.05, method="wilson")
    np.testing.assert_allclose(table["ci_low"], low)
    np.testing.assert_allclose(table["ci_high"], high)
    by = client_funnel(funnel_apps(), by="channel", min_clients=1).set_index(["channel", "stage"])
    assert by.loc[("referral", "screen"), "clients"] == 2 and by.loc[("referral", "screen"), "reached"] == 2
    assert by.loc[("job_board", "screen"), "clients"] == 3 and by.loc[("job_board", "screen"), "reached"] == 1


def test_client_funnel_hides_one_to_four_clients_but_shows_zero():
    day, reply = OLD, OLD + pd.Timedelta(days=6)
    rows = [(f"c{i}", "job_board", day, "screen", reply) for i in range(6)]  # six clients screened
    rows += [("c0", "job_board", day, "interview", reply), ("c1", "job_board", day, "interview", reply)]
    table = client_funnel(applications(rows)).set_index("stage")
    assert table.loc["screen", "reached"] == 6 and table.loc["screen", "share_of_clients"] == 1.0
    interview = table.loc["interview"]
    assert pd.isna(interview["reached"]) and pd.isna(interview["share_of_clients"])
    assert pd.isna(interview["ci_low"]) and pd.isna(interview["ci_high"]) and interview["suppressed"]
    for stage in ("offer", "hired"):
        assert table.loc[stage, "reached"] == 0 and table.loc[stage, "share_of_clients"] == 0
        assert not table.loc[stage, "suppressed"]
    assert suppression_note(table, min_cell=5) == Note(NoteCode.CELLS_HIDDEN, min_clients=5, rows=1, of_rows=4)
    few = client_funnel(applications(rows[:3]))  # three clients: everything about them hidden
    assert few["clients"].isna().all() and few["reached"].isna().all() and few["pooled_share"].isna().all()


# ----------------------------------------------------------------------------------------------- triage
T = (AS_OF - BASE).days  # AS_OF as days after BASE: T - n is n days before the as-of date


def ago(days: int) -> pd.Timestamp:
    return AS_OF - pd.Timedelta(days=days)


def daily(cid: str, first_ago: int, n: int, *, every: int | None = None, channel: str = "job_board") -> list[tuple]:
    """``n`` applications one a day from ``first_ago`` days ago; every ``every``-th gets a screen 5 days later."""
    rows = []
    for i in range(n):
        applied = ago(first_ago - i)
        hit = every is not None and i % every == 0
        reply = applied + pd.Timedelta(days=5) if hit else None
        rows.append((cid, channel, applied, "screen" if hit else "applied", reply))
    return rows


CASELOAD_TARGET = 0.08
CASELOAD_APPS = (
    daily("FAIL", 149, 120)  # 120 job-board applications, the youngest 30 days old, no screen
    + daily("WEAK", 139, 80)  # 80 of them, the youngest 60 days old
    + daily("SIX", 169, 30, every=3)  # a third get screens
    + daily("GOOD", 59, 20, every=2)  # half do
    + daily("GONE", 149, 120)  # fails like FAIL, but has left
)
CASELOAD_CLIENTS = [
    ("FAIL", T - 150, T - 150, None, None, T - 3),
    ("WEAK", T - 140, T - 140, None, None, T - 10),
    ("SIX", T - 170, T - 170, None, None, T - 1),  # 170 days in: 6 months (182 days) in 12 days
    ("GOOD", T - 60, T - 60, None, None, T - 1),
    ("GONE", T - 150, T - 150, T - 5, "other", T - 5),
]


def test_triage_lists_the_failing_first_and_the_milestone_after():
    found = triage_list(applications(CASELOAD_APPS), clients_table(CASELOAD_CLIENTS), as_of=AS_OF,
                        target=CASELOAD_TARGET)  # fmt: skip
    assert found.window_days == DECISION_WINDOW  # FAIL's 90 applications at least 60 days old are judged
    assert found.as_of == AS_OF
    listed = triage_in_words(found.table)
    pd.testing.assert_frame_equal(
        found.table,
        triage_numbers(
            applications(CASELOAD_APPS), clients_table(CASELOAD_CLIENTS), as_of=AS_OF, target=CASELOAD_TARGET
        ),
    )
    assert listed["client_id"].tolist() == ["FAIL", "WEAK", "SIX"]
    assert listed["rank"].tolist() == [1, 2, 3]
    fail = listed.iloc[0]
    assert fail["verdict"] == "pivot" and fail["strategy"] == "applications through job boards"
    assert fail["matured"] == 90 and fail["responses"] == 0 and fail["rate"] == 0 and fail["target"] == 0.08
    # The evidence by hand: the mixture of failing rates (a quarter, a third, half of the target) against 90 %
    # of the target, from the start and from every 25th application, after 90 silences.
    assert fail["evidence"] == round(np.exp(path_by_hand(set(), 90, 0.08))) == 63
    assert fail["prob_below_target"] == pytest.approx(beta_dist.cdf(0.08 * 0.9, 0.5, 90.5))
    assert "0 positive replies from 90 applications old enough to judge" in fail["reason"]
    assert "move effort from job boards" in fail["first_action"]
    assert fail["search_days"] == 150 and fail["milestone"] == "" and fail["days_since_contact"] == 3
    assert fail["last_contact_on"] == ago(3)
    weak = listed.iloc[1]
    assert weak["verdict"] == "pivot" and weak["evidence"] == round(np.exp(path_by_hand(set(), 80, 0.08)))
    assert listed["evidence"].iloc[:2].tolist() == [63, round(np.exp(path_by_hand(set(), 80, 0.08)))]
    six = listed.iloc[2]
    assert six["milestone"] == "6 months in 12 days" and six["verdict"] == "" and six["strategy"] == ""
    assert six["search_days"] == 170 and pd.isna(six["evidence"])
    assert six["reason"] == "Searching for 24 weeks; 6 months in 12 days."
    assert six["first_action"].startswith("Review the search before the milestone")


def test_triage_reasons_say_counts_with_separators_and_chances_with_their_article():
    found = triage_list(applications(CASELOAD_APPS), clients_table(CASELOAD_CLIENTS), as_of=AS_OF,
                        target=CASELOAD_TARGET)  # fmt: skip
    table = found.table.assign(matured=[1234.0, 80.0, np.nan], prob_below_target=[0.87, 0.5, np.nan])
    reasons = triage_in_words(table)["reason"]
    assert "0 positive replies from 1,234 applications old enough to judge" in reasons.iloc[0]
    assert "; an 87% chance the true rate is below" in reasons.iloc[0]
    assert "; a 50% chance the true rate is below" in reasons.iloc[1]


def test_an_exited_client_is_never_listed_however_badly_it_went():
    apps = applications(CASELOAD_APPS)
    assert "GONE" not in set(triage(apps, clients_table(CASELOAD_CLIENTS), as_of=AS_OF)["client_id"])
    # Without a clients table nothing says GONE has left (no hired application), so GONE is listed.
    assert "GONE" in set(triage(apps, as_of=AS_OF)["client_id"])


def test_without_a_clients_table_a_hired_client_is_not_searching():
    hire = ("FAIL", "referral", ago(40), "hired", ago(35))
    listed = triage(applications([*CASELOAD_APPS, hire]), as_of=AS_OF).set_index("client_id")
    assert "FAIL" not in listed.index
    assert listed.loc["WEAK", "search_days"] == 139  # since the first application
    assert pd.isna(listed.loc["WEAK", "last_contact_on"]) and pd.isna(listed.loc["WEAK", "days_since_contact"])


MILESTONES = {  # days searching -> the flag, or None when the client is not listed
    153: None,  # 29 days before 6 months: not yet
    154: "6 months in 28 days",
    181: "6 months in 1 days",
    182: None,  # past 6 months, 9 months still far
    244: None,
    245: "9 months in 28 days",
    272: "9 months in 1 days",
    273: None,
    400: None,
}


def test_milestone_flags_at_their_edges():
    rows = daily("FAIL", 149, 120) + daily("GOOD", 59, 20, every=2)
    table = [("FAIL", T - 150, T - 150, None, None, T), ("GOOD", T - 60, T - 60, None, None, T)]
    for days in MILESTONES:  # each does well: a screen from every other application
        rows += daily(f"X{days}", days - 1, 10, every=2)
        table.append((f"X{days}", T - days, T - days, None, None, T))
    out = triage(applications(rows), clients_table(table), as_of=AS_OF).set_index("client_id")
    assert out.loc["FAIL", "verdict"] == "pivot"  # someone has a pivot (see the xfail below for nobody)
    assert "GOOD" not in out.index
    listed = {int(cid[1:]): flag for cid, flag in out["milestone"].items() if cid.startswith("X")}
    assert listed == {days: flag for days, flag in MILESTONES.items() if flag is not None}
    assert (out.loc[[f"X{d}" for d in listed], "verdict"] == "").all()
    assert out.loc["X154", "search_days"] == 154


def test_triage_when_nobody_needs_a_pivot_lists_the_milestones_without_warnings():
    apps = applications(daily("GOOD", 59, 20, every=2))
    table = clients_table([("GOOD", T - 60, T - 60, None, None, T), ("SIX", T - 170, T - 170, None, None, T)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        listed = triage(apps, table, as_of=AS_OF)
    assert listed["client_id"].tolist() == ["SIX"] and listed["verdict"].tolist() == [""]


def test_clients_near_a_milestone_come_nearest_first():
    apps = applications(daily("FAIL", 149, 120) + daily("GOOD", 59, 20, every=2))
    table = clients_table(
        [
            ("FAIL", T - 150, T - 150, None, None, T),
            ("GOOD", T - 60, T - 60, None, None, T),
            ("SOON", T - 178, T - 178, None, None, T),  # 6 months in 4 days
            ("LATER", T - 250, T - 250, None, None, T),  # 9 months in 23 days
        ]
    )
    listed = triage(apps, table, as_of=AS_OF)
    assert listed["client_id"].tolist()[0] == "FAIL"
    assert listed["milestone"].tolist()[1:] == ["6 months in 4 days", "9 months in 23 days"]


def test_triage_of_active_clients_without_applications():
    apps = applications(daily("GONE", 149, 50))
    table = clients_table(
        [("NEW", T - 160, T - 160, None, None, T - 2), ("GONE", T - 150, T - 150, T - 9, "other", T - 9)]
    )
    listed = triage(apps, table, as_of=AS_OF)
    assert listed["client_id"].tolist() == ["NEW"] and listed["milestone"].iloc[0] == "6 months in 22 days"


def test_triage_on_a_simulated_caseload_lists_only_active_clients_in_order():
    from jobsearch_analysis.simulate import simulate_cohort

    sim = simulate_cohort(200, seed=4)
    listed = triage(sim.applications, sim.clients, as_of=sim.as_of)
    active = set(sim.clients.loc[sim.clients["exited_on"].isna(), "client_id"])
    assert set(listed["client_id"]) <= active
    assert listed["rank"].tolist() == list(range(1, len(listed) + 1))
    verdicts = listed["verdict"].tolist()
    assert "pivot" in verdicts and "" in verdicts
    assert verdicts == sorted(verdicts, key=lambda v: v != "pivot")  # the pivots first
    assert listed.loc[listed["verdict"] == "pivot", "evidence"].is_monotonic_decreasing
    assert listed.loc[listed["verdict"] == "", "milestone"].str.contains(" in ").all()
    # A pivot rests on the evidence that reached the boundary, however the client did since: never "evidence 1".
    pivots = listed.loc[listed["verdict"] == "pivot"]
    assert (pivots["evidence"] >= np.floor(1 / ALPHA)).all()  # each client's verdicts are held to alpha
    assert set(pivots["strength"]) <= {"strong", "very strong", "decisive"}
    assert (listed.loc[listed["verdict"] == "", "strength"] == "").all()


def test_evidence_in_words_follows_jeffreys_scale():
    ratios = pd.Series([np.nan, 1.0, 5.0, 12.0, 40.0, 865.0])
    assert evidence_strength(ratios).tolist() == ["", "weak", "moderate", "strong", "very strong", "decisive"]


# ----------------------------------------------------------------------------------------------- against the truth
def test_late_intake_is_corrected_where_ignoring_it_is_not():
    # What a service really sees: half of the people come some weeks after their search began, and those who
    # found work (or left) before that never come at all. The simulator keeps everyone, so the truth is known:
    # among people whose search began at least six months before the as-of date, the share who found work
    # within 3 and 6 months of starting.
    sim = simulate_cohort(3000, seed=7, late_intake=0.5, intake_delay_days=150)
    population = sim.extra["population"]
    assert (~population["came"]).sum() > 300  # many never came: the truncation is real
    seen = load_clients(sim.clients, as_of=sim.as_of).clients
    aware = time_to_employment(seen, min_clients=1).summary.iloc[0]
    naive = time_to_employment(seen.assign(intake=seen["search_start"]), min_clients=1).summary.iloc[0]
    published = time_to_employment(seen).summary.iloc[0]
    old = population.loc[population["search_start"] <= sim.as_of - pd.Timedelta(days=182)]
    days = (old["exited_on"] - old["search_start"]).dt.days
    for horizon in (91, 182):
        truth = (old["exit_reason"].isin(EMPLOYED) & (days <= horizon)).mean()
        truth_se = np.sqrt(truth * (1 - truth) / len(old))
        estimate = aware[f"employed_by_{horizon}"]
        se = (aware[f"employed_by_{horizon}_ci_high"] - aware[f"employed_by_{horizon}_ci_low"]) / (2 * Z)
        assert abs(estimate - truth) < 3 * np.hypot(se, truth_se), (horizon, estimate, truth)
        assert abs(published[f"employed_by_{horizon}"] - truth) < 3 * np.hypot(se, truth_se) + 0.01
        # Counting the late comers from day 0 credits the service with months nobody watched: too low.
        assert naive[f"employed_by_{horizon}"] < truth - 2 * truth_se
    assert naive["employed_by_91"] < aware["employed_by_91_ci_low"]


def competing_caseloads(reps: int, n: int, seed: int) -> tuple[pd.DataFrame, float]:
    """``reps`` caseloads of about ``n`` clients (``program`` says which) drawn from known hazards (per day: work
    1/150, training 1/600, other 1/500), half of the people coming 1-120 days into their search and the ones
    gone by then never coming, followed to a common as-of date (day 560); and the true share employed within
    182 days, lambda_work / lambda * (1 - exp(-lambda * 182))."""
    rng = np.random.default_rng(seed)
    rates = np.array([1 / 150, 1 / 600, 1 / 500])
    total = rates.sum()
    truth = rates[0] / total * (1 - np.exp(-total * 182))
    size = reps * n * 2
    start = rng.integers(0, 500, size)
    exit_day = np.ceil(rng.exponential(1 / total, size)).astype(int)
    reason = np.array(["employed_full_time", "training", "other"])[rng.choice(3, size, p=rates / total)]
    entry = np.where(rng.random(size) < 0.5, rng.integers(1, 121, size), 0)
    horizon = 560 - start
    came = (exit_day > entry) & (entry < horizon)  # gone before the intake, or not come yet: never seen
    rep = np.cumsum(came) // n
    chosen = came & (rep < reps)
    exited = exit_day <= horizon
    rows = [
        (f"c{i}", start[i], start[i] + entry[i], start[i] + exit_day[i] if exited[i] else None,
         reason[i] if exited[i] else None, start[i] + exit_day[i] if exited[i] else 560)
        for i in np.flatnonzero(chosen)
    ]  # fmt: skip
    return clients_table(rows, program=[f"rep {r:03d}" for r in rep[chosen]]), truth


def test_the_interval_for_employed_within_six_months_covers_the_truth():
    table, truth = competing_caseloads(150, 150, seed=21)
    covered = {}
    for name, min_clients in (("exact", 1), ("published", 5)):
        summary = time_to_employment(table, by="program", min_clients=min_clients).summary
        inside = (summary["employed_by_182_ci_low"] <= truth) & (truth <= summary["employed_by_182_ci_high"])
        covered[name] = inside.mean()
    # The shortcut (1 - Kaplan-Meier, other exits censored) with its own interval, for contrast.
    times = client_times(table, by=["program"])
    km = kaplan_meier(times.loc[times["followed"]], duration="days", event="employed", by=["program"], entry="entry")
    upto = km.loc[km["day"] <= 182].groupby("program").tail(1)
    covered["one_minus_km"] = ((1 - upto["ci_high"] <= truth) & (truth <= 1 - upto["ci_low"])).mean()
    assert covered["exact"] >= 0.9, covered
    assert covered["published"] >= 0.88, covered
    assert covered["one_minus_km"] < 0.5, covered


# ----------------------------------------------------------------------------------------------- rates published
def spread_caseload(n: int, responders: int, *, channel: str = "job_board") -> list[tuple]:
    """n clients with 10 applications each through one channel; the first ``responders`` clients got 2 replies."""
    spec = {f"R{i:02d}": (10, 2 if i < responders else 0, channel) for i in range(n)}
    return caseload_rows(spec)


def test_a_rate_resting_on_the_replies_of_a_few_clients_is_hidden():
    # 30 clients, 3 of whom got any reply: every rate describes those three (the mean is their rates over 30).
    table = client_rates(applications(spread_caseload(30, 3)), as_of=AS_OF).iloc[0]
    assert table["clients"] == 30 and table["applications"] == 300  # the counts are about thirty people
    for column in ("responses", "pooled_rate", "client_mean", "client_mean_ci_high", "client_median"):
        assert pd.isna(table[column]), column
    shown = client_rates(applications(spread_caseload(30, 12)), as_of=AS_OF).iloc[0]
    assert shown["client_mean"] == pytest.approx(12 * 0.2 / 30) and shown["responses"] == 24


def test_quartiles_and_the_busiest_tenth_need_enough_clients_around_them():
    small = client_rates(applications(spread_caseload(12, 8)), as_of=AS_OF).iloc[
        0
    ]  # 12 < 4 x 5: a quartile is one client
    assert pd.notna(small["client_mean"])
    assert pd.isna(small["client_q25"]) and pd.isna(small["client_median"]) and pd.isna(small["client_q75"])
    assert pd.isna(small["top_tenth_share"])  # the busiest tenth of 12 is two clients
    large = client_rates(applications(spread_caseload(45, 30)), as_of=AS_OF).iloc[0]  # a tenth of 45 is five clients
    assert large["client_median"] == pytest.approx(0.2) and pd.notna(large["top_tenth_share"])
    raw = client_rates(applications(spread_caseload(12, 8)), min_clients=1, as_of=AS_OF).iloc[0]
    assert raw["client_q25"] == pytest.approx(0.0) and raw["top_tenth_share"] == pytest.approx(20 / 120)


def test_a_funnel_stage_is_hidden_when_the_clients_between_it_and_the_next_are_few():
    day, reply = OLD, OLD + pd.Timedelta(days=6)
    rows = []
    for i in range(20):  # 20 clients: 18 reached a screen, 16 an interview, 6 an offer, 5 a job
        stage = "hired" if i < 5 else "offer" if i < 6 else "interview" if i < 16 else "screen" if i < 18 else "applied"
        rows.append((f"F{i:02d}", "job_board", day, stage, reply if stage != "applied" else None))
    table = client_funnel(applications(rows)).set_index("stage")
    # clients - screen = 2: hidden (the screen); then clients 20 -> interview 16: 4 between, interview hidden too;
    # 20 -> offer 6: fine; offer 6 -> hired 5: 1 between: the job row is hidden; 6 -> 0 after it: fine.
    assert pd.isna(table.loc["screen", "reached"]) and pd.isna(table.loc["interview", "reached"])
    assert table.loc["offer", "reached"] == 6 and pd.isna(table.loc["hired", "reached"])
    shown = table["reached"].dropna().astype(int).tolist()
    chain = [20, *shown, 0]
    gaps = [a - b for a, b in itertools.pairwise(chain)]
    assert not any(0 < gap < 5 for gap in gaps)
    assert pd.isna(table.loc["hired", "share_of_clients"]) and table.loc["hired", "suppressed"]
    raw = client_funnel(applications(rows), min_clients=1).set_index("stage")
    assert raw["reached"].tolist() == [18, 16, 6, 5]


def test_the_clients_table_can_be_a_dataframe_without_its_optional_columns():
    frame = pd.DataFrame(
        {
            "client_id": ["a", "b", "c"],
            "search_start": ["2026-01-05", "2026-01-12", "2026-02-02"],
            "last_contact_on": ["2026-03-01", "2026-04-01", "2026-04-15"],
        }
    )
    loaded = load_clients(frame, as_of="2026-05-01")
    assert loaded.rows == 3 and len(loaded.clients) == 3 and loaded.rejected == 0
    assert loaded.clients["intake"].isna().all() and loaded.clients["exited_on"].isna().all()
    # A frame in the Clients layout without intake, programme or counsellor is used as it is.
    bare = loaded.clients[["client_id", "search_start", "last_contact_on"]]
    Clients.validate(bare)
    summary = time_to_employment(bare, min_clients=1).summary.iloc[0]
    assert summary["clients"] == 3 and summary["searching"] == 3 and summary["employed"] == 0
