"""Charts of a job search: plotly figures from the metrics' frames.

Each chart function takes a frame from :mod:`jobsearch_analysis.analysis.metrics`, :mod:`jobsearch_analysis.analysis.
cohort` or :func:`jobsearch_analysis.recommend`, as those functions return it with their defaults, and returns a
``plotly.graph_objects.Figure``; none calls ``show()`` or writes a file. They share one theme: a colour-blind-safe
palette (Okabe & Ito), titles and notes that say what is shown in people's words (never a column code), wrapped to
fit a phone-wide chart, the legend below the axis, at most :data:`MAX_BANDS` shaded intervals on one panel (more
segments get one small panel each), and a sentence in the plot area when there is nothing to draw. Through
``about=`` (see :func:`about`) a chart says for how many applications and over which dates.

Two helpers are not charts: :func:`about` (a subtitle) and :func:`plain` (a value from the user's files made safe
to show).
"""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jobsearch_analysis.present import words
from jobsearch_analysis.schema import Applications as A

# Okabe & Ito (2008), "Color universal design": distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""The colours of the charts, in the order segments get them: blue, orange, bluish green, vermillion (a reddish
orange), reddish purple, sky blue, yellow, black."""
VERDICT_COLOURS = {"pivot": "#D55E00", "keep_going": "#009E73", "too_early": "#7F7F7F"}
"""The pivot board's colour for each verdict: orange, green, grey."""
VERDICT_WORDS = {"pivot": "pivot", "keep_going": "keep going", "too_early": "too early to tell"}
"""Each verdict as the charts and the report say it."""
FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"
MUTED = "#5b6472"
CONTEXT = "#C8CDD4"
MAX_BANDS = 3
"""The most shaded intervals one panel shows: with more segments, each gets a small panel of its own."""
TITLE_WIDTH, NOTE_WIDTH = 40, 52
"""Characters per line of a chart's title and of its notes: lines that fit a chart about 360 pixels wide (a
phone), since plotly does not wrap text itself."""
NOTHING_SHOWN = "Nothing to draw: every figure here describes too few clients to show."


