"""Files read the way their structure says: an event log only when its rows are stage histories, every file of a
client read, every board entry counted, and a status wording of the user's own that means a known status."""

from __future__ import annotations

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.cli import cli_error, main
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.ingest.formats.events import Evidence
from tests.crafted import detection

AS_OF = "2026-11-02"


def adds_up(result) -> bool:
    s = result.summary
    return s.rows == s.applications + s.rejected + s.skipped + s.folded + s.merged


# ------------------------------------------------------------------------------------------- event logs
def test_a_status_sheet_with_one_company_applied_to_twice_keeps_both_applications(tmp_path):
    result = load(detection.applied_twice(tmp_path), as_of=AS_OF)
    assert result.summary.files[0].format == "spreadsheet" and result.summary.folded == 0
    acme = result.applications.loc[result.applications["company"] == "Acme"].set_index("applied_on")
    assert len(result.applications) == 5 and len(acme) == 2
    assert acme.loc[pd.Timestamp("2026-03-02"), "outcome"] == "rejected"  # the March rejection stays one
    june = acme.loc[pd.Timestamp("2026-06-10")]
    assert (june["furthest_stage"], june["outcome"]) == ("interview", "open")


def test_ids_reused_for_other_companies_are_not_folded_away(tmp_path):
    result = load(detection.reused_ids(tmp_path), as_of=AS_OF)
    assert result.summary.files[0].format == "spreadsheet" and result.summary.folded == 0 and adds_up(result)
    # Every company is an application or a rejected row with its reason; none vanishes into another's history.
    assert len(result.applications) == 8 and result.summary.rejected == 2
    assert set(result.rejects["source_row"]) == {7, 8}
    assert set(result.rejects["reason"]) == {"the application id is already used by an earlier row"}


def test_an_event_log_without_an_event_header_is_still_one(tmp_path):
    result = load(detection.event_log(tmp_path), as_of=AS_OF)
    assert result.summary.files[0].format == "events" and adds_up(result)
    assert (len(result.applications), result.summary.folded) == (3, 4)
    acme = result.applications.set_index("application_id").loc["A-1"]
    assert (acme["screen_on"], acme["interview_on"]) == (pd.Timestamp("2026-03-08"), pd.Timestamp("2026-03-15"))
    assert (acme["furthest_stage"], acme["outcome"]) == ("interview", "rejected")


def test_an_event_log_whose_dates_do_not_tell_the_day_month_order_is_still_one(write):
    # Read day first, both ids advance from March to April; read month first, each would go back (an
    # interview in February after an application in October): only one order makes them histories.
    path = write(
        "stages.csv",
        "Application ID,Company,Job Title,Stage,Date\n"
        "A-1,Acme,Data Analyst,Applied,10/03/2026\n"
        "A-2,Globex,Analyst,Applied,11/03/2026\n"
        "A-1,Acme,Data Analyst,Interview,02/04/2026\n"
        "A-2,Globex,Analyst,Rejected,05/04/2026\n"
        "A-3,Initech,BI Analyst,Applied,12/03/2026\n",
    )
    with pytest.raises(LoadError, match="dayfirst=True or dayfirst=False"):  # detected, then asked, not guessed
        load(path, as_of=AS_OF)
    result = load(path, as_of=AS_OF, dayfirst=True)
    assert result.summary.files[0].format == "events" and len(result.applications) == 3


def test_a_stage_nobody_knows_after_the_application_still_moves_a_history_on(write):
    # Six applications, two with histories: E-1 to an interview, E-0 to words no vocabulary holds.
    rows = [f"E-{n}\tCompany {n}\tApplied\t2026-01-{n + 5:02d}" for n in range(6)]
    rows += ["E-0\tCompany 0\tcalled by the recruiter\t2026-01-20", "E-1\tCompany 1\tInterview\t2026-01-30"]
    result = load(write("log.tsv", "Application ID\tCompany\tStage\tDate\n" + "\n".join(rows) + "\n"), as_of=AS_OF)
    assert result.summary.files[0].format == "events" and len(result.applications) == 6
    assert result.rejects["reason"].str.startswith("a stage we do not know").tolist() == [True]


def test_rows_that_say_both_ask_which_it_is_rather_than_fold(tmp_path):
    path = detection.mixed(tmp_path)
    with pytest.raises(LoadError) as raised:
        load(path, as_of=AS_OF)
    message = str(raised.value)
    assert message.startswith("mixed.csv: cannot tell whether each row is an application or a stage change")
    assert "format='events'" in message and "format='spreadsheet'" in message and "\n" not in message
    assert "--format events" in cli_error(raised.value) and "--format spreadsheet" in cli_error(raised.value)
    assert load(path, as_of=AS_OF, format="events").summary.folded == 4
    rows = load(path, as_of=AS_OF, format="spreadsheet").summary  # each id once; the others said, not folded
    assert (rows.applications, rows.rejected, rows.folded) == (4, 4, 0)


def test_a_header_that_names_events_with_rows_that_cannot_be_histories_asks(write):
    text = detection.APPLIED_TWICE.replace("Date Applied,Status", "Date,New status")
    with pytest.raises(LoadError, match="the headers name events, but 1 company is on rows that cannot be"):
        load(write("log.csv", text), as_of=AS_OF)


def test_an_application_sent_twice_is_no_history(write):
    # Acme: applied in March, applied again in June, at interview in July: two applications, not one history.
    text = detection.APPLIED_TWICE.replace("02,Rejected", "02,Applied").replace("06-10,Interview", "06-10,Applied")
    result = load(write("log.csv", text + "Acme,Data Analyst,2026-07-01,Interview\n"), as_of=AS_OF)
    assert result.summary.files[0].format == "spreadsheet" and len(result.applications) == 6


