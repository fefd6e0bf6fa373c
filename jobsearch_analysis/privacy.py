"""Contact details: finding them, and keeping them out of everything the tool keeps or writes.

Columns that hold contact details (e-mail, phone, recruiter names, LinkedIn's "Question And Answers", or any
column whose cells are mostly addresses and numbers) are dropped when a file is read. Free text that is kept
(company, job title, location, notes, the user's own columns, and the values of rejected cells) can still hold
an address or a number typed into it, so those are masked; phone numbers are found with Google's
libphonenumber (the ``phonenumbers`` package), in international and national formats.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.ingest.vocab import normalise_header
from jobsearch_analysis.notes import Note, NoteCode

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
TEL_LINK = r"(?i)\b(?:tel|callto|sms|whatsapp):[^\s,;]+"
LOCAL_PHONE = r"(?<![\w/.,-])\d{3}[-.]\d{4}(?![\w/.,-])"
"""A local number without its area code, as people jot it down (555-1234)."""
_DIGITS = r"\d(?:[\s().\-/]*\d){6,}"
"""Seven or more digits in a run: the only text worth asking the phone-number library about."""
PHONE_REGIONS = (
    "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "ES", "IT", "PL", "SE", "IN", "JP", "AU", "BR",
    "MX", "ZA", "TR", "NG",
)  # fmt: skip
"""Countries whose national formats are recognised without a country code (07911 123456, 06 12 34 56 78,
030 12345678, ...); a number written with its country code (+33 6 ..., 0044 ...) is found whatever the country."""
URL = r"(?i)\b(?:https?://|www\.)\S+"
DATE = r"(?<![\d+])(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?![\d])"
MASK = "[contact removed]"


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers are in ``text``: found by Google's libphonenumber (the ``phonenumbers`` package), as
    a valid number of one of :data:`PHONE_REGIONS`, or any number written with a country code (+44 ...,
    0044 ...)."""
    import re

    from phonenumbers import Leniency, PhoneNumberMatcher

    # "0044 7700 900123": the international prefix 00 read as "+" (same length, so the places stay put).
    international = re.sub(r"(?<![\d+])00(?=[1-9])", " +", text)
    spans = [(m.start, m.end) for m in PhoneNumberMatcher(international, "ZZ", leniency=Leniency.POSSIBLE)]
    spans = [(start - 1 if international[start - 1 : start] == " " and text[start - 1] == "0" else start, end)
             for start, end in spans]  # fmt: skip
    for region in PHONE_REGIONS:
        spans += [(m.start, m.end) for m in PhoneNumberMatcher(text, region, leniency=Leniency.VALID)]
    return spans


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    import re

    return [match.span() for match in re.finditer(pattern, text)]


def mask_contacts(text: str) -> str:
    """``text`` with every e-mail address, phone number and tel: link replaced by :data:`MASK`."""
    import re

    numbers = _spans(LOCAL_PHONE, text) + (_phone_spans(text) if re.search(_DIGITS, text) else [])
    links = _spans(URL, text) + _spans(DATE, text)  # a job id in a link, or a date, is not a phone number
    numbers = [
        (a, b)
        for a, b in numbers
        if not any(start <= a and b <= end for start, end in links)
        and not (a > 0 and text[a - 1].isalnum())  # digits glued to letters (an id like bb0035299) are no number
        and not (b < len(text) and text[b].isalnum())
    ]
    # A number written "(07911 123456)" is matched with its opening bracket: leave the brackets to the text.
    numbers = [(a + 1, b) if text[a] == "(" and ")" not in text[a:b] else (a, b) for a, b in numbers]
    spans = _spans(EMAIL, text) + _spans(TEL_LINK, text) + numbers
    if not spans:
        return text
    spans.sort()
    merged = [list(spans[0])]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, last = [], 0
    for start, end in merged:
        pieces += [text[last:start], MASK]
        last = end
    return "".join(pieces) + text[last:]


def _contains(text: pd.Series, pattern: str, needed: str) -> pd.Series:
    """``text.str.contains(pattern)``, asked only of the texts that hold ``needed`` (a plain pattern that every
    match needs): a pattern with a look-behind, or a long repeat, is slow over a wide table's many texts."""
    maybe = text.str.contains(needed, regex=True).fillna(False).astype(bool)
    found = pd.Series(False, index=text.index)
    if maybe.any():
        found[maybe] = text[maybe].str.contains(pattern, regex=True).fillna(False).astype(bool)
    return found


