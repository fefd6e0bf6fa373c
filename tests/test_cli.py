import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis.cli import main

GOOD = "Company,Date Applied,Status\nAcme,2026-03-02,Applied\nGlobex,2026-03-03,Rejected\n"
BAD = GOOD + '=HYPERLINK("http://x"),2026-02-30,Applied\n'


def test_validate_all_valid_exits_0(write, capsys):
    assert main(["validate", str(write("ok.csv", GOOD)), "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "2 rows: 2 applications, 0 rejected, 0 skipped" in out


def test_validate_with_rejects_exits_1_and_writes_a_safe_csv(write, tmp_path, capsys):
    out_csv = tmp_path / "rejects.csv"
    assert main(["validate", str(write("bad.csv", BAD)), "--as-of", "2026-06-30", "--rejects", str(out_csv)]) == 1
    assert "row 4" in capsys.readouterr().out
    rejects = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    assert rejects["source_row"].tolist() == ["4"]
    assert rejects["value"].tolist() == ["2026-02-30"]
    raw = out_csv.read_text(encoding="utf-8")
    assert "\n=" not in raw and ",=" not in raw


def test_unusable_file_exits_2_with_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "jobsearch_analysis.cli", "validate", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "missing.csv" in result.stderr


def test_ambiguous_dates_exit_2_and_the_flag_fixes_it(write, capsys):
    path = str(write("amb.csv", "Company,Date Applied\nAcme,03/04/2026\n"))
    assert main(["validate", path, "--as-of", "2026-06-30"]) == 2
    assert "--dayfirst" in capsys.readouterr().err
    assert main(["validate", path, "--dayfirst", "--as-of", "2026-06-30"]) == 0


def test_map_and_status_options(write):
    path = str(write("de.csv", "Arbeitgeberin,Wann,Stand\nAcme,2026-03-02,Zusage\n"))
    assert (
        main(
            [
                "validate",
                path,
                "--as-of",
                "2026-06-30",
                "--map",
                "Arbeitgeberin=company",
                "--map",
                "Wann=applied_on",
                "--map",
                "Stand=status",
                "--status",
                "Zusage=offer accepted",
            ]
        )
        == 0
    )
    assert main(["validate", path, "--map", "Arbeitgeberin company"]) == 2


def flat(text: str) -> str:
    """Output with its line breaks and table padding as single spaces: a sentence a table wraps reads whole."""
    return " ".join(text.split())


def test_summary_of_the_sample_prints_headline_numbers(capsys):
    assert main(["summary", "--sample", "personal_log"]) == 0
    out = capsys.readouterr().out
    assert "Headline numbers, as of 2026-11-02" in out and "applications sent" in out
    assert "personal_log.csv spreadsheet 304 296 5 3" in flat(out) and "Rejected rows (5)" in out
    assert "Response rates, counting only applications old enough to have had their answer" in out
    assert "a screen or better 21 days 6.7% 4.3% to 10% 18 267 28" in flat(out)


def test_summary_needs_a_file_or_a_sample(capsys):
    assert main(["summary"]) == 2
    assert "no file given" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_installed_console_script():
    script = Path(sys.executable).parent / "jobsearch-analysis"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "validate" in result.stdout


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "Company,Date Applied,Status\nAcme,,Saved\nGlobex,,Wishlist\n",
            "holds no application: its 2 rows are 2 saved jobs",
        ),
        (
            "Company,Date Applied,Status\nAcme,2026-02-30,Applied\n,2026-03-01,Applied\n",
            "holds no application: its 2 rows are 2 rejected (the reasons are listed above)",
        ),
    ],
)
def test_validate_of_a_file_with_no_application_exits_1_saying_why(write, capsys, text, why):
    assert main(["validate", str(write("none.csv", text)), "--as-of", "2026-06-30"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: none.csv ") and why in err and err.count("\n") == 1


def test_a_strategy_change_given_on_the_command_line_restarts_the_verdicts(tmp_path, capsys):
    days = pd.date_range("2026-01-05", periods=150)
    rows = [f"Acme {i},{d:%Y-%m-%d},Applied,Indeed" for i, d in enumerate(days)]
    path = tmp_path / "log.csv"
    path.write_text("Company,Date Applied,Status,Source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["summary", str(path), "--as-of", "2026-12-01"]) == 0
    assert "time to pivot" in flat(capsys.readouterr().out)
    assert main(["summary", str(path), "--as-of", "2026-12-01", "--change", "2026-05-01"]) == 0
    out = flat(capsys.readouterr().out)
    assert "since you changed strategy on 1 May 2026" in out and "time to pivot" not in out
    with pytest.raises(SystemExit) as stop:
        main(["summary", str(path), "--as-of", "2026-12-01", "--change", "May"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1 and "is not a date" in err
