"""Hand-kept spreadsheets: CSV (comma, semicolon, tab or pipe; in any encoding :mod:`.encodings` tells),
Excel workbooks (.xlsx) and Parquet.

Title rows above the headers are allowed: the header row is the first row (among the first 30) that holds
the most recognised headers. Row numbers are those a spreadsheet shows, so "row 17" in a report is row 17
on screen.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import WORKBOOK_PART, ZIP_MAGIC, RawTable, Reader, archive_refusal
from jobsearch_analysis.ingest.formats.encodings import as_utf8
from jobsearch_analysis.ingest.limits import Counted, active, check_expansion, open_zip
from jobsearch_analysis.ingest.vocab import header_role

_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_HEADER_SEARCH_ROWS = 30
_DELIMITERS = (",", ";", "\t", "|")
_FAST_BYTES = 1_000_000
"""Text files this large are read by pyarrow when they are regular UTF-8 (see ``_read_fast``)."""


def detect(path: Path, head: bytes) -> bool:
    suffix = path.suffix.lower()
    return suffix in _TEXT_SUFFIXES | _EXCEL_SUFFIXES | _PARQUET_SUFFIXES | {".xls"} or (
        head.startswith((b"PK\x03\x04", b"PAR1")) or b"\x00" not in head[:4096]
    )


def read(path: Path) -> list[RawTable]:
    """A spreadsheet by what its bytes are, whatever its name says: a workbook is a zip archive, Parquet starts
    with PAR1, and anything else is read as delimited text (a CSV saved under an .xlsx name, with a note)."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(_OLE):
        raise _old_or_encrypted(path)
    if magic.startswith(b"PAR1"):
        return [_read_parquet(path)]
    if magic.startswith(ZIP_MAGIC):
        return [_read_excel(path)]
    if suffix in _MISNAMED:
        return [_read_misnamed(path, _MISNAMED[suffix])]
    return [_read_text(path)]


_OLE = b"\xd0\xcf\x11\xe0"
"""How an OLE compound file starts: an old .xls workbook, or an encrypted .xlsx (Excel wraps those in one)."""
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
"""The stream an encrypted workbook keeps its contents in, named in the compound file's directory (UTF-16)."""
_MISNAMED = dict.fromkeys(_EXCEL_SUFFIXES | {".xls"}, "an Excel workbook") | dict.fromkeys(
    _PARQUET_SUFFIXES, "a Parquet file"
)
"""What a file's name says it is, for the names whose content has a signature of its own."""


def _old_or_encrypted(path: Path) -> LoadError:
    with path.open("rb") as handle:
        encrypted = _ENCRYPTED in handle.read()  # within the file size limit, checked before
    if encrypted:
        return LoadError(
            f"{path.name}: the workbook is password-protected (encrypted), so it cannot be read; open it in Excel "
            "with its password, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
            "then clear it) and save it, or save a copy as CSV, and load that"
        )
    return LoadError(f"{path.name}: old-style Excel (.xls) files cannot be read; save it as .xlsx or CSV")


def _read_misnamed(path: Path, kind: str) -> RawTable:
    """A file named as a workbook or Parquet that holds text: read as CSV, and said so."""
    try:
        table = _read_text(path)
    except LoadError:
        raise LoadError(
            f"{path.name}: neither {kind}, as its name says, nor CSV text; save the log again as .xlsx or CSV "
            "and load that"
        ) from None
    table.notes.append(f"read as CSV: the file holds text, not {kind} as its {path.suffix} name says")
    return table


READER = Reader(
    name="spreadsheet",
    description="a hand-kept spreadsheet log (CSV, XLSX or Parquet)",
    detect=detect,
    read=read,
)
READERS = (READER,)


