"""``load``: files in, one validated applications table out, every input row accounted for."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.formats import frame_table, read_file
from jobsearch_analysis.ingest.merging import CONFLICT_COLUMNS, merge
from jobsearch_analysis.ingest.normalise import PROBLEM_COLUMNS, normalise
from jobsearch_analysis.schema import COLUMNS, DATE_COLUMNS, Applications

REJECT_COLUMNS = ["source_file", "source_row", "column", "value", "reason", "kind"]

_CHECK_REASONS: dict[str, tuple[str, str]] = {
    "application_id_unique_within_client": ("application_id", "the application id is already used by an earlier row"),
    "first_response_on_not_before_applied_on": ("first_response_on", "a reply dated before the application"),
    "screen_on_not_before_applied_on": ("screen_on", "a screen dated before the application"),
    "interview_on_not_before_applied_on": ("interview_on", "an interview dated before the application"),
    "offer_on_not_before_applied_on": ("offer_on", "an offer dated before the application"),
    "outcome_on_not_before_applied_on": ("outcome_on", "an outcome dated before the application"),
    "first_response_not_after_a_stage": (
        "first_response_on",
        "the first reply is dated after a screen, interview or offer",
    ),
    "furthest_stage_matches_stage_dates": ("furthest_stage", "the stage does not match the stage dates"),
    "hired_outcome_matches_hired_stage": ("outcome", "hired, but the stage is not hired (or the other way round)"),
    "declined_means_an_offer": ("outcome", "an offer declined, but no offer was recorded"),
    "open_has_no_outcome_date": ("outcome_on", "an outcome date, but no outcome (the status is still open)"),
    "no_date_after_as_of": ("applied_on", "a date after the as-of date {as_of} (a typo in the year?)"),
}


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


@dataclass(frozen=True)
class LoadSummary:
    """Counts for the whole load; ``rows == applications + rejected + skipped + folded + merged`` always holds
    (``folded``: event rows that became part of an application's history; ``merged``: rows matched to an
    application of an earlier file)."""

    files: tuple[FileSummary, ...]
    as_of: pd.Timestamp
    rejects: pd.DataFrame
    conflicts: pd.DataFrame | None = None

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

    unrecorded: int = 0

    def to_frame(self) -> pd.DataFrame:
        """One row per file: file, format, rows, applications, rejected, skipped."""
        return pd.DataFrame(
            [
                {
                    "file": f.file,
                    "format": f.format,
                    "rows": f.rows,
                    "applications": f.applications,
                    "rejected": f.rejected,
                    "skipped": f.skipped,
                }
                for f in self.files
            ]
        )

    def skipped_words(self) -> list[str]:
        """The rows skipped as not applications, counted by reason: ["2 saved jobs", "1 blank row"]."""
        reasons = self.rejects.loc[self.rejects["kind"] == "skipped", "reason"]
        reasons = reasons.replace("a saved job, not an application", "saved job")
        return [
            f"{n} {reason}{'s' if n > 1 and reason in ('saved job', 'blank row') else ''}"
            for reason, n in reasons.value_counts().items()
        ]

    def render(self, *, max_rows: int = 25) -> str:
        """The summary as plain text for a terminal."""
        lines: list[str] = []
        for f in self.files:
            lines.append(f"{f.file} ({f.format})")
            parts = [_count(f.applications, "application"), f"{f.rejected} rejected", f"{f.skipped} skipped"]
            if f.folded:
                parts.append(f"{f.folded} folded into an application's history")
            if f.merged:
                parts.append(f"{f.merged} matched to applications in an earlier file")
            lines.append(f"  {f.rows} rows: " + ", ".join(parts))
            if f.unmatched:
                lines.append(
                    f"  {f.unmatched} rows matched no application in the earlier files: kept as "
                    "applications of their own"
                )
            mapped = [f"{h} -> {r}" for h, r in f.columns.items() if r != "private"]
            if mapped:
                lines.append("  columns read: " + ", ".join(mapped))
            if f.private:
                lines.append("  not kept (personal data): " + ", ".join(f.private))
            if f.own:
                lines.append("  kept as your own columns: " + ", ".join(f.own))
            lines.extend(f"  {note}" for note in f.notes)
        errors = self.rejects.loc[self.rejects["kind"] == "error"]
        skipped = self.rejects.loc[self.rejects["kind"] == "skipped"]
        if len(errors):
            lines.append(f"Rejected rows ({len(errors)}), with the reason:")
            for rec in errors.head(max_rows).itertuples(index=False):
                value = f" {rec.value!r}" if rec.value else ""
                lines.append(f"  {rec.source_file} row {rec.source_row}, {rec.column}{value}: {rec.reason}")
            if len(errors) > max_rows:
                lines.append(f"  ... and {len(errors) - max_rows} more (write them all with --rejects FILE.csv)")
        if len(skipped):
            lines.append("Skipped (not applications): " + ", ".join(self.skipped_words()))
        if self.conflicts is not None and len(self.conflicts):
            lines.append(f"Conflicts between files ({len(self.conflicts)}; the earlier file's value was kept):")
            for rec in self.conflicts.head(max_rows).itertuples(index=False):
                lines.append(
                    f"  {rec.source_file} row {rec.source_row} vs {rec.other_file} row {rec.other_row}, "
                    f"{rec.column}: kept {rec.kept!s}, the other says {rec.other!s}"
                )
            if len(self.conflicts) > max_rows:
                lines.append(f"  ... and {len(self.conflicts) - max_rows} more")
        folded, merged = self.folded, self.merged
        extra = (f" + {folded} folded into histories" if folded else "") + (
            f" + {merged} matched across files" if merged else ""
        )
        lines.append(
            f"Total: {self.rows} rows = {self.applications} applications + {self.rejected} rejected "
            f"+ {self.skipped} skipped{extra}. As of {self.as_of:%Y-%m-%d}."
        )
        unrecorded = self.unrecorded
        if unrecorded:
            lines.append(
                f"{_count(unrecorded, 'application')} come from a source that records no replies (LinkedIn's "
                "archive, a bare job list): their outcome is unknown, not 'no reply'. Load a status sheet with "
                "them, or pass outcomes_complete=True (--complete) if no replies came."
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class LoadResult:
    """What :func:`load` returns.

    applications  the valid rows, validated against :class:`~jobsearch_analysis.schema.Applications`
    rejects       one row per input row that was not used: source_file, source_row, column (the header as in
                  the file), value (as typed), reason (plain words), kind ("error": fix it; "skipped": not an
                  application, such as a blank row or a saved job)
    summary       counts per file, the columns read, the columns not kept, notes; ``str(summary)`` prints it
    as_of         the day the log describes: nothing after it is believed, and open applications are
                  followed up to it
    """

    applications: pd.DataFrame
    rejects: pd.DataFrame
    summary: LoadSummary
    as_of: pd.Timestamp

    @property
    def ok(self) -> bool:
        """True when no row was rejected as an error (skipped rows are fine)."""
        return not (self.rejects["kind"] == "error").any()


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
        Status wordings of your own, mapped to standard ones: ``{"Absage erhalten": "rejected"}``.
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
        column, or dates whose day/month order cannot be told. The message says how to fix it.

    Example
    -------
    >>> from jobsearch_analysis import load, sample_path
    >>> result = load(sample_path("personal_log"), as_of="2026-11-02")
    >>> result.summary.rows == len(result.applications) + len(result.rejects)
    True
    """
    paths = _paths(path_or_paths)
    as_of_day = pd.Timestamp.today().normalize() if as_of is None else parse_as_of(as_of)
    sources: dict[str, list[pd.DataFrame]] = {}
    problem_frames, file_infos = [], []
    for position, path in enumerate(paths):
        for table in _tables(path, format, position):
            norm = normalise(
                table,
                mapping=dict(mapping or {}),
                dayfirst=dayfirst,
                statuses=dict(statuses or {}),
                client_id=client_id,
                keep_contacts=keep_contacts,
                outcomes_complete=outcomes_complete,
            )
            built = norm.table  # the table the rows came from (for an event log, its applications)
            skipped_positions = set(norm.skipped["position"].tolist())
            problems = norm.problems.loc[~norm.problems["position"].isin(skipped_positions)]
            rows = built.rows
            problem_frames.extend(
                [
                    _rows_frame(built.source_file, rows, problems, "error"),
                    _rows_frame(built.source_file, rows, _with_cells(norm.skipped), "skipped"),
                    _given_rows(built.source_file, norm.row_problems, "error"),
                    _given_rows(built.source_file, norm.row_skipped, "skipped"),
                    _given_rows(built.source_file, table.skipped, "skipped"),
                ]
            )
            bad = set(problems["position"].tolist()) | skipped_positions
            good = norm.frame.loc[~norm.frame.index.isin(list(bad))]
            sources.setdefault(built.group or f"file:{len(file_infos)}", []).append(good)
            file_infos.append((table, norm))

    # Parts of one export are stacked; different sources are matched and merged, first file first.
    stacked = [
        pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
        for parts in sources.values()
    ]
    combined = stacked[0]
    matched, unmatched, conflicts = pd.Series(dtype="int64"), pd.Series(dtype="int64"), []
    for other in stacked[1:]:
        merged = merge(combined, other, days=match_days)
        combined = merged.frame
        matched = matched.add(merged.matched, fill_value=0)
        unmatched = unmatched.add(merged.unmatched, fill_value=0)
        conflicts.append(merged.conflicts)
    combined = combined.reset_index(drop=True)
    combined.attrs = {}
    combined, schema_rejects = _validate(combined, as_of_day, file_infos)
    rejects = pd.concat([*problem_frames, schema_rejects], ignore_index=True)
    rejects = one_line_per_row(rejects)
    if not keep_contacts:  # a rejected cell is shown to the user: an address or a number in it is masked too
        rejects = rejects.assign(value=privacy.scrub(rejects["value"]))
    combined.attrs["as_of"] = as_of_day
    conflict_frame = pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS)

    counts = combined["source_file"].value_counts()
    summaries = []
    for table, norm in file_infos:
        name = norm.table.source_file
        mine = rejects.loc[rejects["source_file"] == name]
        summaries.append(
            FileSummary(
                file=name,
                format=table.format,
                rows=table.input_rows,
                applications=int(counts.get(name, 0)),
                rejected=int((mine["kind"] == "error").sum()),
                skipped=int((mine["kind"] == "skipped").sum()),
                header_row=table.header_row,
                columns=dict(norm.columns),
                private=tuple(norm.private),
                own=tuple(norm.own),
                notes=tuple(norm.notes),
                folded=norm.folded,
                merged=int(matched.get(name, 0)),
                unmatched=int(unmatched.get(name, 0)),
            )
        )
    summary = LoadSummary(
        files=tuple(summaries),
        as_of=as_of_day,
        rejects=rejects,
        conflicts=conflict_frame,
        unrecorded=int((~combined["outcome_recorded"]).sum()),
    )
    for f in summary.files:  # the accounting is the contract; never let it drift
        if f.rows != f.applications + f.rejected + f.skipped + f.folded + f.merged:
            raise RuntimeError(f"row accounting for {f.file} does not add up; please report this as a bug")
    return LoadResult(applications=combined, rejects=rejects, summary=summary, as_of=as_of_day)


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


