"""The cohort report: outcomes across a caseload as one self-contained HTML page, with identities protected.

The page is built from :mod:`jobsearch_analysis.cohort`'s functions (the same calls notebook 03 makes) and has
the safety of the personal report (escaping, a Content Security Policy, no request to any host). On top of it:

* no client id, name or e-mail is written: the clients table's name and e-mail columns are never read into
  the analysis, and the triage list names clients by keyed pseudonym (:func:`jobsearch_analysis.privacy.
  pseudonymise`), stable for a given secret so a counsellor holding it can find the client again;
* every figure about fewer than ``min_clients`` clients is hidden, and the page says so where it happens;
* rejected rows are listed by row number and reason, without their values, and the files of a per-client
  folder (whose names are client ids) are counted, not named.

>>> from jobsearch_analysis.clients import load_cohort
>>> from jobsearch_analysis import sample_path
>>> cohort = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"),
...                      as_of="2026-11-02")
>>> page = build_cohort(cohort, secret="a secret of sixteen+ characters").html
>>> "C0001" in page
False
"""

from __future__ import annotations

import secrets as secrets_module

import numpy as np
import pandas as pd

from jobsearch_analysis import charts, cohort, pivot
from jobsearch_analysis.clients import Cohort
from jobsearch_analysis.privacy import MIN_CELL, pseudonymise
from jobsearch_analysis.report import Chart, Progress, Report, _day, _int, _interval, _pct, _render, _table
from jobsearch_analysis.schema import EXIT_REASONS

HIDDEN = "hidden"
"""What a suppressed cell shows."""


def _or_hidden(show):
    return lambda value: HIDDEN if pd.isna(value) else show(value)


def _days(value: object) -> str:
    return "" if pd.isna(value) or np.isinf(value) else f"{value:.0f}"


def _days_ci(low: object, high: object) -> str:
    if pd.isna(low):
        return ""
    return f"{low:.0f} to {'not yet reached' if pd.isna(high) or np.isinf(high) else f'{high:.0f}'}"


def _about(data: Cohort) -> str:
    clients = data.clients
    first, last = clients["search_start"].min(), clients["search_start"].max()
    return (
        f"{len(clients):,} clients, {len(data.applications):,} applications; searches begun {first:%d %b %Y} to "
        f"{last:%d %b %Y}, as of {data.as_of:%d %b %Y}"
    )


# ----------------------------------------------------------------------------------------------- sections
def _loading(data: Cohort) -> dict:
    summary = data.load.summary
    folder = len(summary.files) > 1
    apps_errors = data.load.rejects.loc[data.load.rejects["kind"] == "error"]
    by_reason = apps_errors.groupby("reason").size().sort_values(ascending=False)
    reasons = [{"reason": reason, "rows": int(n)} for reason, n in by_reason.items()]
    clients = None
    if data.clients_load is not None:
        loaded = data.clients_load
        errors = loaded.rejects.loc[loaded.rejects["kind"] == "error"]
        clients = {
            "file": loaded.file,
            "rows": loaded.rows,
            "clients": len(loaded.clients),
            "rejected": loaded.rejected,
            "skipped": loaded.skipped,
            "columns": [f"{h} → {r}" for h, r in loaded.columns.items()],
            "private": list(loaded.private),
            "notes": list(loaded.notes),
            "errors": _table(
                errors, {"source_row": ("row", _int), "column": ("column", str), "reason": ("why it was not used", str)}
            ),
        }
    return {
        "folder": folder,
        "files": len(summary.files),
        "file_name": summary.files[0].file if summary.files and not folder else "",
        "rows": summary.rows,
        "applications": summary.applications,
        "rejected": summary.rejected,
        "skipped": summary.skipped,
        "reasons": reasons,
        "unusable": len(data.unusable),
        "clients": clients,
        "notes": list(data.notes),
        "derived": data.derived,
    }


