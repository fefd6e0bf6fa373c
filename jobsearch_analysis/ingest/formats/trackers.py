"""Job-tracker apps' table exports: Teal and Simplify.

Both are one row per job with the current status. Saved or bookmarked jobs are not applications: they are
skipped and counted. Only the columns the analysis needs are read; the rest are kept as the user's own.
"""

from __future__ import annotations

from pathlib import Path

from jobsearch_analysis.ingest.formats import RawTable, Reader, header_set, spreadsheet

# Teal: Job Position, Company, Max. Salary, Location, Status, Date Saved, Deadline, Date Applied, Follow up,
# Excitement. Statuses Bookmarked, Applying, Applied, Interviewing, Negotiating, Accepted, and closed ones.
TEAL_MAPPING = {
    "Job Position": "job_title",
    "Company": "company",
    "Location": "location",
    "Status": "status",
    "Date Applied": "applied_on",
    "Excitement": "interest",
}
# Simplify: Job Title, Company Name, Job URL, Applied Date, Status, Status Date, Archived, Date Archived, Notes.
# Statuses SAVED, APPLIED, INTERVIEWING, OFFER, REJECTED, WITHDRAWN (the current status only).
SIMPLIFY_MAPPING = {
    "Job Title": "job_title",
    "Company Name": "company",
    "Job URL": "job_url",
    "Applied Date": "applied_on",
    "Status": "status",
    "Status Date": "status_on",
    "Notes": "notes",
}


def detect_teal(path: Path, head: bytes) -> bool:
    return {"job position", "date saved", "excitement"} <= header_set(head)


def detect_simplify(path: Path, head: bytes) -> bool:
    return {"job title", "company name", "applied date", "status date"} <= header_set(head)


def _reader(name: str, mapping: dict[str, str]):
    def read(path: Path) -> list[RawTable]:
        tables = spreadsheet.read(path)
        for table in tables:
            table.format = name
            table.mapping = dict(mapping)
        return tables

    return read


READERS = (
    Reader("teal", "Teal job tracker export (CSV)", detect_teal, _reader("teal", TEAL_MAPPING)),
    Reader("simplify", "Simplify job tracker export (CSV)", detect_simplify, _reader("simplify", SIMPLIFY_MAPPING)),
)
