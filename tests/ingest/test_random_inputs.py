"""Random bytes, random archives and random workbooks through ``load`` and ``load_cohort``: each gives a result or
a ``LoadError``, never another exception, within the time and memory budget of any input (10 s, 1 GB).

Each example runs in a forked child of one warm process (``tests/crafted/_runner.py``), so a hang is killed, a
crash is seen with its traceback, and the memory is the child's own peak."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.crafted import AS_OF

SECONDS = 10
MEGABYTES = 1024
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 40))
"""Examples per test in CI; ``FUZZ_EXAMPLES=1000 pytest tests/ingest/test_random_inputs.py`` searches harder."""
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

HEADERS = ("Company", "Date Applied", "Status", "Position", "Source", "Interview", "Notes", "Job Title",
           "Application Date", "Firma", "Datum", "Stage", "Event", "Id", "Response Date", "Offer", "")  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(("Acme", "Rejected", "Applied", "Interview", "2026-03-02", "03/04/2026", "46150", "", "=A1",
                     "ghosted", "1066-10-14", "9999-12-31", "LinkedIn", "https://x.example/job/1", "\x00", "Ü")),
    st.text(max_size=12),
)  # fmt: skip
SUFFIXES = st.sampled_from((".csv", ".txt", ".tsv", ".json", ".xlsx", ".zip", ".parquet", ".pdf", ""))
LINKEDIN_NAMES = ("Jobs/Job Applications.csv", "Job Applications_1.csv", "Jobs/Saved Jobs.csv", "Profile.csv")


def _grid(draw, rows: int) -> list[list[str]]:
    width = draw(st.integers(1, 6))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=width, max_size=width))
    body = [draw(st.lists(CELLS, min_size=0, max_size=width + 1)) for _ in range(rows)]
    return [header, *body]


@st.composite
def text_tables(draw) -> bytes:
    """A delimited table of log-like and random cells, in a random delimiter and encoding."""
    grid = _grid(draw, draw(st.integers(0, 8)))
    delimiter = draw(st.sampled_from((",", ";", "\t", "|")))
    quote = draw(st.booleans())
    lines = [delimiter.join(f'"{c}"' if quote else c for c in row) for row in grid]
    text = draw(st.sampled_from(("\n", "\r\n", "\r"))).join(lines)
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1")))
    return text.encode(encoding, errors="replace")


@st.composite
def archives(draw) -> bytes:
    """A zip of random members: LinkedIn-like names or others, holding tables, random bytes or another zip."""
    buffer = io.BytesIO()
    compression = draw(st.sampled_from((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)))
    with zipfile.ZipFile(buffer, "w", compression=compression) as z:
        names = draw(st.lists(st.one_of(st.sampled_from(LINKEDIN_NAMES), st.text(min_size=1, max_size=20)),
                              min_size=0, max_size=4, unique=True))  # fmt: skip
        for name in names:
            content = draw(st.one_of(text_tables(), st.binary(max_size=300)))
            z.writestr(name.replace("\x00", "_") or "x", content)
    data = buffer.getvalue()
    if draw(st.booleans()) and data:  # damage it
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
    return data


@st.composite
def workbooks(draw) -> bytes:
    """An xlsx of random cells (text, numbers, dates, formulas), random sheets and merged cells, sometimes damaged."""
    from openpyxl import Workbook

    book = Workbook()
    for number in range(draw(st.integers(1, 3))):
        sheet = book.active if number == 0 else book.create_sheet(f"S{number}")
        top = draw(st.integers(1, 3))
        for r, row in enumerate(_grid(draw, draw(st.integers(0, 6))), start=top):
            for c, value in enumerate(row, start=1):
                kind = draw(st.sampled_from(("text", "number", "date", "none")))
                cell = {"text": value, "number": draw(st.floats(allow_nan=False, allow_infinity=False)),
                        "date": draw(st.sampled_from((date(2026, 3, 2), datetime(1900, 1, 1), date(1066, 10, 14)))),
                        "none": None}[kind]  # fmt: skip
                if isinstance(cell, str):
                    cell = "".join(ch for ch in cell if ch >= " " or ch in "\t\n")  # openpyxl refuses the rest
                sheet.cell(row=r, column=c, value=cell)
        if draw(st.booleans()):
            sheet.merge_cells(start_row=top + 1, start_column=1, end_row=top + 2, end_column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at + 1 :]
    return data


def _check(runner, call: str, path: Path) -> None:
    answer, _, err = runner(path.parent, call=[call, str(path), AS_OF], kill_after=6 * SECONDS)
    assert not answer["killed"], f"{call}({path.name}) did not finish in {6 * SECONDS} s"
    assert answer["code"] in (0, 2), f"{call}({path.name}) raised something other than LoadError:\n{err}"
    assert answer["seconds"] <= SECONDS, f"{call}({path.name}) took {answer['seconds']:.1f} s"
    assert answer["peak_mb"] <= MEGABYTES, f"{call}({path.name}) peaked at {answer['peak_mb']:.0f} MB"


def _one_file(runner, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in" / name
        path.parent.mkdir()
        path.write_bytes(data)
        _check(runner, "load", path)


@SETTINGS
@given(data=st.binary(max_size=4000), suffix=SUFFIXES)
def test_random_bytes_give_a_result_or_a_load_error(runner, data, suffix):
    _one_file(runner, data, f"log{suffix}")


@SETTINGS
@given(data=text_tables(), suffix=st.sampled_from((".csv", ".txt", ".tsv", ".xlsx", ".json", "")))
def test_random_tables_give_a_result_or_a_load_error(runner, data, suffix):
    _one_file(runner, data, f"log{suffix}")


@SETTINGS
@given(data=archives(), suffix=st.sampled_from((".zip", ".xlsx", ".csv")))
def test_random_archives_give_a_result_or_a_load_error(runner, data, suffix):
    _one_file(runner, data, f"export{suffix}")


@SETTINGS
@given(data=workbooks(), suffix=st.sampled_from((".xlsx", ".zip", ".csv")))
def test_random_workbooks_give_a_result_or_a_load_error(runner, data, suffix):
    _one_file(runner, data, f"log{suffix}")


@SETTINGS
@given(
    files=st.lists(
        st.tuples(st.sampled_from(("ann", "bob", "cy", "ann/old", "bob/new")), st.sampled_from(("log", "export")),
                  st.sampled_from((".csv", ".txt", ".xlsx", ".zip", ".json")),
                  st.one_of(text_tables(), archives(), workbooks(), st.binary(max_size=500))),
        min_size=1, max_size=5,
    )
)  # fmt: skip
def test_random_caseload_folders_give_a_result_or_a_load_error(runner, files):
    with tempfile.TemporaryDirectory() as folder:
        caseload = Path(folder) / "caseload"
        for client, stem, suffix, data in files:
            path = caseload / client / f"{stem}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        _check(runner, "load_cohort", caseload)