def _employment(data: Cohort, min_clients: int, about: str) -> tuple[dict, list[Chart], dict]:
    overall = cohort.time_to_employment(data.clients, min_clients=min_clients)
    found: dict = {"notes": [n for n in overall.notes if not n.startswith("Figures about")]}
    shown = [Chart("employment", charts.employment_curves(overall.curve, about=about))]
    frames = {"time_to_employment": overall.summary, "employment_curve": overall.curve}
    summaries = [overall.summary.assign(group="all clients")]
    for column, words in (("program", "programme"), ("counsellor", "counsellor team")):
        values = data.clients[column].dropna()
        if values.nunique() < 2:
            continue
        split = cohort.time_to_employment(data.clients, by=column, min_clients=min_clients)
        summaries.append(split.summary.assign(group=words + ": " + split.summary[column].astype("str")))
        found["notes"] += [n for n in split.notes if n not in found["notes"] and not n.startswith("Figures about")]
        frames[f"time_to_employment_by_{column}"] = split.summary
        if column == "program" and split.curve[column].drop_duplicates().size > 1:
            shown.append(
                Chart(
                    "employment_by_program",
                    charts.employment_curves(
                        split.curve, by=column, about=about, title="Time to employment by programme"
                    ),
                )
            )
    table = pd.concat(summaries, ignore_index=True)
    whole = table["clients"].isna()  # a row hidden for its size; elsewhere a missing estimate is "not reached"
    display = {
        "median_days": table["median_days"].map(_days).mask(table["median_days"].isna(), "not reached yet"),
        "median_ci": [_days_ci(lo, hi) for lo, hi in zip(table["median_ci_low"], table["median_ci_high"],
                                                         strict=True)],
        "by_6": table["employed_by_182"].map(_pct, na_action="ignore").fillna(""),
        "by_12": table["employed_by_365"].map(_pct, na_action="ignore").fillna(""),
    }  # fmt: skip
    table = table.assign(
        **{
            k: pd.Series(v, index=table.index, dtype=object).mask(whole, HIDDEN if k != "median_ci" else "")
            for k, v in display.items()
        }
    )
    found["table"] = _table(
        table,
        {
            "group": ("group", str),
            "clients": ("clients", _or_hidden(_int)),
            "employed": ("found work", _or_hidden(_int)),
            "other_exits": ("left for other reasons", _or_hidden(_int)),
            "searching": ("still searching", _or_hidden(_int)),
            "median_days": ("median days to work", str),
            "median_ci": ("95% interval (days)", str),
            "by_6": ("employed within 6 months", str),
            "by_12": ("within 12 months", str),
        },
    )
    counts = ["clients", "employed", "other_exits", "searching"]
    if table[counts].isna().any().any():
        found["notes"].append(
            f'Figures about fewer than {min_clients} clients show as "{HIDDEN}", with any figure that would give '
            "them away by subtraction, so that no client can be recognised."
        )
    row = overall.summary.iloc[0]
    found["overall"] = {
        "clients": _int(row["clients"]),
        "employed": _int(row["employed"]) if pd.notna(row["employed"]) else HIDDEN,
        "median": _days(row["median_days"]),
        "median_ci": _days_ci(row["median_ci_low"], row["median_ci_high"]),
        "by_6": _pct(row["employed_by_182"]),
        "by_6_ci": _interval(row["employed_by_182_ci_low"], row["employed_by_182_ci_high"]),
        "by_12": _pct(row["employed_by_365"]),
        "joined_late": _int(row["joined_late"]) if pd.notna(row["joined_late"]) else HIDDEN,
    }
    return found, shown, frames


