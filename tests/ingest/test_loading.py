import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.schema import COLUMNS, validate

AS_OF = "2026-06-30"

STATUS_SHEET = """Company,Job Title,Date Applied,Status,Status Date,Source,Contact Email,Salary
Acme,Data Analyst,2026-03-02,Rejected,2026-03-20,LinkedIn,bob@acme.example,80k
Globex,Analyst,2026-03-03,Phone screen,2026-03-09,Referral,,
Initech,BI Developer,2026-03-04,Applied,,Company website,,
Hooli,Engineer,2026-03-05,No reply,,Indeed,,
Umbrella,Scientist,2026-03-06,Offer accepted,2026-04-20,Recruiter,,
"""


def rows_add_up(result) -> bool:
    return result.summary.rows == len(result.applications) + len(result.rejects)


def test_status_sheet(write):
    result = load(write("log.csv", STATUS_SHEET), as_of=AS_OF)
    apps = result.applications.set_index("company")
    assert result.ok and len(apps) == 5 and rows_add_up(result)
    assert apps.loc["Acme", "outcome"] == "rejected"
    assert apps.loc["Acme", "outcome_on"] == pd.Timestamp("2026-03-20")
    assert apps.loc["Acme", "first_response_on"] == pd.Timestamp("2026-03-20")  # a rejection is a reply
    assert apps.loc["Globex", "furthest_stage"] == "screen"
    assert apps.loc["Globex", "screen_on"] == pd.Timestamp("2026-03-09")
    assert apps.loc["Initech", "outcome"] == "open" and pd.isna(apps.loc["Initech", "first_response_on"])
    assert apps.loc["Hooli", "outcome"] == "ghosted"
    assert apps.loc["Umbrella", "furthest_stage"] == "hired" and apps.loc["Umbrella", "outcome"] == "hired"
    assert list(apps["channel"]) == ["job_board", "referral", "company_site", "job_board", "recruiter"]


def test_result_is_valid_against_the_schema(write):
    result = load(write("log.csv", STATUS_SHEET), as_of=AS_OF)
    validate(result.applications)
    assert tuple(result.applications.columns[: len(COLUMNS)]) == COLUMNS
    assert result.as_of == pd.Timestamp(AS_OF) and result.applications.attrs == {}


def test_contact_details_are_not_kept_and_user_columns_are(write):
    result = load(write("log.csv", STATUS_SHEET), as_of=AS_OF)
    assert "Contact Email" not in result.applications.columns
    assert not result.applications.astype(str).apply(lambda c: c.str.contains("@")).any().any()
    assert result.applications["Salary"].iloc[0] == "80k"
    assert result.summary.files[0].private == ("Contact Email",)


def test_wide_sheet_history_beats_current_status(write):
    text = (
        "Company,Applied,Phone screen date,Interview date,Offer date,Rejection date,Status\n"
        "Acme,2026-03-02,2026-03-09,2026-03-16,,2026-03-30,Rejected\n"
        "Globex,2026-03-03,,2026-03-10,2026-03-24,,\n"
        "Initech,2026-03-04,,,,,\n"
    )
    apps = load(write("wide.csv", text), as_of=AS_OF).applications.set_index("company")
    assert apps.loc["Acme", "furthest_stage"] == "interview"
    assert apps.loc["Acme", "outcome"] == "rejected" and apps.loc["Acme", "interview_on"] == pd.Timestamp("2026-03-16")
    assert apps.loc["Acme", "first_response_on"] == pd.Timestamp("2026-03-09")
    assert apps.loc["Globex", "furthest_stage"] == "offer" and apps.loc["Globex", "outcome"] == "open"
    assert apps.loc["Globex", "first_response_on"] == pd.Timestamp("2026-03-10")  # a referral skipping the screen
    assert apps.loc["Initech", "furthest_stage"] == "applied"


def test_two_endings_in_one_row_are_rejected(write):
    text = "Company,Applied,Rejected,Withdrawn\nAcme,2026-03-02,2026-03-10,2026-03-11\nGlobex,2026-03-03,,\n"
    result = load(write("e.csv", text), as_of=AS_OF)
    assert len(result.applications) == 1
    assert "more than one ending" in result.rejects["reason"].iloc[0]


