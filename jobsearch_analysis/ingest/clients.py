"""Reading a caseload: the clients table and the applications of many clients.

``load_clients`` reads a counsellor's table of clients (CSV, XLSX or Parquet) into the
:class:`~jobsearch_analysis.schema.Clients` layout, reporting every row it cannot use by its row number, as
``load`` does for applications. Names, e-mail addresses, phone numbers, postal addresses and birth dates are
read and dropped: the analysis never needs them.

``load_cohort`` reads the applications of a whole caseload: one file with a client column, or a folder of
per-client exports (the client id is the file's name, or the name of a sub-folder holding that client's
files), and the clients table when one is given or found in the folder (``clients.csv``).

>>> from jobsearch_analysis.ingest.clients import load_cohort
>>> from jobsearch_analysis import sample_path
>>> cohort = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"))
>>> cohort.clients["client_id"].nunique() == len(cohort.clients)
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.errors import LoadError, python_fix
from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.canonical import CANONICAL_NOTE, canonical_frame, checked
from jobsearch_analysis.ingest.formats import frame_table, read_file
from jobsearch_analysis.ingest.limits import Limits, limits_of
from jobsearch_analysis.ingest.loading import LoadResult, LoadSummary, load, parse_as_of
from jobsearch_analysis.ingest.merging import CONFLICT_COLUMNS
from jobsearch_analysis.ingest.pipeline import (
    Reading,
    Source,
    TableSpec,
    assign_roles,
    check_accounting,
    read_table,
    schema_issues,
)
from jobsearch_analysis.ingest.pipeline import usable as usable_rows
from jobsearch_analysis.ingest.readers import (
    Column,
    ColumnReader,
    Flag,
    Read,
    read_date,
    read_text,
    required_text,
    text_cells,
)
from jobsearch_analysis.privacy import EMAIL_HEADERS, NAME_HEADERS, scrub
from jobsearch_analysis.schema import (
    CLIENT_COLUMNS,
    CLIENT_DATE_COLUMNS,
    DATE_DTYPE,
    EXIT_DTYPE,
    EXIT_REASONS,
    Clients,
)

CLIENT_ALIASES: dict[str, tuple[str, ...]] = {
    "client_id": (
        "client id",
        "client",
        "client number",
        "client no",
        "client ref",
        "participant id",
        "participant",
        "customer id",
        "case id",
        "case number",
        "case",
        "jobseeker id",
        "person id",
        "id",
    ),
    "search_start": (
        "search start",
        "search started",
        "search start date",
        "job search start",
        "started searching",
        "unemployed since",
        "unemployment start",
        "start date",
        "start",
    ),
    "exited_on": ("exited on", "exit date", "date of exit", "exited", "exit", "left on", "closed on", "end date"),
    "exit_reason": (
        "exit reason",
        "reason for exit",
        "exit type",
        "exit outcome",
        "destination",
        "outcome",
        "reason",
    ),
    "last_contact_on": (
        "last contact on",
        "last contact",
        "last contact date",
        "last contacted",
        "last appointment",
        "last meeting",
        "last seen",
    ),
    "intake": (
        "intake",
        "intake date",
        "intake on",
        "enrolled",
        "enrolled on",
        "enrolment date",
        "enrollment date",
        "registration date",
        "registered",
        "joined",
        "joined on",
        "entry date",
    ),
    "program": ("program", "programme", "service", "track", "intervention", "scheme"),
    "counsellor": (
        "counsellor",
        "counselor",
        "counsellor team",
        "adviser",
        "advisor",
        "caseworker",
        "case worker",
        "coach",
        "team",
    ),
    "private": (
        *NAME_HEADERS,
        *EMAIL_HEADERS,
        "phone",
        "phone number",
        "telephone",
        "mobile",
        "address",
        "home address",
        "street",
        "postcode",
        "post code",
        "zip",
        "zip code",
        "date of birth",
        "birth date",
        "birthday",
        "dob",
        "national insurance number",
        "social security number",
        "ssn",
    ),
}
"""Headers of a clients table, by the column they fill (compared after lower-casing and dropping punctuation).
``private`` headers are read and never kept."""

REQUIRED = ("client_id", "search_start", "last_contact_on")

EXIT_WORDS: dict[str, str] = {
    **{reason.replace("_", " "): reason for reason in EXIT_REASONS},
    "employed": "employed_full_time",
    "employment": "employed_full_time",
    "full time": "employed_full_time",
    "full time job": "employed_full_time",
    "full time work": "employed_full_time",
    "full time employment": "employed_full_time",
    "employed ft": "employed_full_time",
    "job": "employed_full_time",
    "found work": "employed_full_time",
    "found a job": "employed_full_time",
    "work": "employed_full_time",
    "part time": "employed_part_time",
    "part time job": "employed_part_time",
    "part time work": "employed_part_time",
    "part time employment": "employed_part_time",
    "employed pt": "employed_part_time",
    "self employment": "self_employed",
    "freelance": "self_employed",
    "freelancer": "self_employed",
    "own business": "self_employed",
    "started a business": "self_employed",
    "business start up": "self_employed",
    "education": "training",
    "further education": "training",
    "course": "training",
    "study": "training",
    "studies": "training",
    "school": "training",
    "retraining": "training",
    "apprenticeship": "training",
    "moved": "other",
    "moved away": "other",
    "dropped out": "other",
    "lost contact": "other",
    "no longer searching": "other",
    "withdrew": "other",
    "withdrawn": "other",
    "health": "other",
    "illness": "other",
    "caring": "other",
    "parental leave": "other",
    "retired": "other",
}
"""Exit wordings (after lower-casing and dropping punctuation) and the exit reason they mean. A bare
"employed" or "job" is counted as full time; the summary says how many were read so."""

CLIENTS_FILE_STEMS = ("clients", "client list", "caseload")
"""A file in a cohort folder with one of these names (any supported extension) is the clients table."""


@dataclass(frozen=True)
class ClientsResult:
    """What :func:`load_clients` returns.

    clients   the valid rows in the :class:`~jobsearch_analysis.schema.Clients` layout, plus the counsellor's
              own columns (text scrubbed of e-mail addresses and phone numbers)
    rejects   one row per input row not used: source_file, source_row, column, value, reason, kind
    file      the file's name; ``rows`` the data rows it had (= clients + rejected + skipped)
    columns   header -> column read; ``private`` the headers read and not kept; ``own`` the headers kept as
              the counsellor's own columns; ``notes`` anything else the summary says
    """

    clients: pd.DataFrame
    rejects: pd.DataFrame
    file: str
    rows: int
    as_of: pd.Timestamp
    columns: dict[str, str] = field(default_factory=dict)
    private: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    issues: pd.DataFrame = field(default_factory=issue.empty)

    @property
    def rejected(self) -> int:
        return int((self.rejects["kind"] == "error").sum())

    @property
    def skipped(self) -> int:
        return int((self.rejects["kind"] == "skipped").sum())

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def render(self, *, max_rows: int = 25, values: bool = True) -> str:
        """The summary as plain text for a terminal; ``values=False`` leaves out the file's name and the values
        of rejected cells (for output that may be shared)."""
        if not values:
            return self.read.render(max_rows=max_rows)
        return self.read.render(max_rows=max_rows, name=self.file, errors=self.rejects)

    @property
    def read(self) -> ClientsRead:
        """What reading found, without the file's name or any value of a row."""
        errors = self.rejects.loc[self.rejects["kind"] == "error", list(ClientsRead.ERROR_COLUMNS)]
        return ClientsRead(
            rows=self.rows,
            clients=len(self.clients),
            rejected=self.rejected,
            skipped=self.skipped,
            as_of=self.as_of,
            columns=dict(self.columns),
            private=self.private,
            own=self.own,
            notes=self.notes,
            errors=errors.reset_index(drop=True),
        )

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class ClientsRead:
    """What reading a clients table found, without the file's name or any value of a row: what the summary and
    the cohort page say about it, and what ``convert`` keeps beside the canonical Parquet
    (:class:`CohortRead`).

    rows, clients, rejected, skipped   the table's data rows, and what became of them
    columns   header -> column read; ``private`` the headers read and not kept; ``own`` the counsellor's own
              columns kept; ``notes`` anything else the summary says
    errors    one row per rejected row: ``source_row``, ``column``, ``reason``
    """

    rows: int
    clients: int
    rejected: int
    skipped: int
    as_of: pd.Timestamp
    columns: dict[str, str] = field(default_factory=dict)
    private: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ClientsRead.ERROR_COLUMNS)))

    ERROR_COLUMNS = ("source_row", "column", "reason")

    def render(self, *, max_rows: int = 25, name: str = "the clients table", errors: pd.DataFrame | None = None) -> str:
        """The summary as plain text; ``errors`` with a ``value`` column (the rejects, for the counselling
        team's own terminal) shows the values of the rejected cells."""
        lines = [
            f"{name}: {self.rows:,} rows = {self.clients:,} clients + {self.rejected:,} rejected "
            f"+ {self.skipped:,} skipped. As of {self.as_of:%Y-%m-%d}."
        ]
        lines.append("  columns read: " + ", ".join(f"{h} -> {r}" for h, r in self.columns.items()))
        if self.private:
            lines.append("  not kept (personal data): " + ", ".join(self.private))
        if self.own:
            lines.append("  kept as your own columns: " + ", ".join(self.own))
        lines.extend(f"  {note}" for note in self.notes)
        shown = self.errors if errors is None else errors.loc[errors["kind"] == "error"]
        for rec in shown.head(max_rows).itertuples(index=False):
            value = f" {rec.value!r}" if getattr(rec, "value", "") else ""
            lines.append(f"  row {rec.source_row}, {rec.column}{value}: {rec.reason}")
        if len(shown) > max_rows:
            lines.append(f"  ... and {len(shown) - max_rows} more")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """As plain JSON values (:meth:`from_dict` reads it back)."""
        errors = self.errors.astype({"source_row": "int64"}) if len(self.errors) else self.errors
        return {
            "rows": self.rows,
            "clients": self.clients,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "as_of": f"{self.as_of:%Y-%m-%d}",
            "columns": self.columns,
            "private": list(self.private),
            "own": list(self.own),
            "notes": list(self.notes),
            "errors": [
                [int(r), str(c), str(why)] for r, c, why in errors[list(self.ERROR_COLUMNS)].itertuples(index=False)
            ],
        }

    @classmethod
    def from_dict(cls, found: dict) -> ClientsRead:
        errors = pd.DataFrame(found["errors"], columns=list(cls.ERROR_COLUMNS)).astype(
            {"source_row": "int64", "column": "str", "reason": "str"}
        )
        return cls(
            rows=int(found["rows"]),
            clients=int(found["clients"]),
            rejected=int(found["rejected"]),
            skipped=int(found["skipped"]),
            as_of=pd.Timestamp(found["as_of"]),
            columns={str(k): str(v) for k, v in found["columns"].items()},
            private=tuple(found["private"]),
            own=tuple(found["own"]),
            notes=tuple(found["notes"]),
            errors=errors,
        )


