"""A log whose strings try to break out of the report: the sample log with script and markup in its companies,
roles, resume versions, notes, dates and file name, and a formula for spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path

from jobsearch_analysis.samples import sample_as_of, sample_path

COMPANIES = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')
ROLE = "<b>Bold</b> & <i>Co</i> Analyst"  # replaces "Product Analyst": shows in tables and the pivot board
RESUME = "<script>alert(2)</script>"  # replaces "v2": shows in the trend chart and the pivot board
NOTE = "<iframe src=javascript:alert(3)>"
BAD_DATE = "<script>alert(4)</script>"  # a rejected row shows its value as typed
FORMULA = '=HYPERLINK("http://attacker.example","click")'  # a rejected value that a spreadsheet would run
FILE_NAME = "log <img src=x onerror=alert(5)>.csv"
AS_OF = sample_as_of("personal_log")
PAYLOADS = (*COMPANIES, ROLE, RESUME, BAD_DATE, FILE_NAME)


def write_hostile_log(directory: Path) -> Path:
    """The sample log rewritten with the strings above, in ``directory``; load it with ``as_of=AS_OF``."""
    with sample_path("personal_log").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    company, role, resume, notes = (header.index(c) for c in ("Company", "Role Type", "Resume Version", "Notes"))
    for number, row in enumerate(rows[1:], start=1):
        if len(row) != len(header):
            continue  # blank rows and the row with a stray comma stay as they are
        if row[company] and number % 4:  # three rows in four get a hostile company, in turn
            row[company] = COMPANIES[number % 4 - 1]
        row[role] = ROLE if row[role] == "Product Analyst" else row[role]
        row[resume] = RESUME if row[resume] == "v2" else row[resume]
        row[notes] = NOTE if number % 5 == 0 else row[notes]
    extra = [dict.fromkeys(header, "") for _ in range(2)]
    extra[0].update({"Company": "Initech", "Date Applied": BAD_DATE, "Status": "Applied"})
    extra[1].update({"Company": "Umbrella", "Date Applied": FORMULA, "Status": "Applied"})
    rows += [[row[h] for h in header] for row in extra]
    path = directory / FILE_NAME
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path
