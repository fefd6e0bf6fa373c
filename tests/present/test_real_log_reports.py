"""The report of every shared real log, opened in headless Chromium: it loads with no console error, draws
each of its charts, asks nothing of any host, and shows no number a reader could not use ("nan").

The logs are third-party data read in place (see tests/ingest/test_real_logs.py); without them these tests
skip and say why.
"""

from __future__ import annotations

import pytest

from jobsearch_analysis import load
from jobsearch_analysis.present.report import build
from tests.ingest.test_real_logs import AS_OF, COUNTS, FOLDER, real
from tests.present.test_report_browser import Visit, browser  # noqa: F401 (the fixture)

pytestmark = pytest.mark.skipif(
    not FOLDER.is_dir(), reason=f"the shared real logs are not on this machine (looked in {FOLDER})"
)


@pytest.mark.parametrize("prefix", [prefix for prefix, _, _ in COUNTS])
def test_the_report_of_a_real_log_opens_cleanly(browser, tmp_path, prefix):  # noqa: F811
    report = build(load(real(prefix), as_of=AS_OF))
    path = tmp_path / f"{prefix}.html"
    report.write(path)
    visit = Visit(browser, path)
    try:
        assert [m for m in visit.console if m[0] in ("error", "warning")] == []
        assert visit.errors == [] and visit.dialogs == []
        assert visit.requests == [visit.url]
        assert visit.page.get_attribute("html", "data-charts-drawn") == str(len(report.charts))
        for chart_id, chart in visit.charts().items():
            assert chart["elements"] > 20, (chart_id, chart)
        text = visit.page.inner_text("body")
        assert "nan" not in text.lower().split() and "NaN" not in text and "None" not in text.split()
    finally:
        visit.close()
