"""Measures computed from the canonical applications table: pure functions, DataFrame in, tidy DataFrame out.

Numbers that stay right while a search is still running. An application sent last week that has no reply is
not a "no" yet: rates count only applications old enough to have had their answer (the *reply window*), and
times to reply are time-to-event data, with unanswered applications censored at the as-of date. Applications
whose source records no outcome (LinkedIn's archive; ``outcome_recorded`` False) are left out of every rate and
counted apart.

Any column can be a segment: ``by="channel"``, ``by=["channel", "resume_version"]``, a column of the user's
own, or a period such as ``apps.assign(month=apps["applied_on"].dt.to_period("M"))`` with ``by="month"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from jobsearch_analysis.analysis.survival import cumulative_incidence, kaplan_meier, quantiles
from jobsearch_analysis.schema import Applications as A

KINDS = ("any", "positive")
DEFAULT_WINDOW_DAYS = 30
"""The reply window used when the data hold too few dated replies to estimate one (about 90 % of the replies
that ever come arrive within a month: Kline, Rose & Walters 2022 count employer contact within 30 days)."""
MIN_REPLIES_FOR_WINDOW = 10
WINDOW_STEPS = (7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365)
"""Estimated reply windows are rounded up to one of these lengths in days."""


def replied(apps: pd.DataFrame) -> pd.Series:
    """True where the application got a reply of any kind (a rejection included), dated or not."""
    return (
        apps[A.first_response_on].notna()
        | (apps[A.furthest_stage] > "applied").fillna(False).astype(bool)
        | apps[A.outcome].isin(["rejected", "declined", "hired"])
    )


def headline(apps: pd.DataFrame, *, as_of: object = None) -> pd.DataFrame:
    """The log's headline counts, as plain numbers with no estimate behind them.

    Parameters
    ----------
    apps : DataFrame
        The canonical applications table (``load(...).applications``).
    as_of : date-like
        The day the log describes (``result.as_of`` from :func:`~jobsearch_analysis.load`); required.

    Returns
    -------
    DataFrame
        One row per measure, columns:

        - ``measure``: a short name (``applications``, ``outcome_unknown``, ``any_reply``, ``positive_reply``,
          ``interview``, ``offer``, ``hired``, ``rejected``, ``no_reply_marked``, ``still_open``, ``recent_open``,
          ``weeks``, ``per_week``)
        - ``label``: the measure in words
        - ``value``: the count (or weeks, or applications per week)
        - ``share``: ``value`` as a share of the applications whose outcome is recorded (for replies and
          stages) or of all applications (for ``outcome_unknown``); NaN where no share makes sense or nothing
          is recorded. Applications from a source that records no outcome (LinkedIn's archive) are never
          counted as unanswered. These are shares of everything sent so far: recent applications may still
          get replies, so they understate the final rates.

    Example
    -------
    >>> from jobsearch_analysis import load_sample
    >>> from jobsearch_analysis.analysis.metrics import headline
    >>> sample = load_sample()
    >>> table = headline(sample.applications, as_of=sample.as_of)
    >>> int(table.set_index("measure").loc["applications", "value"]) > 250
    True
    """
    day = as_of_day(apps, as_of)
    n = len(apps)
    recorded = apps[A.outcome_recorded].astype(bool)
    n_recorded = int(recorded.sum())
    stage = apps[A.furthest_stage]
    outcome = apps[A.outcome]
    any_reply = replied(apps) & recorded
    open_ = recorded & (outcome == "open") & ~any_reply
    recent = open_ & ((day - apps[A.applied_on]).dt.days < 30)
    first, last = apps[A.applied_on].min(), apps[A.applied_on].max()
    weeks = ((last - first).days + 1) / 7 if n else 0.0
    # (measure, label, value, denominator of the share: "all", "recorded" or None)
    rows = [
        ("applications", "applications sent", n, None),
        (
            "outcome_unknown",
            "outcome not known (no status, or one nobody can read)",
            n - n_recorded,
            "all",
        ),
        ("any_reply", "got a reply of any kind (a rejection counts)", int(any_reply.sum()), "recorded"),
        ("positive_reply", "got a screen or better", int(((stage >= "screen") & recorded).sum()), "recorded"),
        ("interview", "reached an interview", int(((stage >= "interview") & recorded).sum()), "recorded"),
        ("offer", "reached an offer", int(((stage >= "offer") & recorded).sum()), "recorded"),
        ("hired", "accepted an offer", int(((outcome == "hired") & recorded).sum()), "recorded"),
        ("rejected", "rejected", int(((outcome == "rejected") & recorded).sum()), "recorded"),
        ("no_reply_marked", "marked as no reply / ghosted", int(((outcome == "ghosted") & recorded).sum()), "recorded"),
        ("still_open", "no reply yet and not marked", int(open_.sum()), "recorded"),
        ("recent_open", "of those, sent in the last 30 days", int(recent.sum()), "recorded"),
        ("weeks", "weeks from first to last application", weeks, None),
        ("per_week", "applications per week", n / weeks if weeks else float("nan"), None),
    ]
    frame = pd.DataFrame(rows, columns=["measure", "label", "value", "base"])
    denominator = frame["base"].map({"all": n, "recorded": n_recorded}).astype(float)
    share = (frame["value"].astype(float) / denominator.where(denominator > 0)).where(frame["base"].notna())
    return frame.assign(value=frame["value"].astype(float), share=share).drop(columns="base")


# ----------------------------------------------------------------------------------------------- helpers
def _by(by: str | list[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


AS_OF_NEEDED = (
    "as_of is needed: the day the log describes (result.as_of, from load()); open applications are followed up "
    "to it and nothing after it is believed"
)


def as_of_day(apps: pd.DataFrame, as_of: object) -> pd.Timestamp:
    """The day the log describes, as given: never guessed from the data or from today's date."""
    if as_of is None:
        raise ValueError(AS_OF_NEEDED)
    day = pd.Timestamp(as_of)
    if pd.isna(day):
        raise ValueError(f"as_of={as_of!r} is not a date")
    return day.normalize()


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is not known; use one of {', '.join(repr(k) for k in KINDS)}")


def _check_by(apps: pd.DataFrame, by: list[str]) -> None:
    missing = [column for column in by if column not in apps.columns]
    if missing:
        raise ValueError(f"by={missing!r}: no such column; the table has {', '.join(map(str, apps.columns))}")


def wilson(successes, trials) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95 % interval for ``successes / trials`` (statsmodels), NaN where there are no trials."""
    successes = np.asarray(successes, dtype=float)
    trials = np.asarray(trials, dtype=float)
    safe = np.where(trials > 0, trials, 1)
    low, high = proportion_confint(np.where(trials > 0, successes, 0), safe, alpha=0.05, method="wilson")
    return np.where(trials > 0, low, np.nan), np.where(trials > 0, high, np.nan)


def positive(apps: pd.DataFrame) -> pd.Series:
    """True where the application got a positive reply (a screen or better)."""
    return (apps[A.furthest_stage] >= "screen").fillna(False).astype(bool)


def positive_on(apps: pd.DataFrame) -> pd.Series:
    """The day of the first positive reply (the earliest screen, interview or offer date)."""
    dates = apps[[A.screen_on, A.interview_on, A.offer_on]]
    if not all(pd.api.types.is_datetime64_dtype(dtype) for dtype in dates.dtypes):
        return dates.min(axis=1)
    # column by column (a missing date is passed over), not row by row
    return pd.Series(reduce(np.fmin, (dates[c].to_numpy() for c in dates.columns)), index=apps.index)


def reply_times(apps: pd.DataFrame, *, kind: str = "any", as_of: object = None) -> pd.DataFrame:
    """Per application whose outcome is recorded: days from applying to the reply, or to the censoring.

    Returns
    -------
    DataFrame
        The input rows with ``outcome_recorded`` True, plus ``days`` (to the reply when ``replied``, else to the
        as-of date, or to a withdrawal without reply), ``replied`` (1 when a dated reply of ``kind`` was seen),
        ``undated`` (True for a reply whose date is unknown: it counts in rates but has no place on a time axis).
    """
    check_kind(kind)
    day = as_of_day(apps, as_of)
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    got = replied(recorded) if kind == "any" else positive(recorded)
    when = recorded[A.first_response_on] if kind == "any" else positive_on(recorded)
    ended_silently = recorded[A.outcome].isin(["withdrawn"]) & recorded[A.outcome_on].notna() & ~got
    stop = recorded[A.outcome_on].where(ended_silently, day)
    end = when.where(got & when.notna(), stop)
    days = (end - recorded[A.applied_on]).dt.days.clip(lower=0)
    return recorded.assign(
        days=days.astype(np.int64), replied=(got & when.notna()).astype(np.int64), undated=got & when.isna()
    )


def matured_answers(apps: pd.DataFrame, *, kind: str, as_of: pd.Timestamp, window: int) -> tuple[pd.Series, pd.Series]:
    """Which applications are old enough to judge, and which of those got a reply of ``kind`` within the window.

    An application is matured when it is at least ``window`` days old on the as-of date; it counts as answered
    when the reply came within ``window`` days of applying (a reply whose date is unknown counts as in time).
    This one definition serves the rates, the trend and the pivot test alike.
    """
    matured = (as_of - apps[A.applied_on]).dt.days >= window
    answered = replied(apps) if kind == "any" else positive(apps)
    answered_on = apps[A.first_response_on] if kind == "any" else positive_on(apps)
    in_time = answered_on.isna() | ((answered_on - apps[A.applied_on]).dt.days <= window)
    return matured, answered & in_time & matured


@dataclass(frozen=True)
class ReplyWindow:
    """How long to wait before an unanswered application counts as a "no".

    days     the window in days
    source   "given", "estimated" (the day by which ``share`` of the replies that ever come have come, from the
             Kaplan-Meier curve of dated replies) or "default" (too few dated replies to estimate it)
    replies  how many dated replies the estimate rests on
    share    the share of eventual replies the window covers
    """

    days: int
    source: str
    replies: int
    share: float = 0.9


def reply_window(
    apps: pd.DataFrame, *, kind: str = "any", as_of: object = None, share: float = 0.9, days: int | None = None
) -> ReplyWindow:
    """The reply window: the time by which about ``share`` of the replies that ever come have arrived.

    Estimated from all the applications together (segments are usually too small to estimate their own), from
    the Kaplan-Meier curve of time to a dated reply (silent applications censored at their age): the share
    that ever replies is read where the curve ends, and the window is the first day on which ``share`` of that
    has been reached, rounded up to one of :data:`WINDOW_STEPS` (in simulations the rate at a window found
    this way shows no bias beyond chance; pass ``days``, or ``window=`` to :func:`response_rates`, for a fixed
    horizon). A log that has not yet been followed for long can only show the replies that came within
    its follow-up, so the window is then shorter than it will turn out; rates stay unbiased all the same,
    because :func:`response_rates` counts only replies that came within the window. With fewer than
    :data:`MIN_REPLIES_FOR_WINDOW` dated replies, :data:`DEFAULT_WINDOW_DAYS` is used and said so.

    Example
    -------
    >>> from jobsearch_analysis import load_sample
    >>> sample = load_sample()
    >>> window = reply_window(sample.applications, kind="positive", as_of=sample.as_of)
    >>> window.source, 7 <= window.days <= 60
    ('estimated', True)
    """
    if days is not None:
        return ReplyWindow(int(days), "given", 0, share)
    times = reply_times(apps, kind=kind, as_of=as_of)
    dated = times.loc[~times["undated"]]
    n_replies = int(dated["replied"].sum())
    if n_replies < MIN_REPLIES_FOR_WINDOW:
        return ReplyWindow(DEFAULT_WINDOW_DAYS, "default", n_replies, share)
    curve = kaplan_meier(dated, duration="days", event="replied")
    return window_from_curve(curve, n_replies, share)


def window_from_curve(curve: pd.DataFrame, n_replies: int, share: float = 0.9) -> ReplyWindow:
    """:func:`reply_window`'s estimate from the Kaplan-Meier curve of time to a dated reply (``n_replies`` of
    them, at least :data:`MIN_REPLIES_FOR_WINDOW`): the first day on which ``share`` of the replies that ever
    come have come, rounded up to one of :data:`WINDOW_STEPS`."""
    reached = 1 - curve["survival"]
    first = int(curve.loc[reached >= share * reached.iloc[-1] - 1e-12, "day"].iloc[0])
    # Rounded up to a plain length ("replies within 30 days"). The day the curve crosses the line is where the
    # sample happened to run ahead; stepping past it keeps the rate at the window from leaning high.
    steps = [step for step in WINDOW_STEPS if step >= first]
    return ReplyWindow(steps[0] if steps else first, "estimated", n_replies, share)


# ----------------------------------------------------------------------------------------------- rates
def response_rates(
    apps: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    kind: str = "any",
    as_of: object = None,
    window: int | ReplyWindow | None = None,
) -> pd.DataFrame:
    """Response rates among applications old enough to have had their answer, with Wilson intervals.

    Parameters
    ----------
    apps : DataFrame
        The canonical applications table.
    by : str or list of str, optional
        Segment columns (any column, several at once). None gives one row for everything.
    kind : {"any", "positive"}
        "any" counts any reply, a rejection included; "positive" counts a screen or better.
    as_of : date-like
        The day the log describes (``result.as_of`` from :func:`~jobsearch_analysis.load`); required.
    window : int or ReplyWindow, optional
        Days after which an unanswered application counts as unanswered. Estimated from the data when not
        given (see :func:`reply_window`).

    Returns
    -------
    DataFrame
        One row per segment:

        - the ``by`` columns
        - ``applications``: applications in the segment whose outcome is recorded
        - ``unknown_outcome``: applications from a source that records no outcome (left out of the rate)
        - ``matured``: applications at least ``window_days`` old on the as-of date (the denominator)
        - ``pending``: applications younger than that (left out: their answer may still come)
        - ``responses``: matured applications that got a reply of ``kind`` within ``window_days`` (a reply
          whose date is unknown counts as in time)
        - ``undated``: of those, the replies whose date is unknown (where they are most of ``responses``, the
          rate is of replies so far, not within the window: a status-only log)
        - ``rate``: ``responses / matured``, the chance of a reply within the window; every matured
          application has been followed for the whole window, so silence is no longer mistaken for a "no";
          NaN when nothing has matured ("too early to tell", never 0 %)
        - ``ci_low``, ``ci_high``: Wilson 95 % interval (statsmodels ``proportion_confint``)
        - ``window_days``, ``window_source``: the reply window used and where it came from
        - ``kind``: the kind of reply counted
        - ``note``: why ``rate`` is NaN: "too early to tell" where nothing has matured yet, "no outcome recorded
          ..." where the source records none (LinkedIn's archive, a log without a status column); else empty

    Example
    -------
    >>> from jobsearch_analysis import load_sample
    >>> sample = load_sample()
    >>> rates = response_rates(sample.applications, "channel", kind="positive", as_of=sample.as_of)
    >>> list(rates.columns[:4])
    ['channel', 'applications', 'unknown_outcome', 'matured']
    """
    check_kind(kind)
    keys = _by(by)
    _check_by(apps, keys)
    day = as_of_day(apps, as_of)
    if not isinstance(window, ReplyWindow):
        window = reply_window(apps, kind=kind, as_of=day, days=window)
    table = _rate_counts(apps, keys, kind=kind, as_of=day, window=window.days)
    rate = table["responses"] / table["matured"].where(table["matured"] > 0)
    low, high = wilson(table["responses"], table["matured"])
    table = table.assign(
        rate=rate,
        ci_low=low,
        ci_high=high,
        window_days=window.days,
        window_source=window.source,
        kind=kind,
        note=np.where(
            table["matured"] > 0,
            "",
            np.where(
                table["applications"] > 0,
                "too early to tell",
                "no outcome recorded (no status column, or LinkedIn's archive)",
            ),
        ),
    )
    return table[[*keys, *RATE_COLUMNS]]


RATE_COLUMNS = ("applications", "unknown_outcome", "matured", "pending", "responses", "undated", "rate", "ci_low",
                "ci_high", "window_days", "window_source", "kind", "note")  # fmt: skip
"""The columns of :func:`response_rates` after the segment columns."""


def _rate_counts(apps: pd.DataFrame, keys: list[str], *, kind: str, as_of: pd.Timestamp, window: int) -> pd.DataFrame:
    """Per segment: applications with a recorded outcome, applications without one, those old enough to judge
    (matured), the rest (pending) and the matured ones answered within the window (responses)."""
    recorded = apps[A.outcome_recorded].astype(bool)
    matured, got = matured_answers(apps, kind=kind, as_of=as_of, window=window)
    matured &= recorded
    got &= recorded
    answered_on = apps[A.first_response_on] if kind == "any" else positive_on(apps)
    frame = pd.DataFrame(
        {
            "applications": recorded.astype(np.int64),
            "unknown_outcome": (~recorded).astype(np.int64),
            "matured": matured.astype(np.int64),
            "responses": got.astype(np.int64),
            "undated": (got & answered_on.isna()).astype(np.int64),
        },
        index=apps.index,
    )
    if keys:
        table = frame.join(apps[keys]).groupby(keys, observed=True, dropna=False, sort=True).sum().reset_index()
    else:
        table = frame.sum().to_frame().T.astype(np.int64)
    table["pending"] = table["applications"] - table["matured"]
    return table


# ----------------------------------------------------------------------------------------------- funnel
FUNNEL_STAGES = ("applied", "any_reply", "screen", "interview", "offer", "hired")


def funnel(apps: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """How many applications reached each stage, and the conversion between stages, with Wilson intervals.

    Each application counts once at every stage it reached (a referral that went straight to an interview
    counts at screen too: it got past it). Only applications whose outcome is recorded count.

    Returns
    -------
    DataFrame
        One row per segment and stage (``applied``, ``any_reply``, ``screen``, ``interview``, ``offer``,
        ``hired``, in that order):

        - the ``by`` columns, ``stage``
        - ``reached``: applications that reached the stage
        - ``from_previous``: ``reached`` over the previous stage's ``reached`` (NaN for applied, or when the
          previous stage has none), with ``previous_ci_low``, ``previous_ci_high``
        - ``from_applied``: ``reached`` over the applications, with ``applied_ci_low``, ``applied_ci_high``

    These are counts so far: applications still in progress may yet move on.
    """
    keys = _by(by)
    _check_by(apps, keys)
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    stage = recorded[A.furthest_stage]
    flags = pd.DataFrame(
        {
            "applied": 1,
            "any_reply": replied(recorded).astype(np.int64),
            "screen": (stage >= "screen").astype(np.int64),
            "interview": (stage >= "interview").astype(np.int64),
            "offer": (stage >= "offer").astype(np.int64),
            "hired": (recorded[A.outcome] == "hired").astype(np.int64),
        },
        index=recorded.index,
    )
    if keys:
        wide = flags.join(recorded[keys]).groupby(keys, observed=True, dropna=False, sort=True).sum()
    else:
        wide = flags.sum().to_frame().T.astype(np.int64)
    long = wide.reset_index(drop=not keys).melt(id_vars=keys, var_name="stage", value_name="reached")
    long["stage"] = pd.Categorical(long["stage"], categories=list(FUNNEL_STAGES), ordered=True)
    long = long.sort_values([*keys, "stage"], kind="stable").reset_index(drop=True)
    group = long.groupby(keys, observed=True, dropna=False, sort=False)["reached"] if keys else long["reached"]
    previous = group.shift(1)
    applied = group.transform("first") if keys else pd.Series(long["reached"].iloc[0], index=long.index)
    p_low, p_high = wilson(long["reached"], previous.fillna(0))
    a_low, a_high = wilson(long["reached"], applied)
    return long.assign(
        from_previous=long["reached"] / previous.where(previous > 0),
        previous_ci_low=p_low,
        previous_ci_high=p_high,
        from_applied=long["reached"] / applied.where(applied > 0),
        applied_ci_low=a_low,
        applied_ci_high=a_high,
    )


# ----------------------------------------------------------------------------------------------- time to event
@dataclass(frozen=True)
class TimeToEvent:
    """The answer of :func:`time_to_response` and :func:`time_to_outcome`.

    curve      Kaplan-Meier curve per segment: the by-columns, ``day``, ``survival`` (the chance of no reply, or
               no ending, yet), ``ci_low``, ``ci_high`` (95 %, complementary log-log), ``at_risk``, ``events``,
               ``censored``, ``se``
    summary    one row per segment (see the function)
    incidence  competing endings as cumulative incidence: the by-columns, ``day``, ``ending``, ``incidence``,
               ``ci_low``, ``ci_high``, ``at_risk``, ``events``
    """

    curve: pd.DataFrame
    summary: pd.DataFrame
    incidence: pd.DataFrame


_ALL = "_all"


def _segments(frame: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """A frame and key list that always have a segment column (a constant one when there are no segments)."""
    return (frame, keys) if keys else (frame.assign(**{_ALL: 0}), [_ALL])


def _values_at(curve: pd.DataFrame, keys: list[str], days: int, columns: list[str]) -> pd.DataFrame:
    """Each segment's step-function values at ``days`` (1.0, the curve's start, ahead of its first row)."""
    probe = curve[keys].drop_duplicates().assign(day=days)
    found = curve[[*keys, "day", *columns]].assign(_found=True)
    merged = pd.merge_asof(probe, found, on="day", by=keys, direction="backward").set_index(keys)
    before = merged["_found"].isna()  # the day comes before the curve's first row: nothing has happened yet
    return merged[columns].mask(before, 1.0)


def _followed(curve: pd.DataFrame, keys: list[str], days: int) -> pd.Series:
    """Per segment, how many applications were followed at least ``days`` (at risk on that day)."""
    later = curve.loc[curve["day"] >= days]
    first = later.groupby(keys, observed=True, dropna=False).head(1).set_index(keys)["at_risk"]
    return first.reindex(curve[keys].drop_duplicates().set_index(keys).index).fillna(0)


def _summarise(curve: pd.DataFrame, keys: list[str], counts: pd.DataFrame, horizons=(7, 14, 30)) -> pd.DataFrame:
    """Per segment: quartiles with intervals, the chance of an event within each horizon, the plateau."""
    summary = counts.set_index(keys)
    q = quantiles(curve, by=keys).set_index(keys)
    for p, name in ((0.25, "q25"), (0.5, "median"), (0.75, "q75")):
        part = q.loc[q["p"] == p]
        summary[f"{name}_days"] = part["day"]
        summary[f"{name}_ci_low"] = part["ci_low"]
        summary[f"{name}_ci_high"] = part["ci_high"]
    by_day = curve.sort_values("day", kind="stable")
    for horizon in horizons:
        at = _values_at(by_day, keys, horizon, ["survival", "ci_low", "ci_high"])
        summary[f"within_{horizon}"] = 1 - at["survival"]
        summary[f"within_{horizon}_ci_low"] = 1 - at["ci_high"]
        # Nothing yet by the horizon: the Kaplan-Meier band collapses to 0-0, which no data can support. The
        # exact (Clopper-Pearson) upper bound for none of those followed that long stands in for it.
        followed = _followed(by_day, keys, horizon)
        none_yet = (at["survival"] >= 1) & (followed > 0)
        exact = 1 - 0.025 ** (1 / followed.where(followed > 0))
        summary[f"within_{horizon}_ci_high"] = (1 - at["ci_low"]).mask(none_yet, exact)
    last = curve.groupby(keys, observed=True, dropna=False).tail(1).set_index(keys)
    summary["never"] = last["survival"]
    summary["never_ci_low"] = last["ci_low"]
    summary["never_ci_high"] = last["ci_high"]
    summary["follow_up_days"] = last["day"]
    # Among the applications that do get an answer: the day by which half of the eventual answers have come.
    never = curve.join(last["survival"].rename("never"), on=keys)["never"]
    half = curve.loc[((1 - curve["survival"]) >= 0.5 * (1 - never) - 1e-12) & (curve["events"] > 0)]
    summary["median_days_among_events"] = half.groupby(keys, observed=True, dropna=False)["day"].min()
    return summary.reset_index()


def time_to_response(apps: pd.DataFrame, by: str | list[str] | None = None, *, as_of: object = None) -> TimeToEvent:
    """Time from applying to the first reply of any kind, with silence as censoring (Kaplan-Meier).

    An application without a reply is followed up to the as-of date (or to the day it was withdrawn) and
    counts as "no reply *yet*". Replies whose date is unknown cannot be placed in time and are counted apart
    (``undated_replies``). Competing endings (a positive reply against a rejection as the first answer) are
    given as cumulative incidence, not as 1 - Kaplan-Meier, which would overstate each.

    Returns
    -------
    TimeToEvent
        ``curve`` (see :class:`TimeToEvent`), ``incidence`` (``ending`` "positive" or "rejection") and
        ``summary``, one row per segment with:

        - the ``by`` columns, ``applications`` (recorded, with a place in time), ``replies`` (dated),
          ``undated_replies``
        - ``median_days``, ``q25_days``, ``q75_days`` with ``*_ci_low``, ``*_ci_high``: days by which a quarter,
          half, three quarters of applications got a reply (NaN when fewer ever do: most never answer)
        - ``within_7``, ``within_14``, ``within_30`` with intervals: the chance of a reply within that many days
        - ``never``, ``never_ci_low``, ``never_ci_high``: the chance of no reply by the end of follow-up
          (``follow_up_days``), the estimate of the share that never replies
        - ``median_days_among_events``: among the applications that do get a reply, the day by which half of
          them have it
        - ``note``: why the estimates are NaN where they are: when at least half of a segment's replies have no
          date (a log that keeps a status but no reply dates), leaving them out would make replies look rarer
          and later than they are, so the segment gets no estimate (and no curve), never a 0 % with a 0-0
          interval. Where nothing has happened by a horizon the upper bound is the exact (Clopper-Pearson) one
          for none of the applications followed that long.
    """
    by_columns = _by(by)
    _check_by(apps, by_columns)
    times, keys = _segments(reply_times(apps, kind="any", as_of=as_of), by_columns)
    dated = times.loc[~times["undated"]]
    # First answers: positive (a screen or better first) or a rejection.
    first_positive = positive(dated) & (positive_on(dated) <= dated[A.first_response_on])
    cause = np.where(dated["replied"] == 1, np.where(first_positive, 1, 2), 0)
    names = {"events": "replies", "undated": "undated_replies"}
    return _time_to_event(
        times, dated.assign(_cause=cause), keys, by_columns, "replied", {1: "positive", 2: "rejection"}, names
    )


ENDINGS = {1: "rejected", 2: "hired", 3: "declined", 4: "withdrawn"}


def time_to_outcome(apps: pd.DataFrame, by: str | list[str] | None = None, *, as_of: object = None) -> TimeToEvent:
    """Time from applying to a known ending (rejected, hired, declined, withdrawn), silence censored.

    Applications still open, or marked ghosted, are followed up to the as-of date. Endings without a date are
    counted apart (``undated_outcomes``). The competing endings are given as cumulative incidence.

    Returns
    -------
    TimeToEvent
        As :func:`time_to_response`, with ``outcomes`` and ``undated_outcomes`` in the summary and the four
        endings in ``incidence``.
    """
    by_columns = _by(by)
    _check_by(apps, by_columns)
    day = as_of_day(apps, as_of)
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    ended = recorded[A.outcome].isin(list(ENDINGS.values()))
    dated = ended & recorded[A.outcome_on].notna()
    end = recorded[A.outcome_on].where(dated, day)
    times = recorded.assign(
        days=(end - recorded[A.applied_on]).dt.days.clip(lower=0).astype(np.int64),
        ended=dated.astype(np.int64),
        undated=ended & ~dated,
    )
    times, keys = _segments(times, by_columns)
    usable = times.loc[~times["undated"]]
    codes = {name: code for code, name in ENDINGS.items()}
    cause = usable[A.outcome].astype(str).map(codes).where(usable["ended"] == 1, 0).fillna(0).astype(np.int64)
    names = {"events": "outcomes", "undated": "undated_outcomes"}
    return _time_to_event(times, usable.assign(_cause=cause), keys, by_columns, "ended", ENDINGS, names)


def _time_to_event(times, usable, keys, by_columns, event, endings, names) -> TimeToEvent:
    """Kaplan-Meier curve, summary and competing-ending incidence for prepared times.

    The segments are numbered once (in their sorted order) and everything is computed on the numbers, which
    align and merge far faster than a hundred thousand client ids; the keys are put back at the end."""
    segment = times.groupby(keys, observed=True, dropna=False, sort=True).ngroup().rename(_SEGMENT)
    table = times.loc[~segment.duplicated(), keys].set_index(segment[~segment.duplicated()].to_numpy())
    times = times.assign(**{_SEGMENT: segment})
    usable = usable.assign(**{_SEGMENT: segment.loc[usable.index]})
    curve = kaplan_meier(usable, duration="days", event=event, by=[_SEGMENT])
    summary = _summarise(curve, [_SEGMENT], _event_counts(times, [_SEGMENT], event)).rename(columns=names)
    incidence = _incidence(usable, [_SEGMENT], endings)

    def decoded(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.join(table, on=_SEGMENT)
        return out[[*keys, *(c for c in frame.columns if c != _SEGMENT)]]

    summary, untimed = _untimed(summary, names)
    curve = curve.loc[~curve[_SEGMENT].isin(untimed)]
    incidence = incidence.loc[~incidence[_SEGMENT].isin(untimed)]
    curve, summary, incidence = decoded(curve), decoded(summary), decoded(incidence)
    columns = [*by_columns, "day", "survival", "ci_low", "ci_high", "at_risk", "events", "censored", "se"]
    drop = [] if by_columns else [_ALL]
    return TimeToEvent(curve=curve[columns], summary=summary.drop(columns=drop), incidence=incidence.drop(columns=drop))


_SEGMENT = "_segment"
ESTIMATES = ("q25", "median", "q75", "within_7", "within_14", "within_30", "never")
"""The estimates of a time-to-event summary (each with ``*_ci_low`` and ``*_ci_high``, or ``*_days``)."""


def _untimed(summary: pd.DataFrame, names: dict[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Segments whose events are mostly undated cannot be placed in time: leaving the undated ones out would
    make the events look rarer and later than they are. Their estimates are NaN, with the reason in ``note``;
    returns the summary and the segments' numbers."""
    events, undated = summary[names["events"]], summary[names["undated"]]
    untimed = (undated > 0) & (undated >= events)
    what = "replies" if names["events"] == "replies" else "outcomes"
    note = (
        undated.astype(str) + " of the " + (events + undated).astype(str) + f" {what} have no date, so how soon"
        " they come cannot be measured"
    )
    estimates = [c for c in summary.columns if c.startswith(ESTIMATES) or c == "median_days_among_events"]
    summary = summary.assign(note=note.where(untimed, ""))
    summary.loc[untimed, estimates] = np.nan
    return summary, summary.loc[untimed, _SEGMENT].to_numpy()


