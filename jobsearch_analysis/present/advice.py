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
    "within N days". Every column is built for all segments at once (a caseload has thousands)."""
    table, context = tests.table, tests.context
    what = "positive replies (a screen or better)" if tests.kind == "positive" else "replies"
    by_columns = [c for c in table.columns if c not in ("dimension", *COLUMNS) and c not in _NUMBERS]
    out = table.assign(
        segment=_segment_labels(table),
        actions=_actions(table, context, what),
        explanation=_explanations(table, what, tests.window_days, context.channels, tests.kind, dated),
    )
    return out[["segment", "dimension", *by_columns, *COLUMNS]]


_NUMBERS = ("replies", "screens", "interviews", "offers", "peak_llr", "keep_llr", "family", "weakest_reached",
            "weakest_out_of")  # fmt: skip


def segment_label(row: pd.Series) -> str:
    """A segment as "channel: job boards" or "channel and kind of role: job boards, Data Analyst"."""
    return _segment_labels(row.to_frame().T).iloc[0]


def _segment_labels(table: pd.DataFrame) -> pd.Series:
    """:func:`segment_label` for every row of a table with ``dimension`` and the by-columns at once."""

    def value(column: str, rows: pd.Series) -> pd.Series:
        values = table.loc[rows, column]
        said = wording.channels_in_words(values) if column == "channel" else wording.each(values, str)
        return said.mask(values.isna(), "(not given)")

    return _per_dimension(table, value, lead=lambda dimension: f"{wording.dimension_words(dimension)}: ", between=", ")


def _per_dimension(table: pd.DataFrame, part, *, lead, between: str) -> pd.Series:
    """Words for every row, built split by split (a table has a handful): ``lead(dimension)``, then the words
    ``part(column, rows)`` of each of its columns, joined by ``between``."""
    out = pd.Series("", index=table.index, dtype="str")
    for dimension in table["dimension"].unique():
        rows = table["dimension"] == dimension
        parts = [part(column, rows) for column in dimension.split(" × ")]
        joined = parts[0]
        for more in parts[1:]:
            joined = joined + between + more
        out = out.mask(rows, lead(dimension) + joined)
    return out


def _evidence(table: pd.DataFrame, what: str) -> tuple[pd.Series, pd.Series]:
    """The weakest step of each segment and the counts behind it in words (the replies step when nothing is below
    typical)."""
    stage = table["weakest_stage"]
    evidence = wording.fill("{responses} {what} from {matured} applications", table.index, what=what,
                            responses=wording.counts(table["responses"]),
                            matured=wording.counts(table["matured"]))  # fmt: skip
    for name, template in STAGE_EVIDENCE.items():
        said = wording.fill(template, table.index, reached=wording.counts(table["weakest_reached"]),
                            out_of=wording.counts(table["weakest_out_of"]))  # fmt: skip
        evidence = evidence.mask(stage == name, said)
    return stage.mask(stage == "", "replies"), evidence


def _actions(table: pd.DataFrame, context: SearchContext, what: str) -> pd.Series:
    """What to change for each segment, each with the evidence behind it (a list of strings per segment)."""
    index, verdict, dimension = table.index, table["verdict"], table["dimension"]
    pivot = verdict == "pivot"
    diagnosed = pivot | (table["weakest_stage"] != "")
    stage, evidence = _evidence(table, what)
    steps = {"stage": (stage.map(STAGE_ADVICE) + " Evidence: " + evidence + ".").where(diagnosed, "")}
    better, top = _better_than(context.channels, "hits")
    rate = table["rate"].fillna(0).to_numpy(dtype=float)
    steps["channel"] = pd.Series("", index=index, dtype="str")
    if top is not None:
        hits, n = wording.count(better.loc[top, "hits"]), wording.count(better.loc[top, "matured"])
        gave = f"{wording.channel_pronoun(top)} gave you {hits} {what} from {n} applications"
        if better.loc[top, "better_p"] < 0.05:  # clearly better than the rest, by Fisher's exact test
            hint = f"Put more of your effort into {wording.channel_words(top)}: {gave}."
        else:
            hint = (f"A hint: {wording.channel_words(top)} did best so far ({gave}), though not by enough to be sure "
                    "it is better than the rest.")  # fmt: skip
        shown = diagnosed & (dimension == "channel") & (better.loc[top, "ratio"] > rate) & _other_than(table, top)
        steps["channel"] = steps["channel"].mask(shown, hint)
    roles = diagnosed & pivot & dimension.isin(["role_family", "channel × role_family"])
    steps["roles"] = wording.fill(
        "Shift or widen the roles or industries you apply for: broadening the occupations searched raises "
        "interviews (Belot, Kircher & Muller 2019). Evidence: this segment is at {rate} against a target of {target}.",
        index, rate=wording.pcts(table["rate"]), target=wording.pcts(table["target"]),
    ).where(roles, "")  # fmt: skip
    always = [_long_search(context), _overload(context)]
    pieces = pd.DataFrame(steps).to_numpy(dtype=object).tolist()
    extra = [text for text in always if text]
    return pd.Series([[p for p in row if p] + extra for row in pieces], index=index, dtype=object)


def _long_search(context: SearchContext) -> str:
    if context.months < 6:
        return ""
    return (
        f"Your search is {context.months:.0f} months long; employers' callbacks fall after 6 "
        "months and more after 9 (Kroft, Lange & Notowidigdo 2013; Ghayad 2013; Eriksson & "
        "Rooth 2014). Broaden the search, use employment-support services (a career centre, "
        "a public employment service) and consider self-employment or contract work."
    )


def _overload(context: SearchContext) -> str:
    if not context.overload:
        return ""
    return (
        f"You have been sending about {context.pace:.0f} applications a week against your "
        f"usual {context.norm:.0f} while replies fell: slow down, tailor fewer applications, "
        "and protect time for rest."
    )


def _better_than(channels: pd.DataFrame, count: str) -> tuple[pd.DataFrame, object]:
    """The channels with at least 5 applications counted, with the ``ratio`` of ``count`` to them, and the one
    with the highest ratio (None when there is none)."""
    enough = channels.loc[channels["matured"] >= 5]
    enough = enough.assign(ratio=enough[count] / enough["matured"])
    return enough, (enough["ratio"].idxmax() if len(enough) else None)


def _other_than(table: pd.DataFrame, channel: object) -> pd.Series:
    """Whether each segment is other than ``channel`` (every segment of a split on other columns is)."""
    if "channel" not in table:
        return pd.Series(True, index=table.index)
    return wording.each(table["channel"], str) != str(channel)


def _heads(table: pd.DataFrame) -> pd.Series:
    """Each segment in words: "Applications through job boards for Data Analyst roles"."""

    def part(column: str, rows: pd.Series) -> pd.Series:
        values = table.loc[rows, column]
        if column == "channel":
            said = wording.each(values, wording.channel_phrase)
        elif column == "role_family":
            said = "for " + wording.each(values, str) + " roles"
        elif column == "resume_version":
            said = "with resume " + wording.each(values, str)
        else:
            said = f"with {column.replace('_', ' ')} " + wording.each(values, str)
        return said.mask(values.isna(), f"with no {column.replace('_', ' ')} noted")

    return _per_dimension(table, part, lead=lambda dimension: "Applications ", between=" ")


def _explanations(table: pd.DataFrame, what: str, window: int, channels: pd.DataFrame, kind: str,
                  dated: bool = True) -> pd.Series:  # fmt: skip
    """The verdict of each segment in plain words, with the counts behind it."""
    index, since = table.index, table["since"]
    head = _heads(table) + (" since you changed strategy on " + wording.days(since)).where(since.notna(), "") + ": "
    young = wording.fill(
        "none of the {applications} is {window} days old yet, so it is too early to tell; replies may still come.",
        index, applications=wording.plurals(table["applications"], "application", "applications"), window=window,
    )  # fmt: skip
    one, many = (
        ("positive reply (a screen or better)", "positive replies (a screen or better)")
        if kind == "positive"
        else ("reply", "replies")
    )
    within, old = (f"within {window} days", "old enough to judge")
    if not dated:  # the log keeps no dates of these replies: it knows they came, not when
        within, old = "so far", f"at least {window} days old"
    counts = wording.fill(
        "{responses} {within} from {matured} {old} ({rate}, 95 % interval {low} to {high}). Your target is {target} "
        "in the end, {share} within {window} days. ",
        index, responses=wording.plurals(table["responses"], one, many), within=within, old=old, window=window,
        matured=wording.plurals(table["matured"], "application", "applications"), rate=wording.pcts(table["rate"]),
        low=wording.pcts(table["ci_low"]), high=wording.pcts(table["ci_high"]), target=wording.pcts(table["target"]),
        share=wording.pcts(table["target"] * WINDOW_SHARE),
    )  # fmt: skip
    said = counts + _verdict_words(table) + _better_channel(table, channels)
    return head + said.where(table["matured"] != 0, young)


def _verdict_words(table: pd.DataFrame) -> pd.Series:
    """What each verdict means, in words that agree with it and with the chance beside it."""
    index, verdict = table.index, table["verdict"]
    chance = wording.a_chances(table["prob_below_target"])
    earlier = table["earlier_pivot_on"]
    after = (" Before the change, this had reached a pivot on " + wording.days(earlier) + ".").where(
        earlier.notna(), ""
    )
    pivot = wording.fill(
        "Strong evidence that this falls short of the target (reached on {day}; {chance} chance the rate is below "
        "it): time to pivot.", index, day=wording.days(table["decided_on"]), chance=chance,
    )  # fmt: skip
    keep = wording.fill(
        "Strong evidence that this is not failing (well above {failing}), though there is {chance} chance the rate "
        "is still below the target: keep going.", index, failing=wording.pcts(table["target"] * FAILING_FRACTION),
        chance=chance,
    )  # fmt: skip
    more = table["applications_to_decide"]
    # A forecast is only worth giving when it lies within this search's reach: at most as many more as this
    # strategy has had so far (a one-application segment's "444 more" is no forecast).
    plausible = ((more > 0) & (more <= table["applications"].clip(lower=1))).fillna(False).astype(bool)
    when = (
        " About " + wording.plurals(more, "more application", "more applications")
        + " old enough to judge should settle it at this rate."
    ).where(plausible, " There is not enough data yet to say when it will be settled.")  # fmt: skip
    early = wording.fill(
        "There is {chance} chance the rate is below the target, but the evidence is not yet strong enough either "
        "way (the rule stays honest however often you look): too early to tell.", index, chance=chance,
    )  # fmt: skip
    return (early + when + after).mask(verdict == "keep_going", keep + after).mask(verdict == "pivot", pivot)


def _better_channel(table: pd.DataFrame, channels: pd.DataFrame) -> pd.Series:
    """For a pivot, the channel that has given the most interviews for its applications, where it is another."""
    none = pd.Series("", index=table.index, dtype="str")
    best, top = _better_than(channels, "interviews")
    if top is None or best.loc[top, "interviews"] <= 0:
        return none
    verb = "has" if str(top) == "networking" else "have"
    interviews = wording.plural(int(best.loc[top, "interviews"]), "interview", "interviews")
    matured = wording.count(best.loc[top, "matured"])
    said = f" {wording.channel_words(top).capitalize()} {verb} given you {interviews} from {matured}."
    return none.mask((table["verdict"] == "pivot") & _other_than(table, top), said)


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
