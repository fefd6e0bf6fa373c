"""The faster passes over a table's cells give what the slower ones gave: column by column or in one long column
(a wide sheet), each distinct text or every cell, a rule column by column or through a row's minimum."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import privacy
from jobsearch_analysis.ingest import readers
from jobsearch_analysis.schema import _any_after, _any_before, _duplicated

WORDS = np.array(["Acme", " n/a ", "N/A", "-", "  ", "", None, "TBD", '"Globex"', " x ", "---", "null"], dtype=object)
CONTACTS = np.array(["call ann@acme.example", "+44 20 7946 0958", "plain", None, "ring 555-123-4567"], dtype=object)


@pytest.fixture
def cells():
    rng = np.random.default_rng(7)  # fixed seed: the same cells every run
    frame = pd.DataFrame({f"c{i}": pd.Series(rng.choice(WORDS, 400), dtype="str") for i in range(3)})
    frame["mixed"] = pd.Series(rng.choice(np.array([1, 2.5, "n/a", None, "k.a."], dtype=object), 400), dtype=object)
    frame["contact"] = pd.Series(rng.choice(CONTACTS, 400), dtype="str")
    return frame


def test_placeholders_are_found_alike_column_by_column_and_stacked(cells, monkeypatch):
    by_column, found = readers.placeholder_cells(cells)
    monkeypatch.setattr(privacy, "STACKED_COLUMNS", 0)  # as a sheet of thousands of columns is looked at
    stacked, found_stacked = readers.placeholder_cells(cells)
    assert (by_column == stacked).all() and by_column.any()
    assert list(found.items()) == list(found_stacked.items())  # same counts, in the order the columns show them


def test_contacts_are_masked_alike_column_by_column_and_stacked(cells, monkeypatch):
    by_column = privacy.scrub_columns(cells)
    monkeypatch.setattr(privacy, "STACKED_COLUMNS", 0)
    stacked = privacy.scrub_columns(cells)
    assert sorted(by_column) == sorted(stacked) == ["contact", "mixed"]  # masked, and the mixed column as text
    assert all(by_column[name].equals(stacked[name]) for name in by_column)
    assert "ann@acme" not in " ".join(by_column["contact"].dropna())


def test_blank_rows_are_those_with_every_cell_empty_or_spaces():
    frame = pd.DataFrame(
        {
            "a": pd.Series(["", "  ", None, "x", None], dtype="str"),
            "b": pd.Series([None, "", " ", None, None], dtype="str"),
            "n": [np.nan, np.nan, 3.0, np.nan, np.nan],
        }
    )
    assert readers.blank_rows(frame).tolist() == [True, True, False, False, True]


def test_text_cells_read_each_distinct_text_as_every_cell_was(cells):
    for name in ("c0", "c1", "contact"):
        column = cells[name]
        each = readers._text_cells(column)  # the cell by cell reading
        assert readers.text_cells(column).equals(each)
    assert readers.text_cells(pd.Series(['"Globex"', " Acme ", "", None], dtype="str")).tolist()[:2] == [
        "Globex",
        "Acme",
    ]


def test_the_date_rules_column_by_column_match_a_rows_minimum_and_maximum():
    rng = np.random.default_rng(3)
    day = pd.Timestamp("2026-01-01")
    dates = {c: day + pd.to_timedelta(rng.integers(-20, 20, 300), unit="D") for c in ("a", "b", "c", "d")}
    frame = pd.DataFrame({c: pd.Series(v).astype("datetime64[s]") for c, v in dates.items()})
    frame = frame.mask(rng.random(frame.shape) < 0.3)  # empty dates compare as never
    assert _any_before(frame, ["b", "c", "d"], frame["a"]).equals(frame["a"] > frame[["b", "c", "d"]].min(axis=1))
    assert _any_after(frame, ["a", "b"], day).equals(frame[["a", "b"]].max(axis=1) > day)


def test_a_repeated_application_id_is_found_within_its_client_only():
    frame = pd.DataFrame({"application_id": ["a1", "a2", "a1", "a1"], "client_id": ["C1", "C1", "C2", "C1"]})
    assert _duplicated(frame, ["application_id", "client_id"]).tolist() == [False, False, False, True]
    assert not _duplicated(frame.iloc[:2], ["application_id", "client_id"]).any()