def client_role(header: object) -> tuple[str, int] | None:
    """The column of a clients table a header fills, and the rank of the alias that matched."""
    key = vocab.normalise_header(header)
    for role, aliases in CLIENT_ALIASES.items():
        if role != "private" and key == role.replace("_", " "):
            return role, -1
        if key in aliases:
            return role, aliases.index(key)
    return None


def missing_columns(headers: list[str], missing: list[str], source_file: str, **cells: object) -> LoadError:
    shown = ", ".join(repr(h) for h in headers[:15]) + (" ..." if len(headers) > 15 else "")
    hints = "; ".join(f"{r} (such as {', '.join(repr(a) for a in CLIENT_ALIASES[r][:3])})" for r in missing)
    return LoadError(
        f"{source_file}: a clients table needs {hints}. Headers found: {shown}. Name a column with "
        f"mapping={{'Your header': '{missing[0]}'}}.",
        fixes={"clients_mapping": {"Your header": missing[0]}},
    )


BARE_WORK = ("employed", "employment", "job", "found work", "found a job", "work")
"""Exit wordings that say only that the client found work (counted as full time, and said so)."""


def read_exit_reason(column: Column, options: dict) -> Read:
    """The exit reason, from the counsellor's wording (:data:`EXIT_WORDS`)."""
    text = text_cells(column.cells)
    keys = text.str.replace("_", " ").map(vocab.normalise_text, na_action="ignore")
    mapped = keys.map(EXIT_WORDS)
    unknown = column.live & text.notna() & mapped.isna()
    bare = int((column.live & keys.isin(BARE_WORK)).sum())
    notes = (
        [f"{bare} {'exit says' if bare == 1 else 'exits say'} only that the client found work: counted as full time"]
        if bare
        else []
    )
    return Read({"exit_reason": mapped.astype(EXIT_DTYPE)}, [Flag("unknown_exit_reason", unknown,
                                                                  ", ".join(EXIT_REASONS))], notes)  # fmt: skip


