"""The engine path gives the pandas path's figures: the cohort functions on canonical Parquet read by DuckDB (a
file, a folder, a glob) against the same functions on the DataFrames, to 1e-9, on the bundled sample cohort and on
a simulated cohort of a quarter of a million applications; and the pieces both paths share, checked against the
computations they replace."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from jobsearch_analysis import sample_path
from jobsearch_analysis.analysis import cohort, engine, pivot
from jobsearch_analysis.analysis.survival import life_table, life_table_from_counts
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.simulate import simulate_cohort

AS_OF = "2026-11-02"


def same(pandas_result: pd.DataFrame, engine_result: pd.DataFrame) -> None:
    """Equal to 1e-9, dtypes, columns and row order included."""
    pd.testing.assert_frame_equal(
        engine_result.reset_index(drop=True), pandas_result.reset_index(drop=True), check_exact=False, rtol=0, atol=1e-9
    )


def figures(apps, clients, as_of, *, min_clients: int, by_clients: str | None, by_apps: str | None) -> dict:
    """Every figure of the cohort report (and a split of each), from DataFrames or Ibis tables alike."""
    employment = cohort.time_to_employment(clients, by_clients, min_clients=min_clients)
    curves = cohort.exit_curves(clients, by_clients, min_clients=min_clients)
    return {
        "employment summary": employment.summary,
        "employment curve": employment.curve,
        "employment notes": pd.DataFrame({"note": [repr(n) for n in employment.notes]}),
        "exit incidence": curves.incidence,
        "exit notes": pd.DataFrame({"note": [repr(n) for n in curves.notes]}),
        "exit summary": cohort.exit_summary(clients, by_clients, min_clients=min_clients),
        "exits compared": cohort.exits_compared(clients, min_clients=min_clients),
        "rates": cohort.client_rates(apps, as_of=as_of, min_clients=min_clients),
        "rates by segment": cohort.client_rates(apps, by_apps, as_of=as_of, min_clients=min_clients),
        "funnel": cohort.client_funnel(apps, min_clients=min_clients),
        "funnel by segment": cohort.client_funnel(apps, by_apps, min_clients=min_clients),
        "triage": cohort.triage(apps, clients, as_of=as_of),
        "triage without clients": cohort.triage(apps, as_of=as_of),
    }


EXPECTED: dict = {}


def check_all(frames: tuple, tables: tuple, as_of, **options) -> None:
    """The figures from the tables (engine) equal those from the frames (pandas, worked out once per input)."""
    key = (id(frames[0]), *sorted(options.items()))
    if key not in EXPECTED:
        EXPECTED[key] = figures(*frames, as_of, **options)
    here, there = EXPECTED[key], figures(*tables, as_of, **options)
    for name, expected in here.items():
        try:
            same(expected, there[name])
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp]:
    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    return loaded.applications, loaded.clients, loaded.as_of


def written(folder, apps: pd.DataFrame, clients: pd.DataFrame, how: str) -> tuple[str, str]:
    """The tables as canonical Parquet, given as one file, a folder of parts or a glob."""
    folder.mkdir(parents=True, exist_ok=True)
    clients_path = folder / "clients.parquet"
    clients.to_parquet(clients_path)
    if how == "file":
        apps.to_parquet(folder / "applications.parquet")
        return str(folder / "applications.parquet"), str(clients_path)
    parts = folder / "applications"
    parts.mkdir(exist_ok=True)
    half = len(apps) // 2
    apps.iloc[:half].to_parquet(parts / "part-0.parquet")
    apps.iloc[half:].to_parquet(parts / "part-1.parquet")
    return (str(parts) if how == "folder" else str(parts / "part-*.parquet")), str(clients_path)


@pytest.mark.parametrize("how", ["file", "folder", "glob"])
def test_the_sample_cohort_gives_the_same_figures_from_parquet_in_duckdb(sample, tmp_path, how):
    apps, clients, as_of = sample
    apps_path, clients_path = written(tmp_path, apps, clients, how)
    con = engine.connect()
    tables = (engine.read_canonical(apps_path, con), engine.read_canonical(clients_path, con))
    # Exact daily figures, and published ones (weeks, rounded counts, hidden cells).
    for min_clients in (1, 5) if how == "file" else (5,):
        check_all((apps, clients), tables, as_of, min_clients=min_clients, by_clients="program", by_apps="channel")


def test_the_sample_cohort_split_by_team_and_role_gives_the_same_figures(sample, tmp_path):
    apps, clients, as_of = sample
    apps_path, clients_path = written(tmp_path, apps, clients, "file")
    con = engine.connect()
    tables = (engine.read_canonical(apps_path, con), engine.read_canonical(clients_path, con))
    check_all((apps, clients), tables, as_of, min_clients=5, by_clients="counsellor", by_apps="role_family")
    same(
        cohort.client_rates(apps, "channel", as_of=as_of, per_client=True),
        cohort.client_rates(tables[0], "channel", as_of=as_of, per_client=True),
    )


@pytest.fixture(scope="module")
def simulated() -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp]:
    sim = simulate_cohort(2600, seed=20, late_intake=0.3)
    return sim.applications, sim.clients, sim.as_of


def test_a_simulated_quarter_million_applications_give_the_same_figures(simulated, tmp_path):
    apps, clients, as_of = simulated
    assert len(apps) > 200_000
    apps_path, clients_path = written(tmp_path, apps, clients, "file")
    con = engine.connect()
    tables = (engine.read_canonical(apps_path, con), engine.read_canonical(clients_path, con))
    check_all((apps, clients), tables, as_of, min_clients=5, by_clients="program", by_apps="channel")


def test_the_triage_list_brings_back_counts_and_the_places_of_replies_not_the_applications(simulated, tmp_path):
    apps, clients, as_of = simulated
    apps_path, clients_path = written(tmp_path, apps, clients, "file")
    con = engine.connect()
    _, _, mine = engine.still_searching(engine.read_canonical(apps_path, con), engine.read_canonical(clients_path, con))
    found = engine.pivot_counts(mine, list(cohort.TRIAGE_SPLITS), kind="positive", as_of=as_of,
                                window=pivot.DECISION_WINDOW, fewest=pivot.fewest_table("positive", None))  # fmt: skip
    searching = cohort.still_searching(apps, clients)[2]
    assert sum(len(counts) + len(hits) for counts, hits in found) * 10 < len(searching)
    assert all(hits["n"].ge(1).all() for _, hits in found)


def test_without_segments_or_intakes_the_engine_fills_in_the_optional_columns(sample):
    clients = sample[1]
    bare = clients[["client_id", "search_start", "exited_on", "exit_reason", "last_contact_on"]]
    con = engine.connect()
    table = con.create_table("bare", pa.Table.from_pandas(bare, preserve_index=False))
    same(
        cohort.time_to_employment(bare, min_clients=1).summary, cohort.time_to_employment(table, min_clients=1).summary
    )


# ----------------------------------------------------------------------------------------------- shared pieces
def test_a_life_table_from_counted_subjects_is_the_life_table_of_the_subjects():
    rng = np.random.default_rng(4)
    n = 3000
    subjects = pd.DataFrame(
        {
            "segment": rng.choice(["a", "b", None], n),
            "t": rng.integers(1, 60, n),
            "cause": rng.integers(0, 4, n),
        }
    )
    subjects["e"] = np.where(rng.random(n) < 0.4, (subjects["t"] * rng.random(n)).astype(int) - 1, -1)
    subjects["e"] = np.minimum(subjects["e"], subjects["t"] - 1)
    endings = subjects.groupby(["segment", "t", "cause"], dropna=False).size().rename("n").reset_index()
    entries = subjects.groupby(["segment", "e"], dropna=False).size().rename("n").reset_index()
    counted = life_table_from_counts(
        endings.rename(columns={"t": "day"}), entries.rename(columns={"e": "day"}), causes=3, by=["segment"]
    )
    one_by_one = life_table(subjects, duration="t", cause="cause", causes=3, by=["segment"], entry="e")
    pd.testing.assert_frame_equal(counted, one_by_one)


def test_quantiles_of_counted_values_are_pandas_quantiles_of_the_values_one_by_one():
    rng = np.random.default_rng(9)
    counted = pd.DataFrame(
        {
            "segment": rng.choice(["x", "y", "z"], 400),
            "value": rng.integers(0, 30, 400) / 7,
            "n": rng.integers(1, 9, 400),
        }
    )
    counted = counted.groupby(["segment", "value"]).sum().reset_index()
    one_by_one = counted.loc[counted.index.repeat(counted["n"])]
    expected = pd.DataFrame({q: one_by_one.groupby("segment")["value"].quantile(q) for q in (0.25, 0.5, 0.75)})
    found = cohort.counted_quantiles(counted, ["segment"], "value", "n", (0.25, 0.5, 0.75))
    np.testing.assert_allclose(found.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-12)


# ----------------------------------------------------------------------------------------------- reading
def test_a_missing_path_is_one_plain_line(tmp_path):
    with pytest.raises(LoadError, match="no such file or folder") as caught:
        engine.read_canonical(tmp_path / "nowhere.parquet")
    assert "\n" not in str(caught.value)


def test_an_empty_folder_and_a_glob_matching_nothing_are_one_plain_line(tmp_path):
    with pytest.raises(LoadError, match=r"no \.parquet file in this folder"):
        engine.read_canonical(tmp_path)
    with pytest.raises(LoadError, match="no file matches"):
        engine.read_canonical(tmp_path / "*.parquet")


def test_a_file_that_is_not_parquet_is_one_plain_line(tmp_path):
    path = tmp_path / "applications.parquet"
    path.write_text("client_id,applied_on\nC1,2026-01-01\n", encoding="utf-8")
    with pytest.raises(LoadError, match="could not be read as Parquet") as caught:
        engine.read_canonical(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_an_unknown_engine_names_the_known_ones():
    with pytest.raises(ValueError, match="'duckdb', 'spark'"):
        engine.connect("oracle")


def test_within_one_report_the_reply_window_is_counted_once_and_after_it_afresh(monkeypatch):
    sample = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of="2026-11-02")
    con = engine.connect()
    apps = con.create_table("apps", pa.Table.from_pandas(sample.applications, preserve_index=False))
    counted = []
    real = engine._reply_table
    monkeypatch.setattr(engine, "_reply_table", lambda *a: counted.append(a) or real(*a))
    with engine.remembered():
        by_channel = cohort.client_rates(apps, by="channel", as_of=sample.as_of)
        overall = cohort.client_rates(apps, as_of=sample.as_of)
    assert len(counted) == 1  # the second call used the first's table
    same(cohort.client_rates(sample.applications, by="channel", as_of=sample.as_of), by_channel)
    same(cohort.client_rates(sample.applications, as_of=sample.as_of), overall)
    cohort.client_rates(apps, as_of=sample.as_of)
    assert len(counted) == 2 and engine._MEMO is None  # outside the block, nothing is kept
