"""The HTML report as a file: self-contained, built from the library's own numbers, and safe with hostile input.

What it looks like and does in a real browser is tested in ``test_report_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from markupsafe import escape

from jobsearch_analysis import load, load_sample, recommend
from jobsearch_analysis.analysis import metrics
from jobsearch_analysis.cli import main
from jobsearch_analysis.present.advice import in_brief
from jobsearch_analysis.present.report import build
from jobsearch_analysis.present.words import pct as _pct
from tests.hostile import AS_OF, COMPANIES, FILE_NAME, PAYLOADS, RESUME, ROLE, write_hostile_log


class Page(HTMLParser):
    """Every tag with its attributes, and the text of every <script>, in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


@pytest.fixture(scope="module")
def sample():
    return load_sample("personal_log")


@pytest.fixture(scope="module")
def report(sample):
    return build(sample)


@pytest.fixture(scope="module")
def page(report):
    return Page(report.html)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_page_loads_nothing_from_anywhere(page, report):
    for tag, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs and "action" not in attrs, tag
        assert attrs.get("href", "#").startswith("#"), attrs  # in-page links only
    assert "<link" not in report.html and "@import" not in report.html
    assert not re.search(r"url\(\s*['\"]?https?:", report.html)


def test_plotly_is_embedded_once_and_the_policy_names_exactly_the_two_scripts(page, report):
    running = [text for attrs, text in page.scripts if "type" not in attrs]
    data = [attrs for attrs, _ in page.scripts if attrs.get("type") == "application/json"]
    assert len(running) == 2 and len(data) == len(report.charts) == 8
    assert sum("Plotly" in text and len(text) > 1_000_000 for text in running) == 1
    assert report.html.count("plotly.js v") == 1  # the bundle's banner: one copy
    policy = next(attrs["content"] for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert sorted(re.findall(r"'(sha256-[^']+)'", script_src)) == sorted(_sha256(text) for text in running)


def test_every_chart_has_its_place_and_its_data(page, report):
    ids = {attrs.get("id") for _, attrs in page.tags}
    blocks = {attrs["data-chart"]: text for attrs, text in page.scripts if "data-chart" in attrs}
    for chart in report.charts:
        assert f"chart-{chart.key}" in ids
        figure = json.loads(blocks[f"chart-{chart.key}"])
        assert figure["data"] == json.loads(chart.figure.to_json())["data"]
        assert figure["layout"]["title"]["text"] == chart.figure.layout.title.text


def test_the_numbers_are_the_librarys(report, sample):
    apps = sample.applications
    html = report.html
    positive = metrics.response_rates(apps, kind="positive", as_of=AS_OF).iloc[0]
    assert f'<div class="value">{_pct(positive["rate"])}</div>' in html
    assert f"{positive['responses']} of {positive['matured']} applications old" in html
    advice = recommend(apps, as_of=AS_OF)
    pd.testing.assert_frame_equal(report.advice, advice)
    for text in advice["explanation"]:
        assert str(escape(text)) in html
    for verdict in ("pivot", "keep_going", "too_early"):
        assert html.count(f'<article class="card {verdict}">') == (advice["verdict"] == verdict).sum()
    pd.testing.assert_frame_equal(report.brief, in_brief(advice))
    assert sample.summary.rows == 304
    assert "<strong>304</strong> rows became <strong>296</strong>\n    applications" in html
    for rec in sample.rejects.loc[sample.rejects["kind"] == "error"].itertuples():
        assert f'<td class="num">{rec.source_row}</td>' in html and str(escape(rec.reason)) in html
    funnel = metrics.funnel(apps).set_index("stage")
    assert f'<td class="num">{funnel.loc["interview", "reached"]}</td>' in html


def test_the_sections_a_reader_needs_are_there(report):
    for heading in (
        "In short",
        "What was read",
        "The headline numbers",
        "Where your applications went",
        "How soon replies come",
        "What works best",
        "Your pace",
        "When to pivot",
        "How to read these numbers",
    ):
        assert f"<h2>{heading}</h2>" in report.html
    assert "Report as of <strong>2 Nov 2026</strong>" in report.html
    assert "censored" in report.html and "Reply windows: 21 days for a screen or better" in report.html


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    path = write_hostile_log(directory)
    result = load(path, as_of=AS_OF)
    return result, build(result), directory


def test_hostile_strings_are_loaded_as_data(hostile):
    result, _, _ = hostile
    apps = result.applications
    assert set(COMPANIES) <= set(apps["company"]) and ROLE in set(apps["role_family"])
    assert RESUME in set(apps["resume_version"])


def test_hostile_strings_are_escaped_in_the_page(hostile):
    _, report, _ = hostile
    html = report.html
    for payload in PAYLOADS:
        assert payload not in html
    assert any(str(escape(company)) in html for company in COMPANIES)  # shown (in play), as typed
    assert str(escape(FILE_NAME)) in html and str(escape(ROLE)) in html
    page = Page(html)
    assert [tag for tag, _ in page.tags if tag in {"img", "svg", "iframe", "b", "i"}] == []
    for attrs, text in page.scripts:
        if attrs.get("type") == "application/json":
            assert "<" not in text and ">" not in text and "&" not in text


def test_hostile_strings_are_plain_text_in_the_charts(hostile):
    _, report, _ = hostile
    board = next(c.figure for c in report.charts if c.key == "pivot_board")
    labels = {label for trace in board.data for label in trace.y}
    assert "kind of role: &lt;b&gt;Bold&lt;/b&gt; &amp; &lt;i&gt;Co&lt;/i&gt; Analyst" in labels
    assert not any("<" in label for label in labels)
    trend = next(c.figure for c in report.charts if c.key == "trend")
    assert [a.text for a in trend.layout.annotations] == ["resume version &lt;script&gt;alert(2)&lt;/script&gt;"]


def test_tables_written_as_csv_cannot_run_as_formulas(hostile, tmp_path):
    _, report, _ = hostile
    paths = report.write_tables(tmp_path)
    assert {p.name for p in paths} >= {"rejected_rows.csv", "advice.csv", "funnel.csv", "rates_by_channel.csv"}
    rejects = pd.read_csv(tmp_path / "rejected_rows.csv", dtype=str, keep_default_na=False)
    formula = rejects.loc[rejects["value"].str.contains("HYPERLINK"), "value"]
    assert formula.tolist() == ['\'=HYPERLINK("http://attacker.example","click")']
    raw = (tmp_path / "rejected_rows.csv").read_text(encoding="utf-8")
    assert not re.search(r"(^|,)[=+\-@]", raw, flags=re.MULTILINE)


def test_a_file_with_no_usable_row_still_gets_a_report(write):
    result = load(write("bad.csv", "Company,Date Applied\nAcme,2027-03-02\n,2026-03-02\n"), as_of="2026-06-30")
    assert result.applications.empty and len(result.rejects) == 2
    report = build(result)
    assert report.charts == () and "No applications to analyse" in report.html
    assert "script-src 'none'" in report.html.replace("&#39;", "'") and "<script" not in report.html
    assert "2027-03-02" in report.html and "no company name" in report.html


def test_a_log_without_replies_says_unknown_not_zero():
    from pathlib import Path

    result = load(
        Path(__file__).parents[1] / "fixtures" / "formats" / "linkedin" / "Job Applications.csv", as_of="2026-06-30"
    )
    report = build(result)
    assert "Replies: <strong>unknown</strong>" in report.html
    assert "When to pivot" not in report.html and report.advice.empty
    assert [c.key for c in report.charts] == ["activity", "calendar"]
    for contact in ("jane.doe", "example.com", "555-010", "555 010", "Jane_Doe"):
        assert contact not in report.html


def test_a_young_log_is_too_early_everywhere(write):
    text = "Company,Date Applied,Status,Source\nAcme,2026-06-20,Applied,LinkedIn\nGlobex,2026-06-25,Applied,Referral\n"
    report = build(load(write("new.csv", text), as_of="2026-06-30"))
    assert '<div class="value">too early</div>' in report.html
    assert report.html.count('<article class="card too_early">') == len(report.advice) > 0


def test_targets_and_goals_are_checked(sample):
    with pytest.raises(ValueError, match="between 0 and 1"):
        build(sample, target=8)
    with pytest.raises(ValueError, match="applications a week"):
        build(sample, goal=0)
    report = build(sample, target=0.08, goal=12)
    assert (report.advice["target"] == 0.08).all()
    assert "<strong>12</strong> applications a week" in report.html and "(the default" not in report.html


# ----------------------------------------------------------------------------------------------- command line
def test_report_command_writes_the_page_and_prints_the_advice(tmp_path, capsys):
    out = tmp_path / "deep" / "report.html"
    assert main(["report", "--sample", "personal_log", "-o", str(out), "--quiet"]) == 0
    printed = capsys.readouterr()
    assert out.exists() and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"Report written to {out}" in printed.out and "In short, by channel:" in printed.out
    assert "Applications through job boards" in printed.out and printed.err == ""
    # A search failing on one channel: the pivot comes with the first step to take.
    days = pd.date_range("2026-01-05", periods=150)
    rows = [f"Acme {i},{d:%Y-%m-%d},Applied,Indeed" for i, d in enumerate(days)]
    failing = tmp_path / "failing.csv"
    failing.write_text("Company,Date Applied,Status,Source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["report", str(failing), "--as-of", "2026-12-01", "-o", str(tmp_path / "f.html"), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "time to pivot" in printed and "First step:" in printed


def test_report_command_shows_progress_unless_quiet(tmp_path, capsys):
    assert main(["report", "--sample", "personal_log", "-o", str(tmp_path / "r.html"), "--target", "8%"]) == 0
    err = capsys.readouterr().err
    steps = re.findall(r"^\[\s*\d+\.\d s\] (.+)$", err, flags=re.MULTILINE)
    assert steps[0] == "reading the sample personal_log" and "when to pivot" in steps and len(steps) >= 8


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--target", "eight"], "is not a rate"),
        (["--target", "120%"], "between 0 and 1"),
        (["--goal", "0"], "at least 1"),
    ],
)
def test_report_command_bad_options_are_one_line(tmp_path, capsys, arguments, words):
    with pytest.raises(SystemExit) as stop:
        main(["report", "--sample", "personal_log", "-o", str(tmp_path / "r.html"), *arguments])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1 and err.startswith("error: ") and words in err


def test_report_command_missing_file_is_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "r.html"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.csv" in err and not (tmp_path / "r.html").exists()
