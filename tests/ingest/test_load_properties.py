"""Property-based tests: whatever a file holds, ``load`` returns with the counts adding up, or raises LoadError."""

import csv
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobsearch_analysis import LoadError, load

HEADERS = [
    "Company",
    "Date Applied",
    "Status",
    "Source",
    "Interest",
    "Cover Letter",
    "Interview Date",
    "Notes",
    "Status Date",
    "ID",
    "Stage",
    "Event date",
    "Job Title",
    "Application ID",
]
# HYPOTHESIS_EXAMPLES=1000 make test runs a longer search.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
cell = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "2026-03-02",
            "3/4/2026",
            "25/12/2026",
            "2/30/2026",
            "Applied",
            "Rejected",
            "Offer",
            "Bookmarked",
            "yes",
            "no",
            "5",
            "10",
            "=1+1",
            "LinkedIn",
            "Referral",
            "ghosted",
            " ",
        ]
    ),
)
settings_ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(path: Path) -> None:
    try:
        result = load(path, as_of="2026-06-30")
    except LoadError as error:
        assert str(error)
        return
    assert result.summary.rows == len(result.applications) + len(result.rejects)
    assert result.summary.rows == result.summary.applications + result.summary.rejected + result.summary.skipped
    assert not result.rejects.duplicated(["source_file", "source_row"]).any()
    assert set(result.applications["source_row"]).isdisjoint(result.rejects["source_row"])


@settings_
@given(
    headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
    rows=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=15),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_arbitrary_cells(headers, rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        check(path)


@settings_
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".parquet", ".txt", ""]))
def test_arbitrary_bytes(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"log{suffix}"
        path.write_bytes(content)
        check(path)


@settings_
@given(prefix=st.binary(max_size=60), body=st.binary(max_size=200))
def test_a_valid_header_followed_by_arbitrary_bytes(prefix, body):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_bytes(prefix + b"Company,Date Applied,Status\n" + body)
        check(path)


json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "2026-01-04T18:49:28.657Z",
            "applied",
            "interview",
            "rejected",
            "JOB_MOVED",
            "updateCard",
            "createCard",
            "L1",
            "j1",
            "695f9c400000000000000004",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "title",
                    "date",
                    "createdAt",
                    "data",
                    "job",
                    "toList",
                    "fromList",
                    "listAfter",
                    "listBefore",
                    "list",
                    "card",
                    "idList",
                    "type",
                    "actionType",
                    "_list",
                    "company",
                    "jobs",
                    "actions",
                    "lists",
                    "cards",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings_
@given(
    board=st.dictionaries(
        st.sampled_from(["jobs", "actions", "lists", "cards", "idBoard", "companies"]), json_value, max_size=5
    ),
    marker=st.sampled_from(['"actionType": 1', '"idList": 1', '"_list": 1, "jobs": 1']),
)
def test_arbitrary_boards(board, marker):
    import json

    text = json.dumps(board)
    text = "{" + marker + ("," + text[1:] if len(text) > 2 else "}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "board.json"
        path.write_text(text, encoding="utf-8")
        check(path)
