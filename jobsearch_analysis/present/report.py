"""The report: one self-contained HTML file with the numbers, the charts and the advice, for people who never
open Jupyter.

Every number and chart comes from the library's own functions, the same calls the notebooks make; this module
only arranges them into tables and words. The file works offline and alone: plotly.js is embedded once, the
charts travel as JSON, and a Content Security Policy forbids any request to another host and any script but the
report's own two (named by their SHA-256 hashes), so nothing could run even if a string slipped past escaping.
Strings from the user's files are escaped twice over: by Jinja's autoescaping in the page, and by
:func:`jobsearch_analysis.present.charts.plain` inside the charts, whose labels plotly.js reads as a little HTML.

>>> from jobsearch_analysis import load_sample
>>> report = build(load_sample("personal_log"))
>>> report.html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in report.html
True
"""

from __future__ import annotations

import pandas as pd

from jobsearch_analysis import privacy
from jobsearch_analysis.analysis import metrics, pivot
from jobsearch_analysis.analysis.capabilities import what_it_can_tell
from jobsearch_analysis.ingest.loading import LoadResult
from jobsearch_analysis.present import charts, page
from jobsearch_analysis.present import words as wording
from jobsearch_analysis.present.advice import in_brief, recommend
from jobsearch_analysis.present.page import Chart, Progress, Report
from jobsearch_analysis.schema import Applications as A

"""Applications a week the activity section measures against when no goal is given."""
MAX_LISTED = 200
"""Rows listed in the report's longer tables (the rejected rows, the applications still in play, the resume
versions...): the page says how many more there are."""


# ----------------------------------------------------------------------------------------------- formatting
def channel_label(value: object) -> str:
    return wording.label("channel", value)