def no_exit_reason(index: pd.Index, options: dict) -> dict[str, pd.Series]:
    return {"exit_reason": pd.Series(pd.NA, index=index, dtype=EXIT_DTYPE)}


def client_layout(reading: Reading) -> pd.DataFrame:
    out, table = reading.out, reading.table
    out["source_file"] = pd.Series(table.source_file, index=out.index, dtype="str")
    out["source_row"] = pd.Series(np.asarray(table.rows, dtype=np.int64), index=out.index)
    return out[list(CLIENT_COLUMNS)]


CLIENTS = TableSpec(
    name="clients table",
    model=Clients,
    find_role=client_role,
    roles=tuple(CLIENT_ALIASES),
    required=REQUIRED,
    missing=missing_columns,
    readers=(
        required_text("client_id", "no_client_id"),
        read_date("search_start", required="no_search_start"),
        read_date("exited_on"),
        ColumnReader("exit_reason", read_exit_reason, no_exit_reason),
        read_date("last_contact_on", required="no_last_contact"),
        read_date("intake"),
        read_text("program"),
        read_text("counsellor"),
    ),
    date_roles=CLIENT_DATE_COLUMNS,
    rules=(),
    finish=client_layout,
    date_columns=CLIENT_DATE_COLUMNS,
    mapping_parameter="clients_mapping",
    contact_columns=False,
)
"""The clients table, as a spec of the reading pipeline."""