# ----------------------------------------------------------------------------------------------- the shared look
def _lines(text: str | None, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters (a ``<br>`` in it starts a new line; a longer word, such
    as an escaped name, stays whole)."""
    if not text:
        return []
    wrap = textwrap.TextWrapper(width, break_long_words=False, break_on_hyphens=False)
    return [line for part in str(text).split("<br>") for line in wrap.wrap(part)]


def _layout(
    fig: go.Figure,
    title: str,
    about: str | None,
    *,
    note: str | None = None,
    plot_height: int = 300,
    legend: bool = True,
    left: int = 70,
) -> go.Figure:
    """The charts' one look: the title, then in smaller grey type the ``note`` (what the marks mean) and ``about``
    (which applications), each wrapped to fit a narrow screen, with the figure as tall as its text needs on top of
    ``plot_height``; the legend at the foot, under the axis title (plotly makes room for it)."""
    head = _lines(title, TITLE_WIDTH)
    small = [*_lines(note, NOTE_WIDTH), *_lines(about, NOTE_WIDTH)]
    top = 30 + 23 * len(head) + 17 * len(small) + 22
    bottom = 64
    fig.update_layout(
        title={
            "text": "<br>".join(head),
            "subtitle": {"text": "<br>".join(small), "font": {"size": 12, "color": MUTED}},
            "font": {"size": 17},
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 28},  # plotly anchors a title of several lines by its first: this keeps that one whole
        },
        template="plotly_white",
        font={"family": FONT, "size": 13},
        colorway=list(PALETTE),
        height=top + plot_height + bottom + (40 if legend else 0),
        margin={"l": left, "r": 30, "t": top, "b": bottom},
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        showlegend=None if legend else False,
    )
    return fig


def _nothing_to_draw(fig: go.Figure, why: str) -> go.Figure:
    """Say in the plot area why it is empty (no dated reply, too few clients to draw without pointing at anyone)."""
    fig.add_annotation(
        text="<br>".join(_lines(why, TITLE_WIDTH)),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 13, "color": MUTED},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(showlegend=False)
    return fig


def _empty(title: str, about: str | None, why: str) -> go.Figure:
    return _layout(_nothing_to_draw(go.Figure(), why), title, about, plot_height=200, legend=False, left=30)


def plain(value: object) -> str:
    """A value from the user's files made safe to show in a chart, as typed.

    plotly.js reads a few HTML tags (``<b>``, ``<br>``, ``<a href>``...) in every title, label, legend entry and
    hover text, so a company or resume version named ``<b>x</b>`` would change the chart, and an ``<a>`` tag
    would make a link. Escaped, it shows as the characters typed (plotly.js turns the entities back into text).
    """
    return html.escape(str(value), quote=False)


def _require(frame: pd.DataFrame, columns: list[str], argument: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{argument}: missing column(s) {missing}; pass the frame the matching metrics function returns "
            f"(got columns {list(frame.columns)})"
        )


def about(apps: pd.DataFrame, as_of: object = None) -> str:
    """A chart subtitle: how many applications, over which dates, as of when (when ``as_of`` is given)."""
    if apps.empty:
        return "no applications"
    first, last = apps[A.applied_on].min(), apps[A.applied_on].max()
    tail = f", as of {_day(as_of)}" if as_of is not None else ""
    count = words.plural(len(apps), "application", "applications")
    return f"{count} sent {_day(first)} to {_day(last)}{tail}"


def _day(value: object) -> str:
    """A date that is never broken across two lines of a wrapped title ("5 May 2026", no-break spaces)."""
    return words.day(value).replace(" ", "\N{NO-BREAK SPACE}")


# ----------------------------------------------------------------------------------------------- segments
def _segment_columns(frame: pd.DataFrame, by: str | list[str] | None, first: str) -> list[str]:
    """The columns that split ``frame`` into segments: ``by`` when given, else the columns before ``first`` (every
    metric puts its ``by`` columns first)."""
    if by is not None:
        return [by] if isinstance(by, str) else list(by)
    return list(frame.columns[: frame.columns.get_loc(first)]) if first in frame.columns else []


def _segment_label(columns: list[str], key: object) -> str:
    """One segment in words, made safe: "Job boards", "No channel noted", "Job boards, Data Analyst"."""
    values = key if isinstance(key, tuple) else (key,)
    return plain(", ".join(_label(c, v) for c, v in zip(columns, values, strict=True)))


_CHANNEL_CODES = {said: code for code, said in words.CHANNEL_WORDS.items()}


def _label(column: str, value: object) -> str:
    """:func:`words.label`, also for a channel already in words ("job boards" reads "Job boards" like its code)."""
    if str(column) == "channel" and isinstance(value, str):
        value = _CHANNEL_CODES.get(value, value)
    return words.label(column, value)


def _segment_labels(frame: pd.DataFrame, columns: list[str], everyone: str) -> list[str]:
    """:func:`_segment_label` for every row of ``frame`` (``everyone`` where there are no segment columns)."""
    if not columns:
        return [everyone] * len(frame)
    return [_segment_label(columns, tuple(row)) for row in frame[columns].itertuples(index=False, name=None)]


def _groups(frame: pd.DataFrame, columns: list[str]) -> list[tuple[object, pd.DataFrame]]:
    """``frame`` split by its segment columns, in their order, keys as tuples; one group keyed None without any."""
    if not columns:
        return [(None, frame)]
    return list(frame.groupby(columns, observed=True, sort=True, dropna=False))


def _panels(labels: list[str], *, panel_height: int = 190, gap: int = 70) -> tuple[go.Figure, list[dict], int]:
    """Small multiples: one panel per label, two across, on shared axes. Returns the figure, each panel's
    ``row``/``col`` and the height of the panels together."""
    across = 1 if len(labels) == 1 else 2
    rows = math.ceil(len(labels) / across)
    height = rows * panel_height + (rows - 1) * gap
    fig = make_subplots(
        rows=rows,
        cols=across,
        subplot_titles=labels,
        shared_yaxes=True,
        horizontal_spacing=0.07,
        vertical_spacing=gap / height if rows > 1 else 0.0,
    )
    fig.update_annotations(font={"size": 13})
    fig.update_xaxes(matches="x", showticklabels=True)
    fig.update_yaxes(matches="y")
    cells = [{"row": i // across + 1, "col": i % across + 1} for i in range(len(labels))]
    for spare in range(len(labels), rows * across):
        fig.update_xaxes(visible=False, row=spare // across + 1, col=spare % across + 1)
        fig.update_yaxes(visible=False, row=spare // across + 1, col=spare % across + 1)
    return fig, cells, height


def _axis_titles(fig: go.Figure, cells: list[dict], x: str, y: str) -> None:
    """Axis titles once: under the last panel (two side by side would run into each other on a phone), beside
    the middle panel of the first column."""
    if not cells or not cells[0]:
        fig.update_xaxes(title=x)
        fig.update_yaxes(title=y)
        return
    fig.update_xaxes(title=x, **cells[-1])
    rows = max(cell["row"] for cell in cells)
    fig.update_yaxes(title=y, row=(rows + 1) // 2, col=1)


def _add_band(
    fig: go.Figure,
    x,
    low,
    high,
    colour: str,
    *,
    step: bool = False,
    name: str | None = None,
    group: str | None = None,
    cell: dict | None = None,
) -> None:
    """A shaded interval between ``low`` and ``high`` (two edge traces, the second filled to the first)."""
    shape = "hv" if step else "linear"
    common = {
        "x": x,
        "mode": "lines",
        "line": {"width": 0},
        "line_shape": shape,
        "hoverinfo": "skip",
        "legendgroup": group,
    }
    fig.add_trace(go.Scatter(y=high, showlegend=False, **common), **(cell or {}))
    fig.add_trace(
        go.Scatter(y=low, fill="tonexty", fillcolor=_fade(colour), showlegend=name is not None, name=name, **common),
        **(cell or {}),
    )


def _fade(colour: str, alpha: float = 0.18) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _changes(path: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The rows of a step curve where one of ``columns`` changes, and its last row: the same drawing (a step
    line holds its value until the next point) without a point for each day on which only a censored
    application ended, so a curve has a point per day something happened however long the log."""
    values = path[columns]
    last = np.arange(len(path)) == len(path) - 1
    return path.loc[values.ne(values.shift()).any(axis=1).to_numpy() | last]


def _step(x, y, **style) -> go.Scatter:
    """A step line: a curve that changes only on the days something happened."""
    return go.Scatter(x=x, y=y, mode="lines", line_shape="hv", **style)


def _rising_curves(
    curve: pd.DataFrame, keys: list[str], *, everyone: str, hover: str, start: dict | float = 0
) -> tuple[go.Figure, list[dict], int]:
    """Rising step lines of ``share`` from 0 % on the ``start`` day (one per segment, or a dict by segment), with
    their 95 % bands (``share_low`` to ``share_high``), one per segment of ``keys`` (``everyone`` names the single
    line without segments; ``hover`` says what the percentage is). Up to :data:`MAX_BANDS` segments share one
    panel; more get a panel each, the other segments' lines in grey behind for comparison. Returns the figure, the
    panel of each segment and the height of the plot area."""
    paths, labels = [], []
    for key, part in _groups(curve, keys):
        value = key[0] if isinstance(key, tuple) and len(key) == 1 else key
        first = start.get(value, 0) if isinstance(start, dict) else start
        origin = pd.DataFrame({"day": [first], "share": [0.0], "share_low": [0.0], "share_high": [0.0]})
        path = pd.concat([origin, part[["day", "share", "share_low", "share_high"]]], ignore_index=True)
        paths.append(_changes(path, ["share", "share_low", "share_high"]))
        labels.append(everyone if key is None else _segment_label(keys, key))
    faceted = len(paths) > MAX_BANDS
    fig, cells, height = _panels(labels) if faceted else (go.Figure(), [{}] * len(paths), 300)
    for i, (label, path) in enumerate(zip(labels, paths, strict=True)):
        colour = PALETTE[i % len(PALETTE)]
        for other in (p for j, p in enumerate(paths) if faceted and j != i):
            grey = {"color": CONTEXT, "width": 1}
            fig.add_trace(_step(other["day"], other["share"] * 100, line=grey, hoverinfo="skip", showlegend=False),
                          **cells[i])  # fmt: skip
        low, high = path["share_low"] * 100, path["share_high"] * 100
        _add_band(fig, path["day"], low, high, colour, step=True, group=label, cell=cells[i])
        fig.add_trace(
            _step(
                path["day"],
                path["share"] * 100,
                line={"color": colour, "width": 2},
                name=label,
                legendgroup=label,
                showlegend=not faceted and len(paths) > 1,
                hovertemplate="%{fullData.name}, day %{x}: " + hover + "<extra></extra>",
            ),
            **cells[i],
        )
    return fig, cells, height


OTHERS_IN_GREY = "grey: the others, for comparison"


def _curves_layout(fig: go.Figure, cells: list[dict], text: tuple, axes: tuple[str, str]) -> go.Figure:
    """:func:`_rising_curves` finished: the axis titles, and ``text`` (title, about, note, plot height) laid out,
    the note saying what the grey lines are when the segments have a panel each."""
    title, about, note, height = text
    _axis_titles(fig, cells, *axes)
    if cells[0]:
        note += f"; {OTHERS_IN_GREY}"
    return _layout(fig, title, about, note=note, plot_height=height)


# ----------------------------------------------------------------------------------------------- one person's search
NO_DATED_REPLY = "Nothing to draw: no reply in this log has a date, so how soon replies come cannot be shown."
NO_DATED_ANSWER = "Nothing to draw: no first answer in this log has a date."
NO_APPLICATIONS = "Nothing to draw: there are no applications here."
NOT_OLD_ENOUGH = "Nothing to draw yet: no application is old enough to judge."
ENDING_WORDS = {
    "positive": "invitation (a screen or better)",
    "rejection": "rejection",
    "rejected": "rejected",
    "hired": "hired",
    "declined": "offer declined",
    "withdrawn": "withdrawn",
}
"""Each ending of :func:`~jobsearch_analysis.analysis.metrics.time_to_response` and ``time_to_outcome`` as the
charts name it."""
ENDING_COLOURS = {
    "positive": PALETTE[2],
    "rejection": PALETTE[3],
    "rejected": PALETTE[3],
    "hired": PALETTE[2],
    "declined": PALETTE[1],
    "withdrawn": PALETTE[4],
}
KIND_WORDS = {"positive": "a screen or better", "any": "any reply"}


def funnel_sankey(flows: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """The funnel as a Sankey diagram, from :func:`~jobsearch_analysis.analysis.metrics.sankey_flows`.

    Hovering a flow shows its applications, its share of all applications and of those that reached its
    source stage.
    """
    _require(flows, ["source", "target", "value", "share", "stage_share"], "flows")
    title = "Where your applications went"
    if flows.empty:
        return _empty(title, about, NO_APPLICATIONS)
    nodes = list(dict.fromkeys([*flows["source"], *flows["target"]]))
    index = {name: i for i, name in enumerate(nodes)}
    ending_colours = {
        "Rejected": "#D55E00",
        "No response": "#7F7F7F",
        "Withdrew": "#CC79A7",
        "Pending": "#56B4E9",
        "Accepted": "#009E73",
        "Declined": "#E69F00",
        "Outcome unknown": "#BBBBBB",
    }
    colours = [ending_colours.get(name, "#0072B2") for name in nodes]
    custom = np.column_stack([flows["share"] * 100, flows["stage_share"].fillna(0) * 100])
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [plain(n) for n in nodes],
                "color": colours,
                "pad": 18,
                "thickness": 16,
                "hovertemplate": "%{label}: %{value} applications<extra></extra>",
            },
            link={
                "source": flows["source"].map(index),
                "target": flows["target"].map(index),
                "value": flows["value"],
                "customdata": custom,
                "color": "rgba(0, 114, 178, 0.25)",
                "hovertemplate": "%{source.label} → %{target.label}: %{value} applications<br>"
                "%{customdata[0]:.1f}% of all, %{customdata[1]:.1f}% of %{source.label}"
                "<extra></extra>",
            },
        )
    )
    return _layout(fig, title, about, plot_height=340, legend=False)


