"""The limits on what one file may cost, and archives and workbooks named for what they are.

Each limit: a real-sized input passes under its default, an input over a (small, for speed) limit is refused in
one line naming the limit and how to raise it, and raising the limit lets that input through.
"""

from __future__ import annotations

import io
import json
import os
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from jobsearch_analysis import Limits, LoadError, load, sample_path
from jobsearch_analysis.cli import main
from jobsearch_analysis.ingest import limits as limits_module
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.ingest.formats import read_file
from jobsearch_analysis.ingest.limits import Counted, json_depth, using
from tests.crafted.limits import (
    LINKEDIN,
    LOG,
    compound_file,
    encrypted_workbook,
    log_cells,
    many_parts,
    workbook,
    zip_bomb,
)

AS_OF = "2026-11-02"
FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
MB = 1 << 20


def linkedin_rows(count: int) -> str:
    """LinkedIn's list of job applications with ``count`` rows, each a different company."""
    head, row = LINKEDIN.rstrip("\n").split("\n")
    return head + "\n" + "".join(row.replace("Acme", f"Company {n}") + "\n" for n in range(count))


def linkedin_archive(path: Path, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Jobs/Job Applications.csv", text)
    return path


# ----------------------------------------------------------------------------------------------- the limits
def test_a_limit_is_a_whole_number_of_at_least_one_and_only_known_limits_can_be_named():
    with pytest.raises(LoadError, match="archive_mb must be a whole number of at least 1, got 0"):
        Limits(archive_mb=0)
    with pytest.raises(LoadError, match="'archive_gb' is not a limit; the limits are file_mb, archive_mb"):
        load(sample_path("personal_log"), as_of=AS_OF, limits={"archive_gb": 2})


def test_real_logs_are_far_inside_every_default(tmp_path):
    """The defaults leave room: the bundled logs and the format examples are many times below each."""
    defaults = Limits()
    sample = sample_path("cohort_applications").read_bytes()
    zipped = linkedin_archive(tmp_path / "cohort.zip", sample.decode("utf-8"))
    info = zipfile.ZipFile(zipped).infolist()[0]
    assert len(sample) * 100 < defaults.file_mb * MB
    assert info.file_size / info.compress_size * 5 < defaults.archive_ratio
    for name in ("json-records.json", "huntr.json", "trello.json"):
        assert json_depth((FORMATS / name).read_bytes()) * 10 < defaults.json_depth
    sheet = tmp_path / "personal_log.xlsx"
    read_file(sample_path("personal_log"))[0].frame.to_excel(sheet, index=False)
    for path in (FORMATS / "linkedin-archive.zip", sample_path("personal_log"), sheet):
        assert load(path, as_of=AS_OF).summary.rows > 0


def test_a_file_over_file_mb_is_refused_before_it_is_read_and_raising_the_limit_reads_it(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(LOG + "".join(f"Company {n},2026-03-02,Applied\n" for n in range(40_000)), encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        load(path, as_of=AS_OF, limits=Limits(file_mb=1))
    assert str(refused.value) == (
        "log.csv: the file is 1.2 MB, over the file_mb limit of 1 MB; if the file is what you meant to load, raise the "
        "limit with limits=Limits(file_mb=2)"
    )
    assert refused.value.fixes == {"limits": {"file_mb": 2}}
    assert load(path, as_of=AS_OF, limits=Limits(file_mb=2)).summary.rows == 40_003


def test_a_zip_bomb_is_refused_from_the_archives_directory_before_anything_is_unzipped(tmp_path):
    bomb = zip_bomb(tmp_path / "Basic_LinkedInDataExport.zip", 64 * MB)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=r"expands from 0\.1 MB to 64 MB when unzipped, over the archive_mb limit "
                           r"of 16 MB; .* limits=Limits\(archive_mb=71\)"):  # fmt: skip
            load(bomb, as_of=AS_OF, limits=Limits(archive_mb=16))
        assert tracemalloc.get_traced_memory()[1] < 8 * MB
    finally:
        tracemalloc.stop()


def test_an_archive_whose_directory_understates_a_member_is_refused_as_damaged_without_unzipping_it(tmp_path):
    """The directory says 1,000 bytes; the member holds 64 MB. Only what the directory says is unzipped, and the
    checksum of those bytes gives the lie away."""
    bomb = zip_bomb(tmp_path / "export.zip", 64 * MB, says=1000)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=r"export\.zip: the zip archive is damaged .*download or copy it again"):
            load(bomb, as_of=AS_OF)
        assert tracemalloc.get_traced_memory()[1] < 8 * MB
    finally:
        tracemalloc.stop()


def test_bytes_are_counted_while_they_are_unzipped_whatever_the_directory_says():
    with using(Limits(archive_mb=1)), pytest.raises(LoadError, match="expands past 1 MB when unzipped, over the "
                                                    "archive_mb limit"):  # fmt: skip
        Counted(io.BytesIO(bytes(3 * MB)), "export.zip").read()
    with using(Limits(archive_mb=4)):
        assert len(Counted(io.BytesIO(bytes(3 * MB)), "export.zip").read()) == 3 * MB


def test_an_archive_over_archive_mb_is_read_once_the_limit_is_raised(tmp_path):
    archive = linkedin_archive(tmp_path / "export.zip", linkedin_rows(12_000))  # about 1.3 MB unzipped
    with pytest.raises(LoadError, match=r"over the archive_mb limit of 1 MB; .*limits=Limits\(archive_mb=2\)"):
        load(archive, as_of=AS_OF, limits=Limits(archive_mb=1))
    assert load(archive, as_of=AS_OF, limits=Limits(archive_mb=2)).summary.applications == 12_000


def test_an_archive_that_expands_too_many_times_is_refused_and_raising_the_ratio_reads_it(tmp_path, monkeypatch):
    monkeypatch.setattr(limits_module, "RATIO_FLOOR_MB", 1)  # the real floor, 16 MB, would make a slow test
    archive = linkedin_archive(tmp_path / "export.zip", linkedin_rows(12_000))
    info = zipfile.ZipFile(archive).infolist()[0]
    ratio = info.file_size / info.compress_size
    with pytest.raises(LoadError, match=r"expands \d+ times, from 0\.\d MB to 1\.\d MB .*over the archive_ratio limit"):
        load(archive, as_of=AS_OF, limits=Limits(archive_ratio=int(ratio / 2)))
    assert load(archive, as_of=AS_OF, limits=Limits(archive_ratio=int(ratio * 2))).summary.applications == 12_000


def test_an_archive_of_more_parts_than_archive_members_is_refused_and_raising_it_reads_them_all(tmp_path):
    archive = many_parts(tmp_path / "export.zip", 12)
    with pytest.raises(LoadError) as refused:
        load(archive, as_of=AS_OF, limits=Limits(archive_members=10))
    assert "the archive holds 12 files of job applications, over the archive_members limit of 10 files" in str(
        refused.value
    )
    result = load(archive, as_of=AS_OF, limits=Limits(archive_members=12))
    assert [f.file.rsplit("/", 1)[-1] for f in result.summary.files][:3] == [
        "Job Applications_1.csv",
        "Job Applications_2.csv",
        "Job Applications_3.csv",
    ]  # in LinkedIn's order: _10 after _9, not after _1
    assert len(result.summary.files) == 12


def test_a_value_in_a_sheets_last_cell_is_refused_without_building_the_grid(tmp_path):
    cells = log_cells([("Acme", "2026-03-02", "Applied")]) | {"XFD1048576": "stray"}
    path = workbook(tmp_path / "log.xlsx", cells)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as refused:
            load(path, as_of=AS_OF)
        assert tracemalloc.get_traced_memory()[1] < 64 * MB
    finally:
        tracemalloc.stop()
    assert str(refused.value).startswith(
        "log.xlsx: the sheet 'Applications' spans 17,179,869,184 cells, as it holds a value as far out as "
        "XFD1048576 (a stray value far from the table does that: delete it;"
    )
    assert "over the workbook_cells limit of 20,000,000 cells" in str(refused.value)


def test_a_sheet_over_workbook_cells_is_read_once_the_limit_is_raised(tmp_path):
    rows = [(f"Company {n}", "2026-03-02", "Applied") for n in range(5)]
    path = workbook(tmp_path / "log.xlsx", log_cells(rows))  # 6 rows of 3 columns: 18 cells
    with pytest.raises(LoadError, match=r"spans \d+ cells.*over the workbook_cells limit of 12 cells"):
        load(path, as_of=AS_OF, limits=Limits(workbook_cells=12))
    assert load(path, as_of=AS_OF, limits=Limits(workbook_cells=18)).summary.applications == 5


def test_a_sheet_is_read_from_the_cells_it_stores_with_its_own_row_numbers(tmp_path):
    """A table that starts at C3 keeps its row numbers; a blank row inside it is counted; a value far to the
    right adds one column, not the empty ones before it."""
    cells = {"C3": "Company", "D3": "Date Applied", "E3": "Status", "Z3": "Notes"}
    cells |= {"C4": "Acme", "D4": "2026-03-02", "E4": "Applied", "Z4": "called"}
    cells |= {"C6": "Globex", "D6": "2026-03-04", "E6": "Rejected"}
    result = load(workbook(tmp_path / "log.xlsx", cells), as_of=AS_OF)
    assert list(result.applications["source_row"]) == [4, 6]
    assert result.summary.files[0].header_row == 3
    assert result.summary.skipped == 1
    assert list(result.summary.files[0].columns) == ["Company", "Date Applied", "Status", "Notes"]
    assert result.applications["notes"].iloc[0] == "called"


def test_json_nested_deeper_than_json_depth_is_refused_before_it_is_parsed_and_raising_it_reads_it(tmp_path):
    records = [{"company": "Acme", "applied": "2026-03-02", "extra": {"a": [[[[{"b": "[[[{{{"}]]]]}}]
    path = tmp_path / "log.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert json_depth(path.read_bytes()) == 8  # the brackets inside the string do not count
    with pytest.raises(LoadError, match=r"the JSON is nested 8 levels deep, over the json_depth limit of 5 levels; "
                       r".*limits=Limits\(json_depth=8\)"):  # fmt: skip
        load(path, as_of=AS_OF, limits=Limits(json_depth=5))
    assert load(path, as_of=AS_OF, limits=Limits(json_depth=8)).summary.applications == 1


def test_json_depth_skips_escaped_quotes_inside_strings():
    assert json_depth(rb'["a \"[[[", {"k": "\\"}, [1]]') == 2
    assert json_depth(b"[" * 5000 + b"]" * 5000) == 5000
    assert json_depth(b"") == 0


def test_json_deeper_than_python_can_parse_is_refused_whatever_the_limit(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(LoadError, match="JSON nested 100,000 levels deep: nested too deeply") as refused:
        load(path, as_of=AS_OF, limits=Limits(json_depth=200_000))
    assert "limits=" not in str(refused.value)  # no limit would help


# ----------------------------------------------------------------------------------------------- special files
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")


def without_blocking(function, *args, **kwargs):
    """Run ``function`` in a thread; fail, rather than hang, if it has not returned within 10 seconds."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args, **kwargs)
        except Exception as error:  # handed to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        pipe = next((a for a in args if isinstance(a, Path) and a.exists()), None)
        if pipe is not None and pipe.is_fifo():
            with open(pipe, "wb"):  # let the blocked reader go
                pass
        pytest.fail("reading blocked")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@needs_fifo
def test_a_named_pipe_is_refused_in_one_line_and_never_opened(tmp_path):
    pipe = tmp_path / "log.csv"
    os.mkfifo(pipe)
    with pytest.raises(LoadError, match=r"^log\.csv: a named pipe \(FIFO\), not a file; save the log to a file"):
        without_blocking(load, pipe, as_of=AS_OF)


def test_a_device_is_refused_in_one_line():
    with pytest.raises(LoadError, match="null: a device, not a file"):
        without_blocking(load, Path(os.devnull), as_of=AS_OF)


@needs_fifo
def test_a_named_pipe_in_a_cohort_folder_is_counted_as_not_read(tmp_path):
    (tmp_path / "ann.csv").write_text(LOG, encoding="utf-8")
    os.mkfifo(tmp_path / "bob.csv")
    cohort = without_blocking(load_cohort, tmp_path, as_of=AS_OF)
    assert list(cohort.unusable) == ["bob.csv"]
    assert "named pipe" in cohort.unusable["bob.csv"]
    assert cohort.load.summary.applications == 3


# ----------------------------------------------------------------------------------------------- archives
def test_a_damaged_zip_says_so(tmp_path):
    whole = many_parts(tmp_path / "whole.zip", 3).read_bytes()
    path = tmp_path / "export.zip"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(LoadError, match=r"^export\.zip: the zip archive is damaged \(File is not a zip file\); "
                       "download or copy it again"):  # fmt: skip
        load(path, as_of=AS_OF)


def test_a_damaged_workbook_says_it_is_a_workbook(tmp_path):
    path = tmp_path / "log.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(LoadError, match=r"^log\.xlsx: not a readable Excel workbook: the zip archive an \.xlsx "
                       "file is made of is damaged"):  # fmt: skip
        load(path, as_of=AS_OF)


def test_a_zip_inside_a_zip_says_to_unzip_it(tmp_path):
    inner = many_parts(tmp_path / "Basic_LinkedInDataExport.zip", 1)
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(inner, f"export/{inner.name}")
    inside = r"\('export/Basic_LinkedInDataExport\.zip'\), not a LinkedIn data export; unzip it"
    with pytest.raises(LoadError, match=r"^download\.zip: a zip archive inside a zip archive " + inside):
        load(path, as_of=AS_OF)


def test_a_zip_that_is_not_a_linkedin_export_says_what_it_holds(tmp_path):
    path = tmp_path / "search.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(7):
            archive.writestr(f"search/log_{number}.csv", LOG)
    with pytest.raises(LoadError) as refused:
        load(path, as_of=AS_OF)
    assert str(refused.value) == (
        "search.zip: a zip archive that is not a LinkedIn data export (it holds no 'Jobs/Job Applications.csv') nor "
        "an Excel workbook; it holds 7 files: 'search/log_0.csv', 'search/log_1.csv', 'search/log_2.csv', "
        "'search/log_3.csv', 'search/log_4.csv' and 2 more; unzip it and load the log inside"
    )


def test_a_linkedin_export_without_job_applications_says_where_they_are(tmp_path):
    path = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\nSam,Example\n")
        archive.writestr("Connections.csv", "First Name,Last Name\n")
    with pytest.raises(LoadError, match="a LinkedIn data export without your job applications"):
        load(path, as_of=AS_OF)


def test_an_empty_zip_says_it_is_empty(tmp_path):
    path = tmp_path / "export.zip"
    zipfile.ZipFile(path, "w").close()
    with pytest.raises(LoadError, match=r"export\.zip: an empty zip archive"):
        load(path, as_of=AS_OF)


# ----------------------------------------------------------------------------------------------- workbooks
def test_an_encrypted_workbook_says_it_is_password_protected(tmp_path):
    with pytest.raises(LoadError, match=r"^log\.xlsx: the workbook is password-protected \(encrypted\), so it "
                       "cannot be read; open it in Excel with its password, remove the password"):  # fmt: skip
        load(encrypted_workbook(tmp_path / "log.xlsx"), as_of=AS_OF)


def test_an_old_excel_file_is_still_named_as_one(tmp_path):
    path = compound_file(tmp_path / "log.xls", {"Workbook": bytes(4096)})
    with pytest.raises(LoadError, match=r"old-style Excel \(\.xls\) files cannot be read"):
        load(path, as_of=AS_OF)


@pytest.mark.parametrize(("name", "kind"), [("log.xlsx", "an Excel workbook"), ("log.parquet", "a Parquet file")])
def test_csv_text_under_a_workbook_or_parquet_name_is_read_as_csv_and_said_so(tmp_path, name, kind):
    path = tmp_path / name
    path.write_text(LOG, encoding="utf-8")
    result = load(path, as_of=AS_OF)
    assert result.summary.applications == 3
    suffix = Path(name).suffix
    assert f"read as CSV: the file holds text, not {kind} as its {suffix} name says" in result.summary.files[0].notes


def test_binary_bytes_under_a_workbook_name_are_neither(tmp_path):
    path = tmp_path / "log.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(LoadError, match=r"log\.xlsx: neither an Excel workbook, as its name says, nor CSV text"):
        load(path, as_of=AS_OF)


def test_formulas_never_calculated_are_said_to_be_why_cells_are_empty(tmp_path):
    cells = log_cells([("=D2", "2026-03-02", "Applied"), ("Globex", "2026-03-09", "Applied")])
    path = workbook(tmp_path / "generated.xlsx", cells | {"D1": "Employer", "D2": "Acme", "D3": "Globex"})
    result = load(path, as_of=AS_OF)
    assert list(result.applications["company"]) == ["Globex"]
    assert list(result.rejects["reason"]) == ["no company name"]
    notes = result.summary.files[0].notes
    assert notes[0].startswith("1 cell holds a formula whose value was never calculated (in column A; the workbook")
    assert notes[0].endswith("open the workbook in Excel or LibreOffice, save it, and load it again")


def test_a_formula_with_its_value_saved_reads_the_value_and_says_nothing(tmp_path):
    cells = log_cells([("=D2", "2026-03-02", "Applied")])
    plain = workbook(tmp_path / "plain.xlsx", cells | {"D1": "Employer", "D2": "Acme"})
    path = tmp_path / "calculated.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # as Excel saves it: the formula and its value
                data = data.replace(b'<c r="A2"><f>D2</f><v /></c>', b'<c r="A2" t="str"><f>D2</f><v>Acme</v></c>')
                assert b"<v>Acme</v>" in data
            target.writestr(info, data)
    result = load(path, as_of=AS_OF)
    assert list(result.applications["company"]) == ["Acme"]
    assert not [note for note in result.summary.files[0].notes if "formula" in note]


def test_merged_cells_below_the_headers_are_said_to_be_why_cells_are_empty(tmp_path):
    rows = [("Acme", "2026-03-02", "Applied"), (None, "2026-03-03", "Applied"), (None, "2026-03-04", "Rejected")]
    cells = {"A1": "My search 2026"} | {f"{k[0]}{int(k[1:]) + 1}": v for k, v in log_cells(rows).items()}
    path = workbook(tmp_path / "log.xlsx", cells, merged=("A1:C1", "A3:A5"))
    result = load(path, as_of=AS_OF)
    assert result.summary.applications == 1 and result.summary.rejected == 2
    merged = [note for note in result.summary.files[0].notes if "merged" in note]
    assert merged == [
        "merged cells (A3:A5) keep their value in their first cell only, so the others read as empty (a company "
        "typed once for several rows leaves those rows without one): unmerge them in Excel (Home > Merge & "
        "Center), type the value into each row, and load it again"
    ]  # the title merged above the headers is no concern


# ----------------------------------------------------------------------------------------------- cohorts, CLI
def test_load_cohort_and_load_clients_take_the_limits(tmp_path):
    folder = tmp_path / "cohort"
    folder.mkdir()
    workbook(folder / "ann.xlsx", log_cells([(f"Company {n}", "2026-03-02", "Applied") for n in range(5)]))
    (folder / "bob.csv").write_text(LOG, encoding="utf-8")
    small = load_cohort(folder, as_of=AS_OF, limits=Limits(workbook_cells=12))
    assert list(small.unusable) == ["ann.xlsx"] and "workbook_cells" in small.unusable["ann.xlsx"]
    assert load_cohort(folder, as_of=AS_OF, limits=Limits(workbook_cells=18)).unusable == {}
    lines = sample_path("cohort_clients").read_text(encoding="utf-8").splitlines()
    notes = [lines[0] + ",Notes", lines[1] + "," + "x" * MB] + [line + "," for line in lines[2:]]
    clients = tmp_path / "clients.csv"
    clients.write_text("\n".join(notes) + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"clients\.csv: the file is 1\.\d MB, over the file_mb limit of 1 MB"):
        load_cohort(folder, clients=clients, as_of=AS_OF, limits={"file_mb": 1})
    assert load_cohort(folder, clients=clients, as_of=AS_OF, limits={"file_mb": 2}).clients_load.rows == len(lines) - 1


def test_the_command_line_raises_a_limit_with_limit_and_says_so_in_its_own_words(tmp_path, capsys):
    archive = many_parts(tmp_path / "export.zip", 3)
    assert main(["validate", str(archive), "--as-of", AS_OF, "--limit", "archive_members=2"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: export.zip: the archive holds 3 files of job applications, over the ")
    assert error.rstrip().endswith("raise the limit with --limit archive_members=3")
    assert "Limits(" not in error
    assert main(["validate", str(archive), "--as-of", AS_OF, "--limit", "archive_members=3", "--limit",
                 "file_mb=10"]) in (0, 1)  # fmt: skip


@pytest.mark.parametrize(
    ("given", "says"),
    [("archive_gb=2", "the NAME one of: file_mb, archive_mb"), ("archive_mb=lots", "a whole number"),
     ("archive_mb=0", "at least 1")],
)  # fmt: skip
def test_a_wrong_limit_on_the_command_line_is_one_line(tmp_path, capsys, given, says):
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(path), "--limit", given])
    assert exited.value.code == 2
    assert says in capsys.readouterr().err


def test_limits_hold_for_readers_that_other_readers_call():
    """Huntr's reader reads its JSON through a helper the other JSON readers share; the limits given to load
    reach it."""
    board = FORMATS / "huntr.json"
    depth = json_depth(board.read_bytes())
    with pytest.raises(LoadError, match="over the json_depth limit"):
        load(board, as_of=AS_OF, limits=Limits(json_depth=depth - 1))
    assert load(board, as_of=AS_OF, limits=Limits(json_depth=depth)).summary.rows > 0


@needs_fifo
def test_a_named_pipe_in_a_clients_sub_folder_is_counted_as_not_read(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "export.csv").write_text(LOG, encoding="utf-8")
    os.mkfifo(tmp_path / "ann" / "pipe.csv")
    (tmp_path / "bob.csv").write_text(LOG, encoding="utf-8")
    cohort = without_blocking(load_cohort, tmp_path, as_of=AS_OF)
    assert list(cohort.unusable) == ["ann/pipe.csv"]
    assert "named pipe" in cohort.unusable["ann/pipe.csv"]
    assert cohort.load.summary.applications == 6


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data.replace(b"\x14\x00", b"\x40\x00"), id="a zip version nobody reads"),
        pytest.param(lambda data: data[:60] + bytes(40) + data[100:], id="a corrupt deflate stream"),
    ],
)
def test_a_damaged_linkedin_zip_is_one_clear_line(tmp_path, damage):
    """Random archives found zipfile's other errors (NotImplementedError, zlib.error) escaping as crashes."""
    whole = many_parts(tmp_path / "whole.zip", 1).read_bytes()
    path = tmp_path / "export.zip"
    path.write_bytes(damage(whole))
    with pytest.raises(LoadError, match=r"^export\.zip: "):
        load(path, as_of=AS_OF)
