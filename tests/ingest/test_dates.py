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
