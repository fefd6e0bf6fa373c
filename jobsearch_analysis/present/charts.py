"""Charts of a job search: plotly figures from the metrics' frames.

Each function takes a frame from :mod:`jobsearch_analysis.analysis.metrics` or :func:`jobsearch_analysis.recommend` and
returns a ``plotly.graph_objects.Figure``; none calls ``show()`` or writes a file. They share one theme, a
colour-blind-safe palette (Okabe & Ito), titles that say what is shown, and, through ``about=`` (see
:func:`about`), for how many applications and over which dates.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from jobsearch_analysis.schema import Applications as A

# Okabe & Ito (2008), "Color universal design": distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
VERDICT_COLOURS = {"pivot": "#D55E00", "keep_going": "#009E73", "too_early": "#7F7F7F"}
VERDICT_WORDS = {"pivot": "pivot", "keep_going": "keep going", "too_early": "too early to tell"}
FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"


def _layout(fig: go.Figure, title: str, about: str | None, *, height: int = 420) -> go.Figure:
    subtitle = f"<br><sup>{about}</sup>" if about else ""
    fig.update_layout(
        title={"text": f"{title}{subtitle}", "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        font={"family": FONT, "size": 13},
        colorway=list(PALETTE),
        height=height,
        margin={"l": 70, "r": 30, "t": 80 if about else 60, "b": 60},
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.3, "x": 0},
    )
    return fig


def _nothing_to_draw(fig: go.Figure, why: str) -> go.Figure:
    """Say in the plot area why it is empty (a caseload too small to draw without pointing at anyone)."""
    fig.add_annotation(text=why, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(showlegend=False)
    return fig


NOTHING_SHOWN = "Nothing to draw: every figure here describes too few clients to show."


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
    tail = f", as of {pd.Timestamp(as_of):%d %b %Y}" if as_of is not None else ""
    return f"{len(apps):,} applications sent {first:%d %b %Y} to {last:%d %b %Y}{tail}"


def funnel_sankey(flows: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """The funnel as a Sankey diagram, from :func:`~jobsearch_analysis.analysis.metrics.sankey_flows`.

    Hovering a flow shows its applications, its share of all applications and of those that reached its
    source stage.
    """
    _require(flows, ["source", "target", "value", "share", "stage_share"], "flows")
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
                "label": nodes,
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
    return _layout(fig, "Where your applications went", about, height=460)


def response_rates_chart(
    rates: pd.DataFrame, by: str, *, target: float | None = None, about: str | None = None
) -> go.Figure:
    """Response rate per segment with its 95 % interval, from
    :func:`~jobsearch_analysis.analysis.metrics.response_rates`.

    Segments where nothing has matured yet are labelled "too early" instead of showing 0 %.
    """
    _require(rates, [by, "rate", "ci_low", "ci_high", "matured", "responses", "window_days", "kind"], "rates")
    labels = rates[by].astype(object).where(rates[by].notna(), "(not given)").map(plain)
    rate = rates["rate"] * 100
    kind = rates["kind"].iloc[0] if len(rates) else "any"
    words = "a screen or better" if kind == "positive" else "any reply"
    text = [f"{r:.0f}%" if pd.notna(r) else "too early" for r in rate]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=rate.fillna(0),
            text=text,
            textposition="outside",
            marker_color=PALETTE[0],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (rates["ci_high"] * 100 - rate).fillna(0),
                "arrayminus": (rate - rates["ci_low"] * 100).fillna(0),
                "color": "#333333",
            },
            customdata=np.column_stack(
                [rates["responses"], rates["matured"], rates["ci_low"] * 100, rates["ci_high"] * 100]
            ),
            hovertemplate="%{x}: %{customdata[0]} of %{customdata[1]} (%{y:.1f}%)<br>95% interval "
            "%{customdata[2]:.1f}% to %{customdata[3]:.1f}%<extra></extra>",
            name="response rate",
        )
    )
    if target is not None:
        fig.add_hline(
            y=target * 100,
            line_dash="dash",
            line_color=PALETTE[3],
            annotation_text=f"target {target:.0%}",
            annotation_position="top left",
        )
    window = int(rates["window_days"].iloc[0]) if len(rates) else 0
    fig.update_yaxes(title=f"replies within {window} days (%)", rangemode="tozero")
    fig.update_xaxes(title=by.replace("_", " "))
    return _layout(fig, f"Response rate ({words}) by {by.replace('_', ' ')}, with 95% intervals", about)


def reply_curves(curve: pd.DataFrame, by: str | None = None, *, about: str | None = None) -> go.Figure:
    """The chance of a reply by each day since applying (1 - Kaplan-Meier), with its band, one line per segment.

    Takes ``time_to_response(...).curve``. Unanswered applications are censored, not counted as "no".
    """
    _require(curve, ["day", "survival", "ci_low", "ci_high"], "curve")
    rising = curve.assign(share=1 - curve["survival"], share_low=1 - curve["ci_high"], share_high=1 - curve["ci_low"])
    fig = _rising_curves(rising, by, everyone="all applications", hover="%{y:.1f}% replied")
    fig.update_xaxes(title="days since applying", rangemode="tozero")
    fig.update_yaxes(title="got a reply (%)", rangemode="tozero")
    return _layout(fig, "How soon replies come (silence counted as 'not yet', with 95% bands)", about)


def _rising_curves(
    curve: pd.DataFrame, by: str | None, *, everyone: str, hover: str, start: dict | float = 0
) -> go.Figure:
    """Rising step lines of ``share`` from 0 % on the ``start`` day (one per segment, or a dict by segment), with
    their 95 % bands (``share_low`` to ``share_high``), one per segment of ``by`` (``everyone`` names the single
    line without segments; ``hover`` says what the percentage is)."""
    fig = go.Figure()
    groups = [(None, curve)] if by is None else list(curve.groupby(by, observed=True, sort=True))
    for i, (name, part) in enumerate(groups):
        colour = PALETTE[i % len(PALETTE)]
        first = start.get(name, 0) if isinstance(start, dict) else start
        origin = pd.DataFrame({"day": [first], "share": [0.0], "share_low": [0.0], "share_high": [0.0]})
        part = pd.concat([origin, part[["day", "share", "share_low", "share_high"]]], ignore_index=True)
        label = everyone if name is None else plain(name)
        _add_band(fig, part["day"], part["share_low"] * 100, part["share_high"] * 100, colour, step=True, group=label)
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["share"] * 100,
                mode="lines",
                line_shape="hv",
                line={"color": colour, "width": 2},
                name=label,
                legendgroup=label,
                hovertemplate="%{fullData.name}, day %{x}: " + hover + "<extra></extra>",
            )
        )
    return fig


def _add_band(
    fig: go.Figure, x, low, high, colour: str, *, step: bool = False, name: str | None = None, group: str | None = None
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
    fig.add_trace(go.Scatter(y=high, showlegend=False, **common))
    fig.add_trace(
        go.Scatter(y=low, fill="tonexty", fillcolor=_fade(colour), showlegend=name is not None, name=name, **common)
    )


def _fade(colour: str, alpha: float = 0.18) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def reply_incidence(incidence: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Cumulative incidence of competing first answers (positive reply vs rejection), from
    ``time_to_response(...).incidence`` (or the endings of ``time_to_outcome``)."""
    _require(incidence, ["day", "ending", "incidence", "ci_low", "ci_high"], "incidence")
    colours = {
        "positive": PALETTE[2],
        "rejection": PALETTE[3],
        "rejected": PALETTE[3],
        "hired": PALETTE[2],
        "declined": PALETTE[1],
        "withdrawn": PALETTE[4],
    }
    fig = go.Figure()
    for i, (ending, part) in enumerate(incidence.groupby("ending", sort=False)):
        colour = colours.get(str(ending), PALETTE[i % len(PALETTE)])
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["incidence"] * 100,
                mode="lines",
                line_shape="hv",
                name=plain(ending),
                line={"color": colour, "width": 2},
                hovertemplate="%{fullData.name}, day %{x}: %{y:.1f}%<extra></extra>",
            )
        )
    fig.update_xaxes(title="days since applying", rangemode="tozero")
    fig.update_yaxes(title="share of applications (%)", rangemode="tozero")
    return _layout(fig, "First answers: invitations and rejections over time (cumulative incidence)", about)