def response_rates_chart(
    rates: pd.DataFrame, by: str | list[str] | None = None, *, target: float | None = None, about: str | None = None
) -> go.Figure:
    """Response rate per segment with its 95 % interval, from
    :func:`~jobsearch_analysis.analysis.metrics.response_rates` (``by`` is read from the frame when not given:
    the columns before ``applications``).

    Segments where nothing has matured yet are labelled "too early" instead of showing 0 %; each rate is written
    past the end of its interval, so the number never sits on a whisker. Many segments, or long names, lie down
    the side as horizontal bars.
    """
    _require(rates, ["rate", "ci_low", "ci_high", "matured", "responses", "window_days", "kind"], "rates")
    keys = _segment_columns(rates, by, "applications")
    _require(rates, keys, "rates")
    kind = str(rates["kind"].iloc[0]) if len(rates) else "any"
    reply = KIND_WORDS.get(kind, "a reply")
    dimension = plain(words.dimension_words(" × ".join(keys))) if keys else ""  # a column of the user's own
    title = f"Response rate by {dimension}" if keys else "Response rate"
    if rates.empty:
        return _empty(title, about, NO_APPLICATIONS)
    if rates["rate"].isna().all():
        return _empty(title, about, NOT_OLD_ENOUGH)
    labels = _segment_labels(rates, keys, "all applications")
    rate = rates["rate"] * 100
    high = rates["ci_high"] * 100
    text = [words.pct(r / 100) if pd.notna(r) else "too early" for r in rate]
    lying = len(labels) > 6 or max(map(len, labels)) > 20  # many or long names read better down the side
    along, value = ("y", "x") if lying else ("x", "y")
    fig = go.Figure(
        go.Bar(
            {along: labels, value: rate.fillna(0)},
            orientation="h" if lying else "v",
            marker_color=PALETTE[0],
            customdata=np.column_stack([rates["responses"], rates["matured"], rates["ci_low"] * 100, high]),
            hovertemplate=f"%{{{along}}}: %{{customdata[0]}} of %{{customdata[1]}} old enough to judge "
            f"(%{{{value}:.1f}}%)<br>95% interval %{{customdata[2]:.1f}}% to %{{customdata[3]:.1f}}%<extra></extra>",
            name="response rate",
            showlegend=False,
        )
    )
    whiskers = {"array": (high - rate).fillna(0), "arrayminus": (rate - rates["ci_low"] * 100).fillna(0)}
    fig.update_traces({f"error_{value}": {"type": "data", "symmetric": False, "color": "#333333", **whiskers}})
    fig.add_trace(
        go.Scatter(
            {along: labels, value: high.fillna(rate).fillna(0)},
            mode="text",
            text=["\N{NO-BREAK SPACE}" + t for t in text] if lying else text,  # clear of the whisker's end
            textposition="middle right" if lying else "top center",
            hoverinfo="skip",
            showlegend=False,
            name="rate",
        )
    )
    top = max(float(high.max()) if high.notna().any() else 0.0, (target or 0) * 100, 1.0)
    if target is not None:
        line = {"line_dash": "dash", "line_color": PALETTE[3], "annotation_text": f"target {words.pct(target)}"}
        if lying:
            fig.add_vline(x=target * 100, annotation_position="top", **line)
        else:
            fig.add_hline(y=target * 100, annotation_position="top right", **line)
    window = int(rates["window_days"].iloc[0])
    fig.update_layout({f"{value}axis": {"title": f"got {reply} (%)", "range": [0, top * 1.15 + 1]}})
    undated = "undated" in rates and 2 * rates["undated"].sum() > rates["responses"].sum() > 0
    when = "so far (your log keeps no dates of them)" if undated else f"within {window} days"
    note = f"Applications at least {window} days old that got {reply} {when}; whiskers: 95% interval"
    if not lying:
        fig.update_xaxes(title=dimension)
        return _layout(fig, title, about, note=note, legend=False)
    fig.update_traces(width=0.4, selector={"type": "bar"})  # room above each bar for its name
    height = _names_above(fig, labels)  # the first segment on top, as in the tables
    return _layout(fig, title, about, note=note, plot_height=height, legend=False, left=24)


