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
    # No-break spaces keep each date on one line when a subtitle wraps.
    text = charts.about(apps, "2026-11-02").replace("\N{NO-BREAK SPACE}", " ")
    assert text == "296 applications sent 5 May 2026 to 30 Oct 2026, as of 2 Nov 2026"


def test_funnel_sankey(apps):
    flows = metrics.sankey_flows(apps, as_of=SAMPLE_AS_OF)
    fig = charts.funnel_sankey(flows, about="x")
    assert isinstance(fig, go.Figure) and isinstance(fig.data[0], go.Sankey)
    labels = list(fig.data[0].node.label)
    assert labels[0] == "Applications" and "Pending" in labels
    assert list(fig.data[0].link.value) == flows["value"].tolist()
    assert [labels[i] for i in fig.data[0].link.source] == flows["source"].tolist()
    assert fig.layout.title.text == "Where your applications went" and fig.layout.title.subtitle.text == "x"


def test_response_rates_chart_has_intervals_and_target(apps):
    rates = metrics.response_rates(apps, "channel", kind="positive", as_of=SAMPLE_AS_OF)
    fig = charts.response_rates_chart(rates, "channel", target=0.08)
    bar, numbers = fig.data
    np.testing.assert_allclose(bar.y, rates["rate"].fillna(0) * 100)
    np.testing.assert_allclose(np.asarray(bar.y) + np.asarray(bar.error_y.array), rates["ci_high"] * 100)
    np.testing.assert_allclose(numbers.y, rates["ci_high"] * 100)  # each rate written above its whisker
    assert list(bar.x) == ["Job boards", "Company career sites", "Referrals", "Recruiters", "Networking"]
    assert fig.layout.shapes[0].y0 == pytest.approx(8.0)
    assert fig.layout.yaxis.title.text == "got a screen or better (%)"
    assert fig.layout.xaxis.title.text == "channel"
    window = int(rates["window_days"].iloc[0])
    assert f"within {window} days" in fig.layout.title.subtitle.text


def test_response_rates_chart_reads_the_segments_from_the_frame(apps):
    overall = metrics.response_rates(apps, as_of=SAMPLE_AS_OF)  # the metric's defaults: no segments
    assert list(charts.response_rates_chart(overall).data[0].x) == ["all applications"]
    both = metrics.response_rates(apps, ["channel", "role_family"], kind="positive", as_of=SAMPLE_AS_OF)
    fig = charts.response_rates_chart(both)
    assert fig.layout.title.text.replace("<br>", " ") == "Response rate by channel and kind of role"
    # Sixteen segments lie down the side, the first on top, each rate past the end of its whisker.
    assert fig.data[0].orientation == "h" and "Referrals, Data Analyst" in list(fig.data[0].y)
    assert list(fig.layout.yaxis.categoryarray)[-1] == fig.data[0].y[0] == "Job boards, Business Analyst"
    np.testing.assert_allclose(fig.data[1].x, both["ci_high"].fillna(0) * 100)


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
    two = pd.concat([rates, rates.assign(channel="job_board", rate=0.1, ci_low=0.05, ci_high=0.2, matured=40)])
    fig = charts.response_rates_chart(two, "channel")
    assert list(fig.data[1].text) == ["too early", "10%"] and list(fig.data[1].y) == [0, pytest.approx(20)]
    everything_too_early = charts.response_rates_chart(rates, "channel")
    assert everything_too_early.data == () and "old enough" in everything_too_early.layout.annotations[0].text


def test_reply_curves_one_line_and_band_per_segment(apps):
    curve = metrics.time_to_response(apps, "channel", as_of=SAMPLE_AS_OF).curve
    fig = charts.reply_curves(curve, "channel")
    lines = [t for t in fig.data if t.hovertemplate]
    assert [t.name for t in lines] == ["Job boards", "Company career sites", "Referrals", "Recruiters", "Networking"]
    first = lines[0]
    assert first.x[0] == 0 and first.y[0] == 0  # every curve starts at no replies on day 0
    # Five segments: a panel each, titled with the segment, the band and line in the segment's own panel.
    assert [a.text for a in fig.layout.annotations] == [t.name for t in lines]
    assert len({(t.xaxis, t.yaxis) for t in lines}) == 5
    assert fig.layout.xaxis5.title.text == "days since applying"  # once, under the last panel
    assert charts.reply_curves(curve).to_dict() == fig.to_dict()  # by= read from the frame


