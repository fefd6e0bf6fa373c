"""Logs that make a big report: every chart must grow with the log's weeks, days or segments, never with its
applications, and every long table must be cut short with a count of the rest (a million rows is tested in
``tests/present/test_report_size.py``; these are small enough for the time budget)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tests.crafted import Case

CHANNELS = ("LinkedIn", "Referral", "Company website", "Recruiter", "Indeed")
STATUSES = ("Applied", "Rejected", "Phone screen", "Interview", "Rejected", "Applied", "No response")


def _log(path: Path, days: pd.DatetimeIndex, seed: int) -> Path:
    """One application a row on each of ``days``, with a channel, a status and, for a reply, its date."""
    rng = np.random.default_rng(seed)
    n = len(days)
    status = rng.choice(STATUSES, n)
    replied = ~np.isin(status, ["Applied", "No response"])
    reply = (days + pd.to_timedelta(rng.integers(3, 30, n), unit="D")).strftime("%Y-%m-%d")
    pd.DataFrame(
        {
            "Company": [f"Company {i % 5000}" for i in range(n)],
            "Role": rng.choice(["Data Analyst", "BI Developer", "Analytics Engineer"], n),
            "Date Applied": days.strftime("%Y-%m-%d"),
            "Source": rng.choice(CHANNELS, n),
            "Resume": np.where(np.arange(n) < n // 2, "v1", "v2"),
            "Status": status,
            "Response Date": np.where(replied, reply, ""),
        }
    ).to_csv(path, index=False)
    return path


def long_span(folder: Path) -> Path:
    """An application every day for 27 years: the charts by day and by week at a span few logs reach."""
    return _log(folder / "twenty_seven_years.csv", pd.date_range("2000-01-03", "2026-10-02", freq="D"), seed=1)


def busy(folder: Path) -> Path:
    """Forty thousand applications in eight weeks: hundreds a day, where a trend point per application made a
    page of megabytes."""
    days = pd.date_range("2026-06-01", "2026-07-26", freq="D")
    return _log(folder / "busy.csv", days[np.arange(40_000) % len(days)].sort_values(), seed=2)


CASES = (
    Case("report_long_span", long_span, loads=True),
    Case("report_busy_log", busy, loads=True),
)
