"""When to pivot: a sequential test per strategy and a diagnosis of where the funnel leaks, as numbers and codes
(:mod:`jobsearch_analysis.present.advice` says them in words, with what to change).

The decision rule
-----------------
A person looks at their numbers after every application, for as long as the search lasts, so the rule must keep
its promise under continual looking and whatever the search's length. For each strategy segment:

* **One scale.** The target is an eventual positive-reply rate, as published studies report it. The test counts an
  application once it is :data:`DECISION_WINDOW` days old, and a reply when it came within those days; the window
  is fixed before the search, so an application's outcome never changes once counted and no verdict is ever
  relabelled. At least :data:`WINDOW_SHARE` of the replies that ever come arrive within it, even with slow or
  long-tailed replies (published delays: most screens within two to three weeks; a slow tail of 30 % with a median
  of 45 days still leaves over 90 % inside 60 days), so a strategy at target answers within the window at a rate
  of at least ``target * WINDOW_SHARE``: that is the null the test guards.
* **Anytime-valid.** The evidence that the strategy fails is a mixture likelihood ratio (an e-process): the
  likelihood of the counted outcomes if the rate were a quarter, a third or half of the target (weights 1/4, 1/2,
  1/4: :data:`FAILING`), over their likelihood at the null. While the strategy works it is a nonnegative
  supermartingale starting at 1, so by Ville's inequality the chance that it *ever* reaches ``family / alpha``,
  however long the search and however often one looks, is at most ``alpha / family``.
* **It worked, then stopped.** A fifth of the evidence goes to fresh starts, from every
  :data:`CHANGE_EVERY`-th counted application on (the j-th weighted 1 / (j (j + 1))), so a strategy that
  starts well and then fails is caught without waiting for its good start to be outweighed
  (:func:`evidence_path`); the mixture is still a supermartingale, the promise unchanged.
* **Many strategies at once.** The verdicts shown together (the channels) share ``alpha`` = 5 %: each is tested
  at ``alpha / family``, so the chance that any of them is a false pivot is at most 5 %. The other splits (role
  family, resume version, channel × role family) are tested the same way within their own split and marked
  ``exploratory``.
* **A pivot is kept**, with the day it was reached (``decided_on``), until the strategy changes. A recorded change
  (a new resume version; a role family or channel first used a month or more into the search, for the splits on
  the other columns; or a day the person gives in ``changes``) starts a new test on the applications sent since;
  the verdict then speaks of the strategy since that day (``since``), and a pivot reached before it is kept apart
  (``earlier_pivot_on``).
* **Keep going** is the mirror test: the evidence that the strategy is *not* failing (a likelihood ratio of the
  within-window target over a third of it) has reached 1 / :data:`KEEP_GOING_LEVEL` = 5. It is said while it holds
  and never blocks a later pivot.

``benchmarks/pivot_eval.py`` drives this function over a grid of targets, search lengths, reply delays and numbers
of strategies; ``docs/pivot.md`` has its table.

Beside the verdict, ``prob_below_target`` is the Bayesian answer people find easier to read: the chance, under a
neutral Jeffreys prior (Beta(1/2, 1/2)) on the same within-window scale as the test, that the rate is below the
within-window target. It explains; the test decides.

Default targets are published base rates per channel (sources in :data:`BASE_RATES`), for an average applicant.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.stats import beta as beta_dist
from scipy.stats import binom, fisher_exact

from jobsearch_analysis.analysis.metrics import (
    activity,
    as_of_day,
    check_kind,
    matured_answers,
    positive,
    replied,
    wilson,
)
from jobsearch_analysis.schema import Applications as A

DECISION_WINDOW = 60
"""Days after sending when an application counts for the verdict, and within which its reply counts."""
WINDOW_SHARE = 0.9
"""The share of eventual replies that come within :data:`DECISION_WINDOW` days, at the least (see the notes)."""
ALPHA = 0.05
"""The chance, over a whole search, that any of the verdicts shown together calls a working strategy failing."""
FAILING: tuple[tuple[float, float], ...] = ((0.25, 0.25), (1 / 3, 0.5), (0.5, 0.25))
"""The failing rates the test looks for, as fractions of the target, with their weights in the mixture."""
FAILING_FRACTION = 1 / 3
"""A failing strategy: a third of the target (the rate "keep going" must be well above)."""
KEEP_GOING_LEVEL = 0.2
"""Keep going once the evidence against failing is 1 / this = 5 to 1 (the chance of saying it of a failing
strategy, ever, is at most this)."""
CHANGE_WEIGHT = 0.2
"""The share of the evidence given to "it worked, then stopped working" (a change after some applications)."""
CHANGE_EVERY = 25
"""Counted applications between the points a change is looked for."""
STRATEGY_COLUMNS = ("resume_version", "role_family", "channel")
"""Columns whose new values mark a change of strategy, for the splits on the other columns."""
SETTLING_DAYS = 28
"""A role family or channel first used this long into the search is a new mix (earlier ones open the search)."""
MAX_TO_DECIDE = 1000
"""An estimate of the applications still needed beyond this is not given (the search would end first)."""
MIN_MATURED_FOR_COMBINATIONS = 30

BASE_RATES: dict[str, dict[str, float]] = {
    # Positive reply (a screen or better), for an average applicant: the middle of :data:`TARGET_RANGES`, at or
    # below the rates the simulator draws an average applicant from (jobsearch_analysis.simulate), so that an
    # average search is not told to pivot. Cold applications to job ads get a screen 3-8 % of the time:
    # about 3 % applicant-to-interview on job boards in recruiting benchmarks (CareerPlug 2025), 6-10 %
    # callbacks in resume audits that send matching resumes (Bertrand & Mullainathan 2004, AER, Table 1: 8 %);
    # company career pages convert 2-4x better and referrals 5-10x (Lever 2017 hiring benchmark).
    "positive": {
        "job_board": 0.05,
        "company_site": 0.10,
        "referral": 0.30,
        "recruiter": 0.15,
        "networking": 0.15,
        "other": 0.05,
        "unknown": 0.05,
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
TARGET_RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "positive": {
        "job_board": (0.03, 0.08),
        "company_site": (0.06, 0.15),
        "referral": (0.20, 0.45),
        "recruiter": (0.10, 0.25),
        "networking": (0.10, 0.25),
        "other": (0.03, 0.08),
        "unknown": (0.03, 0.08),
    },
    "any": {
        "job_board": (0.15, 0.30),
        "company_site": (0.18, 0.35),
        "referral": (0.35, 0.60),
        "recruiter": (0.20, 0.40),
        "networking": (0.20, 0.40),
        "other": (0.15, 0.30),
        "unknown": (0.15, 0.30),
    },
}
"""The range the published figures give for an average applicant, per channel (the default target is inside):
a target anywhere in it is as defensible as the default; ``pivot_target`` says which would change a verdict."""
STAGE_BENCHMARKS = {"screen_given_reply": 0.35, "interview_given_screen": 0.5, "offer_given_interview": 0.25}
"""Conversions a search would show at typical rates: about a third of replies are invitations (8 % callbacks
among about 22 % replies), half of screens lead to an interview, and 15-30 % of interviews to an offer
(Jobvite recruiting benchmarks)."""
DEFAULT_BY = ("channel", "role_family", "resume_version")


def pivot_evidence(hits: np.ndarray, n: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The log of the evidence that a strategy fails: the mixture likelihood ratio of :data:`FAILING` against
    the within-window target, after ``n`` counted applications with ``hits`` replies (arrays, any shape)."""
    null = np.asarray(target, dtype=float) * WINDOW_SHARE
    parts = [
        np.log(weight)
        + hits * np.log(fraction * target / null)
        + (n - hits) * np.log((1 - fraction * target) / (1 - null))
        for fraction, weight in FAILING
    ]
    return _log_sum(parts)


