"""The shared real logs, read with no options, against what a careful person counts in each.

The logs are third-party data from public repositories (``../shared/corpus/real-logs``: ``MANIFEST.tsv`` says
where each came from, ``README.md`` gives the hand counts these tests use). They are read in place and never
copied into the project; where the folder is absent the tests skip and say why. Each layout these logs
showed is also reproduced with invented values in ``test_real_layouts.py``, so it stays tested without them.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.analysis.metrics import replied

FOLDER = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real-logs" / "files"
AS_OF = "2026-12-01"  # the day the hand counts were made
STAGES = ["applied", "screen", "interview", "offer", "hired"]

pytestmark = pytest.mark.skipif(
    not FOLDER.is_dir(), reason=f"the shared real logs are not on this machine (looked in {FOLDER})"
)


def real(prefix: str) -> Path:
    return next(path for path in sorted(FOLDER.iterdir()) if path.name.startswith(prefix + "_"))


def read(prefix: str):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing leaks to the terminal (openpyxl's workbook warnings included)
        return load(real(prefix), as_of=AS_OF)


def reached(apps: pd.DataFrame, stage: str) -> int:
    return int(apps["furthest_stage"].astype(str).isin(STAGES[STAGES.index(stage) :]).sum())


def outcomes(apps: pd.DataFrame, outcome: str) -> int:
    return int((apps["outcome"].astype(str) == outcome).sum())


def errors(result) -> int:
    return int((result.rejects["kind"] == "error").sum())


def adds_up(result) -> bool:
    s = result.summary
    return s.rows == s.applications + s.rejected + s.skipped + s.folded + s.merged


# (file, applications at least, applications at most)
COUNTS = [
    ("01", 31, 31),
    ("02", 118, 118),
    ("03", 80, 80),
    ("04", 26, 30),
    ("05", 26, 26),
    ("06", 85, 88),
    ("07", 110, 115),
    ("08", 51, 52),
    ("09", 70, 70),
    ("10", 41, 41),
    ("13", 23, 26),
    ("14", 130, 140),
    ("15", 14, 14),
    ("16", 205, 211),
    ("17", 30, 30),
]


@pytest.mark.parametrize(("prefix", "least", "most"), COUNTS)
def test_every_log_of_applications_loads_with_no_options(prefix, least, most):
    result = read(prefix)
    assert least <= len(result.applications) <= most, result.summary.render()
    assert adds_up(result)


@pytest.mark.parametrize("prefix", ["01", "02", "09", "13"])
def test_a_log_without_replies_has_outcomes_unknown_never_no_reply(prefix):
    apps = read(prefix).applications
    assert not apps["outcome_recorded"].any()


def test_03_german_job_hunt_with_turkish_headers():
    apps = read("03").applications
    assert outcomes(apps, "rejected") >= 15 and reached(apps, "interview") >= 5


def test_04_merge_conflict_markers_repeated_header_and_a_default_interview_date():
    result = read("04")
    words = str(result.summary)
    assert "2 merge-conflict marker lines" in words and "1 repeated header row" in words
    assert reached(result.applications, "interview") == 0  # 2025-07-01 on ten rows is a default, not interviews
    assert "a default filled in" in words


def test_05_a_suspected_ghost_job_is_not_a_ghosting():
    apps = read("05").applications
    assert outcomes(apps, "ghosted") == 0


def test_06_null_is_an_empty_cell_and_the_reply_rate_is_far_below_all():
    result = read("06")
    assert errors(result) <= 3
    assert replied(result.applications).mean() < 0.5


def test_07_wish_list_rows_are_skipped_and_stage_columns_read():
    result = read("07")
    assert errors(result) <= 8 and result.summary.skipped >= 15
    assert reached(result.applications, "screen") == 11  # two challenges left to expire are not screens
    assert "read 'reeejected' as rejected" in str(result.summary)


def test_08_stage_columns_holding_dates():
    apps = read("08").applications
    assert reached(apps, "screen") >= 6 and reached(apps, "interview") >= 4
    assert apps["screen_on"].notna().sum() >= 6  # the Phone column's dates, one of them without a year


def test_10_german_workbook_with_ja_nein_interview_columns():
    apps = read("10").applications
    assert outcomes(apps, "rejected") == 23 and outcomes(apps, "open") == 18
    assert reached(apps, "interview") == 5


def test_14_json_records_with_status_histories():
    result = read("14")
    assert result.summary.files[0].format == "json-records"
    assert reached(result.applications, "screen") >= 10 and errors(result) == 0
    assert (result.applications["channel"].astype(str) == "job_board").sum() >= 40  # Built in NYC and the like


def test_15_french_workbook_envoyee_is_sent():
    apps = read("15").applications
    assert (apps["furthest_stage"].astype(str) == "applied").all() and outcomes(apps, "open") == 14


def test_16_timestamps_keep_their_local_day():
    apps = read("16").applications.sort_values("source_row")
    raw = pd.read_csv(real("16"), dtype=str)
    typed = raw["Applied Date"].str.extract(r"(\d{1,2} \w{3} \d{4})")[0]
    want = pd.to_datetime(typed, format="%d %b %Y").iloc[apps["source_row"].to_numpy() - 2].to_numpy()
    assert (apps["applied_on"].to_numpy() == want).all()


def test_16_a_scrapers_quoted_names_lose_their_quotes():
    companies = read("16").applications["company"]
    assert not companies.str.startswith('"').any() and "Coding Ninjas" in set(companies)


def test_17_referral_contacts_make_referrals_and_are_not_kept():
    result = read("17")
    assert (result.applications["channel"].astype(str) == "referral").sum() == 14
    assert "Referral Contact" in result.summary.files[0].private


def test_17_stage_date_headers_are_stages():
    columns = read("17").summary.files[0].columns
    assert columns["Date Phone Screen"] == "screen_on" and columns["Date Onsite / Final Round"] == "interview_on"
    assert columns["Date Offer"] == "offer_on"


@pytest.mark.parametrize(
    ("prefix", "what"),
    [
        ("11", "the columns are days"),
        ("12", "a tally of 0/1 marks per stage"),
        ("18", "a wish list: no application date column"),
    ],
)
def test_files_that_are_not_logs_of_applications_are_declined_in_one_line(prefix, what):
    with pytest.raises(LoadError) as caught:
        read(prefix)
    message = str(caught.value)
    assert what in message and "\n" not in message
