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
        "<LoadResult: 293 applications, 8 rejected, 3 skipped from personal_log.csv, as of 2026-11-02>"
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
    assert shown["text/plain"].startswith("<LoadResult: 293 applications") and len(shown["text/plain"]) < 120
    assert "&lt;LoadResult: 293 applications" in shown["text/html"] and "<table" not in shown["text/html"]
