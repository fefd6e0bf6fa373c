"""Stage columns: how far an application got, from every column that records a stage, whatever it holds.

People record stages in wide sheets, one column per stage, and fill them in many ways: the day it happened
(``10/2/2020``, ``27-Oct``, two days ``8/5/2019 & 8/14/2019``), a yes/no word in their language, ``1``/``0``,
``x`` or a check mark, a count (``TOTAL INTERVIEWS: 2``), or a word for the stage itself (a "Coding Challenge"
column holding ``CodeSignal``). Several columns may record one stage (``Recruiter``, ``Phone`` and ``Coding
Challenge`` are all a first screen; ``On-Campus`` and ``Onsite`` are interviews).

A column is a stage column when its header, without its date words (``Date Phone Screen``, ``Interview
date``), names a stage. Then any cell that is not empty and does not say no counts as the stage reached, on
the earliest day the cell gives. A header that only mentions a stage (``Interview notes``) counts only when its
cells are dates, yes/no words or counts, so free text is never read as progress. A date repeated on many rows
of a stage column is taken for a default filled in, not for so many interviews on one day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analysis import privacy
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.dates import in_span_year, order_evidence, parse_dates, yearless_parts
from jobsearch_analysis.ingest.pipeline import Reading
from jobsearch_analysis.ingest.readers import text_cells
from jobsearch_analysis.schema import DATE_DTYPE, STAGE_DATE_COLUMNS

# Header words (normalised, date words removed) that name a stage exactly, and key words that mention one.
STAGE_NAMES: dict[str, tuple[str, ...]] = {
    "screen": (
        "screen",
        "screening",
        "phone",
        "phone screen",
        "phone call",
        "phone interview",
        "recruiter",
        "recruiter call",
        "recruiter screen",
        "hr",
        "hr call",
        "hr screen",
        "hr interview",
        "first call",
        "intro call",
        "technical screen",
        "tech screen",
        "coding challenge",
        "code challenge",
        "coding test",
        "online assessment",
        "oa",
        "assessment",
        "take home",
        "take home test",
        "tech exam",
        "technical test",
        "test",
        "hackerrank",
        "codesignal",
        "telefoninterview",
        "telefonat",
        "telefongesprach",
        "entretien telephonique",
        "appel",
        "test technique",
        "prueba tecnica",
        "llamada",
    ),
    "interview": (
        "interview",
        "interviews",
        "first interview",
        "1st interview",
        "second interview",
        "2nd interview",
        "final interview",
        "onsite",
        "on site",
        "on campus",
        "virtual onsite",
        "onsite final round",
        "final round",
        "final",
        "panel",
        "superday",
        "technical interview",
        "interview date",
        "vorstellungsgesprach",
        "kennenlerngesprach",
        "erstgesprach",
        "zweitgesprach",
        "drittgesprach",
        "gesprach",
        "entretien",
        "entrevista",
        "colloquio",
        "sollicitatiegesprek",
        "gesprek",
    ),
    "offer": ("offer", "job offer", "offer received", "angebot", "zusage", "offre", "oferta", "offerta", "aanbod"),
}
_MENTIONS: dict[str, re.Pattern[str]] = {
    "screen": re.compile(r"\b(screen\w*|recruiter|assessment|challenge|hackerrank|codesignal|telefon\w*)\b"),
    "interview": re.compile(
        r"\b(interview\w*|onsite|on site|on campus|final round|\w*gesprach|entretien|entrevista)\b"
    ),
    "offer": re.compile(r"\b(offers?|angebot|offre|oferta)\b"),
}
_DATE_WORDS = re.compile(r"^((date|dates|datum|fecha|data|day|of|when)\s+)+|(\s+(date|dates|datum|fecha|on|am|le))+$")
_NOT_A_STAGE = re.compile(
    r"\b(notes?|comments?|feedback|amount|salary|compensation|pay|link|url|status|with|who|name)\b"
)
_MANY_DATES = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?")

NOT_REACHED = frozenset(
    {"expired", "cancelled", "canceled", "not done", "missed", "skipped", "did not do", "didn't do", "no show",
     "abgelaufen", "abgesagt", "verpasst", "annule", "annulé", "expire", "expiré", "cancelado", "caducado"}
)  # fmt: skip
"""What a stage cell says when the stage did not happen (a coding challenge left to expire)."""

DEFAULT_SHARE = 0.5
DEFAULT_ROWS = 5
"""A date on at least this many rows, and on at least this share of a stage column's dated rows, is a
default filled in (a spreadsheet's "=TODAY()", a copied cell), not that many stages reached on one day."""


def stage_of(header: str) -> tuple[str, bool] | None:
    """The stage a header records, and whether it names it exactly (True) or only mentions it (False)."""
    key = _DATE_WORDS.sub(" ", vocab.normalise_header(header))
    key = " ".join(key.split())
    if not key:
        return None
    for stage, names in STAGE_NAMES.items():
        if key in names:
            return stage, True
    for stage in ("offer", "interview", "screen"):
        if _MENTIONS[stage].search(key) and not _NOT_A_STAGE.search(key) and not re.search(r"\b(count|total)\b", key):
            return stage, False
    if re.search(r"\b(total|count|number)\b", key) and _MENTIONS["interview"].search(key):
        return "interview", False
    return None


def _counts(cells: pd.Series) -> pd.Series:
    """Whole numbers of 0 or more (a count of interviews); missing elsewhere."""
    number = pd.to_numeric(cells, errors="coerce")
    return number.where((number >= 0) & (number == np.floor(number)) & (number < 100))


@dataclass(frozen=True)
class StageCells:
    """One stage column read: the earliest day each cell gives, whether it says the stage was reached
    (anything but empty, a no word or 0), which cells are none of a date, a yes/no word or a count, and the
    day/month order used ("day-first", "month-first", or None when no date needed one) and whether the
    column's own values decided it."""

    dates: pd.Series
    reached: pd.Series
    other: pd.Series
    order: str | None
    own_order: bool = False


def read_stage_cells(cells: pd.Series, *, dayfirst: bool | None, span) -> StageCells:
    """Read one stage column's cells (see :class:`StageCells`): each distinct cell once (a column of a million
    rows holds a few hundred), the answers spread back by position."""
    codes, uniques = pd.factorize(cells)
    distinct = pd.Series(uniques, dtype=cells.dtype if cells.dtype != object else object)
    read = _read_distinct(distinct, dayfirst=dayfirst, span=span)
    known = codes >= 0

    def spread(values: pd.Series, empty: object, dtype) -> pd.Series:
        out = np.full(len(codes), empty, dtype=dtype)
        out[known] = values.to_numpy(dtype=dtype)[codes[known]]
        return pd.Series(out, index=cells.index)

    return StageCells(
        spread(read.dates, np.datetime64("NaT"), "datetime64[s]").astype(DATE_DTYPE),
        spread(read.reached, False, bool),
        spread(read.other, False, bool),
        read.order,
        own_order=read.own_order,
    )


def _read_distinct(cells: pd.Series, *, dayfirst: bool | None, span) -> StageCells:
    """:func:`read_stage_cells` for distinct cells."""
    text = text_cells(cells)
    filled = text.notna()
    own = order_evidence(text.dropna()).decided
    order = dayfirst if own is None else own
    try:
        parsed = parse_dates(cells, dayfirst=order)
        dates, used = parsed.dates, parsed.order
    except ValueError:  # numeric dates whose order nothing in the file tells: read them as text
        dates, used = pd.Series(pd.NaT, index=cells.index, dtype=DATE_DTYPE), None
    rest = filled & dates.isna()
    if rest.any():
        dates = dates.where(~rest, _earliest_of_many(text[rest], order, span))
    answers = {value: vocab.resolve_bool(value) for value in text[filled & dates.isna()].unique()}
    said = text.map(answers).where(filled & dates.isna())
    counts = _counts(text.where(said.isna() | (said == "invalid")))
    declined = text.str.lower().str.strip().isin(NOT_REACHED).fillna(False).astype(bool)
    no = (said == False) | (counts == 0) | declined  # noqa: E712 (said holds True, False, "invalid" or NaN)
    other = filled & dates.isna() & ~said.isin([True, False]).fillna(False).astype(bool) & counts.isna() & ~declined
    return StageCells(dates, (filled & ~no).astype(bool), other.astype(bool), used, own_order=own is not None)


def _earliest_of_many(text: pd.Series, dayfirst: bool | None, span) -> pd.Series:
    """The earliest date of a cell holding several ("8/5/2019 & 8/14/2019"), or of one without a year
    ("27-Oct", in the year that places it among the log's dates)."""
    earliest = pd.Series(pd.NaT, index=text.index, dtype=DATE_DTYPE)
    found = text.str.findall(_MANY_DATES).explode().dropna()
    found = found[found.str.count(r"[/.\-]") >= 2]  # with a year
    if len(found) and dayfirst is not None:
        dates = pd.Series(parse_dates(found, dayfirst=dayfirst).dates.to_numpy(), index=found.index)
        earliest = dates.groupby(level=0).min().reindex(text.index).astype(DATE_DTYPE)
    rest = text[earliest.isna()]
    parts = yearless_parts(rest, dayfirst=dayfirst)
    if parts["month"].notna().any():
        earliest = earliest.fillna(in_span_year(parts, span()).reindex(text.index))
    return earliest.astype(DATE_DTYPE)


def defaults(dates: pd.Series) -> pd.Series:
    """Cells holding a date that looks filled in by default (see :data:`DEFAULT_SHARE`)."""
    counts = dates.value_counts()
    if counts.empty:
        return pd.Series(False, index=dates.index)
    top, n = counts.index[0], int(counts.iloc[0])
    if n >= DEFAULT_ROWS and n >= DEFAULT_SHARE * counts.sum():
        return dates == top
    return pd.Series(False, index=dates.index)


# ------------------------------------------------------------------------------------------------ the rule
def stage_columns(reading: Reading) -> None:
    """Row rule: every stage column read into the stage dates and ``reached_<stage>`` (a stage reached with
    or without a day). Runs before the rule that works out the furthest stage."""
    index = reading.raw.index
    for stage, column in STAGE_DATE_COLUMNS.items():
        reading.out[column] = pd.Series(pd.NaT, index=index, dtype=DATE_DTYPE)
        reading.out[f"reached_{stage}"] = pd.Series(False, index=index)
    for header, stage, exact in candidates(reading):
        read_one(reading, header, stage, exact)


def read_one(reading: Reading, header: str, stage: str, exact: bool) -> None:
    """One stage column into the stage's date and ``reached_<stage>``, unless its cells say it is not one."""
    column = STAGE_DATE_COLUMNS[stage]
    decided = reading.options["orders"].get(column) if reading.roles.get(header) == column else None
    applied = reading.options["orders"].get("applied_on")
    order = decided or applied
    read = read_stage_cells(
        reading.raw[header], dayfirst=order.dayfirst if order else None, span=reading.options["span"]
    )
    live = reading.live
    filled = (read.reached | read.other | read.dates.notna()) & live
    mostly_text = (read.other & live).sum() > 0.2 * filled.sum()
    if mostly_text and not (exact and stage == "screen"):  # a challenge's name marks a screen; text elsewhere
        if reading.roles.get(header) == column:  # (an offer's amount, interview notes) is the user's own
            reading.demote(header)
        return
    dates, reached = read.dates, read.reached & live
    default = defaults(dates.where(live)) & live
    if default.any() and header not in reading.options.get("named", ()):
        reading.notes.append(
            f"{header!r} holds {dates[default].iloc[0]:%Y-%m-%d} on {int(default.sum())} rows: a default filled in, "
            f"not {_stage_words(stage)} on each, so those cells are not read (if they are real, name the column "
            f"with mapping={{{header!r}: {column!r}}})"
        )
        dates, reached = dates.mask(default), reached & ~default
    if read.order:
        how = "from its values" if read.own_order else (decided.how if decided else "like the application dates")
        reading.notes.append(f"dates in {header!r} read {read.order} ({how})")
    wide = reading.table.too_wide
    shifted = pd.Series(False if wide is None else wide, index=live.index, dtype=bool)  # already an error
    flags = (reached & dates.isna() & ~read.other & live & ~shifted).any()
    claim(reading, header, column, describe=_how_read(bool((read.other & live & ~shifted).any()), bool(flags)))
    reading.out[column] = reading.out[column].where(reading.out[column] <= dates, dates).fillna(reading.out[column])
    reading.out[f"reached_{stage}"] = reading.out[f"reached_{stage}"] | reached


def candidates(reading: Reading) -> list[tuple[str, str, bool]]:
    """(header, stage, named exactly) for the stage columns: those the aliases (or the user) gave a stage
    role, and the user's own and contact columns whose header records a stage and whose cells hold no
    contact details."""
    by_column = {column: stage for stage, column in STAGE_DATE_COLUMNS.items()}
    found = [(h, by_column[r], True) for h, r in reading.roles.items() if r in by_column]
    for header in [*reading.own, *reading.private]:
        stage = stage_of(header)
        if stage is None or header in reading.options.get("named", ()):
            continue
        if header in reading.private and privacy.contact_share(reading.raw[header]) > 0:
            continue
        found.append((header, *stage))
    return found


def _how_read(words: bool, marks: bool) -> str:
    """How a stage column's cells other than dates were read, for the summary ("" when all are dates)."""
    if words:
        return "a filled-in cell (other than a no) counts as {stage} reached"
    if marks:
        return "a yes counts as {stage} reached, on a day the log does not give"
    return ""


def claim(reading: Reading, header: str, column: str, *, describe: str) -> None:
    """The header is read as a stage column: it leaves the user's own (or the contact) columns."""
    if header in reading.own:
        reading.own.remove(header)
    if header in reading.private:
        reading.private.remove(header)
    reading.roles[header] = column
    if describe:
        reading.notes.append(f"{header!r}: " + describe.format(stage=_stage_words(column)))


def _stage_words(stage: str) -> str:
    stage = stage.removesuffix("_on")
    return {"screen": "a screen", "interview": "an interview", "offer": "an offer"}[stage]


__all__ = ["DEFAULT_ROWS", "DEFAULT_SHARE", "STAGE_NAMES", "defaults", "read_stage_cells", "stage_columns", "stage_of"]
