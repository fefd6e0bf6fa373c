"""Reading a caseload: the clients table (every row accounted for, personal data dropped) and the applications of
many clients (one file, a folder of files, a folder of folders)."""

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import LoadError, sample_path
from jobsearch_analysis.ingest.clients import clients_from_applications, load_clients, load_cohort
from jobsearch_analysis.schema import CLIENT_COLUMNS, EXIT_REASONS, Clients

AS_OF = "2026-06-30"

HEADER = "Client ID,Name,Email,Phone,Search start,Intake date,Programme,Exit date,Exit reason,Last contact,Notes\n"
ROWS = [
    "C1,Ann Lee,ann@example.org,555 123 4567,2026-01-05,2026-01-05,job club,2026-03-01,Employed part-time,2026-02-20,call ann@example.org or 555 123 4567",  # noqa: E501  row 2
    "C2,Bob Roe,bob@example.org,,2026-01-05,2026-02-01,job club,2026-04-01,freelance,2026-03-20,",  # row 3
    "C3,Cy Poe,cy@example.org,,2026-01-12,2026-01-12,coaching,2026-04-01,moved away,2026-03-20,",  # row 4
    "C4,Di Moe,di@example.org,,2026-01-12,2026-01-12,coaching,2026-04-01,,2026-03-20,",  # row 5
    "C5,Ed Foe,ed@example.org,,2026-01-12,2026-01-12,coaching,,training,2026-03-20,",  # row 6
    "C6,Fy Goe,fy@example.org,,2026-02-12,,coaching,2026-02-01,other,2026-02-20,",  # row 7
    "C7,Gu Hoe,gu@example.org,,2026-01-12,2026-03-12,coaching,,,2026-02-20,",  # row 8
    "C8,Hal Ice,hal@example.org,,2026-01-12,2026-01-12,coaching,2026-04-01,won the lottery,2026-03-20,",  # row 9
    "C1,Ivy Joe,ivy@example.org,,2026-01-12,2026-01-12,coaching,,,2026-03-20,",  # row 10
    "C9,Jo Koe,jo@example.org,,2026-01-12,2026-01-12,coaching,,,2027-03-20,",  # row 11
    ",Ka Loe,ka@example.org,,2026-01-12,2026-01-12,coaching,,,2026-03-20,",  # row 12
    "C10,Li Moe,li@example.org,,2026-13-45,2026-01-12,coaching,,,2026-03-20,",  # row 13
    ",,,,,,,,,,",  # row 14
    "C11,Mo Noe,mo@example.org,,2026-01-12,2026-01-12,coaching,2026-03-01,Employed,2026-03-01,",  # row 15
    "C12,No Oe,no@example.org,,2026-01-12,,coaching,,,,",  # row 16
    "C13,Ol Pe,ol@example.org,,2026-01-05,2026-02-01,coaching,2026-01-20,other,2026-02-05,",  # row 17
    "C14,Pi Qu,pi@example.org,,2026-01-05,2026-01-05,coaching,2026-02-10,Further education,2026-02-10,",  # row 18
    "C15,Qi Ru,qi@example.org,,2026-01-05,2026-01-05,coaching,2026-02-10,self_employed,2026-02-10,",  # row 19
]
TABLE = HEADER + "\n".join(ROWS) + "\n"

