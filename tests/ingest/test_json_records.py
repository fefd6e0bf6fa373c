"""JSON records: an array of application objects, with or without a nested status history."""

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.ingest.formats.records import spaced_words

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "formats" / "json-records.json"
REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real-logs" / "files"
FILE_14 = REAL / "14_json_statuslog_joecullin_demo_data.json"
AS_OF = "2026-06-30"


def write(tmp_path: Path, data: object, name: str = "log.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_camel_case_is_read_as_words():
    assert spaced_words("recruiterOutreach") == "recruiter Outreach"
    assert spaced_words("interview2") == "interview 2"
    assert spaced_words("companyName") == "company Name"
    assert spaced_words("applied") == "applied"


def test_a_status_history_gives_every_stage_its_date():
    result = load(EXAMPLE, as_of=AS_OF)
    assert result.summary.files[0].format == "json-records" and result.ok
    apps = result.applications.set_index("company")
    north = apps.loc["Northwind Analytics"]
    assert north["application_id"] == "app-001" and north["job_title"] == "Data Analyst"
    # UTC ISO timestamps give their calendar day; each status keeps the day it was first reached.
    assert (north["applied_on"], north["screen_on"], north["interview_on"]) == (
        pd.Timestamp("2026-03-02"),
        pd.Timestamp("2026-03-09"),
        pd.Timestamp("2026-03-18"),
    )
    assert (north["outcome"], north["outcome_on"]) == ("rejected", pd.Timestamp("2026-03-30"))
    assert north["job_url"] == "https://example.com/jobs/northwind/101" and north["channel"] == "job_board"
    assert apps.loc["Bluefin Labs", "offer_on"] == pd.Timestamp("2026-04-02")
    # A record with an empty history keeps its status and its own application date.
    assert apps.loc["Cedar Group", "applied_on"] == pd.Timestamp("2026-01-15")
    assert apps.loc["Cedar Group", "outcome"] == "ghosted"
    # Keys the aliases do not know stay the user's own columns; the summary says how each key was read.
    assert apps.loc["Northwind Analytics", "firstContactDate"] == "2026-03-02"
    columns = result.summary.files[0].columns
    assert columns["companyName"] == "company" and columns["statusHistory[].date"] == "date"


def test_records_without_history_are_one_row_each(tmp_path):
    records = [
        {"company_name": "Acme", "job title": "Analyst", "dateApplied": "2026-02-01", "status": "Rejected"},
        {"company_name": "Globex", "job title": "Engineer", "dateApplied": "2026-02-03", "status": "phoneScreen"},
        {"company_name": "Initech", "job title": "Tester", "dateApplied": "2026-02-05", "remote": True},
    ]
    result = load(write(tmp_path, {"jobs": records}), as_of=AS_OF)
    assert result.summary.files[0].format == "json-records" and result.ok
    apps = result.applications.set_index("company")
    assert apps["applied_on"].tolist() == [pd.Timestamp(d) for d in ("2026-02-01", "2026-02-03", "2026-02-05")]
    assert apps.loc["Acme", "outcome"] == "rejected"
    assert apps.loc["Globex", "furthest_stage"] == "screen"  # "phoneScreen" read as "phone screen"
    assert result.rejects.empty and apps.loc["Initech", "remote"] == "True"


def test_users_statuses_name_camel_case_words_as_written(tmp_path):
    records = [
        {"company": "Acme", "history": [{"stage": "applied", "at": "2026-03-01T10:00:00Z"},
                                        {"stage": "talentPoolHold", "at": "2026-03-09T10:00:00Z"}]},
    ]  # fmt: skip
    path = write(tmp_path, records)
    unknown = load(path, as_of=AS_OF)
    assert unknown.rejects["code"].tolist() == ["unknown_stage"]
    assert unknown.rejects["column"].tolist() == ["[0].history[1].stage"]
    named = load(path, as_of=AS_OF, statuses={"talentPoolHold": "rejected"})
    assert named.ok and named.applications.loc[0, "outcome"] == "rejected"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": "board", "owner": "me"}, "holding no array of application records"),
        ([1, 2, 3], "not objects"),
        ([{"foo": 1, "bar": 2}], "name no company, job title, date or status"),
        ([], "an empty JSON array"),
    ],
)
def test_json_that_is_not_records_is_one_clear_line(tmp_path, data, words):
    with pytest.raises(LoadError, match=words) as error:
        load(write(tmp_path, data))
    assert "\n" not in str(error.value) and "Headers found: '['" not in str(error.value)


def test_forcing_huntr_on_records_is_an_error_not_zero_applications():
    with pytest.raises(LoadError, match="not a Huntr export"):
        load(EXAMPLE, format="huntr")


@pytest.mark.skipif(not FILE_14.exists(), reason=f"the real logs are not at {REAL} (../shared/corpus/real-logs)")
def test_real_file_14_loads_with_no_options():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = load(FILE_14, as_of="2026-12-01")
    apps = result.applications
    assert result.summary.files[0].format == "json-records"
    assert 130 <= len(apps) <= 138
    assert apps["furthest_stage"].isin(["screen", "interview", "offer", "hired"]).sum() >= 10
    assert apps["applied_on"].notna().all() and (apps["outcome"] == "rejected").sum() >= 50
    with pytest.raises(LoadError, match="not a Huntr export"):
        load(FILE_14, format="huntr")
