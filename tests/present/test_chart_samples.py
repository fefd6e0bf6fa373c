"""Every chart built from the bundled samples, as the metric functions return them with their defaults, read as a
person reads it: no column code or internal name in any text, at most three shaded intervals on one panel, counts
in whole numbers, titles that leave room for their axes, and a sentence where there is nothing to draw."""

from __future__ import annotations

import inspect
import re
from collections import Counter

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from jobsearch_analysis import load_sample, recommend, sample_path
from jobsearch_analysis.analysis import cohort, metrics
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.present import charts
from jobsearch_analysis.samples import sample_as_of


def _personal_charts(name: str) -> dict[str, go.Figure]:
    """Every chart of one person's log, fed what each metric returns with its defaults (and with segments)."""
    result = load_sample(name)
    apps, day = result.applications, result.as_of
    recorded = apps.loc[apps["outcome_recorded"]]
    trend = metrics.trend(recorded, as_of=day)
    return {
        "funnel": charts.funnel_sankey(metrics.sankey_flows(recorded, as_of=day)),
        "rates": charts.response_rates_chart(metrics.response_rates(recorded, as_of=day)),
        "rates by channel": charts.response_rates_chart(
            metrics.response_rates(recorded, "channel", kind="positive", as_of=day), target=0.08
        ),
        "rates by channel and role": charts.response_rates_chart(
            metrics.response_rates(recorded, ["channel", "role_family"], as_of=day)
        ),
        "rates by resume version": charts.response_rates_chart(
            metrics.response_rates(recorded, "resume_version", as_of=day)
        ),
        "reply curve": charts.reply_curves(metrics.time_to_response(recorded, as_of=day).curve),
        "reply curves by channel": charts.reply_curves(metrics.time_to_response(recorded, "channel", as_of=day).curve),
        "reply curves by role": charts.reply_curves(metrics.time_to_response(recorded, "role_family", as_of=day).curve),
        "first answers": charts.reply_incidence(metrics.time_to_response(recorded, as_of=day).incidence),
        "first answers by channel": charts.reply_incidence(
            metrics.time_to_response(recorded, "channel", as_of=day).incidence
        ),
        "endings": charts.reply_incidence(metrics.time_to_outcome(recorded, as_of=day).incidence),
        "activity": charts.activity_chart(metrics.activity(apps, as_of=day)),
        "activity with a goal": charts.activity_chart(metrics.activity(apps, goal=10, as_of=day)),
        "calendar": charts.calendar_heatmap(apps),
        "trend": charts.rolling_rate(trend.rolling, trend.changes),
        "pivot board": charts.pivot_board(recommend(recorded, as_of=day)),
    }


@pytest.fixture(scope="module")
def personal() -> dict[str, go.Figure]:
    return _personal_charts("personal_log")


@pytest.fixture(scope="module")
def sparse() -> dict[str, go.Figure]:
    return _personal_charts("sparse_log")


def _caseload_charts() -> dict[str, go.Figure]:
    """Every chart of the sample caseload, fed what each cohort function returns with its defaults (and by
    programme or channel)."""
    data = load_cohort(
        sample_path("cohort_applications"),
        clients=sample_path("cohort_clients"),
        as_of=sample_as_of("cohort_applications"),
    )
    clients, apps = data.clients, data.applications
    return {
        "employment": charts.employment_curves(cohort.time_to_employment(clients).curve),
        "employment by programme": charts.employment_curves(cohort.time_to_employment(clients, "program").curve),
        "exits": charts.exit_incidence_chart(cohort.exit_incidence(clients)),
        "exits by programme": charts.exit_incidence_chart(cohort.exit_incidence(clients, "program")),
        "client rates": charts.client_rates_chart(cohort.client_rates(apps, as_of=data.as_of)),
        "client rates by channel": charts.client_rates_chart(cohort.client_rates(apps, "channel", as_of=data.as_of)),
        "client funnel": charts.client_funnel_chart(cohort.client_funnel(apps)),
        "client funnel by channel": charts.client_funnel_chart(cohort.client_funnel(apps, "channel")),
    }


