"""Stage histories (event logs, Huntr and Trello moves) folded into one row per application.

History beats current status: every stage an application passed through keeps its first date, so a card that
reached "Interview" and was then moved to "Rejected" keeps ``interview_on`` and ends at furthest stage
interview. The folding is vectorised: one groupby over all events, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.dates import parse_dates
from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.ingest.formats.records import spaced_words
from jobsearch_analysis.ingest.readers import decide_orders
from jobsearch_analysis.schema import DATE_DTYPE

STANDARD = ("key", "company", "job_title", "stage", "date", "where")
_ENDING_COLUMNS = {
    "rejected": "rejected_on",
    "withdrawn": "withdrawn_on",
    "declined": "declined_on",
    "ghosted": "ghosted_on",
    "hired": "hired_on",
}


@dataclass
class Folded:
    """Applications built from events, with the events that could not be used.

    table     one row per application, wide layout (stage dates as columns), ready for reading
    issues    events that could not be used or are not part of any application (one issue per event)
    folded    how many events went into an application beyond its first
    """

    table: RawTable
    issues: pd.DataFrame
    folded: int


@dataclass
class Events:
    """The events being folded: the table, the cleaned words, the rows still usable, and issues so far."""

    table: RawTable
    text: dict[str, pd.Series]
    ok: pd.Series
    found: list[pd.DataFrame]

    def flag(self, code: str, mask: pd.Series, column: str, values: pd.Series | None = None) -> None:
        """One issue per event of ``mask`` (an event with several problems is reported for the first)."""
        mask = mask & ~self.reported()
        if not mask.any():
            return
        events = self.table.frame
        where = events.loc[mask, "where"].astype("str") + "." + column if "where" in events else column
        shown = None if values is None else values[mask].astype("string").fillna("")
        rows = self.table.rows[np.flatnonzero(mask.to_numpy())]
        self.found.append(issue.issues(code, self.table.source_file, rows, where, shown))

    def reported(self) -> pd.Series:
        rows = [f["source_row"] for f in self.found]
        done = pd.concat(rows) if rows else pd.Series([], dtype="int64")
        return pd.Series(np.isin(self.table.rows, done.to_numpy()), index=self.table.frame.index)


def fold(table: RawTable, *, statuses: dict[str, str] | None, dayfirst: bool | None) -> Folded:
    """Fold a table of events (``kind="events"``) into applications."""
    frame = table.frame
    events = Events(table, {c: _clean(frame[c]) for c in ("key", "company", "job_title", "stage")},
                    pd.Series(True, index=frame.index), [])  # fmt: skip
    if table.too_wide is not None and table.too_wide.any():
        wide = pd.Series(table.too_wide, index=frame.index)
        events.flag("too_wide", wide, "(whole row)")
        events.ok &= ~wide
    dates, order = _event_dates(events, dayfirst)
    known = _event_stages(events, statuses)
    key = _event_keys(events)
    valid = _valid_events(events, key, dates, known)
    wide, first_row = _stage_dates(valid)
    wide = _descriptions(events, key, wide)
    order_rows = first_row.reindex(wide.index).to_numpy()
    position = np.argsort(order_rows, kind="stable")
    folded_table = RawTable(
        frame=wide.iloc[position].reset_index(drop=True),
        rows=order_rows[position].astype(np.int64),
        source_file=table.source_file,
        format=table.format,
        header_row=table.header_row,
        notes=list(table.notes) + ([f"event dates read {order.words}"] if order.words else []),
        mapping={},
        dayfirst=order.dayfirst,
        constants=table.constants,
        outcome_recorded=table.outcome_recorded,
        group=table.group,
    )
    found = issue.combine(events.found)
    return Folded(folded_table, found, int(len(frame) - len(wide) - len(found)))


@dataclass(frozen=True)
class _Order:
    dayfirst: bool | None
    words: str | None


def _event_dates(events: Events, dayfirst: bool | None) -> tuple[pd.Series, _Order]:
    """The events' dates, read by the same day/month decision as any date column."""
    table = events.table
    header = next((h for h, r in table.mapping.items() if r == "date"), "date")
    orders = decide_orders({header: table.frame["date"]}, source_file=table.source_file, dayfirst=dayfirst,
                           preset=table.dayfirst, preset_how=f"the order {table.format} exports use")  # fmt: skip
    order = orders[header]
    parsed = parse_dates(table.frame["date"], dayfirst=order.dayfirst)
    no_date = parsed.dates.isna() & ~parsed.invalid
    events.flag("not_a_date", parsed.invalid, "date", table.frame["date"])
    events.flag("event_without_date", no_date, "date", table.frame["date"])
    events.ok &= ~(parsed.invalid | no_date)
    return parsed.dates, _Order(order.dayfirst, parsed.order)


