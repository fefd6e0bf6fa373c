"""The reading layer: the only code that touches disk.

Each export format is one module with a ``detect`` and a ``read`` function, registered in :data:`READERS`.
A reader turns a file into one or more :class:`RawTable` objects: the cells as the user typed them, their
headers, and the spreadsheet row number of every row. Normalising and validating happen later, the same way
for every format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError


@dataclass
class RawTable:
    """A table as read from a file, before any interpretation.

    frame        one column per header (the header text as found), cells as typed (strings for text files;
                 dates, numbers and strings for workbooks; typed columns for Parquet)
    rows         1-based row numbers as a spreadsheet shows them (the header is row ``header_row``)
    source_file  the file's name (and sheet), as reported to the user
    format       the reader that produced it
    header_row   the row the headers were found on (0 when the format has no header row)
    too_wide     rows that had more cells than there are headers (text files), True where so
    notes        anything the reader wants the summary to say
    """

    frame: pd.DataFrame
    rows: np.ndarray
    source_file: str
    format: str
    header_row: int = 1
    too_wide: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)


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


def read_file(path: Path, *, format: str | None = None) -> list[RawTable]:
    """Read one file with the reader for ``format``, or the one that recognises it."""
    if not path.exists():
        raise LoadError(f"{path}: no such file")
    if path.is_dir():
        raise LoadError(f"{path}: is a folder, not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(65_536)
    except OSError as error:
        raise LoadError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not head:
        raise LoadError(f"{path.name}: the file is empty")
    if format is not None:
        if format not in READERS:
            raise LoadError(f"format={format!r} is not known; use one of: {', '.join(sorted(READERS))}")
        return READERS[format].read(path)
    for reader in reversed(READERS.values()):
        if reader.detect(path, head):
            return reader.read(path)
    raise LoadError(f"{path.name}: not a format this tool reads (known: {', '.join(sorted(READERS))})")


# Registration happens on import; a new format is one module and one line here.
from jobsearch_analysis.sources import spreadsheet  # noqa: E402

register(spreadsheet.READER)

__all__ = ["READERS", "RawTable", "Reader", "read_file", "register"]
