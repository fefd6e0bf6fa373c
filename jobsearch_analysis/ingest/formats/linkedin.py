"""LinkedIn's data archive: ``Jobs/Job Applications.csv`` (or split files ``Job Applications_1.csv``, ...),
alone or inside the archive ``.zip`` as downloaded.

The file lists the applications sent through LinkedIn, with no status: LinkedIn records no reply and no
outcome. Such rows are applications whose outcome is *unknown* (``outcome_recorded`` False), not silent ones;
outcomes come from another file loaded with them (``load([archive, status_sheet])``) or from the user saying
the log is complete (``outcomes_complete=True``). Dates are written ``12/16/22, 3:07 PM`` (month first).
Contact e-mails and phones and the "Question And Answers" column (which can hold equal-opportunity answers,
salary expectations, phone numbers or a whole resume) are never kept.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import RawTable, Reader, header_set, spreadsheet
from jobsearch_analysis.ingest.limits import DAMAGED_ZIP, check_members, open_zip, read_members

HEADER = (
    "Application Date",
    "Contact Email",
    "Contact Phone Number",
    "Company Name",
    "Job Title",
    "Job Url",
    "Resume Name",
    "Question And Answers",
)
MAPPING = {
    "Application Date": "applied_on",
    "Contact Email": "private",
    "Contact Phone Number": "private",
    "Company Name": "company",
    "Job Title": "job_title",
    "Job Url": "job_url",
    "Resume Name": "resume_version",
    "Question And Answers": "private",
}
_MEMBER = re.compile(r"(^|/)Job Applications(_\d+)?\.csv$", re.IGNORECASE)
_SPLIT = re.compile(r"_\d+$")


def _is_linkedin_header(headers: set[str]) -> bool:
    return {"application date", "company name", "job url"} <= headers


def detect_csv(path: Path, head: bytes) -> bool:
    return _is_linkedin_header(header_set(head))


def is_member(name: str) -> bool:
    """Whether a member of an archive is LinkedIn's list of job applications (or one part of it)."""
    return bool(_MEMBER.search(name))


def detect_zip(path: Path, head: bytes) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(is_member(name) for name in archive.namelist())
    except (*DAMAGED_ZIP, OSError, RuntimeError):
        return False


def _finish(table: RawTable, group: str) -> RawTable:
    table.format = "linkedin"
    table.mapping = dict(MAPPING)
    table.dayfirst = False
    table.constants = {"channel": "LinkedIn"}
    table.outcome_recorded = False
    table.group = group
    table.notes.append("LinkedIn records no replies or outcomes: these applications have no known outcome")
    return table


def read_csv(path: Path) -> list[RawTable]:
    tables = spreadsheet.read(path)
    group = f"linkedin:{path.parent}/{_SPLIT.sub('', path.stem)}"
    return [_finish(table, group) for table in tables]


def read_zip(path: Path) -> list[RawTable]:
    """Each part of the list of job applications in the archive, within the archive limits (see
    :mod:`jobsearch_analysis.ingest.limits`): their number, and their size unzipped, from the archive's
    directory and again while they are read."""
    tables = []
    with open_zip(path, path.name) as archive:
        members = sorted((info for info in archive.infolist() if is_member(info.filename)), key=_part_order)
        if not members:
            raise LoadError(f"{path.name}: the archive holds no 'Jobs/Job Applications.csv'")
        check_members(path.name, len(members), "files of job applications")
        for info, data in zip(members, read_members(archive, members, path.name), strict=True):
            table = spreadsheet.read_text_bytes(data, f"{path.name}:{info.filename}")
            table = _finish(table, f"linkedin:{path}")
            table.format = "linkedin-archive"
            tables.append(table)
    return tables


def _part_order(info: zipfile.ZipInfo) -> tuple:
    """Parts in the order LinkedIn numbers them: Job Applications.csv, then _1, _2, ..., _10 (not _1, _10, _2)."""
    number = re.search(r"_(\d+)\.csv$", info.filename, re.IGNORECASE)
    return (info.filename.rsplit("/", 1)[0], int(number[1]) if number else -1, info.filename)


READERS = (
    Reader("linkedin", "LinkedIn data archive: Jobs/Job Applications.csv (or split files)", detect_csv, read_csv),
    Reader("linkedin-archive", "LinkedIn data archive as downloaded (.zip)", detect_zip, read_zip),
)

__all__ = ["HEADER", "MAPPING", "READERS", "is_member"]