def test_reply_incidence(apps):
    fig = charts.reply_incidence(metrics.time_to_response(apps, as_of=SAMPLE_AS_OF).incidence)
    lines = [t for t in fig.data if t.hovertemplate]
    assert [t.name for t in lines] == ["invitation (a screen or better)", "rejection"]
    assert sum(t.fill == "tonexty" for t in fig.data) == 2  # a 95% band each


def test_activity_chart_marks_goal_and_streaks(apps):
    weeks = metrics.activity(apps, goal=10, as_of=SAMPLE_AS_OF)
    fig = charts.activity_chart(weeks)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == weeks["applications"].sum()
    goal = next(t for t in fig.data if t.name == "goal: 10 a week")
    assert set(goal.y) == {10}
    assert "Longest streak at the goal: 10 weeks" in fig.layout.title.subtitle.text
    assert fig.layout.annotations == ()  # nothing written over the bars


def test_calendar_heatmap_counts_every_application(apps):
    fig = charts.calendar_heatmap(apps)
    assert np.nansum(np.asarray(fig.data[0].z, dtype=float)) == len(apps)
    assert list(fig.data[0].y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_rolling_rate_marks_changes(apps):
    result = metrics.trend(apps, kind="positive", as_of=SAMPLE_AS_OF)
    fig = charts.rolling_rate(result.rolling, result.changes)
    assert len(fig.data) == 3 and len(fig.layout.shapes) == len(result.changes) - 1
    assert "resume version v2" in fig.layout.annotations[0].text
    assert fig.layout.xaxis.title.text == "date applied"


def test_pivot_board_colours_by_verdict_and_explains_on_hover(apps):
    advice = recommend(apps, as_of=SAMPLE_AS_OF, target=0.3)  # a high target, so that some strategies fail it
    fig = charts.pivot_board(advice)
    names = {t.name for t in fig.data}
    assert names <= {"pivot", "keep going", "too early to tell", "target"} and "target" in names
    pivot = next(t for t in fig.data if t.name == "pivot")
    assert pivot.marker.color == charts.VERDICT_COLOURS["pivot"]
    assert "time to pivot" in pivot.customdata[0][0]
    # Each strategy's name stands above its line (no tick labels beside it to crowd a narrow screen), in the
    # order of the advice from the top, and a rate of 0% is drawn clear of the axis.
    assert not fig.layout.yaxis.showticklabels and fig.layout.xaxis.range[0] < 0
    assert [a.text for a in fig.layout.annotations] == advice["segment"].tolist()
    assert list(fig.layout.yaxis.categoryarray)[::-1] == advice["segment"].tolist()


def test_wrong_frame_is_a_clear_error(apps):
    with pytest.raises(ValueError, match="missing column"):
        charts.pivot_board(apps)


def test_user_strings_show_as_typed_not_as_markup():
    assert charts.plain("<b>R&D</b> <a href='x'>") == "&lt;b&gt;R&amp;D&lt;/b&gt; &lt;a href='x'&gt;"
    rates = metrics.response_rates(
        load_sample().applications.assign(team="<i>A</i>"), "team", kind="positive", as_of=SAMPLE_AS_OF
    )
    assert list(charts.response_rates_chart(rates, "team").data[0].x) == ["&lt;i&gt;A&lt;/i&gt;"]


def test_a_column_of_the_users_own_is_named_as_typed_and_never_cut_inside_a_word(apps):
    column = "<b>where-I-found-the-job-posting-first</b>"
    rates = metrics.response_rates(apps.assign(**{column: "x"}), column, as_of=SAMPLE_AS_OF)
    fig = charts.response_rates_chart(rates)
    escaped = "&lt;b&gt;where-I-found-the-job-posting-first&lt;/b&gt;"
    assert escaped in fig.layout.title.text.split("<br>") and fig.layout.xaxis.title.text == escaped