def load_clients(
    path: str | os.PathLike | pd.DataFrame,
    *,
    as_of: object = None,
    mapping: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    limits: Limits | Mapping[str, int] | None = None,
) -> ClientsResult:
    """Read a clients table, validate it and account for every row.

    Parameters
    ----------
    path : path or DataFrame
        CSV, XLSX or Parquet (or a pandas DataFrame from a case system, read the same way) with at least a
        client id, the search start and the last contact; optionally the exit date and reason, the intake
        date, the programme and the counsellor (or team).
    as_of : date-like, optional
        The day the table describes; a date after it is rejected. Defaults to today.
    mapping : dict, optional
        Headers the aliases do not know: ``{"Kunden-Nr": "client_id"}``.
    dayfirst : bool, optional
        Day/month order for numeric dates, when the values do not tell.
    limits : Limits or dict, optional
        What the file may cost, as for :func:`jobsearch_analysis.load`.

    Returns
    -------
    ClientsResult

    Raises
    ------
    LoadError
        The file cannot be read, lacks a required column, or has dates whose order cannot be told.
    """
    as_of_day = pd.Timestamp.today().normalize() if as_of is None else parse_as_of(as_of)
    canonical = None if isinstance(path, pd.DataFrame) or mapping else canonical_frame(path, CLIENT_COLUMNS, limits)
    if canonical is not None:  # written by convert: its rows are only checked
        return _canonical_clients(canonical, Path(path).name, as_of_day)
    if isinstance(path, pd.DataFrame):
        tables = [frame_table(path, "your clients table")]
    else:
        tables = read_file(Path(path), limits=limits_of(limits))
    table = tables[0]
    read = read_table(table, CLIENTS, mapping=mapping, dayfirst=dayfirst)
    if len(tables) > 1:
        read.notes.append(f"only the first sheet ({table.source_file}) was read")
    sources = {table.source_file: Source(table, {r: h for h, r in read.columns.items()})}
    valid, schema_found = schema_issues(usable_rows(read).reset_index(drop=True), CLIENTS, as_of_day, sources)
    found = issue.combine([read.issues, schema_found])
    rejects = issue.per_row(found)
    rejects = rejects.assign(value=scrub(rejects["value"]))  # shown to the counsellor: no contact in it
    result = ClientsResult(
        clients=valid,
        rejects=rejects,
        file=table.source_file,
        rows=len(table.frame),
        as_of=as_of_day,
        columns={h: r for h, r in read.columns.items() if r != "private"},
        private=tuple(read.private),
        own=tuple(read.own),
        notes=tuple(read.notes),
        issues=found,
    )
    check_accounting(result.file, result.rows, len(valid), result.rejected, result.skipped)
    return result


