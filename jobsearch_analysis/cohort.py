"""Cohort outcomes across a caseload: time to employment, exits, strategies across clients, and triage.

Clients are followed from the start of their search (day 0). A client who found work (an exit in ``event``)
has the event on their exit day; one who left for another reason is censored then for time to employment
(and is a competing exit in :func:`exit_incidence`); one still searching is censored at the last contact,
the last day they were known to be searching. A client who came to the service after their search began
(``intake`` later than ``search_start``) could only have been seen from their intake on: counting them from
day 0 would credit the service with the months they had already survived, so they enter the risk set at
their intake (left truncation), as statsmodels' ``SurvfuncRight(entry=...)`` does.

Every function here protects clients by default: a segment with fewer than ``min_clients`` clients is not
shown, a curve stops where fewer than ``min_clients`` clients are still followed, and counts of 1 to
``min_clients - 1`` clients are blanked (see :func:`jobsearch_analysis.privacy.suppress`). Pass
``min_clients=1`` for the raw numbers (for the counselling team's own use, never for sharing).

>>> from jobsearch_analysis.clients import load_cohort
>>> from jobsearch_analysis import sample_path
>>> cohort = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"),
...                      as_of="2026-11-02")
>>> result = time_to_employment(cohort.clients)
>>> bool(60 < result.summary["median_days"].iloc[0] < 400)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import t as t_dist

from jobsearch_analysis import pivot
from jobsearch_analysis.metrics import _as_of, _check_kind, _summarise, matured_answers, reply_window, wilson
from jobsearch_analysis.privacy import MIN_CELL, suppress
from jobsearch_analysis.schema import EMPLOYED, EXIT_REASONS, STAGES
from jobsearch_analysis.schema import Applications as A
from jobsearch_analysis.survival import cumulative_incidence, kaplan_meier

HORIZONS = (91, 182, 365)
"""Days at which the summaries give the share employed: about 3, 6 and 12 months."""
MILESTONES = (182, 273)
"""Search lengths (about 6 and 9 months) after which employers' callbacks fall (Kroft, Lange & Notowidigdo
2013; Eriksson & Rooth 2014): :func:`triage` flags clients approaching them."""
MILESTONE_WARNING_DAYS = 28


@dataclass(frozen=True)
class TimeToEmployment:
    """What :func:`time_to_employment` returns.

    curve    one row per segment and day on which a client was employed or censored: the by-columns, ``day``,
             ``survival`` (the chance of still searching), ``ci_low``, ``ci_high`` (95 %), ``at_risk``,
             ``events`` (clients employed that day), ``censored``, ``employed`` (1 - survival)
    summary  one row per segment: ``clients``, ``employed``, ``other_exits``, ``searching``, ``joined_late``
             (left-truncated), ``not_followed`` (exited or last seen on their intake day: no time at risk),
             ``median_days`` with ``median_ci_low`` and ``median_ci_high``, ``q25_days`` and ``q75_days``
             (with intervals), ``employed_by_91`` / ``_182`` / ``_365`` with intervals (the share employed
             within about 3, 6 and 12 months), ``follow_up_days``, ``suppressed``
    notes    what was hidden and why, in words
    """

    curve: pd.DataFrame
    summary: pd.DataFrame
    notes: tuple[str, ...] = field(default=())


def _by(by: str | list[str] | None) -> list[str]:
    return [by] if isinstance(by, str) else list(by or [])


def _check_columns(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"by={missing[0]!r}: no such column in the {what} table")


def client_times(
    clients: pd.DataFrame, *, event: tuple[str, ...] = EMPLOYED, by: list[str] | None = None
) -> pd.DataFrame:
    """One row per client: ``days`` from the search start to the exit (or to the last contact while still
    searching), ``employed`` (1 when the exit is in ``event``), ``cause`` (1 + the exit reason's position in
    :data:`~jobsearch_analysis.schema.EXIT_REASONS`, 0 still searching), ``entry`` (days from the start to the
    intake for a client who joined mid-search, else -1) and ``followed`` (False when the client has no time at
    risk after the intake)."""
    by = list(by or [])
    exited = clients["exited_on"].notna()
    end = clients["exited_on"].where(exited, clients["last_contact_on"])
    days = (end - clients["search_start"]).dt.days.astype(np.int64)
    late = (clients["intake"] > clients["search_start"]).fillna(False).astype(bool)
    entry = (clients["intake"] - clients["search_start"]).dt.days.where(late, -1).fillna(-1).astype(np.int64)
    reason = pd.Categorical(clients["exit_reason"].astype("object"), categories=list(EXIT_REASONS))
    codes = pd.Series(reason.codes + 1, index=clients.index).where(exited, 0)
    employed = clients["exit_reason"].isin(list(event)).to_numpy() & exited.to_numpy()
    return pd.DataFrame(
        {
            **{c: clients[c] for c in by},
            "days": days,
            "employed": employed.astype(np.int64),
            "cause": codes.astype(np.int64),
            "entry": entry,
            "joined_late": late,
            "followed": entry < days,
            "other_exit": (exited & ~pd.Series(employed, index=clients.index)).to_numpy(),
            "searching": ~exited,
        },
        index=clients.index,
    )


def _keep_followed(curve: pd.DataFrame, keys: list[str], min_clients: int) -> pd.DataFrame:
    """Rows up to the first day fewer than ``min_clients`` are followed (the tail would single clients out)."""
    if min_clients <= 1 or curve.empty:
        return curve
    thin = curve["at_risk"] < min_clients
    reached = thin.groupby([curve[k] for k in keys], observed=True, dropna=False).cummax()
    return curve.loc[~reached]


def time_to_employment(
    clients: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    event: tuple[str, ...] = EMPLOYED,
    min_clients: int = MIN_CELL,
) -> TimeToEmployment:
    """Kaplan-Meier estimate of the time from the start of the search to employment, per segment.

    Parameters
    ----------
    clients : DataFrame
        The :class:`~jobsearch_analysis.schema.Clients` table (``Cohort.clients``).
    by : str or list of str, optional
        Segment columns (``program``, ``counsellor``, or a column of the counsellor's own).
    event : tuple of str
        The exit reasons that count as employment (by default full time, part time and self-employed).
        Other exits are censored on their day; clients still searching at their last contact.
    min_clients : int
        Segments with fewer clients are left out, and each curve stops where fewer are still followed
        (:data:`~jobsearch_analysis.privacy.MIN_CELL` by default; 1 shows everything).

    Returns
    -------
    TimeToEmployment
    """
    by = _by(by)
    _check_columns(clients, by, "clients")
    unknown = set(event) - set(EXIT_REASONS)
    if unknown:
        raise ValueError(f"event: {sorted(unknown)[0]!r} is not an exit reason; use some of {', '.join(EXIT_REASONS)}")
    times = client_times(clients, event=event, by=by)
    keys = by or ["_all"]
    if not by:
        times = times.assign(_all=0)
    counts = times.groupby(keys, observed=True, dropna=False, sort=True).agg(
        clients=("days", "size"),
        employed=("employed", "sum"),
        other_exits=("other_exit", "sum"),
        searching=("searching", "sum"),
        joined_late=("joined_late", "sum"),
        not_followed=("followed", lambda s: int((~s).sum())),
    )
    counts = counts.reset_index()
    followed = times.loc[times["followed"]]
    curve = kaplan_meier(followed, duration="days", event="employed", by=keys, entry="entry")
    summary = _summarise(curve, keys, counts, horizons=HORIZONS)
    summary = summary.rename(
        columns={
            **{f"within_{h}": f"employed_by_{h}" for h in HORIZONS},
            **{f"within_{h}_ci_low": f"employed_by_{h}_ci_low" for h in HORIZONS},
            **{f"within_{h}_ci_high": f"employed_by_{h}_ci_high" for h in HORIZONS},
        }
    ).drop(columns=["never", "never_ci_low", "never_ci_high", "median_days_among_events"])
    notes = []
    small = counts.loc[(counts["clients"] < min_clients), keys]
    if min_clients > 1 and len(small):
        notes.append(
            f"{len(small)} {'group has' if len(small) == 1 else 'groups have'} fewer than {min_clients} clients: "
            "not shown."
        )
        curve = curve.merge(small.assign(_small=True), on=keys, how="left")
        curve = curve.loc[curve["_small"].isna()].drop(columns="_small")
    before = len(curve)
    curve = _keep_followed(curve.reset_index(drop=True), keys, min_clients)
    if len(curve) < before:
        notes.append(f"Curves stop where fewer than {min_clients} clients are still followed.")
    if min_clients > 1:
        summary = suppress(
            summary,
            clients="clients",
            counts={c: [] for c in ("employed", "other_exits", "searching", "joined_late", "not_followed")},
            hide=[c for c in summary.columns if c not in (*keys, "clients")],
            min_cell=min_clients,
            parts=["employed", "other_exits", "searching"],
            rows_add_up=bool(by),
        )
    else:
        summary = summary.assign(suppressed=False)
    if "suppressed_note" in summary.attrs:
        notes.append(summary.attrs["suppressed_note"])
    curve = _blank_small(curve.assign(employed=1 - curve["survival"]), ["events", "censored"], min_clients)
    columns = [*by, "day", "survival", "se", "ci_low", "ci_high", "at_risk", "events", "censored", "employed"]
    out_summary = summary.drop(columns=[] if by else ["_all"])
    return TimeToEmployment(curve=curve[columns].reset_index(drop=True), summary=out_summary, notes=tuple(notes))


def _blank_small(frame: pd.DataFrame, columns: list[str], min_clients: int) -> pd.DataFrame:
    """Counts of 1 to ``min_clients - 1`` clients in a curve's rows (events, censorings on a day) made missing."""
    if min_clients <= 1:
        return frame
    small = {c: frame[c].astype("Int64").mask((frame[c] > 0) & (frame[c] < min_clients)) for c in columns}
    return frame.assign(**small)


def exit_incidence(
    clients: pd.DataFrame, by: str | list[str] | None = None, *, min_clients: int = MIN_CELL
) -> pd.DataFrame:
    """Cumulative incidence of each exit reason, the reasons competing (Aalen-Johansen).

    A client who leaves for training can no longer be employed from the same search, so 1 - Kaplan-Meier of
    one reason (the others censored) would overstate it; the cumulative incidence is the share of clients who
    have left for that reason by each day, and the reasons add up to the share who have left at all. Clients
    still searching are censored at their last contact; clients who joined mid-search enter at their intake
    (as in :func:`time_to_employment`). The numbers are statsmodels' ``CumIncidenceRight`` where no client
    joined late (the tests check it).

    Returns
    -------
    DataFrame
        The by-columns, ``day``, ``exit_reason``, ``incidence``, ``ci_low``, ``ci_high`` (95 %, delta method),
        ``at_risk``, ``events``; one row per segment, reason and day on which anyone left or was censored.
        Segments with fewer than ``min_clients`` clients are left out and each curve stops where fewer are
        still followed; ``attrs["notes"]`` says so.
    """
    by = _by(by)
    _check_columns(clients, by, "clients")
    keys = by or ["_all"]
    times = client_times(clients, by=by)
    if not by:
        times = times.assign(_all=0)
    followed = times.loc[times["followed"]]
    columns = [*by, "day", "exit_reason", "incidence", "ci_low", "ci_high", "at_risk", "events"]
    if followed.empty:
        return pd.DataFrame(columns=columns)
    table = cumulative_incidence(
        followed, duration="days", cause="cause", causes=len(EXIT_REASONS), by=keys, entry="entry"
    )
    z = 1.959963984540054
    table = table.assign(
        exit_reason=pd.Categorical.from_codes(table["cause"] - 1, categories=list(EXIT_REASONS)),
        ci_low=(table["incidence"] - z * table["se"]).clip(lower=0),
        ci_high=(table["incidence"] + z * table["se"]).clip(upper=1),
    )
    notes = []
    sizes = times.groupby(keys, observed=True, dropna=False).size().rename("_clients")
    table = table.join(sizes, on=keys)
    if min_clients > 1:
        few = table["_clients"] < min_clients
        if few.any():
            notes.append(f"Groups with fewer than {min_clients} clients are not shown.")
        table = table.loc[~few]
        before = len(table)
        table = _keep_followed(table.sort_values([*keys, "exit_reason", "day"]).reset_index(drop=True),
                               [*keys, "exit_reason"], min_clients)  # fmt: skip
        if len(table) < before:
            notes.append(f"Curves stop where fewer than {min_clients} clients are still followed.")
    out = _blank_small(table[columns].reset_index(drop=True), ["events"], min_clients)
    out.attrs["notes"] = notes
    return out


# ----------------------------------------------------------------------------------------------- across clients
def _spread(per_client: pd.DataFrame, keys: list[str], value: str, weight: str, hits: str) -> pd.DataFrame:
    """Per segment: the pooled rate (hits / weight over all clients, Wilson interval) beside the distribution
    of the clients' own rates (mean with a t interval, each client counting once; quartiles)."""
    grouped = per_client.groupby(keys, observed=True, dropna=False, sort=True)
    table = grouped.agg(
        clients=(value, "size"),
        applications=(weight, "sum"),
        responses=(hits, "sum"),
        client_mean=(value, "mean"),
        client_sd=(value, "std"),
        client_q25=(value, lambda s: s.quantile(0.25)),
        client_median=(value, "median"),
        client_q75=(value, lambda s: s.quantile(0.75)),
    ).reset_index()
    table["pooled_rate"] = table["responses"] / table["applications"].where(table["applications"] > 0)
    low, high = wilson(table["responses"], table["applications"])
    table["pooled_ci_low"], table["pooled_ci_high"] = low, high
    n = table["clients"].astype(float)
    half = t_dist.ppf(0.975, (n - 1).where(n > 1)) * table["client_sd"] / np.sqrt(n)
    table["client_mean_ci_low"] = (table["client_mean"] - half).clip(lower=0)
    table["client_mean_ci_high"] = (table["client_mean"] + half).clip(upper=1)
    # How much the heaviest appliers weigh in the pooled rate: the share of applications sent by the top
    # tenth of clients (at least one).
    ranked = per_client.sort_values(weight, ascending=False, kind="stable")
    position = ranked.groupby(keys, observed=True, dropna=False).cumcount()
    size = ranked.groupby(keys, observed=True, dropna=False)[weight].transform("size")
    top = ranked.loc[position < np.maximum(1, np.ceil(size * 0.1))]
    top_sum = top.groupby(keys, observed=True, dropna=False)[weight].sum().rename("_top")
    table = table.join(top_sum, on=keys)
    table["top_tenth_share"] = table["_top"] / table["applications"].where(table["applications"] > 0)
    return table.drop(columns=["_top", "client_sd"])


def client_rates(
    apps: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    kind: str = "positive",
    as_of: object = None,
    min_clients: int = MIN_CELL,
    per_client: bool = False,
) -> pd.DataFrame:
    """Response rates across clients: each client's own rate, and their distribution per segment.

    A pooled rate (all applications together) lets a few heavy appliers dominate: a client who sent 400
    applications weighs as much as forty who sent ten. Here each client's rate among their applications old
    enough to judge (within the reply window, as :func:`jobsearch_analysis.response_rates` counts) is one
    observation.

    Parameters
    ----------
    apps : DataFrame
        The applications of the cohort (with ``client_id``).
    by : str or list of str, optional
        Segments (``channel``, ``role_family``, ...). Clients count in every segment they have matured
        applications in.
    kind : {"positive", "any"}
        A screen or better (default), or any reply.
    per_client : bool
        Return one row per client and segment instead (never for sharing: it describes single clients).

    Returns
    -------
    DataFrame
        One row per segment: ``clients`` (with at least one application old enough to judge),
        ``applications`` (old enough to judge), ``responses``, ``pooled_rate`` with ``pooled_ci_low`` and
        ``pooled_ci_high`` (Wilson; it treats applications as independent, which they are not),
        ``client_mean`` with ``client_mean_ci_low`` and ``client_mean_ci_high`` (each client counting once,
        t interval), ``client_q25``, ``client_median``, ``client_q75``, ``top_tenth_share`` (the share of
        the applications sent by the tenth of clients who sent the most), ``window_days``, ``suppressed``.
    """
    _check_kind(kind)
    by = _by(by)
    _check_columns(apps, by, "applications")
    day = _as_of(apps, as_of)
    window = reply_window(apps, kind=kind, as_of=day).days
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    matured, hit = matured_answers(recorded, kind=kind, as_of=day, window=window)
    frame = recorded[[A.client_id, *by]].assign(_matured=matured.astype(np.int64), _hit=hit.astype(np.int64))
    frame = frame.loc[matured]
    clients = (
        frame.groupby([*by, A.client_id], observed=True, dropna=False, sort=True)
        .agg(applications=("_matured", "sum"), responses=("_hit", "sum"))
        .reset_index()
    )
    clients["rate"] = clients["responses"] / clients["applications"]
    if per_client:
        return clients.assign(window_days=window)
    keys = by or ["_all"]
    if not by:
        clients = clients.assign(_all=0)
    table = _spread(clients, keys, "rate", "applications", "responses").assign(window_days=window)
    if min_clients > 1:
        table = suppress(
            table, clients="clients", hide=[c for c in table.columns if c not in (*keys, "clients", "window_days")],
            min_cell=min_clients,
        )  # fmt: skip
    else:
        table = table.assign(suppressed=False)
    return table.drop(columns=[] if by else ["_all"])


FUNNEL_STAGES = STAGES[1:]


def client_funnel(
    apps: pd.DataFrame, by: str | list[str] | None = None, *, min_clients: int = MIN_CELL
) -> pd.DataFrame:
    """How far clients get: per segment and stage, how many clients reached it at least once.

    Returns
    -------
    DataFrame
        One row per segment and stage (screen, interview, offer, hired): ``clients`` (with an application in
        the segment), ``reached`` (clients with at least one application at that stage or beyond),
        ``share_of_clients`` with ``ci_low`` and ``ci_high`` (Wilson), ``pooled_share`` (the share of all the
        segment's applications that got there), ``client_median_share`` (the median over clients of their own
        share), ``suppressed``. Counts of 1 to ``min_clients - 1`` clients are hidden with their shares.
    """
    by = _by(by)
    _check_columns(apps, by, "applications")
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    stage = recorded[A.furthest_stage]
    flags = {s: (stage >= s).fillna(False).astype(np.int64) for s in FUNNEL_STAGES}
    frame = recorded[[A.client_id, *by]].assign(_n=1, **{f"_{s}": v for s, v in flags.items()})
    per = frame.groupby([*by, A.client_id], observed=True, dropna=False, sort=True).sum().reset_index()
    keys = by or ["_all"]
    if not by:
        per = per.assign(_all=0)
    parts = []
    grouped = per.groupby(keys, observed=True, dropna=False, sort=True)
    clients = grouped.size().rename("clients")
    applications = grouped["_n"].sum()
    for s in FUNNEL_STAGES:
        own_share = per[f"_{s}"] / per["_n"]
        part = pd.DataFrame(
            {
                "clients": clients,
                "reached": (per[f"_{s}"] > 0).groupby([per[k] for k in keys], observed=True, dropna=False).sum(),
                "pooled_share": grouped[f"_{s}"].sum() / applications,
                "client_median_share": own_share.groupby([per[k] for k in keys], observed=True, dropna=False).median(),
            }
        ).reset_index()
        parts.append(part.assign(stage=s))
    table = pd.concat(parts, ignore_index=True)
    table["share_of_clients"] = table["reached"] / table["clients"]
    low, high = wilson(table["reached"], table["clients"])
    table["ci_low"], table["ci_high"] = low, high
    table["stage"] = pd.Categorical(table["stage"], categories=list(FUNNEL_STAGES), ordered=True)
    table = table.sort_values([*keys, "stage"], kind="stable").reset_index(drop=True)
    table = table[[*keys, "stage", "clients", "reached", "share_of_clients", "ci_low", "ci_high", "pooled_share",
                   "client_median_share"]]  # fmt: skip
    if min_clients > 1:
        table = suppress(
            table,
            clients="clients",
            counts={"reached": ["share_of_clients", "ci_low", "ci_high", "pooled_share", "client_median_share"]},
            hide=["reached", "share_of_clients", "ci_low", "ci_high", "pooled_share", "client_median_share"],
            min_cell=min_clients,
        )
    else:
        table = table.assign(suppressed=False)
    return table.drop(columns=[] if by else ["_all"])


# ----------------------------------------------------------------------------------------------- triage
FIRST_ACTIONS = {
    "replies": "Rework the resume and cover letter, and aim at roles closer to the client's experience",
    "invitations": "Check the postings' must-haves; lead the resume with the experience these roles ask for",
    "interviews": "Work on the screening pitch and answers on salary and availability",
    "offers": "Practise interviews (mock interviews, STAR examples) and ask employers for feedback",
}
"""The first thing to change, by the funnel step that leaks most (the full advice is in
:func:`jobsearch_analysis.recommend`)."""


def _pct(values: pd.Series) -> pd.Series:
    """Rates as short percentages ("3.1%", "12%"), vectorised."""
    small = values < 0.1
    text = (values * 100).round(1).astype("str") + "%"
    return text.where(small, (values * 100).round(0).astype("Int64").astype("str") + "%")


def _chance(values: pd.Series) -> pd.Series:
    """Probabilities as "97%", with ">99%" and "<1%" at the ends (never a certain-sounding 100%)."""
    text = (values * 100).round(0).astype("Int64").astype("str") + "%"
    return text.mask(values > 0.99, ">99%").mask(values < 0.01, "<1%")


def _milestones(days: pd.Series, warn: int) -> tuple[pd.Series, pd.Series]:
    """A flag in words for each client's search length, and the days left to the milestone coming up within
    ``warn`` days (NaN where none is)."""
    six, nine = MILESTONES
    flag = pd.Series("", index=days.index, dtype="str")
    left = pd.Series(np.nan, index=days.index)
    for mark, words in ((six, "6 months"), (nine, "9 months")):
        ahead = (days < mark) & (days >= mark - warn)
        flag = flag.mask(days >= mark, "past " + words)
        flag = flag.mask(ahead, words + " in " + (mark - days).astype("str") + " days")
        left = left.mask(ahead, (mark - days).astype(float))
    return flag, left


def triage(
    apps: pd.DataFrame,
    clients: pd.DataFrame | None = None,
    *,
    as_of: object = None,
    target: float | dict | None = None,
    kind: str = "positive",
    warn_days: int = MILESTONE_WARNING_DAYS,
) -> pd.DataFrame:
    """The clients who need a pivot conversation now, strongest evidence first.

    For every client still searching, the pivot rule of :func:`jobsearch_analysis.recommend` (a sequential
    test, built to be checked after every application) runs on the client's applications as a whole and per
    channel, all clients at once. A client is listed when a strategy of theirs has reached the pivot verdict,
    or when their search is about to pass 6 or 9 months (``warn_days`` ahead), after which employers' callbacks
    fall. Clients with a pivot come first, ranked by the strength of the evidence (the log-likelihood ratio
    of the test: how much likelier the client's replies are if the strategy is failing than if it works);
    then the clients near a milestone, the nearest first.

    Parameters
    ----------
    apps : DataFrame
        The cohort's applications.
    clients : DataFrame, optional
        The clients table: who is still searching (no exit), since when (the search start) and the last
        contact. Without it, every client without a hired application counts as searching, since their first
        application.
    target, kind
        As for :func:`jobsearch_analysis.recommend` (by default each channel's published positive-reply rate).

    Returns
    -------
    DataFrame
        One row per listed client: ``rank``, ``client_id``, ``search_days``, ``milestone`` ("6 months in 12
        days", "past 9 months", ...), ``strategy`` (what is not working, in words), ``verdict`` ("pivot" or
        "" for a milestone alone), ``evidence`` (the likelihood ratio, e.g. 40 means forty times likelier),
        ``prob_below_target``, ``matured``, ``responses``, ``rate``, ``target``, ``weakest_stage``,
        ``reason`` (the numbers in words), ``first_action``, ``last_contact_on`` and ``days_since_contact``
        (with a clients table). Client ids are as given: pseudonymise the table
        (:func:`jobsearch_analysis.privacy.pseudonymise`) before it leaves the counselling team.
    """
    _check_kind(kind)
    day = _as_of(apps, as_of)
    columns = ["rank", "client_id", "search_days", "milestone", "strategy", "verdict", "evidence",
               "prob_below_target", "matured", "responses", "rate", "target", "weakest_stage", "reason",
               "first_action", "last_contact_on", "days_since_contact"]  # fmt: skip
    if clients is not None:
        active = clients.loc[clients["exited_on"].isna()]
        start = active.set_index("client_id")["search_start"]
        contact = active.set_index("client_id")["last_contact_on"]
    else:
        hired = apps.loc[apps[A.outcome] == "hired", A.client_id].unique()
        searching = apps.loc[~apps[A.client_id].isin(hired)]
        start = searching.groupby(A.client_id)[A.applied_on].min()
        contact = None
    if start.empty:
        return pd.DataFrame(columns=columns)
    mine = apps.loc[apps[A.client_id].isin(start.index)]
    window = reply_window(apps, kind=kind, as_of=day).days  # the whole cohort's replies: a firmer estimate
    data = pivot._prepared(mine, kind, day, window, target)
    if data["_matured"].any():
        rows = pd.concat(
            [
                pivot._segment_rows(data, [A.client_id], kind, pivot.ALPHA, pivot.BETA, target),
                pivot._segment_rows(data, [A.client_id, A.channel], kind, pivot.ALPHA, pivot.BETA, target),
            ],
            ignore_index=True,
        )
    else:  # nothing old enough to judge: no verdict anywhere, only milestones
        rows = pd.DataFrame({A.client_id: pd.Series(dtype="str"), "verdict": pd.Series(dtype="str")})
    pivots = rows.loc[rows["verdict"] == "pivot"].copy()
    pivots["_channel_row"] = pivots[A.channel].notna() if A.channel in pivots else False
    pivots["llr"] = pivots["llr"] if "llr" in pivots else pd.Series(dtype=float)
    # The strongest evidence per client; between equals, the channel (it says what to change).
    pivots = pivots.sort_values(["llr", "_channel_row"], ascending=[False, False], kind="stable")
    best = pivots.drop_duplicates(A.client_id, keep="first").set_index(A.client_id)
    weak = pivot.weakest_stages(best, kind) if len(best) else pd.DataFrame({"stage": [], "evidence": []})

    days = (day - start).dt.days.astype(np.int64)
    flag, left = _milestones(days, warn_days)
    listed = start.index[start.index.isin(best.index) | left.notna().to_numpy()]
    out = pd.DataFrame(index=pd.Index(listed, name="client_id"))
    out["search_days"] = days.reindex(listed)
    out["milestone"] = flag.reindex(listed)
    out["_left"] = left.reindex(listed)
    for column in ("llr", "prob_below_target", "matured", "responses", "rate", "target"):
        out[column] = best[column].reindex(listed).astype(float) if len(best) else np.nan
    verdict = best["verdict"].reindex(listed).astype("str") if len(best) else pd.Series(pd.NA, index=listed)
    out["verdict"] = verdict.astype("str").fillna("")
    channel = best[A.channel].reindex(listed) if len(best) else pd.Series(np.nan, index=listed)
    words = channel.astype(object).map(pivot._words, na_action="ignore")
    strategy = ("applications through " + words.astype("str")).where(channel.notna(), "applications overall")
    out["strategy"] = strategy.where(out["verdict"] == "pivot", "")
    stage = (weak["stage"].reindex(listed) if len(best) else pd.Series("", index=listed)).fillna("")
    stage = stage.where(stage != "", np.where(out["verdict"] == "pivot", "replies", ""))
    out["weakest_stage"] = stage
    out["evidence"] = np.exp(out["llr"].astype(float)).round(0)
    counts = (
        out["responses"].astype("Int64").astype("str") + " positive replies from "
        + out["matured"].astype("Int64").astype("str") + " applications old enough to judge ("
        + _pct(out["rate"].astype(float)) + " against a target of " + _pct(out["target"].astype(float)) + "); a "
        + _chance(out["prob_below_target"].astype(float)) + " chance the true rate is below the target"
    )  # fmt: skip
    if kind == "any":
        counts = counts.str.replace("positive replies", "replies", regex=False)
    search = "Searching for " + (out["search_days"] // 7).astype("Int64").astype("str") + " weeks"
    out["reason"] = (out["strategy"].str.capitalize() + ": " + counts + ".").where(
        out["verdict"] == "pivot", search + "; " + out["milestone"] + "."
    )
    action = stage.map(FIRST_ACTIONS).fillna("")
    channel_pivot = out["verdict"].eq("pivot") & channel.notna()
    moved = action + "; move effort from " + words.astype("str") + " to channels that work"
    action = action.where(~channel_pivot, moved)
    review = "Review the search before the milestone: broaden the roles, use support services, consider contract work"
    out["first_action"] = action.where(out["verdict"] == "pivot", review)
    if contact is not None:
        out["last_contact_on"] = contact.reindex(listed)
        out["days_since_contact"] = (day - out["last_contact_on"]).dt.days.astype("Int64")
    else:
        out["last_contact_on"] = pd.Series(pd.NaT, index=listed, dtype="datetime64[s]")
        out["days_since_contact"] = pd.Series(pd.NA, index=listed, dtype="Int64")
    out["_pivot"] = out["verdict"] == "pivot"
    out["_to_milestone"] = out["_left"].fillna(np.inf)
    out = out.sort_values(["_pivot", "llr", "_to_milestone"], ascending=[False, False, True], kind="stable")
    out = out.reset_index()
    out["rank"] = np.arange(1, len(out) + 1)
    out.attrs["as_of"] = day
    out.attrs["window_days"] = window
    return out[columns]