def _exits(data: Cohort, min_clients: int, about: str) -> tuple[dict, list[Chart], dict]:
    incidence = cohort.exit_incidence(data.clients, min_clients=min_clients)
    if incidence.empty:
        return {"table": None, "notes": []}, [], {}
    rows = []
    for reason in EXIT_REASONS:
        part = incidence.loc[incidence["exit_reason"] == reason].sort_values("day")
        row = {"reason": charts.EXIT_WORDS[reason]}
        for days, key in ((182, "by_6"), (365, "by_12")):
            upto = part.loc[part["day"] <= days]
            last = upto.iloc[-1] if len(upto) else None
            reached = len(part) and part["day"].max() >= days
            row[key] = _pct(last["incidence"]) if last is not None and reached else ""
            row[key + "_ci"] = _interval(last["ci_low"], last["ci_high"]) if last is not None and reached else ""
        rows.append(row)
    frame = pd.DataFrame(rows)
    table = _table(
        frame,
        {
            "reason": ("exit", str),
            "by_6": ("within 6 months", str),
            "by_6_ci": ("95% interval", str),
            "by_12": ("within 12 months", str),
            "by_12_ci": ("95% interval", str),
        },
    )
    chart = Chart("exits", charts.exit_incidence_chart(incidence, about=about))
    return {"table": table, "notes": incidence.attrs.get("notes", [])}, [chart], {"exit_incidence": incidence}


def _strategies(data: Cohort, min_clients: int, about: str) -> tuple[dict, list[Chart], dict]:
    rates = cohort.client_rates(data.applications, by="channel", min_clients=min_clients)
    overall = cohort.client_rates(data.applications, min_clients=min_clients)
    shown = rates.loc[rates["client_mean"].notna()].sort_values("client_mean", ascending=False)
    ordered = rates.sort_values("client_mean", ascending=False, na_position="last").reset_index(drop=True)
    ordered = ordered.assign(
        mean_ci=[_interval(lo, hi) for lo, hi in zip(ordered["client_mean_ci_low"], ordered["client_mean_ci_high"],
                                                     strict=True)],
        middle=[f"{_pct(lo)} to {_pct(hi)}" if pd.notna(lo) else HIDDEN
                for lo, hi in zip(ordered["client_q25"], ordered["client_q75"], strict=True)],
        pooled_ci=[_interval(lo, hi) for lo, hi in zip(ordered["pooled_ci_low"], ordered["pooled_ci_high"],
                                                       strict=True)],
    )  # fmt: skip
    table = _table(
        ordered,
        {
            "channel": ("channel", lambda v: str(v).replace("_", " ")),
            "clients": ("clients", _or_hidden(_int)),
            "applications": ("applications old enough to judge", _or_hidden(_int)),
            "client_mean": ("average client", _or_hidden(_pct)),
            "mean_ci": ("95% interval", str),
            "middle": ("middle half of clients", str),
            "pooled_rate": ("all applications pooled", _or_hidden(_pct)),
            "pooled_ci": ("95% interval", str),
            "top_tenth_share": ("sent by the busiest tenth", _or_hidden(_pct)),
        },
    )
    found = {"table": table, "window": int(rates["window_days"].iloc[0]) if len(rates) else 0, "best": None}
    if len(shown) >= 2:
        best, worst = shown.iloc[0], shown.iloc[-1]
        found["best"] = {
            "channel": pivot._words(best["channel"]),
            "rate": _pct(best["client_mean"]),
            "worst": pivot._words(worst["channel"]),
            "worst_rate": _pct(worst["client_mean"]),
        }
    if len(overall) and pd.notna(overall["client_mean"].iloc[0]):
        row = overall.iloc[0]
        found["overall"] = {"mean": _pct(row["client_mean"]), "pooled": _pct(row["pooled_rate"]),
                            "top": _pct(row["top_tenth_share"])}  # fmt: skip
    else:
        found["overall"] = None
    funnel = cohort.client_funnel(data.applications, min_clients=min_clients)
    found["funnel"] = _table(
        funnel.assign(interval=[_interval(lo, hi) for lo, hi in zip(funnel["ci_low"], funnel["ci_high"], strict=True)]),
        {
            "stage": ("stage reached at least once", str),
            "clients": ("clients", _or_hidden(_int)),
            "reached": ("got there", _or_hidden(_int)),
            "share_of_clients": ("share of clients", _or_hidden(_pct)),
            "interval": ("95% interval", str),
            "pooled_share": ("share of all applications", _or_hidden(_pct)),
        },
    )
    figures = [Chart("strategies", charts.client_rates_chart(rates, "channel", about=about))]
    figures.append(Chart("client_funnel", charts.client_funnel_chart(funnel, about=about)))
    notes = [n for frame in (rates, funnel) if (n := frame.attrs.get("suppressed_note"))]
    found["notes"] = notes
    return found, figures, {"client_rates_by_channel": rates, "client_funnel": funnel}


