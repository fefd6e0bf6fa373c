"""Reading dates the way people type them, without guessing.

ISO dates (``2026-03-05``, with or without a time or a UTC offset), numeric dates in either day/month order
(``05/03/2026``, ``3/5/26, 3:07 PM``, ``05.03.2026``), dates with month names (``5 March 2026``,
``Mar 5, 2026``), Excel serial day numbers (number cells, or five digits typed as text), and real date cells
from a workbook.

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
_CLOCK_TAIL = (
    r"(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?\s?[Mm]\.?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*(?:\([A-Za-z ]+\))?$"
)
_HAS_YEAR = r"\b\d{4}\b"

# Excel counts days from 1899-12-30; serial numbers in this range are 1954 to 2119.
_EXCEL_ORIGIN = pd.Timestamp("1899-12-30")
_EXCEL_SERIAL_RANGE = (20_000, 80_000)
TEXT_SERIALS = (29_221, 73_050)
"""The serial numbers read as dates when typed as text ("46150", a date cell pasted as its number): 1980-01-01 to
2099-12-31. A number cell of a workbook is a date in a wider span (1954 to 2119), since a workbook says it is a
number; typed as text, five digits are a date only where a search can be: the as-of rule then names one after
the as-of date, and "3", "2026" or a postcode like "94103" stay what they are."""
_SERIAL_TEXT = r"^\d{5}(?:\.0+)?$"


@dataclass(frozen=True)
class ParsedDates:
    """A date column read from the user's values.

    dates        the dates (``datetime64[s]``, midnight), NaT where the cell was empty or invalid
    invalid      True where a non-empty cell could not be read as a date
    order        "day-first", "month-first" or None (no value needed the order)
    serial       True where the cell was a serial number typed as text (see :data:`TEXT_SERIALS`)
    """

    dates: pd.Series
    invalid: pd.Series
    order: str | None
    serial: pd.Series


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


def parse_dates(values: pd.Series, *, dayfirst: bool | None, text_serials: bool = True) -> ParsedDates:
    """Read a column of dates.

    Parameters
    ----------
    values : Series
        Strings as typed, workbook date cells, Excel serial numbers, or a datetime column.
    dayfirst : bool or None
        The day/month order for numeric dates such as ``05/03/2026``. ``None`` is allowed only when no value
        needs it (the caller decides the order first, with :func:`order_evidence`).
    text_serials : bool, default True
        Read five digits typed as text as an Excel serial number in :data:`TEXT_SERIALS`. Off where a column is
        told from its values alone (a column of salaries is not dates).

    Returns
    -------
    ParsedDates
        The dates at day resolution, the mask of cells that are not dates, and the order used.
    """
    index = values.index
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values.dt.tz_convert("UTC").dt.tz_localize(None) if values.dt.tz is not None else values
        result = dates.dt.normalize().astype(DATE_DTYPE)
        return ParsedDates(result, pd.Series(False, index=index), None, pd.Series(False, index=index))
    # A log repeats its dates (a million applications fall on a few hundred days): read each distinct value once.
    codes, uniques = pd.factorize(values)
    distinct = pd.Series(uniques, dtype=values.dtype if values.dtype != object else object)
    parsed = _parse_distinct(distinct, dayfirst, text_serials)
    known = codes >= 0
    dates = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    dates[known] = parsed.dates.to_numpy()[codes[known]]
    invalid, serial = np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=bool)
    invalid[known] = parsed.invalid.to_numpy()[codes[known]]
    serial[known] = parsed.serial.to_numpy()[codes[known]]
    return ParsedDates(
        pd.Series(dates, index=index), pd.Series(invalid, index=index), parsed.order, pd.Series(serial, index=index)
    )


def _parse_distinct(values: pd.Series, dayfirst: bool | None, text_serials: bool) -> ParsedDates:
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
    serial = pd.Series(False, index=index)
    if not text.empty:
        iso = text.str.extract(_ISO)
        ok_iso = iso["y"].notna()
        if ok_iso.any():
            result.loc[ok_iso[ok_iso].index] = _assemble(
                iso.loc[ok_iso, "y"], iso.loc[ok_iso, "m"], iso.loc[ok_iso, "d"]
            )
        rest = text.loc[~ok_iso]
        if text_serials:
            found = _text_serials(rest, result)
            serial.loc[found[found].index] = True
            rest = rest.loc[~found]
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
            # The day as the writer saw it: a time and its UTC offset are dropped, not converted
            # ("Tue, 14 Jan 2025 21:35 -0800" is 14 January, not the 15th in UTC).
            day_only = named.str.replace(_CLOCK_TAIL, "", regex=True).str.strip()
            parsed = pd.to_datetime(day_only, format="mixed", dayfirst=bool(dayfirst), errors="coerce")
            result.loc[named.index] = parsed.dt.normalize().astype(DATE_DTYPE)

    invalid = result.isna() & ~empty
    return ParsedDates(result, invalid, order, serial)


def _text_serials(text: pd.Series, result: pd.Series) -> pd.Series:
    """Five digits in :data:`TEXT_SERIALS` read into ``result`` as the day they number; True where so."""
    typed = text[text.str.match(_SERIAL_TEXT).fillna(False).astype(bool)]
    serial = pd.to_numeric(typed).astype(float)
    serial = serial[serial.between(*TEXT_SERIALS)]
    result.loc[serial.index] = (_EXCEL_ORIGIN + pd.to_timedelta(serial, unit="D")).astype(DATE_DTYPE)
    return pd.Series(text.index.isin(serial.index), index=text.index)


def share_of_dates(values: pd.Series) -> float:
    """The share of a column's non-empty cells that read as dates, in the order its values show (either order
    when they do not tell): what says a column holds dates whatever its header."""
    text = values.astype("string").str.strip()
    values = values[text.notna() & (text != "")]
    if values.empty:
        return 0.0
    try:
        dates = parse_dates(values, dayfirst=order_evidence(values).decided, text_serials=False)
    except ValueError:  # dates whose order the values do not tell are still dates
        dates = parse_dates(values, dayfirst=True, text_serials=False)
    return float(dates.dates.notna().mean())


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    parts = pd.DataFrame({"year": year.astype(int), "month": month.astype(int), "day": day.astype(int)})
    return pd.to_datetime(parts, errors="coerce").astype(DATE_DTYPE)


# ------------------------------------------------------------------------------------- dates without a year
_MONTHS = {
    **dict.fromkeys(("jan", "january", "janv", "janvier", "januar", "jaenner", "ene", "enero", "gen", "jaan"), 1),
    **dict.fromkeys(("feb", "february", "fev", "fevr", "fevrier", "februar", "febrero", "febbraio", "fevereiro"), 2),
    **dict.fromkeys(("mar", "march", "mars", "maerz", "marz", "mrz", "marzo", "marco", "maart"), 3),
    **dict.fromkeys(("apr", "april", "avr", "avril", "abr", "abril", "aprile"), 4),
    **dict.fromkeys(("may", "mai", "mayo", "maggio", "maio", "mei"), 5),
    **dict.fromkeys(("jun", "june", "juin", "juni", "junio", "giu", "giugno", "junho"), 6),
    **dict.fromkeys(("jul", "july", "juil", "juillet", "juli", "julio", "lug", "luglio", "julho"), 7),
    **dict.fromkeys(("aug", "august", "aout", "ago", "agosto", "augustus"), 8),
    **dict.fromkeys(("sep", "sept", "september", "septembre", "septiembre", "set", "settembre", "setembro"), 9),
    **dict.fromkeys(("oct", "october", "octobre", "okt", "oktober", "octubre", "ott", "ottobre", "out", "outubro"), 10),
    **dict.fromkeys(("nov", "november", "novembre", "noviembre", "novembro"), 11),
    **dict.fromkeys(("dec", "december", "decembre", "dez", "dezember", "dic", "diciembre", "dicembre", "dezembro"), 12),
}
_DAY_MONTH = r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-./]*(?P<mon>[^\W\d_]{3,})\.?$"
_MONTH_DAY = r"^(?P<mon>[^\W\d_]{3,})\.?[\s\-./]*(?P<d>\d{1,2})(?:st|nd|rd|th)?$"
_NUMERIC_NO_YEAR = r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})\.?$"
YEARLESS_REACH = pd.Timedelta(days=183)
"""How far outside the log's dates a date without a year may fall and still take the nearest year."""


