"""The reading layer: the only code that touches disk.

Each export format is one module with a ``detect`` and a ``read`` function, registered in :data:`READERS`.
A reader turns a file into one or more :class:`RawTable` objects: the cells as the user typed them, their
headers, and the spreadsheet row number of every row. Normalising and validating happen later, the same way
for every format.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.limits import DAMAGED_ZIP, Limits, check_size, open_zip, using


@dataclass
class RawTable:
    """A table as read from a file, before any interpretation.

    frame        one column per header (the header text as found), cells as typed (strings for text files;
                 dates, numbers and strings for workbooks; typed columns for Parquet). For ``kind="events"``
                 the standard event columns: ``key`` (an application id, may be missing), ``company``,
                 ``job_title``, ``stage`` (the wording of the stage or list reached), ``date``, and optionally
                 ``where`` (where in the file the record is, for reports) and extra columns such as ``job_url``
    rows         1-based row numbers as a spreadsheet shows them (the header is row ``header_row``); for JSON,
                 the record's number
    source_file  the file's name (and sheet, or the member of an archive), as reported to the user
    format       the reader that produced it
    header_row   the row the headers were found on (0 when the format has no header row)
    too_wide     rows that had more cells than there are headers (text files), True where so
    notes        anything the reader wants the summary to say
    kind         "rows" (one row per application) or "events" (one row per stage change)
    mapping      the format's own header -> role mapping (the user's ``mapping`` wins over it)
    dayfirst     the format's day/month order, when the format fixes it (LinkedIn writes M/D/YY)
    constants    role -> value for every row (LinkedIn's applications were all sent through LinkedIn)
    outcome_recorded  False when the format records no replies or outcomes (LinkedIn's archive)
    group        tables with the same group are parts of one export (split files): they are stacked, not
                 matched against each other
    skipped      rows the reader already knows are not applications: source_row, column, value, code (an
                 issue code of kind "skipped", see :mod:`jobsearch_analysis.ingest.issues`)
    """

    frame: pd.DataFrame
    rows: np.ndarray
    source_file: str
    format: str
    header_row: int = 1
    too_wide: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    kind: str = "rows"
    mapping: dict[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None
    constants: dict[str, str] = field(default_factory=dict)
    outcome_recorded: bool = True
    group: str | None = None
    skipped: pd.DataFrame | None = None

    @property
    def input_rows(self) -> int:
        """How many rows (or records) of the file this table stands for."""
        return len(self.frame) + (0 if self.skipped is None else len(self.skipped))


@dataclass(frozen=True)
class Reader:
    """One export format: ``detect(path, head)`` says whether it is this format, ``read(path)`` reads it."""

    name: str
    description: str
    detect: Callable[[Path, bytes], bool]
    read: Callable[[Path], list[RawTable]]


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader; later registrations are tried first, so a specific format wins over a generic one."""
    READERS[reader.name] = reader
    return reader


def read_file(path: Path, *, format: str | None = None, limits: Limits | None = None) -> list[RawTable]:
    """Read one file with the reader for ``format``, or the one that recognises it, within ``limits`` (those
    already active when None: see :mod:`jobsearch_analysis.ingest.limits`)."""
    with using(limits):
        head = _head(path)
        if format is not None:
            if format not in READERS:
                raise LoadError(f"format={format!r} is not known; use one of: {', '.join(sorted(READERS))}")
            return READERS[format].read(path)
        document = document_kind(path, head)
        if document is not None:
            raise LoadError(
                f"{path.name}: this is {document}, which this tool does not read; save your log as CSV or XLSX "
                "(Excel: Save As; Google Sheets and LibreOffice: File > Download or Save As) and load that"
            )
        if head.startswith(ZIP_MAGIC):
            check_archive(path, path.name)
        for reader in reversed(READERS.values()):
            if reader.detect(path, head):
                return reader.read(path)
    raise LoadError(f"{path.name}: not a format this tool reads (known: {', '.join(sorted(READERS))})")


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _head(path: Path) -> bytes:
    """The first 64 KB of a regular file within the size limit; anything else is one clear LoadError. A named
    pipe, a socket or a device is refused before it is opened: reading one could wait for ever."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as error:
        raise LoadError(f"{path}: cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((kind for test, kind in _SPECIAL if test(info.st_mode)), "not a regular file")
        raise LoadError(f"{path.name}: {kind}, not a file; save the log to a file and load that")
    check_size(path.name, info.st_size)
    try:
        with path.open("rb") as handle:
            head = handle.read(65_536)
    except OSError as error:
        raise LoadError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not head:
        raise LoadError(f"{path.name}: the file is empty")
    return head


_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"{\\rtf", "a rich text (RTF) document"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
)
_ZIPPED = (
    ("word/", "a Word document"),
    ("ppt/", "a PowerPoint presentation"),
    ("Index/Document.iwa", "an Apple Numbers file"),
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
"""How a zip archive starts (the second: an empty one)."""
LINKEDIN_PARTS = ("Profile.csv", "Connections.csv", "Registration.csv", "Email Addresses.csv", "Positions.csv")
"""Files every LinkedIn data export holds, with or without job applications."""
WORKBOOK_PART = "xl/workbook.xml"
"""The member every .xlsx workbook holds."""


def document_kind(path: Path, head: bytes) -> str | None:
    """What a file is when it is a document or an image rather than a table ("a PDF document"), else None."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                mimetype = ""
                if "mimetype" in names:
                    with archive.open("mimetype") as member:  # a few bytes; never the whole of a hostile one
                        mimetype = member.read(200).decode("ascii", "ignore")
        except (*DAMAGED_ZIP, OSError, RuntimeError):
            return None
        if "opendocument.spreadsheet" in mimetype:
            return "an OpenDocument spreadsheet (.ods)"
        if "opendocument.text" in mimetype:
            return "an OpenDocument text document"
        for prefix, kind in _ZIPPED:
            if any(name.startswith(prefix) for name in names):
                return kind
    return None


def check_archive(path: Path, label: str) -> None:
    """Refuse a zip archive that is damaged, or that is neither a workbook nor a LinkedIn export, saying what it
    holds."""
    from jobsearch_analysis.ingest.formats.linkedin import is_member

    with open_zip(path, label) as archive:
        names = [name for name in archive.namelist() if not name.endswith("/")]
    if any(name.lower() == WORKBOOK_PART for name in names) or any(is_member(name) for name in names):
        return
    raise archive_refusal(label, names)


def archive_refusal(label: str, names: list[str]) -> LoadError:
    """A zip archive that holds no log this tool reads, by what it holds."""
    if not names:
        return LoadError(f"{label}: an empty zip archive; load the log itself, or the archive LinkedIn sent")
    more = f" and {len(names) - 5:,} more" if len(names) > 5 else ""
    shown = ", ".join(repr(name[-60:]) for name in names[:5]) + more
    archives = [name for name in names if name.lower().endswith(".zip")]
    if archives:
        return LoadError(
            f"{label}: a zip archive inside a zip archive ({archives[0][-60:]!r}), not a LinkedIn data export; "
            "unzip it, then unzip the archive inside, and load the log you find there (LinkedIn's export is "
            "loaded as the .zip LinkedIn sent)"
        )
    if any(name.rsplit("/", 1)[-1] in LINKEDIN_PARTS for name in names):
        return LoadError(
            f"{label}: a LinkedIn data export without your job applications (no 'Jobs/Job Applications.csv'); "
            "LinkedIn adds them to the larger archive it prepares (Settings > Data privacy > Get a copy of your "
            "data), and only when you have applied through LinkedIn: load that archive instead"
        )
    return LoadError(
        f"{label}: a zip archive that is not a LinkedIn data export (it holds no 'Jobs/Job Applications.csv') "
        f"nor an Excel workbook; it holds {_count(len(names), 'file')}: {shown}; unzip it and load the log inside"
    )


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def frame_table(frame: pd.DataFrame, name: str = "your table") -> RawTable:
    """A table handed over in memory (a pandas DataFrame), read like a file: its first row is row 2, as in a
    spreadsheet with the headers on row 1. The frame itself is never changed."""
    if not isinstance(frame, pd.DataFrame):
        raise LoadError(f"expected a file path or a pandas DataFrame, got {type(frame).__name__}")
    headers = [str(c) for c in frame.columns]
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise LoadError(f"{name}: the column {repeated[0]!r} appears more than once; give each column its own name")
    if frame.empty:
        raise LoadError(f"{name}: the table has no rows")
    data = frame.reset_index(drop=True).set_axis(headers, axis=1)
    return RawTable(frame=data, rows=np.arange(2, len(data) + 2), source_file=name, format="dataframe")


def text_head(head: bytes) -> list[list[str]]:
    """The first lines of a delimited text file as cells (for detecting a format from its headers)."""
    import csv
    import io

    from jobsearch_analysis.ingest.formats.encodings import as_utf8
    from jobsearch_analysis.ingest.formats.spreadsheet import cells_of_any_size

    try:
        text = as_utf8("", head)[0].decode("utf-8")  # the file's encoding, as its reader will read it
    except LoadError:
        return []
    if len(head) >= 65_536:
        text = text[: text.rfind("\n") + 1]  # the last line may be cut off
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    try:
        with cells_of_any_size():
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return []
    return rows[:200]


def header_set(head: bytes) -> set[str]:
    """The normalised headers on the first line of a delimited text file."""
    from jobsearch_analysis.ingest.vocab import normalise_header

    rows = text_head(head)
    return {normalise_header(cell) for cell in rows[0]} if rows else set()


# Registration happens on import; a new format is one module and one line here. Later registrations are
# tried first, so the generic readers come first.
from jobsearch_analysis.ingest.formats import (  # noqa: E402
    events,
    huntr,
    linkedin,
    records,
    spreadsheet,
    trackers,
    trello,
)

for _module in (spreadsheet, events, records, trackers, linkedin, huntr, trello):
    for _reader in _module.READERS:
        register(_reader)

__all__ = [
    "READERS",
    "ZIP_MAGIC",
    "RawTable",
    "Reader",
    "archive_refusal",
    "check_archive",
    "document_kind",
    "frame_table",
    "header_set",
    "read_file",
    "register",
    "text_head",
]
