"""Each export format, read from a fixture that reproduces its documented layout (quirks included)."""

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.analysis.metrics import headline
from jobsearch_analysis.cli import main
from jobsearch_analysis.ingest.formats import READERS
from jobsearch_analysis.ingest.issues import ISSUES
from jobsearch_analysis.privacy import find_contacts
from jobsearch_analysis.schema import validate

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXAMPLES = FIXTURES / "formats"
"""One example per registered reader, named after it: ``<reader>.<ext>``, or a folder ``<reader>/`` when the
format's file name matters (LinkedIn's ``Job Applications.csv``)."""
LINKEDIN = EXAMPLES / "linkedin" / "Job Applications.csv"
AS_OF = "2026-06-30"


def example(name: str) -> Path:
    """The example file of the reader ``name``; a reader without one fails the contract test."""
    found = sorted(p for p in EXAMPLES.glob(f"{name}.*")) or sorted(p for p in (EXAMPLES / name).glob("*.*"))
    assert found, f"the reader {name!r} has no example in {EXAMPLES} (add {name}.<ext> that shows its layout)"
    return found[0]


def by_company(result) -> pd.DataFrame:
    return result.applications.set_index("company")


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def accounts_for_every_row(result) -> bool:
    return all(f.rows == f.applications + f.rejected + f.skipped + f.folded + f.merged for f in result.summary.files)


@pytest.mark.parametrize("name", list(READERS))
def test_each_registered_reader_has_an_example_that_it_detects_and_reads_whole(name):
    """The format contract, for every reader in the registry: its example is detected as that format, every
    row is accounted for, the table fits the schema, and no contact detail survives."""
    result = load(example(name), as_of=AS_OF)
    assert [f.format for f in result.summary.files] == [name]
    assert accounts_for_every_row(result) and len(result.applications) > 0
    validate(result.applications, as_of=AS_OF)
    assert find_contacts(result.applications).empty
    assert set(result.issues["code"]) <= set(ISSUES)


def test_contacts_are_kept_only_when_asked_for():
    kept = load(LINKEDIN, as_of=AS_OF, keep_contacts=True)
    assert not find_contacts(kept.applications).empty
    assert "Contact Email" in kept.applications.columns
    dropped = load(LINKEDIN, as_of=AS_OF)
    assert dropped.summary.files[0].private == ("Contact Email", "Contact Phone Number", "Question And Answers")


def test_contacts_typed_into_notes_are_masked():
    apps = by_company(load(EXAMPLES / "simplify.csv", as_of=AS_OF))
    assert apps.loc["Bluefin Labs", "notes"] == "Recruiter: [contact removed]"


def test_format_can_be_forced(tmp_path):
    result = load(LINKEDIN, as_of=AS_OF, format="spreadsheet")
    assert result.summary.files[0].format == "spreadsheet"
    with pytest.raises(LoadError, match="not known"):
        load(LINKEDIN, format="myspace")


# ---------------------------------------------------------------------------------------------- LinkedIn
def test_linkedin_rows_have_unknown_outcomes_not_silence():
    result = load(LINKEDIN, as_of=AS_OF)
    apps = by_company(result)
    assert len(apps) == 5 and not apps["outcome_recorded"].any()
    assert (apps["outcome"] == "open").all() and apps["first_response_on"].isna().all()
    # Quoted "3/2/26, 9:15 AM" dates, unsorted rows, Resume Name as the resume version.
    assert apps.loc["Northwind Analytics", "applied_on"] == day("2026-03-02")
    assert apps.loc["Bluefin Labs", "applied_on"] == day("2026-02-27")
    assert apps.loc["Summit Health", "resume_version"] == "Jane_Doe_Resume_v2.pdf"
    assert (apps["channel"] == "job_board").all()
    # The row with no company is rejected with its row number; the one with no title is kept.
    assert result.rejects[["source_row", "reason"]].to_numpy().tolist() == [[5, "no company name"]]
    assert pd.isna(apps.loc["Harborview Media", "job_title"])
    table = headline(result.applications, as_of=AS_OF).set_index("measure")
    assert table.loc["outcome_unknown", "value"] == 5
    assert table.loc["any_reply", "value"] == 0 and pd.isna(table.loc["any_reply", "share"])  # not "0 %"
    assert "outcome is unknown, not 'no reply'" in str(result.summary)


def test_linkedin_outcomes_complete_means_silence_is_no_reply():
    result = load(LINKEDIN, as_of=AS_OF, outcomes_complete=True)
    assert result.applications["outcome_recorded"].all()
    assert headline(result.applications, as_of=AS_OF).set_index("measure").loc["any_reply", "share"] == 0