def activity_chart(weeks: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Applications per week against the goal, with streaks and overload weeks marked, from
    :func:`~jobsearch_analysis.analysis.metrics.activity`."""
    _require(weeks, ["period_start", "applications", "goal", "met", "streak", "overload"], "weeks")
    goal = weeks["goal"].iloc[0] if len(weeks) else np.nan
    met = weeks["met"].astype("boolean").fillna(False).astype(bool)
    colours = np.where(weeks["overload"], PALETTE[3], np.where(met, PALETTE[2], PALETTE[0]))
    fig = go.Figure(
        go.Bar(
            x=weeks["period_start"],
            y=weeks["applications"],
            marker_color=colours,
            name="applications",
            customdata=np.column_stack([weeks["streak"]]),
            hovertemplate="week of %{x|%d %b %Y}: %{y} applications<br>streak %{customdata[0]}<extra></extra>",
        )
    )
    if pd.notna(goal):
        fig.add_hline(
            y=goal,
            line_dash="dash",
            line_color="#333333",
            annotation_text=f"goal {goal:.0f} a week",
            annotation_position="top left",
        )
        longest, current = int(weeks["streak"].max()), int(weeks["streak"].iloc[-1])
        fig.add_annotation(
            text=f"longest streak {longest} weeks, current {current}",
            xref="paper",
            yref="paper",
            x=1,
            y=1.08,
            showarrow=False,
            xanchor="right",
        )
    fig.update_xaxes(title="week")
    fig.update_yaxes(title="applications per week", rangemode="tozero")
    return _layout(fig, "Applications per week against your goal", about)


def calendar_heatmap(apps: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Applications per day as a calendar: weeks across, weekdays down."""
    days = apps[A.applied_on].value_counts()
    if days.empty:
        return _layout(go.Figure(), "Applications per day", about)
    span = pd.date_range(days.index.min(), days.index.max(), freq="D")
    counts = days.reindex(span, fill_value=0)
    frame = pd.DataFrame({"day": span, "n": counts.to_numpy()})
    frame["week"] = frame["day"] - pd.to_timedelta(frame["day"].dt.day_of_week, unit="D")
    frame["weekday"] = frame["day"].dt.day_name().str[:3]
    grid = frame.pivot_table(index="weekday", columns="week", values="n", aggfunc="sum").reindex(
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=grid.columns,
            y=grid.index,
            colorscale="Blues",
            xgap=2,
            ygap=2,
            colorbar={"title": "applications"},
            hovertemplate="week of %{x|%d %b %Y}, %{y}: %{z} applications<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title="")
    fig.update_xaxes(title="week")
    return _layout(fig, "When you applied: applications per day", about, height=330)


def rolling_rate(
    rolling: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    *,
    change: str = "resume_version",
    about: str | None = None,
) -> go.Figure:
    """Rolling response rate with its 95 % band, changes (a new resume version) marked, from
    :func:`~jobsearch_analysis.analysis.metrics.trend`."""
    _require(rolling, ["applied_on", "rate", "ci_low", "ci_high", "n"], "rolling")
    fig = go.Figure()
    _add_band(
        fig, rolling["applied_on"], rolling["ci_low"] * 100, rolling["ci_high"] * 100, PALETTE[0], name="95% interval"
    )
    fig.add_trace(
        go.Scatter(
            x=rolling["applied_on"],
            y=rolling["rate"] * 100,
            mode="lines",
            name="rolling rate",
            line={"color": PALETTE[0], "width": 2},
            customdata=rolling[["n"]],
            hovertemplate="%{x|%d %b %Y}: %{y:.1f}% of the last %{customdata[0]} applications<extra></extra>",
        )
    )
    if changes is not None and len(changes) > 1:
        for row in changes.iloc[1:].itertuples(index=False):
            value = getattr(row, change)
            fig.add_vline(x=row.first_used, line_dash="dot", line_color=PALETTE[3])
            fig.add_annotation(
                x=row.first_used,
                y=1,
                yref="paper",
                text=plain(f"{change.replace('_', ' ')} {value}"),
                showarrow=False,
                xanchor="left",
                font={"color": PALETTE[3]},
            )
    fig.update_xaxes(title="application date")
    fig.update_yaxes(title="response rate (%)", rangemode="tozero")
    return _layout(fig, "Response rate over time (rolling, applications old enough to judge)", about)


def pivot_board(advice: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """Each strategy's rate and interval against its target, coloured by verdict, from
    :func:`jobsearch_analysis.recommend`; the explanation shows on hover."""
    _require(advice, ["segment", "rate", "ci_low", "ci_high", "target", "verdict", "explanation"], "advice")
    board = advice.iloc[::-1]
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
            y=board["segment"].map(plain),
            mode="markers",
            name="target",
            marker={"symbol": "line-ns-open", "size": 16, "color": "#333333", "line": {"width": 2}},
            hovertemplate="target %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_xaxes(title="response rate (%) with 95% interval", rangemode="tozero")
    fig.update_yaxes(title="")
    return _layout(
        fig, "When to pivot: each strategy against its target", about, height=max(360, 60 + 34 * len(advice))
    )


def _wrap(text: str, width: int = 80) -> str:
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width))


# ----------------------------------------------------------------------------------------------- cohorts
EXIT_COLOURS = {
    "employed_full_time": PALETTE[2],
    "employed_part_time": PALETTE[5],
    "self_employed": PALETTE[1],
    "training": PALETTE[4],
    "other": "#7F7F7F",
}
EXIT_WORDS = {
    "employed_full_time": "employed full time",
    "employed_part_time": "employed part time",
    "self_employed": "self-employed",
    "training": "training",
    "other": "other exits",
}


def _month_ticks(fig: go.Figure, last_day: float) -> None:
    months = np.arange(0, max(last_day, 30) / 30.44 + 1, 3 if last_day < 800 else 6)
    fig.update_xaxes(
        tickvals=(months * 30.44).round(), ticktext=[f"{m:.0f}" for m in months], title="months since the search began"
    )


def employment_curves(
    curve: pd.DataFrame,
    by: str | None = None,
    *,
    about: str | None = None,
    title: str | None = None,
    start: dict | float = 0,
) -> go.Figure:
    """The share of clients who have found work by each point of their search (a cumulative incidence: other
    exits compete), with 95 % bands, one line per segment; dotted lines at 6 and 9 months. Takes
    ``time_to_employment(...).curve``; ``start`` is the day the figures begin (its summary's ``from_day``: 0
    unless too few clients were followed from the start of their search), a number or a dict by segment."""
    _require(curve, ["day", "employed", "ci_low", "ci_high"], "curve")
    rising = curve.assign(share=curve["employed"], share_low=curve["ci_low"], share_high=curve["ci_high"])
    fig = _rising_curves(rising, by, everyone="all clients", hover="%{y:.0f}% had found work", start=start)
    for day, words in ((182, "6 months"), (273, "9 months")):
        fig.add_vline(x=day, line={"color": "#888", "dash": "dot", "width": 1}, annotation_text=words,
                      annotation_position="top left")  # fmt: skip
    _month_ticks(fig, float(curve["day"].max()) if len(curve) else 365)
    fig.update_yaxes(title="found work (%)", range=[0, 100])
    title = title or "Time to employment: the share of clients who have found work (with 95% bands)"
    if curve.empty:
        fig = _nothing_to_draw(go.Figure(), NOTHING_SHOWN)
    return _layout(fig, title, about)


def exit_incidence_chart(incidence: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """How clients leave, over time: the cumulative incidence of each exit reason, stacked (the reasons compete,
    so they add up to the share who have left). Takes :func:`jobsearch_analysis.analysis.cohort.exit_incidence`."""
    _require(incidence, ["day", "exit_reason", "incidence"], "incidence")
    fig = go.Figure()
    for reason, part in incidence.groupby("exit_reason", observed=True, sort=False):
        key = str(reason)
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["incidence"] * 100,
                mode="lines",
                line_shape="hv",
                stackgroup="exits",
                line={"color": EXIT_COLOURS.get(key, PALETTE[0]), "width": 1},
                name=plain(EXIT_WORDS.get(key, key)),
                hovertemplate="%{fullData.name}, day %{x}: %{y:.1f}%<extra></extra>",
            )
        )
    _month_ticks(fig, float(incidence["day"].max()) if len(incidence) else 365)
    fig.update_yaxes(title="clients who have left (%)", range=[0, 100])
    if incidence.empty:
        fig = _nothing_to_draw(go.Figure(), NOTHING_SHOWN)
    return _layout(fig, "How clients leave: each exit reason over time (competing exits, stacked)", about)