def test_status_contradicting_an_ending_date_is_rejected(write):
    text = "Company,Applied,Status,Rejection date\nAcme,2026-03-02,Offer accepted,2026-03-10\n"
    result = load(write("c.csv", text), as_of=AS_OF)
    assert result.applications.empty and "status says one ending" in result.rejects["reason"].iloc[0]


def test_bad_rows_are_reported_with_row_numbers_and_reasons(write):
    text = (
        "Company,Date Applied,Interest,Cover letter,Interview date\n"
        "Acme,2026-03-02,4,yes,\n"  # row 2: fine
        ",2026-03-03,3,no,\n"  # row 3: no company
        "Initech,2026-02-30,3,no,\n"  # row 4: impossible date
        "Hooli,2026-03-05,9,no,\n"  # row 5: out of scale
        "Umbrella,2026-03-06,2,perhaps,\n"  # row 6: not yes/no
        "Wonka,2026-03-07,2,no,2025-03-09\n"  # row 7: interview a year early
        "Stark,,2,no,\n"  # row 8: no date, no status, no stage: a wish list row, skipped
        "Wayne,2027-03-07,2,no,\n"
    )  # row 9: after the as-of date
    result = load(write("bad.csv", text), as_of=AS_OF)
    rejects = result.rejects.set_index("source_row")
    # A bad cell in a column an application can do without costs the cell: rows 5, 6 and 7 are kept.
    assert list(result.applications["company"]) == ["Acme", "Hooli", "Umbrella", "Wonka"]
    assert list(rejects.index) == [3, 4, 8, 9]
    assert rejects.loc[3, "reason"] == "no company name"
    assert rejects.loc[4, "value"] == "2026-02-30" and "not a date" in rejects.loc[4, "reason"]
    assert "not applied for yet" in rejects.loc[8, "reason"] and rejects.loc[8, "kind"] == "skipped"
    assert rejects.loc[9, "value"] == "2027-03-07" and "after the as-of date" in rejects.loc[9, "reason"]
    assert set(result.rejects["kind"]) == {"error", "skipped"} and not result.ok and rows_add_up(result)
    warnings = result.summary.warnings.set_index("source_row")
    assert list(warnings.index) == [5, 6, 7]
    assert warnings.loc[5, "column"] == "Interest" and "1 to 5" in warnings.loc[5, "reason"]
    assert warnings.loc[6, "value"] == "perhaps"
    assert warnings.loc[7, "column"] == "Interview date" and "before the application" in warnings.loc[7, "reason"]
    kept = result.applications.set_index("company")
    assert pd.isna(kept.loc["Hooli", "interest"]) and pd.isna(kept.loc["Umbrella", "cover_letter"])
    assert pd.isna(kept.loc["Wonka", "interview_on"]) and pd.isna(kept.loc["Wonka", "first_response_on"])
    assert "Cells left empty, the application kept (3):" in result.summary.render()


def test_exact_duplicates_are_reported_not_dropped(write):
    text = "Company,Date Applied\nAcme,2026-03-02\nAcme,2026-03-02\nAcme,2026-03-02\n"
    result = load(write("d.csv", text), as_of=AS_OF)
    assert len(result.applications) == 1
    assert list(result.rejects["reason"]) == ["an exact copy of row 2", "an exact copy of row 2"]


def test_same_company_and_day_but_different_rows_get_distinct_stable_ids(write):
    text = "Company,Job Title,Date Applied,Location\nAcme,Analyst,2026-03-02,Paris\nAcme,Analyst,2026-03-02,Lyon\n"
    first = load(write("t.csv", text), as_of=AS_OF).applications["application_id"].tolist()
    again = load(write("t2.csv", text), as_of=AS_OF).applications["application_id"].tolist()
    assert len(set(first)) == 2 and first == again
    assert first[1] == first[0] + "-2"


def test_given_application_ids_must_be_unique(write):
    text = "ID,Company,Date Applied\n7,Acme,2026-03-02\n7,Globex,2026-03-03\n"
    result = load(write("ids.csv", text), as_of=AS_OF)
    assert list(result.applications["application_id"]) == ["7"]
    assert result.rejects["source_row"].tolist() == [3] and "already used" in result.rejects["reason"].iloc[0]