def _tables(source: Path | pd.DataFrame, format: str | None, position: int) -> list:
    """The raw tables of one file, or of a DataFrame handed over in memory."""
    if isinstance(source, pd.DataFrame):
        return [frame_table(source, "your table" if position == 0 else f"your table {position + 1}")]
    return read_file(source, format=format)


def parse_as_of(value: object) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise LoadError(f"as_of={value!r} is not a date; use a date such as '2026-11-02'") from None
    if pd.isna(stamp):
        raise LoadError(f"as_of={value!r} is not a date; use a date such as '2026-11-02'")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def _rows_frame(source_file: str, rows: np.ndarray, problems: pd.DataFrame, kind: str) -> pd.DataFrame:
    positions = problems["position"].to_numpy(dtype=np.int64)
    return pd.DataFrame(
        {
            "source_file": source_file,
            "source_row": rows[positions] if len(positions) else np.array([], dtype=np.int64),
            "column": problems["column"].to_numpy(dtype=object),
            "value": problems["value"].to_numpy(dtype=object),
            "reason": problems["reason"].to_numpy(dtype=object),
            "kind": kind,
        },
        columns=REJECT_COLUMNS,
    )


def _with_cells(skipped: pd.DataFrame) -> pd.DataFrame:
    """Skipped rows with the column and value that made them skipped ("" for a blank row)."""
    return skipped.assign(
        column=skipped["column"].fillna("") if "column" in skipped else "",
        value=skipped["value"].fillna("") if "value" in skipped else "",
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _given_rows(source_file: str, problems: pd.DataFrame | None, kind: str) -> pd.DataFrame:
    """Problems a reader or the event folding reported by row number."""
    if problems is None or problems.empty:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    return pd.DataFrame(
        {
            "source_file": source_file,
            "source_row": problems["source_row"].to_numpy(dtype=np.int64),
            "column": problems["column"].astype(str).to_numpy(dtype=object),
            "value": problems["value"].astype(str).to_numpy(dtype=object),
            "reason": problems["reason"].astype(str).to_numpy(dtype=object),
            "kind": kind,
        },
        columns=REJECT_COLUMNS,
    )


def one_line_per_row(rejects: pd.DataFrame) -> pd.DataFrame:
    """Several problems in one row become one line, so every input row is counted once."""
    if rejects.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "source_row" else "str") for c in REJECT_COLUMNS})
    rejects = rejects.astype({"column": "str", "value": "str", "reason": "str", "source_file": "str"})
    grouped = rejects.groupby(["source_file", "source_row"], sort=False, as_index=False).agg(
        column=("column", lambda s: "; ".join(dict.fromkeys(s))),
        value=("value", lambda s: "; ".join(dict.fromkeys(v for v in s if v))),
        reason=("reason", lambda s: "; ".join(dict.fromkeys(s))),
        kind=("kind", lambda s: "error" if (s == "error").any() else "skipped"),
    )
    grouped = grouped.sort_values(["source_file", "source_row"], kind="stable", ignore_index=True)
    return grouped.astype({"source_row": "int64"})[REJECT_COLUMNS]


