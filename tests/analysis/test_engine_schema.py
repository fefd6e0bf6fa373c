"""The canonical contracts checked where the data lives (pandera.ibis models): a valid cohort passes, and each kind
of broken row comes back as a count of rows with a few examples, in the rule's own words, as the pandas schema
says it."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pytest

from jobsearch_analysis import sample_path, schema
from jobsearch_analysis.analysis import engine, engine_schema
from jobsearch_analysis.ingest.clients import load_cohort

AS_OF = "2026-11-02"


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    return loaded.applications, loaded.clients


def in_duckdb(frame: pd.DataFrame, folder) -> object:
    path = folder / "table.parquet"
    frame.to_parquet(path)
    return engine.read_canonical(path)


def pandas_rules(frame: pd.DataFrame, model) -> pd.Series:
    """The rows each rule of the pandas schema rejects, by the rule's name (the reference)."""
    try:
        schema.with_as_of(model, AS_OF).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        counts = {e.check.name: e.failure_cases["index"].nunique() for e in error.schema_errors}
        return pd.Series(counts).sort_index()
    return pd.Series(dtype="int64")


def test_the_sample_cohort_keeps_both_contracts(sample, tmp_path):
    apps, clients = sample
    for frame, model in ((apps, engine_schema.Applications), (clients, engine_schema.Clients)):
        found = engine_schema.check(in_duckdb(frame, tmp_path), model, as_of=AS_OF)
        assert found.ok, found.failures
        assert found.rows == len(frame)


def broken_applications(apps: pd.DataFrame, *, unknown_channel: bool = True) -> pd.DataFrame:
    bad = apps.head(400).copy()
    if unknown_channel:  # pandas holds the channel as a category, which cannot hold it: only the engine sees it
        bad["channel"] = bad["channel"].astype("str")
        bad.loc[3, "channel"] = "telepathy"
    bad.loc[5, "first_response_on"] = bad.loc[5, "applied_on"] - pd.Timedelta(days=3)
    bad.loc[7, ["client_id", "application_id"]] = bad.loc[6, ["client_id", "application_id"]].to_numpy()
    bad.loc[8, "applied_on"] = pd.Timestamp("2062-01-01")
    bad.loc[[9, 10], "company"] = ""
    bad.loc[11, "interest"] = 9
    bad.loc[12, "outcome_on"] = bad.loc[12, "applied_on"] + pd.Timedelta(days=1)
    bad.loc[12, "outcome"] = "open"
    return bad


def test_each_broken_row_is_counted_under_the_rule_it_breaks_with_an_example(sample, tmp_path):
    bad = broken_applications(sample[0])
    found = engine_schema.check(in_duckdb(bad, tmp_path), engine_schema.Applications, as_of=AS_OF)
    counts = found.failures.set_index("rule")["rows"]
    assert counts["isin"] == 1
    assert counts["str_length"] == 2
    assert counts["in_range"] == 1
    assert counts["first_response_on_not_before_applied_on"] == 1
    assert counts["application_id_unique_within_client"] == 1
    assert counts["no_date_after_as_of"] == 1
    assert counts["open_has_no_outcome_date"] == 1
    example = found.examples.set_index("rule").loc["isin"]
    assert (example["value"], example["column"], int(example["source_row"])) == (
        "telepathy",
        "channel",
        int(bad.loc[3, "source_row"]),
    )
    duplicate = found.examples.set_index("rule").loc["application_id_unique_within_client"]
    assert int(duplicate["source_row"]) == int(bad.loc[7, "source_row"])  # the later row, as pandas' check says
    message = found.failures.set_index("rule").loc["first_response_on_not_before_applied_on", "message"]
    assert message == "a reply dated before the application"


def test_the_engine_counts_what_the_pandas_schema_rejects(sample, tmp_path):
    bad = broken_applications(sample[0], unknown_channel=False)
    found = engine_schema.check(in_duckdb(bad, tmp_path), engine_schema.Applications, as_of=AS_OF)
    reference = pandas_rules(bad, schema.Applications)
    assert len(reference) == 6
    assert found.failures.set_index("rule")["rows"].sort_index().to_dict() == reference.to_dict()