def _holds_contact(values: pd.Series) -> pd.Series:
    """Which of the (distinct) texts hold an e-mail address or a phone number."""
    text = values.astype("str")
    found = text.str.contains(EMAIL, regex=True).fillna(False).astype(bool) | _contains(text, TEL_LINK, ":")
    digits = ~found & (_contains(text, _DIGITS, r"(?:\d\D*){7}") | _contains(text, LOCAL_PHONE, r"\d{3}[-.]\d{4}"))
    if digits.any():  # the library only for texts with a long run of digits: few, and each checked once
        found[digits] = [mask_contacts(t) != t for t in text[digits]]
    return found


def scrub(text: pd.Series) -> pd.Series:
    """Mask e-mail addresses, phone numbers (international and national formats) and tel: links inside free
    text; missing values stay missing. Each distinct text is looked at once."""
    if text.isna().all():
        return text
    text = text if pd.api.types.is_string_dtype(text) and text.dtype != object else text.astype("str")
    codes, uniques = pd.factorize(text)
    unique = pd.Series(uniques, dtype="str")
    hit = _holds_contact(unique).to_numpy()
    if not hit.any():  # the usual case: nothing to mask, and no million-row copy to make
        return text
    masked = unique.to_numpy(dtype=object)
    masked[hit] = [mask_contacts(t) for t in masked[hit]]
    rows = (codes >= 0) & hit[np.maximum(codes, 0)]
    return text.mask(pd.Series(rows, index=text.index), pd.Series(masked[codes[rows]], index=text.index[rows]))


def contact_share(values: pd.Series) -> float:
    """The share of a column's non-empty cells that hold an e-mail address or a phone number."""
    return float(contact_shares(values.to_frame()).iloc[0])


def stacked_text(frame: pd.DataFrame) -> pd.Series:
    """Every cell of ``frame`` as text in one long column, each column's cells after the one before's (cell
    ``row`` of column ``i`` at position ``i * len(frame) + row``): a wide table's distinct texts are then
    looked at in one pass, not one pass per column."""
    import pyarrow as pa

    columns = (column for _, column in frame.items())
    # Numbers and dates as their column writes them ("3.0", "2026-03-02"); joined into one array: pandas is slow
    # on an array of thousands of chunks.
    arrays = [pa.chunked_array(pa.array((c if c.dtype == "str" else c.astype("str")).array)) for c in columns]
    text = pa.large_string()
    chunks = [chunk if chunk.type == text else chunk.cast(text) for array in arrays for chunk in array.chunks]
    cells = pa.concat_arrays(chunks) if chunks else pa.array([], text)
    return cells.to_pandas(types_mapper={text: pd.StringDtype("pyarrow", na_value=np.nan)}.get)


def contact_shares(frame: pd.DataFrame) -> pd.Series:
    """:func:`contact_share` of every column of ``frame`` (by position, indexed by header), in one pass."""
    text = stacked_text(frame).str.strip()
    filled = (text.notna() & (text != "")).to_numpy()
    column = np.repeat(np.arange(frame.shape[1]), len(frame))[filled]
    codes, uniques = pd.factorize(text[filled])
    hit = _holds_contact(pd.Series(uniques, dtype="str")).to_numpy(dtype=float)[codes]
    cells = np.bincount(column, minlength=frame.shape[1])
    hits = np.bincount(column, weights=hit, minlength=frame.shape[1])
    return pd.Series(np.divide(hits, cells, out=np.zeros(len(cells)), where=cells > 0), index=frame.columns)


STACKED_COLUMNS = 64
"""A table wider than this has its cells looked at in one long column (:func:`stacked_text`: one pass, not one
per column, for a sheet of thousands of columns); a narrower one column by column (no copy of every cell)."""


