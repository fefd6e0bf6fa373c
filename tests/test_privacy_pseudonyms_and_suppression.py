"""Privacy for cohorts: keyed pseudonyms (HMAC-SHA256) and small-cell suppression."""

import base64
import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobsearch_analysis.notes import Note, NoteCode
from jobsearch_analysis.present.cohort_report import note_words
from jobsearch_analysis.privacy import (
    MIN_CELL,
    identity_columns,
    pseudonym,
    pseudonymise,
    suppress,
    suppression_note,
)

SECRET = "correct horse battery staple"
OTHER_SECRET = "another secret of enough length"


def caseload() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": ["C1", "C2", " C1", None],
            "Name": ["Ann Lee", "Bob Roe", "ann  LEE", "Cy Poe"],
            "Email": ["Ann@Example.org ", "bob@example.org", "ann@example.org", None],
            "Remarks": ["wrote to ann@example.org", "called", None, "met Cy at the fair"],
            "program": ["job club", "coaching", "job club", "coaching"],
            "applications": [12, 40, 3, 7],
        }
    )


def by_hand(value: str, secret: str = SECRET, prefix: str = "c-") -> str:
    digest = hmac.new(secret.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).digest()
    return prefix + base64.b32encode(digest).decode("ascii")[:12].lower()


def test_the_pseudonym_is_the_hmac_of_the_value():
    out = pseudonymise(caseload(), SECRET)
    assert out.loc[0, "client_id"] == by_hand("C1")
    assert out.loc[1, "client_id"] == by_hand("C2")
    # E-mails and names are hashed in a canonical form: trimmed, case-folded, spaces collapsed.
    assert out.loc[0, "Email"] == by_hand("ann@example.org")
    assert out.loc[2, "Name"] == by_hand("ann lee")
    assert out.loc[0, "Remarks"] == by_hand("wrote to ann@example.org")
    assert pseudonym("C1", SECRET) == by_hand("C1", prefix="")
    assert pseudonym("C1", SECRET.encode(), prefix="c-") == out.loc[0, "client_id"]
    assert out["client_id"].dropna().str.fullmatch(r"c-[a-z2-7]{12}").all()


def test_stable_for_one_secret_and_different_for_another():
    first, again = pseudonymise(caseload(), SECRET), pseudonymise(caseload(), SECRET)
    pd.testing.assert_frame_equal(first, again)
    other = pseudonymise(caseload(), OTHER_SECRET)
    present = first["client_id"].notna()
    assert (first.loc[present, "client_id"] != other.loc[present, "client_id"]).all()
    assert (first["Name"] != other["Name"]).all()
    # Tables pseudonymised separately still join on the pseudonym.
    apps = pd.DataFrame({"client_id": ["C2", "C1"], "company": ["Acme", "Globex"]})
    joined = pseudonymise(apps, SECRET).merge(first.drop_duplicates("client_id"), on="client_id")
    assert joined["company"].tolist() == ["Acme", "Globex"]


def test_one_person_gets_one_pseudonym_whatever_the_case_and_spacing():
    out = pseudonymise(caseload(), SECRET)
    assert out.loc[0, "client_id"] == out.loc[2, "client_id"]  # "C1" and " C1"
    assert out.loc[0, "Email"] == out.loc[2, "Email"]  # "Ann@Example.org " and "ann@example.org"
    assert out.loc[0, "Name"] == out.loc[2, "Name"]  # "Ann Lee" and "ann  LEE"
    assert out.loc[0, "Email"] != out.loc[1, "Email"]
    # Ids keep their case: C1 and c1 are two clients.
    ids = pseudonymise(pd.DataFrame({"client_id": ["C1", "c1"]}), SECRET)["client_id"]
    assert ids[0] != ids[1]


def test_missing_stays_missing():
    out = pseudonymise(caseload(), SECRET)
    assert out["client_id"].isna().tolist() == [False, False, False, True]
    assert out["Email"].isna().tolist() == [False, False, False, True]
    assert out["Remarks"].isna().tolist() == [False, False, True, False]


@pytest.mark.parametrize("secret", ["short", b"fifteen bytes!!", "é" * 7])
def test_a_short_secret_is_refused(secret):
    with pytest.raises(ValueError, match="at least 16 characters"):
        pseudonymise(caseload(), secret)
    with pytest.raises(ValueError, match="at least 16 characters"):
        pseudonym("C1", secret)


def test_a_sixteen_byte_secret_is_enough():
    assert pseudonym("C1", "é" * 8) == by_hand("C1", "é" * 8, prefix="")  # 8 characters, 16 bytes


