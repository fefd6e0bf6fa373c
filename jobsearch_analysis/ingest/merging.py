"""Matching the same applications across files (a LinkedIn archive and a status sheet, say) and combining them.

Two rows are the same application when they share a job id (the number in a LinkedIn or job-board URL), or
else the same company, the same title (or one of them has none) and application dates at most ``days`` apart.
Each row matches at most one row of the other file. A matched pair becomes one application: what one file
lacks, the other fills; stage dates and outcomes come from the file that records them (LinkedIn records
none); where both give different values the first file's value is kept and the difference is reported as a
conflict. Rows that match nothing stay applications of their own, and are counted in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.schema import STAGE_DTYPE

OUTCOME_COLUMNS = (
    "first_response_on",
    "screen_on",
    "interview_on",
    "offer_on",
    "furthest_stage",
    "outcome",
    "outcome_on",
    "feedback_requested",
    "feedback_received",
)
STAGE_DATES = ("first_response_on", "screen_on", "interview_on", "offer_on")
FILL_COLUMNS = (
    "job_title",
    "role_family",
    "industry",
    "location",
    "resume_version",
    "cover_letter",
    "interest",
    "notes",
    "job_url",
    "channel_detail",
)
CONFLICT_COLUMNS = ["source_file", "source_row", "other_file", "other_row", "column", "kept", "other"]
_JOB_ID = r"(\d{6,})(?!.*\d{6,})"


@dataclass
class Merged:
    """The combined applications and what happened to the second file's rows.

    frame       the applications: the first file's rows (with what the second added) and the second file's
                unmatched rows
    matched     how many of the second file's rows matched, per source file
    unmatched   how many of them matched nothing (kept as applications of their own), per source file
    conflicts   source_file, source_row, other_file, other_row, column, kept, other
    """

    frame: pd.DataFrame
    matched: pd.Series
    unmatched: pd.Series
    conflicts: pd.DataFrame


def job_key(frame: pd.DataFrame) -> pd.Series:
    """The numeric job id in a posting URL (LinkedIn's ``/jobs/view/3791234567/``), else missing."""
    if "job_url" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame["job_url"].astype("str").str.extract(_JOB_ID, expand=False).astype("str")


def _match_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """What two rows are matched on: client, job id, company and title words, application day."""
    return pd.DataFrame(
        {
            "position": np.arange(len(frame)),
            "client": frame["client_id"].to_numpy(),
            "job": job_key(frame).to_numpy(),
            "company": frame["company"].map(vocab.normalise_text).to_numpy(),
            "title": frame["job_title"].map(vocab.normalise_text, na_action="ignore").to_numpy(),
            "day": frame["applied_on"].to_numpy(),
        }
    )


def _pairs(base: pd.DataFrame, other: pd.DataFrame, days: int) -> pd.DataFrame:
    """Matched pairs (base position, other position), each row used at most once."""
    left = _match_keys(base).rename(columns={"position": "b"})
    right = _match_keys(other).rename(columns={"position": "o"})
    by_id = (
        left.dropna(subset=["job"])
        .merge(right.dropna(subset=["job"]), on=["client", "job"], suffixes=("", "_o"))[["b", "o"]]
        .assign(score=0.0)
    )
    by_name = left.merge(right, on=["client", "company"], suffixes=("", "_o"))
    gap = (by_name["day"] - by_name["day_o"]).abs().dt.days
    same_title = by_name["title"] == by_name["title_o"]
    no_title = by_name["title"].isna() | by_name["title_o"].isna()
    close = (gap <= days) & (same_title.fillna(False) | no_title)
    by_name = by_name.loc[close, ["b", "o"]].assign(score=1.0 + gap[close] + np.where(same_title[close], 0, 0.5))
    candidates = pd.concat([by_id, by_name], ignore_index=True).sort_values(["score", "o", "b"], kind="stable")
    # Greedy one-to-one: the best candidates first, each row of either file used once.
    chosen = candidates.drop_duplicates("o").drop_duplicates("b")
    return chosen[["b", "o"]].reset_index(drop=True)


def merge(base: pd.DataFrame, other: pd.DataFrame, *, days: int = 3) -> Merged:
    """Match ``other``'s rows onto ``base``'s and combine each matched pair into one application."""
    pairs = _pairs(base, other, days)
    b = base.iloc[pairs["b"]].reset_index(drop=True)
    o = other.iloc[pairs["o"]].reset_index(drop=True)
    combined = b.copy()
    conflicts: list[pd.DataFrame] = []

    def conflict(mask: pd.Series, column: str) -> None:
        if mask.any():
            conflicts.append(
                pd.DataFrame(
                    {
                        "source_file": b.loc[mask, "source_file"],
                        "source_row": b.loc[mask, "source_row"],
                        "other_file": o.loc[mask, "source_file"],
                        "other_row": o.loc[mask, "source_row"],
                        "column": column,
                        "kept": b.loc[mask, column].astype("string"),
                        "other": o.loc[mask, column].astype("string"),
                    }
                )
            )

    # Outcomes: from the file that records them.
    take = ~b["outcome_recorded"] & o["outcome_recorded"]
    for column in OUTCOME_COLUMNS:
        combined[column] = b[column].where(~take, o[column])
    both = b["outcome_recorded"] & o["outcome_recorded"]
    for column in STAGE_DATES:
        differ = both & b[column].notna() & o[column].notna() & (b[column] != o[column])
        conflict(differ, column)
        combined[column] = combined[column].where(~both | combined[column].notna(), o[column])
    open_base = both & (b["outcome"] == "open") & (o["outcome"] != "open")
    combined["outcome"] = combined["outcome"].where(~open_base, o["outcome"])
    combined["outcome_on"] = combined["outcome_on"].where(~open_base, o["outcome_on"])
    ended_differently = both & (b["outcome"] != "open") & (o["outcome"] != "open") & (b["outcome"] != o["outcome"])
    conflict(ended_differently, "outcome")
    furthest = np.maximum(combined["furthest_stage"].cat.codes, o["furthest_stage"].cat.codes.where(both, -1))
    combined["furthest_stage"] = pd.Categorical.from_codes(furthest, dtype=STAGE_DTYPE)
    combined["outcome_recorded"] = b["outcome_recorded"] | o["outcome_recorded"]
    conflict((b["applied_on"] != o["applied_on"]), "applied_on")

    # Descriptions: fill what the first file lacks.
    for column in FILL_COLUMNS:
        if column in o.columns:
            combined[column] = b[column].fillna(o[column]) if column in b.columns else o[column]
    combined["channel"] = b["channel"].where(b["channel"] != "unknown", o["channel"])
    for column in o.columns.difference(b.columns):
        combined[column] = o[column]

    positions = base.index[pairs["b"].to_numpy()]
    unmatched_base = base.drop(index=positions)
    parts = [frame for frame in (unmatched_base, combined.set_axis(positions)) if len(frame)]
    result = pd.concat(parts).sort_index(kind="stable") if parts else base
    leftover = other.drop(index=other.index[pairs["o"].to_numpy()])
    merged = pd.concat([result, leftover], ignore_index=True)
    matched = o["source_file"].value_counts()
    unmatched = leftover["source_file"].value_counts()
    conflicts_frame = pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS)
    return Merged(merged, matched, unmatched, conflicts_frame)
