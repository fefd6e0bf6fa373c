"""Inputs that were read the wrong way without a word: status sheets taken for event logs, files of one client
left unread, board entries dropped uncounted, and a status wording that made a known word unknown."""

from __future__ import annotations

import json
from pathlib import Path

from tests.crafted import Case

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


APPLIED_TWICE = (
    "Company,Job Title,Date Applied,Status\n"
    "Acme,Data Analyst,2026-03-02,Rejected\n"
    "Globex,Analyst,2026-03-05,Applied\n"
    "Initech,BI Analyst,2026-03-09,No response\n"
    "Umbrella,Data Scientist,2026-04-01,Interview\n"
    "Acme,Data Analyst,2026-06-10,Interview\n"
)
"""A status sheet: the person applied to Acme twice, rejected in March and at interview in June."""

REUSED_IDS = "ID,Company,Job Title,Date Applied,Status\n" + "".join(
    f"{number},{company},Analyst,2026-03-{day:02d},{status}\n"
    for number, company, day, status in (
        (1, "Acme", 2, "Applied"),
        (2, "Globex", 5, "Rejected"),
        (3, "Initech", 9, "Interview"),
        (4, "Umbrella", 12, "Applied"),
        (5, "Hooli", 15, "Rejected"),
        (1, "Vandelay", 20, "Interview"),
        (2, "Stark", 22, "Applied"),
        (6, "Wayne", 25, "Offer"),
        (7, "Tyrell", 28, "Applied"),
        (8, "Cyberdyne", 30, "No response"),
    )
)
"""A status sheet whose ids are reused for other companies in a fifth of its rows."""

EVENT_LOG = (
    "Application ID,Company,Job Title,Stage,Date\n"
    "A-1,Acme,Data Analyst,Applied,2026-03-01\n"
    "A-2,Globex,Analyst,Applied,2026-03-02\n"
    "A-1,Acme,Data Analyst,Phone screen,2026-03-08\n"
    "A-3,Initech,BI Analyst,Applied,2026-03-04\n"
    "A-1,Acme,Data Analyst,Interview,2026-03-15\n"
    "A-2,Globex,Analyst,Rejected,2026-03-20\n"
    "A-1,Acme,Data Analyst,Rejected,2026-03-29\n"
)
"""An event log with no header that says "event": its keys repeat and their stages advance with the dates."""

MIXED = (
    "Application ID,Company,Job Title,Stage,Date\n"
    "A-1,Acme,Data Analyst,Applied,2026-03-01\n"
    "A-1,Acme,Data Analyst,Interview,2026-03-10\n"
    "A-1,Acme,Data Analyst,Rejected,2026-03-20\n"
    "A-2,Globex,Analyst,Applied,2026-03-02\n"
    "A-2,Globex,Analyst,Offer,2026-03-25\n"
    "A-3,Initech,BI Analyst,Rejected,2026-03-05\n"
    "A-3,Initech,BI Analyst,Interview,2026-06-05\n"
    "A-4,Umbrella,Scientist,Applied,2026-03-07\n"
)
"""Two ids read as histories, one (A-3: a rejection, then an interview months later) cannot be one."""


def applied_twice(folder: Path) -> Path:
    return _write(folder, "applied_twice.csv", APPLIED_TWICE)


def reused_ids(folder: Path) -> Path:
    return _write(folder, "reused_ids.csv", REUSED_IDS)


def event_log(folder: Path) -> Path:
    return _write(folder, "stages.csv", EVENT_LOG)


def mixed(folder: Path) -> Path:
    return _write(folder, "mixed.csv", MIXED)


def one_stem_log(first: str, days: int, status: str) -> str:
    """A log of 20 applications, companies named ``first``1 to ``first``20."""
    rows = "".join(f"{first}{i},2026-03-{days + i % 7:02d},{status}\n" for i in range(1, 21))
    return "Company,Date Applied,Status\n" + rows


def same_stem(folder: Path) -> Path:
    """A caseload where ann.csv and ann.txt are both Ann's logs (20 rows each), and bob.csv is Bob's."""
    caseload = folder / "caseload"
    caseload.mkdir()
    _write(caseload, "ann.csv", one_stem_log("Csv", 2, "Applied"))
    _write(caseload, "ann.txt", one_stem_log("Txt", 12, "Rejected"))
    _write(caseload, "bob.csv", one_stem_log("Bob", 2, "Interview"))
    return caseload


def with_strays(data: dict, lists: tuple[str, ...]) -> dict:
    """The board with entries that are not objects put into each of ``lists``: a string, a number, null and a
    list."""
    for name in lists:
        data[name][1:1] = ["junk", 42]
        data[name] += [None, [1, 2, 3]]
    return data


def huntr_strays(folder: Path) -> Path:
    data = with_strays(json.loads((FORMATS / "huntr.json").read_text(encoding="utf-8")), ("jobs", "actions"))
    return _write(folder, "huntr.json", json.dumps(data))


def trello_strays(folder: Path) -> Path:
    data = with_strays(json.loads((FORMATS / "trello.json").read_text(encoding="utf-8")), ("cards", "actions"))
    return _write(folder, "trello.json", json.dumps(data))


# ``says`` is in both the summary of ``validate`` and the first line of ``report``: the rows counted.
CASES = (
    Case("status_sheet_applied_twice", applied_twice, True, "5 rows: 5 applications, 0 rejected"),
    Case("status_sheet_reused_ids", reused_ids, True, "10 rows: 8 applications, 2 rejected"),
    Case("event_log_without_event_header", event_log, True, "7 rows: 3 applications, 0 rejected"),
    Case("event_log_or_status_sheet", mixed, False, "--format events"),
    Case("cohort_files_of_one_stem", same_stem, True, "60 rows in 3 files", cohort=True),
    Case("huntr_entries_not_objects", huntr_strays, True, "17 rows: 3 applications"),
    Case("trello_entries_not_objects", trello_strays, True, "20 rows: 3 applications"),
    Case(
        "status_meaning_unknown",
        applied_twice,
        False,
        "not a status this tool knows",
        options=("--status", "Rejected=bogus"),
    ),
)
