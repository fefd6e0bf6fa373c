"""When to pivot, in words: the verdict of each strategy explained, and what to change, from the numbers of
:func:`jobsearch_analysis.analysis.pivot.pivot_tests`.

>>> from jobsearch_analysis import load_sample
>>> sample = load_sample()
>>> advice = recommend(sample.applications, as_of=sample.as_of)
>>> set(advice["verdict"]) <= {"pivot", "keep_going", "too_early"}
True
"""

from __future__ import annotations

import pandas as pd

from jobsearch_analysis.analysis.capabilities import what_it_can_tell
from jobsearch_analysis.analysis.pivot import (
    ALPHA,
    FAILING_FRACTION,
    WINDOW_SHARE,
    PivotTests,
    SearchContext,
    pivot_tests,
)
from jobsearch_analysis.present import words as wording

FEEDBACK_MESSAGE = (
    "Thank you again for the interview for the {role} role. I understand you have chosen another candidate. "
    "If you have a moment, I would be grateful for any feedback on how I could have been a stronger candidate."
)
STAGE_ADVICE = {
    "replies": "Few replies at all: rework your resume and cover letter for these roles, tailor each "
    "application to the posting, and aim at roles that match your experience more closely.",
    "invitations": "Replies come, but most are rejections: check that you meet the postings' must-haves, "
    "and lead your resume with the experience these roles ask for.",
    "interviews": "Screens rarely lead to interviews: work on your screening pitch (a two-minute story of "
    "who you are, what you did and why this role), and prepare answers on salary and availability.",
    "offers": "Interviews rarely lead to offers: practise interviews (mock interviews, the STAR method for "
    'examples) and ask for feedback after each rejection, for example: "'
    + FEEDBACK_MESSAGE.format(role="[role]")
    + '"',
}
"""What to change, by the funnel step that leaks most."""
STAGE_EVIDENCE = {
    "replies": "{reached} replies from {out_of} applications old enough to judge",
    "invitations": "{reached} of {out_of} replies were invitations",
    "interviews": "{reached} interviews from {out_of} screens",
    "offers": "{reached} offers from {out_of} interviews",
}
"""The counts behind a weak step, in words."""
COLUMNS = [
    "applications",
    "matured",
    "responses",
    "rate",
    "ci_low",
    "ci_high",
    "target",
    "prob_below_target",
    "llr",
    "verdict",
    "decided_after",
    "decided_on",
    "applications_to_decide",
    "pivot_target",
    "since",
    "earlier_pivot_on",
    "exploratory",
    "weakest_stage",
    "actions",
    "explanation",
]


def recommend(
    apps: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    target: float | dict | None = None,
    kind: str = "positive",
    as_of: object = None,
    alpha: float = ALPHA,
    family: int | None = None,
    changes: list | None = None,
) -> pd.DataFrame:
    """A verdict per strategy segment (pivot, keep going, too early), with the diagnosis and what to change.

    The parameters are those of :func:`~jobsearch_analysis.analysis.pivot.pivot_tests`, which decides; this
    says it in words.

    Returns
    -------
    DataFrame
        One row per segment:

        - ``segment``: the segment in words ("channel: job boards"), ``dimension`` (the columns it splits on)
          and the by-columns (missing where a row splits on other columns)
        - ``applications``, ``matured``, ``responses``, ``rate``, ``ci_low``, ``ci_high``: as in
          :func:`~jobsearch_analysis.analysis.metrics.response_rates` (Wilson 95 %)
        - ``target``: the eventual rate that counts as working
        - ``prob_below_target``: the chance (Jeffreys prior) that the rate is below the target, on the test's scale
        - ``llr``: the log of the evidence that the strategy fails, after the last counted application
        - ``verdict``: ``pivot``, ``keep_going`` or ``too_early``
        - ``decided_after``, ``decided_on``: for a pivot, the counted application at which, and the day on
          which, it was reached
        - ``applications_to_decide``: about how many more counted applications, at the current rate, until a
          verdict (0 once decided; missing when too many to say)
        - ``pivot_target``: the lowest target at which the same counts would already say pivot
        - ``since``: the day of the strategy change the verdict starts from (missing when none), with
          ``earlier_pivot_on`` for a pivot reached before it; ``exploratory`` for splits other than the first
        - ``weakest_stage``: where the funnel leaks most against typical conversions: ``replies``,
          ``invitations`` (replies that are invitations), ``interviews`` (screens that lead to interviews),
          ``offers``; empty when there is too little to tell
        - ``actions``: what to change, each with the evidence behind it (a list of strings)
        - ``explanation``: the verdict in plain words
    """
    tests = pivot_tests(apps, by=by, target=target, kind=kind, as_of=as_of, alpha=alpha, family=family, changes=changes)
    can = what_it_can_tell(apps, as_of=as_of)
    return advise(tests, dated=bool(can.loc["stage_dates" if kind == "positive" else "reply_dates", "supported"]))


