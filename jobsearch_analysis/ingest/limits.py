"""What one input may cost: its size, how far an archive expands, how many files an archive may hand over, how
many cells a sheet spans and how deeply JSON nests.

Every limit has a default far above any real log and is refused with one line that names it and says how to
raise it (``load(..., limits=Limits(archive_mb=2000))``; on the command line ``--limit archive_mb=2000``). The
readers ask :func:`active` for the limits of the load under way, which :func:`using` sets, so a reader that
another reader calls (LinkedIn's archive reads its CSV through the spreadsheet reader) keeps the same limits.
"""

from __future__ import annotations

import contextlib
import io
import lzma
import math
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from jobsearch_analysis.errors import LoadError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The most one input may cost; every number is far above any real log.

    file_mb          a file's size, in MB (512). A log of a million applications is about 150 MB as CSV; a
                     larger file is a mistake (a video or a disk image named .csv) that would exhaust memory.
    archive_mb       how far a zip archive (LinkedIn's export, or an .xlsx workbook, which is a zip too) may
                     expand, in MB, counting the files read from it (512). LinkedIn's job applications take
                     about 1 KB each, and a workbook of a million rows is about 500 MB of XML; a 1 MB zip that
                     expands to 1 GB is a zip bomb.
    archive_ratio    how many times its zipped size an archive may expand (100), once it expands past 16 MB.
                     Logs and workbooks zip 5 to 15 times smaller; a zip bomb, a thousand times.
    archive_members  how many files of job applications one archive may hand over (100). LinkedIn splits its
                     list of applications into a few files; each is read on its own, so thousands of them
                     would take minutes.
    workbook_cells   how many cells a sheet of a workbook may span, from its first row to its last and from
                     column A to its last column, counting only the cells that hold a value (20 million: a
                     million rows of 20 columns). One stray value at XFD1048576, the sheet's last cell, would
                     otherwise make a grid of 17 billion cells.
    json_depth       how deeply JSON may nest (100 levels). A tracker's export nests a few levels; Python's
                     JSON reader stops at about 900.
    """

    file_mb: int = 512
    archive_mb: int = 512
    archive_ratio: int = 100
    archive_members: int = 100
    workbook_cells: int = 20_000_000
    json_depth: int = 100

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise LoadError(f"limits: {name} must be a whole number of at least 1, got {value!r}")

    def refusal(self, label: str, found: str, name: str, needed: float) -> LoadError:
        """The error for an input over the limit ``name``: what was found, the limit, and how to raise it to
        let ``needed`` through."""
        limit = f"{getattr(self, name):,} {UNITS[name]}".rstrip()
        raise_to = _round_up(needed)
        return LoadError(
            f"{label}: {found}, over the {name} limit of {limit}; if the file is what you meant to load, raise "
            f"the limit with limits=Limits({name}={raise_to})",
            fixes={"limits": {name: raise_to}},
        )


UNITS = {
    "file_mb": "MB",
    "archive_mb": "MB",
    "archive_ratio": "times its zipped size",
    "archive_members": "files",
    "workbook_cells": "cells",
    "json_depth": "levels",
}
"""How each limit's number is said."""

RATIO_FLOOR_MB = 16
"""An archive that expands to less than this is small whatever its ratio (a few empty columns zip 500 to 1)."""

PARSER_DEPTH = 900
"""About how deeply Python's JSON reader can nest before it runs out of stack, whatever ``json_depth`` says."""


def _mb(size: int) -> str:
    """A size in MB as a person reads it: "0.4 MB", "1.6 MB", "1,024 MB"."""
    return f"{size / MB:,.1f} MB" if size < 10 * MB else f"{size / MB:,.0f} MB"


def _round_up(value: float) -> int:
    """A round number at least ``value``: 1,127 -> 1,200; 37 -> 37."""
    value = math.ceil(value)
    if value < 100:
        return value
    step = 10 ** (len(str(value)) - 2)
    return -(-value // step) * step


def limits_of(value: Limits | Mapping[str, int] | None) -> Limits:
    """``limits=`` as given to :func:`jobsearch_analysis.load`: a :class:`Limits`, a mapping of the limits to
    change (``{"archive_mb": 2000}``), or None for the defaults."""
    if value is None:
        return Limits()
    if isinstance(value, Limits):
        return value
    if not isinstance(value, Mapping):
        raise LoadError(f"limits={value!r}: give Limits(...) or a dict such as {{'archive_mb': 2000}}")
    known = [f.name for f in fields(Limits)]
    unknown = [name for name in value if name not in known]
    if unknown:
        raise LoadError(f"limits: {unknown[0]!r} is not a limit; the limits are {', '.join(known)}")
    return Limits(**value)


DEFAULTS = Limits()
_ACTIVE: ContextVar[Limits | None] = ContextVar("limits", default=None)


def active() -> Limits:
    """The limits of the load under way (the defaults outside one)."""
    return _ACTIVE.get() or DEFAULTS


@contextlib.contextmanager
def using(limits: Limits | Mapping[str, int] | None) -> Iterator[Limits]:
    """Make ``limits`` the active ones inside the block (None keeps those already active)."""
    if limits is None:
        yield active()
        return
    token = _ACTIVE.set(limits_of(limits))
    try:
        yield active()
    finally:
        _ACTIVE.reset(token)


# ----------------------------------------------------------------------------------------------- files
def check_size(label: str, size: int) -> None:
    """Refuse a file larger than ``file_mb``."""
    limits = active()
    if size > limits.file_mb * MB:
        raise limits.refusal(label, f"the file is {_mb(size)}", "file_mb", size / MB * 1.1)


# ----------------------------------------------------------------------------------------------- archives
DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, zlib.error,
               lzma.LZMAError)  # fmt: skip
"""What zipfile raises on a damaged archive: its own errors, and the decompressors' on a corrupt stream."""


def open_zip(path: Path, label: str) -> zipfile.ZipFile:
    """The zip archive at ``path``; a damaged one is one clear LoadError."""
    try:
        return zipfile.ZipFile(path)
    except DAMAGED_ZIP as error:
        raise damaged(label, error, workbook=path.suffix.lower() in (".xlsx", ".xlsm")) from None
    except OSError as error:
        raise LoadError(f"{label}: cannot be read ({error.strerror or error})") from None


def damaged(label: str, error: BaseException, *, workbook: bool = False) -> LoadError:
    """A zip archive (or a workbook, which is one) that cannot be unzipped."""
    what = (
        "not a readable Excel workbook: the zip archive an .xlsx file is made of is damaged"
        if workbook
        else ("the zip archive is damaged")
    )
    return LoadError(
        f"{label}: {what} ({error}); download or copy it again (a partial download cuts it short), or save it "
        "again, then load it"
    )


def check_expansion(label: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse, from the archive's directory, members that expand past ``archive_mb`` or more than
    ``archive_ratio`` times their zipped size."""
    limits = active()
    size = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if size > limits.archive_mb * MB:
        found = f"it expands from {_mb(packed)} to {_mb(size)} when unzipped"
        raise limits.refusal(label, found, "archive_mb", size / MB * 1.1)
    ratio = size / max(packed, 1)
    if size > RATIO_FLOOR_MB * MB and ratio > limits.archive_ratio:
        found = f"it expands {ratio:,.0f} times, from {_mb(packed)} to {_mb(size)} (a zip bomb?)"
        raise limits.refusal(label, found, "archive_ratio", ratio * 1.1)


def check_members(label: str, count: int, what: str) -> None:
    """Refuse an archive that hands over more than ``archive_members`` files of ``what``."""
    limits = active()
    if count > limits.archive_members:
        raise limits.refusal(label, f"the archive holds {count:,} {what}", "archive_members", count)


class Counted(io.RawIOBase):
    """A stream of an archive's member that counts the bytes it gives and refuses them past ``archive_mb`` (the
    archive's directory may understate them), before they are held in memory."""

    def __init__(self, stream, label: str, spent: int = 0) -> None:
        self.stream = stream
        self.label = label
        self.spent = spent
        self.limit = active().archive_mb * MB

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(min(len(buffer), 1 << 20))
        self.spent += len(data)
        if self.spent > self.limit:
            found = f"it expands past {self.limit // MB:,} MB when unzipped"
            raise active().refusal(self.label, found, "archive_mb", self.limit / MB * 2)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


def read_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], label: str) -> Iterator[bytes]:
    """The members' bytes, one at a time, after the directory is checked and while the bytes are counted."""
    check_expansion(label, members)
    spent = 0
    for member in members:
        try:
            with Counted(archive.open(member), label, spent) as stream:
                data = stream.read()
                spent = stream.spent
        except RuntimeError as error:  # zipfile: "File ... is encrypted, password required for extraction"
            raise LoadError(
                f"{label}: the zip archive is password-protected ({error}); unzip it with its password and load "
                "the log inside"
            ) from None
        except (*DAMAGED_ZIP, OSError) as error:  # bz2 says OSError("Invalid data stream")
            raise damaged(label, error) from None
        yield data


