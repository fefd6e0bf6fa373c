"""Contact details: finding them, and keeping them out of everything the tool keeps or writes.

Columns that hold contact details (e-mail, phone, recruiter names, LinkedIn's "Question And Answers") are
dropped when a file is read. Free text that is kept (notes, the user's own columns) can still hold an
address or a number typed into it, so those are masked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import numpy as np
import pandas as pd

from jobsearch_analysis.vocab import normalise_header

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PHONE = r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\w/])"
MASK = "[contact removed]"


def scrub(text: pd.Series) -> pd.Series:
    """Mask e-mail addresses and phone numbers inside free text; missing values stay missing."""
    if text.isna().all():
        return text
    codes, uniques = pd.factorize(text.astype("str"))  # each distinct text once
    masked = pd.Series(uniques, dtype="str").str.replace(EMAIL, MASK, regex=True).str.replace(PHONE, MASK, regex=True)
    values = masked.to_numpy(dtype=object)[codes]
    return pd.Series(values, index=text.index, dtype="str").where(codes >= 0)


def find_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of ``frame`` that holds an e-mail address or a phone number: column, row, value."""
    hits = []
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        text = values.astype("str")
        found = text.str.contains(EMAIL, regex=True) | text.str.contains(PHONE, regex=True)
        found = found.fillna(False).astype(bool)
        if found.any():
            hits.append(pd.DataFrame({"column": column, "row": values.index[found], "value": text[found]}))
    return pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=["column", "row", "value"])


# ----------------------------------------------------------------------------------------------- pseudonyms
MIN_SECRET_BYTES = 16
PSEUDONYM_LENGTH = 12
NAME_HEADERS = ("name", "client name", "full name", "first name", "given name", "last name", "surname", "family name")
EMAIL_HEADERS = ("email", "e mail", "email address")
IDENTITY_HEADERS = ("client id", "client", *NAME_HEADERS, *EMAIL_HEADERS)
"""Headers (lower-cased, punctuation dropped) of the columns :func:`pseudonymise` replaces by default."""


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
        A copy with those columns replaced (missing values stay missing) and ``attrs["pseudonymised"]`` naming
        them.

    Raises
    ------
    ValueError
        For a short secret, or a column that is not in the frame.
    """
    key = _secret_bytes(secret)
    if columns is None:
        columns = [c for c in frame.columns if normalise_header(c) in IDENTITY_HEADERS or c == "client_id"]
        for column in frame.columns:
            values = frame[column]
            if column in columns or not (values.dtype == object or pd.api.types.is_string_dtype(values)):
                continue
            if values.astype("str").str.contains(EMAIL, regex=True).fillna(False).any():
                columns.append(column)
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
    out.attrs["pseudonymised"] = list(columns)
    return out


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
    parts: list[str] | None = None,
    rows_add_up: bool = False,
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
    parts : list of str, optional
        Count columns that add up to ``clients`` in every row (employed + other exits + still searching). A row
        with exactly one of them hidden would give it away by subtraction, so the smallest other non-zero one
        is hidden too (complementary suppression).
    rows_add_up : bool
        The rows add up to a total shown elsewhere (the segments of a whole, whose overall figures are
        published): a column with exactly one hidden cell gets its smallest other non-zero cell hidden too,
        and a row hidden for its size takes the smallest other row with it.

    Returns
    -------
    DataFrame
        The table with those cells missing and a ``suppressed`` column (True where anything was hidden);
        ``attrs["suppressed_note"]`` says so in words when anything was.
    """
    counts = dict(counts or {})
    parts = list(parts or [])
    if hide is None:
        hide = [c for c in table.columns if c != clients and pd.api.types.is_numeric_dtype(table[c])]
    out = table.copy()
    columns = list(dict.fromkeys([clients, *counts, *parts]))
    values = out[columns].astype(float).fillna(0).to_numpy()
    small = (values > 0) & (values < min_cell)
    few = small[:, 0].copy()  # the clients column: the whole row goes
    hidden = small | few[:, None]
    index_of = {c: i for i, c in enumerate(columns)}
    part_columns = [index_of[c] for c in parts]

    def smallest_visible(cells: np.ndarray, mask: np.ndarray) -> np.ndarray:
        candidates = np.where(~mask & (cells > 0), cells, np.inf)
        return candidates.argmin(axis=-1), np.isfinite(candidates.min(axis=-1))

    for _ in range(len(out) + len(columns) + 1):  # hiding a cell can expose another; stop when nothing changes
        before = hidden.copy()
        if part_columns:
            block = hidden[:, part_columns]
            lonely = (block.sum(axis=1) == 1) & ~few
            if lonely.any():
                pick, ok = smallest_visible(values[:, part_columns], block)
                rows = np.flatnonzero(lonely & ok)
                hidden[rows, np.asarray(part_columns)[pick[rows]]] = True
        if rows_add_up and len(out) > 1:
            if few.sum() == 1:
                pick, ok = smallest_visible(values[:, 0], few)
                if ok:
                    few[pick] = True
                    hidden[pick, :] = True
            lonely_columns = hidden.sum(axis=0) == 1
            for column in np.flatnonzero(lonely_columns):  # a handful of count columns
                pick, ok = smallest_visible(values[:, column], hidden[:, column])
                if ok:
                    hidden[pick, column] = True
        if (hidden == before).all():
            break

    def blank(column: str, where: np.ndarray) -> None:
        current = out[column]
        if pd.api.types.is_bool_dtype(current):
            current = current.astype("boolean")
        elif pd.api.types.is_integer_dtype(current):
            current = current.astype("Int64")
        out[column] = current.mask(pd.Series(where, index=out.index))

    for column in columns:
        derived = counts.get(column, [])
        for target in dict.fromkeys([column, *derived]):
            blank(target, hidden[:, index_of[column]])
    for column in hide:
        if column not in columns:
            blank(column, few)
    out["suppressed"] = hidden.any(axis=1)
    if hidden.any():
        out.attrs["suppressed_note"] = (
            f"Figures about fewer than {min_cell} clients are hidden ({int(hidden.any(axis=1).sum())} of {len(out)} "
            "rows), with any figure that would give them away by subtraction, so that no client can be recognised."
        )
    return out
