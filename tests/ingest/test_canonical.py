"""Canonical Parquet read back (``load`` and ``load_cohort`` of what ``convert`` wrote): its rows are only checked,
by the same rules and with the same row accounting as the general path, and anything else takes that path."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobsearch_analysis import load, sample_path
from jobsearch_analysis.ingest.canonical import CANONICAL_NOTE, READ_KEY
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.ingest.convert import convert
from jobsearch_analysis.schema import CLIENT_COLUMNS, COLUMNS

AS_OF = "2026-11-02"
EARLIER = "2026-06-15"  # the personal log goes on after it: some rows are dated later, some cells too
KEYS = ["source_file", "source_row", "code", "kind", "detail"]


@pytest.fixture(scope="module")
def personal(tmp_path_factory):
    done = convert(sample_path("personal_log"), tmp_path_factory.mktemp("canonical"), as_of=AS_OF)
    return done


def _issue_keys(found):
    return set(map(tuple, found[KEYS].astype("str").to_numpy().tolist()))


def _found_again(found, first, kept):
    """What reading the export again finds on the rows convert kept, less what the first reading found there
    (cells it left empty, at the later as-of date): what the canonical file should give."""
    rows = set(zip(kept["source_file"], kept["source_row"].astype("str"), strict=True))
    return {key for key in _issue_keys(found) if key[:2] in rows} - _issue_keys(first)


def test_canonical_parquet_is_recognised_and_keeps_the_rows_first_read(personal):
    result = load(personal.applications, as_of=AS_OF)
    assert result.summary.files[0].format == "canonical Parquet"
    assert CANONICAL_NOTE in result.summary.files[0].notes
    expected = personal.result.applications[list(COLUMNS)]
    assert result.applications.equals(expected.reset_index(drop=True))  # dtypes, provenance and values alike
    assert result.summary.rows == result.summary.applications == len(expected) and result.rejects.empty


def test_an_earlier_as_of_rejects_what_the_general_path_rejects_on_those_rows(personal):
    fast = load(personal.applications, as_of=EARLIER)
    general = load(sample_path("personal_log"), as_of=EARLIER)
    new = _found_again(general.issues, personal.result.issues, personal.result.applications)
    assert new and _issue_keys(fast.issues) == new
    assert fast.applications.equals(general.applications[list(COLUMNS)])  # late cells left empty alike
    assert fast.summary.rejected == general.summary.rejected - personal.result.summary.rejected
    assert fast.summary.rows == fast.summary.applications + fast.summary.rejected
    assert set(fast.rejects["column"]) <= {"date applied", "screen date", "interview date", "offer date",
                                           "reply date", "outcome date"}  # fmt: skip


def test_a_copied_application_id_is_rejected_as_in_any_file(personal, tmp_path):
    table = pq.read_table(personal.applications)
    doubled = pa.concat_tables([table, table.slice(0, 2)])
    pq.write_table(doubled, tmp_path / "applications.parquet")
    result = load(tmp_path / "applications.parquet", as_of=AS_OF)
    assert result.summary.files[0].format == "canonical Parquet"
    assert result.summary.rows == len(table) + 2 and result.summary.rejected == 2
    assert set(result.rejects["code"]) == {"application_id_unique_within_client"}


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace_schema_metadata({k: v for k, v in t.schema.metadata.items() if k != READ_KEY}),
        lambda t: t.set_column(0, "application_id", t.column(0).cast(pa.string())),
        lambda t: t.drop_columns(["notes"]),
        lambda t: t.append_column("Salary", pa.array(["50k"] * len(t))),
    ],
    ids=["no-read-account", "another-type", "a-column-missing", "a-column-more"],
)
def test_anything_but_convert_s_exact_output_takes_the_general_path(personal, tmp_path, change):
    pq.write_table(change(pq.read_table(personal.applications)), tmp_path / "export.parquet")
    result = load(tmp_path / "export.parquet", as_of=AS_OF)
    assert result.summary.files[0].format != "canonical Parquet"
    assert result.summary.rows == result.summary.applications + result.summary.rejected + result.summary.skipped


def test_a_users_mapping_reads_the_file_as_an_export(personal):
    result = load(personal.applications, as_of=AS_OF, mapping={"notes": "notes"})
    assert result.summary.files[0].format != "canonical Parquet"


def test_load_cohort_takes_the_fast_path_for_both_tables(tmp_path):
    done = convert(sample_path("cohort_applications"), tmp_path, clients=sample_path("cohort_clients"), as_of=AS_OF)
    fast = load_cohort(done.applications, clients=done.clients, as_of=EARLIER)
    general = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=EARLIER)
    assert fast.load.summary.files[0].format == "canonical Parquet" and CANONICAL_NOTE in fast.clients_load.notes
    assert fast.applications.equals(general.applications[list(COLUMNS)])
    assert fast.clients.equals(general.clients[list(CLIENT_COLUMNS)])
    first = done.result.clients_load
    again = _found_again(general.clients_load.issues, first.issues, first.clients)
    assert again and _issue_keys(fast.clients_load.issues) == again
