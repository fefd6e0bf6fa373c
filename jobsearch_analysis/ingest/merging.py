"""Matching the same applications across files (a LinkedIn archive and a status sheet, say) and combining them.

Two rows are the same application when they share a job id (the number in a LinkedIn or job-board URL), or
else the same company, the same title (or one of them has none) and application dates at most ``days`` apart.
Each row matches at most one row of the other file. A matched pair becomes one application: what one file
lacks, the other fills; stage dates and outcomes come from the file that records them (LinkedIn records
none); where both give different values the first file's value is kept and the difference is reported as a
conflict. Rows that match nothing stay applications of their own, and are counted in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.formats import RawTable
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
_TRACKING = r"(?:^|&)(?:utm_|trk|ref|tracking|src=|source=|gclid=|fbclid=|lipi=|original|ebp=|position=|pagenum=)[^&]*"
_LINKEDIN_JOB = r"linkedin\.[a-z.]+/(?:.*/)?jobs/view/(?:[^/?]*-)?(\d+)|linkedin\.[a-z.]+/.*[?&]currentjobid=(\d+)"


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


def link_key(urls: pd.Series) -> pd.Series:
    """A job link as it is compared: no scheme, no ``www.``, no fragment, no trailing slash, no tracking
    parameters (``utm_*``, ``trk``, ``refId``, ...), lower case; a LinkedIn job is its numeric id
    (``linkedin.com/jobs/view/3791234567``, whether the link was ``/jobs/view/3791234567/?trk=...``,
    ``/jobs/view/data-analyst-at-acme-3791234567`` or ``/jobs/search/?currentJobId=3791234567``)."""
    text = urls.astype("str").str.strip().str.lower()
    text = text.str.replace(r"^[a-z][a-z0-9+.-]*://", "", regex=True).str.replace(r"^www\.", "", regex=True)
    text = text.str.replace(r"#.*$", "", regex=True)
    path = text.str.replace(r"\?.*$", "", regex=True).str.rstrip("/")
    query = text.str.extract(r"\?(.*)$", expand=False).fillna("")
    query = query.str.replace(_TRACKING, "", regex=True).str.strip("&")
    key = path.where(query == "", path + "?" + query)
    linkedin = text.str.extract(_LINKEDIN_JOB)
    linkedin_id = linkedin[0].fillna(linkedin[1])
    key = key.where(linkedin_id.isna(), "linkedin.com/jobs/view/" + linkedin_id)
    return key.mask(key == "").astype("str")


def job_key(frame: pd.DataFrame) -> pd.Series:
    """The numeric job id in a posting link (LinkedIn's ``/jobs/view/3791234567/``), else missing; read from
    the link without its tracking parameters, so a tracking number is never taken for the job's."""
    if "job_url" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    return link_key(frame["job_url"]).str.extract(_JOB_ID, expand=False).astype("str")


def links(frame: pd.DataFrame) -> pd.Series:
    """Each row's :func:`link_key` (missing where it has no link)."""
    if "job_url" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    return link_key(frame["job_url"])


def _match_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """What two rows are matched on: client, job id, company and title words, application day."""
    return pd.DataFrame(
        {
            "position": np.arange(len(frame)),
            "client": frame["client_id"].to_numpy(),
            "job": job_key(frame).to_numpy(),
            "link": links(frame).to_numpy(),
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
    by_link = (
        left.dropna(subset=["link"])
        .merge(right.dropna(subset=["link"]), on=["client", "link"], suffixes=("", "_o"))[["b", "o"]]
        .assign(score=0.0)
    )
    by_name = left.merge(right, on=["client", "company"], suffixes=("", "_o"))
    gap = (by_name["day"] - by_name["day_o"]).abs().dt.days
    same_title = by_name["title"] == by_name["title_o"]
    no_title = by_name["title"].isna() | by_name["title_o"].isna()
    close = (gap <= days) & (same_title.fillna(False) | no_title)
    by_name = by_name.loc[close, ["b", "o"]].assign(score=1.0 + gap[close] + np.where(same_title[close], 0, 0.5))
    candidates = pd.concat([by_id, by_link, by_name], ignore_index=True).sort_values(["score", "o", "b"], kind="stable")
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


# ------------------------------------------------------------------------------------------ sheets of links
def link_header(table: RawTable, mapping: dict[str, str]) -> str | None:
    """The job-link header of a sheet keyed by job link alone (a job link and no company column), else None."""
    from jobsearch_analysis.ingest.applications import APPLICATIONS
    from jobsearch_analysis.ingest.pipeline import assign_roles

    if table.kind != "rows" or "company" in table.constants:
        return None
    headers = [str(h) for h in table.frame.columns]
    preset = {
        h: r
        for k, r in table.mapping.items()
        for h in headers
        if vocab.normalise_header(h) == vocab.normalise_header(k)
    }
    roles = assign_roles(headers, preset | dict(mapping), replace(APPLICATIONS, required=()), table.source_file)
    if "company" in roles.values():
        return None
    return next((h for h, r in roles.items() if r == "job_url"), None)


def by_link(table: RawTable, header: str, earlier: pd.DataFrame | None) -> RawTable:
    """A sheet keyed by job link, each row given the company, title and application date of the earlier
    application its link points to (see :func:`link_key`); rows whose link matches none are errors."""
    name = table.source_file
    if earlier is None:  # the usual message, and how a sheet of links is used
        from jobsearch_analysis.ingest.applications import missing_columns

        usual = missing_columns([str(h) for h in table.frame.columns], ["company"], name)
        raise LoadError(
            f"{usual} If its rows are keyed by job link alone ({header!r}), load it after the file those links "
            f"come from, such as LinkedIn's: load(['Job Applications.csv', {name!r}])",
            fixes=usual.fixes,
        )
    known = earlier.assign(link=links(earlier)).dropna(subset=["link"]).drop_duplicates("link").set_index("link")
    keys = link_key(table.frame[header])
    hit = keys.isin(known.index)
    cells = table.frame.astype("string").apply(lambda column: column.str.strip()).fillna("")
    blank = (cells == "").all(axis=1)  # blank rows are the pipeline's to skip
    if not hit.any():
        raise LoadError(
            f"{name}: has no company column, so its rows are matched by job link ({header!r}) to the "
            f"applications of the files loaded before it, and none of its {int((~blank).sum())} links matches "
            "one (links are compared without tracking parameters; a LinkedIn job by its number)"
        )
    keep = hit | blank
    found = known.reindex(keys[keep])
    added = {
        "company (by job link)": ("company", found["company"]),
        "job title (by job link)": ("job_title", found["job_title"]),
        "date applied (by job link)": ("applied_on", found["applied_on"].dt.strftime("%Y-%m-%d")),
    }
    frame = table.frame.loc[keep].reset_index(drop=True)
    for column, (_, values) in added.items():
        frame[column] = values.astype("str").to_numpy()
    lost = pd.DataFrame(
        {
            "source_row": table.rows[~keep.to_numpy()],
            "column": header,
            "value": table.frame.loc[~keep, header].astype("string").fillna("").to_numpy(),
            "code": "link_matches_nothing",
        }
    )
    skipped = lost if table.skipped is None else pd.concat([table.skipped, lost], ignore_index=True)
    return replace(
        table,
        frame=frame,
        rows=table.rows[keep.to_numpy()],
        too_wide=None if table.too_wide is None else table.too_wide[keep.to_numpy()],
        mapping=table.mapping | {column: role for column, (role, _) in added.items()},
        skipped=skipped if len(skipped) else None,
        notes=[*table.notes, f"no company column: rows matched by their job link ({header!r}) to earlier files"],
    )
