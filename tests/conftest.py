"""Shared fixtures: small hand-built logs and canonical frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis.samples import sample_as_of
from jobsearch_analysis.schema import CHANNEL_DTYPE, DATE_DTYPE, OUTCOME_DTYPE, STAGE_DTYPE, TEXT_COLUMNS

AS_OF = "2026-06-30"
SAMPLE_AS_OF = sample_as_of("personal_log")
"""The day the bundled personal log describes."""


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding, newline="")
        return path

    return _write


def canonical(**overrides) -> pd.DataFrame:
    """A valid two-row canonical applications frame; keyword arguments replace whole columns."""
    day = lambda *v: pd.Series(pd.to_datetime(list(v)), dtype=DATE_DTYPE)  # noqa: E731
    frame = pd.DataFrame(
        {
            "application_id": ["a1", "a2"],
            "client_id": ["self", "self"],
            "company": ["Acme", "Globex"],
            "job_title": ["Analyst", None],
            "role_family": [None, None],
            "industry": [None, None],
            "location": [None, None],
            "channel": pd.Categorical(["job_board", "referral"], dtype=CHANNEL_DTYPE),
            "resume_version": ["v1", "v2"],
            "cover_letter": pd.array([True, None], dtype="boolean"),
            "applied_on": day("2026-03-02", "2026-03-03"),
            "first_response_on": day("2026-03-10", None),
            "screen_on": day("2026-03-10", None),
            "interview_on": day(None, None),
            "offer_on": day(None, None),
            "furthest_stage": pd.Categorical(["screen", "applied"], dtype=STAGE_DTYPE),
            "outcome": pd.Categorical(["rejected", "open"], dtype=OUTCOME_DTYPE),
            "outcome_on": day("2026-03-20", None),
            "feedback_requested": pd.array([None, None], dtype="boolean"),
            "feedback_received": pd.array([None, None], dtype="boolean"),
            "interest": pd.array([4, None], dtype="Int64"),
            "notes": [None, "note"],
            "outcome_recorded": [True, True],
            "source_file": ["log.csv", "log.csv"],
            "source_row": [2, 3],
        }
    )
    for column, values in overrides.items():
        frame[column] = values
    frame = frame.astype(dict.fromkeys((*TEXT_COLUMNS, "source_file"), "str"))
    return frame


@pytest.fixture
def apps() -> pd.DataFrame:
    return canonical()


@pytest.fixture(scope="session")
def runner():
    """Runs the command line or the library on a file in a forked child of one warm process, and measures the
    child's time and peak memory (see ``tests/crafted/_runner.py``)."""
    from tests.crafted._runner import Runner

    started = Runner(str(Path(__file__).resolve().parent.parent))
    yield started
    started.close()
