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

import base64
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from jobsearch_analysis.analysis import metrics, pivot
from jobsearch_analysis.errors import OutputError
from jobsearch_analysis.ingest.loading import LoadResult
from jobsearch_analysis.present import charts
from jobsearch_analysis.present.export import write_csv
from jobsearch_analysis.schema import Applications as A

DEFAULT_GOAL = 10
"""Applications a week the activity section measures against when no goal is given."""
MAX_LISTED = 200
"""Rows listed in the report's longer tables (the rejected rows, the applications still in play)."""

Progress = Callable[[str], None]

RENDER_CHARTS = """
(function () {
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
  var drawn = [];
  blocks.forEach(function (block) {
    var figure = JSON.parse(block.textContent);
    var target = document.getElementById(block.getAttribute('data-chart'));
    drawn.push(Plotly.newPlot(target, figure.data, figure.layout, {displaylogo: false, responsive: true}));
  });
  Promise.all(drawn).then(function () {
    document.documentElement.setAttribute('data-charts-drawn', String(drawn.length));
  });
})();
"""


@dataclass(frozen=True)
class Chart:
    """One chart of the report: ``key`` names its element and its PNG file; ``figure`` is the plotly figure."""

    key: str
    figure: go.Figure

    @property
    def title(self) -> str:
        text = self.figure.layout.title.text or self.key
        return text.split("<br>")[0]


@dataclass(frozen=True)
class Table:
    """A table ready for the page: every cell is already a string (the template escapes it)."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    caption: str = ""
    whole: list[bool] = field(default_factory=list)  # columns never broken across lines (ids)


@dataclass(frozen=True)
class Report:
    """What :func:`build` returns.

    html     the whole report, one self-contained HTML page
    charts   the charts in the order they appear
    tables   the frames behind the report's tables, as the library returned them (``write_tables`` saves them)
    advice   the full table of :func:`jobsearch_analysis.recommend` (empty when replies are not recorded)
    brief    the advice to read first (:func:`jobsearch_analysis.analysis.pivot.in_brief`)
    """

    html: str = field(repr=False)
    charts: tuple[Chart, ...]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    advice: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    brief: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def write(self, path: str | os.PathLike) -> Path:
        """Write the HTML page (UTF-8); the folder is made if needed."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def write_pngs(self, directory: str | os.PathLike, *, width: int = 1000, scale: float = 2) -> list[Path]:
        """Every chart as a PNG file named after its key (kaleido, which drives the system's Chromium)."""
        import plotly.io as pio

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = [directory / f"{chart.key}.png" for chart in self.charts]
        if not paths:
            return paths
        try:
            import kaleido  # noqa: F401
        except ImportError:
            raise OutputError("saving charts as PNG needs kaleido: pip install 'jobsearch-analysis[png]'") from None
        try:
            pio.write_images([c.figure for c in self.charts], paths, width=width, scale=scale)
        except Exception as error:  # kaleido's own errors name Chrome; say what to do here
            raise OutputError(
                f"could not draw the charts as PNG ({type(error).__name__}: {str(error).splitlines()[0]}); kaleido "
                "needs Chromium: install it (Debian or Ubuntu: apt-get install chromium) or name it in BROWSER_PATH"
            ) from error
        return paths

    def write_tables(self, directory: str | os.PathLike) -> list[Path]:
        """Every table behind the report as CSV, guarded against spreadsheet formula injection."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, frame in self.tables.items():
            path = directory / f"{name}.csv"
            write_csv(frame, path)
            paths.append(path)
        return paths


# ----------------------------------------------------------------------------------------------- formatting
def _pct(value: object) -> str:
    return pivot._pct(value)


def _interval(low: object, high: object) -> str:
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"{_pct(low)} to {_pct(high)}"


def _with_interval(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with an ``interval`` column in words, from its ``ci_low`` and ``ci_high``."""
    words = [_interval(low, high) for low, high in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    return frame.assign(interval=pd.Series(words, index=frame.index, dtype=object))


def _int(value: object) -> str:
    return "" if pd.isna(value) else f"{int(value):,}"


def _day(value: object) -> str:
    if pd.isna(value):
        return ""
    value = pd.Timestamp(value)
    return f"{value.day} {value:%b %Y}"


def _p(value: object) -> str:
    if pd.isna(value):
        return ""
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _words(value: object) -> str:
    if pd.isna(value):
        return "(not given)"
    return str(value).replace("_", " ")


def _table(
    frame: pd.DataFrame,
    columns: dict[str, tuple[str, Callable[[object], str]]],
    caption: str = "",
    *,
    whole: tuple[str, ...] = (),
) -> Table:
    """``columns`` maps a column of ``frame`` to its header and how to show a value of it; the ``whole`` columns
    (ids) are never broken across lines."""
    rows = [[show(value) for value, (_, show) in zip(values, columns.values(), strict=True)] for values in
            frame[list(columns)].itertuples(index=False, name=None)]  # fmt: skip
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in columns]
    return Table([header for header, _ in columns.values()], rows, numeric, caption, [c in whole for c in columns])


