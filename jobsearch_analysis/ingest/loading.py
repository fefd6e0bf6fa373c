"""``load``: files in, one validated applications table out, every input row accounted for."""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError, python_fix
from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest.applications import APPLICATIONS, read_applications
from jobsearch_analysis.ingest.canonical import CANONICAL_NOTE, canonical_frame, checked
from jobsearch_analysis.ingest.formats import RawTable, frame_table, read_file
from jobsearch_analysis.ingest.history import fold
from jobsearch_analysis.ingest.issues import REJECT_COLUMNS, STATUS_WORDS
from jobsearch_analysis.ingest.limits import Limits, limits_of
from jobsearch_analysis.ingest.merging import CONFLICT_COLUMNS, by_link, link_header, merge
from jobsearch_analysis.ingest.pipeline import Source, TableRead, check_accounting, schema_issues, usable
from jobsearch_analysis.ingest.vocab import resolve_status
from jobsearch_analysis.schema import AS_OF_RULE, COLUMN_WORDS, COLUMNS


@dataclass(frozen=True)
class FileSummary:
    """What happened to one file (or one sheet)."""

    file: str
    format: str
    rows: int
    applications: int
    rejected: int
    skipped: int
    header_row: int
    columns: dict[str, str]
    private: tuple[str, ...]
    own: tuple[str, ...]
    notes: tuple[str, ...]
    folded: int = 0
    merged: int = 0
    unmatched: int = 0
    late: int = 0
    as_of_doubted: bool = False

    def as_of_note(self, as_of: pd.Timestamp, fix: Callable[[str], str] = python_fix) -> str | None:
        """The file-level note when the as-of date, not the rows, looks like the mistake (see
        :func:`as_of_doubted`): many rows, or a run of the latest ones, rejected as dated after it."""
        if not self.as_of_doubted:
            return None
        return (
            f"{self.late:,} of {self.rows:,} rows are rejected as dated after the as-of date: the as-of date "
            f"({as_of:%Y-%m-%d}) may be wrong, not the rows; pass {fix('as_of')} with the day your log describes"
        )