def _validate(frame: pd.DataFrame, as_of: pd.Timestamp, file_infos) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the schema; rows that break a rule move to the rejects with the rule's plain reason."""
    frame = frame.copy(deep=False)
    frame.attrs["as_of"] = as_of
    try:
        Applications.validate(frame, lazy=True)
        return frame, pd.DataFrame(columns=REJECT_COLUMNS)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    whole_column = cases["index"].isna()
    if whole_column.any():  # a wrong dtype means our normalising has a bug, not the user's file
        broken = cases.loc[whole_column, ["column", "check"]].drop_duplicates().to_dict("records")
        raise RuntimeError(f"internal error: normalised table does not fit the schema: {broken}")
    cases = cases.drop_duplicates(["index", "check"])
    # A first reply derived from a stage date that is itself before the application is one mistake, not two.
    stage_before = cases["check"].isin(
        [f"{c}_not_before_applied_on" for c in ("screen_on", "interview_on", "offer_on", "outcome_on")]
    )
    echo = (cases["check"] == "first_response_on_not_before_applied_on") & cases["index"].isin(
        cases.loc[stage_before, "index"]
    )
    cases = cases.loc[~echo]
    # An application date after the as-of date (a typo in the year) makes every later date look early.
    future_applied = cases.loc[cases["check"] == "no_date_after_as_of", "index"]
    future_applied = future_applied[frame.loc[future_applied.astype(int), "applied_on"].to_numpy() > as_of]
    echo = cases["check"].str.endswith("_not_before_applied_on") & cases["index"].isin(future_applied)
    cases = cases.loc[~echo]
    headers = {table.source_file: {role: header for header, role in norm.columns.items()} for table, norm in file_infos}
    raw_tables = {table.source_file: table for table, _ in file_infos}
    records = []
    for case in cases.itertuples(index=False):
        position = int(case.index)
        row = frame.iloc[position]
        check = str(case.check)
        column, reason = _CHECK_REASONS.get(check, (str(case.column), f"breaks the rule {check}"))
        if check == "no_date_after_as_of":
            column = next(c for c in DATE_COLUMNS if pd.notna(row[c]) and row[c] > as_of)
        elif check.startswith("not_nullable") or check.startswith("str_length") or check.startswith("in_range"):
            column = str(case.column)
            reason = f"{column} is empty or out of range"
        header = headers.get(row["source_file"], {}).get(column, column)
        records.append(
            {
                "source_file": row["source_file"],
                "source_row": int(row["source_row"]),
                "column": header,
                "value": _typed_value(raw_tables[row["source_file"]], int(row["source_row"]), header, row, column),
                "reason": reason.format(as_of=f"{as_of:%Y-%m-%d}"),
                "kind": "error",
                "position": position,
            }
        )
    bad = pd.DataFrame.from_records(records)
    valid = frame.drop(index=frame.index[bad["position"].unique()]).reset_index(drop=True)
    valid.attrs["as_of"] = as_of
    return valid, bad.drop(columns="position")[REJECT_COLUMNS]


def _typed_value(table, source_row: int, header: str, row: pd.Series, column: str) -> str:
    """The value as the user typed it (so the report shows '8/24/2025', not our reading of it)."""
    if header in table.frame.columns:
        position = int(np.searchsorted(table.rows, source_row))
        if position < len(table.rows) and table.rows[position] == source_row:
            raw = table.frame[header].iloc[position]
            if isinstance(raw, pd.Timestamp):
                return raw.strftime("%Y-%m-%d")
            return "" if pd.isna(raw) else str(raw)
    value = row[column] if column in row.index else ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return "" if pd.isna(value) else str(value)


__all__ = ["COLUMNS", "PROBLEM_COLUMNS", "FileSummary", "LoadResult", "LoadSummary", "load"]