@pytest.mark.parametrize(
    ("applications", "histories", "contradictions", "named", "verdict"),
    [
        (5, 1, 0, False, "events"),  # a fifth of the applications with a history, nothing against
        (6, 1, 0, False, "rows"),  # fewer: a re-application that happened to advance
        (5, 0, 0, True, "events"),  # the headers say so, and no row says otherwise
        (5, 0, 0, False, "rows"),
        (5, 0, 2, False, "rows"),  # keys repeat, but never as a history
        (5, 3, 1, False, "mixed"),
        (5, 0, 1, True, "mixed"),
        (20, 1, 3, False, "rows"),
    ],
)
def test_the_verdict_of_the_evidence(applications, histories, contradictions, named, verdict):
    assert Evidence(applications, histories, contradictions, named).verdict == verdict


# ---------------------------------------------------------------------------------------------- cohorts
def test_files_of_one_client_with_the_same_stem_are_all_read(tmp_path):
    cohort = load_cohort(detection.same_stem(tmp_path), as_of=AS_OF)
    summary = cohort.load.summary
    assert cohort.applications.groupby("client_id").size().to_dict() == {"ann": 40, "bob": 20}
    assert sorted(f.file for f in summary.files) == ["ann.csv", "ann.txt", "bob.csv"]
    assert summary.rows == 60 and adds_up(cohort.load) and cohort.unusable == {}


def test_a_sub_folder_and_a_file_of_one_name_are_one_client(tmp_path):
    caseload = detection.same_stem(tmp_path)
    (caseload / "ann.txt").unlink()
    (caseload / "ann").mkdir()
    (caseload / "ann" / "spring.csv").write_text(detection.one_stem_log("Sub", 2, "Applied"))
    cohort = load_cohort(caseload, as_of=AS_OF)
    assert cohort.applications.groupby("client_id").size().to_dict() == {"ann": 40, "bob": 20}


def test_an_unusable_file_does_not_cost_the_clients_other_files(tmp_path):
    caseload = detection.same_stem(tmp_path)
    (caseload / "ann.txt").write_bytes(bytes(range(256)) * 4)
    (caseload / "bob").mkdir()
    (caseload / "bob" / "notes.csv").write_text("Foo,Bar\n1,2\n")
    cohort = load_cohort(caseload, as_of=AS_OF)
    assert cohort.applications.groupby("client_id").size().to_dict() == {"ann": 20, "bob": 20}
    assert set(cohort.unusable) == {"ann.txt", "bob/notes.csv"}
    assert "2 files could not be read at all" in cohort.render()


# ------------------------------------------------------------------------------------------------ boards
@pytest.mark.parametrize(("make", "first"), [(detection.huntr_strays, "jobs"), (detection.trello_strays, "cards")])
def test_board_entries_that_are_not_objects_are_counted_as_skipped(tmp_path, make, first):
    result = load(make(tmp_path), as_of=AS_OF)
    strays = result.rejects.loc[result.rejects["code"] == "not_a_record"]
    assert len(strays) == 8 and adds_up(result)
    assert set(strays["kind"]) == {"skipped"}
    assert {f"{first}[1]", f"{first}[2]", "actions[1]", "actions[2]"} <= set(strays["column"])
    assert set(strays["value"]) == {'"junk"', "42", "null", "a list of 3 values"}
    assert "8 entries that are not records" in str(result.summary)


def test_board_entries_keep_their_place_in_the_file(tmp_path):
    result = load(detection.huntr_strays(tmp_path), as_of=AS_OF)
    saved = result.rejects.loc[result.rejects["code"] == "never_applied"]
    assert saved["column"].str.startswith("jobs[4]").all()  # Summit Health, the third job, after two strays


# --------------------------------------------------------------------------------------------- statuses
def test_a_status_meaning_the_tool_does_not_know_is_one_clear_error(tmp_path):
    path = detection.applied_twice(tmp_path)
    with pytest.raises(LoadError) as raised:
        load(path, as_of=AS_OF, statuses={"Rejected": "bogus"})
    assert str(raised.value) == (
        "statuses={'Rejected': 'bogus'}: 'bogus' is not a status this tool knows; use one of applied, phone "
        "screen, interview, offer, offer accepted, rejected, no reply, withdrawn, offer declined, saved"
    )
    with pytest.raises(LoadError, match="the wording is empty"):
        load(path, as_of=AS_OF, statuses={" ": "rejected"})
    with pytest.raises(LoadError, match="statuses= takes your wordings and what each means"):
        load(path, as_of=AS_OF, statuses=["Rejected"])


def test_a_status_meaning_in_any_known_wording_is_read(tmp_path):
    result = load(detection.applied_twice(tmp_path), as_of=AS_OF, statuses={"No response": "Absage"})
    assert result.applications.set_index("company").loc["Initech", "outcome"] == "rejected"


def test_the_command_line_says_an_unknown_status_meaning_in_one_line(tmp_path, capsys):
    path = detection.applied_twice(tmp_path)
    assert main(["validate", str(path), "--as-of", AS_OF, "--status", "Rejected=bogus"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --status 'Rejected=bogus': 'bogus' is not a status this tool knows")
    assert "\n" not in err and "statuses=" not in err
    assert main(["validate", str(path), "--as-of", AS_OF, "--status", "Rejected"]) == 2
    assert "write it as WORDS=STATUS" in capsys.readouterr().err