def _triage(data: Cohort, secret: str | bytes, generated: bool) -> tuple[dict, dict]:
    listed = cohort.triage(data.applications, None if data.derived else data.clients, as_of=data.as_of)
    listed = pseudonymise(listed, secret, columns=["client_id"])
    table = _table(
        listed.assign(weeks=listed["search_days"] // 7),
        {
            "rank": ("#", _int),
            "client_id": ("client (pseudonym)", str),
            "weeks": ("weeks searching", _int),
            "milestone": ("milestone", str),
            "reason": ("why now", str),
            "first_action": ("first thing to change", str),
            "days_since_contact": ("days since last contact", _int),
        },
    )
    pivots = int((listed["verdict"] == "pivot").sum())
    return (
        {"table": table, "pivots": pivots, "milestones": len(listed) - pivots, "generated": generated,
         "window": listed.attrs.get("window_days")},
        {"triage": listed},
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------- building
def build_cohort(
    data: Cohort,
    *,
    secret: str | bytes | None = None,
    min_clients: int = MIN_CELL,
    include_triage: bool = True,
    title: str = "Cohort outcomes",
    progress: Progress | None = None,
) -> Report:
    """Analyse a caseload and lay the results out as one HTML page with no client identity in it.

    Parameters
    ----------
    data : Cohort
        What :func:`jobsearch_analysis.clients.load_cohort` returned.
    secret : str or bytes, optional
        The key for the triage list's pseudonyms (at least 16 characters). The same secret gives the same
        pseudonyms in every report; without one, a random key is used and the page says the pseudonyms change
        from run to run.
    min_clients : int
        Figures about fewer clients are hidden (:data:`~jobsearch_analysis.privacy.MIN_CELL`, 5, by default).
    include_triage : bool
        Leave the list of clients to talk to out (for a report shared beyond the counselling team).
    """
    step = progress or (lambda _name: None)
    if min_clients < 1:
        raise ValueError(f"min_clients={min_clients!r}: give a number of clients, 5 or more for sharing")
    generated = secret is None
    key = secrets_module.token_urlsafe(32) if generated else secret
    about = _about(data)
    context: dict = {"title": title, "as_of": _day(data.as_of), "about": about, "min_clients": min_clients}
    shown: list[Chart] = []
    tables: dict[str, pd.DataFrame] = {}
    step("what was loaded")
    context["loading"] = _loading(data)
    step("time to employment")
    context["employment"], figures, frames = _employment(data, min_clients, about)
    shown, tables = shown + figures, tables | frames
    step("exits")
    context["exits"], figures, frames = _exits(data, min_clients, about)
    shown, tables = shown + figures, tables | frames
    step("strategies across clients")
    context["strategies"], figures, frames = _strategies(data, min_clients, about)
    shown, tables = shown + figures, tables | frames
    context["triage"] = None
    if include_triage:
        step("triage")
        context["triage"], frames = _triage(data, key, generated)
        tables |= frames
    step("writing the page")
    return Report(_render(context, shown, "cohort.html.j2"), tuple(shown), tables)


__all__ = ["HIDDEN", "build_cohort"]
