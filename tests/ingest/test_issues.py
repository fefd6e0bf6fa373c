"""Typed issues: codes, kinds, messages rendered from codes, and the rejects' one line per row."""

import re
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import load
from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest.issues import ISSUE_COLUMNS, ISSUES, KINDS, REJECT_COLUMNS

PACKAGE = Path(__file__).parents[2] / "jobsearch_analysis"


def test_every_issue_type_has_a_kind_and_a_message():
    for code, found in ISSUES.items():
        assert found.code == code and found.kind in KINDS
        assert found.render("x") and "{" not in found.render("x").replace("{WORD: STAGE}", "").replace("{...}", "")
        if found.kind == "skipped":
            assert found.counted, f"{code}: a skipped row is counted in the summary, so it needs its words"


def test_every_code_the_package_raises_is_registered():
    """A code written anywhere in the package (as the first argument of flag/Flag/issues) must exist."""
    pattern = re.compile(r"""(?:\bflag|\bFlag|issue\.issues|\bissues)\(\s*["']([a-z_]+)["']""")
    used = {code for path in PACKAGE.rglob("*.py") for code in pattern.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no code: it no longer matches how issues are raised"
    assert used <= set(ISSUES), used - set(ISSUES)


def frame(*records) -> pd.DataFrame:
    return issue.combine(
        [issue.issues(code, "log.csv", [row], column, [value], detail) for row, code, column, value, detail in records]
    )


def test_one_line_per_row_joins_its_issues_in_order():
    found = frame(
        (4, "not_a_date", "Applied", "31/31/2026", "day-first"),
        (4, "no_company", "Company", "", ""),
        (2, "blank_row", "", "", ""),
    )
    rejects = issue.per_row(found)
    assert list(rejects.columns) == REJECT_COLUMNS
    assert rejects["source_row"].tolist() == [2, 4]
    row = rejects.set_index("source_row").loc[4]
    assert row["reason"] == "not a date (read day-first); no company name"
    assert row["code"] == "not_a_date; no_company" and row["column"] == "Applied; Company"
    assert row["value"] == "31/31/2026" and row["kind"] == "error"


def test_an_error_outranks_skipped_for_the_same_row():
    """A row that must be fixed is never counted as merely 'not an application' (were the rule reversed, the
    user would not be told to fix it, and the summary's counts would move a rejected row into 'skipped')."""
    both = frame((7, "saved_job", "Status", "Saved", ""), (7, "exact_copy", "(whole row)", "", "3"))
    rejects = issue.per_row(both)
    assert rejects["kind"].tolist() == ["error"]
    skipped_twice = frame((8, "saved_job", "Status", "Saved", ""), (8, "blank_row", "", "", ""))
    assert issue.row_kinds(pd.concat([both, skipped_twice])).tolist() == ["error", "skipped"]


def test_each_rows_issues_are_joined_once_in_order_and_empty_values_left_out():
    found = frame(
        (4, "no_company", "Company", "", ""), (4, "date_before_1980", "Date Applied", "1066-10-14", ""),
        (2, "exact_copy", "(whole row)", "", "1"), (4, "no_company", "Company", "", ""),
    )  # fmt: skip
    rejects = issue.per_row(found)
    assert rejects["source_row"].tolist() == [2, 4]
    assert rejects.loc[1, "column"] == "Company; Date Applied"
    assert rejects.loc[1, "value"] == "1066-10-14"
    assert rejects.loc[1, "code"] == "no_company; date_before_1980"
    assert rejects.loc[0, "value"] == ""


def test_warnings_and_notes_are_not_rejects():
    found = frame((3, "blank_row", "", "", "")).assign(kind=["warning"])
    assert issue.per_row(found).empty


def test_skipped_rows_are_counted_by_code_in_words():
    found = frame(
        (2, "saved_job", "Status", "Saved", ""),
        (3, "saved_job", "Status", "Saved", ""),
        (5, "blank_row", "", "", ""),
    )
    assert issue.counted_words(found) == ["2 saved jobs", "1 blank row"]


def test_a_message_with_a_detail_and_without():
    assert ISSUES["not_a_date"].render("month-first") == "not a date (read month-first)"
    assert ISSUES["not_a_date"].render("") == "not a date"
    assert ISSUES["exact_copy"].render("12") == "an exact copy of row 12"


def test_unknown_code_is_a_clear_error():
    with pytest.raises(KeyError, match="not registered"):
        issue.issues("no_such_code", "log.csv", [2], "A")


def test_load_keeps_every_issue_and_the_rejects_are_built_from_them(write):
    path = write("log.csv", "Company,Date Applied,Status\nAcme,2026-03-02,Applied\n,2026-03-03,Applied\n,,\n")
    result = load(path, as_of="2026-06-30")
    assert list(result.issues.columns) == ISSUE_COLUMNS
    assert set(result.issues["code"]) == {"no_company", "blank_row"}
    pd.testing.assert_frame_equal(
        result.rejects.drop(columns="value"), issue.per_row(result.issues).drop(columns="value")
    )
    assert result.summary.skipped_words() == ["1 blank row"]
