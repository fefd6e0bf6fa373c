"""Canonical Parquet read back: what ``jobsearch-analysis convert`` wrote (:mod:`jobsearch_analysis.ingest.convert`)
is already the canonical table, in its canonical types, so it is not read as an export (no wording to read, no
date to parse): it is only checked against the same rules.

:func:`canonical_frame` recognises such a file by its metadata (what reading found, under :data:`READ_KEY`) and
its exact Arrow schema (the canonical columns, in order, in the types ``convert`` writes); anything else, a
Parquet export of a counsellor's system among them, is None and takes the general reading path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.ingest.limits import Limits, check_size, using
from jobsearch_analysis.ingest.pipeline import Source, TableSpec, schema_issues
from jobsearch_analysis.schema import (
    CHANNEL_DTYPE,
    COLUMN_WORDS,
    DATE_DTYPE,
    EXIT_DTYPE,
    OUTCOME_DTYPE,
    STAGE_DTYPE,
)

READ_KEY = b"jobsearch_analysis.read"
"""The Parquet metadata key that holds what reading found (:meth:`CohortRead.to_json`)."""

CANONICAL_NOTE = (
    "written by jobsearch-analysis convert: its columns are taken as written, and every row is checked again "
    "against the rules and the as-of date"
)
"""What the summary says of a canonical Parquet file."""

_TEXT = pa.large_string()
_DATE = "date"  # timestamp[ms] as Parquet stores a day (or timestamp[s], as Arrow wrote it), no time zone
CATEGORIES = {"channel": CHANNEL_DTYPE, "furthest_stage": STAGE_DTYPE, "outcome": OUTCOME_DTYPE,
              "exit_reason": EXIT_DTYPE}  # fmt: skip
"""The categorical columns of the canonical tables, with their categories."""

_TEXTS = ("application_id", "client_id", "company", "job_title", "role_family", "industry", "location",
          "resume_version", "notes", "program", "counsellor", "source_file")  # fmt: skip
_BOOLEANS = ("cover_letter", "feedback_requested", "feedback_received", "outcome_recorded")
_DATES = ("applied_on", "first_response_on", "screen_on", "interview_on", "offer_on", "outcome_on", "search_start",
          "exited_on", "last_contact_on", "intake")  # fmt: skip
_TYPES = {
    **dict.fromkeys(_TEXTS, _TEXT),
    **{column: pa.dictionary(pa.int8(), pa.string(), dtype.ordered) for column, dtype in CATEGORIES.items()},
    **dict.fromkeys(_BOOLEANS, pa.bool_()),
    **dict.fromkeys(("interest", "source_row"), pa.int64()),
    **dict.fromkeys(_DATES, _DATE),
}
_DTYPES = {
    **{column: "str" for column, kind in _TYPES.items() if kind == _TEXT},
    **{column: DATE_DTYPE for column, kind in _TYPES.items() if kind == _DATE},
    **CATEGORIES,
    **dict.fromkeys(("cover_letter", "feedback_requested", "feedback_received"), "boolean"),
    "outcome_recorded": "bool",
    "interest": "Int64",
    "source_row": "int64",
}
"""The pandas dtype of each canonical column, as :func:`jobsearch_analysis.load` gives it."""


def _fits(field: pa.Field) -> bool:
    wanted = _TYPES.get(field.name)
    if wanted == _DATE:
        return pa.types.is_timestamp(field.type) and field.type.unit in ("s", "ms") and field.type.tz is None
    return wanted is not None and field.type == wanted


def is_canonical(schema: pa.Schema, columns: tuple[str, ...]) -> bool:
    """Whether an Arrow ``schema`` is that of a canonical table of ``columns`` as :func:`convert` writes it:
    what reading found in its metadata, exactly those columns in that order, each in its canonical type."""
    return (
        READ_KEY in (schema.metadata or {})
        and tuple(schema.names) == tuple(columns)
        and all(_fits(field) for field in schema)
    )


def canonical_frame(
    path: str | os.PathLike, columns: tuple[str, ...], limits: Limits | Mapping[str, int] | None = None
):
    """The canonical table in the Parquet file ``path`` (``columns``: :data:`~jobsearch_analysis.schema.COLUMNS`
    or :data:`~jobsearch_analysis.schema.CLIENT_COLUMNS`), in its canonical dtypes; None when the file is not
    one that ``convert`` wrote (or not a Parquet file at all), so that the general path reads it.

    Raises
    ------
    LoadError
        The file is over the size limit (``limits``, as :func:`jobsearch_analysis.load` takes them).
    """
    path = Path(path)
    if path.suffix.lower() != ".parquet" or not path.is_file():
        return None
    try:
        if not is_canonical(pq.read_schema(path), columns):
            return None
    except (OSError, pa.ArrowException):  # damaged or not Parquet: the general path says what is wrong
        return None
    with using(limits):
        check_size(path.name, path.stat().st_size)
    table = pq.read_table(path)
    if "outcome_recorded" in columns and table.column("outcome_recorded").null_count:
        return None  # not as convert writes it: the general path says which rows lack it
    return table.to_pandas().astype({column: _DTYPES[column] for column in columns})


def checked(frame: pd.DataFrame, spec: TableSpec, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A canonical table checked by ``spec``'s model with the as-of rule, as the general path checks the rows
    it has read (:func:`~jobsearch_analysis.ingest.pipeline.schema_issues`): (valid rows, issues). The rows keep
    the file and row they were read from; a failing cell shows its value as stored, under the column's name in
    words ("date applied")."""
    headers = {column: COLUMN_WORDS.get(column, column) for column in frame.columns}
    stored = RawTable(frame=pd.DataFrame(index=frame.index), rows=np.empty(0, np.int64), source_file="", format="")
    files = frame["source_file"].unique() if len(frame) else []
    sources = {str(name): Source(stored, headers) for name in files}
    return schema_issues(frame, spec, as_of, sources)


__all__ = ["CANONICAL_NOTE", "CATEGORIES", "READ_KEY", "canonical_frame", "checked", "is_canonical"]
