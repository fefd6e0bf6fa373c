"""Crafted inputs that test the limits on what one file may cost, and archives and workbooks that must be named
for what they are: zip bombs, archives of thousands of parts, a sheet with a value in its last cell, deep JSON,
damaged, nested and foreign zips, an encrypted workbook, CSV under a workbook's or Parquet's name, formulas
never calculated and merged cells."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from tests.crafted import Case

LOG = "Company,Date Applied,Status\nAcme,2026-03-02,Applied\nGlobex,2026-03-09,Rejected\nInitech,2026-04-01,Interview\n"
"""A three-row log, for the inputs whose point is their container, not their rows."""
LINKEDIN = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,"
    "Question And Answers\n"
    '"3/2/26, 9:12 AM",,,Acme,Data Analyst,https://www.linkedin.com/jobs/view/1/,cv.pdf,\n'
)
"""One part of LinkedIn's list of job applications."""
MEMBER = "Jobs/Job Applications.csv"
_BLOCK = 1 << 20


# ----------------------------------------------------------------------------------------------- writers
def zip_bomb(path: Path, size: int, *, member: str = MEMBER, says: int | None = None) -> Path:
    """A zip whose one member is ``size`` zero bytes (a whole number of MB), deflated about a thousand times
    smaller. The deflated stream is one compressed MB repeated (a full flush makes each block the same), so
    making it costs a few milliseconds whatever ``size``. ``says``: the size its directory claims, when it lies."""
    blocks, rest = divmod(size, _BLOCK)
    if rest:
        raise ValueError("size is a whole number of MB")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(_BLOCK)) + packer.flush(zlib.Z_FULL_FLUSH)
    data = block * blocks + packer.flush()
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(bytes(_BLOCK), crc)
    return _zip_raw(path, member, data, crc, size if says is None else says)


def _zip_raw(path: Path, name: str, data: bytes, crc: int, size: int) -> Path:
    """A zip of one member whose deflated bytes are given (zipfile deflates them itself, slowly)."""
    encoded = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, 0
    )
    directory = central + encoded
    offset = len(local) + len(encoded) + len(data)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), offset, 0)
    path.write_bytes(local + encoded + data + directory + end)
    return path


def many_parts(path: Path, parts: int) -> Path:
    """A LinkedIn archive whose list of job applications is split into ``parts`` files."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(1, parts + 1):
            archive.writestr(f"Jobs/Job Applications_{number}.csv", LINKEDIN)
    return path


def compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """An OLE compound file (the container of old .xls files, and of encrypted .xlsx ones) holding ``streams``,
    each stored in whole 512-byte sectors (at least 4096 bytes, so none goes to the mini stream)."""
    sector = 512
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    bodies = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for data in streams.values()]
    fat = [fat_sector, end]  # sector 0: the FAT; sector 1: the directory
    starts = []
    for body in bodies:
        starts.append(len(fat))
        count = len(body) // sector
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    if len(fat) > sector // 4:
        raise ValueError("the streams do not fit one FAT sector")
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3L", len(encoded), kind, 1, no_stream, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<LQ", start, size)
        )

    names = list(streams)
    entries = [entry("Root Entry", 5, 1, no_stream, end, 0)]
    for index, (name, start) in enumerate(zip(names, starts, strict=True)):
        right = index + 2 if index + 1 < len(names) else no_stream
        entries.append(entry(name, 2, no_stream, right, start, len(streams[name])))
    if len(entries) > 4:
        raise ValueError("at most three streams")
    empty = bytes(64) + struct.pack("<HBB3L", 0, 0, 0, no_stream, no_stream, no_stream) + bytes(48)
    directory = b"".join(entries) + empty * (4 - len(entries))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<5H6x", 0x3E, 3, 0xFFFE, 9, 6)
        + struct.pack("<4L", 0, 1, 1, 0)  # directory sectors (v3: 0), FAT sectors, first directory sector, -
        + struct.pack("<5L", 4096, end, 0, end, 0)  # mini cutoff, mini FAT start and count, DIFAT start and count
        + struct.pack("<109L", 0, *[free] * 108)
    )
    path.write_bytes(header + struct.pack(f"<{sector // 4}L", *fat) + directory + b"".join(bodies))
    return path


def encrypted_workbook(path: Path) -> Path:
    """An .xlsx as Excel saves it with a password: a compound file with EncryptionInfo and EncryptedPackage."""
    info = struct.pack("<2HL", 4, 4, 0x40) + b"<encryption/>"  # agile encryption's version; the XML is cut short
    package = struct.pack("<Q", 4096) + bytes(range(256)) * 16  # the workbook's size, then its encrypted bytes
    return compound_file(path, {"EncryptionInfo": info, "EncryptedPackage": package})


def workbook(path: Path, cells: dict[str, object], *, merged: tuple[str, ...] = ()) -> Path:
    """An .xlsx holding ``cells`` (coordinate -> value; a value starting with "=" is a formula openpyxl saves
    with no calculated value, as any program but a spreadsheet does)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Applications"
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    for cell_range in merged:
        sheet.merge_cells(cell_range)
    book.save(path)
    return path


