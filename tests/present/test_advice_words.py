"""The advice's words are pinned: :func:`recommend` builds every column for all segments at once, and each must
read exactly as the plain per-segment reference below (the implementation before it was vectorised, kept here as
the specification, counts since written with thousands separators) on the bundled samples, simulated cohorts and
every option that changes the words."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import load_sample, recommend
from jobsearch_analysis.analysis.capabilities import what_it_can_tell
from jobsearch_analysis.analysis.pivot import FAILING_FRACTION, WINDOW_SHARE, pivot_tests
from jobsearch_analysis.present import words as wording
from jobsearch_analysis.present.advice import COLUMNS, STAGE_ADVICE, segment_label
from jobsearch_analysis.simulate import simulate_cohort

from ..analysis.test_pivot import AS_OF, job_board_log
from ..analysis.test_rates_and_timing import log

STAGE_EVIDENCE = {
    "replies": "{reached} replies from {out_of} applications old enough to judge",
    "invitations": "{reached} of {out_of} replies were invitations",
    "interviews": "{reached} interviews from {out_of} screens",
    "offers": "{reached} offers from {out_of} interviews",
}
NUMBERS = ("replies", "screens", "interviews", "offers", "peak_llr", "keep_llr", "family", "weakest_reached",
           "weakest_out_of")  # fmt: skip


def reference(apps: pd.DataFrame, *, kind: str = "positive", as_of=None, **options) -> pd.DataFrame:
    """The advice segment by segment, as :func:`recommend` said it before it was vectorised."""
    tests = pivot_tests(apps, kind=kind, as_of=as_of, **options)
    can = what_it_can_tell(apps, as_of=as_of)
    dated = bool(can.loc["stage_dates" if kind == "positive" else "reply_dates", "supported"])
    table, context = tests.table, tests.context
    what = "positive replies (a screen or better)" if tests.kind == "positive" else "replies"
    by_columns = [c for c in table.columns if c not in ("dimension", *COLUMNS) and c not in NUMBERS]
    rows = [row for _, row in table.iterrows()]
    out = table.assign(
        segment=[_label(row) for row in rows],
        actions=[_actions(row, context, what) for row in rows],
        explanation=[_explain(row, what, tests.window_days, context.channels, tests.kind, dated) for row in rows],
    )
    return out[["segment", "dimension", *by_columns, *COLUMNS]]


def _label(row: pd.Series) -> str:
    columns = row["dimension"].split(" × ")
    values = [
        "(not given)" if pd.isna(row[c]) else wording.channel_words(row[c]) if c == "channel" else str(row[c])
        for c in columns
    ]
    return f"{wording.dimension_words(row['dimension'])}: {', '.join(values)}"


def _evidence(row: pd.Series, what: str) -> tuple[str, str]:
    stage = row["weakest_stage"]
    if stage:
        reached, out_of = wording.count(row["weakest_reached"]), wording.count(row["weakest_out_of"])
        return stage, STAGE_EVIDENCE[stage].format(reached=reached, out_of=out_of)
    return "replies", f"{wording.count(row['responses'])} {what} from {wording.count(row['matured'])} applications"


def _actions(row: pd.Series, context, what: str) -> list[str]:
    todo: list[str] = []
    if row["verdict"] == "pivot" or row["weakest_stage"]:
        stage, evidence = _evidence(row, what)
        todo.append(f"{STAGE_ADVICE[stage]} Evidence: {evidence}.")
        channels = context.channels
        rate = row["rate"] if pd.notna(row["rate"]) else 0
        better = channels.loc[
            (channels["matured"] >= 5) & (channels["hits"] / channels["matured"].clip(lower=1) > rate)
        ]
        if len(better) and row["dimension"] == "channel":
            best = (better["hits"] / better["matured"]).idxmax()
            if str(best) != str(row.get("channel")):
                hits, n = wording.count(better.loc[best, "hits"]), wording.count(better.loc[best, "matured"])
                gave = f"{wording.channel_pronoun(best)} gave you {hits} {what} from {n} applications"
                if better.loc[best, "better_p"] < 0.05:
                    todo.append(f"Put more of your effort into {wording.channel_words(best)}: {gave}.")
                else:
                    todo.append(
                        f"A hint: {wording.channel_words(best)} did best so far ({gave}), though not by enough to "
                        "be sure it is better than the rest."
                    )
        if row["dimension"] in ("role_family", "channel × role_family") and row["verdict"] == "pivot":
            todo.append(
                "Shift or widen the roles or industries you apply for: broadening the occupations "
                "searched raises interviews (Belot, Kircher & Muller 2019). Evidence: this segment "
                f"is at {wording.pct(row['rate'])} against a target of {wording.pct(row['target'])}."
            )
    if context.months >= 6:
        todo.append(
            f"Your search is {context.months:.0f} months long; employers' callbacks fall after 6 "
            "months and more after 9 (Kroft, Lange & Notowidigdo 2013; Ghayad 2013; Eriksson & "
            "Rooth 2014). Broaden the search, use employment-support services (a career centre, "
            "a public employment service) and consider self-employment or contract work."
        )
    if context.overload:
        todo.append(
            f"You have been sending about {context.pace:.0f} applications a week against your "
            f"usual {context.norm:.0f} while replies fell: slow down, tailor fewer applications, "
            "and protect time for rest."
        )
    return todo


def _head(row: pd.Series) -> str:
    parts = []
    for column in row["dimension"].split(" × "):
        if pd.isna(row[column]):
            parts.append(f"with no {column.replace('_', ' ')} noted")
        elif column == "channel":
            parts.append(wording.channel_phrase(row["channel"]))
        elif column == "role_family":
            parts.append(f"for {row['role_family']} roles")
        elif column == "resume_version":
            parts.append(f"with resume {row['resume_version']}")
        else:
            parts.append(f"with {column.replace('_', ' ')} {row[column]}")
    return "Applications " + " ".join(parts)


def _explain(row: pd.Series, what: str, window: int, channels: pd.DataFrame, kind: str, dated: bool) -> str:
    since = "" if pd.isna(row.get("since")) else f" since you changed strategy on {wording.day(row['since'])}"
    head = f"{_head(row)}{since}: "
    if row["matured"] == 0:
        return (
            head + f"none of the {wording.plural(int(row['applications']), 'application', 'applications')} is "
            f"{window} days old yet, so it is too early to tell; replies may still come."
        )
    one, many = (
        ("positive reply (a screen or better)", "positive replies (a screen or better)")
        if kind == "positive"
        else ("reply", "replies")
    )
    within, old = (f"within {window} days", "old enough to judge")
    if not dated:
        within, old = "so far", f"at least {window} days old"
    counts = (
        f"{wording.plural(int(row['responses']), one, many)} {within} from "
        f"{wording.plural(int(row['matured']), 'application', 'applications')} {old} "
        f"({wording.pct(row['rate'])}, 95 % interval {wording.pct(row['ci_low'])} to {wording.pct(row['ci_high'])}). "
        f"Your target is {wording.pct(row['target'])} in the end, {wording.pct(row['target'] * WINDOW_SHARE)} within "
        f"{window} days. "
    )
    return head + counts + _verdict_words(row) + _better_channel(row, channels)


def _verdict_words(row: pd.Series) -> str:
    chance = wording.a_chance(row["prob_below_target"])
    failing = wording.pct(row["target"] * FAILING_FRACTION)
    if row["verdict"] == "pivot":
        return (
            f"Strong evidence that this falls short of the target (reached on {wording.day(row['decided_on'])}; "
            f"{chance} chance the rate is below it): time to pivot."
        )
    earlier = ""
    if pd.notna(row.get("earlier_pivot_on")):
        earlier = f" Before the change, this had reached a pivot on {wording.day(row['earlier_pivot_on'])}."
    if row["verdict"] == "keep_going":
        return (
            f"Strong evidence that this is not failing (well above {failing}), though there is {chance} chance "
            f"the rate is still below the target: keep going.{earlier}"
        )
    more = row["applications_to_decide"]
    plausible = pd.notna(more) and 0 < int(more) <= max(int(row["applications"]), 1)
    when = (
        f" About {wording.plural(int(more), 'more application', 'more applications')} old enough to judge should "
        "settle it at this rate."
        if plausible
        else " There is not enough data yet to say when it will be settled."
    )
    return (
        f"There is {chance} chance the rate is below the target, but the evidence is not yet strong enough "
        f"either way (the rule stays honest however often you look): too early to tell.{when}{earlier}"
    )


def _better_channel(row: pd.Series, channels: pd.DataFrame) -> str:
    best = channels.loc[channels["matured"] >= 5]
    if row["verdict"] != "pivot" or not len(best):
        return ""
    top = (best["interviews"] / best["matured"]).idxmax()
    if str(top) == str(row.get("channel")) or best.loc[top, "interviews"] <= 0:
        return ""
    verb = "has" if str(top) == "networking" else "have"
    interviews = wording.plural(int(best.loc[top, "interviews"]), "interview", "interviews")
    return (
        f" {wording.channel_words(top).capitalize()} {verb} given you {interviews} from "
        f"{wording.count(best.loc[top, 'matured'])}."
    )


def _hand_logs() -> dict[str, pd.DataFrame]:
    """Small logs that reach the sentences the samples do not: a hint of a better channel, a pivot before a
    change, a burst of applications while replies fell, segments with no role noted, replies that are never
    invitations."""
    boards = job_board_log([], 150).assign(role_family=["Analyst", None] * 75)
    referrals = job_board_log([0], 10).assign(channel="referral", role_family="Analyst")
    rejected = [(f"2026-02-{1 + i % 28:02d}", "2026-03-02", "applied", "rejected", "2026-03-02", "company_site")
                for i in range(40)]  # fmt: skip
    sites = log(rejected).assign(role_family="Data Engineer")
    mixed = pd.concat([boards, referrals, sites], ignore_index=True)
    mixed["channel"] = mixed["channel"].astype(boards["channel"].dtype)
    bad_then_good = [i for i in range(150, 300) if i % 4 == 0]
    restarted = job_board_log(bad_then_good, 300, resume=lambda i: np.where(i < 150, "v1", "v2"))
    start = pd.Timestamp("2026-01-05")
    sent = [start + pd.Timedelta(weeks=week, days=k % 5) for week in range(12) for k in range(5)]
    answered = [(str(d.date()), str((d + pd.Timedelta(days=3)).date()), "applied", "rejected",
                 str((d + pd.Timedelta(days=3)).date()), "job_board") for d in sent[:40]]  # fmt: skip
    silent = [(str(d.date()), None, "applied", "open", None, "job_board") for d in sent[40:]]
    burst = [(str((start + pd.Timedelta(weeks=12, days=k % 5)).date()), None, "applied", "open", None, "job_board")
             for k in range(15)]  # fmt: skip
    boards = job_board_log([], 1200, start="2023-01-02")
    referred = job_board_log(list(range(0, 1100, 3)), 1100, start="2023-01-02").assign(channel="referral")
    long = pd.concat([boards, referred.astype({"channel": boards["channel"].dtype})], ignore_index=True)
    return {"mixed": mixed, "restarted": restarted, "burst": log(answered + silent + burst), "long": long}


@cache
def _case(name: str) -> tuple[pd.DataFrame, dict]:
    """The applications and options of each pinned case."""
    if name.startswith("hand "):
        hand = {
            "mixed": {},
            "mixed by channel and role": {"by": ["channel", "role_family"], "target": 0.3},
            "restarted": {"by": "channel", "target": 0.08},
            "burst": {"by": "channel", "as_of": "2026-04-05"},
            "long": {"by": "channel"},
        }
        options = {"as_of": AS_OF, **hand[name[5:]]}
        return _hand_logs()[name[5:].split(" by ")[0]], options
    if name.startswith("cohort"):
        cohort = simulate_cohort(40, seed=3)
        options = {
            "cohort by client": {"by": "client_id"},
            "cohort": {},
            "cohort by role, any reply, one target": {"by": "role_family", "kind": "any", "target": 0.4},
        }
        return cohort.applications, {"as_of": cohort.as_of, **options[name]}
    sample = load_sample("sparse_log" if name == "status-only log" else "personal_log")
    options = {
        "sample": {},
        "status-only log": {},
        "by channel": {"by": "channel"},
        "by channel and role": {"by": ["channel", "role_family"]},
        "any reply": {"kind": "any"},
        "a change given": {"changes": ["2026-06-01"]},
        "targets by channel": {"target": {"job_board": 0.3, "referral": 0.6}},
    }[name]
    return sample.applications, {"as_of": sample.as_of, **options}


CASES = ["sample", "status-only log", "by channel", "by channel and role", "any reply", "a change given",
         "targets by channel", "cohort by client", "cohort", "cohort by role, any reply, one target", "hand mixed",
         "hand mixed by channel and role", "hand restarted", "hand burst", "hand long"]  # fmt: skip


@cache
def _pinned(name: str) -> pd.DataFrame:
    apps, options = _case(name)
    return reference(apps, **options)


@pytest.mark.parametrize("name", CASES)
def test_every_column_reads_as_the_reference(name):
    apps, options = _case(name)
    advice, expected = recommend(apps, **options), _pinned(name)
    assert list(advice.columns) == list(expected.columns)
    assert advice["actions"].tolist() == expected["actions"].tolist()
    pd.testing.assert_frame_equal(advice.drop(columns="actions"), expected.drop(columns="actions"))


SENTENCES = ["Put more of your effort", "A hint", "Shift or widen", "Your search is", "You have been sending",
             "none of the", "About ", "There is not enough data", "Before the change", "since you changed strategy",
             " has given you", " have given you", "so far", "time to pivot", "keep going", "(not given)", "noted",
             "with resume", "with client id", "replies were invitations", "interviews from",
             "1 application ", "0 replies from 1,200 applications", "from 1,100 applications"]  # fmt: skip


def test_the_cases_reach_every_kind_of_sentence():
    """The pin means something only where the cases say each sentence the advice can say."""
    said = " ".join(
        " ".join([*table["segment"], *table["explanation"], *(a for actions in table["actions"] for a in actions)])
        for table in map(_pinned, CASES)
    )
    assert [s for s in SENTENCES if s not in said] == []


def test_one_segment_is_labelled_as_in_the_table():
    apps, options = _case("hand mixed by channel and role")
    table = pivot_tests(apps, **options).table
    assert [segment_label(row) for _, row in table.iterrows()] == _pinned("hand mixed by channel and role")[
        "segment"
    ].tolist()