def _month_number(names: pd.Series) -> pd.Series:
    from jobsearch_analysis.ingest.vocab import normalise_text

    return names.map(lambda name: _MONTHS.get(normalise_text(name)), na_action="ignore")


def yearless_parts(text: pd.Series, *, dayfirst: bool | None) -> pd.DataFrame:
    """Month and day of values typed without a year ("8-Jul", "Oct 12", "27.10." with a known order);
    missing where a value is not such a date."""
    text = text.astype("string").str.strip()
    parts = pd.DataFrame({"month": np.nan, "day": np.nan}, index=text.index)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        found = text.str.extract(pattern)
        month = _month_number(found["mon"])
        ok = month.notna() & parts["month"].isna()
        parts.loc[ok, "month"] = month[ok].astype(float)
        parts.loc[ok, "day"] = found.loc[ok, "d"].astype(float)
    if dayfirst is not None:
        found = text.str.extract(_NUMERIC_NO_YEAR).dropna()
        found = found.loc[parts.loc[found.index, "month"].isna()]
        day, month = (found["a"], found["b"]) if dayfirst else (found["b"], found["a"])
        parts.loc[found.index, "month"] = month.astype(float)
        parts.loc[found.index, "day"] = day.astype(float)
    return parts


def in_span_year(parts: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Each (month, day) in the year that places it inside ``span`` (the log's first and last dates), or in
    the nearest one when it falls just outside: within :data:`YEARLESS_REACH` of the span, and nearer by at
    least half that reach than any other year. NaT when no year fits that clearly."""
    first, last = span
    known = parts.dropna()
    result = pd.Series(pd.NaT, index=parts.index, dtype=DATE_DTYPE)
    if known.empty or pd.isna(first) or pd.isna(last):
        return result
    distances = {}
    for year in range(first.year - 1, last.year + 2):
        candidate = _assemble(pd.Series(year, index=known.index), known["month"], known["day"])
        gap = np.maximum(first - candidate, candidate - last).clip(lower=pd.Timedelta(0))
        distances[year] = (gap / pd.Timedelta(days=1)).astype(float).fillna(np.inf)  # no such day: never
    gaps = pd.DataFrame(distances)
    ordered = np.sort(gaps.to_numpy(), axis=1)
    best, runner_up = ordered[:, 0], ordered[:, 1]
    reach = YEARLESS_REACH / pd.Timedelta(days=1)
    with np.errstate(invalid="ignore"):  # inf - inf: a day that exists in no year
        clear = runner_up - best >= reach / 2
    fits = pd.Series((best <= reach) & clear, index=gaps.index)
    year = gaps.idxmin(axis=1).where(fits)
    chosen = year.dropna()
    result.loc[chosen.index] = _assemble(chosen, known.loc[chosen.index, "month"], known.loc[chosen.index, "day"])
    return result
