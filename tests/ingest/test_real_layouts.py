"""Layouts that real hand-kept logs use, each reproduced with invented values: placeholders, stage columns
holding dates, flags, counts or words, dates without a year or with a UTC offset, wish list rows, git's
merge-conflict markers, a repeated header row, a default date filled into a stage column, and a log with no
status column at all. (The real files themselves are tested in test_real_logs.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.ingest.applications import fits
from jobsearch_analysis.ingest.dates import in_span_year, parse_dates, yearless_parts
from jobsearch_analysis.ingest.readers import placeholders
from jobsearch_analysis.ingest.stage_columns import stage_of
from tests.conftest import AS_OF


def rows_add_up(result) -> bool:
    s = result.summary
    return s.rows == s.applications + s.rejected + s.skipped


# ------------------------------------------------------------------------------------------- placeholders
@pytest.mark.parametrize("word", ["null", "NULL", "None", "n/a", "N/A", "-", "--", "?", "TBD", "unknown", "—"])
def test_a_placeholder_in_an_optional_date_costs_nothing(write, word):
    text = (
        "Company,Date Applied,Status,Response Date\n"
        f"Acme,2026-03-02,Rejected,2026-03-09\nGlobex,2026-03-03,Applied,{word}\n"
    )
    result = load(write("p.csv", text), as_of=AS_OF)
    apps = result.applications
    assert result.ok and len(apps) == 2 and rows_add_up(result)
    assert apps["first_response_on"].isna().tolist() == [False, True]
    assert any("placeholders read as empty cells" in note for note in result.summary.files[0].notes)


def test_the_survivors_of_placeholders_are_not_only_the_replies(write):
    # The real failure: 'null' in every unanswered row's response date rejected those rows, and the reply
    # rate of what was left read 100 %.
    lines = ["company_name,application_date,status,response_date"]
    lines += [f"Firm {i},2026-03-{i + 1:02d},applied,null" for i in range(8)]
    lines += ["Firm 8,2026-03-10,rejected,2026-03-20", "Firm 9,2026-03-11,interview,2026-03-15"]
    result = load(write("null.csv", "\n".join(lines) + "\n"), as_of=AS_OF)
    from jobsearch_analysis.analysis.metrics import replied

    assert len(result.applications) == 10
    assert replied(result.applications).mean() == pytest.approx(0.2)


def test_placeholders_are_recognised_and_real_values_are_not():
    cells = pd.Series(["null", "N/A", "-", "—", "?", "TBD", "x", "✅", "", None, "2020-01-01", " none ", "Acme"])
    assert placeholders(cells).tolist() == [True] * 6 + [False] * 5 + [True, False]


# ------------------------------------------------------------------------------------------ stage columns
@pytest.mark.parametrize(
    ("header", "stage"),
    [
        ("Phone", "screen"),
        ("Date Phone Screen", "screen"),
        ("Date Technical Screen", "screen"),
        ("Coding Challenge", "screen"),
        ("Recruiter", "screen"),
        ("Onsite", "interview"),
        ("On-Campus", "interview"),
        ("Date Onsite / Final Round", "interview"),
        ("Kennenlerngespräch", "interview"),
        ("Zweitgespräch", "interview"),
        ("Interview date", "interview"),
        ("Date Offer", "offer"),
        ("TOTAL INTERVIEWS", "interview"),
    ],
)
def test_stage_headers(header, stage):
    assert stage_of(header)[0] == stage


@pytest.mark.parametrize("header", ["Interview notes", "Offer Amount", "Company", "Rejection Stage", "Notes"])
def test_headers_that_are_not_stage_columns(header):
    assert stage_of(header) is None


def test_wide_stage_columns_holding_dates_flags_words_and_counts(write):
    text = (
        "Company,Applied Date,Coding Challenge,Recruiter,Phone,On-Campus,Onsite,Result\n"
        "Acme,7/19/2020,,,,,,\n"  # nothing
        "Globex,7/19/2020,CodeSignal,,27-Oct,10/29/2020,,Rejected\n"  # words, a yearless date, a date
        "Initech,8/1/2020,Code Challenge,,10/2/2020,,,Accepted!\n"
        "Hooli,8/2/2020,yes,yes,8/5/2020 & 8/14/2020,,yes,\n"  # flags and two dates in one cell
        "Umbrella,8/3/2020,no,,,,,\n"  # a no is not a stage
    )
    result = load(write("wide.csv", text), as_of=AS_OF)
    apps = result.applications.set_index("company")
    assert apps["furthest_stage"].astype(str).to_dict() == {
        "Acme": "applied",
        "Globex": "interview",
        "Initech": "hired",
        "Hooli": "interview",
        "Umbrella": "applied",
    }
    assert apps.loc["Globex", "screen_on"] == pd.Timestamp("2020-10-27")  # the year of the log's dates
    assert apps.loc["Globex", "interview_on"] == pd.Timestamp("2020-10-29")
    assert apps.loc["Hooli", "screen_on"] == pd.Timestamp("2020-08-05")  # the earliest of two
    assert pd.isna(apps.loc["Hooli", "interview_on"])  # reached, day not known
    read = result.summary.files[0].columns
    assert read["Phone"] == "screen_on" and read["Onsite"] == "interview_on" and read["On-Campus"] == "interview_on"
    assert "Phone" not in result.summary.files[0].private


@pytest.mark.parametrize(("yes", "no"), [("ja", "nein"), ("oui", "non"), ("1", "0"), ("x", ""), ("✓", "")])
def test_stage_flag_columns_in_any_language(write, yes, no):
    text = f"Firma,Datum,Kennenlerngespräch,Zweitgespräch\nA,2024-07-03,{yes},{no}\nB,2024-07-04,{no},{no}\n"
    apps = load(write("de.csv", text), as_of=AS_OF).applications
    assert apps["furthest_stage"].astype(str).tolist() == ["interview", "applied"]


def test_a_count_of_interviews_is_a_stage(write):
    text = "COMPANY,APPLIED,TOTAL INTERVIEWS\nA,2026-03-02,0\nB,2026-03-03,2\nC,2026-03-04,\n"
    apps = load(write("count.csv", text), as_of=AS_OF).applications
    assert apps["furthest_stage"].astype(str).tolist() == ["applied", "interview", "applied"]


def test_a_column_that_mentions_a_stage_but_holds_notes_is_the_users_own(write):
    text = "Company,Date Applied,Interview notes\nA,2026-03-02,asked about SQL\nB,2026-03-03,went well\n"
    result = load(write("notes.csv", text), as_of=AS_OF)
    assert result.applications["furthest_stage"].astype(str).tolist() == ["applied", "applied"]
    assert "Interview notes" in result.summary.files[0].own


def test_a_default_date_filled_into_a_stage_column_is_not_evidence(write):
    lines = ["Date Applied,Company,Status,Interview Date"]
    lines += [f"2026-03-{i + 2:02d},Firm {i},Submitted,2026-04-01" for i in range(6)]
    lines += ["2026-03-10,Real,Interview,2026-03-20"]
    path = write("default.csv", "\n".join(lines) + "\n")
    result = load(path, as_of=AS_OF)
    apps = result.applications
    assert (apps["furthest_stage"].astype(str) == "interview").sum() == 1
    assert any("a default filled in" in note for note in result.summary.files[0].notes)
    # Named by the user, the column is taken as said.
    named = load(path, as_of=AS_OF, mapping={"Interview Date": "interview_on"}).applications
    assert (named["furthest_stage"].astype(str) == "interview").sum() == 7


# ----------------------------------------------------------------------------------------------- row hygiene
def test_wish_list_rows_are_skipped_and_counted(write):
    text = "Company,Role name,Applied Date,Result\nNetflix,,,\nAcme,Intern,7/19/2019,Rejected\nDelta,Engineer,,\n"
    result = load(write("wish.csv", text), as_of=AS_OF)
    assert result.applications["company"].tolist() == ["Acme"]
    assert result.summary.skipped == 2 and result.summary.rejected == 0 and rows_add_up(result)
    assert "2 jobs not applied for yet" in str(result.summary)


def test_a_row_with_a_status_but_no_date_is_still_an_error(write):
    text = "Company,Applied Date,Result\nAcme,,Rejected\nGlobex,7/19/2019,\n"
    result = load(write("nodate.csv", text), as_of=AS_OF)
    assert result.rejects.loc[0, "reason"] == "no application date" and result.rejects.loc[0, "kind"] == "error"


def test_merge_conflict_markers_and_a_repeated_header_are_named(write):
    text = (
        "<<<<<<< HEAD\n"
        "Date Applied,Company,Application Status\n"
        "2025-06-30,Acme,Submitted\n"
        "=======\n"
        "Date Applied,Company,Application Status\n"
        "2025-06-19,Globex,Rejected\n"
        ">>>>>>> 58ac36ab6b7e4cc74ecc7890ec0b1eb6521873c2\n"
    )
    result = load(write("conflict.csv", text), as_of=AS_OF)
    assert result.applications["company"].tolist() == ["Acme", "Globex"]
    assert result.summary.rejected == 0 and rows_add_up(result)
    words = str(result.summary)
    assert "2 merge-conflict marker lines" in words and "1 repeated header row" in words


# ----------------------------------------------------------------------------------------------------- dates
def test_a_timestamp_with_an_offset_keeps_its_local_day(write):
    text = (
        "Job Title,Company,Applied Date,Status\n"
        'Analyst,Acme,"Tue, 14 Jan 2025 21:35:02 -0800",Pending\n'
        'Analyst,Globex,"Thu, 02 Jan 2025 20:02:38 -0700 (MST)",Pending\n'
    )
    apps = load(write("rfc.csv", text), as_of=AS_OF).applications
    assert apps["applied_on"].tolist() == [pd.Timestamp("2025-01-14"), pd.Timestamp("2025-01-02")]


def test_dates_without_a_year_take_the_year_of_the_logs_span(write):
    text = "Company,Applied Date\nA,7/19/2019\nB,8-Jul\nC,10/16/2019\nD,Oct 12\n"
    result = load(write("noyear.csv", text), as_of=AS_OF)
    apps = result.applications.set_index("company")
    assert apps.loc["B", "applied_on"] == pd.Timestamp("2019-07-08")
    assert apps.loc["D", "applied_on"] == pd.Timestamp("2019-10-12")
    assert any("had no year" in note and "2019" in note for note in result.summary.files[0].notes)


def test_a_year_is_taken_only_when_one_year_clearly_fits():
    parts = yearless_parts(pd.Series(["8-Jul", "Oct 12", "Feb 30", "10/7"]), dayfirst=False)
    inside = in_span_year(parts, (pd.Timestamp("2019-07-19"), pd.Timestamp("2019-10-16")))
    assert inside.tolist() == [
        pd.Timestamp("2019-07-08"),
        pd.Timestamp("2019-10-12"),
        pd.NaT,
        pd.Timestamp("2019-10-07"),
    ]
    # A log of December to February: July is as near one year as the other, so no year is guessed.
    winter = in_span_year(parts, (pd.Timestamp("2019-12-01"), pd.Timestamp("2020-02-16")))
    assert pd.isna(winter.iloc[0])
    # A log longer than a year: October falls in two of its years.
    long = in_span_year(parts, (pd.Timestamp("2019-01-01"), pd.Timestamp("2020-12-31")))
    assert long.isna().all()


def test_rfc_2822_dates_parse_to_the_writers_day():
    values = pd.Series(["Tue, 14 Jan 2025 21:35 -0800", "14 Jan 2025 23:59:00 GMT", "Mar 5, 2026 3:07 PM"])
    assert parse_dates(values, dayfirst=None).dates.dt.day.tolist() == [14, 14, 5]


# --------------------------------------------------------------------------------------------- no status
def test_a_log_with_no_status_column_has_outcome_unknown(write):
    text = "COMPANY,JOB TITLE,APPLIED ON\nA,Analyst,2026-03-02\nB,Analyst,2026-03-03\n"
    result = load(write("nostatus.csv", text), as_of=AS_OF)
    assert not result.applications["outcome_recorded"].any()
    assert "outcome is unknown" in str(result.summary)


def test_a_log_with_stage_dates_but_no_status_records_outcomes(write):
    text = "Company,Date Applied,Interview date\nA,2026-03-02,2026-03-09\nB,2026-03-03,\n"
    apps = load(write("stages.csv", text), as_of=AS_OF).applications
    assert apps["outcome_recorded"].all()


# ------------------------------------------------------------------------------------ files that are not logs
def test_a_day_by_day_sheet_is_declined_in_one_line(write):
    days = ",".join(f"2022-01-{d:02d} 00:00:00" for d in range(3, 13))
    text = f"Total,{days}\n1619,1. Acme,1. Globex,,,,,,,,\n,2. Initech,,,,,,,,,\n"
    with pytest.raises(LoadError, match=r"the columns are days \(10 of 11 headers are dates\)") as caught:
        load(write("days.csv", text), as_of=AS_OF)
    assert "\n" not in str(caught.value)


def test_a_tally_of_stage_marks_is_declined_in_one_line(write):
    text = "Application,Applied,Ghosted,1st Interview,Rejected,Job Offer\n1,1,1,,,\n2,1,,1,1,\n3,1,,1,,1\n"
    with pytest.raises(LoadError, match="a tally of 0/1 marks per stage") as caught:
        load(write("tally.csv", text), as_of=AS_OF)
    assert "\n" not in str(caught.value)


def test_a_wish_list_is_declined_in_one_line(write):
    text = (
        "Company,Position,Deadline,Status\n"
        "A College,Asst Prof,2026-10-15,interested\nB Univ,Lecturer,2026-11-01,saved\n"
    )
    with pytest.raises(LoadError, match="a wish list: no application date column"):
        load(write("wish.csv", text), as_of=AS_OF)


def test_a_suggested_column_fits_the_role():
    # A duration column ("Bewerbungsdauer", days as numbers) has a header like a date's; its values are not.
    raw = pd.DataFrame({"Einreichdatum": ["2024-07-03", "2024-07-04"], "Bewerbungsdauer": ["6", "54"],
                        "Jobtitel": ["Analyst", "Data Analyst"]})  # fmt: skip
    assert fits(raw, "Einreichdatum", "applied_on") and not fits(raw, "Bewerbungsdauer", "applied_on")
    assert fits(raw, "Jobtitel", "company") and not fits(raw, "Einreichdatum", "company")


def test_a_stage_column_never_filled_in_records_no_outcomes(write):
    # A tracker's "TOTAL INTERVIEWS" column left empty says nothing about replies.
    text = "COMPANY,APP SUBMITTED DATE,TOTAL INTERVIEWS\nA,2026-03-02,\nB,2026-03-03,\n"
    apps = load(write("empty.csv", text), as_of=AS_OF).applications
    assert not apps["outcome_recorded"].any()


def test_the_formats_page_quotes_what_each_unsupported_layout_gets():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    page = (root / "docs" / "formats.md").read_text(encoding="utf-8")
    table = page.split("## Layouts it does not read")[1].split("\n\n")[2]
    checked = 0
    for line in table.splitlines()[2:]:
        _, _, examples, message, _ = line.split("|")
        quoted = message.strip().strip('"')
        for name in [n.strip(" `") for n in examples.split(",") if n.strip()]:
            with pytest.raises(LoadError) as caught:
                load(root / "tests" / "fixtures" / "unsupported" / name, as_of=AS_OF)
            said = str(caught.value)
            assert "\n" not in said and said.startswith(f"{name}: ")
            if name == "applications.pdf" or not name.endswith((".docx", ".ods")):
                assert quoted in said, (name, said)
            checked += 1
    assert checked == 7


def test_a_referral_column_makes_referrals_and_its_names_are_not_kept(write):
    text = (
        "Company,Date Applied,Source,Referral Contact\n"
        "A,2026-03-02,,Jane Roe\nB,2026-03-03,LinkedIn,\nC,2026-03-04,Indeed,Sam Poe\n"
    )
    result = load(write("ref.csv", text), as_of=AS_OF)
    apps = result.applications
    assert apps["channel"].astype(str).tolist() == ["referral", "job_board", "referral"]
    assert "Referral Contact" in result.summary.files[0].private
    assert "Jane Roe" not in apps.to_csv() and "Sam Poe" not in apps.to_csv()


def test_a_challenge_left_to_expire_is_not_a_screen(write):
    text = "Company,Applied Date,Coding Challenge\nA,7/19/2019,yes\nB,7/20/2019,expired\nC,7/21/2019,\n"
    apps = load(write("exp.csv", text), as_of=AS_OF).applications
    assert apps["furthest_stage"].astype(str).tolist() == ["screen", "applied", "applied"]


def test_a_scrapers_quotes_around_a_name_are_not_the_name(write):
    text = 'Company,Applied Date\n"""Coding Academy""",2025-01-02\nAcme,2025-01-03\n'
    apps = load(write("q.csv", text), as_of=AS_OF).applications
    assert apps["company"].tolist() == ["Coding Academy", "Acme"]


@pytest.mark.parametrize(
    ("source", "channel"),
    [("Ashby", "company_site"), ("iCIMS", "company_site"), ("Workable", "company_site"),
     ("Built in nyc", "job_board"), ("workatastartup", "job_board"), ("Hacker News", "job_board")],
)  # fmt: skip
def test_application_portals_and_boards_of_real_logs(source, channel):
    from jobsearch_analysis.ingest.vocab import resolve_channel

    assert resolve_channel(source) == channel


def test_a_column_read_as_something_else_is_never_suggested(write):
    # The academic list's 'position' is the job title: it used to be offered as the company.
    text = "Uni,position,deadline,letters,notes,Date Applied\nA College,Asst Prof,2026-10-15,3,x,2026-10-01\n"
    with pytest.raises(LoadError) as caught:
        load(write("uni.csv", text), as_of=AS_OF)
    message = str(caught.value)
    assert "no company column" in message and "'position'" not in message.split("Headers found")[1].split(".")[1]
    assert "mapping={'position'" not in message