def _canonical_clients(frame: pd.DataFrame, name: str, as_of: pd.Timestamp) -> ClientsResult:
    """A canonical clients table's load (:mod:`~jobsearch_analysis.ingest.canonical`): its rows checked by the
    same rules as any clients table's, every row accounted for."""
    valid, found = checked(frame, CLIENTS, as_of)
    rejects = issue.per_row(found)
    result = ClientsResult(
        clients=valid,
        rejects=rejects.assign(value=scrub(rejects["value"])),
        file=name,
        rows=len(frame),
        as_of=as_of,
        columns={column: column for column in CLIENT_COLUMNS if column not in ("source_file", "source_row")},
        notes=(CANONICAL_NOTE,),
        issues=found,
    )
    check_accounting(result.file, result.rows, len(valid), result.rejected, result.skipped)
    return result


# ----------------------------------------------------------------------------------------------- cohorts
@dataclass(frozen=True)
class CohortRead:
    """What reading a caseload found, in numbers and codes, without a file's name or any value of a row: what the
    cohort page says under "What was read". ``convert`` keeps it beside the canonical Parquet it writes
    (:meth:`to_json`), so that a page built where the data lives says what the files said when they were read.

    files, rows, applications, rejected, skipped, folded, merged   the applications' files and rows, and what
              became of them
    reasons   the rejected rows by issue code, most first: ``(("not_a_date", 3), ...)``
    unusable  how many files could not be read at all
    clients   the clients table's :class:`ClientsRead`, or None when there was none
    """

    files: int
    rows: int
    applications: int
    rejected: int
    skipped: int
    as_of: pd.Timestamp
    folded: int = 0
    merged: int = 0
    reasons: tuple[tuple[str, int], ...] = ()
    unusable: int = 0
    clients: ClientsRead | None = None

    def to_json(self) -> str:
        """As JSON text (:meth:`from_json` reads it back)."""
        found = {name: getattr(self, name) for name in ("files", "rows", "applications", "rejected", "skipped",
                                                         "folded", "merged", "unusable")}  # fmt: skip
        found |= {"as_of": f"{self.as_of:%Y-%m-%d}", "reasons": [list(r) for r in self.reasons]}
        found["clients"] = None if self.clients is None else self.clients.to_dict()
        return json.dumps(found)

    @classmethod
    def from_json(cls, text: str | bytes) -> CohortRead:
        found = json.loads(text)
        counts = {name: int(found[name]) for name in ("files", "rows", "applications", "rejected", "skipped",
                                                      "folded", "merged", "unusable")}  # fmt: skip
        return cls(
            **counts,
            as_of=pd.Timestamp(found["as_of"]),
            reasons=tuple((str(code), int(n)) for code, n in found["reasons"]),
            clients=None if found["clients"] is None else ClientsRead.from_dict(found["clients"]),
        )


@dataclass(frozen=True)
class CohortFacts:
    """The few numbers about a caseload's tables that its page and summary say besides the figures, wherever
    the tables live (:func:`cohort_facts` for DataFrames; an engine counts them where the data is).

    clients                     rows of the clients table (one per client)
    applications                rows of the applications table
    clients_with_applications   distinct clients among the applications
    clients_in_both             of those, how many have a row in the clients table
    first_start, last_start     the earliest and latest search start
    silent_clients              clients with applications whose logs record no replies
    segment_values              for ``program`` and ``counsellor``: how many distinct values they hold
    """

    clients: int
    applications: int
    clients_with_applications: int
    clients_in_both: int
    first_start: pd.Timestamp
    last_start: pd.Timestamp
    silent_clients: int
    segment_values: dict[str, int] = field(default_factory=dict)


SEGMENT_COLUMNS = ("program", "counsellor")
"""The clients' columns the cohort page splits the figures by, when they hold two values or more."""


def cohort_facts(apps: pd.DataFrame, clients: pd.DataFrame) -> CohortFacts:
    """The :class:`CohortFacts` of a caseload held in pandas."""
    with_apps = pd.Index(apps["client_id"].unique())
    silent = apps.loc[~apps["outcome_recorded"].astype(bool), "client_id"].nunique()
    return CohortFacts(
        clients=len(clients),
        applications=len(apps),
        clients_with_applications=len(with_apps),
        clients_in_both=int(with_apps.isin(clients["client_id"]).sum()),
        first_start=clients["search_start"].min(),
        last_start=clients["search_start"].max(),
        silent_clients=int(silent),
        segment_values={c: int(clients[c].dropna().nunique()) for c in SEGMENT_COLUMNS if c in clients},
    )


NO_CLIENTS_TABLE = (
    "There is no clients table: each client's search is taken to start at their first application, and a hired "
    "outcome counts as employment. Give one for intake dates, exits for other reasons and the last contact."
)
"""What the summary says of a caseload read without a clients table."""


