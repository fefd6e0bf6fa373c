"""What a log cannot tell is said, never shown as a number: the report of a status-only log (the bundled
sparse_log) and of a LinkedIn archive without outcomes scanned for figures the data cannot support, for the
sentences that name what is missing and how to fix it, and for the tool's own codes."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jobsearch_analysis import load, load_sample
from jobsearch_analysis.present.report import build

ROOT = Path(__file__).resolve().parents[2]
LINKEDIN = ROOT / "tests" / "fixtures" / "formats" / "linkedin-archive.zip"

ZERO_WIDTH = re.compile(r"\b(0(?:\.0)?%|100%) to \1")
"""An interval of no width at 0 % or 100 %: no data supports that certainty."""
CODES = re.compile(r"\b(job_board|company_site|applied_on|role_family|resume_version|first_response_on|channel x)\b")


class _Text(HTMLParser):
    """The page's visible text (no scripts, no styles), as a person reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.fixture(scope="module")
def sparse():
    return page_text(build(load_sample("sparse_log")).html)


@pytest.fixture(scope="module")
def linkedin():
    return page_text(build(load(LINKEDIN, as_of="2026-11-02")).html)


def test_a_status_only_log_says_what_it_cannot_tell_instead_of_numbers(sparse):
    assert "Your log has no reply dates, so how soon replies come cannot be measured" in sparse
    assert "add a 'Response date' column" in sparse
    for unsupported in ("within two weeks", "typically took", "still had no reply at all"):
        assert unsupported not in sparse
    assert not ZERO_WIDTH.search(sparse), ZERO_WIDTH.search(sparse)
    # Its Source/Link column is read as the channel, so channels are compared rather than declared missing.
    assert "Your log does not say how you applied" not in sparse and "Job boards" in sparse
    # A log that keeps no dates of replies cannot say "within 30 days" of them.
    assert "got a screen or better so far" in sparse


def test_a_linkedin_archive_without_outcomes_gives_no_rate(linkedin):
    assert "no response rate can be given" in linkedin
    assert not ZERO_WIDTH.search(linkedin)
    assert not re.search(r"\b0(\.0)?% of your applications get a reply", linkedin)


@pytest.mark.parametrize("name", ["sparse", "linkedin"])
def test_the_pages_speak_peoples_words(name, request):
    text = request.getfixturevalue(name)
    assert not CODES.search(text), CODES.search(text)
    assert not re.search(r"\b1 (applications|interviews|offers|weeks|files|replies)\b", text)


def test_the_bundled_samples_pages_speak_peoples_words():
    text = page_text(build(load_sample("personal_log")).html)
    assert not CODES.search(text), CODES.search(text)
    assert not ZERO_WIDTH.search(text), ZERO_WIDTH.search(text)
    assert "Date Applied → date applied" in text


def test_a_one_application_log_reads_in_the_singular(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Company,Role,Date applied,Status\nAcme,Analyst,2026-09-01,Rejected\n", encoding="utf-8")
    report = build(load(path, as_of="2026-11-02"))
    text = page_text(report.html)
    assert "You sent 1 application on 1 Sep 2026." in text and "For your one channel:" in text
    assert not re.search(r"\b1 (applications|rows|weeks|replies|channels)\b|\b0 weeks\b", text)
    trend = next(chart.figure for chart in report.charts if chart.key == "trend")
    assert "rate over the last 1 application" in {trace.name for trace in trend.data}


def test_a_verdict_on_undated_replies_counts_them_so_far_not_within_days():
    from jobsearch_analysis import recommend

    sample = load_sample("sparse_log")
    text = " ".join(recommend(sample.applications, as_of=sample.as_of)["explanation"])
    assert "so far from" in text and "days old" in text
    assert not re.search(r"replies? \(a screen or better\) within \d+ days", text)
    dated = " ".join(recommend(load_sample().applications, as_of=load_sample().as_of)["explanation"])
    assert re.search(r"\(a screen or better\) within 60 days from", dated)


def test_the_rates_chart_of_a_log_without_reply_dates_says_so_far():
    from jobsearch_analysis.analysis import metrics
    from jobsearch_analysis.present import charts

    sample = load_sample("sparse_log")
    rates = metrics.response_rates(sample.applications, "channel", kind="positive", as_of=sample.as_of)
    assert rates["undated"].sum() == rates["responses"].sum() > 0
    text = str(charts.response_rates_chart(rates).to_dict()["layout"])
    assert "so far (your log keeps no dates of them)" in text and "within 30 days" not in text
    dated = metrics.response_rates(load_sample().applications, "channel", kind="positive", as_of=load_sample().as_of)
    assert "within 21 days" in str(charts.response_rates_chart(dated).to_dict()["layout"])


def test_a_log_with_nothing_pending_does_not_speak_of_zero_pending_applications(tmp_path):
    path = tmp_path / "old.csv"
    rows = "".join(f"C{i},2026-0{1 + i % 5}-1{i % 9},{'Rejected' if i % 3 == 0 else 'Applied'}\n" for i in range(40))
    path.write_text("Company,Date applied,Status\n" + rows, encoding="utf-8")
    text = page_text(build(load(path, as_of="2026-11-02")).html)
    assert "old enough to have had their answer, and every one of yours is." in text
    assert "the 0 applications" not in text