def _event_counts(times: pd.DataFrame, keys: list[str], event: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "applications": (~times["undated"]).astype(np.int64),
            "events": times[event].astype(np.int64),
            "undated": times["undated"].astype(np.int64),
        },
        index=times.index,
    )
    return frame.join(times[keys]).groupby(keys, observed=True, dropna=False, sort=True).sum().reset_index()


def _incidence(frame: pd.DataFrame, keys: list[str], names: dict[int, str]) -> pd.DataFrame:
    columns = [*keys, "day", "ending", "incidence", "ci_low", "ci_high", "at_risk", "events"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    table = cumulative_incidence(frame, duration="days", cause="_cause", causes=len(names), by=keys)
    z = 1.959963984540054
    return table.assign(
        ending=table["cause"].map(names),
        ci_low=(table["incidence"] - z * table["se"]).clip(lower=0),
        ci_high=(table["incidence"] + z * table["se"]).clip(upper=1),
    )[columns]


# ----------------------------------------------------------------------------------------------- ghosting
def ghosting(
    apps: pd.DataFrame, by: str | list[str] | None = None, *, after_days: int | None = None, as_of: object = None
) -> pd.DataFrame:
    """The share of applications with no reply at all once past the ghosting threshold.

    Parameters
    ----------
    after_days : int, optional
        Days of silence after which an application counts as ghosted (trackers use 12 to 60). Derived from
        the data when not given: the reply window of any reply (the day by which about 90 % of the replies that
        ever come have come), see :func:`reply_window`.

    Returns
    -------
    DataFrame
        One row per segment: the ``by`` columns, ``applications`` (recorded), ``past_threshold`` (at least
        ``threshold_days`` old), ``ghosted`` (of those, no reply of any kind), ``share`` with ``ci_low``,
        ``ci_high`` (Wilson 95 %), ``threshold_days``, ``threshold_source``.
    """
    window = reply_window(apps, kind="any", as_of=as_of, days=after_days)
    rates = response_rates(apps, by, kind="any", as_of=as_of, window=window)
    ghosted = rates["matured"] - rates["responses"]
    low, high = wilson(ghosted, rates["matured"])
    keys = _by(by)
    return rates[keys].assign(
        applications=rates["applications"],
        past_threshold=rates["matured"],
        ghosted=ghosted,
        share=ghosted / rates["matured"].where(rates["matured"] > 0),
        ci_low=low,
        ci_high=high,
        threshold_days=window.days,
        threshold_source=window.source,
    )


# ----------------------------------------------------------------------------------------------- sankey
SANKEY_TERMINALS = ("Rejected", "No response", "Withdrew", "Pending", "Accepted", "Declined", "Outcome unknown")


def sankey_flows(apps: pd.DataFrame, *, ghost_after: int | None = None, as_of: object = None) -> pd.DataFrame:
    """The flows of a funnel Sankey diagram: Applications -> Screen -> Interview -> Offer -> Accepted, with the
    endings (Rejected, No response, Withdrew, Pending, Declined) branching off at every stage.

    Each application follows one path and counts once at every stage on it: through Screen when it reached a
    screen (a referral that went straight to an interview skips it), then Interview and Offer, and into one
    ending. An application that is still open goes to Pending, or to No response once its last news is older
    than ``ghost_after`` days (derived from the data when not given, as in :func:`ghosting`); one marked
    ghosted goes to No response. Applications from a source that records no outcome go to Outcome unknown.
    Every node's inflow equals its outflow plus what ends there.

    Returns
    -------
    DataFrame
        One row per flow with at least one application: ``source``, ``target``, ``value`` (applications),
        ``share`` (of all applications), ``stage_share`` (of the applications that reached ``source``).
    """
    day = as_of_day(apps, as_of)
    threshold = reply_window(apps, kind="any", as_of=day, days=ghost_after).days
    recorded = apps[A.outcome_recorded].astype(bool)
    stage = apps[A.furthest_stage]
    at_interview = (stage >= "interview").fillna(False).astype(bool)
    skipped_screen = at_interview & apps[A.screen_on].isna() & apps[A.interview_on].notna()
    passes = {
        "Screen": recorded & (stage >= "screen").fillna(False).astype(bool) & ~skipped_screen,
        "Interview": recorded & at_interview,
        "Offer": recorded & (stage >= "offer").fillna(False).astype(bool),
    }
    last_news = apps[[A.applied_on, A.first_response_on, A.screen_on, A.interview_on, A.offer_on]].max(axis=1)
    quiet = (day - last_news).dt.days > threshold
    outcome = apps[A.outcome].astype(str)
    ending = pd.Series(
        np.select(
            [
                ~recorded,
                outcome == "hired",
                outcome == "declined",
                outcome == "rejected",
                outcome == "withdrawn",
                (outcome == "ghosted") | quiet,
            ],
            ["Outcome unknown", "Accepted", "Declined", "Rejected", "Withdrew", "No response"],
            default="Pending",
        ),
        index=apps.index,
    )
    last_stage = pd.Series("Applications", index=apps.index)
    for node, mask in passes.items():
        last_stage = last_stage.mask(mask, node)
    edges = [
        ("Applications", "Screen", passes["Screen"]),
        ("Applications", "Interview", passes["Interview"] & ~passes["Screen"]),
        ("Screen", "Interview", passes["Interview"] & passes["Screen"]),
        ("Interview", "Offer", passes["Offer"]),
    ]
    counts = [(source, target, int(mask.sum())) for source, target, mask in edges]
    endings = pd.DataFrame({"source": last_stage, "target": ending}).value_counts().reset_index(name="value")
    flows = pd.concat([pd.DataFrame(counts, columns=["source", "target", "value"]), endings], ignore_index=True)
    order = {name: i for i, name in enumerate(("Applications", "Screen", "Interview", "Offer", *SANKEY_TERMINALS))}
    flows = flows.loc[flows["value"] > 0]
    flows = flows.sort_values(["source", "target"], key=lambda c: c.map(order), kind="stable", ignore_index=True)
    reached = {"Applications": len(apps), **{node: int(mask.sum()) for node, mask in passes.items()}}
    return flows.assign(
        share=flows["value"] / max(len(apps), 1),
        stage_share=flows["value"] / flows["source"].map(reached).replace(0, np.nan),
    )


def to_sankeymatic(flows: pd.DataFrame) -> str:
    """SankeyMATIC's text format, one flow a line: ``Applications [25] Screen``."""
    lines = [f"{row.source} [{int(row.value)}] {row.target}" for row in flows.itertuples(index=False)]
    return "\n".join(lines) + ("\n" if lines else "")


# ----------------------------------------------------------------------------------------------- activity
def activity(
    apps: pd.DataFrame,
    *,
    freq: str = "W-SUN",
    goal: int | None = None,
    as_of: object = None,
    overload_factor: float = 1.5,
    norm_periods: int = 8,
) -> pd.DataFrame:
    """Applications per period against a goal, with streaks and an overload signal.

    Parameters
    ----------
    freq : str, default "W-SUN"
        The period (a pandas period alias): weeks from Monday to Sunday by default, "M" for months.
    goal : int, optional
        Applications per period the person aims for. Without it, ``met`` and the streaks are NaN/0.
    overload_factor, norm_periods : float, int
        A period is flagged as overload when its count is at least ``overload_factor`` times the person's
        norm (the median of the ``norm_periods`` periods before it, once there are four) while the reply rate
        of the applications in the latest periods has fallen below the earlier one: pace far above the
        person's own norm while replies fall, the moment to slow down and protect time for rest.

    Returns
    -------
    DataFrame
        One row per period from the first application to the as-of date, empty periods included:

        - ``period_start``: the first day of the period
        - ``applications``: applications sent in it
        - ``goal``, ``met``: the goal and whether it was reached (NaN without a goal)
        - ``streak``: periods in a row with the goal met, up to and including this one (the current streak
          is the last row's, the longest is the maximum)
        - ``norm``: the person's usual pace before this period (median of the previous periods)
        - ``replies``: applications of the period that got a reply of any kind so far
        - ``overload``: True where the pace ran far above the norm while replies fell
        - ``in_progress``: True for the period that holds the as-of date and is not over yet (its count is so
          far; not having met the goal yet does not end the streak)
    """
    day = as_of_day(apps, as_of)
    counts = _period_counts(apps, freq, day)
    if counts.empty:
        return pd.DataFrame(columns=list(ACTIVITY_COLUMNS))
    n = counts["applications"]
    met = (n >= goal) if goal is not None else pd.Series(False, index=counts.index)
    # The period holding the as-of date is still running: not having met the goal yet does not break a streak.
    in_progress = pd.Series(counts.index.end_time.normalize() > day, index=counts.index)
    streak = _streaks(met, in_progress)
    norm = n.shift(1).rolling(norm_periods, min_periods=4).median()
    return pd.DataFrame(
        {
            "period_start": counts.index.start_time,
            "applications": n.to_numpy(),
            "goal": goal if goal is not None else np.nan,
            "met": met.to_numpy() if goal is not None else np.nan,
            "streak": streak.to_numpy(),
            "norm": norm.to_numpy(),
            "replies": counts["replies"].to_numpy(),
            "overload": _overload(counts, norm, overload_factor).to_numpy(dtype=bool),
            "in_progress": in_progress.to_numpy(dtype=bool),
        }
    )


ACTIVITY_COLUMNS = ("period_start", "applications", "goal", "met", "streak", "norm", "replies", "overload",
                    "in_progress")  # fmt: skip
"""The columns of :func:`activity`."""


def _period_counts(apps: pd.DataFrame, freq: str, day: pd.Timestamp) -> pd.DataFrame:
    """Per period from the first application's to the as-of date's (empty ones included): applications,
    replies of any kind so far, and applications whose outcome is recorded. Empty without applications."""
    periods = apps[A.applied_on].dt.to_period(freq)
    recorded = apps[A.outcome_recorded].astype(bool)
    matured, answered = matured_answers(apps, kind="any", as_of=day, window=DEFAULT_WINDOW_DAYS)
    flags = pd.DataFrame(
        {
            "applications": 1,
            "replies": (replied(apps) & recorded).astype(int),
            "recorded": recorded.astype(int),
            "matured": (matured & recorded).astype(int),
            "answered": (answered & recorded).astype(int),
        },
        index=apps.index,
    )
    counts = flags.groupby(periods.rename("period")).sum()
    if counts.empty:
        return counts
    full = pd.period_range(counts.index.min(), max(counts.index.max(), day.to_period(freq)), freq=counts.index.freq)
    return counts.reindex(full, fill_value=0)


def _streaks(met: pd.Series, in_progress: pd.Series) -> pd.Series:
    """Periods in a row with the goal met, up to and including each; the period still running keeps the
    streak before it while its goal is not met yet."""
    streak = met.astype(int).groupby((~met).cumsum()).cumsum()
    if len(streak) > 1 and in_progress.iloc[-1] and not met.iloc[-1]:
        streak.iloc[-1] = streak.iloc[-2]
    return streak


def _overload(counts: pd.DataFrame, norm: pd.Series, factor: float) -> pd.Series:
    """Periods whose pace ran ``factor`` times above the norm while replies fell: the reply rate of the last
    four periods whose applications are old enough to judge (:func:`matured_answers`) clearly below the four
    before. Applications too young to have had their answer never make the rate look as if it fell."""
    n = counts["applications"]
    judged = counts.loc[counts["matured"] > 0]
    hits = judged["answered"].rolling(4, min_periods=2).sum()
    sent = judged["matured"].rolling(4, min_periods=2).sum()
    before_hits, before_sent = hits.shift(4), sent.shift(4)
    # "Fell" means clearly lower: a one-sided two-proportion z-test at 5 %, not any dip of chance.
    pooled = (hits + before_hits) / (sent + before_sent)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / sent + 1 / before_sent))
    z = (before_hits / before_sent - hits / sent) / spread.where(spread > 0)
    fell = (z > 1.645).reindex(counts.index).ffill().fillna(False).astype(bool)
    return ((n >= factor * norm) & (norm > 0) & fell).fillna(False)


