import filecmp
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load_sample, sample_path
from jobsearch_analysis.samples import SAMPLES, sample_as_of
from jobsearch_analysis.simulate import BROKEN_ROWS, write_samples

ROOT = Path(__file__).resolve().parent.parent


def test_samples_are_listed_and_found():
    assert list(SAMPLES) == ["cohort_applications", "cohort_clients", "personal_log", "sparse_log"]
    for name in SAMPLES:
        assert sample_path(name).is_file()
    with pytest.raises(LoadError, match="personal_log"):
        sample_path("nope")


def test_committed_samples_are_what_the_simulator_writes(tmp_path):
    write_samples(tmp_path)
    for name in ("personal_log.csv", "sparse_log.csv", "cohort_applications.csv", "cohort_clients.csv", "samples.json"):
        assert filecmp.cmp(tmp_path / name, ROOT / "sample_data" / name, shallow=False), name


def test_personal_log_reports_its_broken_rows():
    result = load_sample("personal_log")
    errors = result.rejects.loc[result.rejects["kind"] == "error"]
    warnings = result.summary.warnings
    # Of the 8 broken rows, 5 lack what an application cannot be without (or repeat one) and are rejected;
    # in 3 only a cell an application can do without is bad, so the cell is left empty and the row kept.
    assert len(errors) + len(warnings) == len(BROKEN_ROWS) == 8 and len(errors) == 5
    reasons = " | ".join(errors["reason"])
    for phrase in ("not a date", "more cells than", "an exact copy of row", "no company name", "after the as-of date"):
        assert phrase in reasons
    kept = " | ".join(warnings["reason"])
    for phrase in ("a status we do not know", "outside the 1 to 5 scale", "an interview dated before the application"):
        assert phrase in kept
    # Row numbers are the spreadsheet's: row 1 is the header, and each reported row holds what is said.
    lines = sample_path("personal_log").read_text(encoding="utf-8").splitlines()
    for rec in errors.itertuples():
        if rec.value and ";" not in rec.value:
            assert rec.value in lines[rec.source_row - 1], (rec.source_row, rec.value)
    skipped = result.rejects.loc[result.rejects["kind"] == "skipped"]
    assert len(skipped) == 3
    assert result.summary.rows == len(result.applications) + len(result.rejects)
    assert result.summary.rows == len(lines) - 1


def test_personal_log_is_six_months_of_about_300_applications():
    result = load_sample("personal_log")
    apps = result.applications
    assert 250 <= len(apps) <= 350
    span = (apps["applied_on"].max() - apps["applied_on"].min()).days
    assert 150 <= span <= 200
    assert result.as_of == pd.Timestamp(sample_as_of("personal_log"))
    assert "Recruiter Email" not in apps.columns


def test_sparse_log_is_a_status_only_log():
    """The second sample is what most people keep: no reply or stage dates, a typo or two, a Source/Link column."""
    table = pd.read_csv(sample_path("sparse_log"), dtype=str)
    assert list(table.columns) == ["Company", "Role", "Date applied", "Status", "Source/Link", "Notes"]
    assert {"Rejcted", "Gosted"} <= set(table["Status"])
    assert table["Source/Link"].str.startswith("https://").any()
    result = load_sample("sparse_log")
    assert len(result.applications) == len(table) and result.summary.rejected == 0
    assert result.applications["first_response_on"].isna().all()


def test_cohort_sample_has_about_200_clients():
    apps = load_sample("cohort_applications").applications
    assert apps["client_id"].nunique() == 200
    clients = pd.read_csv(sample_path("cohort_clients"))
    assert len(clients) == 200 and set(apps["client_id"]) <= set(clients["Client ID"])
    # A counsellor's export holds names and e-mails: the tool must drop them (tests/test_cohort_privacy.py).
    assert {"Name", "Email"} <= set(clients.columns)


def test_clients_table_is_not_loaded_as_applications():
    with pytest.raises(LoadError, match="clients"):
        load_sample("cohort_clients")


def test_the_wheel_carries_the_sample_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("jobsearch_analysis-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("personal_log.csv", "sparse_log.csv", "cohort_applications.csv", "cohort_clients.csv", "samples.json"):
        assert f"jobsearch_analysis/sample_data/{name}" in names