BROKEN = {  # row -> (column, reason)
    5: ("Exit reason", "an exit date but no exit reason"),
    6: ("Exit date", "an exit reason but no exit date"),
    7: ("Exit date", "the exit is dated before the search started"),
    8: ("Last contact", "the last contact is before the intake"),
    9: ("Exit reason", "not an exit reason this tool knows; use one of " + ", ".join(EXIT_REASONS)),
    10: ("Client ID", "the client id is already used by an earlier row"),
    11: ("Last contact", "a date after the as-of date 2026-06-30 (a typo in the year?)"),
    12: ("Client ID", "no client id"),
    13: ("Search start", "not a date"),
    16: ("Last contact", "no last contact date"),
    17: ("Exit date", "the exit is dated before the intake"),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("clients") / "clients.csv"
    path.write_text(TABLE, encoding="utf-8")
    return load_clients(path, as_of=AS_OF)


def test_every_row_is_accounted_for(loaded):
    assert loaded.rows == len(ROWS) == 18
    assert loaded.rows == len(loaded.clients) + loaded.rejected + loaded.skipped
    assert (len(loaded.clients), loaded.rejected, loaded.skipped) == (6, 11, 1)
    assert not loaded.ok
    assert loaded.clients["client_id"].tolist() == ["C1", "C2", "C3", "C11", "C14", "C15"]
    assert loaded.clients["source_row"].tolist() == [2, 3, 4, 15, 18, 19]
    skipped = loaded.rejects.loc[loaded.rejects["kind"] == "skipped"]
    assert skipped["source_row"].tolist() == [14] and skipped["reason"].tolist() == ["blank row"]
    assert loaded.as_of == pd.Timestamp(AS_OF)


@pytest.mark.parametrize("row", sorted(BROKEN))
def test_each_broken_rule_is_rejected_with_its_row_and_a_plain_reason(loaded, row):
    errors = loaded.rejects.loc[loaded.rejects["kind"] == "error"].set_index("source_row")
    column, reason = BROKEN[row]
    assert errors.loc[row, "column"] == column
    assert errors.loc[row, "reason"] == reason
    assert errors.loc[row, "source_file"] == "clients.csv"
    assert f"row {row}, {column}" in loaded.render()


def test_rejects_are_one_line_per_row_and_name_the_value(loaded):
    errors = loaded.rejects.loc[loaded.rejects["kind"] == "error"]
    assert errors["source_row"].tolist() == sorted(BROKEN)
    values = errors.set_index("source_row")["value"]
    assert values[9] == "won the lottery" and values[11] == "2027-03-20" and values[13] == "2026-13-45"
    assert values[10] == "C1" and values[12] == ""


def test_exit_wordings_are_mapped(loaded):
    reasons = loaded.clients.set_index("client_id")["exit_reason"]
    assert reasons.to_dict() == {
        "C1": "employed_part_time",  # "Employed part-time"
        "C2": "self_employed",  # "freelance"
        "C3": "other",  # "moved away"
        "C11": "employed_full_time",  # a bare "Employed"
        "C14": "training",  # "Further education"
        "C15": "self_employed",  # the canonical name itself
    }
    assert "1 exit says only that the client found work: counted as full time" in loaded.notes


def test_the_result_fits_the_clients_schema(loaded):
    clients = loaded.clients
    assert tuple(clients.columns[: len(CLIENT_COLUMNS)]) == CLIENT_COLUMNS
    Clients.validate(clients)
    row = clients.set_index("client_id").loc["C2"]
    assert row["search_start"] == pd.Timestamp("2026-01-05") and row["intake"] == pd.Timestamp("2026-02-01")
    assert row["exited_on"] == pd.Timestamp("2026-04-01") and row["last_contact_on"] == pd.Timestamp("2026-03-20")
    assert row["program"] == "job club" and pd.isna(row["counsellor"])


def test_names_emails_and_phones_are_dropped(loaded):
    assert loaded.private == ("Name", "Email", "Phone")
    assert not {"Name", "Email", "Phone"} & set(loaded.clients.columns)
    text = loaded.clients.to_csv()
    for person in ("Ann Lee", "Bob Roe", "ann@example.org", "555 123 4567", "@"):
        assert person not in text
    # The counsellor's own free text is kept, with the contact details inside it masked.
    assert loaded.own == ("Notes",)
    assert loaded.clients["Notes"].iloc[0] == "call [contact removed] or [contact removed]"
    assert "not kept (personal data): Name, Email, Phone" in loaded.render()


def test_a_table_without_a_client_id_column_is_one_clear_error(write):
    path = write("caseload.csv", "Number,Search start,Last contact\n1,2026-01-05,2026-02-01\n")
    with pytest.raises(LoadError) as raised:
        load_clients(path, as_of=AS_OF)
    message = str(raised.value)
    assert "\n" not in message and message.startswith("caseload.csv: a clients table needs client_id")
    assert "Headers found: 'Number', 'Search start', 'Last contact'" in message
    assert "mapping={'Your header': 'client_id'}" in message
    assert raised.value.__cause__ is None and raised.value.__context__ is None  # no chained traceback


def test_mapping_names_unknown_headers(write):
    text = "Kunden-Nr,Suchbeginn,Letzter Kontakt,Grund,Ausstieg\nK1,2026-01-05,2026-03-01,moved,2026-03-01\n"
    path = write("kunden.csv", text)
    with pytest.raises(LoadError, match="needs client_id"):
        load_clients(path, as_of=AS_OF)
    mapping = {"Kunden-Nr": "client_id", "Suchbeginn": "search_start", "Letzter Kontakt": "last_contact_on",
               "Grund": "exit_reason", "Ausstieg": "exited_on"}  # fmt: skip
    result = load_clients(path, as_of=AS_OF, mapping=mapping)
    assert result.ok and result.clients["client_id"].tolist() == ["K1"]
    assert result.clients["exit_reason"].tolist() == ["other"]
    with pytest.raises(LoadError, match="'postcode' is not a column"):
        load_clients(path, as_of=AS_OF, mapping={**mapping, "Kunden-Nr": "postcode"})


def test_day_month_order_is_asked_for_not_guessed(write):
    path = write("c.csv", "Client,Search start,Last contact\nA,03/04/2026,05/06/2026\nB,03/05/2026,06/06/2026\n")
    with pytest.raises(LoadError, match="dayfirst=True or dayfirst=False"):
        load_clients(path, as_of=AS_OF)
    result = load_clients(path, as_of=AS_OF, dayfirst=True)
    assert result.clients["search_start"].tolist() == [pd.Timestamp("2026-04-03"), pd.Timestamp("2026-05-03")]


def test_sample_clients_table():
    result = load_clients(sample_path("cohort_clients"), as_of="2026-11-02")
    assert (result.rows, len(result.clients), result.rejected, result.skipped) == (200, 198, 2, 0)
    errors = result.rejects.set_index("source_row")
    assert list(errors.index) == [81, 144]
    assert errors.loc[81, "reason"] == "an exit date but no exit reason"
    assert errors.loc[144, "column"] == "Last contact" and errors.loc[144, "value"] == "2062-10-12"
    assert "after the as-of date 2026-11-02" in errors.loc[144, "reason"]
    assert result.private == ("Name", "Email")
    assert not result.clients.astype("str").apply(lambda c: c.str.contains("@")).any().any()
    assert result.clients["client_id"].is_unique
    assert result.columns["Counsellor team"] == "counsellor" and result.columns["Programme"] == "program"


# ----------------------------------------------------------------------------------------------- cohorts
LOG = "Company,Date Applied,Status,Status Date\n"


@pytest.fixture
def folder(tmp_path):
    """A caseload folder: C1.csv and C2.csv, C3/ with two exports, and a clients table."""
    (tmp_path / "C1.csv").write_text(LOG + "Acme,2026-03-02,Rejected,2026-03-10\nGlobex,2026-03-03,Applied,\n")
    (tmp_path / "C2.csv").write_text(LOG + "Initech,2026-03-04,Offer accepted,2026-04-20\n")
    (tmp_path / "C3").mkdir()
    (tmp_path / "C3" / "spring.csv").write_text(LOG + "Hooli,2026-03-05,Applied,\n")
    (tmp_path / "C3" / "summer.csv").write_text(LOG + "Wonka,2026-06-01,Phone screen,2026-06-09\n")
    (tmp_path / ".hidden.csv").write_text(LOG + "Nope,2026-03-05,Applied,\n")
    return tmp_path


CLIENTS_CSV = (
    "Client ID,Name,Search start,Last contact,Exit date,Exit reason\n"
    "C1,Ann Lee,2026-02-01,2026-06-01,,\n"
    "C2,Bob Roe,2026-02-01,2026-04-20,2026-04-20,Employed full-time\n"
)


def test_folder_of_per_client_files_and_sub_folders(folder):
    cohort = load_cohort(folder, as_of=AS_OF)
    apps = cohort.applications
    assert apps.groupby("client_id")["company"].apply(sorted).to_dict() == {
        "C1": ["Acme", "Globex"],
        "C2": ["Initech"],
        "C3": ["Hooli", "Wonka"],  # both files of the sub-folder
    }
    assert cohort.load.summary.rows == 5 and len(cohort.load.summary.files) == 4
    assert cohort.unusable == {} and cohort.as_of == pd.Timestamp(AS_OF)
    assert cohort.derived and cohort.clients_load is None
    assert any("There is no clients table" in note for note in cohort.notes)
    assert "from 3 clients" in cohort.render()


def test_clients_table_in_the_folder_is_found(folder):
    (folder / "clients.csv").write_text(CLIENTS_CSV)
    cohort = load_cohort(folder, as_of=AS_OF)
    assert not cohort.derived and cohort.clients_load is not None
    assert set(cohort.applications["client_id"]) == {"C1", "C2", "C3"}  # clients.csv is not a client
    assert cohort.clients["client_id"].tolist() == ["C1", "C2"]
    assert cohort.clients_load.private == ("Name",) and "Name" not in cohort.clients.columns
    assert cohort.unmatched == 1 and cohort.notes == ()
    assert cohort.unmatched_note() == (
        "1 client has applications but no usable row in the clients table (none, or one that was rejected): their "
        "applications count in the strategy figures, not in time to employment."
    )
    assert cohort.unmatched_note(min_clients=5).startswith("Fewer than 5 clients have applications")
    assert cohort.unmatched_note() in cohort.render()


def test_an_unreadable_file_is_reported_and_the_others_still_load(folder):
    (folder / "C4.csv").write_bytes(bytes(range(256)) * 4)
    (folder / "C5.csv").write_text("Foo,Bar\n1,2\n")
    cohort = load_cohort(folder, as_of=AS_OF)
    assert set(cohort.applications["client_id"]) == {"C1", "C2", "C3"}
    assert set(cohort.unusable) == {"C4.csv", "C5.csv"}
    assert "not a text file" in cohort.unusable["C4.csv"]
    assert "no company column" in cohort.unusable["C5.csv"]
    # What is printed names no file: in a per-client folder a file's name is the client.
    assert "2 files could not be read at all" in cohort.render() and "C5" not in cohort.render()


def test_a_folder_without_any_readable_file_is_an_error(tmp_path):
    (tmp_path / "C5.csv").write_text("Foo,Bar\n1,2\n")
    with pytest.raises(LoadError, match="no readable application file in the folder"):
        load_cohort(tmp_path, as_of=AS_OF)
    with pytest.raises(LoadError, match="no such file or folder"):
        load_cohort(tmp_path / "missing", as_of=AS_OF)


def test_a_single_file_needs_a_client_column(write):
    path = write("log.csv", LOG + "Acme,2026-03-02,Rejected,2026-03-10\n")
    with pytest.raises(LoadError, match="no client column, so every application would belong to one person"):
        load_cohort(path, as_of=AS_OF)


def test_a_single_file_with_a_client_column_and_a_clients_table(write):
    log = write(
        "cohort.csv",
        "Participant,Company,Date Applied,Status,Status Date\n"
        "C1,Acme,2026-03-02,Rejected,2026-03-10\nC2,Initech,2026-03-04,Offer accepted,2026-04-20\n",
    )
    cohort = load_cohort(log, clients=write("table.csv", CLIENTS_CSV), as_of=AS_OF)
    assert cohort.applications["client_id"].tolist() == ["C1", "C2"]
    assert cohort.clients_load.file == "table.csv" and cohort.notes == ()
    assert cohort.clients.set_index("client_id").loc["C2", "exit_reason"] == "employed_full_time"


def test_clients_derived_from_the_applications_by_hand(write):
    log = write(
        "cohort.csv",
        "Client,Company,Date Applied,Status,Status Date\n"
        "P1,Acme,2026-03-02,Offer accepted,2026-04-01\n"
        "P1,Globex,2026-03-05,Rejected,2026-04-10\n"
        "P2,Initech,2026-03-04,Applied,\n"
        "P2,Hooli,2026-03-09,Rejected,2026-03-20\n",
    )
    apps = load_cohort(log, as_of=AS_OF).applications
    clients = clients_from_applications(apps).set_index("client_id")
    # P1: first application 2026-03-02, hired 2026-04-01 (an employment exit), latest activity 2026-04-10.
    assert clients.loc["P1", "search_start"] == pd.Timestamp("2026-03-02")
    assert clients.loc["P1", "exited_on"] == pd.Timestamp("2026-04-01")
    assert clients.loc["P1", "exit_reason"] == "employed_full_time"
    assert clients.loc["P1", "last_contact_on"] == pd.Timestamp("2026-04-10")
    # P2: still searching, followed to the rejection of 2026-03-20.
    assert pd.isna(clients.loc["P2", "exited_on"]) and pd.isna(clients.loc["P2", "exit_reason"])
    assert clients.loc["P2", "search_start"] == pd.Timestamp("2026-03-04")
    assert clients.loc["P2", "last_contact_on"] == pd.Timestamp("2026-03-20")
    assert clients["intake"].isna().all()
    frame = clients.reset_index()
    Clients.validate(frame)
    assert frame["source_row"].tolist() == [1, 2] and np.all(frame["source_file"] == "(derived from the applications)")


def test_sample_cohort():
    cohort = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of="2026-11-02")
    assert len(cohort.applications) == cohort.load.summary.applications == 18005
    assert cohort.applications["client_id"].nunique() == 200 and len(cohort.clients) == 198
    missing = set(cohort.applications["client_id"]) - set(cohort.clients["client_id"])
    assert missing == {"C0080", "C0143"}  # the two rejected rows of the clients table
    assert cohort.unmatched_note().startswith("2 clients have applications but no usable row in the clients table")


def test_the_clients_account_writes_large_counts_with_thousands_separators():
    from jobsearch_analysis.ingest.clients import ClientsRead

    read = ClientsRead(rows=9_259_301, clients=9_259_300, rejected=1, skipped=0, as_of=pd.Timestamp("2026-11-02"))
    assert read.render().startswith("the clients table: 9,259,301 rows = 9,259,300 clients + 1 rejected + 0 skipped.")