def client_rates_chart(table: pd.DataFrame, by: str, *, about: str | None = None) -> go.Figure:
    """Per segment: the typical client's rate (the mean over clients, each counting once, with its 95 %
    interval, and the middle half of clients as a bar) beside the pooled rate of all applications. Takes
    :func:`jobsearch_analysis.analysis.cohort.client_rates`; suppressed rows are left out."""
    _require(table, [by, "client_mean", "client_q25", "client_q75", "pooled_rate"], "table")
    shown = table.loc[table["client_mean"].notna()].sort_values("client_mean")
    labels = [plain(v) for v in shown[by]]
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
            name="typical client (mean, 95% CI)",
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
    fig.update_xaxes(title="positive replies (a screen or better), %", rangemode="tozero")
    if shown.empty:
        fig = _nothing_to_draw(go.Figure(), NOTHING_SHOWN)
    return _layout(fig, "What works across clients: each client's own rate, not only the pooled one", about,
                   height=max(320, 70 * len(shown) + 160))  # fmt: skip


def client_funnel_chart(table: pd.DataFrame, *, about: str | None = None) -> go.Figure:
    """The share of clients who reached each stage at least once, with 95 % intervals. Takes
    :func:`jobsearch_analysis.analysis.cohort.client_funnel` (without ``by``)."""
    _require(table, ["stage", "share_of_clients", "ci_low", "ci_high"], "table")
    words = {"screen": "a screen", "interview": "an interview", "offer": "an offer", "hired": "a job (in the log)"}
    table = table.loc[table["share_of_clients"].notna()]  # a hidden stage is left out, not drawn as nothing
    share = table["share_of_clients"].astype(float)
    fig = go.Figure(
        go.Bar(
            x=[words.get(str(s), plain(s)) for s in table["stage"]],
            y=share * 100,
            marker={"color": PALETTE[0]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (table["ci_high"].astype(float) - share) * 100,
                "arrayminus": (share - table["ci_low"].astype(float)) * 100,
            },
            hovertemplate="%{y:.0f}% of clients reached %{x}<extra></extra>",
            name="clients",
        )
    )
    fig.update_yaxes(title="clients (%)", range=[0, 100])
    if table.empty:
        fig = _nothing_to_draw(go.Figure(), NOTHING_SHOWN)
    return _layout(fig, "How far clients get: the share who reached each stage at least once", about, height=360)
