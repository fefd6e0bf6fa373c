import datetime as dt

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis.ingest.dates import order_evidence, parse_dates


def read(values, dayfirst=None):
    parsed = parse_dates(
        pd.Series(values, dtype=object if any(not isinstance(v, str) for v in values) else "str"), dayfirst=dayfirst
    )
    return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in parsed.dates], parsed.invalid.tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", "2026-03-05"),
        ("2026-3-5", "2026-03-05"),
        ("2026/03/05", "2026-03-05"),
        ("2026-03-05 14:22:01", "2026-03-05"),
        ("2026-03-05T23:59:59.123Z", "2026-03-05"),
        ("2026-03-05T10:00:00+02:00", "2026-03-05"),
        ("5 March 2026", "2026-03-05"),
        ("Mar 5, 2026", "2026-03-05"),
        ("Thursday, March 5, 2026", "2026-03-05"),
    ],
)
def test_unambiguous_forms(text, expected):
    dates, invalid = read([text])
    assert dates == [expected] and invalid == [False]


def test_us_dates_with_time_and_two_digit_year():
    # LinkedIn's archive writes "12/16/22, 3:07 PM".
    dates, invalid = read(["12/16/22, 3:07 PM", "1/2/23, 11:59 AM"], dayfirst=False)
    assert dates == ["2022-12-16", "2023-01-02"] and invalid == [False, False]


def test_european_dates_with_dots():
    dates, _ = read(["25.03.2026", "01.04.2026"], dayfirst=True)
    assert dates == ["2026-03-25", "2026-04-01"]


def test_order_is_needed_only_for_ambiguous_values():
    # 25/03 can only be day-first; without an ambiguous value no order is needed.
    dates, _ = read(["25/03/2026", "3/3/2026"])
    assert dates == ["2026-03-25", "2026-03-03"]
    with pytest.raises(ValueError):
        read(["05/03/2026"])


def test_impossible_and_garbage_dates_are_invalid_not_guessed():
    dates, invalid = read(["2/30/2026", "next tuesday", "5", "", "2026-13-01"], dayfirst=False)
    assert dates == [None, None, None, None, None]
    assert invalid == [True, True, True, False, True]


def test_month_name_without_a_year_is_not_guessed():
    _, invalid = read(["March 5"])
    assert invalid == [True]


def test_workbook_cells_and_excel_serials():
    values = [dt.datetime(2026, 3, 5, 14, 0), dt.date(2026, 3, 6), 46087, 46087.5, None, "2026-03-09"]
    dates, invalid = read(values)
    assert dates == ["2026-03-05", "2026-03-06", "2026-03-06", None, None, "2026-03-09"]
    assert invalid == [False, False, False, True, False, False]


def test_datetime_column_passes_through_with_timezone_dropped():
    values = pd.Series(pd.to_datetime(["2026-03-05T23:30:00Z", None], utc=True))
    parsed = parse_dates(values, dayfirst=None)
    assert parsed.dates.dtype == np.dtype("datetime64[s]")
    assert parsed.dates.iloc[0] == pd.Timestamp("2026-03-05") and pd.isna(parsed.dates.iloc[1])


def test_order_evidence():
    assert order_evidence(pd.Series(["25/03/2026", "1/2/2026"])).decided is True
    assert order_evidence(pd.Series(["03/25/2026", "1/2/2026"])).decided is False
    undecided = order_evidence(pd.Series(["03/04/2026", "1/1/2026"]))
    assert undecided.decided is None and undecided.ambiguous == 1
    conflict = order_evidence(pd.Series(["25/03/2026", "03/25/2026"]))
    assert conflict.conflicting and conflict.decided is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("46150", "2026-05-08"),  # Excel's serial number of the day, typed as text
        ("46150.0", "2026-05-08"),
        (" 46150 ", "2026-05-08"),
        ("29221", "1980-01-01"),  # the first day of the span of serials read
        ("73050", "2099-12-31"),  # the last: the as-of rule then names it a date after the as-of date
        ("29220", None),
        ("73051", None),
        ("3", None),  # plain numbers are not dates
        ("2026", None),
        ("94103", None),  # a postcode
        ("46150.5", None),
    ],
)
def test_a_serial_number_typed_as_text_is_a_date_only_within_the_span(text, expected):
    assert read([text]) == ([expected], [expected is None])


def test_a_column_of_five_digit_numbers_is_not_told_to_be_dates_by_its_values():
    from jobsearch_analysis.ingest.dates import share_of_dates

    salaries = pd.Series(["30000", "42000", "45500"], dtype="str")
    assert share_of_dates(salaries) == 0.0
    assert parse_dates(salaries, dayfirst=None).dates.notna().all()  # in a column named as dates they are


def test_serial_numbers_typed_as_text_load_from_a_text_file_and_a_workbook_alike(write, tmp_path):
    from jobsearch_analysis import load

    rows = [
        ["Acme", "46150", None, "Applied"],
        ["Globex", "2026-05-09", "46160", "Interview"],
        ["Initech", "3", None, "Applied"],
        ["Umbrella", "29220", None, "Applied"],
        ["Hooli", "46400", None, "Applied"],  # 2027-01-13: after the as-of date
        ["Stark", "2026-05-01", "46500", "Interview"],  # an interview after the as-of date costs the cell
    ]
    frame = pd.DataFrame(rows, columns=["Company", "Date Applied", "Interview date", "Status"], dtype=object)
    workbook = tmp_path / "log.xlsx"
    frame.to_excel(workbook, index=False)  # text cells: openpyxl keeps strings as strings
    text = write("log.csv", frame.to_csv(index=False))
    for path in (text, workbook):
        result = load(path, as_of="2026-11-02")
        apps = result.applications.set_index("company")
        assert apps.loc["Acme", "applied_on"] == pd.Timestamp("2026-05-08")
        assert apps.loc["Globex", "interview_on"] == pd.Timestamp("2026-05-18")
        assert pd.isna(apps.loc["Stark", "interview_on"])
        reasons = result.rejects.set_index("value")["reason"]
        assert reasons["3"].startswith("not a date") and reasons["29220"].startswith("not a date")
        assert "after the as-of date 2026-11-02" in reasons["46400"]
        late = result.summary.warnings
        assert "after the as-of date" in late.loc[late["value"] == "46500", "reason"].iloc[0]
        assert any(
            "typed as Excel serial numbers" in n and "'46150' for 2026-05-08" in n
            for n in result.summary.files[0].notes
        )
