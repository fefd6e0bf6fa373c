"""What a loaded log says about itself in a terminal and a notebook: one short line for the result, and a note
when the as-of date, not the rows, is the likely mistake."""

from __future__ import annotations

import pandas as pd
import pytest

from jobsearch_analysis import load, load_sample

NOVEMBER = "2026-11-02"


def december_log(path, *, last: str = "2026-12-05"):
    """A log kept day after day up to ``last``: copied with the README's as-of date, its last month is late."""
    days = pd.date_range("2026-10-04", last, freq="D")
    rows = [f"Firm {i},{day:%Y-%m-%d},Applied" for i, day in enumerate(days)]
    path.write_text("Company,Date Applied,Status\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_load_result_prints_as_one_line_of_counts():
    result = load_sample("personal_log")
    assert repr(result) == (
        "<LoadResult: 296 applications, 5 rejected, 3 skipped from personal_log.csv, as of 2026-11-02>"
    )
    assert str(result) == repr(result) and "\n" not in repr(result)


def test_a_load_result_of_several_files_names_them(tmp_path):
    first = december_log(tmp_path / "a.csv", last="2026-10-20")
    second = december_log(tmp_path / "b.csv", last="2026-10-20")
    assert "from a.csv and b.csv, as of" in repr(load([first, second], as_of=NOVEMBER))
    third = december_log(tmp_path / "c.csv", last="2026-10-20")
    assert "from 3 files (a.csv, ...), as of" in repr(load([first, second, third], as_of=NOVEMBER))


def test_a_notebook_shows_the_short_line_not_the_tables():
    formatters = pytest.importorskip("IPython.core.formatters")
    shown, _ = formatters.DisplayFormatter().format(load_sample("personal_log"))
    assert shown["text/plain"].startswith("<LoadResult: 296 applications") and len(shown["text/plain"]) < 120
    assert "&lt;LoadResult: 296 applications" in shown["text/html"] and "<table" not in shown["text/html"]


def test_many_rows_after_the_as_of_date_say_the_as_of_date_may_be_wrong(tmp_path):
    result = load(december_log(tmp_path / "log.csv"), as_of=NOVEMBER)
    text = result.summary.render()
    assert result.summary.rejected == 33
    assert "33 of 63 rows are rejected as dated after the as-of date: the as-of date (2026-11-02) may be wrong" in text
    assert text.count("may be wrong") == 1 and "pass as_of= with the day your log describes" in text
    assert "may be wrong" not in load(december_log(tmp_path / "log.csv"), as_of="2026-12-05").summary.render()


def test_a_few_rows_day_after_day_past_the_as_of_date_are_enough(tmp_path):
    # 3 rows of 33 (under 10 %), but on the three days right after the as-of date: a log exported later.
    result = load(december_log(tmp_path / "log.csv", last="2026-11-05"), as_of=NOVEMBER)
    assert result.summary.rejected == 3 and "may be wrong" in result.summary.render()


def test_one_mistyped_year_does_not_doubt_the_as_of_date(tmp_path):
    path = december_log(tmp_path / "log.csv", last="2026-10-30")
    path.write_text(path.read_text(encoding="utf-8") + "Typo Inc,2027-10-20,Applied\n", encoding="utf-8")
    result = load(path, as_of=NOVEMBER)
    text = result.summary.render()
    assert result.summary.rejected == 1 and "a typo in the year?" in text and "may be wrong" not in text


def test_the_command_line_names_its_flag_for_the_as_of_date(tmp_path, capsys):
    from jobsearch_analysis.cli import main

    path = december_log(tmp_path / "log.csv")
    assert main(["validate", str(path), "--as-of", NOVEMBER]) == 1
    out = capsys.readouterr().out
    assert "the as-of date (2026-11-02) may be wrong" in out and "pass --as-of YYYY-MM-DD with the day" in out
    assert "as_of=" not in out
    assert main(["summary", str(path), "--as-of", NOVEMBER, "-q"]) == 0
    assert "may be wrong, not the rows; pass --as-of" in capsys.readouterr().out
    assert main(["report", str(path), "--as-of", NOVEMBER, "-q", "-o", str(tmp_path / "r.html")]) == 0
    assert "log.csv: 33 of 63 rows are rejected as dated after the as-of date" in capsys.readouterr().out