# ----------------------------------------------------------------------------------------------- comparisons
def compare(
    apps: pd.DataFrame,
    by: str | list[str],
    *,
    kind: str = "any",
    as_of: object = None,
    window: int | ReplyWindow | None = None,
) -> pd.DataFrame:
    """Whether segments really differ in their response rate, each against all the others.

    Counts are those of :func:`response_rates` (matured applications, replies within the window). Each
    segment's 2x2 table (its replies and silences against the rest's) gets Fisher's exact test, two-sided
    (scipy); the p-values are corrected for comparing many segments with Holm's method (statsmodels
    ``multipletests``). All segments together get a chi-square test of independence.

    Returns
    -------
    DataFrame
        One row per segment: the ``by`` columns, ``matured``, ``responses``, ``rate``, ``rest_rate`` (the other
        segments pooled), ``difference`` (rate - rest_rate) with ``diff_ci_low``, ``diff_ci_high`` (Newcombe's
        95 % interval, statsmodels), ``odds_ratio``, ``p_value`` (Fisher), ``p_adjusted`` (Holm), ``overall_chi2``
        and ``overall_p_value`` (chi-square test across all segments; NaN when it cannot be computed).
    """
    from scipy.stats import chi2_contingency, fisher_exact
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import confint_proportions_2indep

    keys = _by(by)
    if not keys:
        raise ValueError("by= is needed: name the column whose segments to compare")
    rates = response_rates(apps, keys, kind=kind, as_of=as_of, window=window)
    rates = rates.loc[rates["matured"] > 0].reset_index(drop=True)
    yes = rates["responses"].to_numpy()
    no = (rates["matured"] - rates["responses"]).to_numpy()
    rest_yes, rest_no = yes.sum() - yes, no.sum() - no
    p_values, odds, low, high = [], [], [], []
    for a, b, c, d in zip(yes, no, rest_yes, rest_no, strict=True):  # one small table per segment
        result = fisher_exact([[a, b], [c, d]])
        odds.append(result.statistic)
        p_values.append(result.pvalue)
        if a + b > 0 and c + d > 0:
            lo, hi = confint_proportions_2indep(a, a + b, c, c + d, method="newcomb", compare="diff")
        else:
            lo, hi = np.nan, np.nan
        low.append(lo)
        high.append(hi)
    adjusted = multipletests(p_values, method="holm")[1] if p_values else []
    table = np.array([yes, no])
    usable = table[:, table.sum(axis=0) > 0]
    if usable.shape[1] >= 2 and (usable.sum(axis=1) > 0).all():
        chi2, overall_p, _, _ = chi2_contingency(usable)
    else:
        chi2, overall_p = np.nan, np.nan
    rest_rate = rest_yes / np.where(rest_yes + rest_no > 0, rest_yes + rest_no, np.nan)
    return rates[[*keys, "matured", "responses", "rate"]].assign(
        rest_rate=rest_rate,
        difference=rates["rate"] - rest_rate,
        diff_ci_low=low,
        diff_ci_high=high,
        odds_ratio=odds,
        p_value=p_values,
        p_adjusted=adjusted,
        overall_chi2=chi2,
        overall_p_value=overall_p,
    )