def scrub_columns(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """:func:`scrub` for every (text) column of ``frame`` at once: the columns that change, by header (a column
    of mixed cells, dtype object, comes back as text even when nothing in it is masked)."""
    if frame.shape[1] <= STACKED_COLUMNS:
        out = {}
        for header, column in frame.items():
            text = column if column.dtype == "str" else column.astype("str")
            scrubbed = scrub(text)
            if scrubbed is not text or pd.api.types.is_object_dtype(column.dtype):
                out[header] = scrubbed
        return out
    text = stacked_text(frame)
    scrubbed = scrub(text)
    changed = (text.notna() & (scrubbed != text)).to_numpy().reshape(frame.shape[1], len(frame)).any(axis=1)
    out = {}
    for position, (header, dtype) in enumerate(frame.dtypes.items()):
        if changed[position] or pd.api.types.is_object_dtype(dtype):
            cells = scrubbed.iloc[position * len(frame) : (position + 1) * len(frame)]
            out[header] = cells.set_axis(frame.index)
    return out


IDENTIFIERS = ("application_id", "client_id", "job_url", "source_file")
"""Text columns that are identifiers or links, not free text: never masked, and not searched for contacts (a
16-digit id is a valid German phone number)."""


def find_contacts(frame: pd.DataFrame, *, skip: tuple[str, ...] = IDENTIFIERS) -> pd.DataFrame:
    """Every cell of ``frame`` (but the identifier columns in ``skip``) that holds an e-mail address or a phone
    number: column, row, value."""
    hits = []
    for column in frame.columns:
        if column in skip:
            continue
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        present = values.notna()
        if not present.any():
            continue
        codes, uniques = pd.factorize(values[present].astype("str"))
        found = pd.Series(
            _holds_contact(pd.Series(uniques, dtype="str")).to_numpy()[codes], index=values.index[present]
        )
        if found.any():
            rows = found.index[found.to_numpy()]
            hits.append(pd.DataFrame({"column": column, "row": rows, "value": values[rows].astype("str")}))
    return pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=["column", "row", "value"])


# ----------------------------------------------------------------------------------------------- pseudonyms
MIN_SECRET_BYTES = 16
PSEUDONYM_LENGTH = 12
NAME_HEADERS = ("name", "client name", "full name", "first name", "given name", "last name", "surname", "family name")
EMAIL_HEADERS = ("email", "e mail", "email address")
IDENTITY_HEADERS = ("client id", "client", *NAME_HEADERS, *EMAIL_HEADERS)
"""Headers (lower-cased, punctuation dropped) of the columns :func:`pseudonymise` replaces by default."""


SECRET_VARIABLE = "JOBSEARCH_SECRET"
"""The environment variable that may hold the pseudonym key (instead of a file)."""
MAKE_SECRET = "python -c 'import secrets; print(secrets.token_urlsafe(32))' > secret.txt"


def read_secret(path: str | os.PathLike | None = None, *, required: bool = True) -> str | None:
    """The key for clients' pseudonyms: from the file at ``path``, or else from the ``JOBSEARCH_SECRET``
    environment variable. There is no default key: one that is written in the code (or in a notebook) is not a
    secret, and anyone holding it could tell who is who.

    Raises
    ------
    LoadError
        The file cannot be read, the key is shorter than 16 characters, or there is none and ``required``
        (with ``required=False`` a missing key gives None).
    """
    from jobsearch_analysis.errors import LoadError

    if path is not None:
        try:
            secret = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise LoadError(f"the secret file {path}: cannot be read ({error.strerror or error})") from None
        except UnicodeDecodeError:
            raise LoadError(f"the secret file {path}: not UTF-8 text; save the secret as plain text") from None
    else:
        secret = os.environ.get(SECRET_VARIABLE, "").strip() or None
    if secret is None:
        if not required:
            return None
        raise LoadError(
            f'no secret for the pseudonyms: set {SECRET_VARIABLE} (export {SECRET_VARIABLE}="$(cat secret.txt)" '
            f"before starting Jupyter) or give a secret file. Make one once, keep it where only your team can "
            f"read it: {MAKE_SECRET}",
            fixes={"secret_file": None},
        )
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        raise LoadError(
            f"the secret is shorter than {MIN_SECRET_BYTES} characters; use a long random one, for example: "
            f"{MAKE_SECRET}"
        )
    return secret


def _secret_bytes(secret: str | bytes) -> bytes:
    key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError(
            f"the secret must be at least {MIN_SECRET_BYTES} characters long (a short one can be guessed by trying "
            "every client id); keep it in a file only the counselling team can read"
        )
    return key


def _canonical(values: pd.Series, column: str) -> pd.Series:
    """The form that is hashed: e-mails and names are compared without case and spacing differences, so
    'Ann@Example.org ' and 'ann@example.org' get one pseudonym; ids only lose surrounding spaces, and whole
    numbers read as floats (a numeric id column with gaps) are written as whole numbers, so 17.0 joins 17."""
    if pd.api.types.is_float_dtype(values) and (values.dropna() == values.dropna().round()).all():
        values = values.astype("Int64")
    text = values.astype("str").str.strip()
    key = normalise_header(column)
    if key in ("client id", "client"):
        return text
    return text.str.casefold().str.replace(r"\s+", " ", regex=True)


