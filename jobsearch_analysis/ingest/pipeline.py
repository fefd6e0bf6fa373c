"""The reading pipeline: one raw table in, typed columns and typed issues out, for any kind of table.

A :class:`TableSpec` says what a table is: its pandera model, how a header is recognised (aliases), the roles
it must have, its column readers (:mod:`~jobsearch_analysis.ingest.readers`) and its row rules (checks that
need several columns, such as "more than one ending"). The applications table and the clients table are two
specs of it (:mod:`~jobsearch_analysis.ingest.applications`, :mod:`~jobsearch_analysis.ingest.clients`).

Reading a table goes through the same steps whatever the spec:

1. roles       which header plays which role: the user's mapping, then the format's, then the aliases;
               contact columns are read and dropped
2. rows        blank rows are skipped, rows with more cells than headers are errors
3. dates       one day/month decision for all the table's date columns (:func:`readers.decide_orders`)
4. columns     each column reader turns its cells into values and flags; a row flagged as not an
               application (a saved job) is not checked further
5. rules       the spec's row rules
6. finish      the spec's layout, the user's own columns, contact details masked in free text

The schema is checked afterwards by :func:`schema_issues` (after several files are merged, for applications),
and :func:`check_accounting` holds every loader to its promise: each input row is used, rejected or skipped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.api.types import is_datetime64_any_dtype as is_date

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest.dates import parse_dates, share_of_dates
from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.ingest.readers import (
    Column,
    ColumnReader,
    blank_rows,
    decide_orders,
    placeholder_cells,
    with_columns,
)
from jobsearch_analysis.ingest.vocab import normalise_header
from jobsearch_analysis.schema import AS_OF_RULE, RULE_COLUMNS, with_as_of

CONTACT_SHARE = 0.3
"""A column of the user's own whose non-empty cells hold an e-mail address or a phone number this often is a
contact column (details under a header we do not know), and is dropped."""


@dataclass(frozen=True)
class TableSpec:
    """What one kind of table is, for the reading pipeline.

    name           what the user calls it in messages ("table", "clients table")
    model          the pandera model its rows are checked against
    find_role      header -> (role, rank of the alias) or None; a lower rank is a more specific alias
    roles          every role a header may be mapped to (``private``: read, never kept)
    required       roles the table cannot do without
    missing        builds the error for a table without some required roles (headers, missing, file name,
                   and by keyword the raw cells and the roles found, so it can say what the file is)
    readers        the column readers, in the order they run
    date_roles     the roles whose day/month order is decided together
    rules          row rules, run after the readers: ``rule(reading)``
    finish         the table in its layout: ``finish(reading) -> DataFrame``
    date_columns   the model's date columns, in order (the as-of rule names the first one after it)
    explained_by   code -> codes that, on the same row, explain it (a reply before the application because
                   the screen it came from is: one mistake, one message)
    mapping_parameter  the parameter that names headers for this table (for the command line's translation)
    contact_columns    whether a column of the user's own that is mostly e-mail addresses and phone numbers
                   is dropped (a log's "Recruiter" column); a counsellor's own notes are kept, masked
    span_role      the date role whose first and last dates place a date typed without a year
    optional       roles and output columns an application can do without: a bad cell there is left empty
                   and kept as a warning (:data:`issues.CELL_CODES`), the row is used
    """

    name: str
    model: type[pa.DataFrameModel]
    find_role: Callable[[str], tuple[str, int] | None]
    roles: tuple[str, ...]
    required: tuple[str, ...]
    missing: Callable[[list[str], list[str], str], LoadError]
    readers: tuple[ColumnReader, ...]
    date_roles: tuple[str, ...]
    rules: tuple[Callable[[Reading], None], ...]
    finish: Callable[[Reading], pd.DataFrame]
    date_columns: tuple[str, ...]
    explained_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mapping_parameter: str = "mapping"
    contact_columns: bool = True
    span_role: str | None = None
    optional: frozenset[str] = frozenset()


@dataclass
class Reading:
    """One table being read: the state every step shares.

    raw      the cells as typed (with the format's constant columns added)
    roles    header -> role
    live     rows still in play (not blank, not skipped)
    out      the values read so far, by output column
    flagged  issues found so far (frames of :data:`issues.ISSUE_COLUMNS`)
    contact_free  the user's own columns in which no cell holds an e-mail address or a phone number
    """

    table: RawTable
    spec: TableSpec
    options: dict
    raw: pd.DataFrame
    roles: dict[str, str]
    live: pd.Series
    out: pd.DataFrame
    flagged: list[pd.DataFrame] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    contact_free: set[str] = field(default_factory=set)

    def header(self, role: str) -> str | None:
        return next((h for h, r in self.roles.items() if r == role), None)

    def flag(self, code: str, mask: pd.Series, column: str, *, show: pd.Series | None = None, detail="",
             cells: bool = True) -> None:  # fmt: skip
        """Record an issue for the rows of ``mask``; ``show`` are the values to show (by default the raw
        cells of ``column`` when it is a header; none with ``cells=False``)."""
        mask = mask.fillna(False).astype(bool) if mask.dtype != bool else mask
        if not mask.any():
            return
        if show is None and cells and column in self.raw.columns:
            show = self.raw[column]
        detail = detail[mask] if isinstance(detail, pd.Series) else detail
        rows = self.table.rows[np.flatnonzero(mask.to_numpy())]
        values = None if show is None else show[mask]
        kind = "warning" if code in issue.CELL_CODES and self.roles.get(column) in self.spec.optional else None
        self.flagged.append(issue.issues(code, self.table.source_file, rows, column, values, detail, kind))

    def demote(self, header: str) -> None:
        """A column named like one of the table's that holds none of its values is the user's own, and the
        summary says so."""
        del self.roles[header]
        self.own.append(header)
        self.notes.append(f"column {header!r} holds no dates, so it is kept as your own column")

    def skip(self, mask: pd.Series) -> None:
        """Rows that are not applications: not checked further."""
        self.live = self.live & ~mask


@dataclass
class TableRead:
    """A table read: the candidate rows (before the schema), the issues, and what the summary says."""

    frame: pd.DataFrame
    issues: pd.DataFrame
    columns: dict[str, str]
    private: list[str]
    own: list[str]
    notes: list[str]
    table: RawTable


# ------------------------------------------------------------------------------------------------- steps
def read_table(table: RawTable, spec: TableSpec, *, mapping=None, dayfirst=None, **options) -> TableRead:
    """Read one raw table by ``spec``: the six steps of the module's docstring."""
    reading = start(table, spec, dict(mapping or {}), keep_contacts=options.get("keep_contacts", False))
    screen_rows(reading)
    dated = [(role, reading.header(role)) for role in spec.date_roles if reading.header(role)]
    orders = orders_by_role(reading, dated, dayfirst)
    named = {str(h) for pair in (mapping or {}).items() for h in pair}  # headers the user named: taken as said
    reading.options = {**options, "source_file": table.source_file, "orders": orders, "span": span(reading, orders),
                       "named": named}  # fmt: skip
    for reader in spec.readers:
        run_reader(reading, reader)
    for rule in spec.rules:
        rule(reading)
    frame = spec.finish(reading)
    frame = own_columns(reading, frame)
    found = issue.combine(reading.flagged)
    return TableRead(
        frame=frame,
        issues=unchecked_when_skipped(found),
        columns={h: r for h, r in reading.roles.items() if h not in table.constants},
        private=reading.private,
        own=reading.own,
        notes=reading.notes,
        table=table,
    )


def start(table: RawTable, spec: TableSpec, user: dict[str, str], *, keep_contacts: bool) -> Reading:
    """Step 1: the format's constants become columns, and every header gets its role."""
    raw = table.frame
    notes = list(table.notes)
    for role, value in table.constants.items():
        if role not in raw.columns:
            raw = raw.assign(**{role: pd.Series(value, index=raw.index, dtype="str")})
            notes.append(f"{role} is {value!r} for every row")
    headers = [str(h) for h in raw.columns]
    preset = {
        h: r
        for k, r in table.mapping.items()
        for h in headers
        if r in spec.roles and normalise_header(h) == normalise_header(k)
    }
    named = set(user) | set(user.values())  # the user's mapping may be written either way round
    combined = {h: r for h, r in preset.items() if h not in named and r not in named} | user
    roles = assign_roles(headers, combined, spec, table.source_file, raw=raw)
    contact_free = contact_columns(raw, roles, user) if spec.contact_columns else set()
    private = [h for h, r in roles.items() if r == "private"]
    if keep_contacts:
        roles = {h: r for h, r in roles.items() if r != "private"}
        private = []
    reading = Reading(table, spec, {}, raw, roles, pd.Series(True, index=raw.index), pd.DataFrame(index=raw.index))
    reading.notes, reading.private, reading.contact_free = notes, private, contact_free
    reading.own = [h for h in headers if h not in roles]
    return reading


def assign_roles(
    headers: list[str], mapping: dict[str, str], spec: TableSpec, source_file: str, *, raw: pd.DataFrame | None = None
) -> dict[str, str]:
    """Which header plays which role: the mapping first (either way round), then the aliases, the most
    specific alias winning; every contact column is private, not only the first."""
    roles: dict[str, str] = {}
    for key, value in mapping.items():
        if key in headers and value in spec.roles:
            roles[key] = value
        elif value in headers and key in spec.roles:
            roles[value] = key
        elif key in headers or value in headers:
            bad = value if key in headers else key
            raise LoadError(
                f"mapping: {bad!r} is not a column of the {spec.name}; use one of: {', '.join(sorted(spec.roles))}",
                fixes={spec.mapping_parameter: None},
            )
    claimed = set(roles.values()) - {"private"}
    ranked: dict[str, tuple[int, str]] = {}
    for header in headers:
        found = None if header in roles else spec.find_role(header)
        if found is None:
            continue
        role, rank = found
        if role == "private":
            roles[header] = role
        elif role not in claimed and (role not in ranked or rank < ranked[role][0]):
            ranked[role] = (rank, header)
    roles.update({header: role for role, (_, header) in ranked.items()})
    missing = [role for role in spec.required if role not in roles.values()]
    if missing:
        raise spec.missing(headers, missing, source_file, raw=raw, roles=roles)
    return roles


def contact_columns(raw: pd.DataFrame, roles: dict[str, str], user: dict[str, str]) -> set[str]:
    """Mark as private the user's own columns that are mostly e-mail addresses and phone numbers; and give
    back a contact header (Phone) whose cells are dates (a stage reached, not a number), unless the user
    named it. Changes ``roles`` in place; returns the own columns with no contact detail in any cell (nothing
    in them to mask later)."""
    named = set(user) | set(user.values())
    own = [h for h in raw.columns if h not in roles]
    shares = privacy.contact_shares(raw[own])  # one pass over all of them: a sheet may have thousands
    roles.update({header: "private" for header in own if shares[header] >= CONTACT_SHARE})
    for header in [h for h, r in roles.items() if r == "private" and h not in named]:
        values = raw[header]
        if privacy.contact_share(values) == 0 and share_of_dates(values) >= 0.8:
            del roles[header]
    return {header for header in own if shares[header] == 0}


def screen_rows(reading: Reading) -> None:
    """Step 2: placeholders ("null", "N/A", "-") become empty cells; blank rows, git's merge-conflict marker
    lines and the header row repeated are skipped; rows with more cells than headers are errors."""
    empty_placeholders(reading)
    shown = reading.raw.drop(columns=reading.private)
    blank = blank_rows(shown)
    reading.flag("blank_row", blank, "", cells=False)
    reading.skip(blank)
    first = first_cells(shown)
    marker = reading.live & merge_markers(first)
    reading.flag("merge_conflict_marker", marker, "(whole row)", show=first)
    reading.skip(marker)
    if marker.any():
        reading.notes.append(
            "the file holds both sides of an unresolved git merge (lines <<<<<<<, ======= and >>>>>>>): the "
            "rows of both sides are read; resolve the merge in the file to keep only one"
        )
    header = reading.live & repeated_header(reading.raw)
    reading.flag("repeated_header", header, "(whole row)", cells=False)
    reading.skip(header)
    too_wide = reading.table.too_wide
    if too_wide is not None and too_wide.any():
        wide = pd.Series(too_wide, index=reading.raw.index) & reading.live
        reading.flag("too_wide", wide, "(whole row)", cells=False)


def empty_placeholders(reading: Reading) -> None:
    """Cells that stand for nothing are empty, everywhere (one "null" in an optional date column must not
    cost its row); the summary says which words were read so, and how often."""
    raw = reading.raw
    text = [
        h
        for h, dtype in raw.dtypes.items()
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
    ]
    by_column, found = placeholder_cells(raw[text])
    if not found:
        return
    emptied = {h: raw[h].mask(by_column[i]) for i, h in enumerate(text) if by_column[i].any()}
    reading.raw = with_columns(raw, emptied)
    if found:
        words = ", ".join(f"{word!r} ({n})" for word, n in sorted(found.items(), key=lambda item: -item[1]))
        reading.notes.append(f"placeholders read as empty cells: {words}")


def merge_markers(first: pd.Series) -> pd.Series:
    """Where a line is one of git's merge-conflict markers (<<<<<<<, ======= or >>>>>>>, then a space or
    nothing): the pattern asked only of the lines that start so (it falls back to Python's regex engine)."""
    found = pd.Series(False, index=first.index)
    maybe = first.str.startswith(("<" * 7, "=" * 7, ">" * 7)).fillna(False).astype(bool)
    if maybe.any():
        found[maybe] = first[maybe].str.match(r"^(<{7}|={7}|>{7})(\s|$)", na=False).to_numpy(dtype=bool)
    return found


def first_cells(frame: pd.DataFrame) -> pd.Series:
    """The first column's cells as stripped text: where a line of the file starts."""
    if not len(frame.columns):
        return pd.Series("", index=frame.index, dtype="string")
    return frame.iloc[:, 0].astype("string").str.strip().fillna("")


def repeated_header(raw: pd.DataFrame) -> pd.Series:
    """Rows that repeat the header row (two sheets pasted one under the other): the first cell is the first
    header, and most of the row's cells are their own column's header. Only rows starting so are compared."""
    found = pd.Series(False, index=raw.index)
    if not len(raw.columns):
        return found
    first = first_cells(raw).str.lower() == str(raw.columns[0]).strip().lower()
    if not first.any():  # the usual case: no row to look at across a sheet's (maybe thousands of) columns
        return found
    rows = raw.loc[first.to_numpy()]
    text = rows.astype("string").apply(lambda column: column.str.strip().str.lower())
    same = text.eq(pd.Series([str(h).strip().lower() for h in raw.columns], index=raw.columns)).sum(axis=1)
    filled = text.fillna("").ne("").sum(axis=1)
    found.loc[rows.index] = (same >= 2) & (same >= 0.8 * filled)
    return found


def orders_by_role(reading: Reading, dated: list[tuple[str, str]], dayfirst: bool | None) -> dict:
    """Step 3: the day/month order of every date column, decided once for the table."""
    table = reading.table
    orders = decide_orders(
        {header: reading.raw.loc[reading.live, header] for _, header in dated},
        source_file=table.source_file,
        dayfirst=dayfirst,
        preset=table.dayfirst,
        preset_how=f"the order {table.format} exports use",
    )
    return {role: orders[header] for role, header in dated}


def span(reading: Reading, orders: dict) -> Callable[[], tuple[pd.Timestamp, pd.Timestamp]]:
    """The first and last dates of the spec's span role, worked out only when a reader asks (a date typed
    without a year is rare; a log of a million rows should not parse its dates twice for it)."""
    header = reading.header(reading.spec.span_role) if reading.spec.span_role else None

    @functools.cache
    def first_and_last() -> tuple[pd.Timestamp, pd.Timestamp]:
        if header is None:
            return pd.NaT, pd.NaT
        dates = parse_dates(reading.raw.loc[reading.live, header], dayfirst=orders[reading.spec.span_role].dayfirst)
        return dates.dates.min(), dates.dates.max()

    return first_and_last


def run_reader(reading: Reading, reader: ColumnReader) -> None:
    """Step 4, one column: read it (or take the reader's values for an absent column), record its flags."""
    header = reading.header(reader.role)
    if header is None:
        reading.out = reading.out.assign(**reader.absent(reading.raw.index, reading.options))
        return
    read = reader.read(Column(header, reading.raw[header], reading.live), reading.options)
    if read.demote:  # a column named like a date that holds no dates is the user's own
        reading.demote(header)
        reading.out = reading.out.assign(**reader.absent(reading.raw.index, reading.options))
        return
    reading.notes.extend(read.notes)
    reading.out = reading.out.assign(**read.values)
    for found in read.flags:
        reading.flag(found.code, found.mask & reading.live, header, detail=found.detail)
        if issue.issue_type(found.code).kind == "skipped":
            reading.skip(found.mask)
    if reader.required is not None:
        reading.flag(reader.required, reading.live & reading.out[reader.role].isna(), header)


def own_columns(reading: Reading, frame: pd.DataFrame) -> pd.DataFrame:
    """Step 6: the user's own columns beside the table's, and contact details masked in every free text."""
    names, taken = [], set(frame.columns)
    for header in reading.own:
        name = header
        while name in taken:
            name = f"{name} (own)"
        taken.add(name)
        names.append(name)
    frame = with_columns(frame, reading.raw[reading.own].set_axis(names, axis=1))  # all at once: thousands may come
    if reading.options.get("keep_contacts", False):
        return frame
    clean = {name for name, header in zip(names, reading.own, strict=True) if header in reading.contact_free}
    text = [
        column
        for column, dtype in frame.dtypes.items()
        if column not in privacy.IDENTIFIERS
        and column not in clean  # already looked at, cell by cell: nothing to mask
        and (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype))
        and not isinstance(dtype, pd.CategoricalDtype)
    ]
    return with_columns(frame, privacy.scrub_columns(frame[text]))


def unchecked_when_skipped(found: pd.DataFrame) -> pd.DataFrame:
    """A row that is not an application is not checked: its errors are not reported. (In a row with more
    cells than headers every value after the stray comma is shifted: only that is worth saying.)"""
    if found.empty:
        return found
    skipped = found.loc[found["kind"] == "skipped", "source_row"]
    wide = found.loc[found["code"] == "too_wide", "source_row"]
    shifted = found["source_row"].isin(wide) & (found["code"] != "too_wide")
    return found.loc[~(found["source_row"].isin(skipped) & (found["kind"] == "error")) & ~shifted].reset_index(
        drop=True
    )


def usable(read: TableRead) -> pd.DataFrame:
    """The rows of a table read that no issue stops (before the schema)."""
    stopped = read.issues.loc[read.issues["kind"].isin(["error", "skipped"]), "source_row"]
    return read.frame.loc[~read.frame["source_row"].isin(stopped)]


# ------------------------------------------------------------------------------------------------ schema
@dataclass(frozen=True)
class Source:
    """What the schema check needs of a file: its raw table (for values as typed) and header of each role."""

    table: RawTable
    headers: dict[str, str]


def schema_issues(
    frame: pd.DataFrame, spec: TableSpec, as_of: pd.Timestamp, sources: dict[str, Source]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The one translation of pandera failures into issues: run the spec's model (with the as-of rule);
    rows that break a rule move to the issues, named by the rule's code, pointing at the user's header and
    showing the value as typed. A broken rule about one cell an application can do without (a reply dated
    before the application, a screen date after the as-of date) costs the cell, not the row: the cell is
    left empty and the issue is a warning. Returns (valid rows, issues)."""
    schema = with_as_of(spec.model, as_of)
    found: list[pd.DataFrame] = []
    for _ in range(len(spec.date_columns) + 3):  # each pass leaves empty at least one cell of a failing row
        failures = _failures(schema, frame, spec, as_of)
        if failures.empty:
            return frame, issue.combine(found)
        cell = failures["code"].isin(issue.CELL_CODES) & failures["column"].isin(spec.optional)
        found.append(_found(frame, failures, cell, sources))
        if not cell.any():
            break
        frame = _left_empty(frame, failures.loc[cell])
    bad = failures.loc[~cell]
    valid = frame.drop(index=frame.index[np.unique(bad["position"].to_numpy())]).reset_index(drop=True)
    return valid, issue.combine(found)


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame, spec: TableSpec, as_of: pd.Timestamp) -> pd.DataFrame:
    """The rows that break the schema's rules, as (position, code, column, detail); empty when none do."""
    try:  # the user's own columns have no rule: a sheet of thousands of them is checked as fast as one
        # inplace: the selection is a frame of its own (no coercion happens), so pandera need not copy it again
        schema.validate(frame[[c for c in frame.columns if c in schema.columns]], lazy=True, inplace=True)
        return pd.DataFrame(columns=["position", "code", "column", "detail"])
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    if cases["index"].isna().any():  # a wrong dtype means our reading has a bug, not the user's file
        broken = cases.loc[cases["index"].isna(), ["column", "check"]].drop_duplicates().to_dict("records")
        raise RuntimeError(f"internal error: the {spec.name} does not fit the schema: {broken}")
    failures = failure_codes(cases, schema, frame, spec, as_of)
    return failures.loc[~explained(failures, spec)].reset_index(drop=True)


def _found(frame: pd.DataFrame, failures: pd.DataFrame, cell: pd.Series, sources: dict[str, Source]) -> pd.DataFrame:
    """The failures as issues: warnings where only a cell is lost, errors where the row is."""
    records = frame.iloc[failures["position"].to_numpy()]
    files, columns = records["source_file"], failures["column"]
    headers = [header_of(sources[f].headers, c) for f, c in zip(files, columns, strict=True)]
    shown = [
        typed_value(sources[f].table, int(r), h, records.iloc[i], c)
        for i, (f, r, h, c) in enumerate(zip(records["source_file"], records["source_row"], headers,
                                             failures["column"], strict=True))
    ]  # fmt: skip
    return pd.DataFrame(
        {
            "source_file": records["source_file"].astype("str").to_numpy(),
            "source_row": records["source_row"].to_numpy(dtype=np.int64),
            "column": headers,
            "value": shown,
            "code": failures["code"].to_numpy(),
            "detail": failures["detail"].to_numpy(),
            "kind": np.where(cell.to_numpy(), "warning", "error"),
        },
        columns=issue.ISSUE_COLUMNS,
    )


TAKEN_FROM = {
    "first_response_on": ("status_on", "screen_on", "interview_on", "offer_on", "outcome_on", "rejected_on"),
    "outcome_on": ("status_on", "rejected_on", "hired_on", "withdrawn_on", "declined_on", "ghosted_on"),
}
"""Where a column without a header of its own takes its dates from, to name the header the user typed in."""


def header_of(headers: dict[str, str], column: str) -> str:
    """The user's header for a column, or for the column it was taken from (a first reply from a status date)."""
    if column in headers:
        return headers[column]
    return next((headers[c] for c in TAKEN_FROM.get(column, ()) if c in headers), column)


def _left_empty(frame: pd.DataFrame, failures: pd.DataFrame) -> pd.DataFrame:
    """The frame with the failing cells left empty, each the missing value of its type. A date cell takes with
    it the other dates of its row that hold the same day (a first reply or an outcome date taken from it): one
    mistake, one message."""
    columns = {}
    dates = [c for c in frame.columns if is_date(frame[c])]
    for column, positions in failures.groupby("column")["position"]:
        rows = np.zeros(len(frame), dtype=bool)
        rows[np.unique(positions.to_numpy())] = True
        if column not in dates:
            columns[column] = frame[column].mask(rows)
            continue
        for other in dates:
            current = columns.get(other, frame[other])
            same = rows & (frame[other] == frame[column]).fillna(False).to_numpy()
            columns[other] = current.mask(same)
    return frame.assign(**columns)


def failure_codes(cases, schema, frame, spec: TableSpec, as_of: pd.Timestamp) -> pd.DataFrame:
    """Each failure as (position, code, column, detail). A cross-column rule is known by its own message
    (``error=``); a column's own rule (empty, too short, out of range) by the column."""
    by_message = {check.error: check.name for check in schema.checks}
    cases = cases.drop_duplicates(["index", "check"])
    whole_table = (cases["schema_context"] == "DataFrameSchema").to_numpy()
    codes = np.where(whole_table, cases["check"].map(by_message).fillna("broken_rule"), "empty_or_out_of_range")
    columns = np.where(whole_table, pd.Series(codes).map(RULE_COLUMNS).fillna("").to_numpy(), cases["column"])
    details = np.where(codes == "empty_or_out_of_range", cases["column"].astype("str"), "")
    details = np.where(codes == "broken_rule", cases["check"].astype("str"), details)
    details = np.where(codes == AS_OF_RULE, f"{as_of:%Y-%m-%d}", details)
    out = pd.DataFrame(
        {"position": cases["index"].astype(np.int64).to_numpy(), "code": codes, "column": columns, "detail": details}
    )
    late = out["code"] == AS_OF_RULE
    if late.any():  # name the first date after the as-of date
        dates = frame.iloc[out.loc[late, "position"].to_numpy()][list(spec.date_columns)]
        out.loc[late, "column"] = dates.gt(as_of).idxmax(axis=1).to_numpy()
    return out.reset_index(drop=True)


def explained(failures: pd.DataFrame, spec: TableSpec) -> pd.Series:
    """Failures that another failure of the same row explains (one mistake, one message). A date after the
    as-of date counts as the code ``"<column>_after_as_of"``, so a mistyped year of the application date
    explains every later date looking early."""
    causes = pd.DataFrame(
        [(code, cause) for code, many in spec.explained_by.items() for cause in many], columns=["code", "cause"]
    )
    markers = failures["code"].where(failures["code"] != AS_OF_RULE, failures["column"] + "_after_as_of")
    present = pd.DataFrame({"position": failures["position"], "cause": markers}).drop_duplicates()
    candidates = failures.reset_index()[["index", "position", "code"]].merge(causes, on="code")
    hit = candidates.merge(present, on=["position", "cause"])["index"]
    return failures.index.to_series().isin(hit)


def typed_value(table: RawTable, source_row: int, header: str, row: pd.Series, column: str) -> str:
    """The value as the user typed it (so the report shows '8/24/2025', not our reading of it)."""
    if header in table.frame.columns:
        position = int(np.searchsorted(table.rows, source_row))
        if position < len(table.rows) and table.rows[position] == source_row:
            return issue.display(table.frame[header].iloc[position])
    return issue.display(row[column] if column in row.index else "")


# -------------------------------------------------------------------------------------------- accounting
def check_accounting(name: str, rows: int, *parts: int) -> None:
    """Every input row is used, rejected or skipped (or folded or merged): the loaders' contract."""
    if rows != sum(parts):
        raise RuntimeError(f"row accounting for {name} does not add up; please report this as a bug")


__all__ = [
    "CONTACT_SHARE",
    "Reading",
    "Source",
    "TableRead",
    "TableSpec",
    "assign_roles",
    "check_accounting",
    "read_table",
    "schema_issues",
    "usable",
]