@dataclass(frozen=True)
class LoadSummary:
    """Counts for the whole load; ``rows == applications + rejected + skipped + folded + merged`` always holds
    (``folded``: event rows that became part of an application's history; ``merged``: rows matched to an
    application of an earlier file). ``issues`` holds every issue found, one per row and code."""

    files: tuple[FileSummary, ...]
    as_of: pd.Timestamp
    rejects: pd.DataFrame
    conflicts: pd.DataFrame | None = None
    unrecorded: int = 0
    issues: pd.DataFrame = field(default_factory=issue.empty)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def applications(self) -> int:
        return sum(f.applications for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def folded(self) -> int:
        return sum(f.folded for f in self.files)

    @property
    def merged(self) -> int:
        return sum(f.merged for f in self.files)

    def to_frame(self) -> pd.DataFrame:
        """One row per file: file, format, rows, applications, rejected, skipped."""
        fields = ("file", "format", "rows", "applications", "rejected", "skipped")
        return pd.DataFrame([{name: getattr(f, name) for name in fields} for f in self.files], columns=list(fields))

    @property
    def warnings(self) -> pd.DataFrame:
        """The cells left empty while their application was kept: source_file, source_row, column (the header),
        value (as typed), reason, code; one row per cell."""
        found = self.issues.loc[self.issues["kind"] == "warning"] if len(self.issues) else self.issues
        frame = found.assign(reason=issue.reason(found))
        frame = frame.sort_values(["source_file", "source_row"], kind="stable")
        return frame[["source_file", "source_row", "column", "value", "reason", "code"]].reset_index(drop=True)

    def skipped_words(self) -> list[str]:
        """The rows skipped as not applications, counted by kind: ["2 saved jobs", "1 blank row"]."""
        return issue.counted_words(self.issues, "skipped")

    def render(self, *, max_rows: int = 25, fix: Callable[[str], str] = python_fix) -> str:
        """The summary as plain text for a terminal; ``fix`` says how a parameter is set (the command line
        passes its flags)."""
        lines = [
            line for f in self.files for line in (*_file_lines(f), *(f"  {note}" for note in self.file_notes(f, fix)))
        ]
        lines += self.problem_lines(max_rows=max_rows, fix=fix)
        lines.append(self.total_line())
        lines += self.unrecorded_lines(fix)
        return "\n".join(lines)

    def file_notes(self, f: FileSummary, fix: Callable[[str], str] = python_fix) -> list[str]:
        """What the summary notes about one file: how its columns and dates were read, the words read as
        another ("read 'Rejcted' as rejected (2 rows)"), and an as-of date that looks wrong."""
        doubt = f.as_of_note(self.as_of, fix)
        return [*f.notes, *_noted_lines(self.issues, f.file), *([doubt] if doubt else [])]

    def problem_lines(self, *, max_rows: int = 25, fix: Callable[[str], str] = python_fix) -> list[str]:
        """The rejected rows with their reasons, the rows skipped by kind, and the conflicts between files."""
        lines = _reject_lines(self.rejects, self.issues, max_rows, fix)
        lines += _warning_lines(self.warnings, self.issues, max_rows, fix)
        if self.skipped:
            lines.append("Skipped (not applications): " + ", ".join(self.skipped_words()))
        return lines + _conflict_lines(self.conflicts, max_rows)

    def total_line(self) -> str:
        """ "Total: 304 rows = 296 applications + 5 rejected + 3 skipped. As of 2026-11-02." """
        extra = (f" + {self.folded} folded into histories" if self.folded else "") + (
            f" + {self.merged} matched across files" if self.merged else ""
        )
        return (
            f"Total: {_count(self.rows, 'row')} = {_count(self.applications, 'application')} + {self.rejected:,} "
            f"rejected + {self.skipped:,} skipped{extra}. As of {self.as_of:%Y-%m-%d}."
        )

    def unrecorded_lines(self, fix: Callable[[str], str] = python_fix) -> list[str]:
        """What to do about applications from a source that records no replies (none when there are none)."""
        if not self.unrecorded:
            return []
        return [
            f"{_count(self.unrecorded, 'application')} {'comes' if self.unrecorded == 1 else 'come'} from a "
            "source that records no replies (LinkedIn's "
            "archive, a bare job list): their outcome is unknown, not 'no reply'. Load a status sheet with "
            f"them, or pass {fix('outcomes_complete')} if no replies came."
        ]

    def __str__(self) -> str:
        return self.render()


def _file_lines(f: FileSummary) -> list[str]:
    parts = [_count(f.applications, "application"), f"{f.rejected:,} rejected", f"{f.skipped:,} skipped"]
    if f.folded:
        parts.append(f"{f.folded} folded into an application's history")
    if f.merged:
        parts.append(f"{f.merged} matched to applications in an earlier file")
    lines = [f"{f.file} ({f.format})", f"  {_count(f.rows, 'row')}: " + ", ".join(parts)]
    if f.unmatched:
        lines.append(
            f"  {f.unmatched} rows matched no application in the earlier files: kept as applications of their own"
        )
    mapped = [f"{h} -> {COLUMN_WORDS.get(r, r)}" for h, r in f.columns.items() if r != "private"]
    if mapped:
        lines.append("  columns read: " + ", ".join(mapped))
    if f.private:
        lines.append("  not kept (personal data): " + first_names(f.private))
    if f.own:
        lines.append("  kept as your own columns: " + first_names(f.own))
    return lines


def first_names(names: tuple[str, ...] | list[str], shown: int = 20) -> str:
    """Names joined with commas, the first ``shown`` of a long list and how many more: a sheet of 5,000
    columns is one readable line, not 5,000 names."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")


def _unrecorded(combined: pd.DataFrame, found: pd.DataFrame) -> int:
    """Applications whose source records no outcome (not those whose status word nobody could read: the
    summary names those with their word)."""
    words = found.loc[(found["code"] == "unknown_status") & (found["kind"] == "warning")] if len(found) else found
    silent = combined.loc[~combined["outcome_recorded"].to_numpy(dtype=bool), ["source_file", "source_row"]]
    if words.empty or silent.empty:
        return len(silent)
    unread = pd.MultiIndex.from_frame(words[["source_file", "source_row"]].astype({"source_row": "int64"}))
    rows = pd.MultiIndex.from_frame(silent.astype({"source_row": "int64"}))
    return int((~rows.isin(unread)).sum())


def _warning_lines(warnings: pd.DataFrame, found: pd.DataFrame, max_rows: int, fix: Callable[[str], str]) -> list[str]:
    """The cells left empty, one line each (a status word nobody knows once, with its rows): the application
    was kept, only the cell was lost."""
    if warnings.empty:
        return []
    by_word = warnings["code"] == "unknown_status"
    shown = warnings.loc[~by_word].assign(value=privacy.scrub(warnings.loc[~by_word, "value"]))
    entries = [
        (w.source_file, w.source_row, f"  {w.source_file} row {w.source_row}, {w.column}"
         f"{f' {w.value!r}' if w.value else ''}: {w.reason}")
        for w in shown.head(max_rows).itertuples(index=False)
    ]  # fmt: skip
    words = _word_entries(warnings.loc[by_word], found, fix, "their outcome is left unknown")
    entries += [entry[:2] + entry[3:] for entry in words]
    entries.sort(key=lambda entry: entry[:2])
    lines = [f"Cells left empty, the application kept ({len(warnings)}):"] + [e[2] for e in entries[:max_rows]]
    if len(entries) > max_rows:
        lines.append(f"  ... and {len(entries) - max_rows} more")
    return lines


def _noted_lines(found: pd.DataFrame, file: str) -> list[str]:
    """A file's notes, once per code and value with their row count: "read 'Rejcted' as rejected (2 rows)"."""
    notes = found.loc[(found["kind"] == "note") & (found["source_file"] == file)] if len(found) else found
    if notes.empty:
        return []
    counts = notes.groupby(["code", "value", "detail"], sort=False).size()
    return [
        f"  {issue.issue_type(code).note(value, detail)} ({_count(n, 'row')})"
        for (code, value, detail), n in counts.items()
    ]


def _reject_lines(rejects: pd.DataFrame, found: pd.DataFrame, max_rows: int, fix: Callable[[str], str]) -> list[str]:
    """The rejected rows with their reasons, one line a row; a status word nobody knows is said once, with
    its rows, a "did you mean" and how to name it (a row with other problems too keeps its line for them)."""
    errors = rejects.loc[rejects["kind"] == "error"]
    if not len(errors):
        return []
    by_word = errors["code"] == "unknown_status"
    entries = [
        (rec.source_file, rec.source_row, ((rec.source_file, rec.source_row),), _row_line(rec))
        for rec in errors.loc[~by_word].head(max_rows).itertuples(index=False)
    ]
    entries += _word_entries(errors, found, fix)
    entries.sort(key=lambda entry: entry[:2])
    lines = [f"Rejected rows ({len(errors):,}), with the reason:"] + [entry[3] for entry in entries[:max_rows]]
    shown = len({row for entry in entries[:max_rows] for row in entry[2]})
    if shown < len(errors):
        lines.append(f"  ... and {len(errors) - shown} more (all of them are in {fix('rejects')})")
    return lines


_UNKNOWN_STATUS = re.compile(
    r"a status we do not know( \(did you mean [^)]*\))?; use one of " + re.escape(STATUS_WORDS) + r", or name it "
    r"with statuses=\{\.\.\.\}"
)


def _row_line(rec) -> str:
    value = f" {rec.value!r}" if rec.value else ""
    reason = _UNKNOWN_STATUS.sub("a status we do not know (said once for its word)", rec.reason)
    return f"  {rec.source_file} row {rec.source_row}, {rec.column}{value}: {reason}"


def _word_entries(errors: pd.DataFrame, found: pd.DataFrame, fix: Callable[[str], str], kept: str = "") -> list[tuple]:
    """One line per status word nobody knows: (file, first row, its rows, line); ``kept`` says what became of
    rows that were kept."""
    words = found.loc[found["code"] == "unknown_status"] if len(found) else found
    if words.empty:
        return []
    words = words.merge(errors[["source_file", "source_row"]])
    entries = []
    for (file, column, value, near), numbers in words.groupby(["source_file", "column", "value", "detail"], sort=False)[
        "source_row"
    ]:
        numbers = sorted(numbers)
        value = str(privacy.scrub(pd.Series([value], dtype="str")).iloc[0])  # as the rejects show it
        shown = ", ".join(map(str, numbers[:5])) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
        where = f"row {shown}" if len(numbers) == 1 else f"{len(numbers)} rows ({shown})"
        meaning = re.match(r"'([^']*)'", near)
        example = {value: meaning.group(1) if meaning else "applied"}
        line = (
            f"  {file} {where}, {column} {value!r}: a status we do not know"
            + (f" (did you mean {near}?)" if near else "")
            + (f"; {kept.replace('their', 'its') if len(numbers) == 1 else kept}" if kept else "")
            + f"; name what it means with {fix('statuses', example)}, using one of {STATUS_WORDS}"
        )
        entries.append((file, numbers[0], tuple((file, n) for n in numbers), line))
    return entries


def _conflict_lines(conflicts: pd.DataFrame | None, max_rows: int) -> list[str]:
    if conflicts is None or not len(conflicts):
        return []
    lines = [f"Conflicts between files ({len(conflicts)}; the earlier file's value was kept):"]
    for rec in conflicts.head(max_rows).itertuples(index=False):
        lines.append(
            f"  {rec.source_file} row {rec.source_row} vs {rec.other_file} row {rec.other_row}, "
            f"{rec.column}: kept {rec.kept!s}, the other says {rec.other!s}"
        )
    if len(conflicts) > max_rows:
        lines.append(f"  ... and {len(conflicts) - max_rows} more")
    return lines


@dataclass(frozen=True, repr=False)
class LoadResult:
    """What :func:`load` returns.

    applications  the valid rows, validated against :class:`~jobsearch_analysis.schema.Applications`
    rejects       one row per input row that was not used: source_file, source_row, column (the header as in
                  the file), value (as typed), reason (plain words), kind ("error": fix it; "skipped": not an
                  application, such as a blank row or a saved job), code (the issue codes, see
                  :mod:`jobsearch_analysis.ingest.issues`)
    summary       counts per file, the columns read, the columns not kept, notes; ``str(summary)`` prints it
    as_of         the day the log describes: nothing after it is believed, and open applications are
                  followed up to it. Pass it to the analysis functions (``as_of=result.as_of``).
    issues        every issue, one row per row and code (the rejects join a row's issues into one line)
    """

    applications: pd.DataFrame
    rejects: pd.DataFrame
    summary: LoadSummary
    as_of: pd.Timestamp
    issues: pd.DataFrame = field(default_factory=issue.empty)

    @property
    def ok(self) -> bool:
        """True when no row was rejected as an error (skipped rows are fine)."""
        return not (self.rejects["kind"] == "error").any()

    def __repr__(self) -> str:
        """The counts, the files and the as-of date on one line, never the tables (a notebook shows this too).

        >>> from jobsearch_analysis import load_sample
        >>> load_sample("personal_log")
        <LoadResult: 296 applications, 5 rejected, 3 skipped from personal_log.csv, as of 2026-11-02>
        """
        names = [f.file for f in self.summary.files]
        files = " and ".join(names) if len(names) <= 2 else f"{len(names)} files ({names[0]}, ...)"
        return (
            f"<LoadResult: {_count(len(self.applications), 'application')}, {self.summary.rejected} rejected, "
            f"{self.summary.skipped} skipped from {files}, as of {self.as_of:%Y-%m-%d}>"
        )

    def _repr_html_(self) -> str:
        """Jupyter shows the same one line (a dataclass would otherwise print every table in it)."""
        return f"<code>{html.escape(repr(self))}</code>"


def load(
    path_or_paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    mapping: Mapping[str, str] | None = None,
    dayfirst: bool | None = None,
    as_of: object = None,
    statuses: Mapping[str, str] | None = None,
    format: str | None = None,
    client_id: str = "self",
    keep_contacts: bool = False,
    outcomes_complete: bool = False,
    match_days: int = 3,
    limits: Limits | Mapping[str, int] | None = None,
) -> LoadResult:
    """Read application logs into one validated table.

    Parameters
    ----------
    path_or_paths : path, DataFrame, or a list of them
        CSV (comma, semicolon, tab or pipe; UTF-8 with or without BOM, UTF-16 or cp1252), XLSX or Parquet; or
        a pandas DataFrame already in memory, read as if it were a spreadsheet (its first row is row 2).
    mapping : dict, optional
        Headers the aliases do not know, as ``{"your header": "canonical column"}`` (for example
        ``{"Firma": "company", "Beworben": "applied_on"}``). Besides the table's columns, the helper roles
        ``status``, ``status_on``, ``rejected_on``, ``hired_on``, ``withdrawn_on``, ``declined_on``,
        ``ghosted_on`` and ``private`` (read, never kept) can be named.
    dayfirst : bool, optional
        Day/month order of numeric dates such as ``05/03/2026``. Needed only when no value in the file tells
        (loading stops with a :class:`LoadError` asking for it rather than guessing).
    as_of : date-like, optional
        The day the log describes (when it was exported). Defaults to today. A date after it is rejected.
    statuses : dict, optional
        Status wordings of your own, mapped to standard ones: ``{"Absage erhalten": "rejected"}``. Each must
        mean a status the tool knows (see :data:`STATUS_MEANINGS`); one it does not know is a LoadError.
    format : str, optional
        Force a reader (``"spreadsheet"``) instead of detecting it.
    client_id : str, default "self"
        The client id given to rows of a file that has no client column.
    keep_contacts : bool, default False
        Keep contact e-mails, phone numbers, recruiter names and LinkedIn's "Question And Answers" as columns
        of your own. By default they are read and dropped, and the summary names the columns dropped.
    outcomes_complete : bool, default False
        Say that a file without outcomes (LinkedIn's archive) is complete: any reply would be in it, so its
        silent applications had no reply. Without it, their outcome is unknown (``outcome_recorded`` False)
        and response rates leave them out.
    match_days : int, default 3
        When several files are loaded, rows of later files are matched to earlier ones by job id, else by
        company, title and application dates at most this many days apart; a matched row adds its outcomes to
        the application, an unmatched row is an application of its own.
    limits : Limits or dict, optional
        What one file may cost (:class:`~jobsearch_analysis.ingest.limits.Limits`): its size, how far a zip
        archive expands, how many parts an archive holds, how many cells a sheet spans, how deeply JSON nests.
        The defaults are far above any real log; a file over one is refused with a message naming the limit.
        Raise one with ``limits=Limits(archive_mb=2000)`` or ``limits={"archive_mb": 2000}``.

    Returns
    -------
    LoadResult
        ``.applications`` (valid rows), ``.rejects`` (every row not used, with its row number and reason),
        ``.summary``. For each file, rows = applications + rejected + skipped + rows folded into an
        application's history (event logs) + rows merged into another file's application; for a plain
        spreadsheet that is ``len(applications) + len(rejects)``.

    Raises
    ------
    LoadError
        A file that cannot be used at all: missing, unreadable, not a table, no company or no application-date
        column, dates whose day/month order cannot be told, or rows that may be applications or stage changes
        (give ``format``); or a ``statuses`` meaning the tool does not know. The message says how to fix it.

    Example
    -------
    >>> from jobsearch_analysis import load, sample_path
    >>> result = load(sample_path("personal_log"), as_of="2026-11-02")
    >>> result.summary.rows == len(result.applications) + len(result.rejects)
    True
    """
    as_of_day = pd.Timestamp.today().normalize() if as_of is None else parse_as_of(as_of)
    options = {
        "mapping": dict(mapping or {}),
        "dayfirst": dayfirst,
        "statuses": checked_statuses(statuses),
        "client_id": client_id,
        "keep_contacts": keep_contacts,
        "outcomes_complete": outcomes_complete,
    }
    paths = _paths(path_or_paths)
    shown = _names_apart(paths)
    limits = limits_of(limits)
    canonical = _canonical(paths, format, options, limits)
    if canonical is not None:  # written by convert: its rows are only checked
        return _load_canonical(canonical, paths[0].name, as_of_day, keep_contacts)
    tables = []
    for position, path in enumerate(paths):
        found = _tables(path, format, position, limits)
        if isinstance(path, Path) and shown[position] != path.name:  # two files of one name: say which is which
            for table in found:
                table.source_file = table.source_file.replace(path.name, shown[position], 1)
        tables += found
    files = _read_all(tables, options)
    combined, matched, unmatched, conflicts = _combine_sources(files, match_days)
    sources = {f.read.table.source_file: Source(f.read.table, {r: h for h, r in f.read.columns.items()}) for f in files}
    candidates = combined
    combined, schema_found = schema_issues(combined, APPLICATIONS, as_of_day, sources)
    found = issue.settle(issue.combine([*(f.issues for f in files), schema_found]))
    late = late_dates(found, candidates, as_of_day)
    rejects = _shown_rejects(found, keep_contacts)
    summary = LoadSummary(
        files=tuple(_file_summary(f, combined, rejects, matched, unmatched, late, as_of_day) for f in files),
        as_of=as_of_day,
        rejects=rejects,
        conflicts=conflicts,
        unrecorded=_unrecorded(combined, found),
        issues=found,
    )
    for f in summary.files:  # the accounting is the contract; never let it drift
        check_accounting(f.file, f.rows, f.applications, f.rejected, f.skipped, f.folded, f.merged)
    return LoadResult(applications=combined, rejects=rejects, summary=summary, as_of=as_of_day, issues=found)


def _shown_rejects(found: pd.DataFrame, keep_contacts: bool) -> pd.DataFrame:
    """The rejected rows, one line each, as the user is shown them: an address or a number in a rejected cell
    is masked too, unless contact details are kept."""
    rejects = issue.per_row(found)
    return rejects if keep_contacts else rejects.assign(value=privacy.scrub(rejects["value"]))


def _canonical(paths: list, format: str | None, options: dict, limits: Limits) -> pd.DataFrame | None:
    """The table of a single canonical Parquet file (:mod:`~jobsearch_analysis.ingest.canonical`), or None
    for anything else; a mapping or status wordings of the user's own are about an export's headers and
    words, so with them the file is read as one."""
    if len(paths) != 1 or not isinstance(paths[0], Path) or format is not None:
        return None
    if options["mapping"] or options["statuses"]:
        return None
    return canonical_frame(paths[0], COLUMNS, limits)


def _load_canonical(frame: pd.DataFrame, name: str, as_of: pd.Timestamp, keep_contacts: bool) -> LoadResult:
    """A canonical table's load: its rows checked by the same rules as any file's (with the as-of rule of this
    load), every row accounted for; the rows keep the file and row they were first read from."""
    valid, found = checked(frame, APPLICATIONS, as_of)
    found = issue.settle(found)
    late = late_dates(found, frame, as_of)
    rejects = _shown_rejects(found, keep_contacts)
    roles = {column: column for column in COLUMNS if column not in ("source_file", "source_row")}
    file = FileSummary(
        file=name,
        format="canonical Parquet",
        rows=len(frame),
        applications=len(valid),
        rejected=int((rejects["kind"] == "error").sum()),
        skipped=int((rejects["kind"] == "skipped").sum()),
        header_row=0,
        columns=roles,
        private=(),
        own=(),
        notes=(CANONICAL_NOTE,),
        late=len(late),
        as_of_doubted=as_of_doubted(late["latest"], len(frame), as_of),
    )
    summary = LoadSummary(files=(file,), as_of=as_of, rejects=rejects, conflicts=pd.DataFrame(columns=CONFLICT_COLUMNS),
                          unrecorded=_unrecorded(valid, found), issues=found)  # fmt: skip
    check_accounting(file.file, file.rows, file.applications, file.rejected, file.skipped)
    return LoadResult(applications=valid, rejects=rejects, summary=summary, as_of=as_of, issues=found)


@dataclass(frozen=True)
class SourceRead:
    """One file (or sheet) read: the table as the reader gave it, the table read, and all its issues."""

    given: RawTable
    read: TableRead
    issues: pd.DataFrame
    folded: int


def read_source(table: RawTable, options: dict) -> SourceRead:
    """Read one raw table of applications; an event log is first folded into one row per application."""
    options = dict(options)
    mapping = options.pop("mapping")
    folded_issues, folded, described = None, 0, None
    applications = table
    if table.kind == "events":
        described = dict(table.mapping)  # how the event columns were read, for the summary
        found = fold(table, statuses=options["statuses"], dayfirst=options["dayfirst"])
        applications, folded_issues, folded = found.table, found.issues, found.folded
    read = read_applications(applications, mapping=mapping, **options)
    if described is not None:
        read.columns = described
    given = [  # rows the reader already knew are not applications, by code
        issue.issues(code, table.source_file, part["source_row"], part["column"].to_numpy(), part["value"])
        for code, part in ([] if table.skipped is None else table.skipped.groupby("code", sort=False))
    ]
    return SourceRead(table, read, issue.combine([read.issues, folded_issues, *given]), folded)


def _read_all(tables: list[RawTable], options: dict) -> list[SourceRead]:
    """Read every table in order; a sheet keyed by job link alone (no company column) is first given the
    company, title and application date of the earlier files' applications its links point to."""
    files: list[SourceRead] = []
    for table in tables:
        header = link_header(table, options["mapping"])
        if header is not None:
            earlier = [usable(f.read) for f in files]
            table = by_link(table, header, pd.concat(earlier, ignore_index=True) if earlier else None)
        files.append(read_source(table, options))
    return files


def _combine_sources(files: list[SourceRead], match_days: int):
    """Parts of one export are stacked; different sources are matched and merged, first file first."""
    groups: dict[str, list[pd.DataFrame]] = {}
    for number, f in enumerate(files):
        groups.setdefault(f.read.table.group or f"file:{number}", []).append(usable(f.read))
    stacked = [pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0] for parts in groups.values()]
    combined = stacked[0].reset_index(drop=True)
    matched, unmatched, conflicts = pd.Series(dtype="int64"), pd.Series(dtype="int64"), []
    for other in stacked[1:]:
        merged = merge(combined, other.reset_index(drop=True), days=match_days)
        combined = merged.frame
        matched = matched.add(merged.matched, fill_value=0)
        unmatched = unmatched.add(merged.unmatched, fill_value=0)
        conflicts.append(merged.conflicts)
    combined = combined.reset_index(drop=True)
    conflict_frame = pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS)
    return combined, matched, unmatched, conflict_frame


