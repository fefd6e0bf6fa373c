"""Figure tests: the data and layout of each chart, not pixels."""

import numpy as np
import plotly.graph_objects as go
import pytest

from jobsearch_analysis import load_sample, recommend
from jobsearch_analysis.analysis import metrics
from jobsearch_analysis.present import charts

from ..conftest import SAMPLE_AS_OF


@pytest.fixture(scope="module")
def apps():
    return load_sample().applications


def test_about_says_how_many_and_when(apps):
    assert charts.about(apps, "2026-11-02") == "296 applications sent 05 May 2026 to 30 Oct 2026, as of 02 Nov 2026"


def test_funnel_sankey(apps):
    flows = metrics.sankey_flows(apps, as_of=SAMPLE_AS_OF)
    fig = charts.funnel_sankey(flows, about="x")
    assert isinstance(fig, go.Figure) and isinstance(fig.data[0], go.Sankey)
    labels = list(fig.data[0].node.label)
    assert labels[0] == "Applications" and "Pending" in labels
    assert list(fig.data[0].link.value) == flows["value"].tolist()
    assert [labels[i] for i in fig.data[0].link.source] == flows["source"].tolist()
    assert "Where your applications went" in fig.layout.title.text and "x" in fig.layout.title.text


def test_response_rates_chart_has_intervals_and_target(apps):
    rates = metrics.response_rates(apps, "channel", kind="positive", as_of=SAMPLE_AS_OF)
    fig = charts.response_rates_chart(rates, "channel", target=0.08)
    bar = fig.data[0]
    np.testing.assert_allclose(bar.y, rates["rate"].fillna(0) * 100)
    np.testing.assert_allclose(np.asarray(bar.y) + np.asarray(bar.error_y.array), rates["ci_high"] * 100)
    assert fig.layout.shapes[0].y0 == pytest.approx(8.0)
    assert "within" in fig.layout.yaxis.title.text and "%" in fig.layout.yaxis.title.text


def test_too_early_segments_are_labelled_not_zero():
    import pandas as pd

    rates = pd.DataFrame(
        {
            "channel": ["referral"],
            "rate": [np.nan],
            "ci_low": [np.nan],
            "ci_high": [np.nan],
            "matured": [0],
            "responses": [0],
            "window_days": [21],
            "kind": ["positive"],
        }
    )
    assert list(charts.response_rates_chart(rates, "channel").data[0].text) == ["too early"]


def test_reply_curves_one_line_and_band_per_segment(apps):
    curve = metrics.time_to_response(apps, "channel", as_of=SAMPLE_AS_OF).curve
    fig = charts.reply_curves(curve, "channel")
    lines = [t for t in fig.data if t.showlegend is not False]
    assert sorted(t.name for t in lines) == sorted(curve["channel"].astype(str).unique())
    first = lines[0]
    assert first.x[0] == 0 and first.y[0] == 0  # every curve starts at no replies on day 0
    assert fig.layout.xaxis.title.text == "days since applying"


def test_reply_incidence(apps):
    fig = charts.reply_incidence(metrics.time_to_response(apps, as_of=SAMPLE_AS_OF).incidence)
    assert {t.name for t in fig.data} == {"positive", "rejection"}


def test_activity_chart_marks_goal_and_streaks(apps):
    weeks = metrics.activity(apps, goal=10, as_of=SAMPLE_AS_OF)
    fig = charts.activity_chart(weeks)
    assert list(fig.data[0].y) == weeks["applications"].tolist()
    assert fig.layout.shapes[0].y0 == 10
    assert "longest streak" in fig.layout.annotations[-1].text


def test_calendar_heatmap_counts_every_application(apps):
    fig = charts.calendar_heatmap(apps)
    assert np.nansum(np.asarray(fig.data[0].z, dtype=float)) == len(apps)
    assert list(fig.data[0].y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_rolling_rate_marks_changes(apps):
    result = metrics.trend(apps, kind="positive", as_of=SAMPLE_AS_OF)
    fig = charts.rolling_rate(result.rolling, result.changes)
    assert len(fig.data) == 3 and len(fig.layout.shapes) == len(result.changes) - 1
    assert "resume version v2" in fig.layout.annotations[0].text


def test_pivot_board_colours_by_verdict_and_explains_on_hover(apps):
    advice = recommend(apps, as_of=SAMPLE_AS_OF, target=0.3)  # a high target, so that some strategies fail it
    fig = charts.pivot_board(advice)
    names = {t.name for t in fig.data}
    assert names <= {"pivot", "keep going", "too early to tell", "target"} and "target" in names
    pivot = next(t for t in fig.data if t.name == "pivot")
    assert pivot.marker.color == charts.VERDICT_COLOURS["pivot"]
    assert "time to pivot" in pivot.customdata[0][0]


def test_wrong_frame_is_a_clear_error(apps):
    with pytest.raises(ValueError, match="missing column"):
        charts.pivot_board(apps)


def test_user_strings_show_as_typed_not_as_markup():
    assert charts.plain("<b>R&D</b> <a href='x'>") == "&lt;b&gt;R&amp;D&lt;/b&gt; &lt;a href='x'&gt;"
    rates = metrics.response_rates(
        load_sample().applications.assign(team="<i>A</i>"), "team", kind="positive", as_of=SAMPLE_AS_OF
    )
    assert list(charts.response_rates_chart(rates, "team").data[0].x) == ["&lt;i&gt;A&lt;/i&gt;"]
