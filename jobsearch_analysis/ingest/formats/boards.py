"""Helpers shared by the board readers (Huntr, Trello): reading JSON and building event tables."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.ingest.limits import check_json_depth, too_deep

EVENT_COLUMNS = ["key", "company", "job_title", "stage", "date", "where"]
_AT = re.compile(r"^(?P<title>.+?)\s+(?:at|@)\s+(?P<company>[^@]+)$", re.IGNORECASE)
_SEPARATED = re.compile(r"^(?P<company>.+?)\s*(?:\s[-–—|]\s|:\s)\s*(?P<title>.+)$")


def read_json(path: Path) -> object:
    """A JSON file's value, its nesting checked against the ``json_depth`` limit before it is parsed."""
    try:
        data = path.read_bytes()
        check_json_depth(path.name, data)
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LoadError(f"{path.name}: not UTF-8 text, so not a board export") from None
    except json.JSONDecodeError as error:
        raise LoadError(f"{path.name}: not valid JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:  # deeper than the parser goes, past a raised json_depth
        raise too_deep(path.name) from None
    except OSError as error:
        raise LoadError(f"{path.name}: cannot be read ({error.strerror or error})") from None


def split_title(name: object, *, separators: bool = True) -> tuple[str | None, str | None]:
    """(company, job title) from a card title: "Data Analyst at Acme", or with ``separators`` also
    "Acme - Data Analyst", "Acme | Analyst" and "Acme: Analyst", where a title with no separator is taken as
    the company alone. Without ``separators`` a title with no " at " gives no company."""
    if not isinstance(name, str) or not name.strip():
        return None, None
    text = name.strip()
    match = _AT.match(text)
    if match:
        return match["company"].strip(), match["title"].strip()
    if not separators:
        return None, text
    match = _SEPARATED.match(text)
    if match:
        return match["company"].strip(), match["title"].strip()
    return text, None


def as_records(value: object) -> list[dict]:
    """A JSON list of objects, or an object keyed by id, as a list of dicts."""
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, dict)]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def entries(value: object, name: str, first_row: int) -> tuple[list[object], list[dict]]:
    """Every entry of a JSON list (or of an object keyed by id) of board rows, objects or not, and a skipped row
    (code ``not_a_record``) for each entry that is not an object: the ``name[i]`` entry is row ``first_row + i``,
    so every entry is counted."""
    found = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else []
    strays = [
        {"source_row": first_row + i, "column": f"{name}[{i}]", "value": _shown(v), "code": "not_a_record"}
        for i, v in enumerate(found)
        if not isinstance(v, dict)
    ]
    return found, strays


def _shown(value: object) -> str:
    """A JSON value as the rejects show it: short, and a list only by its length."""
    if isinstance(value, list):
        return f"a list of {len(value)} values"
    return json.dumps(value)[:80]


def get(record: object, *path: str) -> str | None:
    """``record[path[0]][path[1]]...`` as text, or None where a step is missing or the value is not a
    plain string or number (a board export written by another tool may put anything anywhere)."""
    for step in path:
        if not isinstance(record, dict):
            return None
        record = record.get(step)
    if isinstance(record, bool) or not isinstance(record, (str, int, float)):
        return None
    return str(record)


def guarded(read):
    """Wrap a board reader so that JSON of an unexpected shape is one clear LoadError."""

    def read_board(path: Path) -> list[RawTable]:
        try:
            return read(path)
        except (TypeError, AttributeError, KeyError, ValueError) as error:
            if isinstance(error, LoadError):
                raise
            raise LoadError(
                f"{path.name}: the JSON does not look like a board export this tool reads "
                f"({type(error).__name__}: {error})"
            ) from None

    return read_board


def object_id_time(identifier: object) -> str | None:
    """The creation time hidden in a 24-hex-digit object id (Trello and Huntr ids), as an ISO string."""
    if isinstance(identifier, str) and re.fullmatch(r"[0-9a-fA-F]{24}", identifier):
        return datetime.fromtimestamp(int(identifier[:8], 16), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def events_table(events: list[dict], skipped: list[dict], path: Path, format_name: str, total: int) -> RawTable:
    """A RawTable of events (``kind="events"``) from records with the standard event fields plus extras."""
    if not events and not skipped:
        raise LoadError(f"{path.name}: the board holds no jobs or cards")
    frame = pd.DataFrame.from_records(events) if events else pd.DataFrame(columns=[*EVENT_COLUMNS, "row"])
    for column in EVENT_COLUMNS:
        if column not in frame:
            frame[column] = None
    rows = frame.pop("row").to_numpy(dtype=np.int64)
    frame = frame.astype({c: "str" for c in frame.columns if c != "date"})
    skipped_frame = (
        pd.DataFrame.from_records(skipped, columns=["source_row", "column", "value", "code"]) if skipped else None
    )
    return RawTable(
        frame=frame.reset_index(drop=True),
        rows=rows,
        source_file=path.name,
        format=format_name,
        header_row=0,
        kind="events",
        skipped=skipped_frame,
        notes=[f"{total} records read; each move between lists is a dated stage"],
    )
