"""Canonical Parquet: any export the package reads, written as the validated canonical tables, for the engines
that count a big caseload where it lives (:mod:`jobsearch_analysis.analysis.engine`; on the command line,
``jobsearch-analysis convert``).

:func:`convert` reads the files as :func:`jobsearch_analysis.load` (or, for a caseload, as
:func:`jobsearch_analysis.ingest.clients.load_cohort`) does: every row accounted for, contact details dropped.
It writes the valid rows, the canonical columns alone and in their canonical types, as ``applications.parquet``
and, when a clients table was read, ``clients.parquet``. The user's own columns are not written (they may hold
anything), and neither are the sources' extras (a posting's address, the channel as worded). Each file keeps, in
its Parquet metadata, what reading found (:class:`~jobsearch_analysis.ingest.clients.CohortRead`: the rows read,
rejected and skipped, by reason, with no value of any row), so that a report made from the Parquet files says
what the export said.

>>> import tempfile
>>> from jobsearch_analysis import sample_path
>>> out = tempfile.mkdtemp()
>>> done = convert(sample_path("cohort_applications"), out, clients=sample_path("cohort_clients"),
...                as_of="2026-11-02")
>>> done.applications.name, done.clients.name, done.read.clients.rejected
('applications.parquet', 'clients.parquet', 2)
>>> read_account(parquet_files(done.applications)).to_json() == done.read.to_json()
True
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest.canonical import READ_KEY
from jobsearch_analysis.ingest.clients import Cohort, CohortRead, load_cohort
from jobsearch_analysis.ingest.loading import LoadResult, load
from jobsearch_analysis.schema import CLIENT_COLUMNS, COLUMNS, complete_clients

APPLICATIONS_FILE = "applications.parquet"
CLIENTS_FILE = "clients.parquet"


@dataclass(frozen=True)
class Converted:
    """What :func:`convert` returns: the files written (``clients`` None without a clients table), what
    reading found (:class:`~jobsearch_analysis.ingest.clients.CohortRead`), and the result of reading itself
    (a :class:`~jobsearch_analysis.LoadResult`, or a :class:`~jobsearch_analysis.ingest.clients.Cohort` for a
    caseload), for its summary and its rejects."""

    applications: Path
    clients: Path | None
    read: CohortRead
    result: LoadResult | Cohort


def convert(
    paths,
    out: str | os.PathLike,
    *,
    cohort: bool = False,
    clients: str | os.PathLike | None = None,
    as_of: object = None,
    clients_mapping: dict[str, str] | None = None,
    **load_options,
) -> Converted:
    """Read an export (or a caseload) and write it as validated canonical Parquet in the folder ``out``.

    Parameters
    ----------
    paths : path or list of paths
        What :func:`jobsearch_analysis.load` reads; with ``cohort=True`` (or ``clients``), one caseload as
        :func:`~jobsearch_analysis.ingest.clients.load_cohort` reads it (a file with a client column, or a folder
        of per-client files).
    out : path
        The folder to write ``applications.parquet`` (and ``clients.parquet``) in; made if missing. It may hold
        no other Parquet file, since a reader of the folder would take that file for part of the tables.
    cohort : bool
        Read ``paths`` as a caseload.
    clients : path, optional
        The clients table (a caseload; found as ``clients.csv`` in a cohort folder).
    as_of, clients_mapping, **load_options
        As for :func:`~jobsearch_analysis.ingest.clients.load_cohort` and :func:`jobsearch_analysis.load`
        (contact details are always dropped: ``keep_contacts`` is not taken).

    Returns
    -------
    Converted

    Raises
    ------
    LoadError
        What reading raises; or ``out`` holds other Parquet files, or is not a folder.
    """
    if load_options.pop("keep_contacts", False):
        raise ValueError("keep_contacts=True: canonical Parquet never holds contact details")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise LoadError(f"{folder}: not a folder; give a folder to write the Parquet files in")
    if cohort or clients is not None:
        data = load_cohort(paths, clients=clients, as_of=as_of, clients_mapping=clients_mapping, **load_options)
        apps, table, read, result = data.applications, None if data.derived else data.clients, data.read, data
    else:
        result = load(paths, as_of=as_of, **load_options)
        summary = result.summary
        read = CohortRead(files=len(summary.files), rows=summary.rows, applications=summary.applications,
                          rejected=summary.rejected, skipped=summary.skipped, as_of=result.as_of,
                          folded=summary.folded, merged=summary.merged,
                          reasons=tuple(issue.counted(result.issues, "error")))  # fmt: skip
        apps, table = result.applications, None
    written = {APPLICATIONS_FILE: canonical_table(apps, COLUMNS, read)}
    if table is not None:
        written[CLIENTS_FILE] = canonical_table(complete_clients(table), CLIENT_COLUMNS, read)
    _check_folder(folder, written)
    folder.mkdir(parents=True, exist_ok=True)
    for name, arrow in written.items():
        partial = folder / f".{name}.partial"
        pq.write_table(arrow, partial)
        partial.replace(folder / name)  # whole files only: a reader never sees half of one
    return Converted(
        folder / APPLICATIONS_FILE, folder / CLIENTS_FILE if CLIENTS_FILE in written else None, read, result
    )


def canonical_table(frame: pd.DataFrame, columns: tuple[str, ...], read: CohortRead) -> pa.Table:
    """The canonical ``columns`` of ``frame`` in their canonical types, as Arrow, with what reading found in
    the metadata."""
    table = pa.Table.from_pandas(frame[list(columns)], preserve_index=False)
    return table.replace_schema_metadata({**(table.schema.metadata or {}), READ_KEY: read.to_json().encode()})


def _check_folder(folder: Path, written: dict) -> None:
    if not folder.is_dir():
        return
    others = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.parquet") if p.name not in written)
    if others:
        shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        raise LoadError(
            f"{folder}: already holds other Parquet files ({shown}), which would be read as part of the tables; "
            "give an empty folder"
        )


# ----------------------------------------------------------------------------------------------- finding the files
def parquet_files(path: str | os.PathLike) -> list[str]:
    """The Parquet files ``path`` names: a file, a folder (every ``*.parquet`` below it) or a glob pattern.

    Raises
    ------
    LoadError
        When nothing is there.
    """
    text = str(path)
    if Path(text).is_dir():
        found = sorted(glob.glob(os.path.join(text, "**", "*.parquet"), recursive=True))
        if not found:
            raise LoadError(f"{text}: no .parquet file in this folder; give a Parquet file, a folder of them or a glob")
        return found
    if glob.has_magic(text):
        found = sorted(p for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not found:
            raise LoadError(f"{text}: no file matches this pattern; check the path and the pattern")
        return found
    if not Path(text).is_file():
        raise LoadError(f"{text}: no such file or folder; give a Parquet file, a folder of them or a glob")
    return [text]


def cohort_files(path: str | os.PathLike, clients: str | os.PathLike | None = None) -> tuple[list[str], list[str]]:
    """The Parquet files of a caseload's applications, and of its clients table (empty when there is none).

    ``path`` is a file, a glob or a folder; in a folder, ``clients.parquet`` or a sub-folder ``clients`` is the
    clients table (as :func:`convert` writes it) unless ``clients`` names it, and every other Parquet file
    holds applications.

    Raises
    ------
    LoadError
        When no file is there, or a folder holds the clients table alone.
    """
    client_files = parquet_files(clients) if clients is not None else []
    if Path(path).is_dir() and clients is None:
        for candidate in (Path(path) / CLIENTS_FILE, Path(path) / "clients"):
            if candidate.exists():
                client_files = parquet_files(candidate)
                break
    taken = {os.path.abspath(f) for f in client_files}
    apps = [f for f in parquet_files(path) if os.path.abspath(f) not in taken]
    if not apps:
        raise LoadError(f"{path}: holds the clients table but no applications; write them with jobsearch-analysis "
                        "convert")  # fmt: skip
    return apps, client_files


def read_account(files: list[str]) -> CohortRead | None:
    """What reading found when ``files`` were written (:func:`convert` keeps it in the Parquet metadata); None
    for several files, or a file written otherwise."""
    if len(files) != 1:
        return None
    try:
        found = (pq.read_schema(files[0]).metadata or {}).get(READ_KEY)
        return CohortRead.from_json(found) if found else None
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):  # not ours, or damaged: not said
        return None


__all__ = [
    "APPLICATIONS_FILE",
    "CLIENTS_FILE",
    "READ_KEY",
    "Converted",
    "canonical_table",
    "cohort_files",
    "convert",
    "parquet_files",
    "read_account",
]
