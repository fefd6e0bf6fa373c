"""Contact details: finding them, and keeping them out of everything the tool keeps or writes.

Columns that hold contact details (e-mail, phone, recruiter names, LinkedIn's "Question And Answers") are
dropped when a file is read. Free text that is kept (notes, the user's own columns) can still hold an
address or a number typed into it, so those are masked.
"""

from __future__ import annotations

import pandas as pd

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PHONE = r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\w/])"
MASK = "[contact removed]"


def scrub(text: pd.Series) -> pd.Series:
    """Mask e-mail addresses and phone numbers inside free text; missing values stay missing."""
    if text.isna().all():
        return text
    strings = text.astype("str")
    return strings.str.replace(EMAIL, MASK, regex=True).str.replace(PHONE, MASK, regex=True)


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