def _event_stages(events: Events, statuses: dict[str, str] | None) -> dict:
    """Each stage wording's meaning; events with a wording nobody knows, or none, are errors."""
    words = events.text["stage"]
    if statuses:  # a reader may write camelCase stages as words: the user's "recruiterOutreach" names them too
        statuses = {spaced_words(k): v for k, v in statuses.items()} | dict(statuses)
    found = {v: vocab.resolve_status(v, statuses) for v in words.dropna().unique()}
    known = {v: s for v, s in found.items() if s is not None}
    unknown = words.notna() & ~words.isin(list(known))
    events.flag("unknown_stage", events.ok & unknown, "stage", words)
    events.flag("event_without_stage", events.ok & words.isna(), "stage", words)
    events.ok &= ~(unknown | words.isna())
    return known


def _event_keys(events: Events) -> pd.Series:
    """Which application an event belongs to: its id, else its company and title."""
    text = events.text
    company = text["company"].map(vocab.normalise_text, na_action="ignore").astype("str")
    title = text["job_title"].fillna("").map(vocab.normalise_text).astype("str")
    key = text["key"].fillna(company + "|" + title)
    no_key = events.ok & key.isna()
    events.flag("no_key", no_key, "company", text["company"])
    events.ok &= ~no_key
    return key


def _valid_events(events: Events, key: pd.Series, dates: pd.Series, known: dict) -> pd.DataFrame:
    """The usable events in application and date order; applications never sent (only "saved") are
    skipped."""
    ok, words, rows = events.ok, events.text["stage"], pd.Series(events.table.rows, index=events.ok.index)
    valid = pd.DataFrame(
        {
            "key": key[ok],
            "row": rows[ok],
            "date": dates[ok],
            "stage": words[ok].map({v: s.stage for v, s in known.items()}),
            "outcome": words[ok].map({v: s.outcome for v, s in known.items()}),
            "applied": words[ok].map({v: s.applied for v, s in known.items()}).astype(bool),
        }
    )
    valid = valid.sort_values(["key", "date", "row"], kind="stable")
    ever_applied = valid.groupby("key", sort=False)["applied"].transform("any")
    never_sent = pd.Series(ok.index.isin(valid.index[~ever_applied.to_numpy()]), index=ok.index)
    events.flag("never_applied", never_sent, "stage", words)
    return valid.loc[ever_applied]


def _stage_dates(valid: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """One row per application: the first date of each stage, the ending it last reached, and the row of
    its first event."""
    sent = valid.loc[valid["applied"]]
    by_key = sent.groupby("key", sort=False)
    wide = pd.DataFrame({"applied_on": by_key["date"].min()})
    for stage in ("screen", "interview", "offer"):
        wide[f"{stage}_on"] = sent.loc[sent["stage"] == stage].groupby("key")["date"].min()
    last = sent.drop_duplicates("key", keep="last").set_index("key")
    for outcome, column in _ENDING_COLUMNS.items():
        wide[column] = last["date"].where(last["outcome"] == outcome)
    # Hired is an ending reached once; keep its first date even if the card moved on afterwards.
    wide["hired_on"] = wide["hired_on"].fillna(sent.loc[sent["outcome"] == "hired"].groupby("key")["date"].min())
    return wide.astype(DATE_DTYPE), by_key["row"].min()


def _descriptions(events: Events, key: pd.Series, wide: pd.DataFrame) -> pd.DataFrame:
    """Descriptive columns: the first value given for the application, in file order."""
    frame, ok = events.table.frame, events.ok
    info = frame.loc[ok].assign(key=key[ok], row=events.table.rows[np.flatnonzero(ok.to_numpy())])
    info = info.sort_values("row", kind="stable")
    info = info.loc[info["key"].isin(wide.index)]
    descriptive = [c for c in frame.columns if c not in ("key", "stage", "date", "where")]
    firsts = info.groupby("key", sort=False)[descriptive].first() if descriptive else pd.DataFrame(index=wide.index)
    if "key" in frame and events.text["key"].notna().any():
        wide.insert(0, "application_id", pd.Series(wide.index, index=wide.index, dtype="str"))
    return wide.join(firsts)


def _clean(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text == "").astype("str")