# ----------------------------------------------------------------------------------------------- trend
@dataclass(frozen=True)
class Trend:
    """The answer of :func:`trend`.

    rolling  one row per matured application in date order: ``applied_on``, ``rate`` (replies among the last
             ``window`` matured applications), ``ci_low``, ``ci_high`` (Wilson 95 %), ``n`` (applications in
             the window, fewer at the start)
    changes  one row per value of the change column in order of first use: the value, ``first_used``,
             ``matured``, ``responses``, ``rate``, ``ci_low``, ``ci_high``, and against the value before it
             ``difference`` and ``p_value`` (Fisher's exact test, two-sided)
    """

    rolling: pd.DataFrame
    changes: pd.DataFrame


def trend(
    apps: pd.DataFrame,
    *,
    window: int = 30,
    kind: str = "any",
    change: str = "resume_version",
    as_of: object = None,
    reply_days: int | ReplyWindow | None = None,
) -> Trend:
    """Rolling response rate over time, and the rate before and after a change (a new resume version, say).

    Only matured applications count (see :func:`response_rates`), so the latest weeks do not drag the line
    down for lack of time.
    """
    from scipy.stats import fisher_exact

    check_kind(kind)
    day = as_of_day(apps, as_of)
    if not isinstance(reply_days, ReplyWindow):
        reply_days = reply_window(apps, kind=kind, as_of=day, days=reply_days)
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    old_enough, answered = matured_answers(recorded, kind=kind, as_of=day, window=reply_days.days)
    matured = recorded.loc[old_enough]
    hits = answered.loc[old_enough].astype(int)
    ordered = pd.DataFrame({"applied_on": matured[A.applied_on], "hit": hits}).sort_values(
        "applied_on", kind="stable", ignore_index=True
    )
    sums = ordered["hit"].rolling(window, min_periods=1).sum()
    n = ordered["hit"].rolling(window, min_periods=1).count()
    low, high = wilson(sums, n)
    rolling = ordered[["applied_on"]].assign(rate=sums / n, ci_low=low, ci_high=high, n=n.astype(int))

    if change not in matured.columns:
        raise ValueError(f"change={change!r}: no such column")
    groups = pd.DataFrame({"value": matured[change], "applied_on": matured[A.applied_on], "hit": hits})
    changes = (
        groups.groupby("value", observed=True, dropna=True)
        .agg(first_used=("applied_on", "min"), matured=("hit", "size"), responses=("hit", "sum"))
        .sort_values("first_used")
        .reset_index()
        .rename(columns={"value": change})
    )
    low, high = wilson(changes["responses"], changes["matured"])
    changes = changes.assign(rate=changes["responses"] / changes["matured"], ci_low=low, ci_high=high)
    previous = changes[["matured", "responses"]].shift(1)
    p_values = [np.nan]
    for (m, r), (pm, pr) in zip(
        changes[["matured", "responses"]].to_numpy()[1:], previous.to_numpy()[1:], strict=True
    ):  # one table per change
        p_values.append(fisher_exact([[r, m - r], [pr, pm - pr]]).pvalue)
    changes = changes.assign(difference=changes["rate"] - changes["rate"].shift(1), p_value=p_values[: len(changes)])
    return Trend(rolling=rolling, changes=changes)


