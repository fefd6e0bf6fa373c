"""When to pivot: a sequential test per strategy, a diagnosis of where the funnel leaks, and advice in plain words.

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

import re

import numpy as np
import pandas as pd
from scipy.stats import beta as beta_dist

from jobsearch_analysis.analysis.metrics import (
    _as_of,
    _check_kind,
    activity,
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
FEEDBACK_MESSAGE = (
    "Thank you again for the interview for the {role} role. I understand you have chosen another candidate. "
    "If you have a moment, I would be grateful for any feedback on how I could have been a stronger candidate."
)


def sprt_bounds(alpha: float = ALPHA, beta: float = BETA) -> tuple[float, float]:
    """Wald's boundaries on the log-likelihood ratio: (keep-going boundary, pivot boundary)."""
    return float(np.log(beta / (1 - alpha))), float(np.log((1 - beta) / alpha))


def sprt_steps(target: np.ndarray | float, fraction: float = FAILING_FRACTION) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood-ratio steps (H1 failing against H0 at target) for a reply and for a silence."""
    p0 = np.asarray(target, dtype=float)
    p1 = p0 * fraction
    return np.log(p1 / p0), np.log((1 - p1) / (1 - p0))


def _default_target(channel: pd.Series, kind: str) -> pd.Series:
    return channel.astype(str).map(BASE_RATES[kind]).astype(float).fillna(BASE_RATES[kind]["other"])


def recommend(
    apps: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    target: float | dict | None = None,
    kind: str = "positive",
    as_of: object = None,
    alpha: float = ALPHA,
    beta: float = BETA,
) -> pd.DataFrame:
    """A verdict per strategy segment (pivot, keep going, too early), with the diagnosis and what to change.

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
    DataFrame
        One row per segment:

        - ``segment``: the segment in words ("channel: job_board"), ``dimension`` (the columns it splits on)
          and the by-columns (missing where a row splits on other columns)
        - ``applications``, ``matured``, ``responses``, ``rate``, ``ci_low``, ``ci_high``: as in
          :func:`~jobsearch_analysis.analysis.metrics.response_rates` (Wilson 95 %)
        - ``target``: the rate that counts as working
        - ``prob_below_target``: posterior chance that the true rate is below the target
        - ``llr``: the SPRT's log-likelihood ratio after the last matured application
        - ``verdict``: ``pivot``, ``keep_going`` or ``too_early``
        - ``decided_after``: for a pivot, the matured application (1, 2, ...) at which it was reached
        - ``applications_to_decide``: about how many more matured applications, at the current rate, until a
          verdict (0 once decided)
        - ``weakest_stage``: where the funnel leaks most against typical conversions: ``replies``,
          ``invitations`` (replies that are invitations), ``interviews`` (screens that lead to interviews),
          ``offers``; empty when there is too little to tell
        - ``actions``: what to change, each with the evidence behind it (a list of strings)
        - ``explanation``: the verdict in plain words
    """
    _check_kind(kind)
    day = _as_of(apps, as_of)
    window = reply_window(apps, kind=kind, as_of=day)
    data = _prepared(apps, kind, day, window.days, target)
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
    rows = [_segment_rows(data, dim, kind, alpha, beta, target) for dim in dimensions]
    table = pd.concat(rows, ignore_index=True)
    if by is None:  # combinations only where there is enough data to say something of their own
        combined = table["dimension"].str.contains("×")
        table = table.loc[~combined | (table["matured"] >= MIN_MATURED_FOR_COMBINATIONS)].reset_index(drop=True)
    context = _context(apps, data, day, kind)
    return _advise(table, context, kind, window.days)


def _varies(values: pd.Series) -> bool:
    """Whether a column holds more than one value (a missing value counts as one)."""
    first = values.iloc[0] if len(values) else None
    if pd.isna(first):
        return bool(values.notna().any())
    return bool(values.isna().any() or (values != first).any())


def _prepared(apps: pd.DataFrame, kind: str, day: pd.Timestamp, window: int, target) -> pd.DataFrame:
    """One row per recorded application with its maturity, its outcome within the window, and its target."""
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    matured, hit = matured_answers(recorded, kind=kind, as_of=day, window=window)
    base = _default_target(recorded[A.channel], kind)
    return recorded.assign(
        _matured=matured,
        _hit=hit,
        _target=base,
        _replied=replied(recorded) & matured,
        _screen=positive(recorded) & matured,
        _interview=(recorded[A.furthest_stage] >= "interview").fillna(False).astype(bool) & matured,
        _offer=(recorded[A.furthest_stage] >= "offer").fillna(False).astype(bool) & matured,
    )


def _segment_rows(data, dim, kind, alpha, beta, target) -> pd.DataFrame:
    """SPRT and counts for each segment of one dimension, all segments at once."""
    keys = list(dim)
    upper = sprt_bounds(alpha, beta)[1]
    lower = sprt_bounds(alpha, FLOOR_BETA)[0]
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
    parts = [counts[k].astype(object).where(counts[k].notna(), "(not given)").astype("str") for k in keys]
    labels = parts[0].str.cat(parts[1:], sep=", ") if len(parts) > 1 else parts[0]
    return counts.assign(
        segment=" × ".join(keys) + ": " + labels,
        dimension=" × ".join(keys),
        rate=rate,
        ci_low=low,
        ci_high=high,
        prob_below_target=prob_below,
        applications_to_decide=to_decide.astype("Int64"),
    )


def _context(apps: pd.DataFrame, data: pd.DataFrame, day: pd.Timestamp, kind: str) -> dict:
    """What the advice draws on besides the segment itself: channels that work better, search length, pace."""
    by_channel = data.groupby(A.channel, observed=True).agg(
        matured=("_matured", "sum"), hits=("_hit", "sum"), interviews=("_interview", "sum")
    )
    months = (day - apps[A.applied_on].min()).days / 30.4 if len(apps) else 0.0
    weeks = activity(apps, as_of=day)
    recent_overload = bool(weeks["overload"].tail(2).any()) if len(weeks) else False
    return {
        "channels": by_channel,
        "months": months,
        "overload": recent_overload,
        "pace": float(weeks["applications"].tail(4).mean()) if len(weeks) else 0.0,
        "norm": float(weeks["norm"].iloc[-1]) if len(weeks) and pd.notna(weeks["norm"].iloc[-1]) else np.nan,
    }


def _pct(value: float) -> str:
    if pd.isna(value):
        return "n/a"
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


# Funnel steps: (stage, reached, out of, fewest "out of" to judge, typical conversion key, evidence wording).
_STEPS = (
    ("replies", "replies", "matured", 10, None, "{replies} replies from {matured} applications old enough to judge"),
    ("invitations", "screens", "replies", 5, "screen_given_reply", "{screens} of {replies} replies were invitations"),
    (
        "interviews",
        "interviews",
        "screens",
        3,
        "interview_given_screen",
        "{interviews} interviews from {screens} screens",
    ),
    ("offers", "offers", "interviews", 3, "offer_given_interview", "{offers} offers from {interviews} interviews"),
)


def weakest_stages(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """For every segment at once: the funnel step furthest below its typical conversion (with at least a few
    applications behind it), and the evidence in words; empty strings where no step is below typical.

    ``table`` has the counts :func:`recommend` works with (matured, replies, screens, interviews, offers) and
    the segment's ``target``.
    """
    target = table["target"].to_numpy(dtype=float)
    scale = 1.0 if kind == "any" else BASE_RATES["any"]["job_board"] / BASE_RATES["positive"]["job_board"]
    any_target = target * scale
    ratios, evidences = [], []
    for _stage, reached, base, fewest, key, evidence in _STEPS:
        benchmark = STAGE_BENCHMARKS[key] if key else any_target
        n_base = table[base].to_numpy(dtype=float)
        ratio = (table[reached].to_numpy(dtype=float) + 0.5) / (n_base + 1) / benchmark
        ratios.append(np.where(n_base >= fewest, ratio, np.inf))
        text = pd.Series("", index=table.index, dtype="str")
        for i, piece in enumerate(re.split(r"\{(\w+)\}", evidence)):  # literal, column, literal, ...
            text = text + (table[piece].astype("int64").astype("str") if i % 2 else piece)
        evidences.append(text)
    stacked = np.column_stack(ratios) if len(table) else np.empty((0, len(_STEPS)))
    best = stacked.argmin(axis=1) if len(table) else np.array([], dtype=int)
    weak = stacked[np.arange(len(table)), best] < 1 if len(table) else np.array([], dtype=bool)
    names = np.array([step[0] for step in _STEPS], dtype=object)
    evidence = np.column_stack([e.to_numpy(dtype=object) for e in evidences]) if len(table) else np.empty((0, 4))
    return pd.DataFrame(
        {
            "stage": np.where(weak, names[best] if len(table) else names[:0], ""),
            "evidence": np.where(weak, evidence[np.arange(len(table)), best] if len(table) else [], ""),
        },
        index=table.index,
    )


def _advise(table: pd.DataFrame, context: dict, kind: str, window: int) -> pd.DataFrame:
    """Diagnosis, actions and the explanation for each segment (a few dozen rows: plain Python is fine)."""
    channels = context["channels"]
    what = "positive replies (a screen or better)" if kind == "positive" else "replies"
    stages, actions, explanations = [], [], []
    weakest = weakest_stages(table, kind)
    for (_, row), stage, evidence in zip(
        table.assign(kind=kind).iterrows(), weakest["stage"], weakest["evidence"], strict=True
    ):
        todo: list[str] = []
        if row["verdict"] == "pivot" or stage:
            todo.extend(
                _stage_actions(
                    stage or "replies", evidence or f"{row['responses']} {what} from {row['matured']} applications"
                )
            )
            better = channels.loc[
                (channels["matured"] >= 5)
                & (channels["hits"] / channels["matured"].clip(lower=1) > (row["rate"] if pd.notna(row["rate"]) else 0))
            ]
            if len(better) and row["dimension"] == "channel":
                best = (better["hits"] / better["matured"]).idxmax()
                if str(best) != str(row.get("channel")):
                    hits, n = int(better.loc[best, "hits"]), int(better.loc[best, "matured"])
                    todo.append(
                        f"Put more of your effort into {_words(best)}: {_pronoun(best)} gave you {hits} {what} "
                        f"from {n} applications."
                    )
            if row["dimension"] in ("role_family", "channel × role_family") and row["verdict"] == "pivot":
                todo.append(
                    "Shift or widen the roles or industries you apply for: broadening the occupations "
                    "searched raises interviews (Belot, Kircher & Muller 2019). Evidence: this segment "
                    f"is at {_pct(row['rate'])} against a target of {_pct(row['target'])}."
                )
        if context["months"] >= 6:
            todo.append(
                f"Your search is {context['months']:.0f} months long; employers' callbacks fall after 6 "
                "months and more after 9 (Kroft, Lange & Notowidigdo 2013; Ghayad 2013; Eriksson & "
                "Rooth 2014). Broaden the search, use employment-support services (a career centre, "
                "a public employment service) and consider self-employment or contract work."
            )
        if context["overload"]:
            todo.append(
                f"You have been sending about {context['pace']:.0f} applications a week against your "
                f"usual {context['norm']:.0f} while replies fell: slow down, tailor fewer applications, "
                "and protect time for rest."
            )
        stages.append(stage)
        actions.append(todo)
        explanations.append(_explain(row, what, window, channels, kind))
    by_columns = list(dict.fromkeys(c for dimension in table["dimension"].unique() for c in dimension.split(" × ")))
    return table.assign(weakest_stage=stages, actions=actions, explanation=explanations)[
        ["segment", "dimension", *by_columns, *_FIXED]
    ]


_FIXED = [
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
    "applications_to_decide",
    "weakest_stage",
    "actions",
    "explanation",
]


def _stage_actions(stage: str, evidence: str) -> list[str]:
    advice = {
        "replies": "Few replies at all: rework your resume and cover letter for these roles, tailor each "
        "application to the posting, and aim at roles that match your experience more closely.",
        "invitations": "Replies come, but most are rejections: check that you meet the postings' must-haves, "
        "and lead your resume with the experience these roles ask for.",
        "interviews": "Screens rarely lead to interviews: work on your screening pitch (a two-minute story of "
        "who you are, what you did and why this role), and prepare answers on salary and "
        "availability.",
        "offers": "Interviews rarely lead to offers: practise interviews (mock interviews, the STAR method for "
        'examples) and ask for feedback after each rejection, for example: "'
        + FEEDBACK_MESSAGE.format(role="[role]")
        + '"',
    }
    return [f"{advice[stage]} Evidence: {evidence}."]


def _pronoun(channel: object) -> str:
    return "it" if str(channel) == "networking" else "they"


def _words(channel: object) -> str:
    return {
        "job_board": "job boards",
        "company_site": "company career sites",
        "referral": "referrals",
        "recruiter": "recruiters",
        "networking": "networking",
        "other": "other channels",
        "unknown": "applications with no channel noted",
    }.get(str(channel), str(channel))


_CHANNEL_PHRASES = {
    "job_board": "through job boards",
    "company_site": "on company career sites",
    "referral": "through referrals",
    "recruiter": "through recruiters",
    "networking": "through networking",
    "other": "through other channels",
    "unknown": "with no channel noted",
}


def _head(row: pd.Series) -> str:
    """The segment in words: "Applications through job boards for Data Analyst roles"."""
    parts = []
    columns = row["dimension"].split(" × ")
    for column in columns:
        if pd.isna(row[column]):
            parts.append(f"with no {column.replace('_', ' ')} noted")
        elif column == "channel":
            parts.append(_CHANNEL_PHRASES.get(str(row["channel"]), f"through {row['channel']}"))
        elif column == "role_family":
            parts.append(f"for {row['role_family']} roles")
        elif column == "resume_version":
            parts.append(f"with resume {row['resume_version']}")
        else:
            parts.append(f"with {column.replace('_', ' ')} {row[column]}")
    return "Applications " + " ".join(parts)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _explain(row: pd.Series, what: str, window: int, channels: pd.DataFrame, kind: str) -> str:
    head = f"{_head(row)}: "
    if row["matured"] == 0:
        return (
            head + f"none of the {row['applications']} applications is {window} days old yet, so it is too "
            "early to tell; replies may still come."
        )
    one, many = (
        ("positive reply (a screen or better)", "positive replies (a screen or better)")
        if kind == "positive"
        else ("reply", "replies")
    )
    counts = (
        f"{_plural(int(row['responses']), one, many)} from {row['matured']} applications old enough to judge "
        f"({_pct(row['rate'])}, 95 % CI {_pct(row['ci_low'])}-{_pct(row['ci_high'])}). "
        f"Your target is {_pct(row['target'])}. "
    )
    probability = row["prob_below_target"]
    shown = ">99%" if probability > 0.99 else "<1%" if probability < 0.01 else f"{probability:.0%}"
    chance = f"There is a {shown} chance the true rate is below it"
    if row["verdict"] == "pivot":
        verdict = f"{chance}: time to pivot."
    elif row["verdict"] == "keep_going":
        verdict = f"{chance}; the evidence says this works: keep going."
    else:
        more = int(row["applications_to_decide"])
        verdict = (
            f"{chance}, but as you check after every application the rule waits for firmer evidence: too "
            "early to tell. About "
            f"{_plural(more, 'more application', 'more applications')} old enough to judge should settle it at "
            "this rate."
        )
    best = channels.loc[channels["matured"] >= 5]
    extra = ""
    if row["verdict"] == "pivot" and len(best):
        top = (best["interviews"] / best["matured"]).idxmax()
        if str(top) != str(row.get("channel")) and best.loc[top, "interviews"] > 0:
            verb = "has" if str(top) == "networking" else "have"
            interviews = _plural(int(best.loc[top, "interviews"]), "interview", "interviews")
            extra = f" {_words(top).capitalize()} {verb} given you {interviews} from {int(best.loc[top, 'matured'])}."
    return head + counts + verdict + extra


def in_brief(advice: pd.DataFrame) -> pd.DataFrame:
    """The advice to read first: one row per channel (or per segment of the first dimension when the table has
    no channel rows), with its verdict, explanation and, for a pivot, the first thing to change.

    Takes the table :func:`recommend` returns; the command line's summary and the HTML report both show this.

    >>> from jobsearch_analysis import load_sample
    >>> brief = in_brief(recommend(load_sample().applications))
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