# ----------------------------------------------------------------------------------------------- sections
def _loading(result: LoadResult) -> dict:
    summary = result.summary
    rejects = result.rejects
    errors = rejects.loc[rejects["kind"] == "error"]
    error_table = _table(
        errors.head(MAX_LISTED),
        {
            "source_file": ("file", str),
            "source_row": ("row", _int),
            "column": ("column", str),
            "value": ("value as typed", lambda v: "" if pd.isna(v) else str(v)),
            "reason": ("why it was not used", str),
        },
    )
    conflicts = summary.conflicts if summary.conflicts is not None else pd.DataFrame()
    conflict_table = None
    if len(conflicts):
        conflict_table = _table(
            conflicts.head(MAX_LISTED),
            {
                "source_file": ("file", str),
                "source_row": ("row", _int),
                "other_file": ("other file", str),
                "other_row": ("other row", _int),
                "column": ("column", str),
                "kept": ("kept", str),
                "other": ("the other file says", str),
            },
        )
    return {
        "files": summary.files,
        "rows": summary.rows,
        "applications": summary.applications,
        "rejected": summary.rejected,
        "skipped": summary.skipped,
        "folded": summary.folded,
        "merged": summary.merged,
        "unrecorded": summary.unrecorded,
        "errors": error_table,
        "errors_total": len(errors),
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
        "rate": _pct(row["rate"]),
        "interval": _interval(row["ci_low"], row["ci_high"]),
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
    counts = _table(
        shown,
        {
            "label": ("", str),
            "value": ("applications", _int),
            "share": ("share", lambda v: "" if pd.isna(v) else _pct(v)),
        },
    )
    rates = {}
    frames = {"headline": table}
    if recorded:
        for kind in ("any", "positive"):
            frame = metrics.response_rates(apps, kind=kind, as_of=as_of)
            frames[f"response_rate_{kind}"] = frame
            rates[kind] = _rate_line(frame.iloc[0])
    return {
        "counts": counts,
        "recorded": recorded,
        "first": _day(apps[A.applied_on].min()),
        "last": _day(apps[A.applied_on].max()),
        "weeks": f"{values['weeks']:.0f}",
        "per_week": f"{values['per_week']:.1f}" if pd.notna(values["per_week"]) else "",
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
    table = _table(
        steps,
        {
            "stage": ("stage", lambda v: names.get(v, str(v))),
            "reached": ("applications", _int),
            "from_previous": ("of the step before", lambda v: "" if pd.isna(v) else _pct(v)),
            "from_applied": ("of all applications", _pct),
        },
    )
    chart = Chart("funnel", charts.funnel_sankey(flows, about=about))
    return {"table": table}, [chart], {"funnel": steps, "funnel_flows": flows}


def _timing(apps: pd.DataFrame, as_of: pd.Timestamp, about: str) -> tuple[dict, list[Chart], dict]:
    by_channel = metrics.time_to_response(apps, A.channel, as_of=as_of)
    overall = metrics.time_to_response(apps, as_of=as_of)
    summary = by_channel.summary
    table = _table(
        summary,
        {
            "channel": ("channel", _words),
            "applications": ("applications", _int),
            "replies": ("replies", _int),
            "within_14": ("reply within 14 days", _pct),
            "within_30": ("within 30 days", _pct),
            "never": ("never (estimate)", _pct),
            "median_days_among_events": ("typical wait when a reply came (days)", _int),
        },
    )
    row = overall.summary.iloc[0]
    found = {
        "within_14": _pct(row["within_14"]),
        "within_14_interval": _interval(row["within_14_ci_low"], row["within_14_ci_high"]),
        "within_30": _pct(row["within_30"]),
        "never": _pct(row["never"]),
        "follow_up": _int(row["follow_up_days"]),
        "median_among": _int(row["median_days_among_events"]),
        "replies": int(row["replies"]),
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
    channel_table = _table(
        _with_interval(joined),
        {
            "channel": ("channel", _words),
            "applications": ("applications", _int),
            "matured": ("old enough to judge", _int),
            "responses": ("screens or better", _int),
            "rate": ("rate", _pct),
            "interval": ("95% interval", str),
            "rate_any": ("any reply", _pct),
            "share": ("ghosted", lambda v: "" if pd.isna(v) else _pct(v)),
            "p_adjusted": ("differs from the rest? (adjusted p)", _p),
        },
    )
    others = []
    frames = {"rates_by_channel": positive, "any_reply_by_channel": anyreply, "ghosting": ghosts, "compare": versus}
    for column, words in ((A.role_family, "role"), (A.resume_version, "resume version")):
        if apps[column].nunique() < 2:
            continue
        rates = metrics.response_rates(apps, column, kind="positive", as_of=as_of)
        frames[f"rates_by_{column}"] = rates
        table = _table(
            _with_interval(rates),
            {
                column: (words, _words),
                "applications": ("applications", _int),
                "matured": ("old enough to judge", _int),
                "responses": ("screens or better", _int),
                "rate": ("rate", _pct),
                "interval": ("95% interval", str),
            },
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


def _activity(apps: pd.DataFrame, as_of: pd.Timestamp, goal: int, about: str) -> tuple[dict, list[Chart], dict]:
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
        table = _table(
            _with_interval(changes),
            {
                A.resume_version: ("resume version", str),
                "first_used": ("first used", _day),
                "matured": ("old enough to judge", _int),
                "responses": ("screens or better", _int),
                "rate": ("rate", _pct),
                "interval": ("95% interval", str),
                "p_value": ("differs from the one before? (p)", _p),
            },
        )
    chart = Chart("trend", charts.rolling_rate(found.rolling, changes, about=about))
    return {"table": table}, [chart], {"trend": found.rolling, "resume_versions": changes}


def _advice(apps: pd.DataFrame, as_of: pd.Timestamp, target: float | None, about: str):
    advice = pivot.recommend(apps, target=target, as_of=as_of)
    cards = [
        {
            "segment": _segment_words(row.segment),
            "verdict": row.verdict,
            "verdict_words": charts.VERDICT_WORDS[row.verdict],
            "explanation": row.explanation,
            "actions": list(row.actions),
            "rate": _pct(row.rate),
            "interval": _interval(row.ci_low, row.ci_high),
            "target": _pct(row.target),
            "matured": int(row.matured),
            "to_decide": int(row.applications_to_decide),
        }
        for row in advice.itertuples(index=False)
    ]
    chart = Chart("pivot_board", charts.pivot_board(advice, about=about))
    counts = advice["verdict"].value_counts()
    found = {
        "cards": cards,
        "pivot": int(counts.get("pivot", 0)),
        "keep_going": int(counts.get("keep_going", 0)),
        "too_early": int(counts.get("too_early", 0)),
    }
    saved = advice.assign(actions=advice["actions"].map(" | ".join))
    return found, [chart], advice, {"advice": saved}


def _segment_words(segment: str) -> str:
    """ "channel × role_family: job_board, Data Analyst" -> "channel × role family: job board, Data Analyst"."""
    dimension, _, values = segment.partition(": ")
    columns = dimension.split(" × ")
    parts = values.split(", ", len(columns) - 1)
    shown = [_words(v) if c == A.channel else v for c, v in zip(columns, parts, strict=False)]
    return f"{dimension.replace('_', ' ')}: {', '.join(shown)}"


def _in_play(apps: pd.DataFrame) -> dict:
    """Open applications past the first reply: the ones to prepare for and follow up."""
    stage = apps[A.furthest_stage]
    live = apps.loc[(apps[A.outcome] == "open") & (stage >= "screen").fillna(False).astype(bool)]
    last = live[[A.first_response_on, A.screen_on, A.interview_on, A.offer_on]].max(axis=1)
    live = live.assign(last_step=last).sort_values("last_step", ascending=False, na_position="last")
    table = _table(
        live.head(MAX_LISTED),
        {
            A.company: ("company", str),
            A.job_title: ("role", lambda v: "" if pd.isna(v) else str(v)),
            A.channel: ("channel", _words),
            A.furthest_stage: ("stage reached", str),
            A.applied_on: ("applied", _day),
            "last_step": ("last step", _day),
        },
    )
    waiting = int(((apps[A.outcome] == "open") & ~metrics.replied(apps) & apps[A.outcome_recorded]).sum())
    return {"table": table, "total": len(live), "waiting": waiting}


def _reading(apps: pd.DataFrame, as_of: pd.Timestamp, target: float | None) -> dict:
    windows = {kind: metrics.reply_window(apps, kind=kind, as_of=as_of) for kind in metrics.KINDS}
    targets = pd.DataFrame(
        {
            "channel": list(pivot.BASE_RATES["positive"]),
            "positive": list(pivot.BASE_RATES["positive"].values()),
            "any": list(pivot.BASE_RATES["any"].values()),
        }
    )
    return {
        "windows": {
            kind: {"days": w.days, "estimated": w.source == "estimated", "share": _pct(w.share)}
            for kind, w in windows.items()
        },
        "alpha": _pct(pivot.ALPHA),
        "beta": _pct(pivot.BETA),
        "target": _pct(target) if target is not None else None,
        "targets": _table(
            targets.loc[targets["channel"] != "unknown"],
            {"channel": ("channel", _words), "positive": ("screen or better", _pct), "any": ("any reply", _pct)},
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
        Applications a week to measure the pace against (:data:`DEFAULT_GOAL` when not given; the report says so).
    progress : callable, optional
        Called with the name of each step as it starts (the command line shows them).
    """
    step = progress or (lambda _name: None)
    if target is not None and not 0 < target < 1:
        raise ValueError(f"target={target!r}: give a rate between 0 and 1, such as 0.08")
    if goal is not None and goal < 1:
        raise ValueError(f"goal={goal!r}: give a number of applications a week, such as 10")
    apps = result.applications
    as_of = pd.Timestamp(result.as_of)
    about = charts.about(apps)
    context: dict = {
        "title": title,
        "as_of": _day(as_of),
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
    if not apps.empty:
        step("headline numbers")
        context["headline"], frames = _headline(apps, as_of)
        tables.update(frames)
    if context["recorded"]:
        recorded = apps.loc[apps[A.outcome_recorded]]
        recorded.attrs = apps.attrs
        for name, section in (("funnel", _funnel), ("time to reply", _timing)):
            step(name)
            found, figures, frames = section(recorded, as_of, about)
            context[name.replace(" ", "_")] = found
            shown += figures
            tables.update(frames)
        step("segments")
        found, figures, frames = _segments(recorded, as_of, target, about)
        context["segments"], shown, tables = found, shown + figures, tables | frames
    if not apps.empty:
        step("activity")
        found, figures, frames = _activity(apps, as_of, goal or DEFAULT_GOAL, about)
        context["activity"], shown, tables = found, shown + figures, tables | frames
    if context["recorded"]:
        step("trend")
        found, figures, frames = _trend(recorded, as_of, about)
        context["trend"], shown, tables = found, shown + figures, tables | frames
        step("when to pivot")
        found, figures, advice, frames = _advice(recorded, as_of, target, about)
        context["advice"], shown, tables = found, shown + figures, tables | frames
        context["in_play"] = _in_play(recorded)
        context["reading"] = _reading(recorded, as_of, target)
    brief = pivot.in_brief(advice) if len(advice) else pivot.in_brief(pd.DataFrame())
    context["brief"] = [
        {"verdict": r.verdict, "verdict_words": charts.VERDICT_WORDS[r.verdict], "text": r.explanation,
         "first_step": r.first_step}
        for r in brief.itertuples(index=False)
    ]  # fmt: skip
    step("writing the page")
    return Report(_render(context, shown), tuple(shown), tables, advice, brief)


# ----------------------------------------------------------------------------------------------- rendering
def _figure_json(figure: go.Figure) -> Markup:
    """The figure as JSON that is safe inside a <script type="application/json"> block: ``<``, ``>`` and ``&``
    (which JSON only holds inside strings) become \\u escapes, so no text can close the block."""
    text = figure.to_json()
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return Markup(text)


def _sha256(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def _render(context: dict, shown: list[Chart], template: str = "report.html.j2") -> str:
    from jobsearch_analysis import __version__

    environment = Environment(
        loader=PackageLoader("jobsearch_analysis.present", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plotly_js = _plotly_js() if shown else ""
    scripts = [s for s in (plotly_js, RENDER_CHARTS if shown else "") if s]
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + (" ".join(f"'{_sha256(s)}'" for s in scripts) if scripts else "'none'"),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    charts_by_key = {
        chart.key: {"id": f"chart-{chart.key}", "title": chart.title, "json": _figure_json(chart.figure)}
        for chart in shown
    }
    page = environment.get_template(template).render(
        **context,
        charts=charts_by_key,
        policy=policy,
        plotly_js=Markup(plotly_js),
        render_charts=Markup(RENDER_CHARTS),
        version=__version__,
    )
    return page