@pytest.fixture(scope="module")
def caseload() -> dict[str, go.Figure]:
    return _caseload_charts()


@pytest.fixture(scope="module")
def every(personal, sparse, caseload) -> dict[str, go.Figure]:
    return {
        **{f"personal_log {k}": v for k, v in personal.items()},
        **{f"sparse_log {k}": v for k, v in sparse.items()},
        **{f"cohort {k}": v for k, v in caseload.items()},
    }


# ----------------------------------------------------------------------------------------------- words
SHOWN = {"text", "name", "title", "ticktext", "tickvals", "hovertemplate", "label", "x", "y", "customdata"}
"""The keys under which a figure holds text a person sees: titles, legend names, labels, categories, hover text and
what it reads (customdata), annotations."""
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\bunknown\b|\w x \w")
"""A column or value code (``job_board``, ``applied_on``, ``role_family``...), a channel not noted shown as
``unknown``, or two dimensions joined with " x "."""
CODE_NAMES = {"positive", "any", "rejection_rate", "keep_going", "too_early"}


def shown_text(figure: go.Figure) -> list[str]:
    """Every string of the figure that a person can read, in the chart or on hover."""
    found: list[str] = []

    def walk(node: object, shown: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "template":
                    walk(value, key in SHOWN or (shown and key not in ("font", "line", "marker")))
        elif isinstance(node, (list, tuple, np.ndarray)):
            for value in node:
                walk(value, shown)
        elif isinstance(node, str) and shown:
            found.append(node)

    walk(figure.to_dict(), False)
    return found


def test_the_text_walker_finds_titles_legends_categories_hovers_and_annotations():
    fig = go.Figure(go.Bar(x=["job_board"], y=[1], name="unknown", hovertemplate="%{x}", customdata=[["a_b"]]))
    fig.update_layout(title={"text": "role_family", "subtitle": {"text": "sub"}}, xaxis={"title": "applied_on"})
    fig.add_annotation(text="resume_version")
    assert set(shown_text(fig)) >= {"job_board", "unknown", "%{x}", "a_b", "role_family", "sub", "applied_on",
                                    "resume_version"}  # fmt: skip


def test_no_chart_shows_a_code(every):
    for key, figure in every.items():
        codes = sorted({m.group(0) for text in shown_text(figure) for m in CODE.finditer(text)})
        assert codes == [], (key, codes)
        names = {t.name for t in figure.data} & CODE_NAMES
        assert names == set(), (key, names)


def test_a_channel_not_noted_says_so():
    sample = load_sample("sparse_log")
    apps = sample.applications.assign(channel=pd.Categorical(["unknown"] * len(sample.applications)))
    fig = charts.response_rates_chart(metrics.response_rates(apps, "channel", as_of=sample.as_of))
    assert list(fig.data[0].x) == ["No channel noted"]


# ----------------------------------------------------------------------------------------------- layout
def bands_per_panel(figure: go.Figure) -> Counter:
    """Shaded intervals (filled traces that are not a stacked area) per panel."""
    return Counter(
        (t.xaxis or "x", t.yaxis or "y")
        for t in figure.data
        if getattr(t, "fill", None) and t.fill != "none" and not getattr(t, "stackgroup", None)
    )


def test_at_most_three_shaded_intervals_share_a_panel(every):
    for key, figure in every.items():
        assert max(bands_per_panel(figure).values(), default=0) <= charts.MAX_BANDS, key
    assert len(bands_per_panel(every["personal_log reply curves by channel"])) == 5  # five channels, five panels


def test_the_calendar_counts_in_whole_applications(personal, sparse):
    for figure in (personal["calendar"], sparse["calendar"]):
        bar = figure.data[0].colorbar
        assert bar.tickmode == "array" and len(bar.tickvals) >= 2
        assert all(float(v).is_integer() for v in bar.tickvals) and bar.tickvals[0] == 0
        assert figure.data[0].zmax >= np.nanmax(np.asarray(figure.data[0].z, dtype=float))


def plot_height(figure: go.Figure, axis) -> float:
    """The height in pixels of the panel an axis spans, as laid out (the legend takes 40 px of the foot)."""
    layout = figure.layout
    area = layout.height - layout.margin.t - layout.margin.b - (40 if layout.showlegend is not False else 0)
    low, high = axis.domain or (0, 1)
    return area * (high - low)


def test_titles_leave_room_for_their_axes(every):
    """A y-axis title longer than its panel would run over the chart's title; the title block is as tall as its
    lines, and the legend sits at the foot of the figure, under the x-axis title."""
    for key, figure in every.items():
        layout = figure.layout
        lines = (layout.title.text or "").count("<br>") + 1 + (layout.title.subtitle.text or "").count("<br>") + 1
        assert layout.margin.t >= 30 + 17 * lines, key
        assert layout.legend.yref == "container" and layout.legend.y == 0, key
        for name in dir(layout):
            axis = getattr(layout, name) if re.fullmatch(r"yaxis\d*", name) else None
            if axis is not None and axis.title.text:
                assert len(axis.title.text) * 7.5 <= plot_height(figure, axis), (key, axis.title.text)


def test_titles_and_notes_fit_a_narrow_screen(every):
    for key, figure in every.items():
        title = figure.layout.title
        assert all(len(line) <= charts.TITLE_WIDTH for line in title.text.split("<br>")), key
        assert all(len(line) <= charts.NOTE_WIDTH + 12 for line in (title.subtitle.text or "").split("<br>")), key
        for said in (a.text for a in figure.layout.annotations if a.text.startswith("Nothing to draw")):
            assert all(len(line) <= charts.TITLE_WIDTH for line in said.split("<br>")), key


# ----------------------------------------------------------------------------------------------- nothing to draw
def test_a_log_without_reply_dates_says_there_is_nothing_to_draw(sparse):
    for key in ("reply curve", "reply curves by channel", "first answers", "first answers by channel"):
        figure = sparse[key]
        assert figure.data == (), key  # no flat line at 0 %
        assert figure.layout.annotations[0].text.startswith("Nothing to draw: no "), key
        assert "date" in figure.layout.annotations[0].text


def test_empty_frames_say_there_is_nothing_to_draw():
    apps = load_sample().applications.head(0)
    day = "2026-11-02"
    empty = {
        "funnel_sankey": pd.DataFrame(columns=["source", "target", "value", "share", "stage_share"]),
        "calendar_heatmap": apps,
        "activity_chart": metrics.activity(apps, as_of=day),
        "response_rates_chart": metrics.response_rates(apps, "channel", as_of=day),
        "reply_curves": metrics.time_to_response(apps, as_of=day).curve,
        "reply_incidence": metrics.time_to_response(apps, as_of=day).incidence,
        "rolling_rate": metrics.trend(apps, as_of=day).rolling,
    }
    for name, frame in empty.items():
        figure = getattr(charts, name)(frame)
        assert figure.data == () and figure.layout.annotations[0].text.startswith("Nothing to draw"), name


# ----------------------------------------------------------------------------------------------- the module
def test_the_module_exports_only_its_charts_and_their_constants(every):
    namespace: dict = {}
    exec("from jobsearch_analysis.present.charts import *", namespace)  # what a reader's star import gets
    exported = {k for k in namespace if not k.startswith("__")}
    assert exported == set(charts.__all__)
    assert not {"go", "np", "pd", "html", "math", "textwrap", "words", "A"} & set(dir(charts))
    functions = {name for name in charts.__all__ if callable(getattr(charts, name))}
    constants = set(charts.__all__) - functions
    assert constants and all(name.isupper() for name in constants)
    for name in functions:
        assert inspect.signature(getattr(charts, name)).return_annotation == "go.Figure", name
    # Each chart function is among those drawn from the samples above, and each of those returned a figure.
    built = "".join(inspect.getsource(f) for f in (_personal_charts, _caseload_charts))
    assert functions == set(re.findall(r"charts\.(\w+)\(", built))
    assert all(isinstance(figure, go.Figure) for figure in every.values())
