"""Event logs: one row per stage change (an application id, or company and title; the stage; the date), in any
delimited format. The rows of one application are folded into one application whose stage dates come from
its history (see :mod:`jobsearch_analysis.ingest.history`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.dates import order_evidence, parse_dates
from jobsearch_analysis.ingest.formats import RawTable, Reader, spreadsheet, text_head
from jobsearch_analysis.ingest.vocab import header_role, normalise_text, resolve_status

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


HISTORY_SHARE = 0.2
"""Without a header that names events, a file is an event log when at least this share of its applications
(and at least one) has a history: several rows whose stages advance as their dates do."""

_RANKS = {"applied": 1, "screen": 2, "interview": 3, "offer": 4}
_ENDED = 5  # any ending: rejected, withdrawn, declined, no reply, hired


@dataclass(frozen=True)
class Evidence:
    """What a file's first rows say about being one row per stage change.

    applications    keys (application ids, else company and title) with a stage
    histories       keys on several rows that read as one application's history: the first row is a saved job or
                    an application, and the stages advance as the dates do
    contradictions  keys on several rows that cannot be one application: an id given to two companies, a stage
                    earlier than the one dated before it, a row dated after an ending, an application sent twice
    named           a header says events ("Event", "New stage", "Changed on", ...)
    """

    applications: int
    histories: int
    contradictions: int
    named: bool

    @property
    def verdict(self) -> str:
        """ "events", "rows" (one row per application), or "mixed" (the rows say both: ask, never fold)."""
        enough = self.histories >= max(1, HISTORY_SHARE * self.applications)
        if not self.contradictions:
            return "events" if enough or self.named else "rows"
        return "mixed" if enough or self.named else "rows"


def detect(path: Path, head: bytes) -> bool:
    """An event log only when its structure says so (:class:`Evidence`), never because keys repeat; rows that
    say both stop with a question rather than being folded."""
    rows = text_head(head)
    if len(rows) < 3:
        return False
    roles = _roles(rows[0])
    values = set(roles.values())
    dates = [h for h, r in roles.items() if r in DATE_ROLES | {"event_date"}]
    if "status" not in values or len(dates) != 1 or not ({"company", "application_id"} & values):
        return False
    evidence = evidence_of(rows, roles, dates[0])
    if evidence.verdict == "mixed":
        seen = (
            f"{_count(evidence.histories, 'application')} {'has' if evidence.histories == 1 else 'have'} rows "
            "whose stages advance with their dates, as in an event log"
            if evidence.histories
            else "the headers name events"
        )
        raise LoadError(
            f"{path.name}: cannot tell whether each row is an application or a stage change: {seen}, but "
            f"{_count(evidence.contradictions, 'application id' if 'application_id' in values else 'company')} "
            f"{'is' if evidence.contradictions == 1 else 'are'} on rows that cannot be one application's stages "
            "(a row dated after an ending, an earlier stage dated later, one id for two companies). Say which it "
            "is: format='events' (one row per stage change) or format='spreadsheet' (one row per application)",
            fixes={"format": "spreadsheet"},
        )
    return evidence.verdict == "events"


def evidence_of(rows: list[list[str]], roles: dict[str, str], date_header: str) -> Evidence:
    """:class:`Evidence` from the first rows of a delimited file (the header row first)."""
    named = bool({normalise_text(h) for h in rows[0]} & EVENT_WORDS)
    position = {h: i for i, h in enumerate(rows[0])}
    by_role = {role: header for header, role in roles.items()}
    width = max(len(r) for r in rows)
    body = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[1:] if any(c.strip() for c in r)])
    if body.empty:
        return Evidence(0, 0, 0, named)

    def cell(role: str) -> pd.Series:
        if role not in by_role:
            return pd.Series("", index=body.index, dtype="str")
        return body[position[by_role[role]]].astype("str").str.strip()

    company = cell("company")
    key = cell("application_id") if "application_id" in by_role else (company + "|" + cell("job_title"))
    stage = cell("status")
    usable = (key != "") & (stage != "")
    if not usable.any():
        return Evidence(0, 0, 0, named)
    words = stage[usable].map(normalise_text)
    rank = words.map({w: _rank(w) for w in words.unique()})
    events = pd.DataFrame({"key": key[usable], "word": words, "rank": rank})
    events["company"] = company[usable].map(normalise_text)
    dated = [_judged(events.assign(date=d)) for d in _date_readings(body[position[date_header]][usable])]
    histories, contradictions = min(dated, key=lambda found: found[1])  # the day/month order that fits best
    return Evidence(int(events["key"].nunique()), histories, contradictions, named)


def _judged(events: pd.DataFrame) -> tuple[int, int]:
    """(histories, contradictions) among the keys on several rows."""
    repeated = events.loc[events["key"].duplicated(keep=False)]
    distinct = repeated.drop_duplicates(["key", "company"])
    shared = pd.Index(distinct.loc[distinct["key"].duplicated(), "key"]).unique()  # one id, two companies
    dated = repeated.dropna(subset=["date"]).sort_values(["key", "date", "rank"], kind="stable")
    dated = dated.loc[dated["key"].duplicated(keep=False)]
    staged = dated.dropna(subset=["rank"])  # the stages that can be placed, in date order
    before = staged.shift()
    wrong = (staged["key"] == before["key"]) & (
        (staged["rank"] < before["rank"])  # an earlier stage dated after a later one
        | (before["rank"] == _ENDED)  # anything after an ending
        | ((staged["word"] == before["word"]) & (staged["rank"] <= _RANKS["applied"]))  # sent (or saved) twice
    )
    wrong = wrong.groupby(staged["key"]).any().reindex(dated["key"].unique(), fill_value=False)
    first = dated.drop_duplicates("key").set_index("key")["rank"].reindex(wrong.index)
    later = (
        dated.assign(unplaced=dated["rank"].isna())
        .groupby("key")
        .agg(top=("rank", "max"), unplaced=("unplaced", "any"))
        .reindex(wrong.index)
    )
    # A history starts with the application (or a saved job) and moves on: to a later stage, or to a stage
    # whose words nobody knows.
    moves = (later["top"] > first) | later["unplaced"]
    history = ~wrong & (first <= _RANKS["applied"]) & moves & ~wrong.index.isin(shared)
    return int(history.sum()), len(wrong.index[wrong].union(shared))


def _rank(word: str) -> float:
    """A stage wording's place along an application: 0 saved, 1 applied, 2 screen, 3 interview, 4 offer, 5 an
    ending; NaN for a word nobody knows."""
    status = resolve_status(word)
    if status is None:
        return np.nan
    if not status.applied:
        return 0
    if status.outcome != "open":
        return _ENDED
    return _RANKS.get(status.stage, np.nan)


def _date_readings(values: pd.Series) -> list[pd.Series]:
    """The dates as read in the day/month order the values show, or in both orders when they do not tell."""
    try:
        return [parse_dates(values, dayfirst=order_evidence(values).decided).dates]
    except ValueError:  # the order matters and nothing tells
        return [parse_dates(values, dayfirst=True).dates, parse_dates(values, dayfirst=False).dates]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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