def pseudonym(value: str, secret: str | bytes, *, prefix: str = "") -> str:
    """The keyed hash of one value: HMAC-SHA256 with the secret, as 12 base-32 characters (60 bits)."""
    digest = hmac.new(_secret_bytes(secret), value.encode("utf-8"), hashlib.sha256).digest()
    return prefix + base64.b32encode(digest).decode("ascii")[:PSEUDONYM_LENGTH].lower()


def pseudonymise(
    frame: pd.DataFrame, secret: str | bytes, *, columns: list[str] | None = None, prefix: str = "c-"
) -> pd.DataFrame:
    """Replace client ids, names and e-mail addresses with keyed hashes.

    The same value and the same secret always give the same pseudonym (HMAC-SHA256), so tables pseudonymised
    separately still join, and a counsellor who holds the secret can find a client's pseudonym again with
    :func:`pseudonym`; without the secret nobody can tell who is who, even by hashing a list of likely ids.

    Parameters
    ----------
    frame : DataFrame
        Any table: applications, clients, a triage list.
    secret : str or bytes
        At least 16 characters; keep it out of the outputs and out of version control.
    columns : list of str, optional
        The columns to replace. By default ``client_id`` and every column whose header names a client, a name
        or an e-mail address (:data:`IDENTITY_HEADERS`), plus any text column that holds e-mail addresses.
    prefix : str
        Put before every pseudonym ("c-" by default) so it reads as an id.

    Returns
    -------
    DataFrame
        A copy with those columns replaced (missing values stay missing). Which columns those are by default:
        :func:`identity_columns`.

    Raises
    ------
    ValueError
        For a short secret, or a column that is not in the frame.
    """
    key = _secret_bytes(secret)
    if columns is None:
        columns = identity_columns(frame)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"pseudonymise: no column {missing[0]!r} in the table")
    out = frame.copy()
    for column in columns:
        values = out[column]
        present = values.notna() & (values.astype("str").str.strip() != "").fillna(False).astype(bool)
        canonical = _canonical(values[present], str(column))
        codes, uniques = pd.factorize(canonical)  # one HMAC per distinct value, not per row
        hashed = [pseudonym(str(u), key, prefix=prefix) for u in uniques]
        if len(set(hashed)) < len(hashed):  # 60 bits: practically impossible, but never merge two people
            raise RuntimeError("two different values got the same pseudonym; use a longer PSEUDONYM_LENGTH")
        replaced = pd.Series(pd.NA, index=values.index, dtype="str")
        replaced[present] = pd.Series(hashed, dtype="str").to_numpy()[codes]
        out[column] = replaced
    return out


def identity_columns(frame: pd.DataFrame) -> list[str]:
    """The columns :func:`pseudonymise` replaces by default: ``client_id`` and every column whose header names a
    client, a name or an e-mail address (:data:`IDENTITY_HEADERS`), in the table's order, then any other text
    column that holds e-mail addresses."""
    columns = [c for c in frame.columns if normalise_header(c) in IDENTITY_HEADERS or c == "client_id"]
    for column in frame.columns:
        values = frame[column]
        if column in columns or not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        if values.astype("str").str.contains(EMAIL, regex=True).fillna(False).any():
            columns.append(column)
    return columns


# ----------------------------------------------------------------------------------------------- small cells
MIN_CELL = 5
"""Cohort outputs hide any figure that describes fewer clients than this."""


