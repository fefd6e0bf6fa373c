"""Reading dates the way people type them, without guessing.

ISO dates (``2026-03-05``, with or without a time or a UTC offset), numeric dates in either day/month order
(``05/03/2026``, ``3/5/26, 3:07 PM``, ``05.03.2026``), dates with month names (``5 March 2026``,
``Mar 5, 2026``), Excel serial day numbers, and real date cells from a workbook.

Day/month order is decided per column from all its values: a value like ``25/03/2026`` can only be day-first
and ``03/25/2026`` only month-first. A column whose values never tell (every day is 12 or less) takes the order
shown by the file's other date columns; if nothing in the file tells either, loading stops and asks for
``dayfirst`` rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analysis.schema import DATE_DTYPE

_TIME = r"(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?\s?[Mm]\.?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
_ISO = rf"^(?P<y>\d{{4}})[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}}){_TIME}$"
_NUMERIC = rf"^(?P<a>\d{{1,2}})[/.\-](?P<b>\d{{1,2}})[/.\-](?P<y>\d{{4}}|\d{{2}})\.?{_TIME}$"
_HAS_MONTH_NAME = r"[A-Za-z]{3,}"
_HAS_YEAR = r"\b\d{4}\b"

# Excel counts days from 1899-12-30; serial numbers in this range are 1954 to 2119.
_EXCEL_ORIGIN = pd.Timestamp("1899-12-30")
_EXCEL_SERIAL_RANGE = (20_000, 80_000)


@dataclass(frozen=True)
class ParsedDates:
    """A date column read from the user's values.

    dates        the dates (``datetime64[s]``, midnight), NaT where the cell was empty or invalid
    invalid      True where a non-empty cell could not be read as a date
    order        "day-first", "month-first" or None (no value needed the order)
    """

    dates: pd.Series
    invalid: pd.Series
    order: str | None


@dataclass(frozen=True)
class OrderEvidence:
    """What a column's numeric dates say about day/month order.

    dayfirst_example / monthfirst_example: a value only readable one way, or None.
    ambiguous: how many distinct values could be read either way (and would mean different days).
    """

    dayfirst_example: str | None
    monthfirst_example: str | None
    ambiguous: int

    @property
    def conflicting(self) -> bool:
        return self.dayfirst_example is not None and self.monthfirst_example is not None

    @property
    def decided(self) -> bool | None:
        """True for day-first, False for month-first, None when the values alone do not tell."""
        if self.conflicting:
            return None
        if self.dayfirst_example is not None:
            return True
        if self.monthfirst_example is not None:
            return False
        return None


def _as_text(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.fillna("")


def order_evidence(values: pd.Series) -> OrderEvidence:
    """Look at a column's numeric dates for values that fix day/month order."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return OrderEvidence(None, None, 0)
    values = pd.Series(values.unique())  # each distinct value once: the examples are the first ones seen
    if values.dtype == object:
        values = values.loc[values.map(lambda v: isinstance(v, str))]
    text = _as_text(values)
    parts = text.str.extract(_NUMERIC).dropna(subset=["a", "b"])
    if parts.empty:
        return OrderEvidence(None, None, 0)
    a = parts["a"].astype(int)
    b = parts["b"].astype(int)
    only_dayfirst = (a > 12) & (b <= 12)
    only_monthfirst = (b > 12) & (a <= 12)
    ambiguous = int(((a <= 12) & (b <= 12) & (a != b)).sum())
    example = lambda mask: text.loc[mask[mask].index[0]] if mask.any() else None  # noqa: E731
    return OrderEvidence(example(only_dayfirst), example(only_monthfirst), ambiguous)


def parse_dates(values: pd.Series, *, dayfirst: bool | None) -> ParsedDates:
    """Read a column of dates.

    Parameters
    ----------
    values : Series
        Strings as typed, workbook date cells, Excel serial numbers, or a datetime column.
    dayfirst : bool or None
        The day/month order for numeric dates such as ``05/03/2026``. ``None`` is allowed only when no value
        needs it (the caller decides the order first, with :func:`order_evidence`).

    Returns
    -------
    ParsedDates
        The dates at day resolution, the mask of cells that are not dates, and the order used.
    """
    index = values.index
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values.dt.tz_convert("UTC").dt.tz_localize(None) if values.dt.tz is not None else values
        result = dates.dt.normalize().astype(DATE_DTYPE)
        return ParsedDates(result, pd.Series(False, index=index), None)
    # A log repeats its dates (a million applications fall on a few hundred days): read each distinct value once.
    codes, uniques = pd.factorize(values)
    parsed = _parse_distinct(pd.Series(uniques, dtype=values.dtype if values.dtype != object else object), dayfirst)
    known = codes >= 0
    dates = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    dates[known] = parsed.dates.to_numpy()[codes[known]]
    invalid = np.zeros(len(values), dtype=bool)
    invalid[known] = parsed.invalid.to_numpy()[codes[known]]
    return ParsedDates(pd.Series(dates, index=index), pd.Series(invalid, index=index), parsed.order)