def reply_curves(curve: pd.DataFrame, by: str | list[str] | None = None, *, about: str | None = None) -> go.Figure:
    """The chance of a reply by each day since applying (1 - Kaplan-Meier), with its band, one line per segment.

    Takes ``time_to_response(...).curve`` (``by`` is read from the frame when not given: the columns before
    ``day``). Unanswered applications are censored, not counted as "no". Up to three segments share one panel;
    more get a panel each. Without any dated reply the chart says there is nothing to draw.
    """
    _require(curve, ["day", "survival", "ci_low", "ci_high"], "curve")
    keys = _segment_columns(curve, by, "day")
    title = "How soon replies come"
    if not (curve["survival"] < 1).any():
        return _empty(title, about, NO_DATED_REPLY)
    rising = curve.assign(share=1 - curve["survival"], share_low=1 - curve["ci_high"], share_high=1 - curve["ci_low"])
    fig, cells, height = _rising_curves(rising, keys, everyone="all applications", hover="%{y:.1f}% replied")
    fig.update_xaxes(rangemode="tozero")
    fig.update_yaxes(rangemode="tozero")
    note = "Applications still waiting count as 'not yet'; shaded: 95% interval"
    return _curves_layout(fig, cells, (title, about, note, height), ("days since applying", "got a reply (%)"))


