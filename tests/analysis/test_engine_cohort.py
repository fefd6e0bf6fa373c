"""A caseload whose tables live in an engine (``open_cohort``): what ``convert`` kept is said while it still holds,
the engine's own account otherwise; clients derived where the applications live; the counts the page says."""

from __future__ import annotations

import pandas as pd
import pytest

from jobsearch_analysis import sample_path
from jobsearch_analysis.analysis import engine
from jobsearch_analysis.analysis.engine_cohort import open_cohort
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.clients import NO_CLIENTS_TABLE, clients_from_applications, load_cohort
from jobsearch_analysis.ingest.convert import convert

AS_OF = "2026-11-02"


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    out = tmp_path_factory.mktemp("canonical")
    convert(sample_path("cohort_applications"), out, clients=sample_path("cohort_clients"), as_of=AS_OF)
    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    return out, loaded


def test_what_convert_kept_is_said_and_its_as_of_day_is_the_default(converted):
    out, loaded = converted
    data = open_cohort(out)
    assert data.as_of == loaded.as_of
    assert data.read.to_json() == loaded.read.to_json()
    assert data.facts == loaded.facts
    assert data.render() == loaded.render()
    assert not data.derived and data.unmatched == 2


def test_when_the_files_no_longer_match_what_convert_kept_the_engine_gives_its_own_account(converted):
    out, loaded = converted
    earlier = loaded.as_of - pd.Timedelta(days=30)  # the last month's dates now fall after the as-of day
    data = open_cohort(out, as_of=earlier)
    checked = data.checks["applications"]
    assert 0 < checked.broken < checked.rows
    assert (data.read.rows, data.read.rejected) == (checked.rows, checked.broken)
    assert dict(data.read.reasons)["no_date_after_as_of"] == checked.broken
    assert data.facts.applications == checked.rows - checked.broken
    assert data.read.clients.rejected == data.checks["clients"].broken > 0
    assert set(data.read.clients.errors.columns) == {"source_row", "column", "reason"}


def test_without_a_clients_table_the_clients_are_derived_where_the_applications_live(converted):
    out, loaded = converted
    data = open_cohort(out / "applications.parquet")
    assert data.derived and data.notes == (NO_CLIENTS_TABLE,) and "clients" not in data.checks
    expected = clients_from_applications(loaded.applications)
    pd.testing.assert_frame_equal(engine.fetch(data.clients, ["client_id"]), expected)
    assert data.facts.clients == data.facts.clients_in_both == loaded.facts.clients_with_applications


def test_a_caseload_with_no_usable_application_is_one_plain_line(converted, tmp_path):
    loaded = converted[1]
    loaded.applications.assign(company="").to_parquet(tmp_path / "applications.parquet")
    with pytest.raises(LoadError, match="no application keeps the contract") as caught:
        open_cohort(tmp_path / "applications.parquet", as_of=AS_OF)
    assert "\n" not in str(caught.value)