def suppress(
    table: pd.DataFrame,
    *,
    clients: str,
    counts: dict[str, list[str]] | None = None,
    hide: list[str] | None = None,
    min_cell: int = MIN_CELL,
    parts: list[str] | list[list[str]] | None = None,
    complements: list[str] | None = None,
    rows_add_up: bool = False,
    totals: pd.Series | None = None,
) -> pd.DataFrame:
    """Hide the figures that describe fewer than ``min_cell`` clients, and whatever would give them away.

    Parameters
    ----------
    table : DataFrame
        One row per cell of a cohort table (a segment, a segment and stage, ...).
    clients : str
        The column with the number of clients behind each row. A row with 1 to ``min_cell - 1`` clients has
        that number and every figure in ``hide`` blanked.
    counts : dict, optional
        Columns that count clients within the row (who reached a stage, who exited for a reason), each with
        the columns derived from it (its share, its interval): a count from 1 to ``min_cell - 1`` is blanked
        with its derived columns. A zero stays: it describes nobody.
    hide : list of str, optional
        The figures blanked with a small row. By default every numeric column but ``clients``.
    min_cell : int
        The smallest number of clients a figure may describe (:data:`MIN_CELL`); 1 turns suppression off.
    parts : list of str, or list of lists of str, optional
        Groups of count columns that add up to ``clients`` in every row (employed + other exits + still
        searching). A row with exactly one of a group hidden would give it away by subtraction, so the smallest
        other non-zero one is hidden too (complementary suppression).
    complements : list of str, optional
        Count columns whose complement (``clients`` less the count: the clients who did *not* join late, say)
        can be worked out from the row: a count whose complement is 1 to ``min_cell - 1`` is hidden too.
    rows_add_up : bool
        The rows add up to a total shown elsewhere (the segments of a whole, whose overall figures are
        published): in a column whose total is shown, the hidden cells together (the total less the cells
        shown) must neither be one cell, nor add up to 1 to ``min_cell - 1``, nor to no more than the number
        of cells known not to be zero (which pins each to 1); otherwise the smallest other non-zero cell of the
        column is hidden too, or, when there is none, the smallest row shown. Rows hidden for their size count
        the same way in the ``clients`` column.
    totals : Series, optional
        With ``rows_add_up``: the published total row (as suppressed itself). A column whose total is hidden
        there adds up to nothing anyone knows, and is left as it is. By default every total is taken as shown.

    Returns
    -------
    DataFrame
        The table with those cells missing and a ``suppressed`` column (True where anything was hidden);
        :func:`suppression_note` says what was hidden, as a note.
    """
    counts = dict(counts or {})
    groups = _part_groups(parts)
    complements = list(complements or [])
    if hide is None:
        hide = [c for c in table.columns if c != clients and pd.api.types.is_numeric_dtype(table[c])]
    out = table.copy()
    columns = list(dict.fromkeys([clients, *counts, *(c for g in groups for c in g), *complements]))
    values = out[columns].astype(float).fillna(0).to_numpy()
    small = _small_cells(values, [columns.index(c) for c in complements], min_cell)
    few = small[:, 0].copy()  # the clients column: the whole row goes
    hidden = small | few[:, None]
    index_of = {c: i for i, c in enumerate(columns)}
    group_columns = [np.asarray([index_of[c] for c in g]) for g in groups]
    known_total = np.array([totals is None or c not in totals or bool(pd.notna(totals[c])) for c in columns])
    _hide_until_stable(values, hidden, few, group_columns, known_total if rows_add_up else None, min_cell)
    _blank_hidden(out, columns, hidden, counts, [c for c in hide if c not in columns], few)
    out["suppressed"] = hidden.any(axis=1)
    return out


def suppression_note(table: pd.DataFrame, *, min_cell: int = MIN_CELL) -> Note | None:
    """What :func:`suppress` (run with ``min_cell``) hid in ``table``, its result: a ``CELLS_HIDDEN`` note with
    how many of the rows have a hidden figure, of how many; None when nothing was hidden."""
    hidden = table["suppressed"].astype(bool)
    if not hidden.any():
        return None
    return Note(NoteCode.CELLS_HIDDEN, min_clients=min_cell, rows=int(hidden.sum()), of_rows=len(table))


def _part_groups(parts: list[str] | list[list[str]] | None) -> list[list[str]]:
    """``parts`` as a list of groups (a single group may be given as a plain list), without empty ones."""
    nested = bool(parts) and isinstance(parts[0], (list, tuple))
    groups = [list(g) for g in parts] if nested else [list(parts or [])]
    return [g for g in groups if g]


def _small_cells(values: np.ndarray, complements: list[int], min_cell: int) -> np.ndarray:
    """The cells that count 1 to ``min_cell - 1`` clients, or whose complement (the clients, in the first
    column, less the count) does, for the columns at the positions in ``complements``."""
    small = (values > 0) & (values < min_cell)
    for column in complements:
        rest = values[:, 0] - values[:, column]
        small[:, column] |= (rest > 0) & (rest < min_cell)
    return small


