"""The reports' captions name the colours the charts draw: a caption that says "red" under orange bars sends the
reader looking for something that is not there."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import load_sample, recommend
from jobsearch_analysis.present import charts

from ..conftest import SAMPLE_AS_OF

TEMPLATES = Path(charts.__file__).parent / "templates"
COLOURS = {
    "green": {"#009E73"},
    "blue": {"#0072B2"},
    "orange": {"#D55E00", "#E69F00"},
    "grey": {"#7F7F7F"},
    "black": {"#333333", "#000000"},
}
"""What each colour word may stand for in the charts' palette (none is red: the palette's vermillion, #D55E00,
reads as orange beside its yellow-orange, and the pivot board already calls it orange)."""
COLOUR_WORD = re.compile(r"\b(red|green|blue|orange|grey|gray|black|yellow|purple|pink)\b", re.IGNORECASE)


def caption(key: str, template: str = "report.html.j2") -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    found = re.search(r'\{% call chart\("' + key + r'"\) %\}(.*?)\{% endcall %\}', text, flags=re.DOTALL)
    assert found, key
    return " ".join(found.group(1).split())


def branch(text: str, taken: bool) -> str:
    """The caption as shown when its ``{% if %}`` tests are ``taken`` (True: the first branch, else the else)."""
    pattern = re.compile(r"\{% if [^%]*%\}(.*?)(?:\{% else %\}(.*?))?\{% endif %\}", flags=re.DOTALL)
    return " ".join(pattern.sub(lambda m: m.group(1) if taken else (m.group(2) or ""), text).split())


def named(text: str) -> list[str]:
    return [m.group(1).lower() for m in COLOUR_WORD.finditer(text)]


def test_the_activity_caption_names_the_colours_of_its_bars():
    weeks = pd.DataFrame(
        {
            "period_start": pd.date_range("2026-05-04", periods=4, freq="7D"),
            "applications": [12, 4, 30, 2],
            "goal": 10,
            "met": [True, False, True, False],
            "streak": [1, 0, 1, 1],
            "overload": [False, False, True, False],
            "in_progress": [False, False, False, True],
        }
    )
    figure = charts.activity_chart(weeks)
    drawn = {t.name: t.marker.color for t in figure.data if t.type == "bar"}
    words = branch(caption("activity"), taken=True)  # with a goal set
    said = dict(zip(("met", "below", "far above"), named(words), strict=True))  # in the caption's order
    assert "met your goal" in words and "did not" in words and "far above your usual pace" in words
    assert drawn["met the goal"] in COLOURS[said["met"]]
    assert drawn["below the goal"] in COLOURS[said["below"]]
    assert drawn["far above your usual pace while replies fell"] in COLOURS[said["far above"]]
    # With no goal set, the bars are the pace alone, and the caption names those colours.
    plain = charts.activity_chart(weeks.assign(goal=float("nan"), met=False))
    drawn = {t.name: t.marker.color for t in plain.data if t.type == "bar"}
    words = branch(caption("activity"), taken=False)
    said = dict(zip(("weeks", "far above"), named(words), strict=True))
    assert "goal" not in words and drawn["applications"] in COLOURS[said["weeks"]]
    assert drawn["far above your usual pace while replies fell"] in COLOURS[said["far above"]]


def test_the_pivot_board_caption_names_the_colours_of_its_verdicts():
    words = caption("pivot_board")
    pairs = dict(re.findall(r"(\w+) (?:means )?(pivot|keep going|too early)", words, flags=re.IGNORECASE))
    by_words = {v.split(" to tell")[0]: k for k, v in charts.VERDICT_WORDS.items()}
    assert pairs, words
    for colour, verdict in ((c.lower(), v) for c, v in pairs.items()):
        assert charts.VERDICT_COLOURS[by_words[verdict]] in COLOURS[colour], (colour, verdict)
    figure = charts.pivot_board(recommend(load_sample().applications, as_of=SAMPLE_AS_OF))
    target = next(t for t in figure.data if t.name == "target")
    assert "black tick" in words and target.marker.color in COLOURS["black"]


@pytest.mark.parametrize(("template", "key"), [("report.html.j2", "trend"), ("cohort.html.j2", "strategies")])
def test_other_captions_name_no_colour_the_chart_lacks(template, key):
    words = caption(key, template)
    assert all(colour in COLOURS for colour in named(words)), words
