"""Hand-kept spreadsheets: CSV (comma, semicolon, tab or pipe; in any encoding :mod:`.encodings` tells),
Excel workbooks (.xlsx) and Parquet.

Title rows above the headers are allowed: the header row is the first row (among the first 30) that holds
the most recognised headers. Row numbers are those a spreadsheet shows, so "row 17" in a report is row 17
on screen.
"""

from __future__ import annotations

import contextlib
import csv
import io
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import RawTable, Reader
from jobsearch_analysis.ingest.formats.encodings import as_utf8
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
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        magic = handle.read(4)
    if suffix == ".xls" or magic == b"\xd0\xcf\x11\xe0":
        raise LoadError(f"{path.name}: old-style Excel (.xls) files cannot be read; save it as .xlsx or CSV")
    if suffix in _PARQUET_SUFFIXES or magic == b"PAR1":
        return [_read_parquet(path)]
    if suffix in _EXCEL_SUFFIXES or magic == b"PK\x03\x04":
        return [_read_excel(path)]
    return [_read_text(path)]


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
    try:
        with warnings.catch_warnings():  # "Slicer List extension is not supported": parts we never read
            warnings.filterwarnings("ignore", module="openpyxl")
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LoadError(f"{path.name}: not a readable Excel workbook ({error})") from None
    except Exception as error:  # openpyxl raises many kinds of error on damaged workbooks
        raise LoadError(f"{path.name}: not a readable Excel workbook ({type(error).__name__})") from None
    candidates = []
    for name, grid in sheets.items():
        if grid.empty:
            continue
        header_index, score = _find_header(grid)
        candidates.append((score, name, grid, header_index))
    if not candidates:
        raise LoadError(f"{path.name}: every sheet in the workbook is empty")
    best = max(candidates, key=lambda c: c[0])  # max keeps the first sheet among equals
    _, sheet, grid, _ = best
    label = path.name if len(sheets) == 1 else f"{path.name} [{sheet}]"
    table = _with_header(grid, label, "spreadsheet")
    if len(sheets) > 1:
        table.notes.append(f"read sheet '{sheet}' (the one whose headers look like a job-search log)")
    return table


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


def _with_header(grid: pd.DataFrame, label: str, format_name: str) -> RawTable:
    top = _top_rows(grid)
    header_index, _ = _find_header(grid, top)
    raw_headers = top[header_index].tolist() if len(top) else []
    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, value in enumerate(raw_headers):
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
    rows = np.arange(header_index + 2, header_index + 2 + len(frame), dtype=np.int64)
    notes = [f"headers found on row {header_index + 1}"] if header_index else []
    return RawTable(
        frame=frame, rows=rows, source_file=label, format=format_name, header_row=header_index + 1, notes=notes
    )