def log_cells(rows: list[tuple[object, ...]], headers: tuple[str, ...] = ("Company", "Date Applied", "Status")):
    """Coordinate -> value for a table with ``headers`` on row 1 and ``rows`` below, from column A."""
    letters = "ABCDEFGH"
    cells = {f"{letters[i]}1": header for i, header in enumerate(headers)}
    for number, row in enumerate(rows, start=2):
        cells |= {f"{letters[i]}{number}": value for i, value in enumerate(row) if value is not None}
    return cells


# ----------------------------------------------------------------------------------------------- the cases
def _zip_bomb(folder: Path) -> Path:
    return zip_bomb(folder / "Basic_LinkedInDataExport.zip", 1 << 30)


def _many_parts(folder: Path) -> Path:
    return many_parts(folder / "LinkedInDataExport.zip", 2000)


def _last_cell(folder: Path) -> Path:
    cells = log_cells([("Acme", "2026-03-02", "Applied"), ("Globex", "2026-03-09", "Rejected")])
    return workbook(folder / "log.xlsx", cells | {"XFD1048576": "stray"})


def _deep_json(folder: Path) -> Path:
    path = folder / "tracker.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def _damaged_zip(folder: Path) -> Path:
    whole = many_parts(folder / "whole.zip", 3).read_bytes()
    (folder / "whole.zip").unlink()
    path = folder / "LinkedInDataExport.zip"
    path.write_bytes(whole[: len(whole) // 2])  # a download cut short: no directory at the end
    return path


def _nested_zip(folder: Path) -> Path:
    inner = many_parts(folder / "Basic_LinkedInDataExport.zip", 1)
    path = folder / "download.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(inner, inner.name)
    inner.unlink()
    return path


def _foreign_zip(folder: Path) -> Path:
    path = folder / "my_search.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my_search/log.csv", LOG)
        archive.writestr("my_search/cover letter.txt", "Dear hiring manager,\n")
    return path


def _encrypted(folder: Path) -> Path:
    return encrypted_workbook(folder / "log.xlsx")


def _text_named(name: str):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(LOG, encoding="utf-8")
        return path

    return make


def _formulas(folder: Path) -> Path:
    rows = [("=D2", "2026-03-02", "Applied"), ("=D3", "2026-03-09", "Rejected")]
    cells = log_cells(rows) | {"D1": "Employer", "D2": "Acme", "D3": "Globex"}
    return workbook(folder / "generated.xlsx", cells)


def _merged(folder: Path) -> Path:
    rows = [("Acme", "2026-03-02", "Applied"), (None, "2026-03-03", "Applied"), (None, "2026-03-04", "Rejected")]
    return workbook(folder / "log.xlsx", log_cells(rows), merged=("A2:A4",))


CASES = (
    Case("zip_bomb", _zip_bomb, loads=False, says="archive_mb"),
    Case("zip_of_2000_parts", _many_parts, loads=False, says="archive_members"),
    Case("xlsx_value_in_last_cell", _last_cell, loads=False, says="workbook_cells"),
    Case("json_nested_100000_deep", _deep_json, loads=False, says="nested too deeply"),
    Case("zip_damaged", _damaged_zip, loads=False, says="the zip archive is damaged"),
    Case("zip_inside_a_zip", _nested_zip, loads=False, says="a zip archive inside a zip archive"),
    Case("zip_not_linkedin", _foreign_zip, loads=False, says="a zip archive that is not a LinkedIn data export"),
    Case("xlsx_encrypted", _encrypted, loads=False, says="password-protected"),
    Case("csv_named_xlsx", _text_named("log.xlsx"), loads=True, says="read as CSV"),
    Case("csv_named_parquet", _text_named("log.parquet"), loads=True, says="read as CSV"),
    Case("xlsx_formulas_never_calculated", _formulas, loads=True, says="never calculated"),
    Case("xlsx_merged_company_cells", _merged, loads=True, says="unmerge"),
)
