"""Inputs that once crashed a run or were read wrongly: huge cells, markup and escape sequences, impossible dates,
documents that are not logs, and a client folder holding two exports of one name."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from tests.crafted import Case

OLD_DATES = "Company,Date Applied,Status\nAcme,1066-10-14,Applied\nBeta,1900-01-01,Applied\nGamma,2026-03-02,Applied\n"
BAD_ROWS = "Company,Date Applied,Status\n" + ("Acme,2026-03-02,Applied\n" + ",1066-10-14,Applied\n" * 9) * 10_000
LOG = "Company,Date Applied,Status\n{company},2026-03-02,Applied\nGlobex,2026-03-04,Rejected\n"


def _text(name: str, text: str):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        return path

    return make


def _bytes(name: str, data: bytes):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _old_and_new_export(folder: Path) -> Path:
    for client, part, company in (("ann", "old", "Acme"), ("ann", "new", "Initech"), ("bob", "", "Umbrella")):
        where = folder / "caseload" / client / part
        where.mkdir(parents=True, exist_ok=True)
        (where / "export.csv").write_text(LOG.format(company=company), encoding="utf-8")
    return folder / "caseload"


def _clients_with_blank_lines(folder: Path) -> Path:
    caseload = folder / "caseload"
    caseload.mkdir()
    for client in ("ann", "bob", "cy"):
        (caseload / f"{client}.csv").write_text(LOG.format(company="Acme"), encoding="utf-8")
    table = (
        "Client ID,Search start,Last contact\nann,2026-01-05,2026-06-01\n"
        + "\n" * 200_000
        + "bob,2026-01-05,2026-06-01\n"
    )
    (caseload / "clients.csv").write_text(table, encoding="utf-8")
    return caseload


def _zip_of_many_rows(folder: Path) -> Path:
    """A LinkedIn export whose list of applications is 200 MB of rows, zipped to well under a megabyte (it once
    took 254 s and 4.5 GB to read): refused from the archive's directory, before a byte is unzipped."""
    from tests.crafted.limits import LINKEDIN

    header, row = LINKEDIN.splitlines(keepends=True)[:2]
    rows = (row * 10_000).encode()
    path = folder / "Basic_LinkedInDataExport.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("Jobs/Job Applications.csv", "w", force_zip64=True) as member,
    ):
        member.write(header.encode())
        for _ in range(200 * 2**20 // len(rows)):
            member.write(rows)
    return path


CASES = (
    Case("huge_cell", _text("notes.csv", LOG.format(company="Acme") + "Initech,2026-03-05," + "x" * 300_000), True),
    Case(
        "escapes_in_header_and_name",
        _text("evil\x1b[2J.csv", "Company,Date Applied,[/oops] Notes\x1b]52;c;aGk=\x07\nAcme,2026-03-02,hi\n"),
        True,
        says="1 row",
    ),
    Case(
        "dates_before_1980",
        _text("old.csv", OLD_DATES),
        True,
        says="before 1980",
    ),
    Case("empty_file", _bytes("log.csv", b""), False, says="empty"),
    Case("only_a_header", _text("log.csv", "Company,Date Applied,Status\n"), True, says="headers but no rows"),
    Case("pdf_named_csv", _bytes("log.csv", b"%PDF-1.7\n" + os.urandom(2000)), False, says="PDF"),
    Case("web_page", _text("log.csv", "<!DOCTYPE html><html><body>hi</body></html>"), False, says="web page"),
    Case("random_binary", _bytes("log.bin", bytes(range(256)) * 64), False, says="log.bin"),
    Case("client_with_old_and_new_export", _old_and_new_export, True, cohort=True),
    # Rows rejected twice over (no company, a date before 1980): listing them costs no more than reading them.
    Case("many_bad_rows", _text("bad.csv", BAD_ROWS), True, says="99,999 rejected"),
    Case("clients_table_of_blank_lines", _clients_with_blank_lines, True, cohort=True),
    Case("zip_of_200_mb_of_rows", _zip_of_many_rows, False, says="--limit archive_ratio="),
)