# ----------------------------------------------------------------------------------------------- text
@contextlib.contextmanager
def cells_of_any_size():
    """The csv module refuses a cell over 131,072 characters ("field larger than field limit"); a cell in a log
    is as long as its file, which is already read, so the limit is lifted while the file is split (and put back)."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[: _HEADER_SEARCH_ROWS + 20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in _DELIMITERS:
        with cells_of_any_size():
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        # Prefer the delimiter that splits most lines into the same number of cells.
        score = widths.count(modal) * 1000 + modal
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_text(path: Path) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    return read_text_bytes(data, path.name)


def _read_fast(body: bytes, delimiter: str) -> pd.DataFrame | None:
    """The grid of a large, regular file (as UTF-8) read by pyarrow's multi-threaded parser, every cell as text.

    Only for files whose row numbers it cannot shift: no blank line (pyarrow skips them) and every row as wide
    as the first (a ragged row raises and the careful reader below takes over). None when that does not hold.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if len(body) < _FAST_BYTES or b"\n\n" in body or b"\n\r\n" in body or body.startswith((b"\n", b"\r\n")):
        return None
    first_line = body[: body.find(b"\n") if b"\n" in body else len(body)].decode("utf-8", errors="replace")
    with cells_of_any_size():
        width = len(next(csv.reader([first_line.rstrip("\r")], delimiter=delimiter)))
    names = [f"f{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    text = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str"
    grid = table.to_pandas(types_mapper={pa.string(): text, pa.large_string(): text}.get)
    return grid.set_axis(range(width), axis=1)


def read_text_bytes(data: bytes, label: str) -> RawTable:
    """A delimited text table from its bytes, in whatever encoding (see :mod:`.encodings`); ``label`` names it
    in messages and reports."""
    body, notes = as_utf8(label, data)
    if not body or body.isspace():
        raise LoadError(f"{label}: the file holds no rows")
    table = _read_body(body, label)
    table.notes[:0] = notes
    return table


def _read_body(body: bytes, label: str) -> RawTable:
    """The table in UTF-8 bytes: a big regular file by pyarrow, anything else by pandas (or the csv module)."""
    if len(body) >= _FAST_BYTES:
        head = body[:65_536].decode("utf-8", errors="ignore")
        grid = _read_fast(body, _sniff_delimiter(head.rsplit("\n", 1)[0]))
        if grid is not None:
            return _with_header(grid, label, "spreadsheet")
    text = body.decode("utf-8")
    delimiter = _sniff_delimiter(text)
    widths = None
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, csv.Error, ValueError):
        grid, widths = _read_ragged(label, text, delimiter)
    except pd.errors.EmptyDataError:
        raise LoadError(f"{label}: the file holds no rows") from None
    if widths is not None:
        # Cells past the header's last column belong to rows with a stray delimiter, not to a column.
        header_index, _ = _find_header(grid)
        header_width = int(widths[header_index])
        grid = grid.iloc[:, :header_width]
    table = _with_header(grid, label, "spreadsheet")
    if widths is not None:
        table.too_wide = widths[table.rows - 1] > header_width
    return table


