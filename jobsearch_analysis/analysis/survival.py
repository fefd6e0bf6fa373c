"""Kaplan-Meier curves, their quantiles and cumulative incidence, for many segments at once.

Everything is computed from aggregated count tables (events, censorings and the risk set per segment and day)
with grouped cumulative sums, so a million applications in a thousand segments cost a few vectorised passes,
not a loop. The numbers are those of statsmodels' ``SurvfuncRight`` (Greenwood standard errors; quantiles and
their confidence intervals by inverting the complementary log-log test, as SAS does) and ``CumIncidenceRight``
(Aalen-Johansen estimates with their delta-method standard errors); the tests check the agreement.

Ties: times are whole days. Events and censorings on the same day are handled the usual way: the applications
censored on a day are still at risk for that day's events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

_Z = norm.ppf(0.975)


def _keys(by: list[str]) -> list[str]:
    return by if by else ["_all"]


def _counts(
    frame: pd.DataFrame, by: list[str], duration: str, status: str, causes: int = 1, entry: str | None = None
) -> pd.DataFrame:
    """Per segment and day: how many observations end that day (``total``), how many of them are events
    (``events``, and ``events_k`` for each cause), and the risk set just before (``at_risk``).

    With ``entry`` (left truncation), a subject is at risk on day t when entry < t <= duration, as in
    statsmodels; a negative entry means "from the start" (at risk on day 0 too)."""
    keys = _keys(by)
    columns_in = [*by, duration, status] + ([entry] if entry else [])
    data = frame[columns_in] if by else frame[columns_in].assign(_all=0)
    # The segments as integer codes, found once: every later grouping is by ``_g`` (grouping again by text keys
    # would hash a million strings each time). Codes follow the keys' sorted order.
    data = data.assign(_g=data.groupby(keys, observed=True, dropna=False, sort=True).ngroup())
    segments = data.loc[~data["_g"].duplicated(), ["_g", *keys]].set_index("_g")
    endings = data.groupby(["_g", duration, status], sort=True).size().rename("n").reset_index()
    entries = None
    if entry is not None:
        late = data.loc[data[entry] >= 0]
        entries = late.groupby(["_g", entry], sort=True).size().rename("n").reset_index()
        entries = entries.rename(columns={entry: "day"})
    return _coded_counts(endings.rename(columns={duration: "day", status: "cause"}), entries, segments, causes)


def _coded_counts(
    endings: pd.DataFrame, entries: pd.DataFrame | None, segments: pd.DataFrame, causes: int
) -> pd.DataFrame:
    """:func:`_counts` from counted subjects: ``endings`` (``_g``, ``day``, ``cause``: 0 censored, and ``n``
    subjects whose follow-up ended so) and ``entries`` (``_g``, ``day`` of entry, ``n``; entries from the start
    left out), with the segments' keys by code. Whole numbers in, whole numbers out: the same table however the
    subjects were counted."""
    n = endings["n"].to_numpy(np.int64)
    cause = endings["cause"].to_numpy()
    data = endings[["_g", "day"]].assign(_total=n, _events=np.where(cause > 0, n, 0))
    columns = {"total": ("_total", "sum"), "events": ("_events", "sum")}
    if causes > 1:
        for k in range(1, causes + 1):
            data[f"_cause_{k}"] = np.where(cause == k, n, 0)
            columns[f"events_{k}"] = (f"_cause_{k}", "sum")
    counts = data.groupby(["_g", "day"], sort=True).agg(**columns).reset_index()
    counts = counts.join(segments, on="_g")
    grouped = counts.groupby("_g", sort=False)["total"]
    counts["at_risk"] = grouped.transform("sum") - grouped.cumsum() + counts["total"]
    if entries is not None:
        counts["at_risk"] -= _entered_later(entries.loc[entries["day"] >= 0], counts)
    counts["censored"] = counts["total"] - counts["events"]
    return counts


def _entered_later(entries: pd.DataFrame, counts: pd.DataFrame) -> np.ndarray:
    """For each row of ``counts``: the subjects of its segment (``_g``) that enter on or after its day (not yet
    at risk), from ``entries`` (``_g``, ``day``, ``n``)."""
    if entries.empty:
        return np.zeros(len(counts), dtype=np.int64)
    entries = entries.groupby(["_g", "day"], sort=True)["n"].sum().reset_index()
    grouped = entries.groupby("_g", sort=False)["n"]
    entries["before"] = grouped.cumsum()  # entered on or before this entry day
    probe = counts[["_g", "day"]].reset_index().sort_values("day", kind="stable")
    found = pd.merge_asof(
        probe,
        entries.sort_values("day", kind="stable")[["_g", "day", "before"]],
        on="day",
        by="_g",
        direction="backward",
        allow_exact_matches=False,  # entered strictly before the day: at risk on it
    )
    found = found.join(grouped.sum().rename("_total"), on="_g")
    later = found["_total"].fillna(0) - found["before"].fillna(0)
    return pd.Series(later.to_numpy(), index=found["index"].to_numpy()).reindex(counts.index).to_numpy(np.int64)


def kaplan_meier(
    frame: pd.DataFrame, *, duration: str, event: str, by: list[str] | None = None, entry: str | None = None
) -> pd.DataFrame:
    """Kaplan-Meier estimate of the chance that the event has *not* happened by each day, per segment.

    Parameters
    ----------
    frame : DataFrame
        One row per subject: ``duration`` (whole days, >= 0) and ``event`` (1 or True when the event was seen
        at that time, 0 when the subject was censored then), plus the ``by`` columns.
    duration, event : str
        Column names.
    by : list of str, optional
        Segment columns; each segment gets its own curve.
    entry : str, optional
        Column of entry days for left truncation: a subject who came under observation on day e (> 0) is in
        the risk set only after it (e < t <= duration); a negative value means observed from day 0. Every
        entry must come before its subject's duration.

    Returns
    -------
    DataFrame
        One row per segment and day on which something happened, in day order:

        - the ``by`` columns
        - ``day``: days since the start
        - ``at_risk``: subjects still without the event and not yet censored just before the day
        - ``events``: events on the day
        - ``censored``: subjects censored on the day
        - ``survival``: the estimated chance of no event by the end of the day
        - ``se``: Greenwood standard error of ``survival`` (NaN once ``survival`` reaches 0)
        - ``ci_low``, ``ci_high``: pointwise 95 % interval, complementary log-log transformed (always within
          [0, 1]); equal to ``survival`` where it is 1, and NaN where the standard error is
    """
    by = list(by or [])
    counts = _counts(frame.assign(_status=frame[event].astype(np.int64)), by, duration, "_status", entry=entry)
    return _kaplan_meier(counts, by)


def kaplan_meier_from_table(table: pd.DataFrame, *, by: list[str] | None = None) -> pd.DataFrame:
    """:func:`kaplan_meier` from a :func:`life_table` (exact or :func:`round_life_table`'s rounded one)."""
    by = list(by or [])
    return _kaplan_meier(_with_segments(table, by), by)


def _kaplan_meier(counts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    hazard = counts["events"] / counts["at_risk"]
    # A product, not a sum of logs: pandas' grouped cumsum is compensated (Kahan), and a log of 0 (everyone at
    # risk had the event) would turn every later value into NaN instead of 0.
    counts["survival"] = (1 - hazard).groupby(counts["_g"], sort=False).cumprod()
    denominator = counts["at_risk"] * (counts["at_risk"] - counts["events"])
    term = (counts["events"] / denominator.where(denominator > 0)).where(counts["events"] < counts["at_risk"])
    term = term.where(counts["events"] > 0, 0.0)
    cumulative = term.groupby(counts["_g"], sort=False).cumsum()
    counts["se"] = counts["survival"] * np.sqrt(cumulative)
    counts.loc[counts["survival"] <= 0, "se"] = np.nan
    low, high = _cloglog_band(counts["survival"], counts["se"])
    counts["ci_low"], counts["ci_high"] = low, high
    return counts[[*by, "day", "at_risk", "events", "censored", "survival", "se", "ci_low", "ci_high"]].reset_index(
        drop=True
    )


def _cloglog_band(survival: pd.Series, se: pd.Series) -> tuple[pd.Series, pd.Series]:
    s = survival.where((survival > 0) & (survival < 1))
    log_s = np.log(s)
    sd = se / (s * np.abs(log_s))
    g = np.log(-log_s)
    low = np.exp(-np.exp(g + _Z * sd))
    high = np.exp(-np.exp(g - _Z * sd))
    full = survival >= 1
    return low.where(~full, 1.0), high.where(~full, 1.0)


def quantiles(curve: pd.DataFrame, *, by: list[str] | None = None, probs=(0.25, 0.5, 0.75)) -> pd.DataFrame:
    """Quantiles of the time to the event, with 95 % intervals, from :func:`kaplan_meier` curves.

    The ``p`` quantile is the first event day on which the survival falls below ``1 - p`` (statsmodels' and
    SAS's definition); its interval collects the event days whose survival is not significantly different
    from ``1 - p`` on the complementary log-log scale (its upper limit is the next event day after them, or
    infinity when the curve ends first).

    Returns
    -------
    DataFrame
        One row per segment and probability: the ``by`` columns, ``p``, ``day`` (NaN if the curve never falls
        that low), ``ci_low``, ``ci_high``.
    """
    by = list(by or [])
    keys = _keys(by)
    events = curve.loc[curve["events"] > 0]
    if not by:
        events = events.assign(_all=0)
    rows = []
    for p in probs:  # a handful of probabilities, each one vectorised over all segments
        target = 1 - p
        below = events.loc[events["survival"] < target].groupby(keys, observed=True, dropna=False)["day"].min()
        s = events["survival"]
        with np.errstate(divide="ignore", invalid="ignore"):  # survival 0 or 1: no test there, as in statsmodels
            r = (np.log(-np.log(s)) - np.log(-np.log(target))) / ((-1 / (s * np.log(s))) * events["se"])
        inside = events.assign(_in=(np.abs(r) <= _Z).fillna(False))
        grouped = inside.groupby(keys, observed=True, dropna=False, sort=False)
        inside["_next"] = grouped["day"].shift(-1)
        hits = inside.loc[inside["_in"]]
        low = hits.groupby(keys, observed=True, dropna=False)["day"].min()
        last = hits.groupby(keys, observed=True, dropna=False).tail(1).set_index(keys)["_next"].fillna(np.inf)
        segments = events.groupby(keys, observed=True, dropna=False).size().index
        rows.append(
            pd.DataFrame(
                {
                    "p": p,
                    "day": below.reindex(segments),
                    "ci_low": low.reindex(segments),
                    "ci_high": last.reindex(segments),
                },
                index=segments,
            )
        )
    if not rows or all(r.empty for r in rows):
        return pd.DataFrame(columns=[*by, "p", "day", "ci_low", "ci_high"])
    out = pd.concat(rows).reset_index()
    if not by:
        out = out.drop(columns="_all")
    return out[[*by, "p", "day", "ci_low", "ci_high"]].astype({"day": float, "ci_low": float, "ci_high": float})


def cumulative_incidence(
    frame: pd.DataFrame,
    *,
    duration: str,
    cause: str,
    causes: int,
    by: list[str] | None = None,
    entry: str | None = None,
) -> pd.DataFrame:
    """Cumulative incidence of competing endings (Aalen-Johansen), per segment.

    Parameters
    ----------
    frame : DataFrame
        One row per subject: ``duration`` (whole days) and ``cause`` (0 censored, 1..``causes`` the ending
        that happened at that time).
    entry : str, optional
        Entry days for left truncation, as in :func:`kaplan_meier` (the risk sets change; the estimator and
        its variance keep their form).

    Returns
    -------
    DataFrame
        One row per segment, day and cause: the ``by`` columns, ``day``, ``cause`` (1..causes), ``incidence``
        (the chance that this ending has happened by the day, the others competing; not 1 - Kaplan-Meier),
        ``se`` (delta-method standard error, as statsmodels' ``CumIncidenceRight``), ``at_risk``, ``events``.
    """
    by = list(by or [])
    counts = _counts(frame, by, duration, cause, causes=max(causes, 2), entry=entry)
    columns = {k: f"events_{k}" for k in range(1, causes + 1)}
    return _cumulative_incidence(counts, by, columns)


def cumulative_incidence_from_table(
    table: pd.DataFrame, causes: dict[object, str], *, by: list[str] | None = None
) -> pd.DataFrame:
    """:func:`cumulative_incidence` from a :func:`life_table` (exact or rounded).

    ``causes`` maps each cause's label (the ``cause`` column of the result) to the column of ``table`` that
    counts its events; ``table["events"]`` must count the events of every cause. A column that adds up several
    causes (``events_1 + events_2``) gives the incidence of either: the sum of their incidences.
    """
    by = list(by or [])
    return _cumulative_incidence(_with_segments(table, by), by, causes)


def _cumulative_incidence(counts: pd.DataFrame, by: list[str], causes: dict[object, str]) -> pd.DataFrame:
    keys = _keys(by)
    if not by:
        counts = counts.assign(_all=0)
    key_series = counts["_g"]
    n = counts["at_risk"].astype(float)
    d_all = counts["events"].astype(float)
    survival = (1 - d_all / n).groupby(key_series, sort=False).cumprod()
    before = survival.groupby(key_series, sort=False).shift(1).fillna(1.0)  # S(t-)
    sp0 = before / n
    ra_all = (d_all / (n * (n - d_all))).where(n > d_all, np.nan)
    parts = []

    def csum(values: pd.Series) -> pd.Series:
        return values.groupby(key_series, sort=False).cumsum()

    for label, column in causes.items():
        d_k = counts[column].astype(float)
        incidence = csum(sp0 * d_k)
        v = incidence**2 * csum(ra_all)
        v -= 2 * incidence * csum(incidence * ra_all)
        v += csum(incidence**2 * ra_all)
        v += csum(sp0**2 * (n - d_k) * d_k / n)
        ra = sp0 * d_k / n
        v -= 2 * incidence * csum(ra)
        v += 2 * csum(incidence * ra)
        parts.append(
            counts[["_g", *keys, "day", "at_risk"]].assign(
                cause=label, incidence=incidence, se=np.sqrt(v), events=d_k.astype(np.int64)
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["_order"] = out["cause"].map({label: i for i, label in enumerate(causes)})
    out = out.sort_values(["_g", "_order", "day"], kind="stable")
    if not by:
        out = out.drop(columns="_all")
    return out[[*by, "day", "cause", "incidence", "se", "at_risk", "events"]].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- life tables
def life_table(
    frame: pd.DataFrame,
    *,
    duration: str,
    cause: str,
    causes: int = 1,
    by: list[str] | None = None,
    entry: str | None = None,
) -> pd.DataFrame:
    """The counts every estimator here works from: per segment and day on which anyone's follow-up ended.

    Parameters
    ----------
    frame : DataFrame
        One row per subject: ``duration`` (whole days, or any whole-number time unit), ``cause`` (0 censored,
        1..``causes`` the ending seen then) and, with ``entry``, the entry time (see :func:`kaplan_meier`).

    Returns
    -------
    DataFrame
        One row per segment and day, in day order: the ``by`` columns, ``day``, ``at_risk`` (under observation
        just before the day), ``events`` (endings of any cause on the day), ``events_1`` .. ``events_<causes>``
        (with ``causes`` > 1), ``censored``.
    """
    by = list(by or [])
    counts = _counts(frame, by, duration, cause, causes=causes, entry=entry)
    cause_columns = [f"events_{k}" for k in range(1, causes + 1)] if causes > 1 else []
    return counts[[*by, "day", "at_risk", "events", *cause_columns, "censored"]].reset_index(drop=True)


def life_table_from_counts(
    endings: pd.DataFrame, entries: pd.DataFrame | None = None, *, causes: int = 1, by: list[str] | None = None
) -> pd.DataFrame:
    """:func:`life_table` from subjects already counted (where they were counted: a SQL engine, say).

    Parameters
    ----------
    endings : DataFrame
        The ``by`` columns, ``day`` (the end of follow-up), ``cause`` (0 censored, 1..``causes`` the ending
        seen then) and ``n``, how many subjects ended so.
    entries : DataFrame, optional
        With left truncation: the ``by`` columns, ``day`` (the entry day, negative for "from the start") and
        ``n``, how many subjects entered then (see :func:`kaplan_meier`).

    Returns
    -------
    DataFrame
        :func:`life_table`'s table; the same, to the last digit, as from the subjects one row each.
    """
    by = list(by or [])
    keys = _keys(by)
    data = endings if by else endings.assign(_all=0)
    codes = data.groupby(keys, observed=True, dropna=False, sort=True).ngroup()
    data = data.assign(_g=codes)
    segments = data.loc[~data["_g"].duplicated(), ["_g", *keys]].set_index("_g")
    coded_entries = None
    if entries is not None:
        entered = entries if by else entries.assign(_all=0)
        entered = entered.merge(segments.reset_index(), on=keys, how="inner")
        coded_entries = entered[["_g", "day", "n"]]
    counts = _coded_counts(data[["_g", "day", "cause", "n"]], coded_entries, segments, causes)
    cause_columns = [f"events_{k}" for k in range(1, causes + 1)] if causes > 1 else []
    return counts[[*by, "day", "at_risk", "events", *cause_columns, "censored"]].reset_index(drop=True)


def round_life_table(table: pd.DataFrame, *, step: int, counts: list[str], by: list[str] | None = None) -> pd.DataFrame:
    """A :func:`life_table` rebuilt from running totals rounded to multiples of ``step``.

    Statistical agencies publish survival curves from rounded counts so that no small number of people can be
    worked back out of them (``at_risk * (1 - S(t) / S(t-1))`` gives back each day's events from exact ones).
    Here, per segment and day, the running total of all endings (the events of every cause in ``counts`` and
    the censorings) is rounded to the nearest multiple of ``step``, and shared out among the causes so that
    each cause's running total is a multiple of ``step`` within ``step`` of its own, never goes down, and they
    add up to the rounded whole (controlled rounding, largest remainder first: rounding each cause on its own
    would pile up several roundings in the risk set). The subjects who have entered observation are rounded
    the same way. The day's counts are the steps of the rounded totals, and the risk set is the rounded
    entries less the rounded endings before the day. Every count in the result is therefore a multiple of
    ``step``, and so is every count anyone can derive from estimates computed on it; a step of 1 gives the
    table back unchanged. Days on which no rounded count moves are dropped.

    Parameters
    ----------
    table : DataFrame
        A :func:`life_table`.
    step : int
        The rounding unit (the smallest group the published figures may describe).
    counts : list of str
        The event columns: the causes (``events_1`` ...), whose sum is ``events``; or ``["events"]`` alone.
    by : list of str, optional
        The segment columns of ``table``.

    Returns
    -------
    DataFrame
        The same columns, rounded; plus ``at_risk_exact``, the unrounded risk set (for deciding where a curve
        is too thin to show; it is never published).
    """
    if step < 1:
        raise ValueError(f"step={step!r}: give a whole number of subjects, 1 or more")
    by = list(by or [])
    data = _with_segments(table, by)
    group = data["_g"]
    parts = [*counts, "censored"]

    def nearest(values: np.ndarray) -> np.ndarray:
        return (np.floor(values / step + 0.5) * step).astype(np.int64)

    running = data[parts].groupby(group, sort=False).cumsum().to_numpy(np.int64)
    ended = running.sum(axis=1)
    entered = data["at_risk"].to_numpy(np.int64) + ended - data[parts].sum(axis=1).to_numpy(np.int64)
    shared = _controlled(running, nearest(ended), group.to_numpy(), data.groupby("_g", sort=False).cumcount(), step)
    previous = pd.DataFrame(shared).groupby(group.to_numpy(), sort=False).shift(1, fill_value=0).to_numpy(np.int64)
    out = data[[*by, "day"]].assign(at_risk_exact=data["at_risk"])
    for position, column in enumerate(parts):
        out[column] = shared[:, position] - previous[:, position]
    out["at_risk"] = nearest(entered) - previous.sum(axis=1)
    if counts != ["events"]:
        out["events"] = out[counts].sum(axis=1)
    moved = out[parts].ne(0).any(axis=1)
    columns = [*by, "day", "at_risk", "events", *(c for c in counts if c != "events"), "censored", "at_risk_exact"]
    return out.loc[moved, columns].reset_index(drop=True)


def _controlled(
    running: np.ndarray, whole: np.ndarray, group: np.ndarray, position: pd.Series, step: int
) -> np.ndarray:
    """Round each row's running totals (one column per part) to multiples of ``step`` that add up to ``whole``
    and never go down within a segment: each part starts from the larger of its rounded-down total and its
    value on the segment's previous row, then the shortfall goes, a ``step`` at a time, to the parts furthest
    below their exact totals. Vectorised over segments, one pass per row position."""
    out = np.zeros_like(running)
    position = position.to_numpy()
    last = np.zeros((group.max() + 1 if len(group) else 0, running.shape[1]), dtype=np.int64)
    for row_at in range(int(position.max()) + 1 if len(position) else 0):
        rows = np.flatnonzero(position == row_at)
        segments = group[rows]
        exact = running[rows]
        shared = np.maximum(last[segments], (exact // step) * step)
        for _ in range(running.shape[1]):  # at most one step per part is ever short
            short = whole[rows] - shared.sum(axis=1) >= step
            if not short.any():
                break
            behind = np.where(short[:, None], exact - shared, -np.inf)
            pick = behind.argmax(axis=1)
            lines = np.flatnonzero(short)
            shared[lines, pick[lines]] += step
        out[rows] = shared
        last[segments] = shared
    return out


def _with_segments(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The table sorted by segment and day, with the segments as integer codes in ``_g``."""
    keys = _keys(by)
    data = table if by else table.assign(_all=0)
    data = data.assign(_g=data.groupby(keys, observed=True, dropna=False, sort=True).ngroup())
    return data.sort_values(["_g", "day"], kind="stable").reset_index(drop=True)
