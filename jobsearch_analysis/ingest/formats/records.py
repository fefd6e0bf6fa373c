"""JSON records: an array of application objects (or an object holding one such array), as tracker apps and
scripts write them.

The keys are read with the header aliases, whatever their naming: ``companyName``, ``company_name`` and
``"company name"`` are the same words. A record may hold its status history, a list of ``{status, timestamp}``
objects under a key such as ``statusLog``, ``history`` or ``events``; then every status change is a dated stage
(an events table, folded into one application per record), else each record is one row. Status words written
in camelCase (``recruiterOutreach``) are read as words (``recruiter outreach``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import RawTable, Reader
from jobsearch_analysis.ingest.formats.boards import events_table, read_json
from jobsearch_analysis.ingest.vocab import header_role, normalise_header

_JSON_START = re.compile(rb"^\s*(\[\s*[\[\]{\"]|\{\s*[\"}])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")
HISTORY_KEYS = ("status log", "status history", "history", "events", "activities", "activity", "timeline", "log")
STATUS_KEYS = ("status", "stage", "state", "new status", "to status", "to stage", "to", "name", "event", "step")
TIME_KEYS = ("timestamp", "date", "time", "at", "when", "created at", "changed at", "updated at", "created", "on")
STAGE_ROLES = {
    "status",
    "status_on",
    "applied_on",
    "first_response_on",
    "screen_on",
    "interview_on",
    "offer_on",
    "rejected_on",
    "hired_on",
    "withdrawn_on",
    "declined_on",
    "ghosted_on",
    "outcome",
    "outcome_on",
    "furthest_stage",
}
"""Roles that a status history settles: in an events table they stay columns of the user's own."""


def spaced_words(value: object) -> str:
    """camelCase written as words: ``recruiterOutreach`` -> ``recruiter Outreach``, ``interview2`` ->
    ``interview 2``; anything else unchanged."""
    return _CAMEL.sub(" ", str(value))


def key_words(key: str) -> str:
    """A JSON key as the words a header alias is written in (``statusLog`` -> ``status log``)."""
    return normalise_header(spaced_words(key))


def key_role(key: str) -> str | None:
    found = header_role(spaced_words(key))
    return None if found is None else found[0]


def detect(path: Path, head: bytes) -> bool:
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    return path.suffix.lower() == ".json" or bool(_JSON_START.match(body))


