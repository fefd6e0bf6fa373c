"""Contact details: found in any free text whatever their national format, masked wherever text is kept or
shown, and contact columns dropped however many there are and whatever they are called."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.privacy import (
    MASK,
    contact_share,
    find_contacts,
    mask_contacts,
    read_secret,
    scrub,
    suppress,
)

AS_OF = "2026-06-30"
NUMBERS = {
    "UK, international, no spaces": "+447946095800",
    "UK, international": "+44 7700 900123",
    "UK, national": "07911 123456",
    "France, international": "+33 6 12 34 56 78",
    "France, national": "06 12 34 56 78",
    "Germany, international": "+49 30 12345678",
    "Germany, national mobile": "0151 23456789",
    "India": "+91 98765 43210",
    "Japan": "+81-3-1234-5678",
    "US, local": "555-1234",
    "US, national": "(415) 555-2671",
    "US, international": "+1 (212) 555-0199",
    "a tel: link": "tel:+15551234567",
    "UK, 00 prefix": "0044 7700 900123",
    "Spain": "+34 612 34 56 78",
    "Brazil": "+55 11 91234-5678",
}


@pytest.mark.parametrize("number", list(NUMBERS.values()), ids=list(NUMBERS))
def test_a_phone_number_in_any_of_a_dozen_formats_is_masked(number):
    assert mask_contacts(f"call {number} after 5") == f"call {MASK} after 5"


@pytest.mark.parametrize(
    "text",
    [
        "met on 2026-01-15 at 10:30",
        "x_01-05-2026.zip",
        "salary 120000-140000",
        "Req 1234567",
        "$85,000 - $95,000",
        "https://www.linkedin.com/jobs/view/3456789012/",
        "12/16/22, 3:07 PM",
        "Senior Analyst II",
        "bb003529909ede59",
    ],
)
def test_dates_amounts_links_and_ids_are_not_phone_numbers(text):
    assert mask_contacts(text) == text


def test_scrub_masks_each_distinct_text_and_keeps_missing_values():
    text = pd.Series(["jane.doe@example.org", None, "Acme (07911 123456)", "Acme", "jane.doe@example.org"])
    masked = scrub(text)
    assert masked.tolist()[0] == MASK and pd.isna(masked.iloc[1])
    assert masked.tolist()[2:] == [f"Acme ({MASK})", "Acme", MASK]


def test_find_contacts_skips_identifiers():
    frame = pd.DataFrame({"application_id": ["0507015010558113"], "notes": ["ring 0151 23456789"]})
    assert find_contacts(frame)[["column", "row"]].to_numpy().tolist() == [["notes", 0]]
    assert contact_share(pd.Series(["a@b.org", "x", None, ""])) == pytest.approx(0.5)


def test_every_contact_column_is_dropped_and_free_text_is_masked(write):
    path = write(
        "log.csv",
        "Company,Date Applied,Status,Recruiter Name,Recruiter Email,Recruiter Phone,Hiring Manager,Point of contact,"
        "Notes,Location\n"
        "Acme (+44 7700 900123),2026-03-02,Rejected,Sam Jones,sam@acme.example,07911 123456,Kim Lee,"
        "kim@acme.example,call 555-1234,Leeds tel:+441134960000\n"
        "Globex,2026-03-05,Applied,Al Po,al@globex.example,+49 30 12345678,,bo@globex.example,,Berlin\n",
    )
    result = load(path, as_of=AS_OF)
    private = set(result.summary.files[0].private)
    # Named ones by their header, "Point of contact" by its cells (mostly e-mail addresses).
    assert {"Recruiter Name", "Recruiter Email", "Recruiter Phone", "Hiring Manager", "Point of contact"} <= private
    apps = result.applications
    assert not private & set(apps.columns)
    assert apps.loc[0, "company"] == f"Acme ({MASK})"
    assert apps.loc[0, "notes"] == f"call {MASK}" and apps.loc[0, "location"] == f"Leeds {MASK}"
    assert find_contacts(apps).empty


def test_a_phone_column_of_dates_is_not_a_phone_number(write):
    # A tracker's "Phone" stage column holds the date of the phone screen, not a number: it is kept.
    path = write(
        "log.csv",
        "Company,Date Applied,Status,Phone\nAcme,2026-03-02,Interview,2026-03-09\nGlobex,2026-03-05,Applied,\n",
    )
    result = load(path, as_of=AS_OF)
    assert "Phone" not in result.summary.files[0].private
    assert "Phone" in result.summary.files[0].own or "Phone" in result.summary.files[0].columns


def test_a_rejected_value_is_masked_before_anyone_sees_it(write):
    path = write("log.csv", "Company,Date Applied,Status\nAcme,call 07911 123456,Applied\nGlobex,2026-03-05,Applied\n")
    result = load(path, as_of=AS_OF)
    assert result.rejects["value"].tolist() == [f"call {MASK}"]
    assert "07911" not in result.summary.render()
    kept = load(path, as_of=AS_OF, keep_contacts=True)
    assert kept.rejects["value"].tolist() == ["call 07911 123456"]  # the person asked to keep them


def test_there_is_no_default_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("JOBSEARCH_SECRET", raising=False)
    with pytest.raises(LoadError, match="no secret for the pseudonyms"):
        read_secret()
    assert read_secret(required=False) is None
    monkeypatch.setenv("JOBSEARCH_SECRET", "short")
    with pytest.raises(LoadError, match="shorter than 16 characters"):
        read_secret()
    path = tmp_path / "secret.txt"
    path.write_text("  a-long-enough-team-secret \n", encoding="utf-8")
    assert read_secret(path) == "a-long-enough-team-secret"


# ----------------------------------------------------------------------------------------------- small cells
def recoverable(shown: pd.DataFrame, original: pd.DataFrame, clients: str, parts: list[str]) -> list[tuple]:
    """The hidden cells a reader can work out exactly from what is shown: in every row whose number of clients
    is shown the parts add up to it, and every column adds up to its published total (the original's sum). A
    hidden cell is recoverable when these equations pin it, whatever the other hidden cells are: its unit vector
    lies in the span of the equations over the hidden cells."""
    columns = [clients, *parts]
    cells = [(r, c) for r in range(len(shown)) for c in columns if pd.isna(shown.iloc[r][c])]
    where = {cell: i for i, cell in enumerate(cells)}
    equations = []
    for r in range(len(shown)):  # clients - sum(parts) = 0, over the hidden cells of the row
        row = np.zeros(len(cells))
        for c, sign in ((clients, 1.0), *((p, -1.0) for p in parts)):
            if (r, c) in where:
                row[where[r, c]] = sign
        equations.append(row)
    for c in columns:  # the column's hidden cells add up to the total less the cells shown
        equations.append(np.array([1.0 if cell[1] == c else 0.0 for cell in cells]))
    system = np.array(equations) if cells else np.zeros((0, 0))
    rank = np.linalg.matrix_rank(system) if cells else 0
    found = []
    for i, (r, c) in enumerate(cells):
        probe = np.vstack([system, np.eye(len(cells))[i]])
        if np.linalg.matrix_rank(probe) == rank:
            found.append((original.iloc[r]["program"], c, int(original.iloc[r][c])))
    return found


def test_suppress_repeats_until_no_hidden_cell_can_be_worked_back_out():
    # b's 3 employed is small: its row hides 17 searching with it (employed + searching = clients), and as the
    # programmes add up to a published total, each column hides one more cell: a's 10 employed and c's 18
    # searching. That first pass leaves a's employed (40 - 30) and c's searching (30 - 12) alone in their rows,
    # and with them back the column totals give b's 3 and 17 back too; only a second pass, hiding a's and c's
    # other part, closes that.
    table = pd.DataFrame(
        {"program": ["a", "b", "c"], "clients": [40, 20, 30], "employed": [10, 3, 12], "searching": [30, 17, 18]}
    )
    parts = ["employed", "searching"]
    first_pass_only = table.astype({c: "Int64" for c in parts})
    first_pass_only.loc[1, parts] = pd.NA
    first_pass_only.loc[0, "employed"] = first_pass_only.loc[2, "searching"] = pd.NA
    assert recoverable(first_pass_only, table, "clients", parts) == [
        ("a", "employed", 10), ("b", "employed", 3), ("b", "searching", 17), ("c", "searching", 18)
    ]  # fmt: skip
    out = suppress(table, clients="clients", counts={c: [] for c in parts}, parts=parts, rows_add_up=True)
    assert out["employed"].isna().any()
    assert recoverable(out, table, "clients", parts) == []
    assert not out[["clients", *parts]].melt()["value"].between(1, 4).any()  # and no small count is shown
