"""Stage histories (event logs, Huntr and Trello moves) folded into one row per application.

History beats current status: every stage an application passed through keeps its first date, so a card that
reached "Interview" and was then moved to "Rejected" keeps ``interview_on`` and ends at furthest stage
interview. The folding is vectorised: one groupby over all events, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.dates import order_evidence, parse_dates
from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.schema import DATE_DTYPE, STAGES

ROW_PROBLEM_COLUMNS = ["source_row", "column", "value", "reason"]
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

    table     one row per application, wide layout (stage dates as columns), ready for normalising
    problems  events that could not be used: source_row, column, value, reason
    skipped   events that are not part of any application: source_row, column, value, reason
    folded    how many events went into an application beyond its first
    notes     what the summary should say
    """

    table: RawTable
    problems: pd.DataFrame
    skipped: pd.DataFrame
    folded: int
    notes: list[str]


def _where(frame: pd.DataFrame, column: str) -> pd.Series:
    if "where" in frame:
        return frame["where"].astype("str") + "." + column
    return pd.Series(column, index=frame.index, dtype="str")


def fold(table: RawTable, *, statuses: dict[str, str] | None, dayfirst: bool | None) -> Folded:
    """Fold a table of events (``kind="events"``) into applications."""
    events = table.frame
    rows = pd.Series(table.rows, index=events.index)
    problems: list[pd.DataFrame] = []
    skipped: list[pd.DataFrame] = []
    notes = list(table.notes)

    def report(mask: pd.Series, column: str, values: pd.Series, reason, into: list) -> None:
        if mask.any():
            into.append(
                pd.DataFrame(
                    {
                        "source_row": rows[mask].to_numpy(),
                        "column": _where(events.loc[mask], column).to_numpy() if "where" in events else column,
                        "value": values[mask].astype("string").fillna("").to_numpy(),
                        "reason": reason[mask].to_numpy() if isinstance(reason, pd.Series) else reason,
                    }
                )
            )

    text = {c: _clean(events[c]) for c in ("key", "company", "job_title", "stage")}
    if table.too_wide is not None and table.too_wide.any():
        wide = pd.Series(table.too_wide, index=events.index)
        report(
            wide,
            "(whole row)",
            pd.Series("", index=events.index),
            "the row has more cells than there are headers (a comma inside a value? put the value in quotes)",
            problems,
        )
    else:
        wide = pd.Series(False, index=events.index)
    # Dates: the same rules as any date column (order decided from the values, or asked for).
    order = dayfirst if dayfirst is not None else table.dayfirst
    evidence = order_evidence(events["date"])
    if order is None:
        if evidence.conflicting:
            raise LoadError(
                f"{table.source_file}: the event dates mix day-first ({evidence.dayfirst_example!r}) "
                f"and month-first ({evidence.monthfirst_example!r}) dates; pass dayfirst=True or False"
            )
        order = evidence.decided
        if order is None and evidence.ambiguous:
            raise LoadError(
                f"{table.source_file}: cannot tell whether the event dates are day-first or "
                "month-first; pass dayfirst=True or dayfirst=False (--dayfirst / --monthfirst)"
            )
    parsed = parse_dates(events["date"], dayfirst=order)
    if parsed.order:
        notes.append(f"event dates read {parsed.order}")
    dates = parsed.dates
    bad_date = parsed.invalid
    no_date = dates.isna() & ~bad_date
    report(bad_date & ~wide, "date", events["date"], "not a date", problems)
    report(no_date & ~wide, "date", events["date"], "an event without a date", problems)

    lookup = {v: vocab.resolve_status(v, statuses) for v in text["stage"].dropna().unique()}
    known = {v: s for v, s in lookup.items() if s is not None}
    stage_words = text["stage"]
    unknown = stage_words.notna() & ~stage_words.isin(list(known))
    no_stage = stage_words.isna()
    ok = ~(bad_date | no_date | wide)
    report(
        ok & unknown,
        "stage",
        stage_words,
        "a stage we do not know (say what it means with statuses={WORD: STAGE}, --status 'WORD=STAGE', where "
        "STAGE is applied, phone screen, interview, offer, rejected, ..., or saved for jobs not applied for)",
        problems,
    )
    report(ok & no_stage, "stage", stage_words, "an event without a stage", problems)
    ok &= ~(unknown | no_stage)

    company_words = text["company"].map(vocab.normalise_text, na_action="ignore").astype("str")
    title_words = text["job_title"].fillna("").map(vocab.normalise_text).astype("str")
    key = text["key"].fillna(company_words + "|" + title_words)
    no_key = ok & key.isna()
    report(no_key, "company", text["company"], "no application id and no company: which application is this?", problems)
    ok &= ~no_key

    valid = pd.DataFrame(
        {
            "key": key[ok],
            "row": rows[ok],
            "date": dates[ok],
            "stage": stage_words[ok].map({v: s.stage for v, s in known.items()}),
            "outcome": stage_words[ok].map({v: s.outcome for v, s in known.items()}),
            "applied": stage_words[ok].map({v: s.applied for v, s in known.items()}).astype(bool),
        }
    )
    valid = valid.assign(code=valid["stage"].map(STAGES.index).astype(int))
    valid = valid.sort_values(["key", "date", "row"], kind="stable")
    grouped = valid.groupby("key", sort=False)

    # Applications that never got past "saved" are not applications.
    ever_applied = grouped["applied"].transform("any")
    never_sent = pd.Series(events.index.isin(valid.index[~ever_applied.to_numpy()]), index=events.index)
    report(never_sent, "stage", stage_words, "a saved job that was never applied for", skipped)
    valid = valid.loc[ever_applied]
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
    wide = wide.astype(DATE_DTYPE)
    first_row = by_key["row"].min()

    # Descriptive columns: the first value given for the application, in file order.
    info = events.loc[ok].assign(key=key[ok], row=rows[ok]).sort_values("row", kind="stable")
    info = info.loc[info["key"].isin(wide.index)]
    descriptive = [c for c in events.columns if c not in ("key", "stage", "date", "where")]
    firsts = info.groupby("key", sort=False)[descriptive].first() if descriptive else pd.DataFrame(index=wide.index)
    if "key" in events and text["key"].notna().any():
        wide.insert(0, "application_id", pd.Series(wide.index, index=wide.index, dtype="str"))
    wide = wide.join(firsts)
    order_rows = first_row.reindex(wide.index).to_numpy()
    position = np.argsort(order_rows, kind="stable")
    wide = wide.iloc[position].reset_index(drop=True)

    folded_table = RawTable(
        frame=wide,
        rows=order_rows[position].astype(np.int64),
        source_file=table.source_file,
        format=table.format,
        header_row=table.header_row,
        notes=notes,
        mapping={},
        dayfirst=order,
        constants=table.constants,
        outcome_recorded=table.outcome_recorded,
        group=table.group,
    )
    problems_frame = _frame(problems)
    skipped_frame = _frame(skipped)
    folded = len(events) - len(wide) - len(problems_frame) - len(skipped_frame)
    return Folded(folded_table, problems_frame, skipped_frame, int(folded), notes)


def _clean(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text == "").astype("str")


def _frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "source_row" else "str") for c in ROW_PROBLEM_COLUMNS})
    frame = pd.concat(parts, ignore_index=True)
    # One line per event: an event with two problems is one rejected row.
    return frame.drop_duplicates("source_row", keep="first").astype({"source_row": "int64"})
