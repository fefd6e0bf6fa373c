"""When to pivot: a sequential test per strategy and a diagnosis of where the funnel leaks, as numbers and codes
(:mod:`jobsearch_analysis.present.advice` says them in words, with what to change).

The decision rule
-----------------
A person looks at their numbers after every application, so the rule must stay honest under continual looking.
A fixed-sample test repeated after each application raises false alarms far above its nominal level; Wald's
sequential probability ratio test (SPRT) is built for exactly this use, and among tests with the same error
rates it needs the fewest applications on average. For each strategy segment:

* H0: the segment's positive-reply rate is at the target (the strategy works);
  H1: it is a third of the target (the strategy fails).
* The matured applications (old enough to have had their answer, see :func:`jobsearch_analysis.analysis.metrics.
  response_rates`) are taken in the order they were sent; each adds log(p1/p0) to the log-likelihood ratio when
  it got a reply within the reply window and log((1-p1)/(1-p0)) when it did not. Applications still inside the
  window add nothing, so a burst of recent, unanswered applications can never trigger a pivot.
* When the running sum reaches log((1 - beta)/alpha) the verdict is ``pivot``, and it stays so. The sum is
  floored at Wald's other boundary, log(beta/(1 - alpha)): once it has reached that floor, and while the ratio
  still favours the target (the sum is below 0), the verdict is ``keep_going`` (the evidence says the strategy
  works); otherwise it is ``too_early``. The floor is the one change from
  Wald's test, which stops at either boundary: a person keeps searching after a good start, and a strategy that
  starts well and then fails must still be caught, while a lucky early run must not bank credit without limit.
  The pivot boundary uses alpha = 3 % and beta = 20 %, the floor beta = 10 %: because the walk goes on
  after a good start, a working strategy gets more than one chance to be called failing over a long search,
  and a per-crossing 3 % keeps the whole-search false-pivot rate under 5 % (``benchmarks/pivot_eval.py``
  measures it over thousands of 300-application searches: 4.5 %, with pivots about 1.2 times as late as Wald's
  own test at 5 %, which stops for good at its first boundary and so misses strategies that fail later).
  Example (Wald's own 5 % and 20 %): a job-board interview target of 6 % against a failing 2 % says pivot
  after 67 matured applications without an interview, or 94 with one.

Beside the verdict, ``prob_below_target`` is the Bayesian answer people find easier to read: the posterior chance
that the true rate is below the target, with a weak Beta prior centred on the target and worth two applications.
It explains; the SPRT decides.

Default targets are published base rates per channel (sources in :data:`BASE_RATES`), for an average applicant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import beta as beta_dist

from jobsearch_analysis.analysis.metrics import (
    activity,
    as_of_day,
    check_kind,
    matured_answers,
    positive,
    replied,
    reply_window,
    wilson,
)
from jobsearch_analysis.schema import Applications as A

ALPHA = 0.03
BETA = 0.20
FLOOR_BETA = 0.10
WALD_ALPHA = 0.05
FAILING_FRACTION = 1 / 3
PRIOR_WEIGHT = 2.0
MIN_MATURED_FOR_COMBINATIONS = 30

BASE_RATES: dict[str, dict[str, float]] = {
    # Positive reply (a screen or better). Cold applications to job ads got a callback about 8 % of the time in
    # the classic US resume audit (Bertrand & Mullainathan 2004, AER, Table 1) and 11-16 % in Toronto
    # (Oreopoulos 2011); company career pages convert 2-4x better than job boards and referrals 5-10x
    # (Lever 2017 hiring benchmark; CareerPlug 2025), which the callback targets below temper, since most of
    # that advantage shows at later stages.
    "positive": {
        "job_board": 0.08,
        "company_site": 0.12,
        "referral": 0.30,
        "recruiter": 0.15,
        "networking": 0.15,
        "other": 0.08,
        "unknown": 0.08,
    },
    # Any reply, a rejection included: employer contact within 30 days was about 22 % across 83,000
    # applications to large US firms (Kline, Rose & Walters 2022, QJE).
    "any": {
        "job_board": 0.22,
        "company_site": 0.25,
        "referral": 0.45,
        "recruiter": 0.30,
        "networking": 0.30,
        "other": 0.22,
        "unknown": 0.22,
    },
}
STAGE_BENCHMARKS = {"screen_given_reply": 0.35, "interview_given_screen": 0.5, "offer_given_interview": 0.25}
"""Conversions a search would show at typical rates: about a third of replies are invitations (8 % callbacks
among about 22 % replies), half of screens lead to an interview, and 15-30 % of interviews to an offer
(Jobvite recruiting benchmarks)."""
DEFAULT_BY = ("channel", "role_family", "resume_version")


def sprt_bounds(alpha: float = ALPHA, beta: float = BETA) -> tuple[float, float]:
    """Wald's boundaries on the log-likelihood ratio: (keep-going boundary, pivot boundary)."""
    return float(np.log(beta / (1 - alpha))), float(np.log((1 - beta) / alpha))


