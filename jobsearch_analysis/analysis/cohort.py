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

>>> from jobsearch_analysis.ingest.clients import load_cohort
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

from jobsearch_analysis.analysis import pivot
from jobsearch_analysis.analysis.metrics import (
    DEFAULT_WINDOW_DAYS,
    MIN_REPLIES_FOR_WINDOW,
    as_of_day,
    check_kind,
    matured_answers,
    reply_times,
    wilson,
    window_from_curve,
)
from jobsearch_analysis.analysis.survival import (
    cumulative_incidence_from_table,
    kaplan_meier_from_table,
    life_table_from_counts,
    round_life_table,
)
from jobsearch_analysis.notes import Note, NoteCode
from jobsearch_analysis.privacy import MIN_CELL, suppress, suppression_note
from jobsearch_analysis.schema import EMPLOYED, EXIT_REASONS, STAGES, complete_clients
from jobsearch_analysis.schema import Applications as A

HORIZONS = (91, 182, 365)
"""Days at which the summaries give the share employed: about 3, 6 and 12 months."""
MILESTONES = (182, 273)
"""Search lengths (about 6 and 9 months) after which employers' callbacks fall (Kroft, Lange & Notowidigdo
2013; Eriksson & Rooth 2014): :func:`triage` flags clients approaching them."""
MILESTONE_WARNING_DAYS = 28


@dataclass(frozen=True)
class TimeToEmployment:
    """What :func:`time_to_employment` returns.

    curve    one row per segment and day on which a client found work, left or stopped being followed: the
             by-columns, ``day``, ``employed`` (the share of clients who have found work by that day, other
             exits competing: a cumulative incidence), ``se``, ``ci_low``, ``ci_high`` (95 %), ``at_risk``
             (clients still searching and followed just before the day), ``events`` (clients who found work
             that day), ``other_exits`` (left for another reason), ``censored`` (stopped being followed while
             searching)
    summary  one row per segment: ``clients``, ``employed``, ``other_exits``, ``searching``, ``joined_late``
             (left-truncated), ``not_followed`` (exited or last seen on their intake day: no time at risk),
             ``from_day`` (the figures are for clients still searching this many days into their search: 0,
             unless too few were followed from the start), ``follow_up_days`` (the last day the curve is known),
             ``curve_shown`` (False for a segment too small for a curve: no share or day is given for it),
             ``median_days`` with ``median_ci_low`` and ``median_ci_high``, ``q25_days`` and ``q75_days`` (with
             intervals) (the day by which a quarter, half, three quarters of clients had found work; infinite
             upper ends are not reached yet), ``employed_by_91`` / ``_182`` / ``_365`` with intervals (the share
             employed within about 3, 6 and 12 months; missing beyond ``follow_up_days``), ``suppressed``
    notes    what was hidden, rounded or cut and why: :class:`~jobsearch_analysis.notes.Note` codes with their
             numbers (:func:`jobsearch_analysis.present.cohort_report.note_words` says each in words)
    """

    curve: pd.DataFrame
    summary: pd.DataFrame
    notes: tuple[Note, ...] = field(default=())


def _by(by: str | list[str] | None) -> list[str]:
    return [by] if isinstance(by, str) else list(by or [])


def _check_columns(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"by={missing[0]!r}: no such column in the {what} table")


def _check_event(event: tuple[str, ...]) -> None:
    unknown = set(event) - set(EXIT_REASONS)
    if unknown:
        raise ValueError(f"event: {sorted(unknown)[0]!r} is not an exit reason; use some of {', '.join(EXIT_REASONS)}")


def client_times(
    clients: pd.DataFrame, *, event: tuple[str, ...] = EMPLOYED, by: list[str] | None = None
) -> pd.DataFrame:
    """One row per client: ``days`` from the search start to the exit (or to the last contact while still
    searching), ``employed`` (1 when the exit is in ``event``), ``cause`` (1 + the exit reason's position in
    :data:`~jobsearch_analysis.schema.EXIT_REASONS`, 0 still searching), ``entry`` (days from the start to the
    intake for a client who joined mid-search, else -1) and ``followed`` (False when the client has no time at
    risk after the intake)."""
    by = list(by or [])
    clients = complete_clients(clients)
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


# ----------------------------------------------------------------------------------------------- exits over time
WEEK = 7
CURVE_FACTOR = 5
"""When publishing, a group needs this many times ``min_clients`` clients for a curve (25 for groups of 5)."""
CAUSE_COLUMNS = {reason: f"events_{i}" for i, reason in enumerate(EXIT_REASONS, start=1)}
"""The life-table column that counts each exit reason (``cause`` i + 1 of :func:`client_times`)."""
_Z = 1.959963984540054


@dataclass(frozen=True)
class ExitTables:
    """The small tables every exit figure is inferred from (one row per client is never needed): what
    :func:`exit_tables` returns, from a DataFrame or, where the caseload lives, from an engine
    (:func:`jobsearch_analysis.analysis.engine.exit_tables`). ``keys`` are the by-columns, or ``_all`` (0).

    counts   per segment: the keys, ``clients``, ``employed`` (an exit in ``event``), ``other_exits``,
             ``searching``, ``joined_late``, ``not_followed`` (no time at risk after the intake), and one
             column per exit reason of :data:`~jobsearch_analysis.schema.EXIT_REASONS` (clients who left so)
    endings  per segment, ``days`` (from the search start to the exit or last contact) and ``cause`` (0 still
             searching, i + 1 the i-th exit reason): ``n``, the clients followed whose follow-up ended so
    entries  per segment and ``entry`` (days from the search start to the intake of a client who joined
             mid-search; -1 for one followed from the start): ``n``, the clients followed who entered then
    """

    counts: pd.DataFrame
    endings: pd.DataFrame
    entries: pd.DataFrame


COUNT_COLUMNS = ("clients", "employed", "other_exits", "searching", "joined_late", "not_followed", *EXIT_REASONS)
"""The columns of :attr:`ExitTables.counts` after the keys."""