# ----------------------------------------------------------------------------------------------- JSON
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_CHUNK = 1 << 24
_STEPS = np.zeros(256, dtype=np.int8)
_STEPS[[ord("["), ord("{")]] = 1
_STEPS[[ord("]"), ord("}")]] = -1


def json_depth(data: bytes) -> int:
    """How deeply JSON text nests (brackets and braces inside strings do not count), without parsing it."""
    bare = np.frombuffer(_JSON_STRING.sub(b"", data), dtype=np.uint8)
    deepest = depth = 0
    for start in range(0, len(bare), _CHUNK):
        steps = _STEPS[bare[start : start + _CHUNK]]
        steps = steps[steps != 0]
        if len(steps):
            levels = depth + np.cumsum(steps, dtype=np.int64)
            deepest, depth = max(deepest, int(levels.max())), int(levels[-1])
    return deepest


def check_json_depth(label: str, data: bytes) -> None:
    """Refuse JSON nested deeper than ``json_depth`` before it is parsed."""
    limits = active()
    depth = json_depth(data)
    if depth > PARSER_DEPTH:
        raise too_deep(label, depth)
    if depth > limits.json_depth:
        raise limits.refusal(label, f"the JSON is nested {depth:,} levels deep", "json_depth", depth)


def too_deep(label: str, depth: int | None = None) -> LoadError:
    """JSON nested deeper than Python's reader can go, whatever the limit."""
    levels = f" {depth:,} levels deep" if depth else ""
    return LoadError(
        f"{label}: JSON nested{levels}: nested too deeply to be a tracker's export, or to be read at all "
        f"(Python's JSON reader stops at about {PARSER_DEPTH} levels)"
    )


__all__ = [
    "MB",
    "Counted",
    "Limits",
    "active",
    "check_expansion",
    "check_json_depth",
    "check_members",
    "check_size",
    "json_depth",
    "limits_of",
    "open_zip",
    "read_members",
    "using",
]