def test_blank_rows_and_saved_jobs_are_skipped_and_counted(write):
    text = "Company,Date Applied,Status\nAcme,2026-03-02,Applied\n,,\nGlobex,,Bookmarked\n\nInitech,2026-03-04,\n"
    result = load(write("s.csv", text), as_of=AS_OF)
    assert len(result.applications) == 2 and result.ok
    skipped = result.rejects.set_index("source_row")
    assert skipped.loc[3, "reason"] == "blank row" and skipped.loc[5, "reason"] == "blank row"
    assert "saved job" in skipped.loc[4, "reason"]
    assert result.summary.skipped == 3 and rows_add_up(result)


def test_title_rows_above_the_header(write):
    text = "My job search 2026\n\nCompany,Date Applied\nAcme,2026-03-02\n,\nGlobex,not a date\n"
    result = load(write("title.csv", text), as_of=AS_OF)
    assert result.applications["source_row"].tolist() == [4]
    assert result.rejects.set_index("source_row").loc[6, "reason"].startswith("not a date")
    assert result.summary.files[0].header_row == 3


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Firma;Beworben am;Status\nMüller GmbH;25.03.2026;Absage\nBäckerei;01.04.2026;Vorstellungsgespräch\n",
            "cp1252",
        ),
        (
            "Firma\tBeworben am\tStatus\nMüller GmbH\t25.03.2026\tAbsage\nBäckerei\t01.04.2026\tVorstellungsgespräch\n",
            "utf-8-sig",
        ),
        (
            "Firma,Beworben am,Status\nMüller GmbH,25.03.2026,Absage\nBäckerei,01.04.2026,Vorstellungsgespräch\n",
            "utf-16",
        ),
    ],
)
def test_delimiters_encodings_and_other_languages(write, text, encoding):
    result = load(write("de.csv", text.encode(encoding)), as_of=AS_OF)
    apps = result.applications
    assert apps["company"].tolist() == ["Müller GmbH", "Bäckerei"]
    assert apps["applied_on"].tolist() == [pd.Timestamp("2026-03-25"), pd.Timestamp("2026-04-01")]
    assert apps["outcome"].tolist() == ["rejected", "open"]
    assert apps["furthest_stage"].tolist() == ["applied", "interview"]


def test_undecidable_day_month_order_asks_for_dayfirst(write):
    path = write("amb.csv", "Company,Date Applied\nAcme,03/04/2026\nGlobex,05/06/2026\n")
    with pytest.raises(LoadError, match="dayfirst"):
        load(path, as_of=AS_OF)
    assert load(path, dayfirst=True, as_of=AS_OF).applications["applied_on"].iloc[0] == pd.Timestamp("2026-04-03")
    assert load(path, dayfirst=False, as_of=AS_OF).applications["applied_on"].iloc[0] == pd.Timestamp("2026-03-04")


def test_a_column_without_evidence_follows_the_files_other_dates(write):
    text = "Company,Date Applied,Interview date\nAcme,25/03/2026,03/04/2026\nGlobex,26/03/2026,\n"
    result = load(write("f.csv", text), as_of=AS_OF)
    assert result.applications["interview_on"].iloc[0] == pd.Timestamp("2026-04-03")
    assert any("like the file's other date columns" in note for note in result.summary.files[0].notes)


def test_mixed_orders_in_one_column_ask_rather_than_guess(write):
    path = write("m.csv", "Company,Date Applied\nAcme,25/03/2026\nGlobex,03/25/2026\n")
    with pytest.raises(LoadError, match="mixes day-first"):
        load(path, as_of=AS_OF)
    result = load(path, dayfirst=True, as_of=AS_OF)
    assert len(result.applications) == 1 and result.rejects["source_row"].tolist() == [3]


def test_missing_required_column_names_the_file_and_suggests(write):
    path = write("log.csv", "Company,Dat Applied,Status\nAcme,2026-03-02,Applied\n")
    with pytest.raises(LoadError) as info:
        load(path)
    message = str(info.value)
    assert "log.csv" in message and "application date" in message and "'Dat Applied'" in message


def test_mapping_names_unknown_headers_either_way_round(write):
    path = write("log.csv", "Arbeitgeberin,Wann,Stufe\nAcme,2026-03-02,Absage\n")
    for mapping in (
        {"Arbeitgeberin": "company", "Wann": "applied_on", "Stufe": "status"},
        {"company": "Arbeitgeberin", "applied_on": "Wann", "status": "Stufe"},
    ):
        apps = load(path, mapping=mapping, as_of=AS_OF).applications
        assert apps["company"].tolist() == ["Acme"] and apps["outcome"].tolist() == ["rejected"]
    with pytest.raises(LoadError, match="not a column"):
        load(path, mapping={"Arbeitgeberin": "employer_name", "Wann": "applied_on"}, as_of=AS_OF)