def test_default_columns_and_the_rest_untouched():
    frame = caseload()
    out = pseudonymise(frame, SECRET)
    assert identity_columns(frame) == ["client_id", "Name", "Email", "Remarks"]
    pd.testing.assert_frame_equal(out[["program", "applications"]], frame[["program", "applications"]])
    pd.testing.assert_frame_equal(frame, caseload())  # the input is not changed
    renamed = frame.rename(columns={"client_id": "Client ID", "Email": "E-mail", "Name": "Full name"})
    assert identity_columns(renamed) == ["Client ID", "Full name", "E-mail", "Remarks"]
    assert set(pseudonymise(renamed, SECRET)["Client ID"]) != set(renamed["Client ID"])


def test_no_original_value_survives():
    frame = caseload()
    text = pseudonymise(frame, SECRET).to_csv()
    identities = [v.strip() for c in ("client_id", "Name", "Email", "Remarks") for v in frame[c].dropna()]
    assert len(identities) == 13
    for value in [*identities, "ann@example.org", "Ann", "Lee", "Bob", "Cy Poe", "C1", "C2"]:
        assert value not in text, value


def test_chosen_columns_only():
    out = pseudonymise(caseload(), SECRET, columns=["client_id"], prefix="p-")
    assert out["Name"].tolist() == caseload()["Name"].tolist()  # not chosen: left as it is
    assert out.loc[1, "client_id"] == by_hand("C2", prefix="p-")
    assert out["Email"].equals(caseload()["Email"])
    with pytest.raises(ValueError, match="no column 'Phone'"):
        pseudonymise(caseload(), SECRET, columns=["Phone"])


def test_a_triage_list_can_be_pseudonymised():
    listed = pd.DataFrame({"rank": [1, 2], "client_id": ["C7", "C3"], "reason": ["no replies", "6 months in 3 days"]})
    out = pseudonymise(listed, SECRET)
    assert out["client_id"].tolist() == [by_hand("C7"), by_hand("C3")]
    assert out["reason"].tolist() == listed["reason"].tolist() and out["rank"].tolist() == [1, 2]


# ----------------------------------------------------------------------------------------------- suppression
def segments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program": ["a", "b", "c", "d"],
            "clients": [12, 3, 0, 5],
            "employed": [4, 2, 0, 5],
            "employed_share": [4 / 12, 2 / 3, np.nan, 1.0],
            "median_days": [120.0, 90.0, np.nan, 60.0],
        }
    )


def test_suppress_blanks_small_rows_and_small_counts():
    table = segments()
    out = suppress(table, clients="clients", counts={"employed": ["employed_share"]})
    pd.testing.assert_frame_equal(table, segments())  # the input is not changed
    table = out.set_index("program")
    # a: 12 clients, 4 employed: the count and its share are hidden, the rest shows.
    assert table.loc["a", "clients"] == 12 and pd.isna(table.loc["a", "employed"])
    assert pd.isna(table.loc["a", "employed_share"]) and table.loc["a", "median_days"] == 120
    # b: 3 clients: everything about them is hidden, their number too.
    assert table.loc["b"].drop("suppressed").isna().all()
    # c: nobody, so nothing to hide; d: 5 clients, the threshold itself, shows.
    assert table.loc["c", "clients"] == 0 and table.loc["c", "employed"] == 0
    assert table.loc["d"].drop("suppressed").tolist() == [5, 5, 1.0, 60.0]
    assert out["suppressed"].tolist() == [True, True, False, False]
    assert suppression_note(out) == Note(NoteCode.CELLS_HIDDEN, min_clients=5, rows=2, of_rows=4)
    assert note_words(suppression_note(out)) == (
        "Figures about fewer than 5 clients are hidden (2 of 4 rows), with any figure that would give them away "
        "by subtraction, so that no client can be recognised."
    )
    assert str(out["clients"].dtype) == "Int64" and str(out["employed"].dtype) == "Int64"  # integers stay integers