def reply_incidence(
    incidence: pd.DataFrame, by: str | list[str] | None = None, *, about: str | None = None
) -> go.Figure:
    """Cumulative incidence of competing first answers (an invitation against a rejection), from
    ``time_to_response(...).incidence``, or of the endings of ``time_to_outcome``; with 95 % bands when there are
    at most three endings. Segments (``by``, read from the frame when not given) get a panel each."""
    _require(incidence, ["day", "ending", "incidence", "ci_low", "ci_high"], "incidence")
    keys = _segment_columns(incidence, by, "day")
    replies = set(incidence["ending"].astype(str)) <= {"positive", "rejection"}
    title = "Invitations and rejections over time" if replies else "How applications ended, over time"
    if incidence.empty or not (incidence["incidence"] > 0).any():
        return _empty(title, about, NO_DATED_ANSWER)
    groups = _groups(incidence, keys)
    labels = [_segment_label(keys, key) for key, _ in groups] if keys else []
    fig, cells, height = _panels(labels) if keys else (go.Figure(), [{}], 300)
    endings = list(dict.fromkeys(incidence["ending"].astype(str)))
    banded = len(endings) <= MAX_BANDS
    for cell, (_, part) in zip(cells, groups, strict=True):
        for i, ending in enumerate(endings):
            rows = part.loc[part["ending"].astype(str) == ending]
            path = pd.concat(
                [
                    pd.DataFrame({"day": [0], "incidence": [0.0], "ci_low": [0.0], "ci_high": [0.0]}),
                    rows[["day", "incidence", "ci_low", "ci_high"]],
                ],
                ignore_index=True,
            ).pipe(_changes, ["incidence", "ci_low", "ci_high"])
            colour = ENDING_COLOURS.get(ending, PALETTE[i % len(PALETTE)])
            name = ENDING_WORDS.get(ending, plain(ending))
            if banded:
                low, high = path["ci_low"] * 100, path["ci_high"] * 100
                _add_band(fig, path["day"], low, high, colour, step=True, group=name, cell=cell)
            fig.add_trace(
                _step(
                    path["day"],
                    path["incidence"] * 100,
                    name=name,
                    legendgroup=name,
                    showlegend=cell is cells[0],
                    line={"color": colour, "width": 2},
                    hovertemplate="%{fullData.name}, day %{x}: %{y:.1f}%<extra></extra>",
                ),
                **cell,
            )
    _axis_titles(fig, cells, "days since applying", "share of applications (%)")
    fig.update_xaxes(rangemode="tozero")
    fig.update_yaxes(rangemode="tozero")
    note = (
        "The first answer to each application, the two competing"
        if replies
        else "Each known ending, the endings competing"
    )
    if banded:
        note += "; shaded: 95% interval"
    return _layout(fig, title, about, note=note, plot_height=height)


def activity_chart(weeks: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Applications per week against the goal, with streaks and overload weeks marked, from
    :func:`~jobsearch_analysis.analysis.metrics.activity`: green weeks met the goal, blue ones did not, orange
    ones ran far above the usual pace while replies fell; the week in progress is pale."""
    _require(weeks, ["period_start", "applications", "goal", "met", "streak", "overload"], "weeks")
    title = "Applications per week"
    if weeks.empty:
        return _empty(title, about, NO_APPLICATIONS)
    goal = weeks["goal"].iloc[0]
    met = weeks["met"].astype("boolean").fillna(False).astype(bool)
    overload = weeks["overload"].astype(bool)
    running = weeks["in_progress"].astype(bool) if "in_progress" in weeks else pd.Series(False, index=weeks.index)
    kinds = (
        ("met the goal", met & ~overload & ~running, PALETTE[2]),
        ("below the goal" if pd.notna(goal) else "applications", ~met & ~overload & ~running, PALETTE[0]),
        ("far above your usual pace while replies fell", overload & ~running, PALETTE[3]),
        ("this week so far", running & (weeks["applications"] > 0), _fade(PALETTE[0], 0.35)),
    )
    fig = go.Figure()
    for name, rows, colour in kinds:
        part = weeks.loc[rows]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["period_start"],
                y=part["applications"],
                marker_color=colour,
                name=name,
                customdata=np.column_stack([part["streak"]]),
                hovertemplate="week of %{x|%d %b %Y}: %{y} applications<br>weeks in a row at the goal: "
                "%{customdata[0]}<extra></extra>",
            )
        )
    note = None
    if pd.notna(goal):
        span = [weeks["period_start"].min() - pd.Timedelta(days=4), weeks["period_start"].max() + pd.Timedelta(days=4)]
        fig.add_trace(
            go.Scatter(
                x=span,
                y=[goal, goal],
                mode="lines",
                line={"color": "#333333", "dash": "dash", "width": 2},
                name=f"goal: {goal:.0f} a week",
                hoverinfo="skip",
            )
        )
        longest, current = int(weeks["streak"].max()), int(weeks["streak"].iloc[-1])
        note = (
            f"Longest streak at the goal: {words.plural(longest, 'week', 'weeks')}; now "
            f"{words.plural(current, 'week', 'weeks')}"
        )
    fig.update_layout(barmode="overlay", bargap=0.15)
    fig.update_xaxes(title="week")
    fig.update_yaxes(title="applications", rangemode="tozero")
    return _layout(fig, title, about, note=note)


def calendar_heatmap(apps: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Applications per day as a calendar: weeks across, weekdays down; the colour bar counts in whole
    applications."""
    title = "When you applied: applications per day"
    days = apps[A.applied_on].value_counts()
    if days.empty:
        return _empty(title, about, NO_APPLICATIONS)
    span = pd.date_range(days.index.min(), days.index.max(), freq="D")
    counts = days.reindex(span, fill_value=0)
    frame = pd.DataFrame({"day": span, "n": counts.to_numpy()})
    frame["week"] = frame["day"] - pd.to_timedelta(frame["day"].dt.day_of_week, unit="D")
    frame["weekday"] = frame["day"].dt.day_name().str[:3]
    frame["words"] = [
        f"{words.day(d)}: {words.plural(int(n), 'application', 'applications')}"
        for d, n in zip(frame["day"], frame["n"], strict=True)
    ]
    order = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    grid = frame.pivot_table(index="weekday", columns="week", values="n", aggfunc="sum").reindex(order)
    hover = frame.pivot_table(index="weekday", columns="week", values="words", aggfunc="first")
    hover = hover.reindex(index=order, columns=grid.columns)
    most = int(counts.max())
    step = max(1, math.ceil(most / 5))
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=grid.columns,
            y=grid.index,
            text=hover.fillna("").to_numpy(),
            colorscale="Blues",
            zmin=0,
            zmax=max(most, 1),
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": "a day"},
                "tickmode": "array",
                "tickvals": list(range(0, most + 1, step)),
                "thickness": 14,
            },
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title="")
    fig.update_xaxes(title="week")
    return _layout(fig, title, about, plot_height=230, legend=False)