class CohortAccount:
    """What a caseload says about what was read, from its :class:`CohortRead` and :class:`CohortFacts`: shared
    by :class:`Cohort` (tables in pandas) and a caseload whose tables live in an engine
    (:class:`jobsearch_analysis.analysis.engine_cohort.TableCohort`). ``derived`` is True when there was no
    clients table and the clients were derived from the applications; ``notes`` what the summary says about
    the cohort as a whole."""

    read: CohortRead
    facts: CohortFacts
    notes: tuple[str, ...]

    @property
    def derived(self) -> bool:
        return self.read.clients is None

    @property
    def unmatched(self) -> int:
        """How many clients have applications but no usable row in the clients table (0 without one)."""
        return 0 if self.derived else self.facts.clients_with_applications - self.facts.clients_in_both

    def unmatched_note(self, *, min_clients: int = 1) -> str:
        """The clients with applications but no row, in words ("" when there are none); with ``min_clients``
        a number below it is said as "fewer than", for a page that may be shared."""
        n = self.unmatched
        if not n:
            return ""
        many = (
            f"Fewer than {min_clients} clients have"
            if n < min_clients
            else f"{n} {'client has' if n == 1 else 'clients have'}"
        )
        return (
            f"{many} applications but no usable row in the clients table (none, or one that was rejected): their "
            "applications count in the strategy figures, not in time to employment."
        )

    def render(self, *, fix: Callable[[str], str] = python_fix) -> str:
        """What was read, as plain text that names no client: files are counted, not named (in a folder of
        per-client files a file's name is the client), and no rejected value is shown. The names and reasons
        are in the rejects, for the counselling team."""
        read = self.read
        extra = (f" + {read.folded} folded into histories" if read.folded else "") + (
            f" + {read.merged} matched across files" if read.merged else ""
        )
        lines = [
            f"Applications: {read.rows:,} rows in {read.files} {'file' if read.files == 1 else 'files'} = "
            f"{read.applications:,} applications + {read.rejected} rejected + {read.skipped} skipped{extra}, "
            f"from {self.facts.clients_with_applications:,} clients."
        ]
        if read.unusable:
            n = read.unusable
            lines.append(
                f"  {n} {'file' if n == 1 else 'files'} could not be read at all; their names and reasons are in "
                f"{fix('unusable')}, kept for your team."
            )
        if read.clients is not None:
            lines.append("Clients: " + read.clients.render())
        lines.extend([note for note in (self.unmatched_note(), *self.notes) if note])
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Cohort(CohortAccount):
    """What :func:`load_cohort` returns.

    applications   the applications of every client (the canonical table, with ``client_id``)
    clients        one row per client (:class:`~jobsearch_analysis.schema.Clients`); from the clients table
                   when there is one, else derived from the applications (see :func:`clients_from_applications`)
    load           the applications' :class:`~jobsearch_analysis.LoadResult` (rejects, summary)
    clients_load   the clients table's :class:`ClientsResult`, or None
    unusable       files of a folder that could not be read at all: file name -> the reason
    notes          what the summary should say about the cohort as a whole
    """

    applications: pd.DataFrame
    clients: pd.DataFrame
    load: LoadResult
    clients_load: ClientsResult | None
    as_of: pd.Timestamp
    unusable: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def read(self) -> CohortRead:
        """What reading found (:class:`CohortRead`)."""
        summary = self.load.summary
        return CohortRead(
            files=len(summary.files),
            rows=summary.rows,
            applications=summary.applications,
            rejected=summary.rejected,
            skipped=summary.skipped,
            as_of=self.as_of,
            folded=summary.folded,
            merged=summary.merged,
            reasons=tuple(issue.counted(self.load.issues, "error")),
            unusable=len(self.unusable),
            clients=None if self.clients_load is None else self.clients_load.read,
        )

    @property
    def facts(self) -> CohortFacts:
        """The numbers the page says about the tables (:class:`CohortFacts`; counted at each call, in a tenth of
        a second for a million applications)."""
        return cohort_facts(self.applications, self.clients)