def _file_summary(f: SourceRead, combined, rejects, matched, unmatched, late, as_of) -> FileSummary:
    name = f.read.table.source_file
    mine = rejects.loc[rejects["source_file"] == name, "kind"]
    dates = late.loc[late["source_file"] == name, "latest"]
    return FileSummary(
        file=name,
        format=f.given.format,
        rows=f.given.input_rows,
        applications=int((combined["source_file"] == name).sum()),
        rejected=int((mine == "error").sum()),
        skipped=int((mine == "skipped").sum()),
        header_row=f.given.header_row,
        columns=dict(f.read.columns),
        private=tuple(f.read.private),
        own=tuple(f.read.own),
        notes=tuple(f.read.notes),
        folded=f.folded,
        merged=int(matched.get(name, 0)),
        unmatched=int(unmatched.get(name, 0)),
        late=len(dates),
        as_of_doubted=as_of_doubted(dates, f.given.input_rows, as_of),
    )


def late_dates(found: pd.DataFrame, candidates: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The rows rejected as dated after the as-of date: source_file, source_row and the row's latest date
    (the rows as read, before the schema rejected them)."""
    rows = found.loc[found["code"] == AS_OF_RULE, ["source_file", "source_row"]].drop_duplicates()
    columns = [c for c in APPLICATIONS.date_columns if c in candidates.columns]
    if rows.empty:  # the usual case: no need to look at every row's dates
        return rows.assign(latest=pd.Series(dtype=candidates[columns[0]].dtype if columns else "datetime64[s]"))
    late = candidates["source_row"].isin(rows["source_row"])
    latest = candidates.loc[late, ["source_file", "source_row"]].assign(
        latest=candidates.loc[late, columns].max(axis=1)
    )
    return rows.merge(latest.drop_duplicates(["source_file", "source_row"]), how="left")


DOUBT_ROWS = 5
DOUBT_SHARE = 0.10
DOUBT_RUN = 3
DOUBT_GAP_DAYS = 4


def as_of_doubted(latest: pd.Series, rows: int, as_of: pd.Timestamp) -> bool:
    """Whether rows rejected as dated after the as-of date point at the as-of date itself rather than at
    typos in the rows: at least :data:`DOUBT_ROWS` of them and :data:`DOUBT_SHARE` of the file, or a run of
    at least :data:`DOUBT_RUN` that goes on from the as-of date day after day (no gap longer than
    :data:`DOUBT_GAP_DAYS` days), as the applications of the days after it would. One mistyped year is neither.

    >>> days = pd.Series(pd.to_datetime(["2026-11-03", "2026-11-04", "2026-11-06"]))
    >>> as_of_doubted(days, 200, pd.Timestamp("2026-11-02")), as_of_doubted(days[:2], 200, pd.Timestamp("2026-11-02"))
    (True, False)
    >>> as_of_doubted(pd.Series(pd.to_datetime(["2027-09-17"])), 10, pd.Timestamp("2026-11-02"))
    False
    """
    if len(latest) >= DOUBT_ROWS and len(latest) >= DOUBT_SHARE * rows:
        return True
    run, last = 0, as_of
    for day in sorted(latest.dropna()):
        if (day - last).days > DOUBT_GAP_DAYS:
            break
        run, last = run + 1, day
    return run >= DOUBT_RUN


def _paths(path_or_paths) -> list[Path | pd.DataFrame]:
    if isinstance(path_or_paths, (str, os.PathLike, pd.DataFrame)):
        items = [path_or_paths]
    else:
        try:
            items = list(path_or_paths)
        except TypeError:
            raise LoadError(f"expected a file path or a list of paths, got {type(path_or_paths).__name__}") from None
    if not items:
        raise LoadError("no file given")
    return [p if isinstance(p, pd.DataFrame) else Path(p) for p in items]


def _names_apart(paths: list) -> list[str]:
    """How each input is named to the user: its file name, or, where two inputs share a name (an old and a new
    export.csv in two folders), as much of its path as tells them apart. A file given twice is refused: its rows
    would count twice."""
    files = [p for p in paths if isinstance(p, Path)]
    seen = Counter(p.resolve() for p in files)
    twice = next((p for p in files if seen[p.resolve()] > 1), None)
    if twice is not None:
        raise LoadError(f"{twice.name} is given more than once; give each file once")
    names = Counter(p.name for p in files)
    shown = []
    for path in paths:
        if not isinstance(path, Path) or names[path.name] == 1:
            shown.append(path.name if isinstance(path, Path) else "")
            continue
        parts = path.resolve().parts
        others = [q.resolve().parts for q in files if q.name == path.name and q.resolve() != path.resolve()]
        depth = next(d for d in range(2, len(parts) + 1) if all(o[-d:] != parts[-d:] for o in others))
        shown.append("/".join(parts[-depth:]))
    return shown


def _tables(source: Path | pd.DataFrame, format: str | None, position: int, limits: Limits) -> list:
    """The raw tables of one file, or of a DataFrame handed over in memory."""
    if isinstance(source, pd.DataFrame):
        return [frame_table(source, "your table" if position == 0 else f"your table {position + 1}")]
    return read_file(source, format=format, limits=limits)


STATUS_MEANINGS = f"{STATUS_WORDS}, offer declined, saved"
"""What a status wording of the user's own can be said to mean (``statuses=``)."""


def checked_statuses(statuses: Mapping[str, str] | None) -> dict[str, str]:
    """The user's own status wordings, each meaning a status this tool knows. A meaning it does not know is one
    clear error: read on, it would turn a word the tool knows into one nobody knows."""
    if statuses is None:
        return {}
    if not isinstance(statuses, Mapping):
        raise LoadError(
            f"statuses= takes your wordings and what each means, such as statuses={{'Absage erhalten': 'rejected'}}; "
            f"got {type(statuses).__name__}"
        )
    for word, meaning in statuses.items():
        said = f"statuses={{{word!r}: {meaning!r}}}"
        if not str(word).strip():
            raise LoadError(f"{said}: the wording is empty; give the words your log uses, then what they mean")
        if not str(meaning).strip() or resolve_status(meaning) is None:
            raise LoadError(f"{said}: {str(meaning)!r} is not a status this tool knows; use one of {STATUS_MEANINGS}")
    return {str(word): str(meaning) for word, meaning in statuses.items()}


def parse_as_of(value: object) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise LoadError(f"as_of={value!r} is not a date; use a date such as '2026-11-02'") from None
    if pd.isna(stamp):
        raise LoadError(f"as_of={value!r} is not a date; use a date such as '2026-11-02'")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n:,} {word}s"


__all__ = [
    "COLUMNS",
    "REJECT_COLUMNS",
    "FileSummary",
    "Limits",
    "LoadResult",
    "LoadSummary",
    "checked_statuses",
    "load",
    "parse_as_of",
]