def _week_ends(rolling: pd.DataFrame) -> pd.DataFrame:
    """``rolling`` as it stood at the end of each week: the row of each week's last application, with ``week`` (its
    Monday) and ``sent`` (the week's applications in ``rolling``), so a chart has a point a week however many
    applications a week there are."""
    ordered = rolling.sort_values("applied_on", kind="stable")
    week = ordered["applied_on"].dt.to_period("W-SUN").dt.start_time
    sent = week.value_counts()
    ends = ordered.assign(week=week).groupby("week", sort=True).tail(1)
    return ends.assign(sent=ends["week"].map(sent).astype(int))


MAX_MARKED = 10
"""The most changes (new resume versions) the trend marks with a dotted line and a name: more would cover it."""


def rolling_rate(
    rolling: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    *,
    change: str = "resume_version",
    about: str | None = None,
) -> go.Figure:
    """Rolling response rate with its 95 % band, changes (a new resume version) marked with dotted lines, from
    :func:`~jobsearch_analysis.analysis.metrics.trend`: one point a week, the rate over the last applications as
    it stood on the week's last one (so the chart stays small however long or busy the search)."""
    _require(rolling, ["applied_on", "rate", "ci_low", "ci_high", "n"], "rolling")
    title = "Response rate over time"
    if rolling.empty:
        return _empty(title, about, NOT_OLD_ENOUGH)
    window = int(rolling["n"].max())
    weeks = _week_ends(rolling)
    fig = go.Figure()
    _add_band(fig, weeks["applied_on"], weeks["ci_low"] * 100, weeks["ci_high"] * 100, PALETTE[0], name="95% interval")
    said = np.column_stack(
        [
            weeks["week"].map(words.day),
            weeks["applied_on"].map(words.day),
            [words.plural(int(n), "application", "applications") for n in weeks["n"]],
            [words.plural(int(n), "application", "applications") for n in weeks["sent"]],
        ]
    )
    fig.add_trace(
        go.Scatter(
            x=weeks["applied_on"],
            y=weeks["rate"] * 100,
            mode="lines+markers",
            name=f"rate over the last {words.plural(window, 'application', 'applications')}",
            line={"color": PALETTE[0], "width": 2},
            marker={"size": 5},
            customdata=said,
            hovertemplate="week of %{customdata[0]}: %{y:.1f}% of the last %{customdata[2]} up to %{customdata[1]}"
            "<br>%{customdata[3]} old enough to judge sent that week<extra></extra>",
        )
    )
    note = (
        f"Each point: the last {words.plural(window, 'application', 'applications')} old enough to judge, at the "
        "end of each week"
    )
    thing = plain(words.column_words(change))
    if changes is not None and len(changes) > MAX_MARKED + 1:  # a resume for each application, say
        note += f"; {words.plural(len(changes), thing, thing + 's')}, too many to mark one by one"
    elif changes is not None and len(changes) > 1:
        first, last = rolling["applied_on"].min(), rolling["applied_on"].max()
        middle = first + (last - first) / 2
        for i, row in enumerate(changes.iloc[1:].itertuples(index=False)):
            value = getattr(row, change)
            fig.add_vline(x=row.first_used, line_dash="dot", line_color=PALETTE[3])
            fig.add_annotation(
                x=row.first_used,
                y=1 - 0.08 * (i % 3),
                yref="paper",
                yanchor="top",
                text=plain(f"{words.column_words(change)} {value}"),
                showarrow=False,
                xanchor="left" if row.first_used <= middle else "right",
                xshift=4 if row.first_used <= middle else -4,
                font={"color": PALETTE[3]},
            )
        note += f"; dotted: a new {thing}"
    fig.update_xaxes(title=words.column_words(A.applied_on))
    fig.update_yaxes(title="response rate (%)", rangemode="tozero")
    return _layout(fig, title, about, note=note)


