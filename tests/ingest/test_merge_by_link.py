"""A status sheet keyed by job link alone (no company column) merged onto a LinkedIn export."""

from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.ingest.merging import link_key

FIXTURES = Path(__file__).parents[1] / "fixtures"
LINKEDIN = FIXTURES / "formats" / "linkedin" / "Job Applications.csv"
BY_LINK = FIXTURES / "merge_by_link" / "status_by_link.csv"
NOBODY = FIXTURES / "merge_by_link" / "links_nobody_applied_to.csv"
AS_OF = "2026-06-30"


def test_links_are_compared_without_scheme_www_slash_or_tracking():
    same = [
        "https://www.linkedin.com/jobs/view/3791234567/",
        "http://linkedin.com/jobs/view/3791234567?trk=public_jobs_topcard&refId=abc",
        "https://de.linkedin.com/jobs/view/data-analyst-at-acme-3791234567",
        "https://www.linkedin.com/jobs/search/?currentJobId=3791234567&keywords=analyst",
    ]
    assert set(link_key(pd.Series(same))) == {"linkedin.com/jobs/view/3791234567"}
    other = link_key(
        pd.Series(["HTTPS://www.Example.com/careers/42/?utm_source=x#apply", "https://example.com/careers/42?id=7"])
    )
    assert other.tolist() == ["example.com/careers/42", "example.com/careers/42?id=7"]  # a real parameter stays
    assert link_key(pd.Series([None, " "])).isna().all()


def test_a_sheet_of_links_adds_its_statuses_to_linkedin_applications():
    result = load([LINKEDIN, BY_LINK], as_of=AS_OF)
    apps = result.applications.set_index("company")
    assert len(apps) == 5  # LinkedIn's five; the sheet adds outcomes, not applications
    assert apps.loc["Northwind Analytics", "outcome"] == "rejected"  # link with tracking parameters
    assert apps.loc["Northwind Analytics", "outcome_on"] == pd.Timestamp("2026-03-30")
    assert apps.loc["Bluefin Labs", "furthest_stage"] == "screen"  # http, no www, no trailing slash
    assert apps.loc["Summit Health", "offer_on"] == pd.Timestamp("2026-04-02")  # currentJobId= link
    assert apps.loc[["Northwind Analytics", "Bluefin Labs", "Summit Health"], "outcome_recorded"].all()
    assert not apps.loc["Cedar Group", "outcome_recorded"]
    assert apps.loc["Bluefin Labs", "applied_on"] == pd.Timestamp("2026-02-27")  # LinkedIn's date kept
    sheet = result.summary.files[1]
    assert (sheet.rows, sheet.merged, sheet.applications, sheet.rejected) == (4, 3, 0, 1)
    rejected = result.rejects.loc[result.rejects["source_file"] == BY_LINK.name]
    assert rejected["source_row"].tolist() == [5] and rejected["code"].tolist() == ["link_matches_nothing"]
    assert "matches no application" in rejected["reason"].iloc[0]
    assert result.summary.conflicts.empty


def test_a_sheet_of_links_that_match_nothing_says_so():
    with pytest.raises(LoadError, match="none of its 2 links matches one"):
        load([LINKEDIN, NOBODY], as_of=AS_OF)


def test_a_sheet_of_links_alone_says_to_load_it_after_its_applications():
    with pytest.raises(LoadError, match=r"no company column.*keyed by job link alone") as error:
        load(BY_LINK, as_of=AS_OF)
    assert "Job Applications.csv" in str(error.value)


def test_a_link_with_a_tracking_number_still_matches_by_its_job_id(tmp_path):
    """A tracking parameter's digits are never taken for the job id."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Company,Date Applied,Status,Job Link\n"
        "Northwind Analytics,2026-02-01,Rejected,https://www.linkedin.com/jobs/view/3791234567/?trk=99999999\n",
        encoding="utf-8",
    )
    result = load([LINKEDIN, sheet], as_of=AS_OF)
    assert result.summary.files[1].merged == 1