def clients_from_applications(apps: pd.DataFrame) -> pd.DataFrame:
    """A clients table derived from the applications alone, for a cohort without one.

    The search starts on a client's first application; a client with a hired outcome exited then (counted as
    ``employed_full_time``: the log does not say more); everyone else is followed up to their latest dated
    activity. There is no intake, so no left truncation.
    """
    dates = apps[["applied_on", "first_response_on", "screen_on", "interview_on", "offer_on", "outcome_on"]]
    hired = apps["outcome_on"].where(apps["outcome"] == "hired")
    frame = pd.DataFrame(
        {"client_id": apps["client_id"], "start": apps["applied_on"], "latest": dates.max(axis=1), "hired": hired}
    )
    per = frame.groupby("client_id", sort=True).agg(start=("start", "min"), latest=("latest", "max"),
                                                    hired=("hired", "min"))  # fmt: skip
    exited = per["hired"].notna()
    clients = pd.DataFrame(
        {
            "client_id": per.index.astype("str"),
            "search_start": per["start"].astype(DATE_DTYPE).to_numpy(),
            "exited_on": per["hired"].astype(DATE_DTYPE).to_numpy(),
            "exit_reason": pd.Categorical(np.where(exited, "employed_full_time", None), dtype=EXIT_DTYPE),
            "last_contact_on": per["latest"].astype(DATE_DTYPE).to_numpy(),
            "intake": pd.Series(pd.NaT, index=range(len(per)), dtype=DATE_DTYPE),
            "program": pd.Series(np.nan, index=range(len(per)), dtype="str"),
            "counsellor": pd.Series(np.nan, index=range(len(per)), dtype="str"),
            "source_file": "(derived from the applications)",
            "source_row": np.arange(1, len(per) + 1, dtype=np.int64),
        }
    )
    return clients


def _cohort_files(folder: Path) -> tuple[dict[str, list[Path]], Path | None]:
    """Client id -> that client's files, and the clients table if the folder has one. Files of one stem
    (``ann.csv`` and ``ann.xlsx``) and a sub-folder of that name are all the one client's."""
    by_client: dict[str, list[Path]] = {}
    clients_file = None
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_dir():
            files = sorted(p for p in entry.rglob("*") if not p.is_dir() and not p.name.startswith((".", "~$")))
            if files:
                by_client.setdefault(entry.name, []).extend(files)
        elif vocab.normalise_text(entry.stem) in CLIENTS_FILE_STEMS:
            clients_file = entry
        else:
            by_client.setdefault(entry.stem, []).append(entry)
    return by_client, clients_file


def load_cohort(
    path: str | os.PathLike | pd.DataFrame,
    *,
    clients: str | os.PathLike | pd.DataFrame | None = None,
    as_of: object = None,
    clients_mapping: dict[str, str] | None = None,
    **load_options,
) -> Cohort:
    """Read the applications of many clients, and their clients table.

    Parameters
    ----------
    path : path or DataFrame
        One file (or DataFrame) with a client column (``client_id``, "Client", "Participant", ...), or a folder
        with one file per client (the client id is the file name without its extension) or one sub-folder per client
        holding that client's exports (the sub-folder's name is the client id; its files are matched and
        merged as :func:`jobsearch_analysis.load` does). A file named ``clients`` (any supported extension)
        in the folder is the clients table.
    clients : path or DataFrame, optional
        The clients table (see :func:`load_clients`). Without one, the clients are derived from the
        applications (:func:`clients_from_applications`) and the summary says so.
    as_of : date-like, optional
        The day the files describe. Defaults to today.
    clients_mapping : dict, optional
        Headers of the clients table the aliases do not know.
    **load_options
        Passed to :func:`jobsearch_analysis.load` for the applications (``mapping``, ``dayfirst``, ...);
        ``limits`` holds for the clients table too.

    Raises
    ------
    LoadError
        The path is missing, a single file has no client column, the folder holds no readable file, or the
        clients table cannot be used.
    """
    in_memory = isinstance(path, pd.DataFrame)
    path = path if in_memory else Path(path)
    as_of_day = pd.Timestamp.today().normalize() if as_of is None else parse_as_of(as_of)
    if not in_memory and not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    unusable: dict[str, str] = {}
    if not in_memory and path.is_dir():
        by_client, found = _cohort_files(path)
        clients = clients if clients is not None else found
        result = _load_folder(path, by_client, as_of_day, unusable, load_options)
    else:
        result = _load_one(path, as_of_day, load_options)
    apps = result.applications
    notes: list[str] = []
    if clients is not None:
        limits = load_options.get("limits")
        clients_load = load_clients(clients, as_of=as_of_day, mapping=clients_mapping, limits=limits)
        table = clients_load.clients
    else:
        clients_load = None
        table = clients_from_applications(apps)
        notes.append(NO_CLIENTS_TABLE)
    return Cohort(
        applications=apps,
        clients=table,
        load=result,
        clients_load=clients_load,
        as_of=as_of_day,
        unusable=unusable,
        notes=tuple(notes),
    )