# ----------------------------------------------------------------------------------------------- feedback
def feedback(apps: pd.DataFrame, *, as_of: object = None, window: int | ReplyWindow | None = None) -> pd.DataFrame:
    """How often feedback was asked for and received, and whether the replies that came after the first
    request differ from those before it.

    Returns
    -------
    DataFrame
        One row per measure, columns ``measure``, ``value``, ``share``, ``ci_low``, ``ci_high``:

        - ``asked``: applications where feedback was asked for (share of applications with an answer on it)
        - ``received``: of those, how many got feedback (share of ``asked``, Wilson interval)
        - ``rate_before_first_request`` and ``rate_after_first_request``: response rates (any reply, matured
          applications, within the reply window) of the applications sent before and after the day feedback was
          first asked for; ``p_value`` on the "after" row (Fisher's exact test). Asking does not cause replies:
          this only shows whether the search went differently after the person began to ask.
    """
    from scipy.stats import fisher_exact

    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    requested = recorded[A.feedback_requested]
    received = recorded[A.feedback_received]
    known = int(requested.notna().sum())
    asked = int(requested.fillna(False).astype(bool).sum())
    got = int((requested.fillna(False).astype(bool) & received.fillna(False).astype(bool)).sum())
    rows = []
    low, high = wilson([asked], [known])
    rows.append(("asked", asked, asked / known if known else np.nan, low[0], high[0], np.nan))
    low, high = wilson([got], [asked])
    rows.append(("received", got, got / asked if asked else np.nan, low[0], high[0], np.nan))
    asked_dates = recorded.loc[requested.fillna(False).astype(bool), A.applied_on]
    if len(asked_dates):
        first = asked_dates.min()
        period = np.where(recorded[A.applied_on] < first, "before", "after")
        rates = response_rates(recorded.assign(_period=period), "_period", as_of=as_of, window=window)
        rates = rates.set_index("_period").reindex(["before", "after"])
        table = rates[["responses", "matured"]].fillna(0).to_numpy()
        p = fisher_exact([[table[0, 0], table[0, 1] - table[0, 0]], [table[1, 0], table[1, 1] - table[1, 0]]]).pvalue
        for name in ("before", "after"):
            row = rates.loc[name]
            rows.append(
                (
                    f"rate_{name}_first_request",
                    row["responses"],
                    row["rate"],
                    row["ci_low"],
                    row["ci_high"],
                    p if name == "after" else np.nan,
                )
            )
    return pd.DataFrame(rows, columns=["measure", "value", "share", "ci_low", "ci_high", "p_value"])