def test_suppress_hide_and_min_cell():
    out = suppress(segments(), clients="clients", hide=["employed"], min_cell=3)
    table = out.set_index("program")
    assert table.loc["b", "clients"] == 3 and table.loc["b", "employed"] == 2  # 3 is enough at min_cell=3
    assert not out["suppressed"].any() and suppression_note(out, min_cell=3) is None
    hidden = suppress(segments(), clients="clients", hide=["employed"]).set_index("program")
    assert pd.isna(hidden.loc["b", "employed"]) and hidden.loc["b", "median_days"] == 90  # only what hide names
    off = suppress(segments(), clients="clients", counts={"employed": []}, min_cell=1)
    assert not off["suppressed"].any() and off["employed"].tolist() == [4, 2, 0, 5]
    assert MIN_CELL == 5


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.booleans()), min_size=1, max_size=12),
    st.integers(2, 11),
)
def test_suppress_never_shows_a_count_of_one_to_min_cell_minus_one(rows, min_cell):
    table = pd.DataFrame(
        {
            "clients": [n for n, _, _ in rows],
            "reached": [min(k, n) for n, k, _ in rows],
            "flag": [f for _, _, f in rows],
        }
    )
    table["share"] = table["reached"] / table["clients"].where(table["clients"] > 0)
    out = suppress(table, clients="clients", counts={"reached": ["share"]}, min_cell=min_cell)
    for column in ("clients", "reached"):
        shown = out[column].dropna().astype(int)
        assert not shown.between(1, min_cell - 1).any()
    # What is shown is what was there; what is hidden was small (or in a small row).
    kept = out["reached"].notna()
    assert (out.loc[kept, "reached"].astype(int) == table.loc[kept, "reached"]).all()
    small_row = table["clients"].between(1, min_cell - 1)
    small_count = table["reached"].between(1, min_cell - 1)
    assert (out["reached"].isna() == (small_row | small_count)).all()
    assert (out["share"].isna() == (small_row | small_count | table["share"].isna())).all()
    assert (out["suppressed"] == (small_row | small_count)).all()


def test_suppress_hides_a_second_part_when_one_would_come_back_by_subtraction():
    # 20 clients = 10 employed + 8 other exits + 2 still searching: the 2 are hidden, and so is the smallest
    # other part (8), or 20 - 10 - 8 would give them back.
    table = pd.DataFrame({"clients": [20], "employed": [10], "other": [8], "searching": [2]})
    out = suppress(table, clients="clients", counts={c: [] for c in ("employed", "other", "searching")},
                   parts=["employed", "other", "searching"])  # fmt: skip
    row = out.iloc[0]
    assert row["clients"] == 20 and row["employed"] == 10
    assert pd.isna(row["searching"]) and pd.isna(row["other"])
    # Without parts, only the small count goes.
    plain = suppress(table, clients="clients", counts={c: [] for c in ("employed", "other", "searching")}).iloc[0]
    assert plain["other"] == 8 and pd.isna(plain["searching"])


def test_suppress_hides_a_second_row_when_rows_add_up_to_a_published_total():
    # Three programmes of a cohort whose overall count is shown elsewhere: hiding only "tiny" would let
    # overall - a - b give it back, so the smallest other programme goes too; a column with one small count
    # takes its smallest other non-zero count with it.
    table = pd.DataFrame(
        {"program": ["a", "b", "tiny"], "clients": [30, 12, 3], "employed": [20, 2, 1], "median": [90.0, 80.0, 70.0]}
    )
    out = suppress(table, clients="clients", counts={"employed": []}, rows_add_up=True).set_index("program")
    assert pd.isna(out.loc["tiny", "clients"]) and pd.isna(out.loc["b", "clients"])  # b is the smallest other
    assert out.loc["a", "clients"] == 30 and out.loc["a", "median"] == 90.0
    assert pd.isna(out.loc["b", "median"])
    # b's 2 employed is small anyway and tiny's 1 goes with its row: shown beside the published total (23), a's 20
    # would leave b and tiny three employed clients between them, itself a small count, so it goes too.
    assert pd.isna(out.loc["a", "employed"])
    # Were the column's total hidden in its own table, nobody could subtract: a's 20 shows.
    hidden_total = pd.Series({"clients": 45, "employed": pd.NA})
    kept = suppress(table, clients="clients", counts={"employed": []}, rows_add_up=True, totals=hidden_total)
    assert kept.set_index("program").loc["a", "employed"] == 20


def test_suppress_never_lets_hidden_cells_be_pinned_by_their_sum():
    # Six programmes of six clients with one employed each, the overall 6 employed published: each hidden 1 is
    # at least 1 (zeros show), six of them add up to 6, so each would be exactly 1. A whole row goes instead.
    table = pd.DataFrame({"program": list("abcdef"), "clients": [6] * 6, "employed": [1] * 6, "searching": [5] * 6})
    out = suppress(table, clients="clients", counts={"employed": [], "searching": []},
                   parts=["employed", "searching"], rows_add_up=True)  # fmt: skip
    whole_rows = out["clients"].isna()
    assert whole_rows.sum() >= 2 and out["employed"].isna().all()
    # Known: the shown rows' employed are each at least 1 and the hidden rows' at least 0; together 6.
    shown_rows = (~whole_rows).sum()
    assert shown_rows < 6  # so the shown rows' cells can be 1 or 2: none is pinned