def _log_sum(parts: list[np.ndarray]) -> np.ndarray:
    """The log of the sum of the exponentials of a few arrays, element by element: ``np.logaddexp`` of one part
    to the next (as exact as scipy's ``logsumexp``, and several times quicker on a million values)."""
    return np.logaddexp.reduce(np.stack([np.asarray(part, dtype=float) for part in parts]), axis=0)


def evidence_path(hits: np.ndarray, n: np.ndarray, target: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """The log of the evidence, after each counted application, that a strategy fails now: the evidence from
    its start (weight 1 - :data:`CHANGE_WEIGHT`) mixed with the evidence from every :data:`CHANGE_EVERY`-th
    counted application on (weights ``1 / (j (j + 1))``, a strategy that worked and then stopped working).
    Every part is a supermartingale while the strategy works (one not yet started counts as 1), so the mixture
    keeps the promise of :func:`pivot_evidence` however long the search.

    ``hits`` and ``n`` are running counts per segment (``segment``: its code) in the order sent, ``n`` counting
    1, 2, 3... within each segment; ``target`` is the segment's own (one value per segment).

    Each failing rate's likelihood ratio since the j-th change point is the one from the start divided by the
    one up to that point, so the sum over change points is the ratio from the start times a running sum over
    the points passed: linear in the applications, however long the search (summing anew after each
    application took time in the square of a segment's length). The change points not begun count 1 each, and
    their weights add up to ``1 / (J + 1)`` after the J-th point."""
    order = np.argsort(segment, kind="stable")
    h, m, goal, codes = hits[order], n[order], np.asarray(target, dtype=float)[order], segment[order]
    passed = ((m - 1) // CHANGE_EVERY).astype(int)  # change points begun: the j-th after j * CHANGE_EVERY counted
    null = goal * WINDOW_SHARE
    points = np.flatnonzero(m % CHANGE_EVERY == 0)  # where each change point begins
    bounds = np.r_[np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else [], len(codes)]
    bounds = bounds.astype(int)
    cuts = np.searchsorted(points, bounds)  # segment s: rows bounds[s] to bounds[s + 1], points cuts[s] to [s + 1]
    runs = cuts[:-1][cuts[1:] > cuts[:-1]]  # where the points of each segment past its first point begin
    begun = np.flatnonzero(passed > 0)
    # the running sum of each row's segment after its last point passed
    upto = np.repeat(cuts[:-1], np.diff(bounds))[begun] + passed[begun] - 1
    j = m[points] / CHANGE_EVERY
    starts, terms = [], []
    for fraction, weight in FAILING:
        up = np.log(fraction * goal / null)
        down = np.log((1 - fraction * goal) / (1 - null))
        start = np.log(weight) + h * up + (m - h) * down  # this failing rate's part of the evidence from the start
        # each point's weight over the evidence up to it, added up over the points passed so far
        added = _accumulated(np.log(CHANGE_WEIGHT / (j * (j + 1)) * weight) - start[points], runs)
        since = np.full(len(m), -np.inf)
        since[begun] = start[begun] + added[upto]
        starts.append(start)
        terms.append(since)
    # the evidence from the start is :func:`pivot_evidence` of the same parts
    from_start = np.log1p(-CHANGE_WEIGHT) + _log_sum(starts)
    total = np.logaddexp.reduce(np.stack([from_start, np.log(CHANGE_WEIGHT / (passed + 1)), *terms]), axis=0)
    out = np.empty_like(total)
    out[order] = total
    return out


ACCUMULATE_CELLS = 1 << 20
"""The most cells of the table :func:`_accumulated` lays runs out in at a time."""


def _accumulated(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``np.logaddexp.accumulate`` of ``values`` within each run (runs begin at ``starts``, ascending, the first at
    0), every run at once: the runs are laid side by side as the rows of a table padded with -inf, the longest
    first, at most :data:`ACCUMULATE_CELLS` cells at a time, and accumulated along the rows (the same additions
    in the same order as run by run, so the same numbers)."""
    out = np.empty_like(values)
    lengths = np.diff(np.r_[starts, len(values)]).astype(int)
    longest = np.argsort(-lengths, kind="stable")
    first = 0
    while first < len(longest):
        width = int(lengths[longest[first]])
        rows = longest[first : first + max(1, ACCUMULATE_CELLS // width)]
        first += len(rows)
        row = np.repeat(np.arange(len(rows)), lengths[rows])
        column = np.arange(len(row)) - np.repeat(np.cumsum(lengths[rows]) - lengths[rows], lengths[rows])
        at = starts[rows][row] + column
        table = np.full((len(rows), width), -np.inf)
        table[row, column] = values[at]
        out[at] = np.logaddexp.accumulate(table, axis=1)[row, column]
    return out


def _mixture(h: np.ndarray, m: np.ndarray, goal: np.ndarray, hits_at) -> np.ndarray:
    """The mixture of :func:`evidence_path` after ``m`` counted applications with ``h`` replies, where
    ``hits_at(at, begun)`` gives the replies among the first ``at`` counted applications of each point's segment
    (needed where ``begun``)."""
    total = np.log1p(-CHANGE_WEIGHT) + pivot_evidence(h, m, goal)
    steps = int(np.ceil(m.max() / CHANGE_EVERY)) if len(m) else 0
    for j in range(1, steps + 1):
        begun = m > j * CHANGE_EVERY
        before = hits_at(j * CHANGE_EVERY, begun)
        since = np.where(begun, pivot_evidence(h - before, m - j * CHANGE_EVERY, goal), 0.0)
        total = np.logaddexp(total, np.log(CHANGE_WEIGHT / (j * (j + 1))) + since)
    return np.logaddexp(total, np.log(CHANGE_WEIGHT / (steps + 1)))  # the change points not reached yet


def evidence_at_points(hits: pd.DataFrame, points: pd.DataFrame, target: np.ndarray) -> np.ndarray:
    """:func:`evidence_path` at some points of each segment's path only, from the positions of its replies:
    ``hits`` has ``segment`` (a code) and ``n`` (the position, in the order sent, of a counted application that got
    a reply in time); ``points`` has ``segment`` and ``n`` (the positions to evaluate), and ``target`` is each
    point's target. The same mixture as along the whole path, so the same numbers."""
    stride = int(max(points["n"].max() if len(points) else 0, hits["n"].max() if len(hits) else 0)) + 1
    keys = np.sort(hits["segment"].to_numpy(np.int64) * stride + hits["n"].to_numpy(np.int64))
    segment = points["segment"].to_numpy(np.int64) * stride

    def hits_at(at, _begun=None) -> np.ndarray:
        upto = segment + np.minimum(at, stride - 1)
        return (np.searchsorted(keys, upto, side="right") - np.searchsorted(keys, segment, side="left")).astype(float)

    m = points["n"].to_numpy(float)
    return _mixture(hits_at(points["n"].to_numpy(np.int64)), m, np.asarray(target, dtype=float), hits_at)


def keep_evidence(hits: np.ndarray, n: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The log of the evidence that a strategy is not failing: the likelihood ratio of the within-window
    target against a third of the target."""
    target = np.asarray(target, dtype=float)
    working, failing = target * WINDOW_SHARE, target * FAILING_FRACTION
    return hits * np.log(working / failing) + (n - hits) * np.log((1 - working) / (1 - failing))


def default_target(channel: pd.Series, kind: str) -> pd.Series:
    """Each application's published base rate for ``kind``, by its channel (a channel the rates do not name, or
    none, at the rate of "other"). A categorical column is mapped by its categories, not row by row."""
    codes = channel if isinstance(channel.dtype, pd.CategoricalDtype) else channel.astype(str)
    return codes.map(BASE_RATES[kind]).astype(float).fillna(BASE_RATES[kind]["other"])


@dataclass(frozen=True)
class SearchContext:
    """What the advice draws on besides a segment itself.

    channels  per channel: ``matured``, ``hits`` (responses in time), ``interviews``, ``better_p`` (the
              one-sided p-value that its rate beats the other channels' together)
    months    how long the search has run: from the first application to the log's last entry (an application,
              a reply or an ending), not to the as-of date, so a search that ended long ago is not a long one
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
    "keep_llr",
    "verdict",
    "decided_after",
    "decided_on",
    "applications_to_decide",
    "pivot_target",
    "since",
    "earlier_pivot_on",
    "family",
    "exploratory",
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
    family: int | None = None,
    changes: list | None = None,
) -> PivotTests:
    """A verdict per strategy segment (pivot, keep going, too early), and where its funnel leaks, as numbers.

    Parameters
    ----------
    apps : DataFrame
        The canonical applications table.
    by : str or list of str, optional
        Columns whose values are the strategies. By default each of channel, role_family and resume_version,
        and channel x role_family where a combination has at least 30 counted applications.
    target : float or dict, optional
        The eventual positive-reply rate that counts as working: one rate, or a mapping from segment value to
        rate. By default the published base rate of each application's channel for ``kind``
        (:data:`BASE_RATES`), averaged over the segment's applications.
    kind : {"positive", "any"}
        What counts as a response: a screen or better (default), or any reply.
    alpha : float
        The chance, over the whole search however long and however often one looks, that any of the verdicts
        shown together is a false pivot.
    family : int, optional
        How many verdicts share ``alpha``: by default the number of segments of the first split (the channels,
        which the "in short" list shows together); each other split shares it among its own segments.
    changes : list of dates, optional
        Days the person changed strategy; with each new resume version, they start a new test (see the notes).

    Returns
    -------
    PivotTests
        ``table`` has one row per segment: ``dimension`` (the columns it splits on, joined with " × ") and the
        by-columns; ``applications``, ``matured`` (counted: at least :data:`DECISION_WINDOW` days old),
        ``responses`` (within the window), ``rate``, ``ci_low``, ``ci_high`` (Wilson 95 %); ``replies``,
        ``screens``, ``interviews``, ``offers`` among the counted; ``target`` (eventual); ``prob_below_target``;
        ``llr`` (the log of the evidence of failing now) and ``peak_llr`` (the highest it reached);
        ``keep_llr`` (the log of the evidence of not failing); ``verdict`` (``pivot``, ``keep_going`` or
        ``too_early``); ``decided_after`` and ``decided_on`` (for a pivot: the counted application at which,
        and the day on which, it was reached); ``applications_to_decide`` (about how many more counted
        applications until a verdict at the current rate; 0 once decided, missing when too many to say);
        ``pivot_target`` (the lowest target at which the same counts would already say pivot);
        ``since`` (the strategy change the test starts from, if any) and ``earlier_pivot_on`` (a pivot before
        it); ``family`` (how many verdicts share ``alpha`` with it) and ``exploratory``; and ``weakest_stage``
        (``replies``, ``invitations``, ``interviews``, ``offers``, or "") with ``weakest_reached`` out of
        ``weakest_out_of``.
    """
    check_kind(kind)
    day = as_of_day(apps, as_of)
    dimensions = _dimensions(apps, by)
    data = prepare(apps, kind, day, DECISION_WINDOW, target)
    # only the columns the tests read: each split below filters the rows, which copies every column kept
    data = data[list(dict.fromkeys([*(c for dim in dimensions for c in dim), A.channel, A.applied_on, *PREPARED]))]
    rows = []
    for position, dim in enumerate(dimensions):
        since = strategy_changes(apps, changes, day, columns=[c for c in STRATEGY_COLUMNS if c not in dim])
        segments = data.groupby(dim, observed=True, dropna=False).ngroups
        shared = (family or segments) if position == 0 else segments
        rows.append(split_tests(data, dim, kind, target, alpha=alpha, family=max(int(shared), 1), since=since)
                    .assign(exploratory=position > 0))  # fmt: skip
    table = pd.concat(rows, ignore_index=True)
    if by is None:  # combinations only where there is enough data to say something of their own
        combined = table["dimension"].str.contains("×")
        table = table.loc[~combined | (table["matured"] >= MIN_MATURED_FOR_COMBINATIONS)].reset_index(drop=True)
    weakest = weakest_stages(table, kind)
    table = table.assign(weakest_stage=weakest["stage"], weakest_reached=weakest["reached"],
                         weakest_out_of=weakest["out_of"])  # fmt: skip
    by_columns = list(dict.fromkeys(c for dimension in table["dimension"].unique() for c in dimension.split(" × ")))
    table = table[["dimension", *by_columns, *TEST_COLUMNS]]
    return PivotTests(table, search_context(apps, data, day), DECISION_WINDOW, kind)


def _dimensions(apps: pd.DataFrame, by: str | list[str] | None) -> list[list[str]]:
    """The splits to test: the columns of ``by`` (one split of them all when a list), or the default ones that
    vary, with channel x role family when both do."""
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
    return dimensions


def strategy_changes(apps: pd.DataFrame, changes: list | None, day: pd.Timestamp, *, columns=STRATEGY_COLUMNS):
    """The last day, on or before the as-of date, that the strategy changed: a day given in ``changes``; the
    first day a new resume version was used; or, for the other ``columns`` (role family, channel), the first day
    a new value was used at least :data:`SETTLING_DAYS` into the search (a new mix, not the search's opening
    weeks). NaT when it never changed."""
    days = [pd.Timestamp(d) for d in (changes or [])]
    begun = apps[A.applied_on].min()
    for column in [c for c in columns if c in apps.columns and apps[c].notna().any()]:
        first_use = apps.dropna(subset=[column]).groupby(column, observed=True)[A.applied_on].min().sort_values()
        if column == A.resume_version:
            days += list(first_use.iloc[1:])  # the first version is where the search starts, not a change
        else:
            days += list(first_use.loc[first_use >= begun + pd.Timedelta(days=SETTLING_DAYS)])
    days = [d for d in days if pd.notna(d) and d <= day]
    return max(days) if days else pd.NaT


def _varies(values: pd.Series) -> bool:
    """Whether a column holds more than one value (a missing value counts as one)."""
    first = values.iloc[0] if len(values) else None
    if pd.isna(first):
        return bool(values.notna().any())
    return bool(values.isna().any() or (values != first).any())


PREPARED = ("_matured", "_hit", "_target", "_any_target", "_known_on", "_replied", "_screen", "_interview", "_offer")
"""The columns :func:`prepare` adds to each application."""


def prepare(apps: pd.DataFrame, kind: str, day: pd.Timestamp, window: int, target) -> pd.DataFrame:
    """One row per recorded application with its maturity, its outcome within the window, and its target."""
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    matured, hit = matured_answers(recorded, kind=kind, as_of=day, window=window)
    base = default_target(recorded[A.channel], kind)
    return recorded.assign(
        _matured=matured,
        _hit=hit,
        _target=base,
        _any_target=default_target(recorded[A.channel], "any"),
        _known_on=recorded[A.applied_on] + pd.Timedelta(days=window),
        _replied=replied(recorded) & matured,
        _screen=positive(recorded) & matured,
        _interview=(recorded[A.furthest_stage] >= "interview").fillna(False).astype(bool) & matured,
        _offer=(recorded[A.furthest_stage] >= "offer").fillna(False).astype(bool) & matured,
    )


def split_tests(data, dim, kind, target, *, alpha=ALPHA, family=1, since=pd.NaT) -> pd.DataFrame:
    """:func:`segment_tests` for one split, on the applications of the current strategy (sent on or after
    ``since``), with the pivot reached before that change kept as ``earlier_pivot_on``."""
    if pd.isna(since):
        tested = segment_tests(data, dim, kind, target, alpha=alpha, family=family)
        return tested.assign(since=pd.NaT, earlier_pivot_on=pd.NaT)
    current = segment_tests(data.loc[data[A.applied_on] >= since], dim, kind, target, alpha=alpha, family=family)
    before = segment_tests(data.loc[data[A.applied_on] < since], dim, kind, target, alpha=alpha, family=family)
    earlier = before.loc[before["verdict"] == "pivot"].set_index(list(dim))["decided_on"].rename("earlier_pivot_on")
    return current.join(earlier, on=list(dim)).assign(since=since)


def segment_tests(data, dim, kind, target, *, alpha=ALPHA, family=1) -> pd.DataFrame:
    """The sequential tests and the counts for each segment of one split (``dim``: its columns), every segment
    at once, from :func:`prepare`'s table. One row per segment: the by-columns, ``dimension``, the counts, the
    rate and its interval, ``target``, ``prob_below_target``, ``llr``, ``peak_llr``, ``keep_llr``,
    ``verdict``, ``decided_after``, ``decided_on``, ``applications_to_decide`` and ``family``."""
    keys = list(dim)
    threshold = float(np.log(family / alpha))
    counts = _segment_counts(data, keys, target)
    path = data.loc[data["_matured"], [*keys, A.applied_on, "_known_on", "_hit"]].sort_values(A.applied_on,
                                                                                             kind="stable")  # fmt: skip
    if path.empty:  # nothing counted yet (the strategy changed since the last application old enough): no evidence
        decided = pd.Series(pd.NaT, index=counts.index, dtype=path["_known_on"].dtype)
        counts = counts.assign(decided_after=np.nan, decided_on=decided, llr=np.nan, peak_llr=np.nan)
        return _verdicts(counts, keys, threshold, family, pivoted=counts["decided_after"].notna())
    path = path.join(counts.set_index(keys)["target"], on=keys)
    group = path.groupby(keys, observed=True, dropna=False, sort=False)
    path["hits"] = group["_hit"].cumsum()
    path["n"] = group.cumcount() + 1
    path["llr"] = evidence_path(path["hits"].to_numpy(float), path["n"].to_numpy(float), path["target"].to_numpy(),
                                group.ngroup().to_numpy())  # fmt: skip
    first = path.loc[path["llr"] >= threshold].groupby(keys, observed=True, dropna=False).head(1).set_index(keys)
    walk = path.groupby(keys, observed=True, dropna=False, sort=False)
    counts = counts.join(first[["n", "_known_on"]].rename(columns={"n": "decided_after", "_known_on": "decided_on"}),
                         on=keys)  # fmt: skip
    counts = counts.join(walk["llr"].last().rename("llr"), on=keys).join(walk["llr"].max().rename("peak_llr"), on=keys)
    return _verdicts(counts, keys, threshold, family, pivoted=counts["decided_after"].notna())


def _verdicts(counts: pd.DataFrame, keys: list[str], threshold: float, family: int, pivoted) -> pd.DataFrame:
    """The verdicts, rates and intervals of :func:`segment_tests` from each segment's counts, its target, its
    evidence now (``llr``) and at its highest (``peak_llr``), and whether it has reached a pivot."""
    counts["llr"] = counts["llr"].fillna(0.0)
    counts["peak_llr"] = counts["peak_llr"].fillna(0.0).clip(lower=0.0)
    hits, n, goal = (counts[c].to_numpy(float) for c in ("responses", "matured", "target"))
    counts["keep_llr"] = keep_evidence(hits, n, goal)
    works = counts["keep_llr"] >= np.log(1 / KEEP_GOING_LEVEL)
    counts["verdict"] = np.select([np.asarray(pivoted, dtype=bool), works], ["pivot", "keep_going"], "too_early")
    low, high = wilson(counts["responses"], counts["matured"])
    return counts.assign(
        dimension=" × ".join(keys),
        rate=counts["responses"] / counts["matured"].where(counts["matured"] > 0),
        ci_low=low,
        ci_high=high,
        prob_below_target=beta_dist.cdf(goal * WINDOW_SHARE, hits + 0.5, n - hits + 0.5),
        applications_to_decide=_to_decide(counts, threshold),
        pivot_target=pivot_target(hits, n, threshold - np.log1p(-CHANGE_WEIGHT)),
        family=family,
    )


COUNT_COLUMNS = ("applications", "matured", "responses", "replies", "screens", "interviews", "offers")
"""The counts of a segment the tests need (of its applications, those counted, and among the counted, the replies
in time, any replies, screens, interviews and offers)."""


def counted_tests(counts: pd.DataFrame, hits: pd.DataFrame, dim, target, *, alpha=ALPHA, family=1) -> pd.DataFrame:
    """:func:`segment_tests` from what an engine counts where the applications live, instead of every application.

    ``counts`` has one row per segment: the by-columns, :data:`COUNT_COLUMNS`, and ``default_target``,
    ``any_target`` and ``matured_target`` (the mean base rates of :func:`prepare`); ``hits`` has the by-columns
    and ``n``, the position in the order sent of each counted application that got a reply in time. The evidence
    rises with every counted application without a reply and falls with every reply (each part of the mixture of
    :func:`evidence_path` does), so along a segment's path it is highest just before a reply or at the end: only
    those points are evaluated, with the same mixture. The table is :func:`segment_tests`' without
    ``decided_after`` and ``decided_on`` (when the pivot was reached would need every application's date).
    """
    keys = list(dim)
    threshold = float(np.log(family / alpha))
    counts = segment_target(counts.reset_index(drop=True), keys, target)
    segment = pd.Series(np.arange(len(counts)), index=pd.MultiIndex.from_frame(counts[keys]))
    found = hits.assign(segment=segment.reindex(pd.MultiIndex.from_frame(hits[keys])).to_numpy())
    found = found.dropna(subset=["segment"]).astype({"segment": np.int64, "n": np.int64})
    last = pd.DataFrame({"segment": np.arange(len(counts)), "n": counts["matured"].to_numpy(np.int64)})
    points = pd.concat([found[["segment", "n"]], found[["segment", "n"]].assign(n=found["n"] - 1), last])
    points = points.loc[points["n"] > 0].drop_duplicates().sort_values(["segment", "n"], ignore_index=True)
    points["llr"] = evidence_at_points(found, points, counts["target"].to_numpy(float)[points["segment"]])
    walk = points.groupby("segment", sort=True)["llr"]
    counts["llr"] = walk.last().reindex(counts.index)
    counts["peak_llr"] = walk.max().reindex(counts.index)
    return _verdicts(counts, keys, threshold, family, pivoted=counts["peak_llr"] >= threshold)


@lru_cache(maxsize=256)
def fewest_to_pivot(highest_target: float, *, alpha: float = ALPHA, family: int = 1, most: int = 5000) -> int:
    """The fewest counted applications with which a segment whose target is at most ``highest_target`` can reach
    a pivot (``most`` when even that many cannot): the evidence is highest when no reply came, and grows with the
    target. An engine need not send back the segments with fewer."""
    for longest in (256, 1024, most):  # a short path first: its mixture has fewer fresh starts to add
        n = np.arange(1, min(longest, most) + 1, dtype=float)
        path = _mixture(np.zeros_like(n), n, np.full_like(n, highest_target), lambda at, begun: 0.0)
        reached = np.flatnonzero(path >= np.log(family / alpha))
        if len(reached):
            return int(n[reached[0]])
    return most


def fewest_table(kind: str, target: float | dict | None, *, steps: int = 24) -> list[tuple[float, int]]:
    """For an engine to leave out the segments that cannot reach a pivot: pairs of a target and the fewest
    counted applications a segment whose ``matured_target`` is at most that target needs
    (:func:`fewest_to_pivot`), ascending. With the published base rates (``target`` None) a segment is tested
    against its ``matured_target``: the targets run from the lowest base rate of ``kind`` to the highest,
    geometrically spaced. A target given holds whatever the segment's base rates: one pair, at the highest."""
    high = highest_target(kind, target)
    if target is not None:
        return [(high, fewest_to_pivot(high))]
    targets = np.unique(np.r_[np.geomspace(min(BASE_RATES[kind].values()), high, steps), high])
    return [(float(t), fewest_to_pivot(float(t))) for t in targets]


def highest_target(kind: str, target: float | dict | None) -> float:
    """The highest target a segment can be tested against, for ``kind`` and the ``target`` given."""
    if isinstance(target, (int, float)):
        return float(target)
    given = list(target.values()) if isinstance(target, dict) else []
    return float(max([*BASE_RATES[kind].values(), *given]))


def _to_decide(counts: pd.DataFrame, threshold: float) -> pd.Series:
    """About how many more counted applications until a verdict, at the current rate (the Jeffreys posterior
    mean, so that no reply yet still has a direction): 0 once decided, missing beyond :data:`MAX_TO_DECIDE`."""
    hits, n, goal = (counts[c].to_numpy(float) for c in ("responses", "matured", "target"))
    rate = (hits + 0.5) / (n + 1)
    step_pivot = pivot_evidence(hits + rate, n + 1, goal) - pivot_evidence(hits, n, goal)
    step_keep = keep_evidence(rate, 1.0, goal)
    to_pivot = np.where(step_pivot > 0, (threshold - counts["llr"].to_numpy(float)) / np.where(step_pivot > 0,
                        step_pivot, 1), np.inf)  # fmt: skip
    to_keep = np.where(step_keep > 0, (np.log(1 / KEEP_GOING_LEVEL) - counts["keep_llr"].to_numpy(float))
                       / np.where(step_keep > 0, step_keep, 1), np.inf)  # fmt: skip
    more = np.ceil(np.clip(np.minimum(to_pivot, to_keep), 0, None))
    more = np.where(counts["verdict"].to_numpy() == "too_early", more, 0)
    return pd.Series(np.where(more > MAX_TO_DECIDE, np.nan, more), index=counts.index).astype("Int64")


def _segment_counts(data: pd.DataFrame, keys: list[str], target: float | dict | None) -> pd.DataFrame:
    """Per segment of ``keys``: applications, matured, responses, replies, screens, interviews, offers, and the
    ``target`` rate (a number for all, a dict by the segment's value, else the mean of the published base rates
    of its matured applications' channels, or of all of them while none has matured)."""
    return segment_target(segment_counts(data, keys), keys, target)


def segment_counts(data: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """What :func:`counted_tests` needs of each segment of ``keys``, from :func:`prepare`'s table: the keys,
    :data:`COUNT_COLUMNS`, and the mean base rates ``default_target``, ``any_target`` (of all its applications)
    and ``matured_target`` (of those counted)."""
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
        any_target=("_any_target", "mean"),
    ).reset_index()
    counted = data.loc[data["_matured"]]
    if counted.empty:  # none counted yet (and pandas cannot join on an empty column of Arrow strings)
        return counts.assign(matured_target=np.nan)
    matured_target = counted.groupby(keys, observed=True, dropna=False)["_target"].mean()
    return counts.join(matured_target.rename("matured_target"), on=keys)


def segment_target(counts: pd.DataFrame, keys: list[str], target: float | dict | None) -> pd.DataFrame:
    """``counts`` with each segment's ``target`` (see :func:`_segment_counts`)."""
    goal = counts["matured_target"].fillna(counts["default_target"])
    if isinstance(target, (int, float)):
        goal = pd.Series(float(target), index=counts.index)
    elif isinstance(target, dict):
        given = counts[keys[0]].map(target) if len(keys) == 1 else pd.Series(np.nan, index=counts.index)
        goal = given.astype(float).fillna(goal)
    if ((goal <= 0) | (goal >= 1)).any():
        raise ValueError("target rates must be between 0 and 1")
    counts["target"] = goal
    return counts


def search_context(apps: pd.DataFrame, data: pd.DataFrame, day: pd.Timestamp) -> SearchContext:
    """What the advice draws on besides the segment itself: channels that work better, search length, pace."""
    by_channel = data.groupby(A.channel, observed=True).agg(
        matured=("_matured", "sum"), hits=("_hit", "sum"), interviews=("_interview", "sum")
    )
    by_channel["better_p"] = better_than_the_rest(by_channel["hits"], by_channel["matured"])
    dates = [c for c in (A.applied_on, A.first_response_on, A.screen_on, A.interview_on, A.offer_on, A.outcome_on)]
    last_entry = apps[dates].max().max() if len(apps) else day
    months = (min(last_entry, day) - apps[A.applied_on].min()).days / 30.4 if len(apps) else 0.0
    weeks = activity(apps, as_of=day)
    recent_overload = bool(weeks["overload"].tail(2).any()) if len(weeks) else False
    return SearchContext(
        channels=by_channel,
        months=months,
        overload=recent_overload,
        pace=float(weeks["applications"].tail(4).mean()) if len(weeks) else 0.0,
        norm=float(weeks["norm"].iloc[-1]) if len(weeks) and pd.notna(weeks["norm"].iloc[-1]) else np.nan,
    )


def better_than_the_rest(hits: pd.Series, n: pd.Series) -> pd.Series:
    """For each channel, the one-sided p-value of Fisher's exact test that its rate beats the other channels'
    together (a handful of channels: one small test each)."""
    total_hits, total = int(hits.sum()), int(n.sum())
    values = []
    for h, m in zip(hits.astype(int), n.astype(int), strict=True):
        rest_hits, rest = total_hits - h, total - m
        if m == 0 or rest == 0:
            values.append(np.nan)
            continue
        values.append(fisher_exact([[h, m - h], [rest_hits, rest - rest_hits]], alternative="greater").pvalue)
    return pd.Series(values, index=hits.index, dtype=float)


# Funnel steps: (stage, reached, out of, fewest "out of" to judge, typical conversion key).
STEPS = (
    ("replies", "replies", "matured", 10, None),
    ("invitations", "screens", "replies", 5, "screen_given_reply"),
    ("interviews", "interviews", "screens", 3, "interview_given_screen"),
    ("offers", "offers", "interviews", 3, "offer_given_interview"),
)
"""The funnel steps a segment can leak at, each as the count reached out of the count before it."""


def weakest_stages(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """For every segment at once: the funnel step furthest below what its channels typically give, named only
    when the shortfall is clear (a one-sided binomial test at 5 % against the typical conversion): ``stage``
    ("" where no step clearly falls short), and the counts behind it, ``reached`` out of ``out_of``.

    The typical conversions are per channel: any reply at the channel's any-reply base rate (``any_target``,
    the mean over the segment's applications), a reply being an invitation at the ratio of its positive to
    its any-reply base rate, and the later steps at :data:`STAGE_BENCHMARKS`.
    """
    target = table["target"].to_numpy(dtype=float)
    if "any_target" in table:
        any_target = table["any_target"].to_numpy(dtype=float)
    else:
        any_target = target * BASE_RATES["any"]["job_board"] / BASE_RATES["positive"]["job_board"]
    any_target = np.clip(np.where(np.isnan(any_target), target, any_target), 1e-6, 1 - 1e-6)
    invited = np.clip(target / any_target, 1e-6, 1 - 1e-6)
    benchmarks = {None: any_target, "screen_given_reply": invited}
    gaps, reached, out_of = [], [], []
    for _stage, count, base, fewest, key in STEPS:
        benchmark = benchmarks.get(key, STAGE_BENCHMARKS.get(key))
        k, n = table[count].to_numpy(dtype=float), table[base].to_numpy(dtype=float)
        clear = (n >= fewest) & (binom.cdf(k, np.maximum(n, 1), benchmark) < 0.05)
        gaps.append(np.where(clear, (k + 0.5) / (n + 1) / benchmark, np.inf))
        reached.append(k)
        out_of.append(n)
    rows = np.arange(len(table))
    stacked = np.column_stack(gaps) if len(table) else np.empty((0, len(STEPS)))
    best = stacked.argmin(axis=1) if len(table) else np.array([], dtype=int)
    weak = np.isfinite(stacked[rows, best]) if len(table) else np.array([], dtype=bool)
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


def pivot_target(hits: np.ndarray, n: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
    """The lowest eventual target at which these counts would already be a pivot (the evidence grows with the
    target), by bisection for every segment at once; NaN when no target below 100 % would do it. The caller
    raises the threshold by the share the evidence from the start has in :func:`evidence_path`, so that at
    this target the counts are a pivot whatever their order."""
    hits, n = np.asarray(hits, dtype=float), np.asarray(n, dtype=float)
    low, high = np.full(hits.shape, 1e-4), np.full(hits.shape, 0.999)
    never = pivot_evidence(hits, n, high) < threshold
    for _ in range(40):
        middle = (low + high) / 2
        above = pivot_evidence(hits, n, middle) >= threshold
        high, low = np.where(above, middle, high), np.where(above, low, middle)
    return np.where(never | (n == 0), np.nan, high)


__all__ = [
    "ALPHA",
    "BASE_RATES",
    "CHANGE_EVERY",
    "CHANGE_WEIGHT",
    "COUNT_COLUMNS",
    "DECISION_WINDOW",
    "DEFAULT_BY",
    "FAILING",
    "KEEP_GOING_LEVEL",
    "SETTLING_DAYS",
    "STAGE_BENCHMARKS",
    "STRATEGY_COLUMNS",
    "TARGET_RANGES",
    "TEST_COLUMNS",
    "WINDOW_SHARE",
    "PivotTests",
    "SearchContext",
    "counted_tests",
    "evidence_at_points",
    "evidence_path",
    "fewest_table",
    "fewest_to_pivot",
    "highest_target",
    "keep_evidence",
    "pivot_evidence",
    "pivot_target",
    "pivot_tests",
    "prepare",
    "search_context",
    "segment_counts",
    "segment_target",
    "segment_tests",
    "split_tests",
    "strategy_changes",
    "weakest_stages",
]