def exit_tables(clients, by: list[str] | None = None, *, event: tuple[str, ...] = EMPLOYED) -> ExitTables:
    """The :class:`ExitTables` of a clients table: a DataFrame (counted here) or an Ibis table (counted where it
    lives, by :mod:`jobsearch_analysis.analysis.engine`)."""
    by = list(by or [])
    if not isinstance(clients, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        return ExitTables(*engine.exit_tables(clients, by, event=event))
    keys = by or ["_all"]
    times = client_times(clients, event=event, by=by)
    if not by:
        times = times.assign(_all=0)
    flags = {reason: (times["cause"] == i).astype(np.int64) for i, reason in enumerate(EXIT_REASONS, start=1)}
    flags |= {"not_followed": ~times["followed"], "one": 1}
    grouped = times.assign(**flags).groupby(keys, observed=True, dropna=False, sort=True)
    columns = ["one", "employed", "other_exit", "searching", "joined_late", "not_followed", *EXIT_REASONS]
    counts = grouped[columns].sum().astype(np.int64).set_axis(list(COUNT_COLUMNS), axis=1).reset_index()
    followed = times.loc[times["followed"]]
    endings = followed.groupby([*keys, "days", "cause"], observed=True, dropna=False, sort=True).size()
    entries = followed.groupby([*keys, "entry"], observed=True, dropna=False, sort=True).size()
    return ExitTables(counts, endings.rename("n").reset_index(), entries.rename("n").reset_index())


@dataclass(frozen=True)
class _Exits:
    """The exits of a caseload over time, as they may be published: one computation behind every curve, share
    and median of :func:`time_to_employment`, :func:`exit_incidence` and :func:`exit_summary`, so that they
    agree with each other to the last digit."""

    incidence: pd.DataFrame  # keys, day, cause (an exit reason, "employed" or "any"), incidence, se, ci, at_risk, ...
    table: pd.DataFrame  # the life table the incidences come from (rounded when publishing): keys, day, counts
    segments: pd.DataFrame  # per segment (keys as index): clients, from_day, follow_up_days, shown
    counts: pd.DataFrame  # ExitTables.counts: per segment (keys as columns), the clients by how they stand
    keys: list[str]
    notes: tuple[Note, ...]
    rounded: int  # the rounding unit of every count behind the curves (1: exact)
    step_days: int


def _exits(
    clients: pd.DataFrame,
    by: list[str],
    *,
    event: tuple[str, ...],
    min_clients: int,
    step_days: int | None,
) -> _Exits:
    """Aalen-Johansen incidences of every exit reason, of ``event`` together ("employed") and of any exit.

    With ``min_clients`` above 1 (publishing), clients' days are grouped into weeks, the counts behind the
    curves are rounded to multiples of ``min_clients`` (:func:`~jobsearch_analysis.analysis.survival.round_life_table`),
    segments with fewer clients are left out and each curve stops where fewer are still followed. When fewer
    than ``min_clients`` clients were followed from the first day of their search (most came to the service
    mid-search), the curve starts at the first day on which enough were: its figures are for clients still
    searching then, and the notes say so.
    """
    unit = _step_days(min_clients, step_days)
    k = int(min_clients)
    keys = by or ["_all"]
    tables = exit_tables(clients, by, event=event)
    segments = tables.counts.set_index(keys)[["clients"]]
    too_small, notes = _too_small_for_curves(segments["clients"], k, segmented=bool(by))
    endings, entries = _followed_in_steps(tables, keys, too_small, unit)
    endings, entries, start, never = _from_first_step_with_enough(endings, entries, keys, segments.index, k)
    if ((start > 0) & ~never & ~too_small).any():
        notes.append(Note(NoteCode.CURVES_START_LATE, min_clients=k) if k > 1 else Note(NoteCode.NO_CLIENT_FROM_START))
    segments["from_day"] = ((start - 1).clip(lower=0) * unit).where(~never)
    empty = pd.DataFrame(columns=[*keys, "day", "cause", "incidence", "se", "ci_low", "ci_high", "at_risk", "events"])
    exact = life_table_from_counts(endings, entries, causes=len(EXIT_REASONS), by=keys) if len(endings) else None
    if exact is None or exact.empty:
        segments["follow_up_days"] = np.nan
        segments["shown"] = False
        return _Exits(empty, pd.DataFrame(), segments, tables.counts, keys, tuple(notes), k, unit)
    exact = exact.sort_values([*keys, "day"], kind="stable").reset_index(drop=True)
    table, thin_at = _published_table(exact, keys, k)
    if len(thin_at):
        notes.append(Note(NoteCode.CURVES_STOP, min_clients=k))
    employed = [CAUSE_COLUMNS[r] for r in EXIT_REASONS if r in event]
    table = table.assign(employed=table[employed].sum(axis=1), day=table["day"] * unit)
    wanted = {**CAUSE_COLUMNS, "employed": "employed", "any": "events"}
    incidence = cumulative_incidence_from_table(table, wanted, by=by) if len(table) else empty
    if not by and len(incidence):
        incidence = incidence.assign(_all=0)
    last_day = exact.groupby(keys, observed=True, dropna=False)["day"].max()
    known = _known_until(incidence, keys, last_day, thin_at).reindex(segments.index)
    segments["follow_up_days"] = (known * unit).clip(lower=0)
    segments["shown"] = segments.index.isin(table.set_index(keys).index.unique()) if len(table) else False
    if k > 1:
        notes.append(Note(NoteCode.COUNTS_ROUNDED, rounding=k))
    return _Exits(_with_intervals(incidence), table, segments, tables.counts, keys, tuple(notes), k, unit)


def _step_days(min_clients: int, step_days: int | None) -> int:
    """The time step of the curves: ``step_days``, else a week when publishing (``min_clients`` above 1) and a
    day for exact figures."""
    if min_clients < 1:
        raise ValueError(f"min_clients={min_clients!r}: give a number of clients, 1 or more (5 or more for sharing)")
    unit = int(step_days or (WEEK if min_clients > 1 else 1))
    if unit < 1:
        raise ValueError(f"step_days={step_days!r}: give a whole number of days, 1 or more")
    return unit


def _too_small_for_curves(clients: pd.Series, k: int, *, segmented: bool) -> tuple[pd.Series, list[Note]]:
    """Per segment, whether it has too few clients for a curve, with the notes that say so: fewer than ``k``
    are not shown at all, and counts rounded to multiples of k move a small group's curve by whole steps of k
    clients, so a curve needs CURVE_FACTOR * k clients (and the shares read from it) to mean anything."""
    notes: list[Note] = []
    small = clients < k
    if k > 1 and small.any():
        notes.append(
            Note(NoteCode.GROUPS_NOT_SHOWN, groups=int(small.sum()), min_clients=k)
            if segmented
            else Note(NoteCode.CASELOAD_NOT_SHOWN, min_clients=k)
        )
    fewest = CURVE_FACTOR * k if k > 1 else 1
    thin = ~small & (clients < fewest)
    if thin.any():
        notes.append(
            Note(NoteCode.GROUPS_WITHOUT_CURVE, groups=int(thin.sum()), fewest=fewest, rounding=k)
            if segmented
            else Note(NoteCode.CASELOAD_WITHOUT_CURVE, fewest=fewest, rounding=k)
        )
    return small | thin, notes


def _followed_in_steps(
    tables: ExitTables, keys: list[str], too_small: pd.Series, unit: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The clients with time at risk in segments big enough for a curve, their days in steps of ``unit`` days:
    ``endings`` by the step of their exit or last contact (``day``) and ``cause``, ``entries`` by the last step
    before their intake (``day``; -1: from the start), each with ``n`` clients."""
    small = too_small.rename("_small")
    endings = tables.endings.join(small, on=keys)
    endings = endings.loc[~endings["_small"]]
    endings = endings.assign(day=np.ceil(endings["days"] / unit).astype(np.int64))
    entries = tables.entries.join(small, on=keys)
    entries = entries.loc[~entries["_small"]]
    entry = entries["entry"]
    entries = entries.assign(day=np.where(entry >= 0, np.ceil((entry + 1) / unit) - 1, -1).astype(np.int64))

    def total(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        return frame.groupby(by, observed=True, dropna=False, sort=True)["n"].sum().reset_index()

    return total(endings, [*keys, "day", "cause"]), total(entries, [*keys, "day"])


def _from_first_step_with_enough(
    endings: pd.DataFrame, entries: pd.DataFrame, keys: list[str], index: pd.Index, k: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Where fewer than ``k`` clients were followed from day 0, each curve starts at the first step on which k
    are (its figures are for the clients still searching then): the endings from there on, the entries no
    earlier than the step before it, each segment's first step (by ``index``), and where no step has k."""
    start = _first_with_enough(endings, entries, keys, k).reindex(index)
    never = start.isna()
    start = start.fillna(np.iinfo(np.int64).max // 2).astype(np.int64)
    if (start > 0).any():
        first = start.rename("_start")
        endings = endings.join(first, on=keys)
        endings = endings.loc[endings["day"] >= endings["_start"]].drop(columns="_start")
        # A client whose follow-up ended before the start entered before it too: entered on the step before
        # the start, they are in no risk set from the start on, as if left out.
        entries = entries.join(first, on=keys)
        entries = entries.assign(day=np.maximum(entries["day"], entries["_start"] - 1)).drop(columns="_start")
    return endings, entries, start, never


def _published_table(exact: pd.DataFrame, keys: list[str], k: int) -> tuple[pd.DataFrame, pd.Series]:
    """The life table as it may be shown: each curve stopped where fewer than ``k`` clients are still followed
    (its tail would single them out), and with ``k`` above 1 its counts rounded to multiples of k (and stopped
    again where rounding leaves fewer than k, or everyone leaving); with the first day each curve was cut."""
    kept, thin_at = _cut_where_thin(exact, exact["at_risk"] < k, keys)
    if k > 1:
        table = round_life_table(kept, step=k, counts=list(CAUSE_COLUMNS.values()), by=keys)
        table, thin_rounded = _cut_where_thin(
            table, (table["at_risk"] < k) | (table["events"] >= table["at_risk"]), keys
        )
        both = pd.concat([thin_at, thin_rounded])
        thin_at = both.groupby(level=list(range(both.index.nlevels))).min()
    else:
        table = kept.assign(at_risk_exact=kept["at_risk"])
    return table, thin_at


def _cut_where_thin(table: pd.DataFrame, thin: pd.Series, keys: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Each segment's rows before its first ``thin`` row, and the day of that row per segment (where there is one)."""
    reached = thin.groupby([table[c] for c in keys], observed=True, dropna=False).cummax()
    first_thin = table.loc[thin & ~reached.groupby([table[c] for c in keys], observed=True,
                                                    dropna=False).shift(1, fill_value=False)]  # fmt: skip
    return table.loc[~reached], first_thin.groupby(keys, observed=True, dropna=False)["day"].min()


def _known_until(incidence: pd.DataFrame, keys: list[str], last_day: pd.Series, thin_at: pd.Series) -> pd.Series:
    """Per segment, the last step its curve is known at: the step before it grew too thin, or its last step;
    for ever once everyone followed has left (nobody is left whose exit could still move it)."""
    gone = incidence.loc[incidence["cause"] == "any"].groupby(keys, observed=True, dropna=False)["incidence"].last()
    known = last_day.astype(float).where(~(gone.reindex(last_day.index) >= 1 - 1e-12), np.inf)
    known.loc[thin_at.index] = thin_at.astype(float) - 1
    return known


def _with_intervals(incidence: pd.DataFrame) -> pd.DataFrame:
    """The incidences with pointwise 95 % intervals: linear, within 0 and 1; where nobody has left yet (the
    linear interval would collapse to 0-0) the exact binomial bound on the risk set instead."""
    low = (incidence["incidence"] - _Z * incidence["se"]).clip(lower=0)
    high = (incidence["incidence"] + _Z * incidence["se"]).clip(upper=1)
    none = incidence["incidence"] <= 0
    high = high.where(~none, 1 - 0.025 ** (1 / incidence["at_risk"].clip(lower=1)))
    return incidence.assign(ci_low=low.where(~none, 0.0), ci_high=high)


def _first_with_enough(endings: pd.DataFrame, entries: pd.DataFrame, keys: list[str], k: int) -> pd.Series:
    """Per segment, the first time at which at least ``k`` clients are under observation (entry < t <= end)."""
    if endings.empty:
        return pd.Series(dtype=np.int64)
    changes = pd.concat(
        [
            entries[keys].assign(time=entries["day"] + 1, change=entries["n"]),
            endings[keys].assign(time=endings["day"] + 1, change=-endings["n"]),
        ],
        ignore_index=True,
    )
    per = changes.groupby([*keys, "time"], observed=True, dropna=False, sort=True)["change"].sum().reset_index()
    per["followed"] = per.groupby(keys, observed=True, dropna=False, sort=False)["change"].cumsum()
    return per.loc[per["followed"] >= k].groupby(keys, observed=True, dropna=False)["time"].min()


def _value_at(curve: pd.DataFrame, keys: list[str], segments: pd.DataFrame, day: int, columns: list[str]):
    """Each segment's step-function values on ``day``: 0 before its first row, missing where the curve is not
    known that far (beyond its follow-up, or before its start)."""
    index = segments.index
    probe = pd.DataFrame(index=index).reset_index().assign(day=float(day))
    found = curve[[*keys, "day", *columns]].assign(_found=True, day=curve["day"].astype(float))
    found = found.sort_values("day", kind="stable").astype({c: float for c in columns})
    if found.empty:  # no curve at all: nothing is known
        return pd.DataFrame(np.nan, index=index, columns=columns)
    found = found.astype({k: probe[k].dtype for k in keys})
    merged = pd.merge_asof(probe.sort_values("day"), found, on="day", by=keys, direction="backward")
    merged = merged.set_index(keys).reindex(index)
    values = merged[columns].where(merged["_found"].notna(), 0.0)
    if "ci_high" in columns:  # nobody has left yet: the exact binomial bound on those followed that far
        first = curve.groupby(keys, observed=True, dropna=False)["at_risk"].first().reindex(index)
        bound = 1 - 0.025 ** (1 / first.clip(lower=1))
        values["ci_high"] = values["ci_high"].where(merged["_found"].notna(), bound)
    known = (segments["follow_up_days"] >= day) & (segments["from_day"] <= day) & segments["shown"].astype(bool)
    return values.where(pd.DataFrame({c: known.to_numpy() for c in columns}, index=values.index))


def _crossing(curve: pd.DataFrame, keys: list[str], segments: pd.DataFrame, level: float) -> pd.DataFrame:
    """The first day each segment's incidence reaches ``level``, with an interval read off the pointwise band:
    from the first day its upper end reaches it to the first day its lower end does (infinite: not yet)."""
    grouped = lambda mask: curve.loc[mask].groupby(keys, observed=True, dropna=False)["day"].min()  # noqa: E731
    out = pd.DataFrame(index=segments.index)
    out["day"] = grouped(curve["incidence"] >= level - 1e-12).reindex(segments.index)
    out["ci_low"] = grouped(curve["ci_high"] >= level - 1e-12).reindex(segments.index)
    out["ci_high"] = grouped(curve["ci_low"] >= level - 1e-12).reindex(segments.index)
    out["ci_high"] = out["ci_high"].where(out["ci_high"].notna() | out["ci_low"].isna(), np.inf)
    return out.astype(float)


OTHER_COUNTS = ("other_exits", "searching", "joined_late", "not_followed")


def _client_counts(counts: pd.DataFrame, keys: list[str], *, total: bool = False) -> pd.DataFrame:
    """Per segment (one row for all of them with ``total``): clients, employed, other_exits, searching,
    joined_late, not_followed, from :attr:`ExitTables.counts`."""
    columns = ["clients", "employed", *OTHER_COUNTS]
    if total:
        return counts[columns].sum().to_frame().T.astype(np.int64).assign(_all=0)[["_all", *columns]]
    return counts[[*keys, *columns]]


def _suppress_counts(
    table: pd.DataFrame,
    k: int,
    *,
    figures: list[str] | None = None,
    rows_add_up: bool = False,
    totals: pd.Series | None = None,
) -> pd.DataFrame:
    """The time-to-employment counts with their small cells hidden: found work + other exits + still searching
    make the clients; joined late and not followed have complements; ``figures`` (shares, days) go with the
    employment count."""
    return suppress(
        table,
        clients="clients",
        counts={"employed": list(figures or []), **{c: [] for c in OTHER_COUNTS}},
        hide=[c for c in table.columns if c not in ("clients", "_all") and pd.api.types.is_numeric_dtype(table[c])],
        min_cell=k,
        parts=["employed", "other_exits", "searching"],
        complements=["joined_late", "not_followed"],
        rows_add_up=rows_add_up,
        totals=totals,
    )


CURVE_EXTENT = ("from_day", "follow_up_days", "curve_shown")
"""Where a segment's curve starts and stops: about who is followed, not about who found work."""


def time_to_employment(
    clients: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    event: tuple[str, ...] = EMPLOYED,
    min_clients: int = MIN_CELL,
    step_days: int | None = None,
) -> TimeToEmployment:
    """The share of clients who have found work by each day of their search, other exits competing.

    A client who leaves for training or another reason can no longer find work in this search, so the share
    employed is a cumulative incidence (Aalen-Johansen), not 1 - Kaplan-Meier with those clients censored,
    which describes a world where nobody leaves for other reasons and overstates employment. Clients still
    searching count up to their last contact; clients who came to the service mid-search count from their
    intake (left truncation).

    Parameters
    ----------
    clients : DataFrame
        The :class:`~jobsearch_analysis.schema.Clients` table (``Cohort.clients``).
    by : str or list of str, optional
        Segment columns (``program``, ``counsellor``, or a column of the counsellor's own).
    event : tuple of str
        The exit reasons that count as employment (by default full time, part time and self-employed); the
        other reasons compete.
    min_clients : int
        The smallest number of clients a figure may describe (:data:`~jobsearch_analysis.privacy.MIN_CELL`, 5,
        by default): smaller segments are left out, curves stop where fewer are followed, the counts behind
        the curves are rounded to multiples of it, and small counts in the summary are hidden with every figure
        derived from them. 1 gives the exact daily estimates, for the counselling team's own use.
    step_days : int, optional
        The time step of the curves: 7 (weeks) when publishing, 1 (days) with ``min_clients=1``.

    Returns
    -------
    TimeToEmployment
    """
    by = _by(by)
    _check_columns(clients, by, "clients")
    _check_event(event)
    found = _exits(clients, by, event=event, min_clients=min_clients, step_days=step_days)
    keys = found.keys
    counts = _client_counts(found.counts, keys).set_index(keys)
    curve = found.incidence.loc[found.incidence["cause"] == "employed"]
    summary = _employment_summary(counts, curve, keys, found.segments)
    notes = list(found.notes)
    k = found.rounded
    if k > 1:
        figures = [c for c in summary.columns if c not in (*keys, "clients", *counts.columns, *CURVE_EXTENT)]
        # The segments add up to the whole, published beside them: its counts, as suppressed themselves, say
        # which column sums anyone knows.
        totals = _suppress_counts(_client_counts(found.counts, keys, total=True), k).iloc[0] if by else None
        summary = _suppress_counts(summary, k, figures=figures, rows_add_up=bool(by), totals=totals)  # fmt: skip
        hidden_note = suppression_note(summary, min_cell=k)
        if hidden_note is not None:
            notes.append(hidden_note)
        # A segment whose employment count is hidden gets no curve either: it would show what the table hides.
        hidden = summary.loc[summary["employed"].isna(), keys]
        if len(hidden) and len(curve):
            curve = curve.merge(hidden.assign(_hidden=True), on=keys, how="left")
            curve = curve.loc[curve["_hidden"].isna()].drop(columns="_hidden")
    else:
        summary = summary.assign(suppressed=False)
    curve = _with_daily_counts(curve, found.table, keys)
    columns = [*by, "day", "employed", "se", "ci_low", "ci_high", "at_risk", "events", "other_exits", "censored"]
    out_summary = summary.drop(columns=[] if by else ["_all"])
    return TimeToEmployment(curve=curve[columns].reset_index(drop=True), summary=out_summary, notes=tuple(notes))


def _employment_summary(
    counts: pd.DataFrame, curve: pd.DataFrame, keys: list[str], segments: pd.DataFrame
) -> pd.DataFrame:
    """Per segment: the client ``counts``, where its curve starts and stops, the days by which a quarter, half
    and three quarters had found work, and the shares employed within :data:`HORIZONS`, with intervals."""
    summary = counts.join(segments[["from_day", "follow_up_days", "shown"]].rename(columns={"shown": "curve_shown"}))
    for p, name in ((0.25, "q25"), (0.5, "median"), (0.75, "q75")):
        crossing = _crossing(curve, keys, segments, p)
        summary[f"{name}_days"] = crossing["day"]
        summary[f"{name}_ci_low"] = crossing["ci_low"]
        summary[f"{name}_ci_high"] = crossing["ci_high"]
    for horizon in HORIZONS:
        at = _value_at(curve, keys, segments, horizon, ["incidence", "ci_low", "ci_high"])
        summary[f"employed_by_{horizon}"] = at["incidence"]
        summary[f"employed_by_{horizon}_ci_low"] = at["ci_low"]
        summary[f"employed_by_{horizon}_ci_high"] = at["ci_high"]
    return summary.reset_index()


def _with_daily_counts(curve: pd.DataFrame, table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The employment curve (``incidence`` renamed ``employed``) with each day's counts from the life table:
    ``events`` (found work), ``other_exits`` and ``censored``."""
    curve = curve.rename(columns={"incidence": "employed", "events": "_employed_events"})
    if not len(table) or not len(curve):
        return curve.assign(events=pd.Series(dtype=np.int64), other_exits=pd.Series(dtype=np.int64),
                            censored=pd.Series(dtype=np.int64))  # fmt: skip
    per_day = table[[*keys, "day", "employed", "events", "censored"]]
    curve = curve.merge(per_day.rename(columns={"employed": "events", "events": "_total"}), on=[*keys, "day"])
    return curve.assign(other_exits=curve["_total"] - curve["events"])


@dataclass(frozen=True)
class ExitCurves:
    """What :func:`exit_curves` returns.

    incidence  :func:`exit_incidence`'s table: per segment, exit reason and day, the share who had left that way
    notes      what was left out, rounded or cut and why: :class:`~jobsearch_analysis.notes.Note` codes with their
               numbers (the same as :func:`time_to_employment`'s, and ``EXIT_REASONS_HIDDEN`` where a reason is
               not drawn)
    """

    incidence: pd.DataFrame
    notes: tuple[Note, ...] = field(default=())


def exit_incidence(
    clients: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    min_clients: int = MIN_CELL,
    step_days: int | None = None,
) -> pd.DataFrame:
    """Cumulative incidence of each exit reason, the reasons competing (Aalen-Johansen).

    A client who leaves for training can no longer be employed from the same search, so 1 - Kaplan-Meier of
    one reason (the others censored) would overstate it; the cumulative incidence is the share of clients who
    have left for that reason by each day, and the reasons add up to the share who have left at all. Clients
    still searching are censored at their last contact; clients who joined mid-search enter at their intake
    (as in :func:`time_to_employment`, whose share employed is the sum of the three kinds of work here). The
    numbers are statsmodels' ``CumIncidenceRight`` where no client joined late and ``min_clients=1`` (the tests
    check it).

    Returns
    -------
    DataFrame
        The by-columns, ``day``, ``exit_reason``, ``incidence``, ``se``, ``ci_low``, ``ci_high`` (95 %),
        ``at_risk``, ``events``; one row per segment, reason and day on which anyone left or stopped being
        followed. When publishing (``min_clients`` > 1, see :func:`time_to_employment`), reasons that 1 to
        ``min_clients - 1`` clients of a segment left for are not drawn; :func:`exit_curves` gives the same table
        with notes on what was left out, rounded or cut.
    """
    return exit_curves(clients, by, min_clients=min_clients, step_days=step_days).incidence


def exit_curves(
    clients: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    min_clients: int = MIN_CELL,
    step_days: int | None = None,
) -> ExitCurves:
    """:func:`exit_incidence`'s table with the notes on what it left out, rounded or cut."""
    by = _by(by)
    _check_columns(clients, by, "clients")
    found = _exits(clients, by, event=EMPLOYED, min_clients=min_clients, step_days=step_days)
    columns = [*by, "day", "exit_reason", "incidence", "se", "ci_low", "ci_high", "at_risk", "events"]
    table = found.incidence.loc[found.incidence["cause"].isin(list(EXIT_REASONS))]
    table = table.assign(exit_reason=pd.Categorical(table["cause"].astype(str), categories=list(EXIT_REASONS)))
    notes = list(found.notes)
    if found.rounded > 1 and len(table):
        hidden = _hidden_reasons(found, EMPLOYED, by)
        if len(hidden):
            table = table.merge(hidden.assign(_hidden=True), on=[*found.keys, "exit_reason"], how="left")
            table = table.loc[table["_hidden"].isna()].drop(columns="_hidden")
            notes.append(Note(NoteCode.EXIT_REASONS_HIDDEN, min_clients=found.rounded))
    out = table[columns].reset_index(drop=True) if len(table) else pd.DataFrame(columns=columns)
    return ExitCurves(out, tuple(notes))


def _reason_counts(counts: pd.DataFrame, keys: list[str], *, total: bool = False) -> pd.DataFrame:
    """Per segment (one row for all of them with ``total``): clients, and how many left for each exit reason."""
    columns = ["clients", *EXIT_REASONS]
    if total:
        return counts[columns].sum().to_frame().T.astype(np.int64).assign(_all=0)[["_all", *columns]]
    return counts[[*keys, *columns]]


def _hidden_reasons(found: _Exits, event: tuple[str, ...], by: list[str]) -> pd.DataFrame:
    """Per segment, the exit reasons whose share may not be shown: 1 to k - 1 clients left that way, or the
    reason would give such a count away beside the counts of time_to_employment (the kinds of work add up to
    the clients who found work, the other reasons to those who left otherwise; a share shown says its count
    is 0 or at least k)."""
    k, keys = found.rounded, found.keys
    work = [r for r in EXIT_REASONS if r in event]
    other = [r for r in EXIT_REASONS if r not in event]

    def hide(table: pd.DataFrame, rows_add_up: bool, totals: pd.Series | None) -> pd.DataFrame:
        return suppress(table, clients="clients", counts={r: [] for r in EXIT_REASONS}, parts=[work, other],
                        min_cell=k, rows_add_up=rows_add_up, totals=totals)  # fmt: skip

    totals = hide(_reason_counts(found.counts, keys, total=True), False, None).iloc[0] if by else None
    shown = hide(_reason_counts(found.counts, keys), bool(by), totals)
    long = shown.melt(id_vars=keys, value_vars=list(EXIT_REASONS), var_name="exit_reason", value_name="n")
    return long.loc[long["n"].isna(), [*keys, "exit_reason"]]


def exit_summary(
    clients: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    event: tuple[str, ...] = EMPLOYED,
    min_clients: int = MIN_CELL,
    step_days: int | None = None,
) -> pd.DataFrame:
    """How clients leave, in a table: per segment and exit, the share who had left that way within about 3, 6
    and 12 months, from the same curves as :func:`exit_incidence` and :func:`time_to_employment`.

    Returns
    -------
    DataFrame
        One row per segment and exit: the by-columns, ``exit`` (each reason of
        :data:`~jobsearch_analysis.schema.EXIT_REASONS`, then ``employed``, the reasons in ``event`` together,
        whose shares are :func:`time_to_employment`'s, and ``any``, every exit), ``curve_shown`` (False where
        the segment is too small for a curve: no share is shown), ``within_91`` / ``_182`` / ``_365`` with
        ``_ci_low`` and ``_ci_high``, and ``hidden`` (True where 1 to ``min_clients - 1`` clients of the segment
        left that way, or the row would give such a count away: every figure of the row is missing). A share is
        missing beyond the segment's follow-up.
    """
    by = _by(by)
    _check_columns(clients, by, "clients")
    _check_event(event)
    found = _exits(clients, by, event=event, min_clients=min_clients, step_days=step_days)
    keys = found.keys
    exits = [*EXIT_REASONS, "employed", "any"]
    rows = []
    for exit_name in exits:
        curve = found.incidence.loc[found.incidence["cause"] == exit_name]
        part = pd.DataFrame(index=found.segments.index).assign(
            exit=exit_name, curve_shown=found.segments["shown"].astype(bool)
        )
        for horizon in HORIZONS:
            at = _value_at(curve, keys, found.segments, horizon, ["incidence", "ci_low", "ci_high"])
            part[f"within_{horizon}"] = at["incidence"]
            part[f"within_{horizon}_ci_low"] = at["ci_low"]
            part[f"within_{horizon}_ci_high"] = at["ci_high"]
        rows.append(part.reset_index())
    table = pd.concat(rows, ignore_index=True)
    table["hidden"] = False
    if found.rounded > 1:
        small = _hidden_reasons(found, event, by).rename(columns={"exit_reason": "exit"})
        small = small.assign(exit=small["exit"].astype(str))
        counts = found.counts.set_index(keys)[["clients", "searching"]]
        counts = counts.assign(exited=counts["clients"] - counts["searching"])
        # Work together is hidden where time_to_employment hides it (its count, or a count it would give away),
        # so that the two tables agree; every exit together where it, or the clients still searching, are few.
        employment = time_to_employment(clients, by or None, event=event, min_clients=found.rounded,
                                        step_days=step_days).summary  # fmt: skip
        employment = employment.assign(_all=0) if not by else employment
        hidden_work = employment.loc[employment["employed"].isna(), keys]
        k = found.rounded
        few_left = counts.loc[counts["exited"].between(1, k - 1) | counts["searching"].between(1, k - 1)]
        small = pd.concat(
            [small, hidden_work.assign(exit="employed"), few_left.reset_index()[keys].assign(exit="any")],
            ignore_index=True,
        )
        few = counts.loc[counts["clients"] < found.rounded].reset_index()[keys]
        small = pd.concat([small, *(few.assign(exit=e) for e in exits)], ignore_index=True)
        flagged = table.merge(small.drop_duplicates().assign(_small=True), on=[*keys, "exit"], how="left")["_small"]
        table["hidden"] = flagged.notna().to_numpy()
        figures = [c for c in table.columns if c.startswith("within_")]
        table[figures] = table[figures].mask(pd.DataFrame({c: table["hidden"] for c in figures}))
    table["exit"] = pd.Categorical(table["exit"], categories=exits)
    table = table.sort_values([*keys, "exit"], kind="stable").reset_index(drop=True)
    return table.drop(columns=[] if by else ["_all"])


def exits_compared(clients: pd.DataFrame, *, day: int = 365, min_clients: int = MIN_CELL) -> pd.DataFrame:
    """Why competing exits need the cumulative incidence: per exit reason, the share who had left that way by
    ``day`` (``incidence``), beside the common shortcut 1 - Kaplan-Meier with the other reasons censored
    (``one_minus_km``), which describes a world where nobody could leave another way and overstates every
    reason. Both come from the same (rounded, when publishing) counts; the last row, ``any``, is the share who
    had left at all, which the incidences add up to and the shortcut's shares overshoot.

    Returns
    -------
    DataFrame
        ``exit`` (the reasons, then ``any``), ``incidence``, ``one_minus_km``, ``hidden`` (a reason that 1 to
        ``min_clients - 1`` clients left for: its figures are missing).
    """
    found = _exits(clients, [], event=EMPLOYED, min_clients=min_clients, step_days=None)
    table = found.table
    rows = []
    known = bool(len(table)) and float(found.segments["follow_up_days"].iloc[0]) >= day
    upto = table.loc[table["day"] <= day] if len(table) else table
    for exit_name, column in (*CAUSE_COLUMNS.items(), ("any", "events")):
        curve = found.incidence.loc[(found.incidence["cause"] == exit_name) & (found.incidence["day"] <= day)]
        incidence = float(curve["incidence"].iloc[-1]) if len(curve) else 0.0
        survival = float((1 - upto[column] / upto["at_risk"]).prod()) if len(upto) else 1.0
        rows.append({"exit": exit_name, "incidence": incidence, "one_minus_km": 1 - survival})
    out = pd.DataFrame(rows)
    small = set(_hidden_reasons(found, EMPLOYED, [])["exit_reason"].astype(str)) if found.rounded > 1 else set()
    if found.rounded > 1:
        counts = _client_counts(found.counts, found.keys).iloc[0]
        left, searching = counts["clients"] - counts["searching"], counts["searching"]
        if 0 < left < found.rounded or 0 < searching < found.rounded:
            small.add("any")
    if not bool(found.segments["shown"].iloc[0]):  # too few clients for a curve: nothing to compare
        small |= set(out["exit"])
    out["hidden"] = out["exit"].isin(small)
    out.loc[out["hidden"] | (not known), ["incidence", "one_minus_km"]] = np.nan
    return out


# ----------------------------------------------------------------------------------------------- across clients
def _spread(pairs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per segment: the pooled rate (hits over applications of all clients, Wilson interval) beside the
    distribution of the clients' own rates (mean with a t interval, each client counting once; quartiles), from
    :func:`rate_pairs`' table: a client's rate is their pair's ratio, so the pairs with their numbers of clients
    give every figure exactly."""
    pairs = pairs.assign(
        rate=pairs["responses"] / pairs["applications"],
        _applications=pairs["clients"] * pairs["applications"],
        _responses=pairs["clients"] * pairs["responses"],
        _responders=pairs["clients"].where(pairs["responses"] > 0, 0),
    )
    grouped = pairs.groupby(keys, observed=True, dropna=False, sort=True)
    table = grouped[["clients", "_applications", "_responses"]].sum()
    table.columns = ["clients", "applications", "responses"]
    n = table["clients"].astype(float)
    table["client_mean"] = (pairs["clients"] * pairs["rate"]).groupby([pairs[k] for k in keys], observed=True,
                                                                      dropna=False, sort=True).sum() / n  # fmt: skip
    spread = pairs["clients"] * (pairs["rate"] - pairs.join(table["client_mean"], on=keys)["client_mean"]) ** 2
    squares = spread.groupby([pairs[k] for k in keys], observed=True, dropna=False, sort=True).sum()
    sd = np.sqrt(squares / (n - 1).where(n > 1))
    quartiles = counted_quantiles(pairs, keys, "rate", "clients", (0.25, 0.5, 0.75))
    table["client_q25"], table["client_median"], table["client_q75"] = (quartiles[q] for q in (0.25, 0.5, 0.75))
    table["pooled_rate"] = table["responses"] / table["applications"].where(table["applications"] > 0)
    low, high = wilson(table["responses"], table["applications"])
    table["pooled_ci_low"], table["pooled_ci_high"] = low, high
    half = t_dist.ppf(0.975, (n - 1).where(n > 1)) * sd / np.sqrt(n)
    table["client_mean_ci_low"] = (table["client_mean"] - half).clip(lower=0)
    table["client_mean_ci_high"] = (table["client_mean"] + half).clip(upper=1)
    # How much the heaviest appliers weigh in the pooled rate: the share of applications sent by the top
    # tenth of clients (at least one).
    top = _top_share(pairs, keys, table["clients"])
    table["top_tenth_share"] = top / table["applications"].where(table["applications"] > 0)
    table["_responders"] = grouped["_responders"].sum()
    return table.reset_index()


def counted_quantiles(
    frame: pd.DataFrame, keys: list[str], value: str, weight: str, probs: tuple[float, ...]
) -> pd.DataFrame:
    """Per segment of ``keys`` (sorted, as a groupby sorts them), the ``probs`` quantiles of ``value`` when each
    row stands for ``weight`` observations of it: pandas' (numpy's linear) quantiles of the observations one by
    one, without spelling them out. One column per probability."""
    codes = frame.groupby(keys, observed=True, dropna=False, sort=True).ngroup().to_numpy()
    order = np.lexsort((frame[value].to_numpy(float), codes))
    x = frame[value].to_numpy(float)[order]
    weights = frame[weight].to_numpy(np.int64)[order]
    cumulative = np.cumsum(weights)
    totals = np.bincount(codes, weights=frame[weight].to_numpy(float)).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(totals)[:-1]])
    segments = frame.groupby(keys, observed=True, dropna=False, sort=True).size().index
    out = {}
    for q in probs:
        h = (totals - 1) * q
        low = np.floor(h)
        fraction = h - low
        x_low = x[np.searchsorted(cumulative, offsets + low, side="right")]
        x_high = x[np.searchsorted(cumulative, offsets + np.minimum(low + 1, totals - 1), side="right")]
        step = x_high - x_low  # numpy's linear interpolation, as Series.quantile does it
        out[q] = np.where(fraction >= 0.5, x_high - step * (1 - fraction), x_low + step * fraction)
    return pd.DataFrame(out, index=segments)


def _top_share(pairs: pd.DataFrame, keys: list[str], clients: pd.Series) -> pd.Series:
    """Per segment, the applications sent by its tenth of clients who sent the most (at least one client)."""
    codes = pairs.groupby(keys, observed=True, dropna=False, sort=True).ngroup().to_numpy()
    order = np.lexsort((-pairs["applications"].to_numpy(), codes))
    g, weights = codes[order], pairs["clients"].to_numpy(np.int64)[order]
    applications = pairs["applications"].to_numpy(np.int64)[order]
    before = pd.Series(weights).groupby(g).cumsum().to_numpy() - weights
    top = np.maximum(1, np.ceil(clients.to_numpy(float) * 0.1))
    taken = np.clip(top[g] - before, 0, weights)
    return pd.Series(np.bincount(g, weights=taken * applications, minlength=len(clients)), index=clients.index)


def _window(replies: ReplyTable, min_clients: int) -> int:
    """The reply window for rates across clients: estimated from every client's replies, unless they come from
    fewer than ``min_clients`` clients (the window would describe them): then the default."""
    if min_clients > 1 and replies.responders < min_clients:
        return DEFAULT_WINDOW_DAYS
    table = replies.table
    n_replies = int(table.loc[table["replied"] > 0, "n"].sum())
    if n_replies < MIN_REPLIES_FOR_WINDOW:
        return DEFAULT_WINDOW_DAYS
    life = life_table_from_counts(table.rename(columns={"days": "day", "replied": "cause"}))
    return window_from_curve(kaplan_meier_from_table(life), n_replies).days


@dataclass(frozen=True)
class ReplyTable:
    """What :func:`reply_table` returns: the recorded applications with a dated reply or none, ``table``: per
    ``days`` (to the reply, or to the as-of date or a withdrawal) and ``replied`` (1: a dated reply of the
    kind), ``n`` applications; and ``responders``, how many clients have a dated reply."""

    table: pd.DataFrame
    responders: int


def reply_table(apps, *, kind: str, as_of: pd.Timestamp) -> ReplyTable:
    """The :class:`ReplyTable` of an applications table (a DataFrame, or an Ibis table counted where it
    lives): all the reply window needs."""
    if not isinstance(apps, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        return ReplyTable(*engine.reply_table(apps, kind=kind, as_of=as_of))
    times = reply_times(apps, kind=kind, as_of=as_of)
    dated = times.loc[~times["undated"]]
    table = dated.groupby(["days", "replied"], sort=True).size().rename("n").reset_index()
    return ReplyTable(table, int(dated.loc[dated["replied"] > 0, A.client_id].nunique()))


def client_rate_rows(apps, by: list[str], *, kind: str, as_of: pd.Timestamp, window: int) -> pd.DataFrame:
    """One row per segment and client with applications old enough to judge: the by-columns, ``client_id``,
    ``applications`` (old enough to judge) and ``responses`` (within the window)."""
    if not isinstance(apps, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        return engine.client_rate_rows(apps, by, kind=kind, as_of=as_of, window=window)
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    matured, hit = matured_answers(recorded, kind=kind, as_of=as_of, window=window)
    frame = recorded[[A.client_id, *by]].assign(_matured=matured.astype(np.int64), _hit=hit.astype(np.int64))
    frame = frame.loc[matured]
    return (
        frame.groupby([*by, A.client_id], observed=True, dropna=False, sort=True)
        .agg(applications=("_matured", "sum"), responses=("_hit", "sum"))
        .reset_index()
    )


def rate_pairs(apps, by: list[str], *, kind: str, as_of: pd.Timestamp, window: int) -> pd.DataFrame:
    """Per segment (the by-columns, or ``_all``), ``applications`` old enough to judge and ``responses`` among
    them: ``clients``, how many clients have that pair (a DataFrame, or an Ibis table counted where it lives)."""
    if not isinstance(apps, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        return engine.rate_pairs(apps, by, kind=kind, as_of=as_of, window=window)
    rows = client_rate_rows(apps, by, kind=kind, as_of=as_of, window=window)
    keys = by or ["_all"]
    rows = rows if by else rows.assign(_all=0)
    pairs = rows.groupby([*keys, "applications", "responses"], observed=True, dropna=False, sort=True).size()
    return pairs.rename("clients").reset_index()


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
    check_kind(kind)
    by = _by(by)
    _check_columns(apps, by, "applications")
    day = as_of_day(apps, as_of)
    window = _window(reply_table(apps, kind=kind, as_of=day), min_clients)
    if per_client:
        clients = client_rate_rows(apps, by, kind=kind, as_of=day, window=window)
        return clients.assign(rate=clients["responses"] / clients["applications"], window_days=window)
    keys = by or ["_all"]
    pairs = rate_pairs(apps, by, kind=kind, as_of=day, window=window)
    table = _spread(pairs, keys)
    responders = table.pop("_responders")
    table = table.assign(window_days=window, _responders=responders)
    table = _suppress_rates(table, keys, min_clients) if min_clients > 1 else table.assign(suppressed=False)
    return table.drop(columns=["_responders", *([] if by else ["_all"])])


def _suppress_rates(table: pd.DataFrame, keys: list[str], min_clients: int) -> pd.DataFrame:
    """Hide what would describe 1 to ``min_clients - 1`` clients in a table of rates across clients: a small
    segment, rates that rest on the replies of so few clients (``_responders``), quartiles without enough
    clients on either side, a busiest tenth smaller than that."""
    rates = ["responses", "pooled_rate", "pooled_ci_low", "pooled_ci_high", "client_mean", "client_mean_ci_low",
             "client_mean_ci_high", *QUARTILES, "top_tenth_share"]  # fmt: skip
    table = suppress(
        table,
        clients="clients",
        counts={"_responders": rates},  # a rate that rests on the replies of 1-4 clients describes them
        hide=[c for c in table.columns if c not in (*keys, "clients", "window_days")],
        min_cell=min_clients,
    )
    # A quartile is one client's own rate unless enough clients lie on either side of it; the busiest tenth
    # must itself be a group of min_clients.
    n = table["clients"].astype(float)
    table[QUARTILES] = table[QUARTILES].mask(pd.DataFrame({q: n < 4 * min_clients for q in QUARTILES}))
    table["top_tenth_share"] = table["top_tenth_share"].mask(np.ceil(n * 0.1) < min_clients)
    return table


FUNNEL_STAGES = STAGES[1:]
QUARTILES = ["client_q25", "client_median", "client_q75"]


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
    keys = by or ["_all"]
    counted = funnel_counts(apps, by)
    weights = counted["clients"]
    parts = []
    segment = [counted[k] for k in keys]
    clients = weights.groupby(segment, observed=True, dropna=False, sort=True).sum().rename("clients")
    applications = (weights * counted["applications"]).groupby(segment, observed=True, dropna=False, sort=True).sum()
    for s in FUNNEL_STAGES:
        reached = counted[s]
        own = counted.assign(_share=reached / counted["applications"])
        part = pd.DataFrame(
            {
                "clients": clients,
                "reached": weights.where(reached > 0, 0).groupby(segment, observed=True, dropna=False).sum(),
                "pooled_share": (weights * reached).groupby(segment, observed=True, dropna=False).sum() / applications,
                "client_median_share": counted_quantiles(own, keys, "_share", "clients", (0.5,))[0.5],
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
    table = _suppress_funnel(table, keys, min_clients) if min_clients > 1 else table.assign(suppressed=False)
    return table.drop(columns=[] if by else ["_all"])


def funnel_counts(apps, by: list[str]) -> pd.DataFrame:
    """Per segment (the by-columns, or ``_all``), ``applications`` with a recorded outcome and how many of them
    reached ``screen``, ``interview``, ``offer`` and ``hired`` (or beyond): ``clients``, how many clients have
    those counts (a DataFrame, or an Ibis table counted where it lives)."""
    if not isinstance(apps, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        return engine.funnel_counts(apps, by)
    recorded = apps.loc[apps[A.outcome_recorded].astype(bool)]
    stage = recorded[A.furthest_stage]
    flags = {s: (stage >= s).fillna(False).astype(np.int64) for s in FUNNEL_STAGES}
    frame = recorded[[A.client_id, *by]].assign(applications=1, **flags)
    per = frame.groupby([*by, A.client_id], observed=True, dropna=False, sort=True).sum().reset_index()
    keys = by or ["_all"]
    per = per if by else per.assign(_all=0)
    counted = per.groupby([*keys, "applications", *FUNNEL_STAGES], observed=True, dropna=False, sort=True).size()
    return counted.rename("clients").reset_index()


def _suppress_funnel(table: pd.DataFrame, keys: list[str], k: int) -> pd.DataFrame:
    """Hide what would describe 1 to k - 1 clients in a funnel: the clients who reached a stage, and, since the
    stages nest (a client who got an interview got past the screen), the clients between two shown stages
    (reached the screen but never an interview), between the segment's clients and its first shown stage, and
    beyond its last one. A hidden stage takes its shares with it."""
    wide = table.pivot_table(index=keys, columns="stage", values="reached", observed=False, aggfunc="first")
    wide = wide.reindex(columns=list(FUNNEL_STAGES))
    clients = table.groupby(keys, observed=True, dropna=False)["clients"].first().reindex(wide.index)
    chain = np.column_stack([clients.to_numpy(float), wide.to_numpy(float), np.zeros(len(wide))])
    few = (chain[:, 0] > 0) & (chain[:, 0] < k)
    hidden = np.zeros(chain.shape, dtype=bool)
    hidden[:, 1:-1] = few[:, None]
    positions = np.broadcast_to(np.arange(chain.shape[1], dtype=float), chain.shape)
    rows = np.arange(len(chain))
    for _ in range(chain.shape[1]):  # each pass hides at most one more stage per segment
        shown = ~hidden
        # For every shown cell, the nearest shown cell before it: the clients between them stopped in between.
        before_value = pd.DataFrame(np.where(shown, chain, np.nan)).shift(1, axis=1).ffill(axis=1).to_numpy()
        before_position = pd.DataFrame(np.where(shown, positions, np.nan)).shift(1, axis=1).ffill(axis=1).to_numpy()
        gap = before_value - chain
        bad = shown & (gap > 0) & (gap < k) & ~few[:, None]
        if not bad.any():
            break
        first = bad.argmax(axis=1)
        act = bad.any(axis=1)
        sentinel = first == chain.shape[1] - 1  # the last stage shown is itself small: hide it, not the zero
        target = np.where(sentinel, np.nan_to_num(before_position[rows, first]).astype(int), first)
        hidden[rows[act], target[act]] = True
    hidden_stage = pd.DataFrame(hidden[:, 1:-1], index=wide.index, columns=list(FUNNEL_STAGES))
    long = hidden_stage.reset_index().melt(id_vars=keys, var_name="stage", value_name="_hide")
    long["stage"] = pd.Categorical(long["stage"], categories=list(FUNNEL_STAGES), ordered=True)
    out = table.merge(long, on=[*keys, "stage"], how="left")
    hide = out["_hide"].fillna(False).astype(bool)
    figures = ["reached", "share_of_clients", "ci_low", "ci_high", "pooled_share"]
    for column in figures:
        current = out[column].astype("Int64") if column == "reached" else out[column]
        out[column] = current.mask(hide)
    small_row = out["clients"].between(1, k - 1)
    out["clients"] = out["clients"].astype("Int64").mask(small_row)
    out["client_median_share"] = out["client_median_share"].mask(hide | (out["clients"].astype(float) < 2 * k))
    out["suppressed"] = hide | small_row
    return out.drop(columns="_hide")


# ----------------------------------------------------------------------------------------------- triage
def _milestones(days: pd.Series, warn: int) -> tuple[pd.Series, pd.Series]:
    """For each client's search length: the last milestone passed (182 or 273 days; NaN before 6 months), and
    the days left to the milestone coming up within ``warn`` days (NaN where none is)."""
    passed = pd.Series(np.nan, index=days.index)
    left = pd.Series(np.nan, index=days.index)
    for mark in MILESTONES:
        passed = passed.mask(days >= mark, float(mark))
        left = left.mask((days < mark) & (days >= mark - warn), (mark - days).astype(float))
    return passed, left


@dataclass(frozen=True)
class TriageList:
    """What :func:`triage_list` returns.

    table        :func:`triage`'s table: one row per client to talk to
    as_of        the day the list describes
    window_days  the reply window the pivot rule judged applications by (estimated from the whole cohort's
                 replies); None when nobody is still searching
    """

    table: pd.DataFrame
    as_of: pd.Timestamp
    window_days: int | None


def triage(apps: pd.DataFrame, clients: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """The clients who need a pivot conversation now, strongest evidence first (:func:`triage_list` gives the
    same table with the as-of day and the reply window it used).

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
    as_of : date-like, optional
        The day the list is for (by default the applications' as-of date).
    target, kind
        As for :func:`jobsearch_analysis.recommend` (by default each channel's published positive-reply rate).
    warn_days : int
        How long before 6 and 9 months of searching a client is listed (:data:`MILESTONE_WARNING_DAYS`).

    Returns
    -------
    DataFrame
        One row per listed client: ``rank``, ``client_id``, ``search_days``, ``past_milestone`` (182 or 273:
        the last of 6 and 9 months passed; missing before 6 months), ``days_to_milestone`` (to the milestone
        coming up within ``warn_days``; missing when none is), ``channel`` (the channel that is not working, or
        missing for the applications overall), ``verdict`` ("pivot", or "" for a milestone alone),
        ``evidence`` (the strongest likelihood ratio the test reached: 40 means the client's replies were
        forty times likelier if the strategy fails than if it works), ``prob_below_target``, ``matured``,
        ``responses``, ``rate``, ``target``, ``weakest_stage`` (the funnel step that leaks most: replies,
        invitations, interviews, offers), ``last_contact_on`` and ``days_since_contact`` (with a clients
        table). :func:`jobsearch_analysis.present.cohort_report.triage_in_words` says it in words. Client ids
        are as given: pseudonymise the table (:func:`jobsearch_analysis.privacy.pseudonymise`) before it
        leaves the counselling team.
    """
    return triage_list(apps, clients, **options).table


def triage_list(
    apps: pd.DataFrame,
    clients: pd.DataFrame | None = None,
    *,
    as_of: object = None,
    target: float | dict | None = None,
    kind: str = "positive",
    warn_days: int = MILESTONE_WARNING_DAYS,
) -> TriageList:
    """:func:`triage`'s list (the parameters are its), with the as-of day and the reply window behind it."""
    check_kind(kind)
    day = as_of_day(apps, as_of)
    start, contact, mine = still_searching(apps, clients)
    if start.empty:
        return TriageList(pd.DataFrame(columns=list(TRIAGE_COLUMNS)), day, None)
    window = pivot.DECISION_WINDOW  # the pivot rule's own fixed window
    best, weak = _strongest_pivots(mine, kind, day, window, target)
    days = (day - start).dt.days.astype(np.int64)
    passed, left = _milestones(days, warn_days)
    listed = start.index[start.index.isin(best.index) | left.notna().to_numpy()]
    out = pd.DataFrame(index=pd.Index(listed, name="client_id"))
    out["search_days"] = days.reindex(listed)
    out["past_milestone"] = passed.reindex(listed).astype("Int64")
    out["days_to_milestone"] = left.reindex(listed).astype("Int64")
    for column in ("llr", "prob_below_target", "matured", "responses", "rate", "target"):
        out[column] = best[column].reindex(listed).astype(float) if len(best) else np.nan
    verdict = best["verdict"].reindex(listed).astype("str") if len(best) else pd.Series(pd.NA, index=listed)
    out["verdict"] = verdict.astype("str").fillna("")
    channel = best[A.channel].reindex(listed) if len(best) else pd.Series(pd.NA, index=listed)
    out["channel"] = channel.astype(object).where(channel.notna(), None).astype("str")
    stage = (weak["stage"].reindex(listed) if len(best) else pd.Series("", index=listed)).fillna("")
    out["weakest_stage"] = stage.where(stage != "", np.where(out["verdict"] == "pivot", "replies", ""))
    out["evidence"] = np.exp(out["llr"].astype(float)).round(0)
    if contact is not None:
        out["last_contact_on"] = contact.reindex(listed)
        out["days_since_contact"] = (day - out["last_contact_on"]).dt.days.astype("Int64")
    else:
        out["last_contact_on"] = pd.Series(pd.NaT, index=listed, dtype="datetime64[s]")
        out["days_since_contact"] = pd.Series(pd.NA, index=listed, dtype="Int64")
    out["_pivot"] = out["verdict"] == "pivot"
    out["_to_milestone"] = out["days_to_milestone"].astype(float).fillna(np.inf)
    out = out.sort_values(["_pivot", "llr", "_to_milestone"], ascending=[False, False, True], kind="stable")
    out = out.reset_index()
    out["rank"] = np.arange(1, len(out) + 1)
    return TriageList(out[list(TRIAGE_COLUMNS)], day, window)


TRIAGE_COLUMNS = ("rank", "client_id", "search_days", "past_milestone", "days_to_milestone", "channel", "verdict",
                  "evidence", "prob_below_target", "matured", "responses", "rate", "target", "weakest_stage",
                  "last_contact_on", "days_since_contact")  # fmt: skip
"""The columns of :func:`triage`."""


def still_searching(apps, clients=None) -> tuple[pd.Series, pd.Series | None, object]:
    """The clients still searching, by id: when their search started, their last contact (None without a
    clients table, where everyone without a hired application counts as searching since their first one), and
    their recorded applications (the columns the pivot rule reads). DataFrames; or Ibis tables, counted where
    they live, the applications left there as an Ibis table."""
    if not isinstance(apps, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        return engine.still_searching(apps, clients)
    if clients is not None:
        clients = complete_clients(clients)
        active = clients.loc[clients["exited_on"].isna()].set_index("client_id")
        start, contact = active["search_start"], active["last_contact_on"]
    else:
        hired = apps.loc[apps[A.outcome] == "hired", A.client_id].unique()
        searching = apps.loc[~apps[A.client_id].isin(hired)]
        start, contact = searching.groupby(A.client_id)[A.applied_on].min(), None
    mine = apps.loc[apps[A.client_id].isin(start.index) & apps[A.outcome_recorded].astype(bool)]
    order = [c for c in SEND_ORDER if c in mine.columns]
    return start.sort_index(), contact, mine.sort_values(order, kind="stable").reset_index(drop=True)


SEND_ORDER = ("client_id", "applied_on", "source_file", "source_row", "application_id")
"""The order the pivot rule takes a client's applications in: by the day sent, then as they stand in their files
(whichever engine holds them: no row order is left to chance)."""


def _strongest_pivots(
    mine, kind: str, day: pd.Timestamp, window: int, target: float | dict | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pivot rule on each client's applications (``mine``) as a whole and per channel: per client with a
    pivot verdict, the test with the strongest evidence (``llr``; between equals, a channel's, as it says what
    to change), and the funnel step that leaks most there."""
    rows = _client_tests(mine, kind, day, window, target)
    pivots = rows.loc[rows["verdict"] == "pivot"].copy()
    pivots["_channel_row"] = pivots[A.channel].notna() if A.channel in pivots else False
    # The evidence is what the test reached when it said "pivot" and since (the verdict stays once reached,
    # so the ratio after a later good run is not the evidence behind it). Equal evidence is equal to 1e-9: the
    # client's tests as a whole and on their one channel are the same test, whatever rounding says.
    pivots["llr"] = pivots["peak_llr"] if "peak_llr" in pivots else pd.Series(dtype=float)
    pivots["_rank"] = pivots["llr"].round(9)
    pivots = pivots.sort_values(["_rank", "_channel_row"], ascending=[False, False], kind="stable")
    best = pivots.drop_duplicates(A.client_id, keep="first").set_index(A.client_id)
    weak = pivot.weakest_stages(best, kind) if len(best) else pd.DataFrame({"stage": pd.Series(dtype="str")})
    return best, weak


TRIAGE_SPLITS = ([A.client_id], [A.client_id, A.channel])
"""The strategies the triage list tests for each client: their applications as a whole, and per channel."""


def _client_tests(mine, kind: str, day: pd.Timestamp, window: int, target: float | dict | None) -> pd.DataFrame:
    """The pivot rule on each client's applications as a whole and per channel, one row per segment tested: for
    a DataFrame, along every application; for an Ibis table, from what the engine counts of the segments that
    can reach a pivot (:func:`jobsearch_analysis.analysis.pivot.counted_tests`)."""
    if not isinstance(mine, pd.DataFrame):
        from jobsearch_analysis.analysis import engine

        fewest = pivot.fewest_table(kind, target)
        found = engine.pivot_counts(mine, list(TRIAGE_SPLITS), kind=kind, as_of=day, window=window, fewest=fewest)
        tested = [pivot.counted_tests(c, h, keys, target) for keys, (c, h) in zip(TRIAGE_SPLITS, found, strict=True)]
        return pd.concat(tested, ignore_index=True)
    data = pivot.prepare(mine, kind, day, window, target)
    if not data["_matured"].any():  # nothing old enough to judge: no verdict anywhere, only milestones
        return pd.DataFrame({A.client_id: pd.Series(dtype="str"), "verdict": pd.Series(dtype="str")})
    return pd.concat([pivot.segment_tests(data, keys, kind, target) for keys in TRIAGE_SPLITS], ignore_index=True)
