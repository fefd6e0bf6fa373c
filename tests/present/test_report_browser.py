"""The HTML report in a real browser: headless Chromium (Debian's package) driven by Playwright.

The page must load with no console error, draw every chart, ask for nothing from any host, and show hostile
strings from the user's files as text without running them. Screenshots are saved under ``build/``.

These tests never skip: without Chromium they fail and say how to install it (``make test`` and ``.ci/run``
install it with ``scripts/install-chromium``; or set CHROMIUM to a Chrome or Chromium executable).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from jobsearch_analysis import load, load_sample
from jobsearch_analysis.cli import main
from jobsearch_analysis.present.report import build
from tests.hostile import AS_OF, COMPANIES, FILE_NAME, RESUME, ROLE, write_hostile_log

AS_OF_COHORT = "2026-11-02"

BUILD = Path(__file__).resolve().parents[2] / "build"
# As root in a container Chromium needs --no-sandbox; the rest keep it from calling Google's services, which a
# machine without internet refuses, many at a time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(
        "Chromium is needed for the browser tests: run scripts/install-chromium (Debian or Ubuntu: "
        "apt-get install chromium), or set CHROMIUM to a Chrome or Chromium executable"
    )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "linkedin-archive.zip"


class Visit:
    """A page opened on a report file, with everything the browser said and asked for on the way."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-charts-drawn]", timeout=60_000)

    def charts(self) -> dict[str, dict]:
        """For each chart: how many SVG elements plotly drew, and the drawing's size."""
        return self.page.evaluate(
            """() => Object.fromEntries(Array.from(document.querySelectorAll('.plot')).map(plot => {
                const svg = plot.querySelector('svg.main-svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                return [plot.id, {elements: plot.querySelectorAll('svg *').length, width: box.width,
                                  height: box.height, text: Array.from(plot.querySelectorAll('text'))
                                  .map(t => t.textContent).join(' | ')}];
            }))"""
        )

    def close(self) -> None:
        self.page.close()


def _check_clean(visit: Visit, expected_charts: int) -> dict[str, dict]:
    assert [m for m in visit.console if m[0] in ("error", "warning")] == []
    assert visit.errors == [] and visit.dialogs == []
    assert visit.requests == [visit.url]  # the file itself, nothing else from anywhere
    assert visit.page.get_attribute("html", "data-charts-drawn") == str(expected_charts)
    drawn = visit.charts()
    assert len(drawn) == expected_charts
    for chart_id, chart in drawn.items():
        assert chart["elements"] > 20 and chart["width"] > 500 and chart["height"] > 250, (chart_id, chart)
    return drawn


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--sample", "personal_log", "-o", str(path), "--quiet"]) == 0
    return path


def test_the_sample_report_loads_cleanly_and_draws_every_chart(browser, sample_report):
    visit = Visit(browser, sample_report)
    try:
        drawn = _check_clean(visit, 8)
        assert "Where your applications went" in drawn["chart-funnel"]["text"]
        assert "channel: job boards" in drawn["chart-pivot_board"]["text"]
        text = visit.page.inner_text("body")
        assert "In short" in text and "Rows that could not be used (5)" in text
        assert "Cells left empty, the application kept (3)" in text
        for where, words in [("page", text), *((key, chart["text"]) for key, chart in drawn.items())]:
            codes = {m.group(0) for m in CODES.finditer(words)} - ({"unknown"} if where == "page" else set())
            assert not codes, (where, codes)
        BUILD.mkdir(exist_ok=True)
        visit.page.screenshot(path=BUILD / "report-screenshot.png", full_page=True)
    finally:
        visit.close()
    assert (BUILD / "report-screenshot.png").stat().st_size > 100_000


CODES = re.compile(r"\b(job_board|company_site|applied_on|role_family|resume_version|first_response_on|unknown)\b")


@pytest.mark.parametrize(
    ("argv", "charts", "says"),
    [
        (["--sample", "sparse_log"], 6, "Your log has no reply dates, so how soon replies come cannot be measured"),
        ([str(LINKEDIN), "--as-of", "2026-11-02"], 2, "no response rate can be given"),
    ],
    ids=["sparse_log", "linkedin_archive"],
)
def test_a_log_that_cannot_tell_everything_says_so_in_words_and_charts(browser, tmp_path, argv, charts, says):
    """The status-only sample and a LinkedIn archive, read in the browser: the page's text and every chart's
    labels hold no code of the tool's, and the page names what the log cannot tell."""
    path = tmp_path / "report.html"
    assert main(["report", *argv, "-o", str(path), "--quiet"]) == 0
    visit = Visit(browser, path)
    try:
        drawn = _check_clean(visit, charts)
        text = visit.page.inner_text("body")
        assert says in text
        for where, words in [("page", text), *((key, chart["text"]) for key, chart in drawn.items())]:
            codes = {m.group(0) for m in CODES.finditer(words)} - ({"unknown"} if where == "page" else set())
            assert not codes, (where, codes)  # "unknown" is a word on the page; as a chart's label, a code
            assert not re.search(r"\b(0(\.0)?%|100%) to \1", words), where
    finally:
        visit.close()