def _with_interval(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with an ``interval`` column in words, from its ``ci_low`` and ``ci_high``."""
    text = [wording.interval(low, high) for low, high in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    return frame.assign(interval=pd.Series(text, index=frame.index, dtype=object))


# ----------------------------------------------------------------------------------------------- sections
def _loading(result: LoadResult) -> dict:
    summary = result.summary
    rejects = result.rejects
    errors = rejects.loc[rejects["kind"] == "error"]
    error_table = page.table(
        errors,
        {
            "source_file": ("file", str),
            "source_row": ("row", wording.count),
            "column": ("column", str),
            "value": ("value as typed", lambda v: "" if pd.isna(v) else str(v)),
            "reason": ("why it was not used", wording.for_people),
        },
        limit=MAX_LISTED,
    )
    warnings = summary.warnings
    warning_table = page.table(
        warnings.assign(value=privacy.scrub(warnings["value"])),
        {
            "source_file": ("file", str),
            "source_row": ("row", wording.count),
            "column": ("column", str),
            "value": ("value as typed", lambda v: "" if pd.isna(v) else str(v)),
            "reason": ("why it was left empty", wording.for_people),
        },
        limit=MAX_LISTED,
    )
    conflicts = summary.conflicts if summary.conflicts is not None else pd.DataFrame()
    conflict_table = None
    if len(conflicts):
        conflict_table = page.table(
            conflicts,
            {
                "source_file": ("file", str),
                "source_row": ("row", wording.count),
                "other_file": ("other file", str),
                "other_row": ("other row", wording.count),
                "column": ("column", str),
                "kept": ("kept", str),
                "other": ("the other file says", str),
            },
            limit=MAX_LISTED,
        )
    return {
        "files": summary.files,
        "notes": {f.file: [note.strip() for note in summary.file_notes(f, wording.page_fix)] for f in summary.files},
        "rows": summary.rows,
        "applications": summary.applications,
        "rejected": summary.rejected,
        "skipped": summary.skipped,
        "folded": summary.folded,
        "merged": summary.merged,
        "unrecorded": summary.unrecorded,
        "errors": error_table,
        "errors_total": len(errors),
        "warnings": warning_table,
        "warnings_total": len(warnings),
        "skipped_words": summary.skipped_words(),
        "conflicts": conflict_table,
        "conflicts_total": len(conflicts),
    }


def _rate_line(row: pd.Series) -> dict:
    return {
        "window": int(row["window_days"]),
        "window_source": row["window_source"],
        "matured": int(row["matured"]),
        "pending": int(row["pending"]),
        "responses": int(row["responses"]),
        "rate": wording.pct(row["rate"]),
        "interval": wording.interval(row["ci_low"], row["ci_high"]),
        "too_early": int(row["matured"]) == 0,
    }


def _headline(apps: pd.DataFrame, as_of: pd.Timestamp) -> tuple[dict, dict[str, pd.DataFrame]]:
    table = metrics.headline(apps, as_of=as_of)
    values = table.set_index("measure")["value"]
    shown = table.loc[~table["measure"].isin(["weeks", "per_week"])]
    recorded = int(apps[A.outcome_recorded].sum())
    if recorded == 0:
        shown = shown.loc[shown["measure"].isin(["applications", "outcome_unknown"])]
    elif values["outcome_unknown"] == 0:
        shown = shown.loc[shown["measure"] != "outcome_unknown"]
    counts = page.table(
        shown,
        {
            "label": ("", str),
            "value": ("applications", wording.count),
            "share": ("share", lambda v: "" if pd.isna(v) else wording.pct(v)),
        },
    )
    rates = {}
    frames = {"headline": table}
    if recorded:
        for kind in ("any", "positive"):
            frame = metrics.response_rates(apps, kind=kind, as_of=as_of)
            frames[f"response_rate_{kind}"] = frame
            rates[kind] = _rate_line(frame.iloc[0])
    shares = table.set_index("measure")["share"]
    understates = bool(rates) and bool(
        shares["any_reply"] < frames["response_rate_any"]["rate"].iloc[0]
        and shares["positive_reply"] < frames["response_rate_positive"]["rate"].iloc[0]
    )
    return {
        "counts": counts,
        "understates": understates,
        "recorded": recorded,
        "first": wording.day(apps[A.applied_on].min()),
        "last": wording.day(apps[A.applied_on].max()),
        "weeks": f"{values['weeks']:.0f}",
        "days": int((apps[A.applied_on].max() - apps[A.applied_on].min()).days) + 1,
        "per_week": f"{values['per_week']:,.1f}" if pd.notna(values["per_week"]) else "",
        "rates": rates,
    }, frames


def _funnel(apps: pd.DataFrame, as_of: pd.Timestamp, about: str) -> tuple[dict, list[Chart], dict]:
    flows = metrics.sankey_flows(apps, as_of=as_of)
    steps = metrics.funnel(apps)
    names = {
        "applied": "applied",
        "any_reply": "got any reply",
        "screen": "screen or better",
        "interview": "interview",
        "offer": "offer",
        "hired": "accepted",
    }
    table = page.table(
        steps,
        {
            "stage": ("stage", lambda v: names.get(v, str(v))),
            "reached": ("applications", wording.count),
            "from_previous": ("of the step before", lambda v: "" if pd.isna(v) else wording.pct(v)),
            "from_applied": ("of all applications", wording.pct),
        },
    )
    chart = Chart("funnel", charts.funnel_sankey(flows, about=about))
    return {"table": table}, [chart], {"funnel": steps, "funnel_flows": flows}


def _timing(apps: pd.DataFrame, as_of: pd.Timestamp, about: str) -> tuple[dict, list[Chart], dict]:
    by_channel = metrics.time_to_response(apps, A.channel, as_of=as_of)
    overall = metrics.time_to_response(apps, as_of=as_of)
    summary = by_channel.summary
    table = page.table(
        summary,
        {
            "channel": ("channel", channel_label),
            "applications": ("applications", wording.count),
            "replies": ("replies", wording.count),
            "within_14": ("reply within 14 days", wording.pct),
            "within_30": ("within 30 days", wording.pct),
            "never": ("never (estimate)", wording.pct),
            "median_days_among_events": ("typical wait when a reply came (days)", wording.count),
        },
    )
    row = overall.summary.iloc[0]
    found = {
        "within_14": wording.pct(row["within_14"]),
        "within_14_interval": wording.interval(row["within_14_ci_low"], row["within_14_ci_high"]),
        "within_30": wording.pct(row["within_30"]),
        "never": wording.pct(row["never"]),
        "follow_up": wording.count(row["follow_up_days"]),
        "median_among": wording.count(row["median_days_among_events"]),
        "replies": int(row["replies"]),
        "undated": (
            f"{wording.plural(int(row['undated_replies']), 'reply has', 'replies have')} no date and "
            f"{'is' if int(row['undated_replies']) == 1 else 'are'} left out of these times."
            if row["undated_replies"]
            else ""
        ),
    }
    shown = [Chart("reply_curves", charts.reply_curves(by_channel.curve, A.channel, about=about))]
    if len(overall.incidence):
        shown.append(Chart("first_answers", charts.reply_incidence(overall.incidence, about=about)))
    return (
        {"table": table, "overall": found},
        shown,
        {"time_to_reply": summary, "time_to_reply_all": overall.summary},
    )


def _segments(apps: pd.DataFrame, as_of: pd.Timestamp, target: float | None, about: str):
    positive = metrics.response_rates(apps, A.channel, kind="positive", as_of=as_of)
    anyreply = metrics.response_rates(apps, A.channel, kind="any", as_of=as_of)
    ghosts = metrics.ghosting(apps, A.channel, as_of=as_of)
    versus = metrics.compare(apps, A.channel, kind="positive", as_of=as_of)
    joined = (
        positive.merge(anyreply, on=A.channel, suffixes=("", "_any"))
        .merge(ghosts[[A.channel, "share", "past_threshold"]], on=A.channel, how="left")
        .merge(versus[[A.channel, "difference", "p_adjusted"]], on=A.channel, how="left")
    )
    channel_table = page.table(
        _with_interval(joined),
        {
            "channel": ("channel", channel_label),
            "applications": ("applications", wording.count),
            "matured": ("old enough to judge", wording.count),
            "responses": ("screens or better", wording.count),
            "rate": ("rate", wording.pct),
            "interval": ("95% interval", str),
            "rate_any": ("any reply", wording.pct),
            "share": ("ghosted", lambda v: "" if pd.isna(v) else wording.pct(v)),
            "p_adjusted": ("differs from the rest? (adjusted p)", wording.p_value),
        },
    )
    others = []
    frames = {"rates_by_channel": positive, "any_reply_by_channel": anyreply, "ghosting": ghosts, "compare": versus}
    for column in (A.role_family, A.resume_version):
        words = wording.column_words(column)
        if apps[column].nunique() < 2:
            continue
        rates = metrics.response_rates(apps, column, kind="positive", as_of=as_of)
        frames[f"rates_by_{column}"] = rates
        table = page.table(
            _with_interval(rates),
            {
                column: (words, lambda v, column=column: wording.label(column, v)),
                "applications": ("applications", wording.count),
                "matured": ("old enough to judge", wording.count),
                "responses": ("screens or better", wording.count),
                "rate": ("rate", wording.pct),
                "interval": ("95% interval", str),
            },
            limit=MAX_LISTED,
        )
        others.append({"words": words, "table": table})
    chart = Chart("rates_by_channel", charts.response_rates_chart(positive, A.channel, target=target, about=about))
    window = int(positive["window_days"].iloc[0]) if len(positive) else 0
    threshold = int(ghosts["threshold_days"].iloc[0]) if len(ghosts) else 0
    return (
        {"channels": channel_table, "others": others, "window": window, "ghost_days": threshold},
        [chart],
        frames,
    )


def _activity(apps: pd.DataFrame, as_of: pd.Timestamp, goal: int | None, about: str) -> tuple[dict, list[Chart], dict]:
    weeks = metrics.activity(apps, goal=goal, as_of=as_of)
    done = weeks.loc[~weeks["in_progress"]]
    current = weeks.iloc[-1] if len(weeks) else None
    found = {
        "goal": goal,
        "weeks": len(done),
        "met": int(done["met"].astype(bool).sum()) if len(done) else 0,
        "longest": int(weeks["streak"].max()) if len(weeks) else 0,
        "streak": int(weeks["streak"].iloc[-1]) if len(weeks) else 0,
        "recent": f"{done['applications'].tail(4).mean():.1f}" if len(done) else "",
        "overload": int(weeks["overload"].sum()),
        "this_week": int(current["applications"]) if current is not None and current["in_progress"] else None,
        "last": wording.day(apps[A.applied_on].max()),
        "idle_weeks": int((as_of - apps[A.applied_on].max()).days // 7),
    }
    shown = [
        Chart("activity", charts.activity_chart(weeks, about=about)),
        Chart("calendar", charts.calendar_heatmap(apps, about=about)),
    ]
    return found, shown, {"activity": weeks}


def _trend(apps: pd.DataFrame, as_of: pd.Timestamp, about: str) -> tuple[dict, list[Chart], dict]:
    found = metrics.trend(apps, kind="positive", as_of=as_of)
    if found.rolling.empty:
        return {"table": None}, [], {}
    changes = found.changes
    table = None
    if len(changes) > 1:
        table = page.table(
            _with_interval(changes),
            {
                A.resume_version: ("resume version", str),
                "first_used": ("first used", wording.day),
                "matured": ("old enough to judge", wording.count),
                "responses": ("screens or better", wording.count),
                "rate": ("rate", wording.pct),
                "interval": ("95% interval", str),
                "p_value": ("differs from the one before? (p)", wording.p_value),
            },
            limit=MAX_LISTED,
        )
    chart = Chart("trend", charts.rolling_rate(found.rolling, changes, about=about))
    return {"table": table}, [chart], {"trend": found.rolling, "resume_versions": changes}


def flip_words(verdict: str, pivot_target: float, target: float) -> str:
    """The target that would change a verdict that is not a pivot, in words ("" when none would)."""
    if verdict == "pivot" or pd.isna(pivot_target):
        return ""
    return (
        f"With a target of {wording.pct(pivot_target)} or more (yours is {wording.pct(target)}), these same "
        "numbers would already say pivot."
    )


MAX_STRATEGIES = 40
"""The most strategies the pivot section shows, board and cards: every channel, then the closer looks (kinds of
role, resume versions) with the most applications old enough to judge; the page counts the others (a resume
tailored to each application would otherwise make a card and a row of the board per application)."""


def _shown_strategies(advice: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``advice`` the page shows (:data:`MAX_STRATEGIES`), in the advice's order."""
    if len(advice) <= MAX_STRATEGIES:
        return advice
    closer = advice.loc[advice["exploratory"].astype(bool)]
    room = max(MAX_STRATEGIES - (len(advice) - len(closer)), 0)
    kept = closer.sort_values("matured", ascending=False, kind="stable").index[:room]
    return advice.loc[~advice["exploratory"].astype(bool) | advice.index.isin(kept)]


def _advice(apps: pd.DataFrame, as_of: pd.Timestamp, target: float | None, about: str, changes=None):
    advice = recommend(apps, target=target, as_of=as_of, changes=changes)
    shown = _shown_strategies(advice)
    cards = [
        {
            "segment": row.segment,
            "verdict": row.verdict,
            "verdict_words": charts.VERDICT_WORDS[row.verdict],
            "explanation": row.explanation,
            "actions": list(row.actions),
            "rate": wording.pct(row.rate),
            "interval": wording.interval(row.ci_low, row.ci_high),
            "target": wording.pct(row.target),
            "matured": int(row.matured),
            "to_decide": None if pd.isna(row.applications_to_decide) else int(row.applications_to_decide),
            "flip": flip_words(row.verdict, row.pivot_target, row.target),
        }
        for row in shown.itertuples(index=False)
    ]
    chart = Chart("pivot_board", charts.pivot_board(shown, about=about))
    counts = advice["verdict"].value_counts()
    found = {
        "cards": cards,
        "hidden": len(advice) - len(shown),
        "pivot": int(counts.get("pivot", 0)),
        "keep_going": int(counts.get("keep_going", 0)),
        "too_early": int(counts.get("too_early", 0)),
    }
    saved = advice.assign(actions=advice["actions"].map(" | ".join))
    return found, [chart], advice, {"advice": saved}


WORDS = {"pivot": "time for a change", "keep_going": "it is working", "too_early": "it is too early to tell"}
"""A verdict as the end of a sentence."""


def brief_sentence(verdicts: pd.Series) -> str:
    """The line over the channels' verdicts, counting the channels listed under it: "Of your 5 channels, none
    needs a change, 1 is clearly working, and for 4 it is too early to tell."."""
    n, counts = len(verdicts), verdicts.value_counts()
    if n == 1:
        return f"For your one channel: {WORDS[verdicts.iloc[0]]}."

    def how_many(verdict: str) -> tuple[str, bool]:
        k = int(counts.get(verdict, 0))
        return ("none" if k == 0 else "all" if k == n and n > 1 else str(k)), k > 1

    pivot, many_pivot = how_many("pivot")
    keep, many_keep = how_many("keep_going")
    early, _ = how_many("too_early")
    return (
        f"Of your {wording.plural(n, 'channel', 'channels')}, {pivot} {'need' if many_pivot else 'needs'} a change, "
        f"{keep} {'are' if many_keep else 'is'} clearly working, and for {early} it is too early to tell."
    )


QUIET_DAYS = 60
"""An open application with no news for this long has gone quiet: it is counted, not listed as in play."""


def _in_play(apps: pd.DataFrame, as_of: pd.Timestamp) -> dict:
    """Open applications past the first reply with news in the last :data:`QUIET_DAYS` days: the ones to prepare
    for and follow up. Older ones are counted as gone quiet."""
    stage = apps[A.furthest_stage]
    live = apps.loc[(apps[A.outcome] == "open") & (stage >= "screen").fillna(False).astype(bool)]
    last = live[[A.first_response_on, A.screen_on, A.interview_on, A.offer_on]].max(axis=1)
    news = last.fillna(live[A.applied_on])
    quiet = (as_of - news).dt.days > QUIET_DAYS
    live = live.assign(last_step=last).loc[~quiet].sort_values("last_step", ascending=False, na_position="last")
    table = page.table(
        live,
        {
            A.company: ("company", str),
            A.job_title: ("role", lambda v: "" if pd.isna(v) else str(v)),
            A.channel: ("channel", channel_label),
            A.furthest_stage: ("stage reached", str),
            A.applied_on: ("applied", wording.day),
            "last_step": ("last step", wording.day),
        },
        limit=MAX_LISTED,
    )
    waiting = int(((apps[A.outcome] == "open") & ~metrics.replied(apps) & apps[A.outcome_recorded]).sum())
    return {"table": table, "total": len(live), "waiting": waiting, "quiet": int(quiet.sum()), "days": QUIET_DAYS}


def _reading(apps: pd.DataFrame, as_of: pd.Timestamp, target: float | None) -> dict:
    windows = {kind: metrics.reply_window(apps, kind=kind, as_of=as_of) for kind in metrics.KINDS}
    channels = list(pivot.BASE_RATES["positive"])
    spans = {kind: [pivot.TARGET_RANGES[kind][c] for c in channels] for kind in ("positive", "any")}
    targets = pd.DataFrame(
        {
            "channel": channels,
            "positive": list(pivot.BASE_RATES["positive"].values()),
            "positive_range": [f"{wording.pct(low)} to {wording.pct(high)}" for low, high in spans["positive"]],
            "any": list(pivot.BASE_RATES["any"].values()),
            "any_range": [f"{wording.pct(low)} to {wording.pct(high)}" for low, high in spans["any"]],
        }
    )
    return {
        "windows": {
            kind: {"days": w.days, "estimated": w.source == "estimated", "share": wording.pct(w.share)}
            for kind, w in windows.items()
        },
        "alpha": wording.pct(pivot.ALPHA),
        "decision_days": pivot.DECISION_WINDOW,
        "target": wording.pct(target) if target is not None else None,
        "targets": page.table(
            targets.loc[targets["channel"] != "unknown"],
            {
                "channel": ("channel", channel_label),
                "positive": ("screen or better", wording.pct),
                "positive_range": ("published range (screen or better)", str),
                "any": ("any reply", wording.pct),
                "any_range": ("published range (any reply)", str),
            },
        ),
    }


# ----------------------------------------------------------------------------------------------- building
def build(
    result: LoadResult,
    *,
    target: float | None = None,
    goal: int | None = None,
    title: str = "Your job search",
    progress: Progress | None = None,
    changes: list | None = None,
) -> Report:
    """Analyse a loaded log and lay the results out as one HTML page.

    Parameters
    ----------
    result : LoadResult
        What :func:`jobsearch_analysis.load` (or ``load_sample``) returned.
    target : float, optional
        The positive-reply rate that counts as working for every strategy; by default each channel's published
        base rate (see :data:`jobsearch_analysis.analysis.pivot.BASE_RATES`).
    goal : int, optional
        Applications a week to measure the pace against; without one the report shows the pace and says no goal
        was set (it never presents a goal as the person's own).
    progress : callable, optional
        Called with the name of each step as it starts (the command line shows them).
    changes : list of dates, optional
        Days you changed strategy: the pivot verdicts speak of the strategy since the last one (a new resume
        version counts as a change by itself).
    """
    step = progress or (lambda _name: None)
    if target is not None and not 0 < target < 1:
        raise ValueError(f"target={target!r}: give a rate between 0 and 1, such as 0.08")
    if goal is not None and goal < 1:
        raise ValueError(f"goal={goal!r}: give a number of applications a week, such as 10")
    apps = result.applications
    as_of = pd.Timestamp(result.as_of)
    about = charts.about(apps, as_of)
    context: dict = {
        "title": title,
        "as_of": wording.day(as_of),
        "files": ", ".join(f.file for f in result.summary.files),
        "about": about,
        "goal_given": goal is not None,
    }
    shown: list[Chart] = []
    tables: dict[str, pd.DataFrame] = {}
    advice = pd.DataFrame()
    step("what was loaded")
    context["loading"] = _loading(result)
    tables["rejected_rows"] = result.rejects
    context["empty"] = apps.empty
    context["recorded"] = bool(len(apps)) and bool(apps[A.outcome_recorded].any())
    can = what_it_can_tell(apps, as_of=as_of)
    context["can"] = can["supported"].to_dict()
    context["cannot"] = {name: wording.cannot_tell(can, name) for name in can.index}
    if not apps.empty:
        step("headline numbers")
        context["headline"], frames = _headline(apps, as_of)
        tables.update(frames)
    recorded = apps.loc[apps[A.outcome_recorded]] if context["recorded"] else None
    if recorded is not None:
        shown += _reply_sections(context, tables, recorded, as_of, target, about, step)
    if not apps.empty:
        step("activity")
        found, figures, frames = _activity(apps, as_of, goal, about)
        context["activity"], shown, tables = found, shown + figures, tables | frames
    if recorded is not None:
        figures, advice = _trend_and_pivot_sections(context, tables, recorded, as_of, (target, changes), about, step)
        shown += figures
    brief = in_brief(advice) if len(advice) else in_brief(pd.DataFrame())
    context["brief_sentence"] = brief_sentence(brief["verdict"]) if len(brief) else ""
    context["brief"] = [
        {"verdict": r.verdict, "verdict_words": charts.VERDICT_WORDS[r.verdict], "text": r.explanation,
         "first_step": r.first_step}
        for r in brief.itertuples(index=False)
    ]  # fmt: skip
    step("writing the page")
    return Report(page.render(context, shown), tuple(shown), tables, advice, brief)


def _reply_sections(
    context: dict, tables: dict, recorded: pd.DataFrame, as_of: pd.Timestamp, target: float | None, about: str, step
) -> list[Chart]:
    """The funnel, time to reply and segments sections (of the applications whose outcome is recorded), into
    ``context`` and ``tables``; their charts."""
    shown: list[Chart] = []
    sections = (
        (("funnel", _funnel), ("time to reply", _timing)) if context["can"]["reply_dates"] else [("funnel", _funnel)]
    )
    for name, section in sections:
        step(name)
        found, figures, frames = section(recorded, as_of, about)
        context[name.replace(" ", "_")] = found
        shown += figures
        tables.update(frames)
    if not context["can"]["channel"]:
        return shown
    step("segments")
    context["segments"], figures, frames = _segments(recorded, as_of, target, about)
    tables.update(frames)
    return shown + figures


def _trend_and_pivot_sections(
    context: dict, tables: dict, recorded: pd.DataFrame, as_of: pd.Timestamp, asked: tuple, about: str, step
) -> tuple[list[Chart], pd.DataFrame]:
    """The trend, when-to-pivot, in-play and reading sections, into ``context`` and ``tables``; their charts
    and the advice table. ``asked`` is the target and the strategy changes the person gave."""
    target, changes = asked
    step("trend")
    context["trend"], shown, frames = _trend(recorded, as_of, about)
    tables.update(frames)
    step("when to pivot")
    context["advice"], figures, advice, frames = _advice(recorded, as_of, target, about, changes)
    tables.update(frames)
    context["in_play"] = _in_play(recorded, as_of)
    context["reading"] = _reading(recorded, as_of, target)
    return shown + figures, advice