# ------------------------------------------------------------------------------------------- structure
def _is_records(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _known_keys(records: list[dict]) -> set[str]:
    """The keys of the first records that name a role, and the key of their status history."""
    sample = records[:200]
    known = {k for k in {k for r in sample for k in r} if key_role(k) is not None}
    history = _history_key(sample)
    return known | ({history} if history else set())


def find_records(data: object, name: str) -> tuple[list[dict], str]:
    """The application records and where they are (``""`` for a top-level array, else the key holding them);
    a clear LoadError saying what was found when the JSON is not a list of application records."""
    if isinstance(data, dict):
        arrays = {k: v for k, v in data.items() if _is_records(v)}
        if not arrays:
            keys = ", ".join(repr(k) for k in list(data)[:10]) or "none"
            raise LoadError(
                f"{name}: a JSON object (keys {keys}) holding no array of application records; "
                "not a Huntr or Trello board export either"
            )
        where, records = max(arrays.items(), key=lambda item: len(_known_keys(item[1])))
    elif _is_records(data):
        where, records = "", data
    else:
        what = "an empty JSON array" if data == [] else f"JSON holding {type(data).__name__} values"
        if isinstance(data, list):
            kinds = sorted({type(v).__name__ for v in data})
            what = what if not data else f"a JSON array of {len(data)} values ({', '.join(kinds)}), not objects"
        raise LoadError(f"{name}: {what}; expected an array of application records (or a Huntr or Trello board)")
    if not _known_keys(records):
        keys = ", ".join(repr(k) for k in sorted({k for r in records[:200] for k in r})[:10])
        raise LoadError(
            f"{name}: a JSON array of {len(records)} objects whose keys ({keys}) name no company, job title, date "
            "or status this tool knows; not application records, nor a Huntr or Trello board export"
        )
    return records, where


def _entry_keys(entries: list[dict]) -> tuple[str, str] | None:
    """The status key and the time key of a history's entries, when they have both."""
    keys = {k for e in entries for k in e}
    status = next((k for k in keys if key_words(k) in STATUS_KEYS or key_role(k) == "status"), None)
    when = next((k for k in keys if key_words(k) in TIME_KEYS), None)
    when = when or next((k for k in keys if (key_role(k) or "").endswith("_on")), None)
    return (status, when) if status and when else None


def _history_key(records: list[dict]) -> str | None:
    """The key holding each record's status history: a list of objects with a status and a time."""
    candidates = []
    for key in {k for r in records for k, v in r.items() if _is_records(v)}:
        entries = [e for r in records if _is_records(r.get(key)) for e in r[key]]
        if _entry_keys(entries):
            candidates.append((key_words(key) not in HISTORY_KEYS, key))
    return min(candidates)[1] if candidates else None


def _flat(record: dict) -> dict[str, object]:
    """A record's plain values, one level of nested objects as ``parent.child``; lists are left out."""
    flat: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, item in value.items():
                if not isinstance(item, (dict, list)):
                    flat[f"{key}.{inner}"] = item
        elif not isinstance(value, list):
            flat[key] = value
    return flat


# ------------------------------------------------------------------------------------------- reading
def read(path: Path) -> list[RawTable]:
    records, where = find_records(read_json(path), path.name)
    prefix = where
    history = _history_key(records)
    flat = [_flat(r) for r in records]
    keys = list(dict.fromkeys(k for r in flat for k in r))
    roles = {k: r for k in keys if (r := key_role(k)) is not None}
    found = f"{len(records)} records" + (f" under {where!r}" if where else "")
    if history is None:
        texts = [{k: _text(v) for k, v in r.items()} for r in flat]
        frame = pd.DataFrame.from_records(texts, columns=keys).astype("str")
        for key in [k for k, r in roles.items() if r == "status"]:  # "phoneScreen" is "phone Screen"
            frame[key] = frame[key].str.replace(_CAMEL, " ", regex=True)
        table = RawTable(
            frame=frame,
            rows=np.arange(1, len(frame) + 1, dtype=np.int64),
            source_file=path.name,
            format="json-records",
            header_row=0,
            mapping=roles,
            notes=[f"{found}, one application each (no status history); rows are the records' numbers"],
        )
        return [table]
    events = _events(records, flat, keys, roles, (history, prefix))
    table = events_table(events, [], path, "json-records", len(records))
    table.mapping = {k: r for k, r in roles.items() if r not in STAGE_ROLES or r in ("applied_on", "status")}
    table.mapping |= _history_mapping(records, history)
    table.notes = [f"{found}; each entry of {history!r} is a dated stage (a status word and its time)"]
    return [table]


def _history_mapping(records: list[dict], history: str) -> dict[str, str]:
    entries = [e for r in records if _is_records(r.get(history)) for e in r[history]]
    status, when = _entry_keys(entries)
    return {f"{history}[].{status}": "stage", f"{history}[].{when}": "date"}


def _extras(keys: list[str], roles: dict[str, str], by_role: dict[str, str]) -> dict[str, str]:
    """The records' other values as columns of the events: a descriptive role's first key under the role's
    name (``jobUrl`` -> ``job_url``), anything else under its own key."""
    extras = {}
    for key in keys:
        role = roles.get(key)
        if role in ("status", *_STANDARD.values()) or (role in ("applied_on", "status_on") and by_role[role] == key):
            continue
        name = role if role and role not in STAGE_ROLES and by_role[role] == key else key
        extras[key] = f"{name} (record)" if name in ("key", "stage", "date", "where", "row") else name
    return extras


_STANDARD = {"key": "application_id", "company": "company", "job_title": "job_title"}


def _events(records: list[dict], flat: list[dict], keys: list[str], roles: dict, place: tuple) -> list[dict]:
    """One event per status change; a record with no history is one event: its status (or "applied") on its
    application date. A record's own application date is an "applied" event before its history."""
    history, prefix = place
    by_role: dict[str, str] = {}
    for key, role in roles.items():
        by_role.setdefault(role, key)
    standard = _STANDARD
    extras = _extras(keys, roles, by_role)
    events, number = [], 0
    for index, (record, values) in enumerate(zip(records, flat, strict=True)):
        base = {name: _text(values.get(by_role.get(role))) for name, role in standard.items()}
        base |= {name: _text(values.get(key)) for key, name in extras.items()}
        place = f"{prefix}[{index}]"
        entries = record.get(history) if _is_records(record.get(history)) else []
        changes = []
        if entries:
            status, when = _entry_keys(entries)
            changes = [(e.get(status), e.get(when), f"{place}.{history}[{j}]") for j, e in enumerate(entries)]
        changes = _own_events(values, by_role, changes, place)
        for stage, when, where in changes:
            number += 1
            stage = None if stage is None else spaced_words(stage)
            events.append(base | {"stage": stage, "date": _text(when), "where": where, "row": number})
    return events


def _own_events(values: dict, by_role: dict[str, str], changes: list[tuple], place: str) -> list[tuple]:
    """The record's application date as an "applied" event before its history; without a history, its
    status is an event too, dated by its status date if it has one, else by its application date."""
    applied, status = values.get(by_role.get("applied_on")), values.get(by_role.get("status"))
    own = [("applied", applied, place)] if applied not in (None, "") else []
    if not changes and status not in (None, ""):
        status_on = values.get(by_role.get("status_on"))
        own.append((status, applied if status_on in (None, "") else status_on, f"{place}.{by_role['status']}"))
    return own + changes if own or changes else [("applied", None, place)]


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


READERS = (
    Reader(
        "json-records",
        "JSON records: an array of application objects, with or without a status history",
        detect,
        read,
    ),
)