def advise(tests: PivotTests, *, dated: bool = True) -> pd.DataFrame:
    """The words for :func:`~jobsearch_analysis.analysis.pivot.pivot_tests`' numbers: see :func:`recommend`.
    ``dated`` False says the log keeps no dates of the replies counted, so the counts are "so far", never
    "within N days"."""
    table, context = tests.table, tests.context
    what = "positive replies (a screen or better)" if tests.kind == "positive" else "replies"
    by_columns = [c for c in table.columns if c not in ("dimension", *COLUMNS) and c not in _NUMBERS]
    actions = [_actions(row, context, what) for _, row in table.iterrows()]  # a few dozen segments
    explanations = [
        _explain(row, what, tests.window_days, context.channels, tests.kind, dated) for _, row in table.iterrows()
    ]
    out = table.assign(segment=[segment_label(row) for _, row in table.iterrows()], actions=actions,
                       explanation=explanations)  # fmt: skip
    return out[["segment", "dimension", *by_columns, *COLUMNS]]


_NUMBERS = ("replies", "screens", "interviews", "offers", "peak_llr", "keep_llr", "family", "weakest_reached",
            "weakest_out_of")  # fmt: skip


def segment_label(row: pd.Series) -> str:
    """A segment as "channel: job boards" or "channel and kind of role: job boards, Data Analyst"."""
    columns = row["dimension"].split(" × ")
    values = [
        "(not given)" if pd.isna(row[c]) else wording.channel_words(row[c]) if c == "channel" else str(row[c])
        for c in columns
    ]
    return f"{wording.dimension_words(row['dimension'])}: {', '.join(values)}"


def _evidence(row: pd.Series, what: str) -> tuple[str, str]:
    """The weakest step and the counts behind it in words (the replies step when nothing is below typical)."""
    stage = row["weakest_stage"]
    if stage:
        reached, out_of = int(row["weakest_reached"]), int(row["weakest_out_of"])
        return stage, STAGE_EVIDENCE[stage].format(reached=reached, out_of=out_of)
    return "replies", f"{row['responses']} {what} from {row['matured']} applications"


def _actions(row: pd.Series, context: SearchContext, what: str) -> list[str]:
    """What to change for one segment, each with the evidence behind it."""
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
                hits, n = int(better.loc[best, "hits"]), int(better.loc[best, "matured"])
                gave = f"{wording.channel_pronoun(best)} gave you {hits} {what} from {n} applications"
                if better.loc[best, "better_p"] < 0.05:  # clearly better than the rest, by Fisher's exact test
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
    """The segment in words: "Applications through job boards for Data Analyst roles"."""
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


def _explain(row: pd.Series, what: str, window: int, channels: pd.DataFrame, kind: str, dated: bool = True) -> str:
    head = f"{_head(row)}{_since(row)}: "
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
    if not dated:  # the log keeps no dates of these replies: it knows they came, not when
        within, old = "so far", f"at least {window} days old"
    counts = (
        f"{wording.plural(int(row['responses']), one, many)} {within} from "
        f"{wording.plural(int(row['matured']), 'application', 'applications')} {old} "
        f"({wording.pct(row['rate'])}, 95 % interval {wording.pct(row['ci_low'])} to {wording.pct(row['ci_high'])}). "
        f"Your target is {wording.pct(row['target'])} in the end, {wording.pct(row['target'] * WINDOW_SHARE)} within "
        f"{window} days. "
    )
    return head + counts + _verdict_words(row) + _better_channel(row, channels)


def _since(row: pd.Series) -> str:
    if pd.isna(row.get("since")):
        return ""
    return f" since you changed strategy on {wording.day(row['since'])}"


def _verdict_words(row: pd.Series) -> str:
    """What the verdict means, in words that agree with it and with the chance beside it."""
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
    # A forecast is only worth giving when it lies within this search's reach: at most as many more as this
    # strategy has had so far (a one-application segment's "444 more" is no forecast).
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
        f"{int(best.loc[top, 'matured'])}."
    )


def in_brief(advice: pd.DataFrame) -> pd.DataFrame:
    """The advice to read first: one row per channel (or per segment of the first dimension when the table has
    no channel rows), with its verdict, explanation and, for a pivot, the first thing to change.

    Takes the table :func:`recommend` returns; the command line's summary and the HTML report both show this.

    >>> from jobsearch_analysis import load_sample
    >>> sample = load_sample()
    >>> brief = in_brief(recommend(sample.applications, as_of=sample.as_of))
    >>> list(brief.columns)
    ['segment', 'verdict', 'explanation', 'first_step']
    """
    if advice.empty:
        return pd.DataFrame(columns=["segment", "verdict", "explanation", "first_step"])
    dimension = "channel" if (advice["dimension"] == "channel").any() else advice["dimension"].iloc[0]
    rows = advice.loc[advice["dimension"] == dimension]
    first = rows["actions"].map(lambda actions: actions[0] if len(actions) else "")
    return pd.DataFrame(
        {
            "segment": rows["segment"],
            "verdict": rows["verdict"],
            "explanation": rows["explanation"],
            "first_step": first.where(rows["verdict"] == "pivot", ""),
        }
    ).reset_index(drop=True)


__all__ = ["FEEDBACK_MESSAGE", "STAGE_ADVICE", "advise", "in_brief", "recommend", "segment_label"]