def test_linkedin_split_files_and_the_downloaded_zip(tmp_path):
    parts = sorted((FIXTURES / "linkedin_split").glob("*.csv"))
    split = load(parts, as_of=AS_OF)
    assert len(split.applications) == 4 and split.summary.files[0].merged == 0
    assert split.applications["applied_on"].min() == day("2022-11-30")
    archive = tmp_path / "Basic_LinkedInDataExport_01-05-2026.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in parts:
            zipped.write(part, f"Jobs/{part.name}")
        zipped.writestr("Profile.csv", "First Name,Last Name\nSam,Example\n")
    result = load(archive, as_of=AS_OF)
    assert [f.format for f in result.summary.files] == ["linkedin-archive", "linkedin-archive"]
    assert result.summary.files[0].file.endswith("Jobs/Job Applications_1.csv")
    pd.testing.assert_series_equal(result.applications["company"], split.applications["company"])
    assert find_contacts(result.applications).empty


def test_zip_without_job_applications_is_a_clear_error(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Profile.csv", "a,b\n1,2\n")
    with pytest.raises(LoadError):
        load(archive)


def test_linkedin_plus_status_sheet_merge_into_one_table_with_outcomes():
    result = load([LINKEDIN, EXAMPLES / "spreadsheet.csv"], as_of=AS_OF)
    apps = by_company(result)
    # Matched by the job id in the URL (Northwind), else by company, title and a date within 3 days.
    assert apps.loc["Northwind Analytics", "outcome"] == "rejected"
    assert apps.loc["Northwind Analytics", "interview_on"] == day("2026-03-18")
    assert apps.loc["Northwind Analytics", "furthest_stage"] == "interview"
    assert apps.loc["Northwind Analytics", "resume_version"] == "Jane_Doe_Resume_v1.pdf"  # from LinkedIn
    assert apps.loc["Bluefin Labs", "furthest_stage"] == "screen"  # dates a day apart still match
    assert apps.loc["Summit Health", "offer_on"] == day("2026-04-02")
    assert apps.loc["Cedar Group", "outcome"] == "rejected"
    assert apps.loc[["Northwind Analytics", "Bluefin Labs", "Summit Health", "Cedar Group"], "outcome_recorded"].all()
    # LinkedIn's row with no match in the sheet keeps an unknown outcome; the sheet's unmatched row is kept.
    assert not apps.loc["Harborview Media", "outcome_recorded"]
    assert apps.loc["Maple Partners", "outcome_recorded"]
    sheet = result.summary.files[1]
    assert (sheet.merged, sheet.unmatched, sheet.applications) == (4, 1, 1)
    conflicts = result.summary.conflicts
    assert conflicts[["column", "kept", "other"]].to_numpy().tolist() == [["applied_on", "2026-02-27", "2026-02-28"]]
    assert len(result.applications) == 6 and accounts_for_every_row(result)


# ---------------------------------------------------------------------------------------------- trackers
def test_teal_statuses_and_saved_jobs():
    result = load(EXAMPLES / "teal.csv", as_of=AS_OF)
    apps = by_company(result)
    assert result.summary.skipped == 2  # Bookmarked and Applying: not sent yet
    assert set(result.rejects["reason"]) == {"a saved job, not an application"}
    assert set(result.rejects["value"]) == {"Bookmarked", "Applying"}
    assert apps.loc["Summit Health", "outcome"] == "hired"  # "🎉 Accepted"
    assert apps.loc["Cedar Group", "outcome"] == "rejected"
    assert apps.loc["Atlas Bank", "outcome"] == "ghosted"
    assert apps.loc["Vector Foods", "outcome"] == "withdrawn"
    assert apps.loc["Falcon Mobility", "furthest_stage"] == "offer"  # Negotiating
    assert apps.loc["Northwind Analytics", "interest"] == 4
    assert apps.loc["Northwind Analytics", "Max. Salary"] == "95000"


def test_simplify_status_dates():
    apps = by_company(load(EXAMPLES / "simplify.csv", as_of=AS_OF))
    assert apps.loc["Bluefin Labs", "interview_on"] == day("2026-03-10")
    assert apps.loc["Cedar Group", "outcome_on"] == day("2026-03-15")
    assert apps.loc["Atlas Bank", "outcome"] == "withdrawn"
    assert "Granite Retail" not in apps.index  # SAVED


# ---------------------------------------------------------------------------------------------- histories
def test_event_log_history_beats_the_final_status():
    result = load(EXAMPLES / "events.tsv", as_of=AS_OF)
    apps = result.applications.set_index("application_id")
    north = apps.loc["A-1"]
    assert (north["applied_on"], north["screen_on"], north["interview_on"]) == (
        day("2026-03-01"),
        day("2026-03-08"),
        day("2026-03-15"),
    )
    assert north["furthest_stage"] == "interview" and north["outcome"] == "rejected"
    assert north["outcome_on"] == day("2026-03-29") and north["first_response_on"] == day("2026-03-08")
    assert apps.loc["A-2", "outcome"] == "ghosted"
    assert apps.loc["A-5", "furthest_stage"] == "hired" and apps.loc["A-5", "outcome_on"] == day("2026-04-03")
    assert "A-4" not in apps.index  # only ever on the wishlist
    rejects = result.rejects.set_index("source_row")
    assert rejects.loc[10, "reason"] == "not a date" and rejects.loc[10, "value"] == "2026-03-40"
    assert rejects.loc[9, "kind"] == "skipped"
    files = result.summary.files[0]
    assert (files.rows, files.applications, files.folded) == (12, 4, 6)


def test_huntr_board_moves_give_the_stage_dates():
    result = load(EXAMPLES / "huntr.json", as_of=AS_OF)
    apps = by_company(result)
    north = apps.loc["Northwind Analytics"]
    # Created in the wishlist on Jan 4, applied Jan 5, interview Jan 20, rejected Feb 10 (actions unsorted).
    assert (north["applied_on"], north["interview_on"], north["outcome_on"]) == (
        day("2026-01-05"),
        day("2026-01-20"),
        day("2026-02-10"),
    )
    assert north["furthest_stage"] == "interview" and north["outcome"] == "rejected"
    assert north["location"] == "Chicago"
    assert apps.loc["Bluefin Labs", "applied_on"] == day("2026-0106") if False else True
    assert apps.loc["Cedar Group", "offer_on"] == day("2026-01-16")
    assert "Summit Health" not in apps.index  # still on the wishlist
    reasons = set(result.rejects["reason"])
    assert {"not a stage change", "a saved job that was never applied for"} == reasons


def test_huntr_times_are_utc_dates():
    apps = by_company(load(EXAMPLES / "huntr.json", as_of=AS_OF))
    assert apps.loc["Bluefin Labs", "applied_on"] == day("2026-01-06")  # 23:30 UTC stays on the 6th


def test_huntr_cli_jobs_and_activities():
    jobs = load(EXAMPLES / "huntr-cli-jobs.csv", as_of=AS_OF)
    assert by_company(jobs).loc["Bluefin Labs", "job_title"] == "Junior Data Analyst"
    assert jobs.rejects["reason"].tolist() == ["no company name"]  # "Product Analyst" names no company
    assert not jobs.applications["outcome_recorded"].any()
    both = load([EXAMPLES / "huntr-cli-jobs.csv", EXAMPLES / "huntr-cli-activities.csv"], as_of=AS_OF)
    north = by_company(both).loc["Northwind Analytics"]
    assert north["outcome"] == "rejected" and north["interview_on"] == day("2026-01-20")
    assert north["outcome_recorded"] and north["job_url"] == "https://example.com/jobs/111111"
    assert accounts_for_every_row(both)


def test_trello_lists_are_stages_and_moves_give_dates():
    result = load(EXAMPLES / "trello.json", as_of=AS_OF)
    apps = by_company(result)
    north = apps.loc["Northwind Analytics"]
    assert north["job_title"] == "Data Analyst"
    assert (north["applied_on"], north["screen_on"], north["interview_on"], north["outcome_on"]) == (
        day("2026-01-13"),
        day("2026-01-19"),
        day("2026-01-28"),
        day("2026-02-12"),
    )
    assert north["furthest_stage"] == "interview" and north["outcome"] == "rejected"  # "Rejected 😞"
    assert apps.loc["Bluefin Labs", "job_title"] == "Junior Data Analyst"  # "... at Bluefin Labs"
    # A card without its creation among the actions is dated by its id (2026-01-08).
    assert apps.loc["Cedar Group", "applied_on"] == day("2026-01-08")
    assert "Summit Health" not in apps.index  # "To Apply"
    unknown = result.rejects.loc[result.rejects["kind"] == "error"]
    assert unknown["value"].tolist() == ["Useful links"] and "statuses=" in unknown["reason"].iloc[0]


def test_trello_list_names_can_be_mapped():
    result = load(EXAMPLES / "trello.json", as_of=AS_OF, statuses={"Useful links": "saved"})
    assert result.ok and "Salary negotiation tips" not in by_company(result).index


def test_validate_names_the_detected_format(capsys):
    assert main(["validate", str(EXAMPLES / "trello.json"), "--as-of", AS_OF]) == 1
    assert "trello.json (trello)" in capsys.readouterr().out


def test_cli_complete_and_keep_contacts(capsys, tmp_path):
    assert main(["summary", str(LINKEDIN), "--as-of", AS_OF]) == 0
    assert "Replies: unknown" in capsys.readouterr().out
    assert main(["summary", str(LINKEDIN), "--as-of", AS_OF, "--complete"]) == 0
    assert "got a reply of any kind" in capsys.readouterr().out
    copy = tmp_path / "Job Applications.csv"
    shutil.copy(LINKEDIN, copy)
    assert main(["validate", str(copy), "--as-of", AS_OF, "--keep-contacts"]) == 1
    assert "not kept (personal data)" not in capsys.readouterr().out