def test_only_a_few_examples_come_back_however_many_rows_break_a_rule(sample, tmp_path):
    bad = sample[0].assign(company="")
    found = engine_schema.check(in_duckdb(bad, tmp_path), engine_schema.Applications, examples=3)
    assert found.failures.set_index("rule").loc["str_length", "rows"] == len(bad)
    assert (found.examples["rule"] == "str_length").sum() == 3


def test_a_missing_column_or_one_of_another_type_is_said_without_checking_rows(sample, tmp_path):
    bad = sample[0].drop(columns=["source_row"]).assign(interest="high")
    found = engine_schema.check(in_duckdb(bad, tmp_path), engine_schema.Applications)
    failures = found.failures.set_index("rule")
    assert failures.loc["column_missing", "column"] == "source_row"
    assert failures.loc["wrong_type", "column"] == "interest"
    assert "application_id_unique_within_client" not in failures.index


def test_broken_clients_are_counted_and_their_optional_columns_may_be_absent(sample):
    clients = sample[1][["client_id", "search_start", "exited_on", "exit_reason", "last_contact_on"]].copy()
    clients["exit_reason"] = clients["exit_reason"].astype("str")
    searching = clients.index[clients["exited_on"].isna()]
    clients.loc[searching[0], "exit_reason"] = "training"  # a reason but no exit date
    clients.loc[searching[1], "last_contact_on"] = clients.loc[searching[1], "search_start"] - pd.Timedelta(days=2)
    clients.loc[searching[2], "client_id"] = clients.loc[searching[3], "client_id"]
    table = engine.connect().create_table("clients", pa_arrow.Table.from_pandas(clients, preserve_index=False))
    found = engine_schema.check(table, engine_schema.Clients, as_of=AS_OF)
    counts = found.failures.set_index("rule")["rows"].to_dict()
    assert counts == {
        "exit_reason_needs_exit_date": 1,
        "last_contact_on_not_before_search_start": 1,
        "client_id_unique": 1,
    }


def rejected_rows(frame: pd.DataFrame, model) -> set[int]:
    """The rows (by position) the pandas schema rejects: the reference for what the engine leaves out."""
    try:
        schema.with_as_of(model, AS_OF).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        return set(error.failure_cases["index"].dropna().astype(int))
    return set()


def test_the_rows_left_out_are_exactly_those_the_pandas_schema_rejects(sample, tmp_path):
    bad = broken_applications(sample[0], unknown_channel=False).reset_index(drop=True)
    table = in_duckdb(bad, tmp_path)
    found = engine_schema.check(table, engine_schema.Applications, as_of=AS_OF)
    kept = engine.fetch(engine_schema.passing(table, engine_schema.Applications, as_of=AS_OF))
    rejected = rejected_rows(bad, schema.Applications)
    assert found.broken == len(rejected) == 7  # the duplicated id breaks one rule, the late row two
    assert sorted(kept["source_row"]) == sorted(bad.drop(index=list(rejected))["source_row"])
    assert list(kept.columns) == list(bad.columns)


def test_a_table_without_a_broken_row_passes_whole_and_one_that_cannot_be_checked_is_refused(sample, tmp_path):
    table = in_duckdb(sample[1], tmp_path)
    assert engine_schema.check(table, engine_schema.Clients, as_of=AS_OF).broken == 0
    assert engine.fetch(engine_schema.passing(table, engine_schema.Clients)).shape[0] == len(sample[1])
    unusable = engine.connect().create_table(
        "apps", pa_arrow.Table.from_pandas(sample[0].drop(columns=["source_row"]), preserve_index=False)
    )
    found = engine_schema.check(unusable, engine_schema.Applications)
    assert not found.usable and found.broken == found.rows
    with pytest.raises(ValueError, match="cannot be checked"):
        engine_schema.passing(unusable, engine_schema.Applications)


def test_rules_on_one_column_are_said_in_words_not_code(sample, tmp_path):
    bad = broken_applications(sample[0])
    found = engine_schema.check(in_duckdb(bad, tmp_path), engine_schema.Applications, as_of=AS_OF)
    said = found.failures.set_index("rule")["message"]
    assert said["isin"] == "the channel is none of " + ", ".join(schema.CHANNELS)
    assert said["str_length"] == "an empty company"
    assert said["in_range"] == "the interest is outside 1 to 5"
    missing = engine_schema.check(in_duckdb(bad.drop(columns=["applied_on"]), tmp_path), engine_schema.Applications)
    assert missing.failures["message"].iloc[0] == "no date applied column (applied_on)"
