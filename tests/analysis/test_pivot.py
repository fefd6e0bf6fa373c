"""The pivot engine: its evidence by hand, the verdicts, restarts at a change, the diagnosis and the words."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta as beta_dist

from jobsearch_analysis import load_sample, recommend
from jobsearch_analysis.analysis import pivot
from jobsearch_analysis.analysis.pivot import (
    FAILING,
    WINDOW_SHARE,
    evidence_path,
    keep_evidence,
    pivot_evidence,
    pivot_tests,
)

from ..conftest import SAMPLE_AS_OF
from .test_rates_and_timing import log

AS_OF = pd.Timestamp("2026-12-31")


def job_board_log(hits_at: list[int], n: int, *, start="2026-01-05", recent: int = 0, resume=None) -> pd.DataFrame:
    """``n`` job-board applications one a day (hits at the given positions), plus ``recent`` ones."""
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
    apps = log(rows)
    if resume is not None:
        apps = apps.assign(resume_version=resume(np.arange(len(apps))))
    return apps


def evidence_by_hand(hits: int, n: int, target: float) -> float:
    """The mixture likelihood ratio written out with the math module, one term per failing rate."""
    null = target * WINDOW_SHARE
    total = sum(
        weight * (fraction * target / null) ** hits * ((1 - fraction * target) / (1 - null)) ** (n - hits)
        for fraction, weight in FAILING
    )
    return math.log(total)


def path_by_hand(hits_at: set[int], n: int, target: float) -> float:
    """The evidence after ``n`` counted applications, written out: 0.8 of the evidence from the start, and 0.2
    shared among every 25th application as a fresh start (weights 1 / (j (j + 1)); one not reached counts 1)."""
    hits = [sum(1 for i in range(k) if i in hits_at) for k in range(n + 1)]
    value = 0.8 * math.exp(evidence_by_hand(hits[n], n, target))
    j = 1
    while 25 * j < n:
        since = math.exp(evidence_by_hand(hits[n] - hits[25 * j], n - 25 * j, target))
        value += 0.2 / (j * (j + 1)) * since
        j += 1
    value += 0.2 / j  # the change points from the j-th on have not begun: each counts 1, their weights sum to 1/j
    return math.log(value)


def first_crossing(hits_at: set[int], target: float, level: float) -> int:
    """The counted application at which the evidence first reaches ``level``, step by step by hand."""
    for n in range(1, 2_000):
        if path_by_hand(hits_at, n, target) >= math.log(level):
            return n
    raise AssertionError("never")


def test_the_evidence_by_hand():
    for hits, n, target in [(0, 10, 0.08), (3, 120, 0.08), (7, 40, 0.3), (0, 200, 0.03)]:
        assert pivot_evidence(np.float64(hits), np.float64(n), target) == pytest.approx(
            evidence_by_hand(hits, n, target)
        )
    working, failing = 0.08 * WINDOW_SHARE, 0.08 / 3
    by_hand = 12 * math.log(working / failing) + 48 * math.log((1 - working) / (1 - failing))
    assert keep_evidence(12.0, 60.0, 0.08) == pytest.approx(by_hand)


def test_the_engine_pivots_where_the_evidence_first_reaches_one_over_alpha():
    # One segment: alpha 5 %, so the evidence must reach 20; every application here is at least 60 days old.
    silent = recommend(job_board_log([], 120), by="channel", target=0.06, as_of=AS_OF).iloc[0]
    expected = first_crossing(set(), 0.06, 20)
    assert silent["verdict"] == "pivot" and silent["decided_after"] == expected
    assert silent["decided_on"] == pd.Timestamp("2026-01-05") + pd.Timedelta(days=expected - 1 + 60)
    one = recommend(job_board_log([10], 140), by="channel", target=0.06, as_of=AS_OF).iloc[0]
    assert one["decided_after"] == first_crossing({10}, 0.06, 20) > expected
    # Shown with four other verdicts, each is held to alpha / 5: the evidence must reach 100.
    five = pivot_tests(job_board_log([], 200), by="channel", target=0.06, as_of=AS_OF, family=5).table.iloc[0]
    assert five["decided_after"] == first_crossing(set(), 0.06, 100)
    early = recommend(job_board_log([], 30), by="channel", target=0.06, as_of=AS_OF).iloc[0]
    assert early["verdict"] == "too_early" and early["applications_to_decide"] > 0


def test_a_burst_of_recent_applications_never_triggers_a_pivot():
    burst = recommend(job_board_log([3, 20], 40, recent=200), by="channel", target=0.06, as_of=AS_OF).iloc[0]
    assert burst["matured"] == 40 and burst["applications"] == 240
    assert burst["verdict"] == "too_early"


def test_only_applications_sixty_days_old_count_and_a_late_reply_does_not():
    apps = job_board_log([0], 1, start="2026-01-05")
    late = apps.assign(first_response_on=pd.Timestamp("2026-03-20"), screen_on=pd.Timestamp("2026-03-20"))
    assert pivot_tests(late, by="channel", as_of="2026-03-05").table.loc[0, "matured"] == 0  # 59 days old
    counted = pivot_tests(late, by="channel", as_of="2026-12-01").table.iloc[0]
    assert counted["matured"] == 1 and counted["responses"] == 0  # the reply came after 74 days


def test_working_strategy_keeps_going_and_posterior_by_hand():
    hits = list(range(0, 60, 5))  # 12 positive replies from 60: 20 % against the job-board target of 5 %
    row = recommend(job_board_log(hits, 60), by="channel", as_of=AS_OF).iloc[0]
    assert row["target"] == pytest.approx(0.05) and row["verdict"] == "keep_going"
    assert row["prob_below_target"] == pytest.approx(beta_dist.cdf(0.05 * WINDOW_SHARE, 12.5, 48.5))
    assert "keep going" in row["explanation"]


def test_a_pivot_is_kept_until_the_strategy_changes():
    bad_then_good = [i for i in range(150, 300) if i % 4 == 0]  # nothing for 150 applications, then 25 %
    same = recommend(job_board_log(bad_then_good, 300), by="channel", target=0.08, as_of=AS_OF).iloc[0]
    assert same["verdict"] == "pivot" and pd.isna(same["since"])  # no recorded change: the pivot stays
    assert same["decided_on"] < pd.Timestamp("2026-08-01")
    # The same search with a new resume from application 150 on: the channel's test starts again there.
    fixed = job_board_log(bad_then_good, 300, resume=lambda i: np.where(i < 150, "v1", "v2"))
    row = recommend(fixed, by="channel", target=0.08, as_of=AS_OF).iloc[0]
    assert row["since"] == pd.Timestamp("2026-01-05") + pd.Timedelta(days=150)
    assert row["verdict"] == "keep_going" and pd.notna(row["earlier_pivot_on"])
    assert "since you changed strategy" in row["explanation"] and "Before the change" in row["explanation"]
    # A change the person declares works the same way.
    declared = recommend(job_board_log(bad_then_good, 300), by="channel", target=0.08, as_of=AS_OF,
                         changes=["2026-06-04"]).iloc[0]  # fmt: skip
    assert declared["verdict"] == "keep_going" and declared["since"] == pd.Timestamp("2026-06-04")


def test_a_strategy_that_worked_and_then_stopped_is_caught():
    worked = [i for i in range(100) if i % 5 == 0]  # 20 % for 100 applications, then nothing for 200
    row = recommend(job_board_log(worked, 300), by="channel", target=0.08, as_of=AS_OF).iloc[0]
    assert row["verdict"] == "pivot" and row["decided_after"] == first_crossing(set(worked), 0.08, 20) == 251
    assert evidence_by_hand(len(worked), 300, 0.08) < math.log(20)  # the evidence from the start alone: not yet


@pytest.mark.parametrize("cells", [1 << 20, 3, 1])
def test_the_evidence_path_of_segments_sent_in_turns_is_the_one_by_hand(cells, monkeypatch):
    # Three strategies used in turns (every third application each, one of them 40 long), with replies at
    # different places: after every application, each segment's evidence is its own path written out, however
    # few of the segments' running sums are laid out together (``cells``: all at once, or a few at a time).
    monkeypatch.setattr(pivot, "ACCUMULATE_CELLS", cells)
    segment = np.array([0, 1, 2] * 40 + [0] * 40)
    hits_at = {0: {3, 30, 31, 70}, 1: {0, 1, 2, 3, 4, 5}, 2: set()}
    targets = {0: 0.08, 1: 0.3, 2: 0.05}
    n = pd.Series(segment).groupby(segment).cumcount().to_numpy() + 1
    hits = np.array([sum(i < k for i in hits_at[s]) for s, k in zip(segment, n, strict=True)])
    goal = np.array([targets[s] for s in segment])
    path = evidence_path(hits.astype(float), n.astype(float), goal, segment)
    by_hand = [path_by_hand(hits_at[s], k, targets[s]) for s, k in zip(segment, n, strict=True)]
    np.testing.assert_allclose(path, by_hand, rtol=1e-9)
    assert len(evidence_path(np.array([]), np.array([]), np.array([]), np.array([], dtype=int))) == 0


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


@pytest.mark.parametrize("target", [0.03, 0.08, 0.15, 0.3])
def test_every_explanation_agrees_with_its_verdict(target):
    # A grid of searches from no reply to many: each sentence says what its verdict means, and no sentence
    # pairs strong evidence of falling short with "keep going" or the reverse.
    logs = []
    for k, rate in enumerate([0.0, target / 6, target / 3, target / 2, target, 2 * target]):
        for n in (10, 40, 120, 300, 900):
            hits = [int(i / rate) for i in range(int(n * rate))] if rate else []
            logs.append(job_board_log(hits, n).assign(role_family=f"R{k}-{n}"))
    advice = recommend(pd.concat(logs, ignore_index=True), by="role_family", target=target, as_of=AS_OF, family=1)
    for row in advice.itertuples():
        text = row.explanation
        if row.verdict == "pivot":
            assert "time to pivot" in text and "Strong evidence that this falls short" in text
            assert row.prob_below_target > 0.9 and "keep going" not in text
        elif row.verdict == "keep_going":
            assert "keep going" in text and "falls short" not in text and "time to pivot" not in text
            assert row.rate > target / 3
        else:
            assert "too early to tell" in text and "time to pivot" not in text and "keep going" not in text
    assert set(advice["verdict"]) == {"pivot", "keep_going", "too_early"}


def test_sample_recommendations_read_well():
    table = recommend(load_sample().applications, as_of=SAMPLE_AS_OF)
    assert set(table["verdict"]) <= {"pivot", "keep_going", "too_early"}
    assert {"channel", "role_family", "resume_version", "channel × role_family"} >= set(table["dimension"])
    job_board = table.loc[table["segment"] == "channel: job boards"].iloc[0]
    text = job_board["explanation"]
    # The sample switched to resume v2 on 27 July: the channels' verdicts speak of the strategy since.
    assert text.startswith("Applications through job boards since you changed strategy on 27 Jul 2026: ")
    assert "applications old enough to judge" in text and "95 % interval" in text
    assert table.loc[table["dimension"] == "channel", "exploratory"].eq(False).all()
    assert table.loc[table["dimension"] != "channel", "exploratory"].all()
    assert all(isinstance(a, list) for a in table["actions"])


def test_the_guide_quotes_the_sample_as_it_is():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "job-seekers.md").read_text(encoding="utf-8")
    start = guide.index("> Applications through job boards")
    quoted = " ".join(line.removeprefix("> ") for line in guide[start:].split("\n\n")[0].splitlines())
    assert quoted == recommend(load_sample().applications, as_of=SAMPLE_AS_OF).loc[0, "explanation"]


def test_in_brief_is_one_row_per_channel_with_the_first_step_of_a_pivot():
    from jobsearch_analysis.present.advice import in_brief

    boards = job_board_log([], 200)
    sites = job_board_log(list(range(0, 60, 4)), 60).assign(channel="company_site")
    sites = sites.assign(channel=sites["channel"].astype(boards["channel"].dtype))
    advice = recommend(pd.concat([boards, sites], ignore_index=True), as_of=AS_OF)
    brief = in_brief(advice)
    channels = advice.loc[advice["dimension"] == "channel"]
    assert brief["segment"].tolist() == channels["segment"].tolist()
    pivots = brief["verdict"] == "pivot"
    assert pivots.tolist() == [True, False] and (brief.loc[~pivots, "first_step"] == "").all()
    assert brief.loc[pivots, "first_step"].tolist() == [
        a[0] for a in channels.loc[channels["verdict"] == "pivot", "actions"]
    ]
    sample = recommend(load_sample().applications, as_of=SAMPLE_AS_OF)
    assert in_brief(sample)["segment"].tolist() == sample.loc[sample["dimension"] == "channel", "segment"].tolist()
    only_roles = in_brief(recommend(load_sample().applications, by="role_family", as_of=SAMPLE_AS_OF))
    assert only_roles["segment"].str.startswith("kind of role: ").all()
    assert in_brief(advice.iloc[0:0]).empty


def test_the_target_that_would_flip_the_verdict():
    row = pivot_tests(job_board_log([], 40), by="channel", target=0.06, as_of=AS_OF).table.iloc[0]
    assert row["verdict"] == "too_early" and row["pivot_target"] > 0.06
    # At that target the evidence from the start alone reaches the pivot level (1 / alpha for one segment) with
    # its 0.8 share of the mixture: 0.8 * E = 20, whatever the order of the counts.
    assert evidence_by_hand(0, 40, row["pivot_target"]) == pytest.approx(math.log(20 / 0.8), abs=1e-6)
    again = pivot_tests(job_board_log([], 40), by="channel", target=row["pivot_target"] * 1.01, as_of=AS_OF)
    assert again.table.loc[0, "verdict"] == "pivot"


def test_a_weak_stage_is_named_against_its_channels_own_rates_and_only_when_clear():
    # Referrals reply far more than job boards: 16 replies from 40 (40 %; 10 invitations, 5 interviews) is below
    # the referral rates (45 % any reply, two thirds of them invitations) but not clearly, so no stage is
    # blamed; job boards' 0 replies from 40 (typical 22 %) clearly is.
    referral = [(f"2026-01-{1 + i % 28:02d}", "2026-01-30" if i < 16 else None,
                 "interview" if i < 5 else "screen" if i < 10 else "applied", "rejected" if 10 <= i < 16 else "open",
                 "2026-01-30" if 10 <= i < 16 else None, "referral")
                for i in range(40)]  # fmt: skip
    silent = [(f"2026-02-{1 + i % 28:02d}", None, "applied", "open", None, "job_board") for i in range(40)]
    table = pivot_tests(log(referral + silent), by="channel", as_of=AS_OF).table.set_index("channel")
    assert table.loc["referral", "weakest_stage"] == ""
    assert table.loc["job_board", "weakest_stage"] == "replies"
    few = pivot_tests(log(silent[:12]), by="channel", as_of=AS_OF).table.iloc[0]
    assert few["weakest_stage"] == ""  # 0 of 12 at 22 %: 5 % of searches would show it by chance


def test_put_more_effort_only_where_a_channel_is_clearly_better():
    boards = job_board_log([], 150)
    strong = job_board_log(list(range(0, 30, 2)), 30).assign(channel="referral")
    weak = job_board_log([0], 10).assign(channel="referral")
    dtype = boards["channel"].dtype
    clear = recommend(pd.concat([boards, strong.astype({"channel": dtype})], ignore_index=True), as_of=AS_OF)
    unsure = recommend(pd.concat([boards, weak.astype({"channel": dtype})], ignore_index=True), as_of=AS_OF)
    assert any(a.startswith("Put more of your effort into referrals") for a in clear.loc[0, "actions"])
    assert not any(a.startswith("Put more of your effort") for a in unsure.loc[0, "actions"])
    assert any(a.startswith("A hint: referrals did best so far") for a in unsure.loc[0, "actions"])


def test_default_targets_sit_in_their_published_ranges_and_below_the_simulators_average_applicant():
    from jobsearch_analysis.analysis.pivot import BASE_RATES, TARGET_RANGES
    from jobsearch_analysis.simulate import DEFAULT_CHANNELS

    for kind in ("positive", "any"):
        for channel, rate in BASE_RATES[kind].items():
            low, high = TARGET_RANGES[kind][channel]
            assert low <= rate <= high, (kind, channel)
    for channel, params in DEFAULT_CHANNELS.items():
        low, high = TARGET_RANGES["positive"][channel]
        assert low <= params.positive <= high and BASE_RATES["positive"][channel] <= params.positive * 1.25


def test_an_average_simulated_applicant_is_rarely_told_to_pivot():
    from jobsearch_analysis.simulate import simulate_search

    pivots = []
    for seed in range(30):
        sim = simulate_search(seed=seed, quality=1.0, resume_switch_week=1000, start="2026-01-05", as_of="2026-12-28")
        table = pivot_tests(sim.applications, by="channel", as_of=sim.as_of).table
        pivots.append((table["verdict"] == "pivot").any())
    assert np.mean(pivots) <= 0.1


def test_the_pivot_page_quotes_the_default_targets_and_their_ranges():
    from pathlib import Path

    from jobsearch_analysis.analysis.pivot import BASE_RATES, TARGET_RANGES

    page = " ".join((Path(__file__).resolve().parents[2] / "docs" / "pivot.md").read_text(encoding="utf-8").split())
    for words, channel in [("job boards", "job_board"), ("company career sites", "company_site"),
                           ("referrals", "referral")]:  # fmt: skip
        low, high = TARGET_RANGES["positive"][channel]
        rate = BASE_RATES["positive"][channel]
        assert f"{words} {rate * 100:.0f} % ({low * 100:.0f}-{high * 100:.0f} %)" in page, words


def test_a_new_role_mix_restarts_the_channel_verdicts():
    # Nothing for 150 applications to one kind of role, then a new role family taken up: the job-board verdict
    # speaks of the search since the new roles; a role family used from the first weeks is no change.
    bad_then_good = [i for i in range(150, 300) if i % 4 == 0]
    apps = job_board_log(bad_then_good, 300).assign(role_family=["Analyst"] * 150 + ["Data Engineer"] * 150)
    row = recommend(apps, by="channel", target=0.08, as_of=AS_OF).iloc[0]
    assert row["since"] == pd.Timestamp("2026-01-05") + pd.Timedelta(days=150)
    assert row["verdict"] == "keep_going" and pd.notna(row["earlier_pivot_on"])
    early = job_board_log(bad_then_good, 300).assign(role_family=["Analyst", "Data Engineer"] * 150)
    assert pd.isna(recommend(early, by="channel", target=0.08, as_of=AS_OF).loc[0, "since"])
    # The role families' own verdicts are not restarted by their own first use.
    roles = recommend(apps, by="role_family", target=0.08, as_of=AS_OF).set_index("role_family")
    assert roles["since"].isna().all() and roles.loc["Analyst", "verdict"] == "pivot"


def test_a_search_that_ended_long_ago_is_as_long_as_its_entries_not_as_its_as_of_date():
    """The long-search advice counts the search to its last entry: read two years later, the six-month sample
    log is still a six-month search."""
    from jobsearch_analysis.analysis.pivot import pivot_tests

    apps = load_sample().applications
    now = pivot_tests(apps, as_of=SAMPLE_AS_OF).context.months
    later = pivot_tests(apps, as_of="2028-11-02").context.months
    assert 5.5 < now < 6.5 and later == pytest.approx(now)


def test_a_change_before_the_search_or_since_the_last_counted_application_is_no_error():
    # Resume versions restart only at a change the person declares. One declared before the first application:
    # the whole search is "since" it, with nothing before. One after the last application old enough to count:
    # nothing is counted since, so it is too early to tell.
    apps = load_sample().applications
    unchanged = recommend(apps, by="resume_version", as_of=SAMPLE_AS_OF)
    before = recommend(apps, by="resume_version", as_of=SAMPLE_AS_OF, changes=["2026-01-15"])
    assert (before["since"] == pd.Timestamp("2026-01-15")).all() and before["earlier_pivot_on"].isna().all()
    assert before["matured"].tolist() == unchanged["matured"].tolist()
    assert before["verdict"].tolist() == unchanged["verdict"].tolist()
    recent = recommend(apps, by="resume_version", as_of=SAMPLE_AS_OF, changes=["2026-10-01"])
    assert len(recent) and (recent["matured"] == 0).all() and (recent["verdict"] == "too_early").all()
    assert recent["explanation"].str.contains("days old yet, so it is too early to tell").all()
