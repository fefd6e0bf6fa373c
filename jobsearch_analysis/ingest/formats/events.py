"""Event logs: one row per stage change (an application id, or company and title; the stage; the date), in any
delimited format. The rows of one application are folded into one application whose stage dates come from
its history (see :mod:`jobsearch_analysis.ingest.history`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import RawTable, Reader, spreadsheet, text_head
from jobsearch_analysis.ingest.vocab import header_role, normalise_text

DATE_ROLES = {"applied_on", "status_on", "first_response_on", "outcome_on"}
EVENT_WORDS = {
    "event",
    "event type",
    "event date",
    "changed on",
    "new stage",
    "new status",
    "to stage",
    "stage change",
    "moved to",
}


def _roles(headers: list[str]) -> dict[str, str]:
    found = {}
    for header in headers:
        role = header_role(header)
        key = normalise_text(header)
        if key in ("event date", "changed on", "timestamp", "when"):
            role = ("event_date", 0)
        elif key in ("event", "event type", "new stage", "new status", "to stage", "moved to", "stage change"):
            role = ("status", 0)
        if role is not None and role[0] not in found.values():
            found[header] = role[0]
    return found


def detect(path: Path, head: bytes) -> bool:
    rows = text_head(head)
    if len(rows) < 3:
        return False
    roles = _roles(rows[0])
    values = set(roles.values())
    dates = [h for h, r in roles.items() if r in DATE_ROLES | {"event_date"}]
    if "status" not in values or len(dates) != 1 or not ({"company", "application_id"} & values):
        return False
    if {normalise_text(h) for h in rows[0]} & EVENT_WORDS:
        return True
    # Otherwise an application that appears on several rows with different stages says it is a log of events.
    position = {h: i for i, h in enumerate(rows[0])}
    key_headers = [h for h, r in roles.items() if r in ("application_id",)] or [
        h for h, r in roles.items() if r in ("company", "job_title")
    ]
    status_header = next(h for h, r in roles.items() if r == "status")
    width = max(len(r) for r in rows)
    body = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[1:] if any(c.strip() for c in r)])
    if body.empty:
        return False
    keys = body[[position[h] for h in key_headers]].astype(str).agg("|".join, axis=1).str.strip("| ")
    stages = body[position[status_header]].astype(str).str.strip()
    usable = (keys != "") & (stages != "")
    per_key = stages[usable].groupby(keys[usable]).nunique()
    if per_key.empty:
        return False
    return bool((per_key > 1).sum() >= max(1, 0.2 * len(per_key)))


def read(path: Path) -> list[RawTable]:
    tables = spreadsheet.read(path)
    out = []
    for table in tables:
        roles = _roles(list(table.frame.columns))
        by_role = {role: header for header, role in roles.items()}
        date_header = by_role.get("event_date") or next((h for h, r in roles.items() if r in DATE_ROLES), None)
        if date_header is None or "status" not in by_role:  # the file read differently from its first lines
            shown = ", ".join(repr(h) for h in list(table.frame.columns)[:15])
            raise LoadError(
                f"{table.source_file}: read as an event log, but it has no stage and date columns. Headers found: "
                f"{shown}. Give the format with format='spreadsheet' if it is not one.",
                fixes={"format": "spreadsheet"},
            )
        standard = {
            "key": by_role.get("application_id"),
            "company": by_role.get("company"),
            "job_title": by_role.get("job_title"),
            "stage": by_role.get("status"),
            "date": date_header,
        }
        frame = pd.DataFrame(index=table.frame.index)
        for name, header in standard.items():
            frame[name] = table.frame[header] if header else pd.Series(pd.NA, index=table.frame.index, dtype="str")
        used = {h for h in standard.values() if h}
        for header in table.frame.columns:
            if header not in used:
                frame[header] = table.frame[header]
        table.frame = frame
        table.kind = "events"
        table.format = "events"
        table.mapping = {header: name for name, header in standard.items() if header}
        table.notes.append(f"one row per stage change: {standard['stage']!r} is the stage and {date_header!r} its date")
        out.append(table)
    return out


READERS = (Reader("events", "an event log: one row per stage change", detect, read),)
