"""Canonical Parquet (``convert``): the valid rows of any export, in the canonical columns and types alone, with
what reading found kept beside them; and the files an engine reads for a caseload."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from jobsearch_analysis import load, sample_path
from jobsearch_analysis.analysis.engine import canonical_dtypes
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.ingest.convert import cohort_files, convert, parquet_files, read_account
from jobsearch_analysis.schema import CLIENT_COLUMNS, COLUMNS

AS_OF = "2026-11-02"
LOG = (
    "Company,Date Applied,Status,Recruiter Email,Notes,Salary\n"
    "Acme,2026-03-02,Applied,ann@acme.example,call ann@acme.example or +44 20 7946 0958,50k\n"
    "Globex,2026-03-03,Rejected,,,60k\n"
    "Initech,2026-02-30,Applied,,,\n"
)


@pytest.fixture(scope="module")
def sample_cohort(tmp_path_factory):
    out = tmp_path_factory.mktemp("canonical")
    done = convert(sample_path("cohort_applications"), out, clients=sample_path("cohort_clients"), as_of=AS_OF)
    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    return done, loaded


def test_a_cohort_becomes_the_loaded_tables_in_their_canonical_columns_and_types(sample_cohort):
    done, loaded = sample_cohort
    apps, clients = pd.read_parquet(done.applications), pd.read_parquet(done.clients)
    assert tuple(apps.columns) == COLUMNS and tuple(clients.columns) == CLIENT_COLUMNS
    # Parquet keeps dates to the millisecond; in the canonical seconds they are the loaded table itself.
    pd.testing.assert_frame_equal(canonical_dtypes(apps), loaded.applications[list(COLUMNS)])
    pd.testing.assert_frame_equal(canonical_dtypes(clients), loaded.clients[list(CLIENT_COLUMNS)])
    assert str(apps["channel"].dtype) == "category" and str(apps["interest"].dtype) == "Int64"


def test_what_reading_found_travels_in_the_parquet_metadata(sample_cohort):
    done, loaded = sample_cohort
    for path in (done.applications, done.clients):
        found = read_account([str(path)])
        assert found.to_json() == loaded.read.to_json()
    assert found.clients.rejected == 2 and list(found.clients.errors["source_row"]) == [81, 144]
    assert found.clients.render() == loaded.clients_load.render(values=False)  # word for word


def test_contacts_and_the_users_own_columns_are_not_written(write, tmp_path):
    done = convert(write("log.csv", LOG), tmp_path / "out", as_of=AS_OF)
    table = pq.read_table(done.applications)
    assert tuple(table.column_names) == COLUMNS
    text = table.to_pandas().astype("str").to_string()
    assert "ann@acme" not in text and "7946" not in text and "50k" not in text
    assert done.read.applications == 2 and done.read.rejected == 1
    assert done.read.reasons == (("not_a_date", 1),)
    with pytest.raises(ValueError, match="keep_contacts"):
        convert(write("log.csv", LOG), tmp_path / "other", as_of=AS_OF, keep_contacts=True)


def test_a_single_log_converts_as_load_reads_it(tmp_path):
    done = convert(sample_path("personal_log"), tmp_path, as_of=AS_OF)
    loaded = load(sample_path("personal_log"), as_of=AS_OF)
    pd.testing.assert_frame_equal(canonical_dtypes(pd.read_parquet(done.applications)),
                                  loaded.applications[list(COLUMNS)])  # fmt: skip
    assert done.clients is None and done.read.clients is None
    assert done.read.rows == loaded.summary.rows and done.read.skipped == loaded.summary.skipped


def test_a_folder_holding_other_parquet_files_is_refused_in_one_line(write, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.parquet").write_bytes(b"PAR1")
    with pytest.raises(LoadError, match="already holds other Parquet files") as caught:
        convert(write("log.csv", LOG), out, as_of=AS_OF)
    assert "\n" not in str(caught.value) and "old.parquet" in str(caught.value)
    convert(write("log.csv", LOG), tmp_path / "again", as_of=AS_OF)
    convert(write("log.csv", LOG), tmp_path / "again", as_of=AS_OF)  # its own files are replaced
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == ["applications.parquet"]


def test_a_file_as_the_output_folder_is_refused(write, tmp_path):
    with pytest.raises(LoadError, match="not a folder"):
        convert(write("log.csv", LOG), write("taken.txt", "x"), as_of=AS_OF)


# ----------------------------------------------------------------------------------------------- finding the files
def test_in_a_folder_the_clients_table_is_apart_from_the_applications(tmp_path):
    for name in ("applications/part-0.parquet", "applications/part-1.parquet", "clients/part-0.parquet"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    apps, clients = cohort_files(tmp_path)
    assert [p.split("/")[-1] for p in apps] == ["part-0.parquet", "part-1.parquet"]
    assert clients == [str(tmp_path / "clients" / "part-0.parquet")]
    assert cohort_files(tmp_path / "applications")[1] == []
    assert len(cohort_files(tmp_path, clients=tmp_path / "clients")[0]) == 2


def test_a_folder_with_the_clients_table_alone_is_one_plain_line(tmp_path):
    (tmp_path / "clients.parquet").write_bytes(b"")
    with pytest.raises(LoadError, match="no applications"):
        cohort_files(tmp_path)


def test_what_reading_found_is_none_for_several_files_or_a_file_written_otherwise(sample_cohort, tmp_path):
    done, loaded = sample_cohort
    loaded.clients.to_parquet(tmp_path / "plain.parquet")
    assert read_account([str(tmp_path / "plain.parquet")]) is None
    assert read_account([str(done.applications), str(done.clients)]) is None
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    assert read_account(parquet_files(tmp_path / "broken.parquet")) is None