def _smallest_visible(cells: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Along the last axis: where the smallest non-zero cell not yet hidden is, and whether there is one."""
    candidates = np.where(~mask & (cells > 0), cells, np.inf)
    return candidates.argmin(axis=-1), np.isfinite(candidates.min(axis=-1))


def _exposed(cells: np.ndarray, mask: np.ndarray, known_nonzero: np.ndarray, axis: int, min_cell: int) -> np.ndarray:
    """Whether hidden cells whose sum is known (a group of parts, a column of segments) give something away:
    one alone is its sum; a sum of 1 to min_cell - 1 is itself a small count; and a sum no larger than the
    number of cells known to be at least 1 (zeros are shown) pins each of them. Cells that add up to 0
    give away only that nobody is there."""
    count = mask.sum(axis=axis)
    total = np.where(mask, cells, 0).sum(axis=axis)
    pinned = total <= (mask & known_nonzero).sum(axis=axis)
    return (count >= 1) & (total > 0) & ((count == 1) | (total < min_cell) | pinned)  # zeros describe nobody


def _hide_until_stable(
    values: np.ndarray,
    hidden: np.ndarray,
    few: np.ndarray,
    group_columns: list[np.ndarray],
    known_total: np.ndarray | None,
    min_cell: int,
) -> None:
    """Hide more cells (in ``hidden``, and whole rows in ``few``, in place) until no hidden cell can be worked
    out from its row's parts or, with ``known_total`` (which columns' totals are published), from its column:
    hiding a cell can expose another, so this repeats until nothing changes."""
    for _ in range(values.shape[0] * values.shape[1] + 1):
        before = hidden.copy()
        _protect_parts(values, hidden, few, group_columns, min_cell)
        if known_total is not None and len(values) > 1:
            _protect_totals(values, hidden, few, known_total, min_cell)
        if (hidden == before).all():
            break


def _protect_parts(
    values: np.ndarray, hidden: np.ndarray, few: np.ndarray, group_columns: list[np.ndarray], min_cell: int
) -> None:
    """In each row whose hidden parts of a group give something away (the parts add up to the row's clients),
    hide the smallest other non-zero part too."""
    alone = hidden & ~few[:, None]  # hidden for its own smallness: the reader knows it is not zero
    for group in group_columns:
        block = hidden[:, group]
        open_rows = _exposed(values[:, group], block, alone[:, group], 1, min_cell) & ~few
        if open_rows.any():
            pick, ok = _smallest_visible(values[:, group], block)
            rows = np.flatnonzero(open_rows & ok)
            hidden[rows, group[pick[rows]]] = True


def _protect_totals(
    values: np.ndarray, hidden: np.ndarray, few: np.ndarray, known_total: np.ndarray, min_cell: int
) -> None:
    """In each column whose total is published and whose hidden cells give something away, hide the smallest
    other non-zero cell too, or, when there is none, the smallest row still shown; likewise for the rows
    hidden whole, in the clients column."""
    no_zeros_known = np.zeros((len(values), 1), dtype=bool)
    if known_total[0] and _exposed(values[:, :1], few[:, None], no_zeros_known, 0, min_cell)[0]:
        _hide_smallest_row(values, hidden, few)
    open_columns = _exposed(values, hidden, hidden & ~few[:, None], 0, min_cell) & known_total
    for column in np.flatnonzero(open_columns):  # a handful of count columns
        pick, ok = _smallest_visible(values[:, column], hidden[:, column])
        if not ok:  # nothing left to hide in the column: the smallest row still shown goes whole
            _hide_smallest_row(values, hidden, few)
            continue
        hidden[pick, column] = True


def _hide_smallest_row(values: np.ndarray, hidden: np.ndarray, few: np.ndarray) -> None:
    """Hide the row with the fewest clients (but not none) that is still shown, whole."""
    pick, ok = _smallest_visible(values[:, 0], few)
    if ok:
        few[pick] = True
        hidden[pick, :] = True


def _blank_hidden(
    out: pd.DataFrame,
    columns: list[str],
    hidden: np.ndarray,
    derived: dict[str, list[str]],
    with_row: list[str],
    few: np.ndarray,
) -> None:
    """Blank each count column where ``hidden`` says (its ``derived`` columns with it), and the ``with_row``
    columns in the rows hidden whole (``few``)."""
    for i, column in enumerate(columns):
        for target in dict.fromkeys([column, *derived.get(column, [])]):
            _blank(out, target, hidden[:, i])
    for column in with_row:
        _blank(out, column, few)


def _blank(out: pd.DataFrame, column: str, where: np.ndarray) -> None:
    """Blank ``column`` of ``out`` where ``where`` holds; flags and whole numbers keep their kind (nullable)."""
    current = out[column]
    if pd.api.types.is_bool_dtype(current):
        current = current.astype("boolean")
    elif pd.api.types.is_integer_dtype(current):
        current = current.astype("Int64")
    out[column] = current.mask(pd.Series(where, index=out.index))