def _parse_distinct(values: pd.Series, dayfirst: bool | None) -> ParsedDates:
    """:func:`parse_dates` for values that are not dates already (each read once)."""
    index = values.index
    result = pd.Series(pd.NaT, index=index, dtype=DATE_DTYPE)
    empty = values.isna()

    # Real date cells (a workbook) and numbers (Excel serials) first; whatever is left is text.
    if values.dtype == object:
        is_stamp = values.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "toordinal"))
        if is_stamp.any():
            stamps = pd.to_datetime(values.loc[is_stamp], errors="coerce", utc=True).dt.tz_localize(None)
            result.loc[is_stamp] = stamps.dt.normalize().astype(DATE_DTYPE)
        is_number = values.map(
            lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        )
        empty = empty | (is_number & values.isna())
        is_number &= values.notna()
    else:
        is_stamp = pd.Series(False, index=index)
        is_number = pd.Series(pd.api.types.is_numeric_dtype(values), index=index) & values.notna()
    if is_number.any():
        serial = pd.to_numeric(values.loc[is_number], errors="coerce")
        in_range = serial.between(*_EXCEL_SERIAL_RANGE) & (serial == np.floor(serial))
        days = pd.to_timedelta(serial.where(in_range), unit="D")
        result.loc[is_number] = (_EXCEL_ORIGIN + days).astype(DATE_DTYPE)

    is_text = ~(is_stamp | is_number | empty)
    text = _as_text(values.loc[is_text]) if is_text.any() else pd.Series([], dtype="string")
    text_empty = text == ""
    empty = empty | pd.Series(text_empty, index=text.index).reindex(index, fill_value=False)
    text = text.loc[~text_empty]

    order = None
    if not text.empty:
        iso = text.str.extract(_ISO)
        ok_iso = iso["y"].notna()
        if ok_iso.any():
            result.loc[ok_iso[ok_iso].index] = _assemble(
                iso.loc[ok_iso, "y"], iso.loc[ok_iso, "m"], iso.loc[ok_iso, "d"]
            )
        rest = text.loc[~ok_iso]
        numeric = rest.str.extract(_NUMERIC)
        ok_numeric = numeric["a"].notna()
        if ok_numeric.any():
            parts = numeric.loc[ok_numeric]
            a, b = parts["a"].astype(int), parts["b"].astype(int)
            needs_order = ((a <= 12) & (b <= 12) & (a != b)).any()
            if dayfirst is None and needs_order:
                raise ValueError("day/month order is needed to read these dates")
            use_dayfirst = bool(dayfirst) if dayfirst is not None else bool((a > 12).any())
            day, month = (a, b) if use_dayfirst else (b, a)
            years = parts["y"].astype(int)
            years = years.where(years >= 100, years + np.where(years < 70, 2000, 1900))
            result.loc[parts.index] = _assemble(years, month, day)
            if needs_order or dayfirst is not None:
                order = "day-first" if use_dayfirst else "month-first"
        named = rest.loc[~ok_numeric]
        named = named.loc[named.str.contains(_HAS_MONTH_NAME) & named.str.contains(_HAS_YEAR)]
        if not named.empty:
            parsed = pd.to_datetime(named, format="mixed", dayfirst=bool(dayfirst), errors="coerce", utc=True)
            result.loc[named.index] = parsed.dt.tz_localize(None).dt.normalize().astype(DATE_DTYPE)

    invalid = result.isna() & ~empty
    return ParsedDates(result, invalid, order)


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    parts = pd.DataFrame({"year": year.astype(int), "month": month.astype(int), "day": day.astype(int)})
    return pd.to_datetime(parts, errors="coerce").astype(DATE_DTYPE)
