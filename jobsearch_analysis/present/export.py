"""Writing tables for people to open in a spreadsheet, safely.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is a formula to Excel,
LibreOffice and Google Sheets; a value from a job posting or a log can carry one
(``=HYPERLINK("http://evil","click")``). Every text cell we write that starts so gets a leading apostrophe,
which spreadsheets show as plain text (the OWASP advice for CSV injection).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """Prefix a text value that a spreadsheet would run as a formula; leave everything else alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as formulas (numbers and dates are untouched)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.astype("str")
            risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool) & values.notna()
            if risky.any():
                out[column] = values.astype(object).where(~risky, "'" + text)
    return out


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``frame`` as UTF-8 CSV (no index), guarded against spreadsheet formula injection; the folder is
    made if it does not exist."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    safe_frame(frame).to_csv(path, index=False, lineterminator="\n")
