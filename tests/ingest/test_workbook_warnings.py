"""Reading a workbook never lets openpyxl's warnings reach the terminal."""

import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jobsearch_analysis import load

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real-logs" / "files"
FILE_10 = REAL / "10_de_xlsx_multisheet_Loki0821_Bewerbungen.xlsx"
SLICER_LIST = "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}"


def workbook_with_a_slicer_extension(tmp_path: Path) -> Path:
    """A log whose sheet carries an extension openpyxl warns about (Excel writes one for a table's slicers)."""
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Company", "Date applied", "Status"])
    sheet.append(["Acme", "2026-03-02", "Rejected"])
    sheet.append(["Globex", "2026-03-05", "Applied"])
    book.save(plain)
    path = tmp_path / "with_slicer.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                extension = f'<extLst><ext uri="{SLICER_LIST}"/></extLst></worksheet>'.encode()
                data = data.replace(b"</worksheet>", extension)
            target.writestr(item, data)
    return path


def test_the_extension_does_make_openpyxl_warn(tmp_path):
    """The fixture is worth having: openpyxl itself warns on it."""
    with pytest.warns(UserWarning, match="extension is not supported"):
        openpyxl.load_workbook(workbook_with_a_slicer_extension(tmp_path))


def test_loading_a_workbook_emits_no_warning(tmp_path):
    path = workbook_with_a_slicer_extension(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = load(path, as_of="2026-06-30")
    assert [str(w.message) for w in caught] == []
    assert len(result.applications) == 2


@pytest.mark.skipif(not FILE_10.exists(), reason=f"the real logs are not at {REAL} (../shared/corpus/real-logs)")
def test_real_file_10_loads_without_warnings():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load(FILE_10, as_of="2026-12-01", mapping={"Einreichdatum": "applied_on"})
    assert [str(w.message) for w in caught] == []
