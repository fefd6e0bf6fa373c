"""The report's size however long the log: every chart grows with the log's days, weeks or segments, never with
its applications, and every long table lists its first rows and says how many more there are. The report of a
million rows stays under 6 MB (plotly.js, embedded once so the page works offline, is about 4.9 MB of it).

The million-row report is made once per run (``million_row_report`` in ``conftest.py``) and opened in a real
browser by ``test_report_browser.py``.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import load_sample
from jobsearch_analysis.present import charts, report
from jobsearch_analysis.present.report import MAX_LISTED, MAX_STRATEGIES, build

CHART = re.compile(r'<script type="application/json" data-chart="chart-(\w+)">(.*?)</script>', re.S)
TABLE = re.compile(r"<table>.*?</table>", re.S)
SPAN = re.compile(r"applications sent (\d+ \w+ \d{4}) to (\d+ \w+ \d{4})")


@pytest.fixture(scope="module")
def page(million_row_report) -> str:
    return million_row_report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def figures(page) -> dict[str, dict]:
    """Each chart's figure as the page carries it (JSON)."""
    return {key: json.loads(text) for key, text in CHART.findall(page)}


def points(values: list | dict) -> int:
    """How many values an array of a figure holds along its first axis: a list, or plotly's typed array (the
    bytes of one dtype in base64, with its shape when it has more than one axis)."""
    if not isinstance(values, dict):
        return len(values)
    if "shape" in values:
        return int(str(values["shape"]).split(",")[0])
    return len(base64.b64decode(values["bdata"])) // np.dtype(values["dtype"]).itemsize


def test_the_report_of_a_million_rows_is_under_6_mb(million_row_report, page):
    sent = re.search(r"You sent <strong>([\d,]+)</strong>", page)
    assert sent and int(sent.group(1).replace(",", "")) >= 1_000_000
    assert million_row_report.stat().st_size < 6_000_000


def test_no_chart_of_a_million_rows_draws_more_points_than_the_log_has_days(figures):
    assert len(figures) == 8
    subtitle = figures["activity"]["layout"]["title"]["subtitle"]["text"]  # which applications, over which dates
    about = SPAN.search(subtitle.replace("<br>", " ").replace("\N{NO-BREAK SPACE}", " "))
    first, last = (datetime.strptime(day, "%d %b %Y") for day in about.groups())
    days = (last - first).days + 1  # about 660: one trace point per application would be a million
    longest = {}
    for key, figure in figures.items():
        longest[key] = max((points(trace[axis]) for trace in figure["data"] for axis in "xyz" if axis in trace),
                           default=0)  # fmt: skip
    assert max(longest.values()) <= days + 1, (days, longest)
    assert longest["reply_curves"] > 50  # a point a step (a typed array): the count sees into those too


def test_the_trend_of_a_million_rows_has_a_point_a_week(figures):
    line = figures["trend"]["data"][-1]
    weeks = pd.Series(pd.to_datetime(line["x"])).dt.to_period("W-SUN")
    assert weeks.is_unique and len(weeks) < 100  # 95 weeks of applications
    assert re.fullmatch(r"\d,\d{3} applications", line["customdata"][10][3])  # thousands a week, said on hover
    assert "old enough to judge sent that week" in line["hovertemplate"]


def test_no_table_of_a_million_rows_lists_more_than_its_first_rows(page):
    for table in TABLE.findall(page):
        assert table.count("<tr>") <= MAX_LISTED + 1  # and the header row
    assert re.search(rf"The first {MAX_LISTED} are listed, and [\d,]+ more are not\.", page)  # the ones in play


# ----------------------------------------------------------------------------------------------- small and exact
def test_the_trend_chart_has_one_point_a_week_as_the_rate_stood_on_its_last_application():
    days = ["2026-05-04", "2026-05-04", "2026-05-06", "2026-05-10", "2026-05-11", "2026-05-15"]
    rolling = pd.DataFrame(
        {
            "applied_on": pd.to_datetime(days),
            "rate": [0.0, 0.5, 1 / 3, 0.25, 0.2, 2 / 6],
            "ci_low": [0.0, 0.1, 0.1, 0.05, 0.04, 0.1],
            "ci_high": [0.8, 0.9, 0.8, 0.7, 0.6, 0.7],
            "n": [1, 2, 3, 4, 5, 6],
        }
    )
    figure = charts.rolling_rate(rolling)
    upper, lower, line = figure.data
    assert list(pd.to_datetime(line.x)) == [pd.Timestamp("2026-05-10"), pd.Timestamp("2026-05-15")]  # Sunday, Friday
    assert list(line.y) == pytest.approx([25.0, 100 * 2 / 6])
    assert list(upper.y) == pytest.approx([70, 70]) and list(lower.y) == pytest.approx([5, 10])
    assert [list(point) for point in line.customdata] == [
        ["4 May 2026", "10 May 2026", "4 applications", "4 applications"],
        ["11 May 2026", "15 May 2026", "6 applications", "2 applications"],
    ]
    assert "end of each week" in figure.layout.title.subtitle.text


def test_a_long_table_lists_its_first_rows_and_says_how_many_more(monkeypatch):
    monkeypatch.setattr(report, "MAX_LISTED", 2)
    html = build(load_sample("personal_log")).html  # the sample has 5 rows that could not be used
    assert "The first 2 are listed, and 3 more are not: write them all to a spreadsheet with" in html
    rejected = html[html.index("Rows that could not be used (5)") :]
    assert TABLE.search(rejected).group(0).count("<tr>") == 3


def test_a_resume_tailored_to_each_application_makes_no_card_or_mark_per_application():
    sample = load_sample("personal_log")
    apps = sample.applications
    tailored = replace(sample, applications=apps.assign(resume_version=[f"resume {i}" for i in range(len(apps))]))
    built = build(tailored)
    trend = next(chart.figure for chart in built.charts if chart.key == "trend")
    assert trend.layout.shapes == () and "too many to mark one by one" in trend.layout.title.subtitle.text
    board = next(chart.figure for chart in built.charts if chart.key == "pivot_board")
    assert len(board.data[-1].y) == MAX_STRATEGIES  # the targets' ticks: a row each
    assert built.html.count('<article class="card') == MAX_STRATEGIES
    hidden = len(built.advice) - MAX_STRATEGIES
    assert hidden > 200 and f"{hidden:,} more strategies are not shown here" in built.html
    shown = [card.split("</span>")[1].split("</h3>")[0] for card in built.html.split('<article class="card')[1:]]
    channels = built.advice.loc[~built.advice["exploratory"], "segment"]
    assert set(channels) <= set(shown) and len(channels)  # every channel's verdict stays
