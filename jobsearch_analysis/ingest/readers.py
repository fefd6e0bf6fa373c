"""Column readers: one column's raw cells in, typed values plus flagged cells out.

A reader gets a :class:`Column` (the header, the cells as typed, and which rows are still candidates) and
returns a :class:`Read`: the values it produced, by output column, and :class:`Flag` s (an issue code and the
rows it concerns). It never drops a row and never writes a sentence; the pipeline turns flags into issues.

Every distinct wording is looked up once and the answers are spread by position (a column of a million rows
holds a few dozen wordings), so readers stay vectorised whatever the size of the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.dates import in_span_year, order_evidence, parse_dates, yearless_parts
from jobsearch_analysis.ingest.issues import display
from jobsearch_analysis.schema import CHANNEL_DTYPE, DATE_DTYPE, OUTCOME_DTYPE, STAGE_DTYPE


@dataclass(frozen=True)
class Column:
    """What a column reader reads: the header as found, its cells as typed, the rows still in play."""

    header: str
    cells: pd.Series
    live: pd.Series


@dataclass(frozen=True)
class Flag:
    """Rows of a column that raise an issue: its code, the rows (a mask), and the message's detail."""

    code: str
    mask: pd.Series
    detail: str | pd.Series = ""


@dataclass
class Read:
    """A column reader's answer: values by output column, flags, and notes for the summary."""

    values: dict[str, pd.Series]
    flags: list[Flag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    demote: bool = False  # the column is not what its header says: keep it as the user's own


@dataclass(frozen=True)
class ColumnReader:
    """A reader for the column that plays ``role``: ``read(column, options)``, and ``absent(index)`` for the
    values when the table has no such column. ``required`` is the code raised for a live row left empty."""

    role: str
    read: Callable[[Column, dict], Read]
    absent: Callable[[pd.Index, dict], dict[str, pd.Series]]
    required: str | None = None


# ----------------------------------------------------------------------------------------------- cells
def text_cells(values: pd.Series) -> pd.Series:
    """Strings, stripped, with empty cells as missing. Text is worked on once per distinct value (a column of a
    million cells holds a few thousand) and spread back by position."""
    if values.dtype == "str":
        codes, distinct = pd.factorize(values)  # a missing cell: -1, and missing again after the take
        cleaned = _text_cells(pd.Series(distinct, dtype="str"))
        return pd.Series(cleaned.array.take(codes, allow_fill=True), index=values.index)
    return _text_cells(values)


def _text_cells(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        text = values.dt.strftime("%Y-%m-%d")
    elif values.dtype == object:
        text = values.map(display, na_action="ignore")
    else:
        text = values
    text = text.astype("str").str.strip()
    quoted = text.str.match(r'^"[^"]+"$', na=False)  # a scraper's '"Acme"': the quotes are not the name
    text = text.mask(quoted, text.str.slice(1, -1).str.strip())
    return text.mask(text.isin(["", "nan", "None", "NaT"]))


PLACEHOLDER_WORDS = frozenset(
    {"null", "none", "nil", "nan", "n/a", "na", "n.a.", "n.a", "tbd", "tba", "tbc", "unknown", "not applicable",
     "k.a.", "k. a.", "keine angabe", "unbekannt", "inconnu", "desconocido", "sconosciuto", "onbekend", "#n/a"}
)  # fmt: skip
"""Cell texts that mean "nothing here" (compared lower-cased and stripped); a cell of only dashes, dots, slashes
or question marks is one too."""
_PLACEHOLDER_MARKS = r"^[\s\-\u2012-\u2015?./_*]+$"


def placeholders(values: pd.Series) -> pd.Series:
    """True where a text cell is a placeholder for nothing ("null", "N/A", "-", "TBD"), each distinct value
    checked once."""
    if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
        return pd.Series(False, index=values.index)
    codes, uniques = pd.factorize(values)
    if values.dtype == "str":  # every value a string: at C speed
        text = pd.Series(uniques, dtype="str").str.strip().str.lower()
    else:
        text = pd.Series(uniques, dtype="object").map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    hit = text.isin(PLACEHOLDER_WORDS) | text.str.match(_PLACEHOLDER_MARKS, na=False)
    answer = np.append(hit.to_numpy(dtype=bool), False)  # code -1: a missing cell
    return pd.Series(answer[codes], index=values.index)


def placeholder_cells(frame: pd.DataFrame) -> tuple[np.ndarray, dict[str, int]]:
    """Where the cells of ``frame`` (text columns) are placeholders, one row of the array per column; and the
    placeholders found, stripped, with their counts, in the order the columns show them."""
    if frame.shape[1] > privacy.STACKED_COLUMNS:  # one pass over a wide sheet's cells
        cells = privacy.stacked_text(frame)
        hit = placeholders(cells)
        found = cells[hit].str.strip().value_counts(sort=False).to_dict()
        return hit.to_numpy().reshape(frame.shape[1], len(frame)), found
    rows, found = np.zeros((frame.shape[1], len(frame)), dtype=bool), {}
    for position, (_, column) in enumerate(frame.items()):
        codes, distinct = pd.factorize(column if column.dtype == "str" else column.astype("str"))
        distinct = pd.Series(distinct, dtype="str")
        hit = placeholders(distinct).to_numpy()
        if not hit.any():
            continue
        rows[position] = np.append(hit, False)[codes]
        counts = np.bincount(codes[codes >= 0], minlength=len(distinct))[hit]
        for word, n in zip(distinct[hit].str.strip(), counts, strict=True):
            found[word] = found.get(word, 0) + int(n)
    return rows, found


def blank_rows(frame: pd.DataFrame) -> pd.Series:
    """True where every cell of a row is empty (text cells of only spaces too). Each column is looked at only
    in the rows still blank: after the first few, hardly any."""
    blank = np.ones(len(frame), dtype=bool)
    for _, column in frame.items():
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        cells = column.iloc[rows]
        empty = cells.isna()
        if pd.api.types.is_object_dtype(cells.dtype) or pd.api.types.is_string_dtype(cells.dtype):
            empty |= cells.astype("str").str.strip().eq("").fillna(False).astype(bool)
        blank[rows] = empty.to_numpy(dtype=bool)
    return pd.Series(blank, index=frame.index)


def with_columns(frame: pd.DataFrame, columns: dict[str, pd.Series] | pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``columns`` replacing its own of the same name, the others added after them, built once
    (``assign`` copies the frame's list of columns for each one: quadratic in a sheet of thousands of them)."""
    if not len(columns):
        return frame
    new = columns if isinstance(columns, pd.DataFrame) else pd.DataFrame(columns, index=frame.index, copy=False)
    replaced = [c for c in new.columns if c in frame.columns]
    merged = pd.concat([frame.drop(columns=replaced), new], axis=1)
    return merged[[*frame.columns, *(c for c in new.columns if c not in replaced)]] if replaced else merged


def lookup(text: pd.Series, table: dict, default: object, *, dtype: object = object, distinct=None) -> pd.Series:
    """Map each value through ``table``; values not in it (and missing ones) get ``default``. ``distinct`` is
    ``pd.factorize(text)`` when the caller has it (several lookups of one column factorize it once); ``dtype``
    that of the answers (``bool``: no million-row column of Python objects)."""
    codes, uniques = pd.factorize(text) if distinct is None else distinct
    answers = np.empty(len(uniques) + 1, dtype=dtype)
    answers[:-1] = [table.get(value, default) for value in uniques]
    answers[-1] = default  # code -1: a missing value
    return pd.Series(answers[codes], index=text.index, dtype=dtype)


def lookup_category(
    text: pd.Series, table: dict, default: str, dtype: pd.CategoricalDtype, *, distinct=None
) -> pd.Series:
    """:func:`lookup` straight into a categorical column (no million-row detour through Python strings)."""
    codes, uniques = pd.factorize(text) if distinct is None else distinct
    categories = list(dtype.categories)
    per_value = np.array([categories.index(table.get(v, default)) for v in uniques] + [categories.index(default)])
    return pd.Series(pd.Categorical.from_codes(per_value[codes], dtype=dtype), index=text.index)


# --------------------------------------------------------------------------------------------- readers
def read_text(role: str) -> ColumnReader:
    """Free text (company, title, notes, ...): stripped, empty cells missing."""

    def read(column: Column, options: dict) -> Read:
        return Read({role: text_cells(column.cells)})

    def absent(index: pd.Index, options: dict) -> dict[str, pd.Series]:
        return {role: pd.Series(np.nan, index=index, dtype="str")}

    return ColumnReader(role, read, absent)


def required_text(role: str, code: str) -> ColumnReader:
    """Free text that every row must have; an empty cell raises ``code``."""
    return ColumnReader(role, read_text(role).read, read_text(role).absent, required=code)


def read_channel(column: Column, options: dict) -> Read:
    """The channel, mapped from the user's wording; the wording itself is kept beside it."""
    detail = text_cells(column.cells)
    found = {value: vocab.resolve_channel(value) for value in detail.dropna().unique()}
    return Read({"channel": lookup_category(detail, found, "unknown", CHANNEL_DTYPE), "channel_detail": detail})


def no_channel(index: pd.Index, options: dict) -> dict[str, pd.Series]:
    return {"channel": pd.Series("unknown", index=index, dtype=CHANNEL_DTYPE)}


def read_yes_no(role: str) -> ColumnReader:
    """A yes/no answer in any of the wordings the vocabulary knows."""

    def read(column: Column, options: dict) -> Read:
        text = text_cells(column.cells)
        parsed = lookup(text, {value: vocab.resolve_bool(value) for value in text.dropna().unique()}, None)
        invalid = column.live & (parsed == "invalid").astype(bool)
        return Read({role: parsed.where(~invalid).astype("boolean")}, [Flag("not_yes_no", invalid)])

    def absent(index: pd.Index, options: dict) -> dict[str, pd.Series]:
        return {role: pd.Series(pd.NA, index=index, dtype="boolean")}

    return ColumnReader(role, read, absent)


def read_interest(column: Column, options: dict) -> Read:
    """Interest from 1 to 5, written as a number, "4/5" or stars."""
    text = text_cells(column.cells)
    stars = text.str.count("[★⭐]")
    numbers = pd.to_numeric(text.str.replace(r"\s*/\s*5$", "", regex=True), errors="coerce")
    value = numbers.where(numbers.notna(), stars.where(stars > 0))
    whole = value.notna() & (value == np.floor(value.fillna(0)))
    bad_range = column.live & whole & ~value.between(1, 5)
    flags = [Flag("interest_not_whole", column.live & text.notna() & ~whole), Flag("interest_out_of_range", bad_range)]
    return Read({"interest": value.where(whole & ~bad_range).astype("Int64")}, flags)


def no_interest(index: pd.Index, options: dict) -> dict[str, pd.Series]:
    return {"interest": pd.Series(pd.NA, index=index, dtype="Int64")}


def read_status(column: Column, options: dict) -> Read:
    """The status wording: the stage and outcome it says, whether it says a reply came, and whether the row
    is a saved job rather than an application (flagged ``saved_job``). A typo of a known word is read as it
    (noted ``status_typo``), a word that names no stage as applied (noted ``vague_status``); an unknown word
    is flagged ``unknown_status`` with the closest known words."""
    text = text_cells(column.cells)
    found = vocab.read_statuses(text.dropna().unique(), options.get("statuses") or {})
    known = {value: read.status for value, read in found.items() if read.status is not None}
    distinct = pd.factorize(text)  # once for the eight answers below
    unknown = (
        column.live & text.notna() & lookup(text, dict.fromkeys(known, False), True, dtype=bool, distinct=distinct)
    )
    applied = {v: not s.applied for v, s in known.items()}
    not_applied = column.live & lookup(text, applied, False, dtype=bool, distinct=distinct)
    stages = {v: s.stage for v, s in known.items()}
    outcomes = {v: s.outcome for v, s in known.items()}
    values = {
        "status_stage": lookup_category(text, stages, "applied", STAGE_DTYPE, distinct=distinct),
        "status_outcome": lookup_category(text, outcomes, "open", OUTCOME_DTYPE, distinct=distinct),
        "status_replied": lookup(text, {v: s.replied for v, s in known.items()}, False, dtype=bool, distinct=distinct),
    }
    near = lookup(text, {v: " or ".join(map(repr, r.near)) for v, r in found.items() if r.near}, "", distinct=distinct)
    typo = lookup(text, {v: typo_words(r) for v, r in found.items() if r.typo_of}, "", distinct=distinct)
    vague = lookup(text, {v: r.vague for v, r in found.items()}, False, dtype=bool, distinct=distinct)
    flags = [
        Flag("unknown_status", unknown, near),
        Flag("saved_job", not_applied),
        Flag("status_typo", column.live & (typo != ""), typo),
        Flag("vague_status", column.live & vague),
    ]
    return Read(values, flags)


def typo_words(read: vocab.StatusReading) -> str:
    """What a typo was read as: "rejected", or "abgesagt (rejected)" when the word is not the standard one."""
    label = vocab.status_label(read.status)
    return read.typo_of if read.typo_of == label else f"{read.typo_of} ({label})"


def no_status(index: pd.Index, options: dict) -> dict[str, pd.Series]:
    return {
        "status_stage": pd.Series("applied", index=index, dtype=STAGE_DTYPE),
        "status_outcome": pd.Series("open", index=index, dtype=OUTCOME_DTYPE),
        "status_replied": pd.Series(False, index=index),
    }


def read_date(role: str, *, required: str | None = None, unusable: str = "flag") -> ColumnReader:
    """A date column, read in the day/month order decided for it (``options["orders"][role]``).

    ``required`` is the code for a live row without a date. ``unusable`` says what happens to a column where
    no cell is a date: "flag" every cell, "demote" the column to the user's own (a "Follow-up" column of
    free text), or "raise" a :class:`LoadError` (the application date cannot be done without)."""

    def read(column: Column, options: dict) -> Read:
        order = options["orders"][role]
        parsed = parse_dates(column.cells, dayfirst=order.dayfirst)
        invalid = parsed.invalid & column.live
        if invalid.any() and not (parsed.dates.notna() & column.live).any() and unusable != "flag":
            if unusable == "demote":
                return Read({}, demote=True)
            raise LoadError(
                f"{options['source_file']}: column {column.header!r} holds no readable dates (such as "
                f"{column.cells[invalid].iloc[0]!r}); name the {ROLE_WORDS.get(role, role)} column with "
                f"mapping={{'Your header': {role!r}}}",
                fixes={"mapping": {"Your header": role}},
            )
        notes = [f"dates in {column.header!r} read {parsed.order} ({order.how})"] if parsed.order else []
        notes += serial_note(column, parsed)
        dates = parsed.dates
        if invalid.any():
            dates, invalid, note = with_years_added(column, dates, invalid, order.dayfirst, options)
            notes += note
        flags = [Flag("not_a_date", invalid, order_words(order.dayfirst))]
        if required is not None:
            flags.append(Flag(required, column.live & parsed.dates.isna() & ~parsed.invalid))
        return Read({role: dates}, flags, notes)

    def absent(index: pd.Index, options: dict) -> dict[str, pd.Series]:
        return {role: pd.Series(pd.NaT, index=index, dtype=DATE_DTYPE)}

    return ColumnReader(role, read, absent)


ROLE_WORDS = {"applied_on": "application-date"}


def serial_note(column: Column, parsed) -> list[str]:
    """What the summary says of dates typed as Excel serial numbers ("46150" for 2026-05-08)."""
    serial = parsed.serial & column.live
    if not serial.any():
        return []
    first = serial.idxmax()
    return [
        f"{_plural(int(serial.sum()), 'date')} in {column.header!r} typed as Excel serial numbers, read as the "
        f"days they number (such as {column.cells[first]!r} for {parsed.dates[first]:%Y-%m-%d})"
    ]


def with_years_added(column: Column, dates: pd.Series, invalid: pd.Series, dayfirst: bool | None, options: dict):
    """Dates typed without a year ("8-Jul") in the year that places them among the log's application dates
    (``options["span"]()``, the first and last); the dates, what is still invalid, and a note."""
    parts = yearless_parts(column.cells[invalid].astype("string"), dayfirst=dayfirst)
    if parts["month"].isna().all() or "span" not in options:
        return dates, invalid, []
    found = in_span_year(parts, options["span"]()).dropna()
    if found.empty:
        return dates, invalid, []
    dates = dates.copy()
    dates.loc[found.index] = found
    years = ", ".join(str(y) for y in sorted(found.dt.year.unique()))
    example = column.cells[found.index[0]]
    note = (
        f"{_plural(len(found), 'date')} in {column.header!r} had no year (such as {example!r}): read in {years}, "
        f"the year that places {'it' if len(found) == 1 else 'them'} among the log's application dates"
    )
    return dates, invalid & ~invalid.index.isin(found.index), [note]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# ------------------------------------------------------------------------------------- day/month order
@dataclass(frozen=True)
class DateOrder:
    """The day/month order for one date column: ``dayfirst`` (None when no value needs it), how it was
    decided (for the summary), and whether the user (or the format) said it rather than the values."""

    dayfirst: bool | None
    how: str
    said: bool = False


def decide_orders(
    columns: dict[str, pd.Series],
    *,
    source_file: str,
    dayfirst: bool | None = None,
    preset: bool | None = None,
    preset_how: str = "",
) -> dict[str, DateOrder]:
    """The one day/month decision for every date column of a table.

    The user's ``dayfirst`` wins, then the order the format fixes (``preset``). Otherwise each column's own
    values decide (a "25/03" is only day-first); a column whose values never tell takes the order the file's
    other date columns show. A column that mixes both orders, or a file where nothing tells, stops loading
    with a :class:`LoadError` that asks for ``dayfirst`` rather than guessing.
    """
    if dayfirst is not None:
        return {header: DateOrder(dayfirst, "as you said", said=True) for header in columns}
    if preset is not None:
        return {header: DateOrder(preset, preset_how, said=True) for header in columns}
    evidence = {header: order_evidence(values) for header, values in columns.items()}
    for header, found in evidence.items():
        if found.conflicting:
            raise LoadError(
                f"{source_file}: column {header!r} mixes day-first dates ({found.dayfirst_example!r}) and "
                f"month-first dates ({found.monthfirst_example!r}); say which is right with dayfirst=True or "
                "dayfirst=False",
                fixes={"dayfirst": None},
            )
    decided = {found.decided for found in evidence.values() if found.decided is not None}
    orders = {}
    for header, found in evidence.items():
        if found.decided is not None or not found.ambiguous:
            orders[header] = DateOrder(found.decided, "from its values")
        elif len(decided) == 1:
            orders[header] = DateOrder(next(iter(decided)), "like the file's other date columns")
        else:
            raise LoadError(
                f"{source_file}: cannot tell whether the dates in {header!r} (such as "
                f"{first_ambiguous(columns[header])!r}) are day-first or month-first; pass dayfirst=True or "
                "dayfirst=False",
                fixes={"dayfirst": None},
            )
    return orders


def order_words(dayfirst: bool | None) -> str:
    """ "day-first", "month-first", or "" when no order applies."""
    return {True: "day-first", False: "month-first"}.get(dayfirst, "")


def first_ambiguous(values: pd.Series) -> str:
    """The first value that reads as two different days depending on the order."""
    text = values.astype("string").fillna("")
    parts = text.str.extract(r"^(\d{1,2})\D(\d{1,2})\D")
    mask = parts[0].notna() & (parts[0] != parts[1])
    return str(text[mask].iloc[0]) if mask.any() else str(text.iloc[0])


__all__ = [
    "Column",
    "ColumnReader",
    "DateOrder",
    "Flag",
    "Read",
    "blank_rows",
    "decide_orders",
    "lookup",
    "lookup_category",
    "read_channel",
    "read_date",
    "read_interest",
    "read_status",
    "read_text",
    "read_yes_no",
    "required_text",
    "text_cells",
    "with_columns",
]
