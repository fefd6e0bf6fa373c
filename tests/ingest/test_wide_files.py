"""A sheet with thousands of named columns is read in time that grows with its columns, not their square."""

from __future__ import annotations

import cProfile
import pstats

import pandas as pd

from jobsearch_analysis import load

AS_OF = "2026-11-02"


def wide_log(write, columns: int, rows: int = 20, name: str = "wide.csv"):
    """A log with ``columns`` columns of the user's own (distinct headers, distinct cells) after company and date."""
    headers = ["Company", "Date Applied", *(f"Field {i}" for i in range(columns))]
    lines = [",".join(headers)]
    lines += [",".join([f"Firm {r}", "2026-03-02", *(f"v{r}.{i}" for i in range(columns))]) for r in range(rows)]
    return write(name, "\n".join(lines) + "\n")


def python_calls(path) -> int:
    """How many Python function calls loading the file takes: a count, the same on any machine and any load."""
    profile = cProfile.Profile()
    profile.runcall(load, path, as_of=AS_OF)
    return pstats.Stats(profile).total_calls


def test_the_work_of_reading_grows_no_faster_than_the_columns(write):
    """Eight times the columns may cost at most eight times the calls. Adding the user's columns to the table one
    at a time (each ``assign`` copying the frame's list of columns) or looking at them one by one cost 11 times
    the calls for 8 times the columns here, and 300 s for 5,000 columns."""
    load(wide_log(write, 10, name="warm.csv"), as_of=AS_OF)  # imports and first-call caches out of the count
    few = python_calls(wide_log(write, 100, name="few.csv"))
    many = python_calls(wide_log(write, 800, name="many.csv"))
    assert many < 8 * few, f"{many} calls for 800 columns, {few} for 100"


def test_every_column_of_a_wide_sheet_is_read_checked_and_kept(write):
    headers = ["Company", "Date Applied", "source_row", "Contact mail", "Remarks"]
    headers += [f"Field {i}" for i in range(300)]
    rows = []
    for r in range(6):
        cells = [f"Firm {r}", f"2026-03-0{r + 1}", f"x{r}", f"person{r}@example.com", "fine"]
        cells += ["N/A" if r == 1 and i % 50 == 0 else f"v{r}.{i}" for i in range(300)]
        rows.append(cells)
    rows[2][headers.index("Field 7")] = "call +44 20 7946 0958"
    rows.append([""] * len(headers))
    path = write("wide.csv", "\n".join(",".join(row) for row in [headers, *rows]) + "\n")
    result = load(path, as_of=AS_OF)
    apps = result.applications
    own = [c for c in apps.columns if c.startswith("Field ")]
    assert own == [f"Field {i}" for i in range(300)]  # in the file's order
    assert apps["source_row (own)"].tolist() == [f"x{r}" for r in range(6)]  # named apart from the table's own
    assert "Contact mail" not in apps.columns  # a column of e-mail addresses is dropped
    assert apps["Field 7"].iloc[2] == "call [contact removed]"
    assert apps.loc[1, ["Field 0", "Field 50", "Field 250"]].isna().all()  # placeholders are empty cells
    assert apps.loc[1, "Field 1"] == "v1.1" and apps.loc[5, "Field 299"] == "v5.299"
    assert "placeholders read as empty cells: 'N/A' (6)" in result.summary.files[0].notes
    assert result.summary.skipped == 1  # the blank row
    assert pd.api.types.is_string_dtype(apps["Field 3"])


def test_the_summary_names_the_first_columns_of_a_wide_sheet_and_counts_the_rest(write):
    summary = str(load(wide_log(write, 300, rows=3), as_of=AS_OF).summary)
    line = next(line for line in summary.splitlines() if "kept as your own columns" in line)
    assert line.endswith("Field 19 and 280 more")
    assert "Field 20" not in line


def test_the_report_names_the_first_columns_of_a_wide_sheet_and_counts_the_rest(write, tmp_path):
    from jobsearch_analysis.present.report import build

    page = build(load(wide_log(write, 300, rows=3), as_of=AS_OF)).html
    assert "Field 19 and 280 more." in page
    assert "Field 20," not in page
