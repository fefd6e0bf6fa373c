import pandas as pd
import pytest

from jobsearch_analysis.present.export import defuse, safe_frame, write_csv


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tcmd", "\r=x"])
def test_formula_starts_are_defused(value):
    assert defuse(value) == "'" + value


@pytest.mark.parametrize("value", ["Acme", "", "a=b", 5, -3.5, None])
def test_other_values_are_untouched(value):
    assert defuse(value) == value


def test_frames_keep_numbers_and_defuse_text(tmp_path):
    frame = pd.DataFrame({"company": ["=cmd|' /C calc'!A0", "Acme", None], "rows": [-1, 2, 3]})
    safe = safe_frame(frame)
    assert safe["company"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "Acme"] and pd.isna(safe["company"].iloc[2])
    assert safe["rows"].tolist() == [-1, 2, 3]
    assert frame["company"].iloc[0].startswith("=")  # the input is not changed
    path = tmp_path / "out.csv"
    write_csv(frame, path)
    assert pd.read_csv(path)["company"].iloc[0] == "'=cmd|' /C calc'!A0"


def test_the_folder_is_made_when_it_does_not_exist(tmp_path):
    target = tmp_path / "build" / "tables" / "rejects.csv"
    write_csv(pd.DataFrame({"a": ["=1+1"]}), target)
    assert target.read_text(encoding="utf-8") == "a\n'=1+1\n"