def sprt_steps(target: np.ndarray | float, fraction: float = FAILING_FRACTION) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood-ratio steps (H1 failing against H0 at target) for a reply and for a silence."""
    p0 = np.asarray(target, dtype=float)
    p1 = p0 * fraction
    return np.log(p1 / p0), np.log((1 - p1) / (1 - p0))


def default_target(channel: pd.Series, kind: str) -> pd.Series:
    return channel.astype(str).map(BASE_RATES[kind]).astype(float).fillna(BASE_RATES[kind]["other"])


@dataclass(frozen=True)
class SearchContext:
    """What the advice draws on besides a segment itself.

    channels  per channel: ``matured``, ``hits`` (responses in time), ``interviews``
    months    how long the search has run
    overload  True when the last weeks were far above the usual pace while replies fell
    pace      applications a week over the last four weeks; ``norm`` the usual pace
    """

    channels: pd.DataFrame
    months: float
    overload: bool
    pace: float
    norm: float


@dataclass(frozen=True)
class PivotTests:
    """What :func:`pivot_tests` returns: ``table`` (one row per segment, :data:`TEST_COLUMNS` after the
    ``dimension`` and the by-columns), the search's :class:`SearchContext`, the reply window in days and the
    kind of response counted."""

    table: pd.DataFrame
    context: SearchContext
    window_days: int
    kind: str


TEST_COLUMNS = [
    "applications",
    "matured",
    "responses",
    "replies",
    "screens",
    "interviews",
    "offers",
    "rate",
    "ci_low",
    "ci_high",
    "target",
    "prob_below_target",
    "llr",
    "peak_llr",
    "verdict",
    "decided_after",
    "applications_to_decide",
    "weakest_stage",
    "weakest_reached",
    "weakest_out_of",
]
"""The columns of :func:`pivot_tests`' table after the segment's own."""


def pivot_tests(
    apps: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    target: float | dict | None = None,
    kind: str = "positive",
    as_of: object = None,
    alpha: float = ALPHA,
    beta: float = BETA,
) -> PivotTests:
    """A verdict per strategy segment (pivot, keep going, too early), and where its funnel leaks, as numbers.

    Parameters
    ----------
    apps : DataFrame
        The canonical applications table.
    by : str or list of str, optional
        Columns whose values are the strategies. By default each of channel, role_family and resume_version,
        and channel x role_family where a combination has at least 30 matured applications.
    target : float or dict, optional
        The rate that counts as working: one rate, or a mapping from segment value to rate. By default the
        published base rate of each application's channel for ``kind`` (:data:`BASE_RATES`), averaged over the
        segment's applications.
    kind : {"positive", "any"}
        What counts as a response: a screen or better (default), or any reply.
    alpha, beta : float
        The error rates that set the pivot boundary, log((1 - beta) / alpha): the chance, per crossing, of
        calling a working strategy failing, and of missing a failing one (a third of the target). The defaults
        keep the false-pivot rate over a whole search under 5 % (see the module notes).

    Returns
    -------
    PivotTests
        ``table`` has one row per segment: ``dimension`` (the columns it splits on, joined with " × ") and the
        by-columns (missing where a row splits on other columns); ``applications``, ``matured``,
        ``responses``, ``rate``, ``ci_low``, ``ci_high`` as in
        :func:`~jobsearch_analysis.analysis.metrics.response_rates` (Wilson 95 %); ``replies``, ``screens``,
        ``interviews``, ``offers`` among the matured; ``target``; ``prob_below_target`` (posterior chance
        that the true rate is below the target); ``llr`` (the SPRT's log-likelihood ratio after the last
        matured application) and ``peak_llr`` (the highest it reached); ``verdict`` (``pivot``,
        ``keep_going`` or ``too_early``); ``decided_after`` (for a pivot, the matured application at which it
        was reached); ``applications_to_decide`` (about how many more matured applications until a verdict
        at the current rate; 0 once decided); ``weakest_stage`` (where the funnel leaks most against typical
        conversions: ``replies``, ``invitations``, ``interviews``, ``offers``, or "") with the counts behind it,
        ``weakest_reached`` out of ``weakest_out_of``.
    """
    check_kind(kind)
    day = as_of_day(apps, as_of)
    window = reply_window(apps, kind=kind, as_of=day)
    data = prepare(apps, kind, day, window.days, target)
    dimensions = [[c] for c in ([by] if isinstance(by, str) else (by or DEFAULT_BY)) if c in apps.columns]
    if by is None:
        # A default column with a single value (say, no role family noted anywhere) says nothing of its own.
        dimensions = [d for d in dimensions if _varies(apps[d[0]])] or dimensions[:1]
        if all(c in apps.columns and _varies(apps[c]) for c in ("channel", "role_family")):
            dimensions.append(["channel", "role_family"])
    if by is not None and not isinstance(by, str) and len(by) > 1:
        dimensions = [list(by)]
    missing = [c for dim in dimensions for c in dim if c not in apps.columns]
    if missing or not dimensions:
        raise ValueError(f"by={by!r}: no such column in the table")
    rows = [segment_tests(data, dim, kind, alpha, beta, target) for dim in dimensions]
    table = pd.concat(rows, ignore_index=True)
    if by is None:  # combinations only where there is enough data to say something of their own
        combined = table["dimension"].str.contains("×")
        table = table.loc[~combined | (table["matured"] >= MIN_MATURED_FOR_COMBINATIONS)].reset_index(drop=True)
    weakest = weakest_stages(table, kind)
    table = table.assign(weakest_stage=weakest["stage"], weakest_reached=weakest["reached"],
                         weakest_out_of=weakest["out_of"])  # fmt: skip
    by_columns = list(dict.fromkeys(c for dimension in table["dimension"].unique() for c in dimension.split(" × ")))
    table = table[["dimension", *by_columns, *TEST_COLUMNS]]
    return PivotTests(table, search_context(apps, data, day), window.days, kind)


def _varies(values: pd.Series) -> bool:
    """Whether a column holds more than one value (a missing value counts as one)."""
    first = values.iloc[0] if len(values) else None
    if pd.isna(first):
        return bool(values.notna().any())
    return bool(values.isna().any() or (values != first).any())


def prepare(apps: pd.DataFrame, kind: str, day: pd.Timestamp, window: int, target) -> pd.DataFrame:
    """One row per recorded application with its maturity, its outcome within the window, and its target."""
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    matured, hit = matured_answers(recorded, kind=kind, as_of=day, window=window)
    base = default_target(recorded[A.channel], kind)
    return recorded.assign(
        _matured=matured,
        _hit=hit,
        _target=base,
        _replied=replied(recorded) & matured,
        _screen=positive(recorded) & matured,
        _interview=(recorded[A.furthest_stage] >= "interview").fillna(False).astype(bool) & matured,
        _offer=(recorded[A.furthest_stage] >= "offer").fillna(False).astype(bool) & matured,
    )


def segment_tests(data, dim, kind, alpha, beta, target) -> pd.DataFrame:
    """The sequential test and the counts for each segment of one dimension (``dim``: its columns), all segments
    at once, from :func:`prepare`'s table. One row per segment: the by-columns, ``dimension`` (the columns joined
    with " × "), ``applications``, ``matured``, ``responses``, ``replies``, ``screens``, ``interviews``,
    ``offers``, ``target``, ``rate`` with ``ci_low`` and ``ci_high``, ``prob_below_target``, ``llr``,
    ``peak_llr``, ``verdict``, ``decided_after``, ``applications_to_decide``."""
    keys = list(dim)
    upper = sprt_bounds(alpha, beta)[1]
    lower = sprt_bounds(alpha, FLOOR_BETA)[0]
    counts = _segment_counts(data, keys, target)

    # The SPRT path over matured applications in the order they were sent, every segment at once.
    path = data.loc[data["_matured"], [*keys, A.applied_on, "_hit"]].sort_values(A.applied_on, kind="stable")
    path = path.join(counts.set_index(keys)["target"], on=keys)
    step_hit, step_miss = sprt_steps(path["target"].to_numpy())
    path["step"] = np.where(path["_hit"], step_hit, step_miss)
    group = path.groupby(keys, observed=True, dropna=False, sort=False)
    # The log-likelihood ratio, floored at the keep-going boundary (a reflected walk): a lucky early run can
    # say "keep going" but cannot bank credit that would hide a strategy failing later.
    total = group["step"].cumsum()
    dip = (total - lower).groupby([path[k] for k in keys], observed=True, dropna=False).cummin().clip(upper=0)
    path["llr"] = total - dip
    path["n"] = group.cumcount() + 1
    first = path.loc[path["llr"] >= upper].groupby(keys, observed=True, dropna=False).head(1).set_index(keys)
    walk = path.assign(_floor=path["llr"] <= lower + 1e-9).groupby(keys, observed=True, dropna=False, sort=False)
    last_llr = walk["llr"].last()
    peak_llr = walk["llr"].max()
    touched = walk["_floor"].any()
    counts = counts.join(first[["n"]].rename(columns={"n": "decided_after"}), on=keys)
    counts = counts.join(last_llr.rename("llr"), on=keys).join(touched.rename("touched"), on=keys)
    counts = counts.join(peak_llr.rename("peak_llr"), on=keys)
    counts["llr"] = counts["llr"].fillna(0.0)
    counts["peak_llr"] = counts["peak_llr"].fillna(0.0).clip(lower=0.0)
    works = counts["touched"].fillna(False).astype(bool) & (counts["llr"] < 0)
    counts["verdict"] = np.select([counts["decided_after"].notna(), works], ["pivot", "keep_going"], "too_early")
    counts["decided_after"] = counts["decided_after"].where(counts["verdict"] == "pivot")

    rate = counts["responses"] / counts["matured"].where(counts["matured"] > 0)
    low, high = wilson(counts["responses"], counts["matured"])
    a = PRIOR_WEIGHT * counts["target"] + counts["responses"]
    b = PRIOR_WEIGHT * (1 - counts["target"]) + counts["matured"] - counts["responses"]
    prob_below = beta_dist.cdf(counts["target"], a, b)
    # How far to a boundary at the current rate (the posterior mean, so that zero replies still has a drift).
    current = a / (a + b)
    step_hit, step_miss = sprt_steps(counts["target"].to_numpy())
    drift = current * step_hit + (1 - current) * step_miss
    distance = np.where(drift > 0, upper - counts["llr"], counts["llr"] - lower)
    to_decide = np.ceil(distance / np.abs(drift)).where(counts["verdict"] == "too_early", 0)
    return counts.assign(
        dimension=" × ".join(keys),
        rate=rate,
        ci_low=low,
        ci_high=high,
        prob_below_target=prob_below,
        applications_to_decide=to_decide.astype("Int64"),
    )


def _segment_counts(data: pd.DataFrame, keys: list[str], target: float | dict | None) -> pd.DataFrame:
    """Per segment of ``keys``: applications, matured, responses, replies, screens, interviews, offers, and the
    ``target`` rate (a number for all, a dict by the segment's value, else the mean of the published base rates
    of its matured applications' channels, or of all of them while none has matured)."""
    grouped = data.groupby(keys, observed=True, dropna=False, sort=True)
    counts = grouped.agg(
        applications=("_matured", "size"),
        matured=("_matured", "sum"),
        responses=("_hit", "sum"),
        replies=("_replied", "sum"),
        screens=("_screen", "sum"),
        interviews=("_interview", "sum"),
        offers=("_offer", "sum"),
        default_target=("_target", "mean"),
    ).reset_index()
    matured_target = data.loc[data["_matured"]].groupby(keys, observed=True, dropna=False)["_target"].mean()
    counts = counts.join(matured_target.rename("matured_target"), on=keys)
    segment_target = counts["matured_target"].fillna(counts["default_target"])
    if isinstance(target, (int, float)):
        segment_target = pd.Series(float(target), index=counts.index)
    elif isinstance(target, dict):
        given = counts[keys[0]].map(target) if len(keys) == 1 else pd.Series(np.nan, index=counts.index)
        segment_target = given.astype(float).fillna(segment_target)
    if ((segment_target <= 0) | (segment_target >= 1)).any():
        raise ValueError("target rates must be between 0 and 1")
    counts["target"] = segment_target
    return counts


def search_context(apps: pd.DataFrame, data: pd.DataFrame, day: pd.Timestamp) -> SearchContext:
    """What the advice draws on besides the segment itself: channels that work better, search length, pace."""
    by_channel = data.groupby(A.channel, observed=True).agg(
        matured=("_matured", "sum"), hits=("_hit", "sum"), interviews=("_interview", "sum")
    )
    months = (day - apps[A.applied_on].min()).days / 30.4 if len(apps) else 0.0
    weeks = activity(apps, as_of=day)
    recent_overload = bool(weeks["overload"].tail(2).any()) if len(weeks) else False
    return SearchContext(
        channels=by_channel,
        months=months,
        overload=recent_overload,
        pace=float(weeks["applications"].tail(4).mean()) if len(weeks) else 0.0,
        norm=float(weeks["norm"].iloc[-1]) if len(weeks) and pd.notna(weeks["norm"].iloc[-1]) else np.nan,
    )


# Funnel steps: (stage, reached, out of, fewest "out of" to judge, typical conversion key).
STEPS = (
    ("replies", "replies", "matured", 10, None),
    ("invitations", "screens", "replies", 5, "screen_given_reply"),
    ("interviews", "interviews", "screens", 3, "interview_given_screen"),
    ("offers", "offers", "interviews", 3, "offer_given_interview"),
)
"""The funnel steps a segment can leak at, each as the count reached out of the count before it."""


def weakest_stages(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """For every segment at once: the funnel step furthest below its typical conversion (with at least a few
    applications behind it): ``stage`` ("" where no step is below typical), and the counts behind it,
    ``reached`` out of ``out_of``.

    ``table`` has the counts :func:`segment_tests` gives (matured, replies, screens, interviews, offers) and
    the segment's ``target``.
    """
    target = table["target"].to_numpy(dtype=float)
    scale = 1.0 if kind == "any" else BASE_RATES["any"]["job_board"] / BASE_RATES["positive"]["job_board"]
    any_target = target * scale
    ratios, reached, out_of = [], [], []
    for _stage, count, base, fewest, key in STEPS:
        benchmark = STAGE_BENCHMARKS[key] if key else any_target
        n_base = table[base].to_numpy(dtype=float)
        ratio = (table[count].to_numpy(dtype=float) + 0.5) / (n_base + 1) / benchmark
        ratios.append(np.where(n_base >= fewest, ratio, np.inf))
        reached.append(table[count].to_numpy(dtype=float))
        out_of.append(n_base)
    rows = np.arange(len(table))
    stacked = np.column_stack(ratios) if len(table) else np.empty((0, len(STEPS)))
    best = stacked.argmin(axis=1) if len(table) else np.array([], dtype=int)
    weak = stacked[rows, best] < 1 if len(table) else np.array([], dtype=bool)
    names = np.array([step[0] for step in STEPS], dtype=object)
    pick = (lambda columns: np.column_stack(columns)[rows, best]) if len(table) else (lambda columns: np.array([]))
    return pd.DataFrame(
        {
            "stage": np.where(weak, names[best] if len(table) else names[:0], ""),
            "reached": pd.Series(np.where(weak, pick(reached), np.nan), index=table.index).astype("Int64"),
            "out_of": pd.Series(np.where(weak, pick(out_of), np.nan), index=table.index).astype("Int64"),
        },
        index=table.index,
    )


__all__ = [
    "ALPHA",
    "BASE_RATES",
    "BETA",
    "DEFAULT_BY",
    "STAGE_BENCHMARKS",
    "TEST_COLUMNS",
    "PivotTests",
    "SearchContext",
    "pivot_tests",
    "prepare",
    "search_context",
    "segment_tests",
    "sprt_bounds",
    "sprt_steps",
    "weakest_stages",
]
