"""``jobsearch-analysis convert``: any log, or a caseload, written as validated canonical Parquet, with the summary
of what was read printed as ``validate`` prints it."""

from __future__ import annotations

import pandas as pd
import pytest

from jobsearch_analysis import sample_path
from jobsearch_analysis.cli import main

AS_OF = "2026-11-02"


def test_a_log_is_summarised_as_validate_says_it_and_exits_as_validate_does(tmp_path, capsys):
    log = str(sample_path("personal_log"))
    validated = main(["validate", log, "--as-of", AS_OF])
    said = capsys.readouterr().out
    converted = main(["convert", log, "--as-of", AS_OF, "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert converted == validated == 1  # rejected rows: written without them, and said
    assert out.startswith(said)
    assert out[len(said) :].startswith("Wrote 296 applications to ") and "no contact details" in out
    assert len(pd.read_parquet(tmp_path / "out" / "applications.parquet")) == 296


def test_a_caseload_is_summarised_as_its_report_says_it(tmp_path, capsys):
    argv = ["--cohort", str(sample_path("cohort_applications")), "--clients", str(sample_path("cohort_clients")),
            "--as-of", AS_OF]  # fmt: skip
    rejects = tmp_path / "rejects.csv"
    assert main(["convert", *argv, "-o", str(tmp_path / "out"), "--rejects", str(rejects)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Applications: 18,005 rows in 1 file = 18,005 applications")
    assert "row 81, Exit reason: an exit date but no exit reason" in out
    assert "and 198 clients to " in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["applications.parquet", "clients.parquet"]
    assert pd.read_csv(rejects)["source_row"].tolist() == [81, 144]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "no file given"),
        (["--clients", "clients.csv", "log.csv"], "give its applications with --cohort"),
        (["log.csv", "--cohort", "folder"], "not both"),
        (["missing.csv"], "missing.csv"),
    ],
)
def test_what_cannot_be_converted_is_one_line_and_exit_2(tmp_path, capsys, argv, says):
    assert main(["convert", *argv, "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and says in err and err.strip().count("\n") == 0
    assert not (tmp_path / "out").exists()


def test_contacts_cannot_be_kept(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["convert", str(sample_path("personal_log")), "--keep-contacts", "-o", str(tmp_path)])
    assert stopped.value.code == 2 and "--keep-contacts" in capsys.readouterr().err
