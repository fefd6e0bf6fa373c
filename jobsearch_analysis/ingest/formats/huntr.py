"""Huntr: the board JSON (jobs, lists and actions) and huntr-cli's jobs and activities CSVs.

The board's actions are a stage history: each ``JOB_MOVED`` action moves a job from one list to another at an
ISO UTC time (``2026-01-04T18:49:28.657Z``); the default lists are wishlist, applied, interview, offer and
rejected. A job's creation puts it in its first list. Contacts, notes and descriptions are not read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import RawTable, Reader, boards, header_set, spreadsheet
from jobsearch_analysis.ingest.formats.boards import as_records, events_table, get, guarded, read_json, split_title

# Action types that say a stage was reached, besides moves between lists.
STAGE_ACTIONS = {
    "JOB_APPLICATION": "applied",
    "INTERVIEW_SCHEDULED": "interview",
    "INTERVIEW_COMPLETED": "interview",
    "OFFER_RECEIVED": "offer",
    "JOB_REJECTED": "rejected",
}


def detect_board(path: Path, head: bytes) -> bool:
    start = head.lstrip()[:1]
    return start in (b"{", b"[") and (b'"actionType"' in head or (b'"_list"' in head and b'"jobs"' in head))


def _first_lists(actions: list[dict], lists: dict) -> dict[str, str]:
    """Job id -> the list a job was on before its first move (where its history starts)."""
    first_list: dict[str, str] = {}
    for action in sorted(actions, key=lambda a: str(get(a, "date") or get(a, "createdAt") or "")):
        job_id = get(action, "data", "job", "id") or get(action, "data", "_job")
        if get(action, "actionType") == "JOB_MOVED" and job_id and job_id not in first_list:
            before = get(action, "data", "fromList", "name") or lists.get(get(action, "data", "_fromList"))
            if before:
                first_list[job_id] = before
    return first_list


def read_board(path: Path) -> list[RawTable]:
    data = read_json(path)
    if isinstance(data, list):
        jobs_given, actions_given, lists, companies = [], data, {}, {}
    else:
        jobs_given, actions_given = data.get("jobs"), data.get("actions") or data.get("activities")
        lists = {get(r, "id") or get(r, "_id"): get(r, "name") for r in as_records(data.get("lists"))}
        companies = {get(r, "id") or get(r, "_id"): get(r, "name") for r in as_records(data.get("companies"))}
    all_jobs, stray_jobs = boards.entries(jobs_given, "jobs", 1)
    all_actions, stray_actions = boards.entries(actions_given, "actions", len(all_jobs) + 1)
    actions = as_records(all_actions)
    if not as_records(all_jobs) and not any(get(action, "actionType") for action in actions):
        raise LoadError(
            f"{path.name}: not a Huntr export (no jobs and no actions with an actionType); "
            "leave format= out to have the file's format detected"
        )
    events, skipped = [], stray_jobs + stray_actions
    first_list = _first_lists(actions, lists)
    for number, job in enumerate(all_jobs, start=1):
        if not isinstance(job, dict):
            continue
        job_id = get(job, "id") or get(job, "_id")
        company = get(job, "company", "name") or companies.get(get(job, "_company")) or get(job, "companyName")
        title = get(job, "title")
        if not company:
            company, title = split_title(title)
        current = lists.get(get(job, "_list"), get(job, "_list"))
        events.append(
            {
                "key": job_id,
                "company": company,
                "job_title": title,
                "stage": first_list.get(job_id, current),
                "date": get(job, "createdAt"),
                "where": f"jobs[{number - 1}]",
                "job_url": get(job, "url"),
                "location": get(job, "location", "name") or get(job, "location", "address"),
                "row": number,
            }
        )
    for index, action in enumerate(all_actions):
        if not isinstance(action, dict):
            continue
        number = len(all_jobs) + index + 1
        kind = get(action, "actionType")
        stage = None
        if kind == "JOB_MOVED":
            stage = get(action, "data", "toList", "name") or lists.get(get(action, "data", "_toList"))
        elif kind in STAGE_ACTIONS:
            stage = STAGE_ACTIONS[kind]
        if stage is None:
            skipped.append(
                {
                    "source_row": number,
                    "column": f"actions[{index}].actionType",
                    "value": kind or "",
                    "code": "not_a_stage_change",
                }
            )
            continue
        title = get(action, "data", "job", "title")
        company = get(action, "data", "company", "name")
        if not company:
            company, title = split_title(title)
        events.append(
            {
                "key": get(action, "data", "job", "id") or get(action, "data", "_job"),
                "company": company,
                "job_title": title,
                "stage": stage,
                "date": get(action, "date") or get(action, "createdAt"),
                "where": f"actions[{index}]",
                "row": number,
            }
        )
    return [events_table(events, skipped, path, "huntr", len(all_jobs) + len(all_actions))]


# huntr-cli CSVs: jobs "ID,Title,URL,Created" (dates M/D/YYYY, no company column: the title often reads
# "Role at Company"), activities "Date,Type,Company,Job,Status".
def detect_cli_jobs(path: Path, head: bytes) -> bool:
    return header_set(head) == {"id", "title", "url", "created"}


def read_cli_jobs(path: Path) -> list[RawTable]:
    tables = spreadsheet.read(path)
    for table in tables:
        split = table.frame["Title"].map(lambda title: split_title(title, separators=False))
        table.frame = table.frame.assign(Company=split.str[0], Title=split.str[1].fillna(table.frame["Title"]))
        table.format = "huntr-cli-jobs"
        table.mapping = {
            "ID": "application_id",
            "Title": "job_title",
            "URL": "job_url",
            "Created": "applied_on",
            "Company": "company",
        }
        table.dayfirst = False
        table.outcome_recorded = False
        table.notes.append("huntr-cli's job list records no stages: load it with the activities file for outcomes")
    return tables


def detect_cli_activities(path: Path, head: bytes) -> bool:
    return header_set(head) == {"date", "type", "company", "job", "status"}


def read_cli_activities(path: Path) -> list[RawTable]:
    tables = spreadsheet.read(path)
    out = []
    for table in tables:
        frame = table.frame
        status = frame["Status"].astype("string").str.strip().fillna("")
        stage_rows = status != ""
        skipped = frame.loc[~stage_rows]
        events = frame.loc[stage_rows]
        table.skipped = None
        if len(skipped):
            table.skipped = pd.DataFrame(
                {
                    "source_row": table.rows[~stage_rows.to_numpy()],
                    "column": "Status",
                    "value": skipped["Type"].astype("str").to_numpy(),
                    "code": "not_a_stage_change",
                }
            )
        table.frame = pd.DataFrame(
            {
                "key": pd.Series(pd.NA, index=events.index, dtype="str"),
                "company": events["Company"],
                "job_title": events["Job"],
                "stage": events["Status"],
                "date": events["Date"],
            }
        ).reset_index(drop=True)
        table.rows = table.rows[stage_rows.to_numpy()]
        table.mapping = {"Company": "company", "Job": "job_title", "Status": "stage", "Date": "date"}
        table.kind = "events"
        table.format = "huntr-cli-activities"
        out.append(table)
    return out


READERS = (
    Reader("huntr-cli-jobs", "huntr-cli jobs CSV (ID, Title, URL, Created)", detect_cli_jobs, read_cli_jobs),
    Reader(
        "huntr-cli-activities",
        "huntr-cli activities CSV (Date, Type, Company, Job, Status)",
        detect_cli_activities,
        read_cli_activities,
    ),
    Reader("huntr", "Huntr board JSON (jobs, lists and JOB_MOVED actions)", detect_board, guarded(read_board)),
)