def test_unknown_status_leaves_the_outcome_unknown_with_advice_and_statuses_fixes_it(write):
    path = write("log.csv", "Company,Date Applied,Status\nAcme,2026-03-02,Wackelkandidat\n")
    result = load(path, as_of=AS_OF)
    assert result.rejects.empty and not result.applications["outcome_recorded"].any()
    assert result.summary.warnings["value"].tolist() == ["Wackelkandidat"]
    assert "statuses=" in result.summary.warnings["reason"].iloc[0]
    fixed = load(path, statuses={"Wackelkandidat": "offer accepted"}, as_of=AS_OF)
    assert fixed.applications["outcome"].tolist() == ["hired"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00junk", "binary"),
        (b"just some words\nand more words\n", "no company column"),
    ],
)
def test_unusable_files_raise_one_clear_error(write, content, message):
    with pytest.raises(LoadError, match=message):
        load(write("x.csv", content))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "nope.csv")
    with pytest.raises(LoadError, match="folder"):
        load(tmp_path)
    with pytest.raises(LoadError, match="no file given"):
        load([])


def test_old_excel_and_broken_workbook(write):
    with pytest.raises(LoadError, match="xls"):
        load(write("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100))
    with pytest.raises(LoadError, match="Excel"):
        load(write("broken.xlsx", b"PK\x03\x04 not really a zip"))


def test_xlsx_with_date_cells_title_rows_and_two_sheets(tmp_path):
    path = tmp_path / "log.xlsx"
    log = pd.DataFrame(
        {
            "Company": ["Acme", "Globex", None],
            "Date Applied": [dt.datetime(2026, 3, 2), dt.datetime(2026, 3, 3), None],
            "Status": ["Interviewing", "Rejected", None],
            "Interview Date": [dt.datetime(2026, 3, 12), None, None],
        }
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"Notes": ["my plan"]}).to_excel(writer, sheet_name="Plan", index=False)
        log.to_excel(writer, sheet_name="Applications", index=False, startrow=2)
    result = load(path, as_of=AS_OF)
    apps = result.applications
    assert apps["company"].tolist() == ["Acme", "Globex"]
    assert apps["source_row"].tolist() == [4, 5]  # title rows 1-2, header row 3
    assert apps["interview_on"].iloc[0] == pd.Timestamp("2026-03-12")
    assert apps["source_file"].iloc[0] == "log.xlsx [Applications]"
    assert rows_add_up(result)


def test_parquet_with_typed_columns(tmp_path):
    path = tmp_path / "log.parquet"
    pd.DataFrame(
        {
            "company": ["Acme", "Globex"],
            "applied_on": pd.to_datetime(["2026-03-02", "2026-03-03"]),
            "status": ["Applied", "Offer"],
            "interest": [3, 5],
            "cover_letter": [True, False],
        }
    ).to_parquet(path)
    apps = load(path, as_of=AS_OF).applications
    assert apps["source_row"].tolist() == [1, 2]
    assert apps["furthest_stage"].tolist() == ["applied", "offer"]
    assert apps["interest"].tolist() == [3, 5] and apps["cover_letter"].tolist() == [True, False]


def test_several_files_are_combined_with_their_own_row_numbers(write):
    first = write("a.csv", "Company,Date Applied\nAcme,2026-03-02\n")
    second = write("b.csv", "Employer;Applied\nGlobex;2026-03-03\n;2026-03-04\n")
    result = load([first, second], as_of=AS_OF)
    assert result.applications["source_file"].tolist() == ["a.csv", "b.csv"]
    assert result.rejects[["source_file", "source_row"]].to_numpy().tolist() == [["b.csv", 3]]
    assert [f.rows for f in result.summary.files] == [1, 2] and rows_add_up(result)


def test_as_of_defaults_to_today_and_bad_as_of_is_a_clear_error(write):
    path = write("a.csv", "Company,Date Applied\nAcme,2026-03-02\n")
    assert load(path).as_of == pd.Timestamp.today().normalize()
    with pytest.raises(LoadError, match="as_of"):
        load(path, as_of="someday")


def test_the_input_file_is_not_changed(write):
    path = write("a.csv", STATUS_SHEET)
    before = path.read_bytes()
    load(path, as_of=AS_OF)
    assert path.read_bytes() == before


def test_a_column_with_no_dates_is_kept_as_the_users_own(write):
    text = "Company,Date Applied,Offer\nAcme,2026-03-02,$85k\nGlobex,2026-03-03,\n"
    result = load(write("o.csv", text), as_of=AS_OF)
    assert result.ok and result.applications["Offer"].tolist() == ["$85k", ""]
    assert result.applications["furthest_stage"].tolist() == ["applied", "applied"]


def test_summary_text(write):
    result = load(write("log.csv", STATUS_SHEET), as_of=AS_OF)
    text = str(result.summary)
    assert "5 rows: 5 applications, 0 rejected, 0 skipped" in text
    assert "not kept (personal data): Contact Email" in text
    assert result.summary.to_frame()["applications"].tolist() == [5]


def test_a_file_that_looks_like_an_event_log_but_reads_otherwise_is_one_clear_error(write):
    # Found by the property test: the first line names a stage and an event date, but the rows' stray commas
    # make the reader split it differently; this was a StopIteration, not a message.
    path = write("log.csv", "Status;Source;Event date;Company\n;;;;,\n,\n")
    with pytest.raises(LoadError, match="read as an event log, but it has no stage and date columns"):
        load(path, as_of="2026-06-30")


def test_one_unrecorded_application_is_said_in_the_singular(write):
    linkedin = Path(__file__).parents[1] / "fixtures" / "formats" / "linkedin" / "Job Applications.csv"
    header, first = linkedin.read_text(encoding="utf-8").splitlines()[:2]
    text = str(load(write("Job Applications.csv", f"{header}\n{first}\n"), as_of="2026-06-30").summary)
    assert "1 application comes from a source that records no replies" in text


def test_bad_optional_cells_cost_the_cell_and_leave_the_rates_as_with_the_cells_blank(tmp_path):
    """A log whose reply and stage dates hold `null`, junk, dates before the application or after the as-of date
    keeps every row, and its rates are those of the same log with those cells blank: the bad cells bias
    nothing. (A wrong date in a stage column still says the stage was reached, so those are picked in rows whose
    status says it as well.)"""
    from jobsearch_analysis import simulate
    from jobsearch_analysis.analysis import metrics

    sim = simulate.simulate_search(seed=3)
    table = simulate.personal_log_table(sim)
    rng = np.random.default_rng(0)
    bad = table.copy()
    blank = table.copy()
    junk_cells = (("Status Date", "null", 6), ("Phone Screen", "1/2/2020", 4), ("Status Date", "13/45/2026", 2),
                  ("Status Date", "12/31/2029", 6), ("Excitement (1-5)", "11", 6))  # fmt: skip
    for column, junk, n in junk_cells:
        usable = (table[column].to_numpy() != "") & (bad[column] == table[column]).to_numpy()
        if column == "Status Date":  # the date of an ending (an open application's status date is not read)
            usable &= table["Status"].str.startswith("Rejected").to_numpy()
        if column == "Phone Screen":  # a date there, even a wrong one, says a screen was reached: pick rows
            usable &= table["Status"].isin(["Phone Screen", "Interviewing", "Offer"]).to_numpy()  # that say so too
        rows = rng.choice(np.flatnonzero(usable), n, replace=False)
        bad.loc[bad.index[rows], column] = junk
        blank.loc[blank.index[rows], column] = ""
    paths = {}
    for name, frame in (("bad", bad), ("blank", blank)):
        paths[name] = tmp_path / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    as_of = f"{sim.as_of:%Y-%m-%d}"
    with_bad, with_blank = load(paths["bad"], as_of=as_of), load(paths["blank"], as_of=as_of)
    assert len(with_bad.applications) == len(with_blank.applications) == len(table)
    assert with_bad.rejects.empty
    codes = with_bad.summary.warnings["code"].value_counts()
    assert codes["screen_on_not_before_applied_on"] == 4 and codes["interest_out_of_range"] == 6
    assert codes["no_date_after_as_of"] == 6 and codes["not_a_date"] == 2
    for kind in ("any", "positive"):
        a = metrics.response_rates(with_bad.applications, "channel", kind=kind, as_of=as_of)
        b = metrics.response_rates(with_blank.applications, "channel", kind=kind, as_of=as_of)
        pd.testing.assert_frame_equal(a, b)