def pivot_board(advice: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Each strategy's rate and interval against its target, coloured by verdict, from
    :func:`jobsearch_analysis.recommend`; the explanation shows on hover. Each strategy's name stands above its
    line, so the board reads on a narrow screen too."""
    _require(advice, ["segment", "rate", "ci_low", "ci_high", "target", "verdict", "explanation"], "advice")
    title = "When to pivot"
    if advice.empty:
        return _empty(title, about, NOT_OLD_ENOUGH)
    board = advice.iloc[::-1]  # plotly draws the first category at the bottom: the first strategy goes on top
    labels = board["segment"].map(plain)
    fig = go.Figure()
    for verdict, colour in VERDICT_COLOURS.items():
        part = board.loc[board["verdict"] == verdict]
        if part.empty:
            continue
        rate = part["rate"] * 100
        wrapped = part["explanation"].map(lambda text: _wrap(plain(text)))
        fig.add_trace(
            go.Scatter(
                x=rate,
                y=part["segment"].map(plain),
                mode="markers",
                name=VERDICT_WORDS[verdict],
                marker={"color": colour, "size": 11},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["ci_high"] * 100 - rate).fillna(0),
                    "arrayminus": (rate - part["ci_low"] * 100).fillna(0),
                    "color": colour,
                },
                customdata=np.column_stack([wrapped]),
                hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=board["target"] * 100,
            y=labels,
            mode="markers",
            name="target",
            marker={"symbol": "line-ns-open", "size": 16, "color": "#333333", "line": {"width": 2}},
            hovertemplate="target %{x:.1f}%<extra></extra>",
        )
    )
    height = _names_above(fig, list(labels[::-1]))
    top = float(np.nanmax([board["ci_high"].max(), board["target"].max(), board["rate"].max(), 0.05])) * 100 * 1.05
    fig.update_xaxes(title="got a screen or better (%)", range=[-top * 0.03, top], zeroline=False)
    note = "Each strategy's rate with its 95% interval (whiskers) against its target (tick)"
    return _layout(fig, title, about, note=note, plot_height=height, left=24)


def _names_above(fig: go.Figure, names: list[str]) -> int:
    """Each row's name written above its line at the left of the plot, instead of tick labels beside it that take
    half a phone's width (``names`` from the top; lay the figure out with ``left=24``). Returns the plot height
    the rows need."""
    for name in names:
        fig.add_annotation(text=name, x=0, xref="paper", xanchor="left", y=name, yref="y", yanchor="bottom",
                           yshift=7, showarrow=False, font={"size": 12})  # fmt: skip
    fig.update_yaxes(title="", showticklabels=False, categoryorder="array", categoryarray=names[::-1],
                     range=[-0.6, len(names) - 0.1])  # fmt: skip
    return max(110, 46 * len(names) + 10)


def _wrap(text: str, width: int = 80) -> str:
    return "<br>".join(textwrap.wrap(str(text), width))


# ----------------------------------------------------------------------------------------------- cohorts
EXIT_COLOURS = {
    "employed_full_time": PALETTE[2],
    "employed_part_time": PALETTE[5],
    "self_employed": PALETTE[1],
    "training": PALETTE[4],
    "other": "#7F7F7F",
}
"""The colour of each exit reason: green, sky blue, orange, purple, grey."""
EXIT_WORDS = {
    "employed_full_time": "employed full time",
    "employed_part_time": "employed part time",
    "self_employed": "self-employed",
    "training": "training",
    "other": "other exits",
}
"""Each exit reason as the charts and the cohort report say it."""


def _month_ticks(fig: go.Figure, last_day: float) -> None:
    months = np.arange(0, max(last_day, 30) / 30.44 + 1, 3 if last_day < 800 else 6)
    fig.update_xaxes(tickvals=(months * 30.44).round(), ticktext=[f"{m:.0f}" for m in months])


def employment_curves(
    curve: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    about: str | None = None,
    title: str | None = None,
    start: dict | float = 0,
) -> go.Figure:
    """The share of clients who have found work by each point of their search (a cumulative incidence: other
    exits compete), with 95 % bands, one line per segment (``by``, read from the frame when not given); dotted
    lines at 6 and 9 months. Takes ``time_to_employment(...).curve``; ``start`` is the day the figures begin (its
    summary's ``from_day``: 0 unless too few clients were followed from the start of their search), a number or a
    dict by segment."""
    _require(curve, ["day", "employed", "ci_low", "ci_high"], "curve")
    title = title or "Time to employment"
    if curve.empty:
        return _empty(title, about, NOTHING_SHOWN)
    keys = _segment_columns(curve, by, "day")
    rising = curve.assign(share=curve["employed"], share_low=curve["ci_low"], share_high=curve["ci_high"])
    fig, cells, height = _rising_curves(
        rising, keys, everyone="all clients", hover="%{y:.0f}% had found work", start=start
    )
    for day, months in ((182, "6 months"), (273, "9 months")):
        for cell in cells if cells[0] else cells[:1]:
            fig.add_vline(
                x=day,
                line={"color": "#888", "dash": "dot", "width": 1},
                annotation_text=months,
                annotation_position="top left",
                annotation_font_size=11,
                **cell,
            )
    _month_ticks(fig, float(curve["day"].max()))
    fig.update_yaxes(range=[0, 100])
    note = "The share of clients who have found work; shaded: 95% interval"
    return _curves_layout(fig, cells, (title, about, note, height), ("months since the search began", "found work (%)"))


def exit_incidence_chart(
    incidence: pd.DataFrame, by: str | list[str] | None = None, *, about: str | None = None
) -> go.Figure:
    """How clients leave, over time: the cumulative incidence of each exit reason, stacked (the reasons compete,
    so they add up to the share who have left). Takes :func:`jobsearch_analysis.analysis.cohort.exit_incidence`;
    segments (``by``, read from the frame when not given) get a panel each."""
    _require(incidence, ["day", "exit_reason", "incidence"], "incidence")
    title = "How clients leave"
    if incidence.empty:
        return _empty(title, about, NOTHING_SHOWN)
    keys = _segment_columns(incidence, by, "day")
    groups = _groups(incidence, keys)
    labels = [_segment_label(keys, key) for key, _ in groups] if keys else []
    fig, cells, height = _panels(labels) if keys else (go.Figure(), [{}], 300)
    named: set[str] = set()
    for n, (cell, (_, part)) in enumerate(zip(cells, groups, strict=True)):
        for reason, rows in part.groupby("exit_reason", observed=True, sort=False):
            key = str(reason)
            first, named = key not in named, named | {key}  # each reason in the legend once
            fig.add_trace(
                go.Scatter(
                    x=rows["day"],
                    y=rows["incidence"] * 100,
                    mode="lines",
                    line_shape="hv",
                    stackgroup=f"exits{n}",
                    line={"color": EXIT_COLOURS.get(key, PALETTE[0]), "width": 1},
                    name=plain(EXIT_WORDS.get(key, key)),
                    legendgroup=key,
                    showlegend=first,
                    hovertemplate="%{fullData.name}, day %{x}: %{y:.1f}%<extra></extra>",
                ),
                **cell,
            )
    _month_ticks(fig, float(incidence["day"].max()))
    _axis_titles(fig, cells, "months since the search began", "clients who have left (%)")
    fig.update_yaxes(range=[0, 100])
    note = "Each exit reason over time, stacked: together, the share who have left"
    return _layout(fig, title, about, note=note, plot_height=height)


def client_rates_chart(
    table: pd.DataFrame, by: str | list[str] | None = None, *, about: str | None = None
) -> go.Figure:
    """Per segment: the typical client's rate (the mean over clients, each counting once, with its 95 %
    interval, and the middle half of clients as a bar) beside the pooled rate of all applications. Takes
    :func:`jobsearch_analysis.analysis.cohort.client_rates` (``by`` is read from the frame when not given: the
    columns before ``clients``); suppressed rows are left out."""
    _require(table, ["client_mean", "client_q25", "client_q75", "pooled_rate"], "table")
    keys = _segment_columns(table, by, "clients")
    _require(table, keys, "table")
    title = "What works across clients"
    shown = table.loc[table["client_mean"].notna()].sort_values("client_mean")
    if shown.empty:
        return _empty(title, about, NOTHING_SHOWN)
    labels = _segment_labels(shown, keys, "all clients")
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=(shown["client_q75"] - shown["client_q25"]) * 100,
            base=shown["client_q25"] * 100,
            orientation="h",
            marker={"color": _fade(PALETTE[0], 0.25)},
            name="middle half of clients",
            hovertemplate="%{y}: half of clients between %{base:.1f}% and %{x:.1f} points more<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=shown["client_mean"] * 100,
            mode="markers",
            marker={"color": PALETTE[0], "size": 11},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (shown["client_mean_ci_high"] - shown["client_mean"]) * 100,
                "arrayminus": (shown["client_mean"] - shown["client_mean_ci_low"]) * 100,
            },
            name="the average client, with 95% interval",
            hovertemplate="%{y}: %{x:.1f}% for the average client<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=shown["pooled_rate"] * 100,
            mode="markers",
            marker={"color": PALETTE[3], "symbol": "diamond-open", "size": 11, "line": {"width": 2}},
            name="all applications pooled",
            hovertemplate="%{y}: %{x:.1f}% of all applications<extra></extra>",
        )
    )
    fig.update_xaxes(title="got a screen or better (%)", rangemode="tozero")
    note = "Each client's own rate counts once, not only the pooled one"
    return _layout(fig, title, about, note=note, plot_height=max(160, 56 * len(shown)))


STAGE_WORDS = {"screen": "a screen", "interview": "an interview", "offer": "an offer", "hired": "a job (in the log)"}


def client_funnel_chart(
    table: pd.DataFrame, by: str | list[str] | None = None, *, about: str | None = None
) -> go.Figure:
    """The share of clients who reached each stage at least once, with 95 % intervals. Takes
    :func:`jobsearch_analysis.analysis.cohort.client_funnel`; segments (``by``, read from the frame when not given:
    the columns before ``stage``) get bars side by side."""
    _require(table, ["stage", "share_of_clients", "ci_low", "ci_high"], "table")
    keys = _segment_columns(table, by, "stage")
    title = "How far clients get"
    table = table.loc[table["share_of_clients"].notna()]  # a hidden stage is left out, not drawn as nothing
    if table.empty:
        return _empty(title, about, NOTHING_SHOWN)
    fig = go.Figure()
    for i, (key, part) in enumerate(_groups(table, keys)):
        share = part["share_of_clients"].astype(float)
        name = "all clients" if key is None else _segment_label(keys, key)
        fig.add_trace(
            go.Bar(
                x=[STAGE_WORDS.get(str(s), plain(s)) for s in part["stage"]],
                y=share * 100,
                marker={"color": PALETTE[i % len(PALETTE)]},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["ci_high"].astype(float) - share) * 100,
                    "arrayminus": (share - part["ci_low"].astype(float)) * 100,
                },
                hovertemplate="%{fullData.name}: %{y:.0f}% of clients reached %{x}<extra></extra>",
                name=name,
                showlegend=bool(keys),
            )
        )
    fig.update_yaxes(title="clients (%)", range=[0, 100])
    fig.update_xaxes(title="stage reached at least once")
    note = "The share who reached each stage at least once; whiskers: 95% interval"
    return _layout(fig, title, about, note=note, plot_height=260, legend=bool(keys))


__all__ = [
    "EXIT_COLOURS",
    "EXIT_WORDS",
    "NOTHING_SHOWN",
    "PALETTE",
    "VERDICT_COLOURS",
    "VERDICT_WORDS",
    "activity_chart",
    "calendar_heatmap",
    "client_funnel_chart",
    "client_rates_chart",
    "employment_curves",
    "exit_incidence_chart",
    "funnel_sankey",
    "pivot_board",
    "reply_curves",
    "reply_incidence",
    "response_rates_chart",
    "rolling_rate",
]
"""The charts, and the constants the reports share with them (``from ... import *`` brings nothing else)."""


def __dir__() -> list[str]:
    """The charts, their constants and the two helpers, not the modules they are drawn with."""
    return sorted([*__all__, "about", "plain"])
