"""Inputs that used to crash a run with "please report this as a bug": each now gives a result or one clear
LoadError (issue: broken and hostile files)."""

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.privacy import read_secret

AS_OF = "2026-11-02"
LOG = "Company,Date Applied,Status\n{company},2026-03-02,Applied\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_two_files_of_one_name_in_two_folders_are_both_read_and_told_apart(tmp_path):
    old = write(tmp_path / "old" / "export.csv", LOG.format(company="Acme"))
    new = write(tmp_path / "new" / "export.csv", LOG.format(company="Globex"))
    result = load([old, new], as_of=AS_OF)
    assert sorted(result.applications["company"]) == ["Acme", "Globex"]
    assert [f.file for f in result.summary.files] == ["old/export.csv", "new/export.csv"]
    assert result.summary.rows == 2 == result.summary.applications


def test_one_file_given_twice_is_refused_in_one_line(tmp_path):
    log = write(tmp_path / "log.csv", LOG.format(company="Acme"))
    with pytest.raises(LoadError, match=r"log\.csv is given more than once; give each file once"):
        load([log, tmp_path / "." / "log.csv"], as_of=AS_OF)


def test_a_client_folder_with_an_old_and_a_new_export_reads_both(tmp_path):
    write(tmp_path / "ann" / "old" / "export.csv", LOG.format(company="Acme"))
    write(tmp_path / "ann" / "new" / "export.csv", LOG.format(company="Globex"))
    write(tmp_path / "bob" / "log.csv", LOG.format(company="Initech"))
    cohort = load_cohort(tmp_path, as_of=AS_OF)
    assert sorted(cohort.applications.loc[cohort.applications["client_id"] == "ann", "company"]) == ["Acme", "Globex"]


def test_a_cell_longer_than_the_csv_modules_limit_is_read(tmp_path):
    note = "x" * 200_000  # the csv module's default limit is 131,072 characters
    log = write(tmp_path / "log.csv", f"Company,Date Applied,Notes\nAcme,2026-03-02,{note}\nGlobex,2026-03-03,short\n")
    result = load(log, as_of=AS_OF)
    assert list(result.applications["company"]) == ["Acme", "Globex"]
    assert len(result.applications.loc[0, "notes"]) == 200_000


def test_json_nested_beyond_any_export_is_one_clear_error(tmp_path):
    deep = write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(LoadError, match="nested too deeply"):
        load(deep, as_of=AS_OF)


def test_a_secret_file_that_is_not_text_is_one_clear_error(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"\xff\xfe\x00\xd8 not utf-8")
    with pytest.raises(LoadError, match="not UTF-8 text"):
        read_secret(secret)


def test_dates_before_1980_are_typos_not_the_start_of_a_search(tmp_path):
    """1066-10-14 and 1900-01-01 once loaded as application dates, and a two-row file reported a search of 50,067
    weeks. An application date before 1980 rejects its row; any other date is left empty, the row kept."""
    log = write(
        tmp_path / "old.csv",
        "Company,Date Applied,Status,Interview\nAcme,1066-10-14,Applied,\nBeta,1900-01-01,Applied,\n"
        "Gamma,2026-03-02,Interview,1901-01-01\nDelta,2026-03-03,Applied,\n",
    )
    result = load(log, as_of=AS_OF)
    assert list(result.applications["company"]) == ["Gamma", "Delta"]
    assert set(result.rejects["reason"]) == {"a date before 1980 (a typo in the year?)"}
    assert list(result.summary.warnings["column"]) == ["Interview"]
    assert result.applications["applied_on"].min() == pd.Timestamp("2026-03-02")