def test_the_report_of_a_million_rows_opens_and_draws_every_chart(browser, million_row_report):
    """The page of a million applications (``million_row_report`` in conftest.py) opens cleanly and draws its
    charts, a point a week on the trend, with the long tables cut short."""
    visit = Visit(browser, million_row_report)
    try:
        drawn = _check_clean(visit, 8)
        assert "Response rate over time" in drawn["chart-trend"]["text"]
        points = visit.page.evaluate("() => document.querySelectorAll('#chart-trend .scatterlayer .point').length")
        assert 50 < points < 100  # the weeks' markers, not a million
        text = visit.page.inner_text("body")
        assert re.search(r"You sent [\d,]{9} applications", text) and "more are not." in text
        BUILD.mkdir(exist_ok=True)
        visit.page.screenshot(path=BUILD / "report-million-screenshot.png", full_page=True)
    finally:
        visit.close()


def test_the_contents_links_lead_to_their_sections(browser, sample_report):
    visit = Visit(browser, sample_report)
    try:
        links = visit.page.eval_on_selector_all("nav.toc a", "links => links.map(a => a.getAttribute('href'))")
        assert len(links) == 11
        for link in links:
            assert visit.page.locator(link).count() == 1
        visit.page.click("nav.toc a[href='#pivot']")
        assert visit.page.evaluate("window.scrollY") > 2000
    finally:
        visit.close()


def test_hostile_strings_show_as_text_and_run_nothing(browser, tmp_path):
    path = write_hostile_log(tmp_path)
    page_path = tmp_path / "hostile.html"
    build(load(path, as_of=AS_OF)).write(page_path)
    visit = Visit(browser, page_path)
    try:
        drawn = _check_clean(visit, 8)
        text = visit.page.inner_text("body")
        for payload in (ROLE, FILE_NAME):
            assert payload in text, payload
        assert any(company in text for company in COMPANIES)  # the ones still in play are listed, as typed
        found = visit.page.evaluate(
            """() => ({images: document.querySelectorAll('img, iframe, svg[onload], [onerror]').length,
                       scripts: document.querySelectorAll('script').length,
                       charts: document.querySelectorAll('script[type="application/json"]').length})"""
        )
        assert found == {"images": 0, "scripts": 2 + 8, "charts": 8}
        assert f"kind of role: {ROLE}" in drawn["chart-pivot_board"]["text"]
        assert f"resume version: {RESUME}" in drawn["chart-pivot_board"]["text"]
        assert f"resume version {RESUME}" in drawn["chart-trend"]["text"]
        BUILD.mkdir(exist_ok=True)
        visit.page.screenshot(path=BUILD / "report-hostile-screenshot.png", full_page=True)
    finally:
        visit.close()


def test_the_report_renders_the_same_offline_when_every_request_is_refused(browser, sample_report):
    context = browser.new_context()
    refused: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (refused.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    try:
        page.goto(sample_report.resolve().as_uri())
        page.wait_for_selector("html[data-charts-drawn='8']", timeout=60_000)
        assert refused == []
    finally:
        context.close()


def test_charts_are_saved_as_png(tmp_path, capsys):
    os.environ.setdefault("BROWSER_PATH", chromium_path())  # kaleido uses the same Chromium
    out = tmp_path / "png"
    assert main(["report", "--sample", "personal_log", "-o", str(tmp_path / "r.html"), "--png-dir", str(out)]) == 0
    assert "Wrote 8 charts as PNG" in capsys.readouterr().out
    report = build(load_sample("personal_log"))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c.key}.png" for c in report.charts)
    for png in out.iterdir():
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


# ----------------------------------------------------------------------------------------------- the cohort report
def test_the_cohort_report_loads_cleanly_and_draws_every_chart(browser, tmp_path):
    path = tmp_path / "cohort.html"
    assert main(["report", "--sample", "cohort", "-o", str(path), "--quiet"]) == 0
    visit = Visit(browser, path)
    try:
        drawn = _check_clean(visit, 5)
        assert "Time to employment" in drawn["chart-employment"]["text"]
        assert "employed full time" in drawn["chart-exits"]["text"]
        text = visit.page.inner_text("body")
        assert "Who needs a conversation now" in text and "Client rows that could not be used (2)" in text
        links = visit.page.eval_on_selector_all("nav.toc a", "links => links.map(a => a.getAttribute('href'))")
        assert len(links) == 8 and all(visit.page.locator(link).count() == 1 for link in links)
        BUILD.mkdir(exist_ok=True)
        visit.page.screenshot(path=BUILD / "cohort-screenshot.png", full_page=True)
    finally:
        visit.close()
    assert (BUILD / "cohort-screenshot.png").stat().st_size > 100_000


def test_hostile_programme_names_in_a_cohort_show_as_text(browser, tmp_path):
    import pandas as pd

    from jobsearch_analysis import sample_path

    clients = pd.read_csv(sample_path("cohort_clients"), dtype=str, keep_default_na=False)
    programmes = {"career coaching": COMPANIES[0], "job club": COMPANIES[1]}
    clients["Programme"] = clients["Programme"].replace(programmes)
    clients.to_csv(tmp_path / "clients.csv", index=False)
    path = tmp_path / "cohort.html"
    argv = ["report", "--cohort", str(sample_path("cohort_applications")), "--clients", str(tmp_path / "clients.csv")]
    assert main([*argv, "--as-of", AS_OF_COHORT, "-o", str(path), "--quiet"]) == 0
    visit = Visit(browser, path)
    try:
        drawn = _check_clean(visit, 5)
        text = visit.page.inner_text("body")
        for payload in programmes.values():
            assert f"programme: {payload}" in text
            assert payload in drawn["chart-employment_by_program"]["text"]
        found = visit.page.evaluate("() => document.querySelectorAll('img, iframe, [onerror], [onload]').length")
        assert found == 0
    finally:
        visit.close()
