"""The Spark path gives the pandas path's figures: the cohort functions on canonical Parquet read by a local Spark
session, against the same functions on the DataFrames, to 1e-9. Skipped where PySpark is not installed (it is
with the ``dev`` extra, as ``make test`` installs it); Spark needs Java 17. ``-m "not spark"`` leaves them out
(starting Spark takes half a minute)."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from jobsearch_analysis import sample_path
from jobsearch_analysis.analysis import cohort, engine
from jobsearch_analysis.ingest.clients import load_cohort

pytest.importorskip("pyspark")
# Py4J, which talks to the Spark JVM, leaves sockets to the garbage collector; nothing of ours opens one.
pytestmark = [pytest.mark.spark, pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")]

AS_OF = "2026-11-02"


@pytest.fixture(scope="module")
def spark():
    con = engine.connect("spark")
    yield con
    con.disconnect()
    gc.collect()  # the JVM's sockets are closed here, inside this module's warning filter


@pytest.fixture(scope="module")
def sample(tmp_path_factory, spark):
    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    folder = tmp_path_factory.mktemp("canonical")
    loaded.applications.to_parquet(folder / "applications.parquet")
    loaded.clients.to_parquet(folder / "clients.parquet")
    tables = (
        engine.read_canonical(folder / "applications.parquet", spark),
        engine.read_canonical(folder / "clients.parquet", spark),
    )
    return (loaded.applications, loaded.clients), tables, loaded.as_of


def same(expected: pd.DataFrame, found: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        found.reset_index(drop=True), expected.reset_index(drop=True), check_exact=False, rtol=0, atol=1e-9
    )


def test_time_to_employment_is_the_same_in_spark(sample):
    (_, clients), (_, table), _ = sample
    expected = cohort.time_to_employment(clients, "program")
    found = cohort.time_to_employment(table, "program")
    same(expected.summary, found.summary)
    same(expected.curve, found.curve)
    assert found.notes == expected.notes


def test_rates_funnel_and_triage_are_the_same_in_spark(sample):
    (apps, clients), (apps_table, clients_table), as_of = sample
    same(cohort.client_rates(apps, "channel", as_of=as_of), cohort.client_rates(apps_table, "channel", as_of=as_of))
    same(cohort.client_funnel(apps), cohort.client_funnel(apps_table))
    same(cohort.triage(apps, clients, as_of=as_of), cohort.triage(apps_table, clients_table, as_of=as_of))


def test_the_cohort_page_is_the_same_from_spark(spark, sample, tmp_path):
    from jobsearch_analysis.analysis.engine_cohort import open_cohort
    from jobsearch_analysis.ingest.convert import convert
    from jobsearch_analysis.present.cohort_report import build_cohort
    from tests.test_cli_engine import SECRET, chart_data, page_text, same_numbers

    convert(sample_path("cohort_applications"), tmp_path, clients=sample_path("cohort_clients"), as_of=AS_OF)
    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    expected = build_cohort(loaded, secret=SECRET).html
    found = build_cohort(open_cohort(tmp_path, con=spark), secret=SECRET).html
    assert page_text(found) == page_text(expected)
    same_numbers(chart_data(expected), chart_data(found))


def test_a_folder_of_parts_is_one_table_in_spark(spark, sample, tmp_path):
    (apps, _), _, _ = sample
    apps.iloc[:100].to_parquet(tmp_path / "part-0.parquet")
    apps.iloc[100:250].to_parquet(tmp_path / "part-1.parquet")
    table = engine.read_canonical(tmp_path, spark)
    assert engine.arrow(table.aggregate(n=table.count())).to_pylist()[0]["n"] == 250