def _read_ragged(label: str, text: str, delimiter: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows of different lengths: read them with the csv module and pad, remembering each row's width."""
    try:
        with cells_of_any_size():
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise LoadError(f"{label}: not a readable CSV file ({error})") from None
    widths = np.array([len(row) for row in rows], dtype=np.int64)
    width = int(widths.max()) if len(widths) else 0
    padded = [row + [""] * (width - len(row)) for row in rows]
    return pd.DataFrame(padded, dtype="str"), widths


# ----------------------------------------------------------------------------------------------- excel
def _read_excel(path: Path) -> RawTable:
    """The sheet whose headers look most like a job-search log, read from the cells the workbook stores (not
    the range it declares), within the archive and cell limits."""
    with open_zip(path, path.name) as archive:
        members = archive.infolist()
    names = [m.filename for m in members if not m.filename.endswith("/")]
    if not any(name.lower() == WORKBOOK_PART for name in names):
        raise archive_refusal(path.name, names)
    check_expansion(path.name, members)
    try:
        with warnings.catch_warnings():  # "Slicer List extension is not supported": parts we never read
            warnings.filterwarnings("ignore", module="openpyxl")
            sheets = _sheets(path)
    except LoadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LoadError(f"{path.name}: not a readable Excel workbook ({error})") from None
    except Exception as error:  # openpyxl raises many kinds of error on damaged workbooks
        raise LoadError(f"{path.name}: not a readable Excel workbook ({type(error).__name__})") from None
    candidates = []
    for sheet in sheets:
        if sheet.grid.empty:
            continue
        header_index, score = _find_header(sheet.grid)
        candidates.append((score, sheet, header_index))
    if not candidates:
        raise LoadError(f"{path.name}: every sheet in the workbook is empty")
    _, sheet, header_index = max(candidates, key=lambda c: c[0])  # max keeps the first sheet among equals
    label = path.name if len(sheets) == 1 else f"{path.name} [{sheet.name}]"
    table = _with_header(sheet.grid, label, "spreadsheet", first_row=sheet.first_row)
    table.notes += sheet.notes(sheet.first_row + header_index)
    if len(sheets) > 1:
        table.notes.append(f"read sheet '{sheet.name}' (the one whose headers look like a job-search log)")
    return table


@dataclass
class _Sheet:
    """One sheet's cells: ``grid`` spans the rows from ``first_row`` (1-based) to the last row holding a value,
    and holds the columns that hold one, labelled by position (0 for A); empty cells are NaN.

    uncached  the cells holding a formula with no value saved (a workbook written by a program and never opened
              in Excel): (row, column), 1-based
    merged    the merged ranges ("B3:B5")
    """

    name: str
    grid: pd.DataFrame
    first_row: int
    uncached: list[tuple[int, int]]
    merged: list[str]

    def notes(self, header_row: int) -> list[str]:
        """Why cells below the header read as empty, when formulas or merged cells make them so."""
        notes = []
        uncached = [(row, column) for row, column in self.uncached if row > header_row]
        if uncached:
            columns = sorted({column for _, column in uncached})
            where = ", ".join(_column_letter(c - 1) for c in columns[:5]) + (" ..." if len(columns) > 5 else "")
            notes.append(
                f"{len(uncached)} {'cell holds a formula' if len(uncached) == 1 else 'cells hold formulas'} whose "
                f"value was never calculated (in column {where}; the workbook was written by a program and never "
                "opened in Excel), so they read as empty: open the workbook in Excel or LibreOffice, save it, and "
                "load it again"
            )
        below = [ref for ref in self.merged if _last_row(ref) > header_row]
        if below:
            shown = ", ".join(below[:5]) + (f" and {len(below) - 5} more" if len(below) > 5 else "")
            notes.append(
                f"merged cells ({shown}) keep their value in their first cell only, so the others read as empty "
                "(a company typed once for several rows leaves those rows without one): unmerge them in Excel "
                "(Home > Merge & Center), type the value into each row, and load it again"
            )
        return notes


def _last_row(ref: str) -> int:
    from openpyxl.utils.cell import range_boundaries

    return range_boundaries(ref)[3]


def _sheets(path: Path) -> list[_Sheet]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return [_sheet_cells(sheet, path.name) for sheet in book.worksheets]
    finally:
        book.close()


def _sheet_cells(sheet, label: str) -> _Sheet:
    """The values a sheet stores, placed on a grid only once its extent is known to fit ``workbook_cells``."""
    limit = active().workbook_cells
    rows, columns, values = [], [], []
    first_row, last_column = 0, 0
    with Counted(sheet._get_source(), label) as source:  # openpyxl's own reader, on a counted stream
        parser = _cell_parser()(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        for row, cells in parser.parse():
            for cell in cells:
                value = _value(cell)
                if value is None:
                    continue
                first_row = first_row or cell["row"]
                last_column = max(last_column, cell["column"])
                rows.append(cell["row"])
                columns.append(cell["column"])
                values.append(value)
            span = (row - first_row + 1) * last_column if first_row else 0
            if span > limit or len(values) > limit:
                raise _too_many_cells(label, sheet.title, row, last_column, max(span, len(values)))
    merged = [str(ref) for ref in parser.merged_cells.mergeCell] if parser.merged_cells else []
    if not values:
        return _Sheet(sheet.title, pd.DataFrame(), 1, parser.uncached, merged)
    row_index = np.asarray(rows, dtype=np.int64) - first_row
    used, column_index = np.unique(np.asarray(columns, dtype=np.int64) - 1, return_inverse=True)
    grid = np.full((int(row_index.max()) + 1, len(used)), np.nan, dtype=object)
    cells = np.empty(len(values), dtype=object)
    cells[:] = values
    grid[row_index, column_index] = cells  # only the columns holding a value: the others are the sheet's margin
    return _Sheet(sheet.title, pd.DataFrame(grid, columns=used), first_row, parser.uncached, merged)


def _too_many_cells(label: str, sheet: str, row: int, column: int, cells: int) -> LoadError:
    corner = f"{_column_letter(column - 1)}{row}"
    found = (
        f"the sheet '{sheet}' spans {cells:,} cells, as it holds a value as far out as {corner} (a stray value far "
        f"from the table does that: delete it; Ctrl+End in Excel goes to the sheet's last cell)"
    )
    return active().refusal(label, found, "workbook_cells", cells * 1.1)


def _value(cell: dict) -> object:
    """A cell's value as pandas reads it from openpyxl: a whole number as int, an error (#N/A) as empty."""
    value = cell["value"]
    if value is None or cell["data_type"] == "e":
        return None
    if cell["data_type"] == "n" and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value:
        return None
    return value


@functools.cache
def _cell_parser() -> type:
    """openpyxl's sheet parser, also noting the formula cells that hold no saved value (openpyxl is imported
    only when a workbook is read)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.uncached: list[tuple[int, int]] = []

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                self.uncached.append((cell["row"], cell["column"]))
            return cell

    return CellParser


# ----------------------------------------------------------------------------------------------- parquet
def _read_parquet(path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several unrelated types for a damaged file
        raise LoadError(f"{path.name}: not a readable Parquet file ({type(error).__name__})") from None
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    return RawTable(
        frame=frame,
        rows=rows,
        source_file=path.name,
        format="spreadsheet",
        header_row=0,
        notes=["Parquet has no header row: rows are numbered from 1"],
    )


# ----------------------------------------------------------------------------------------------- headers
def _top_rows(grid: pd.DataFrame) -> np.ndarray:
    """The rows where headers may be, as a numpy array of cells (a sheet of text read column by column at C
    speed: a wide sheet has thousands of columns)."""
    head = grid.iloc[:_HEADER_SEARCH_ROWS]
    if len(head.columns) and all(dtype == "str" for dtype in head.dtypes):
        return privacy.stacked_text(head).to_numpy(dtype=object).reshape(head.shape[1], len(head)).T
    return head.to_numpy(dtype=object)


def _find_header(grid: pd.DataFrame, top: np.ndarray | None = None) -> tuple[int, int]:
    """The row (0-based) holding the headers, and how many of them are recognised.

    The first row, unless a later one among the first rows (below a title, say) holds more recognised
    headers, at least two of them, including a company or an application-date header: a data row whose
    status happens to read "Rejected" must not pass for a header.
    """

    top = _top_rows(grid) if top is None else top
    known: dict[str, str | None] = {}

    def role(value: str) -> str | None:
        if value not in known:
            found = header_role(value)
            known[value] = None if found is None else found[0]
        return known[value]

    def roles(index: int) -> list[str]:
        found = (role(v) for v in top[index] if isinstance(v, str))
        return [f for f in found if f is not None]

    best_index, best_score = 0, len(roles(0)) if len(grid) else 0
    for index in range(1, len(top)):
        found = roles(index)
        if len(found) > max(best_score, 1) and {"company", "applied_on"} & set(found):
            best_index, best_score = index, len(found)
    return best_index, best_score


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _with_header(grid: pd.DataFrame, label: str, format_name: str, *, first_row: int = 1) -> RawTable:
    """The table under the header row; ``grid`` is labelled by column position (0 for A), and its first row is
    row ``first_row`` of the sheet."""
    top = _top_rows(grid)
    header_index, _ = _find_header(grid, top)
    raw_headers = top[header_index].tolist() if len(top) else []
    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, value in zip(grid.columns, raw_headers, strict=True):
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
        text = text.lstrip("\ufeff")
        if not text:
            text = f"column {_column_letter(position)}"
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        headers.append(text)
    body = grid.iloc[header_index + 1 :]
    frame = body.set_axis(headers, axis=1).reset_index(drop=True)
    # Columns with no header and no value are just the sheet's empty margin.
    unnamed_empty = [
        h
        for h, raw in zip(headers, raw_headers, strict=True)
        if h.startswith("column ")
        and (raw is None or str(raw).strip() in ("", "nan"))
        and frame[h].map(lambda v: v is None or str(v).strip() in ("", "nan", "NaT")).all()
    ]
    frame = frame.drop(columns=unnamed_empty)
    header_row = first_row + header_index
    rows = np.arange(header_row + 1, header_row + 1 + len(frame), dtype=np.int64)
    notes = [f"headers found on row {header_row}"] if header_row > 1 else []
    return RawTable(frame=frame, rows=rows, source_file=label, format=format_name, header_row=header_row, notes=notes)