def _load_folder(path: Path, by_client: dict, as_of: pd.Timestamp, unusable: dict, options: dict) -> LoadResult:
    """Each client's files, loaded and merged as one person's; a file that cannot be used at all is listed in
    ``unusable`` (its path in the folder -> the reason), not a stop, and the client's other files are read."""
    results = []
    for client, files in by_client.items():
        result = _load_client(path, client, files, as_of, unusable, options)
        if result is not None:
            results.append(result)
    if not results:
        reasons = "; ".join(f"{k}: {v}" for k, v in list(unusable.items())[:3])
        detail = f" ({reasons})" if reasons else ""
        raise LoadError(f"{path}: no readable application file in the folder{detail}")
    return _combine(results, as_of)


def _load_client(folder: Path, client: str, files: list[Path], as_of, unusable: dict, options: dict):
    """One client's files read as one person's, or None; when they cannot be read together, each is tried
    alone, so that one unusable file does not cost the client's others."""

    def name(file: Path) -> str:
        return file.relative_to(folder).as_posix()

    try:
        return load(files, as_of=as_of, client_id=client, **options)
    except LoadError as error:
        reason = str(error)
    if len(files) == 1:
        unusable[name(files[0])] = reason
        return None
    readable = []
    for file in files:
        try:
            load(file, as_of=as_of, client_id=client, **options)
            readable.append(file)
        except LoadError as error:
            unusable[name(file)] = str(error)
    if len(readable) == len(files):  # each file reads alone, not together
        unusable[", ".join(map(name, files))] = reason
        return None
    return _load_client(folder, client, readable, as_of, unusable, options) if readable else None


def _load_one(path: Path | pd.DataFrame, as_of: pd.Timestamp, options: dict) -> LoadResult:
    """One file (or frame) of many clients' applications: it needs a client column."""
    try:
        result = load(path, as_of=as_of, **options)
    except LoadError:
        if isinstance(path, Path) and _looks_like_clients(path, limits_of(options.get("limits"))):
            raise LoadError(
                f"{path.name} looks like a clients table (a client id and search dates, no company): give it "
                "with clients=, and the applications as the cohort",
                fixes={"clients": None},
            ) from None
        raise
    columns = result.summary.files[0].columns.values() if result.summary.files else []
    if "client_id" not in columns:
        name = result.summary.files[0].file if result.summary.files else "the table"
        raise LoadError(
            f"{name}: no client column, so every application would belong to one person. A cohort file "
            "needs a client id column (client_id, 'Client', 'Participant'); or give a folder with one file "
            "per client; or read one person's file with load()."
        )
    return result


def _looks_like_clients(path: Path, limits: Limits) -> bool:
    try:
        headers = [str(h) for h in read_file(path, limits=limits)[0].frame.columns]
        assign_roles(headers, {}, CLIENTS, path.name)
    except LoadError:
        return False
    return True


def _combine(results: list[LoadResult], as_of: pd.Timestamp) -> LoadResult:
    """One LoadResult for the files of many clients."""
    apps = pd.concat([r.applications for r in results], ignore_index=True)
    rejects = pd.concat([r.rejects for r in results], ignore_index=True)
    found = issue.combine([r.issues for r in results])
    conflicts = [r.summary.conflicts for r in results if r.summary.conflicts is not None and len(r.summary.conflicts)]
    summary = LoadSummary(
        files=tuple(f for r in results for f in r.summary.files),
        as_of=as_of,
        rejects=rejects,
        conflicts=pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS),
        unrecorded=sum(r.summary.unrecorded for r in results),
        issues=found,
    )
    return LoadResult(applications=apps, rejects=rejects, summary=summary, as_of=as_of, issues=found)


__all__ = ["CLIENT_ALIASES", "EXIT_WORDS", "NO_CLIENTS_TABLE", "SEGMENT_COLUMNS", "ClientsRead", "ClientsResult",
           "Cohort", "CohortAccount", "CohortFacts", "CohortRead", "clients_from_applications", "cohort_facts",
           "load_clients", "load_cohort"]  # fmt: skip
