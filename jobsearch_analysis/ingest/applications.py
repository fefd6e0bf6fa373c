"""The applications table as a spec of the reading pipeline: its readers, its row rules, its layout.

The row rules turn what the columns say into the canonical columns: the furthest stage from the stage dates
and the status (dates say how far an application got), the ending from an ending's date or the status, the
first reply, exact copies of an earlier row, and stable ids for sources without them.
"""

from __future__ import annotations

import binascii
import re

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import is_datetime64_any_dtype as is_datetime

from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import issues as issue
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.dates import share_of_dates
from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.ingest.pipeline import Reading, TableRead, TableSpec, read_table
from jobsearch_analysis.ingest.readers import (
    ColumnReader,
    lookup,
    no_channel,
    no_interest,
    no_status,
    read_channel,
    read_date,
    read_interest,
    read_status,
    read_text,
    read_yes_no,
    required_text,
    text_cells,
)
from jobsearch_analysis.ingest.stage_columns import stage_columns
from jobsearch_analysis.schema import (
    COLUMNS,
    DATE_COLUMNS,
    DATE_DTYPE,
    OUTCOME_DTYPE,
    STAGE_DATE_COLUMNS,
    STAGE_DTYPE,
    STAGES,
    TEXT_COLUMNS,
    Applications,
)

BOOL_ROLES = ("cover_letter", "feedback_requested", "feedback_received")
ENDING_DATE_ROLES = {
    "rejected_on": "rejected",
    "hired_on": "hired",
    "withdrawn_on": "withdrawn",
    "declined_on": "declined",
    "ghosted_on": "ghosted",
}
DATE_ROLES = (
    "applied_on",
    "first_response_on",
    "screen_on",
    "interview_on",
    "offer_on",
    "outcome_on",
    *ENDING_DATE_ROLES,
    "status_on",
)
ALL_ROLES = tuple(vocab.HEADER_ALIASES)
TERMINAL = ("rejected", "withdrawn", "declined", "hired", "ghosted")


def missing_columns(
    headers: list[str], missing: list[str], source_file: str, *, raw: pd.DataFrame | None = None,
    roles: dict[str, str] | None = None,
) -> LoadError:  # fmt: skip
    """No company or no application-date column: say what the file is when it is not a log of applications
    at all; otherwise say which column is missing, show the headers, and suggest the closest header whose
    values fit (a date role suggests a column of dates)."""
    roles = roles or {}
    other = not_a_log(headers, raw, roles) if raw is not None else None
    if other is not None:
        return LoadError(f"{source_file}: {other}")
    required = missing[0]
    label = vocab.ROLE_LABELS[required]
    near = [h for h in vocab.closest_headers(headers, required) if h not in roles and fits(raw, h, required)]
    hint = f" Did you mean {' or '.join(repr(h) for h in near)}?" if near else ""
    shown = ", ".join(repr(h) for h in headers[:15]) + (" ..." if len(headers) > 15 else "")
    example = near[0] if near else "Your header"
    return LoadError(
        f"{source_file}: no {label} column. Headers found: {shown}.{hint} "
        f"Name it with mapping={{{example!r}: {required!r}}}.",
        fixes={"mapping": {example: required}},
    )


def fits(raw: pd.DataFrame | None, header: str, role: str) -> bool:
    """Whether a column's values fit a role well enough to suggest it: dates for a date role, text that is
    not dates or numbers for a name."""
    if raw is None or header not in raw.columns:
        return True
    values = raw[header]
    if role.endswith("_on"):
        return share_of_dates(values) >= 0.5
    text = text_cells(values).dropna()
    return bool(len(text)) and share_of_dates(values) < 0.5 and pd.to_numeric(text, errors="coerce").isna().mean() > 0.5


def not_a_log(headers: list[str], raw: pd.DataFrame, roles: dict[str, str]) -> str | None:
    """What a file is when it is not a log of applications (one row per application), in one line; None
    when it looks like a log that only lacks a column."""
    dated = share_of_dates(pd.Series(headers, dtype="object"))
    if len(headers) >= 4 and dated >= 0.5:
        return (
            f"the columns are days ({round(dated * len(headers))} of {len(headers)} headers are dates) with "
            "companies listed under them: a day-by-day layout, not one row per application, so it is not read. "
            "A sheet with one row per application (company, date applied, status) can be."
        )
    if "company" not in roles.values():
        numbers = raw.apply(pd.to_numeric, errors="coerce")
        flags = [h for h in raw.columns if numbers[h].dropna().isin([0, 1]).all() and numbers[h].notna().any()]
        if len(flags) >= 3 and len(flags) >= 0.6 * len(raw.columns):
            return (
                f"a tally of 0/1 marks per stage ({', '.join(map(str, flags[:4]))}, ...) with no company and no "
                "dates: not a log of applications, so there is nothing to follow over time. It is not read."
            )
    status = next((h for h, r in roles.items() if r == "status"), None)
    if status is not None and "applied_on" not in roles.values():
        words = text_cells(raw[status]).dropna().unique()
        said = [vocab.resolve_status(w) for w in words]
        if len(words) and all(s is not None and not s.applied for s in said):
            return (
                f"a wish list: no application date column, and every status says nothing was sent yet "
                f"({', '.join(repr(w) for w in words[:3])}). There is nothing to measure until applications go "
                "out; add a 'Date applied' column as you apply."
            )
    return None


# --------------------------------------------------------------------------------------------- row rules
EARLY_CODES = {
    "first_response_on": "first_response_on_not_before_applied_on",
    "screen_on": "screen_on_not_before_applied_on",
    "interview_on": "interview_on_not_before_applied_on",
    "offer_on": "offer_on_not_before_applied_on",
}
"""The issue of a date before the application, by column; any other date (a status or ending date) is an
outcome's."""


EARLIEST = pd.Timestamp("1980-01-01")
"""No job search in a log begins before this day: an earlier date (1066-10-14, a spreadsheet's 1900-01-01) is a
typo, not a date to count a search from."""


def implausible_dates(reading: Reading) -> None:
    """Dates before :data:`EARLIEST`: the application date's row is rejected, any other date is left empty."""
    _bad_dates(reading, lambda dates: dates < EARLIEST, lambda role: "date_before_1980")


def dates_before_applying(reading: Reading) -> None:
    """A reply, stage, status or ending date before the application cannot be right: it is left empty (a warning)
    before the stages are worked out, so the row reads as if the cell were blank (a status date then stands in
    for a stage date, as it does for an empty one)."""
    applied = reading.out["applied_on"]
    _bad_dates(
        reading, lambda dates: dates < applied, lambda role: EARLY_CODES.get(role, OUTCOME_EARLY), skip="applied_on"
    )


OUTCOME_EARLY = "outcome_on_not_before_applied_on"


def _bad_dates(reading: Reading, bad, code_of, *, skip: str = "") -> None:
    """Each date column's cells for which ``bad(dates)`` holds are flagged with ``code_of(role)``; every date but
    the application's is left empty (the application date's row is rejected by the flag itself)."""
    out = reading.out
    for role in [r for r in dict.fromkeys(reading.roles.values()) if r in out and r != skip]:
        if not is_datetime(out[role]):
            continue
        found = reading.live & bad(out[role]).fillna(False)
        if found.any():
            reading.flag(code_of(role), found, reading.header(role))
            if role != "applied_on":
                out[role] = out[role].mask(found)


def stages(reading: Reading) -> None:
    """The stage dates, the furthest stage and the ending. History beats the current status: a stage date
    says how far an application got; a date for an ending wins over the status, and two different endings
    are an error."""
    out, index = reading.out, reading.raw.index
    status_stage, status_outcome = out["status_stage"], out["status_outcome"]
    status_on = out["status_on"]
    for stage, column in STAGE_DATE_COLUMNS.items():
        reached_here = (status_stage == stage) & (status_outcome == "open")
        out[column] = out[column].where(out[column].notna() | ~reached_here, status_on)
    codes = pd.Series(0, index=index)
    for position, stage in enumerate(STAGES):
        if stage in STAGE_DATE_COLUMNS:
            reached = out[STAGE_DATE_COLUMNS[stage]].notna() | out.get(f"reached_{stage}", False)
            codes = codes.where(~reached, np.maximum(codes, position))
    codes = np.maximum(codes, status_stage.cat.codes.astype(np.int64))  # the dtype is in STAGES order
    ending, ending_on, several = endings_from_dates(reading)
    terminal = status_outcome.isin(TERMINAL)
    clash = reading.live & ending.notna() & terminal & (status_outcome != ending) & ~several
    header = reading.header("status") or "status"
    reading.flag("ending_clash", clash, header, detail=ending.astype("str"))
    outcome = ending.fillna(status_outcome)
    # "Declined" without an offer is the employer's no.
    outcome = outcome.mask((outcome == "declined") & (codes < STAGES.index("offer")), "rejected")
    codes = codes.where(outcome != "hired", STAGES.index("hired"))
    outcome_on = out["outcome_on"].fillna(ending_on)
    outcome_on = outcome_on.where(outcome_on.notna() | ~terminal | ending.notna(), status_on)
    out["furthest_stage"] = pd.Categorical.from_codes(codes.astype(int), dtype=STAGE_DTYPE)
    out["outcome"] = outcome.astype(OUTCOME_DTYPE)
    out["outcome_on"] = outcome_on.where(outcome != "open").astype(DATE_DTYPE)


REFERRAL_HEADER = re.compile(r"\b(referr\w*|referee|empfehlung\w*|empfohlen\w*|recommand\w*|recomendad\w*)\b")
"""A column naming who referred the person ("Referral Contact", "REFERRED BY", "Empfehlung")."""


def referrals(reading: Reading) -> None:
    """A column naming who referred the person makes those applications referrals (where no other channel
    is given, or the channel given is a board or a careers site the referral went through). The names in it
    are people's: read, never kept."""
    for header in [h for h in [*reading.own, *reading.private] if REFERRAL_HEADER.search(vocab.normalise_header(h))]:
        text = text_cells(reading.raw[header])
        said = lookup(text, {v: vocab.resolve_bool(v) for v in text.dropna().unique()}, None)
        referred = reading.live & text.notna() & (said != False)  # noqa: E712 (True, False, "invalid" or None)
        if header in reading.own:
            reading.own.remove(header)
            reading.private.append(header)
        if not referred.any():
            continue
        channel = reading.out["channel"]
        mask = referred & channel.isin(["unknown", "other", "job_board", "company_site"])
        reading.out["channel"] = channel.mask(mask, "referral")
        detail = reading.out.get("channel_detail", pd.Series(np.nan, index=mask.index, dtype="str"))
        reading.out["channel_detail"] = detail.mask(mask & detail.isna(), f"referred ({header})")
        reading.notes.append(f"{int(mask.sum())} applications with someone named in {header!r} counted as referrals")


def not_applied_yet(reading: Reading) -> None:
    """A row with a company and nothing that says it was sent (no application date, no status, no stage,
    reply or ending) is a wish list entry: skipped and counted, not an error."""
    out, raw = reading.out, reading.raw
    applied = reading.header("applied_on")
    status = reading.header("status")
    nothing = out["applied_on"].isna() & (text_cells(raw[applied]).isna() if applied else True)
    if status is not None:
        nothing &= text_cells(raw[status]).isna()
    later = ["first_response_on", "outcome_on", *STAGE_DATE_COLUMNS.values(), *ENDING_DATE_ROLES]
    nothing &= out[later].isna().all(axis=1)
    for stage in STAGE_DATE_COLUMNS:
        nothing &= ~out.get(f"reached_{stage}", False)
    wish = reading.live & nothing & out["company"].notna()
    reading.flag("not_applied_yet", wish, applied or "(whole row)", cells=False)
    reading.skip(wish)


def endings_from_dates(reading: Reading) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The ending a date column says (the first of them), its date, and the rows with more than one."""
    index = reading.raw.index
    ending = pd.Series(np.nan, index=index, dtype=OUTCOME_DTYPE)
    ending_on = pd.Series(pd.NaT, index=index, dtype=DATE_DTYPE)
    count = pd.Series(0, index=index)
    for role, name in ENDING_DATE_ROLES.items():
        has = reading.out[role].notna()
        count += has.astype(int)
        ending = ending.mask(has & ending.isna(), name)
        ending_on = ending_on.mask(has & ending_on.isna(), reading.out[role])
    several = reading.live & (count > 1)
    reading.flag("several_endings", several, "(endings)", cells=False)
    return ending, ending_on, several


def first_reply(reading: Reading) -> None:
    """The first reply of any kind: given, else the earliest stage or an employer's ending, else the
    status's date when the status says a reply came."""
    out = reading.out
    derived = out[list(STAGE_DATE_COLUMNS.values())].min(axis=1)
    employer_ending = out["outcome"].isin(["rejected", "hired", "declined"])
    derived = derived.fillna(out["outcome_on"].where(employer_ending))
    said = out["status_replied"] & (out["status_stage"] == "applied")
    derived = derived.fillna(out["status_on"].where(said))
    out["first_response_on"] = out["first_response_on"].fillna(derived).astype(DATE_DTYPE)


def copies(reading: Reading) -> None:
    """Exact copies of an earlier row are reported, not silently dropped. A copy repeats its client,
    company, date and title too: whole rows are compared only among rows that repeat those."""
    cells = reading.raw.drop(columns=reading.private)
    keys = [h for h in (reading.header(r) for r in ("client_id", "company", "applied_on", "job_title")) if h]
    maybe = cells.duplicated(subset=keys or None, keep=False)
    if not maybe.any():
        return
    copy = pd.Series(False, index=cells.index)
    copy.loc[maybe] = cells.loc[maybe].duplicated(keep="first")
    copy &= reading.live
    if not copy.any():
        return
    candidates = cells.loc[maybe]
    first = cells.index.get_indexer(candidates.index[first_copy_positions(candidates, copy.loc[maybe])])
    detail = pd.Series(reading.table.rows[first].astype(str), index=copy.index[copy])
    reading.flag("exact_copy", copy, "(whole row)", cells=False, detail=detail.reindex(copy.index))


def first_copy_positions(cells: pd.DataFrame, copy: pd.Series) -> np.ndarray:
    """For each copy, the position of the first row it copies."""
    keys = pd.util.hash_pandas_object(cells.astype("string").fillna(""), index=False)
    first = pd.Series(np.arange(len(keys)), index=keys.to_numpy()).groupby(level=0).min()
    return first.reindex(keys[copy].to_numpy()).to_numpy()


def identities(reading: Reading) -> None:
    """The client id (the one given for the file when there is no client column) and, for sources without
    them, stable application ids."""
    out, index = reading.out, reading.raw.index
    if reading.header("client_id") is None:
        out["client_id"] = pd.Series(reading.options.get("client_id", "self"), index=index, dtype="str")
    if reading.header("application_id") is None:
        out["application_id"] = derived_ids(out)


def _hash_distinct(values: pd.Series) -> np.ndarray:
    """A 64-bit hash of each value's normalised wording, each distinct value normalised and hashed once."""
    codes, uniques = pd.factorize(values.fillna(""))
    words = np.asarray([vocab.normalise_text(value) for value in uniques], dtype=object)
    return pd.util.hash_array(words)[codes] if len(words) else np.zeros(len(values), dtype=np.uint64)


def _mix(seed: np.ndarray, more: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (seed * np.uint64(0x100000001B3)) ^ more


def derived_ids(out: pd.DataFrame) -> pd.Series:
    """Stable ids from client, company, title and application date (a counter tells true twins apart).

    The same application gets the same id on every run and machine: a 64-bit hash (pandas' SipHash with its
    fixed key) of the normalised wording, as 16 hex digits, computed for the whole table at once.
    """
    digest = np.zeros(len(out), dtype=np.uint64)
    for column in ("client_id", "company", "job_title"):
        digest = _mix(digest, _hash_distinct(out[column]))
    days = out["applied_on"].to_numpy(dtype="datetime64[D]").view(np.int64)
    digest = _mix(digest, pd.util.hash_array(days))
    hexes = pa.py_buffer(binascii.hexlify(digest.astype(">u8").tobytes()))  # 16 hex digits per row, one buffer
    strings = pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), len(digest), [None, hexes]).cast(pa.binary())
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    ids = pd.Series(strings.cast(pa.string()).to_pandas(types_mapper={pa.string(): text}.get), index=out.index)
    repeated = pd.Series(digest).duplicated(keep=False).to_numpy()
    if repeated.any():  # true twins (same client, company, title and day): -2, -3, ... after the first
        twin = pd.Series(digest[repeated]).groupby(digest[repeated], sort=False).cumcount().to_numpy()
        later = np.flatnonzero(repeated)[twin > 0]
        ids.iloc[later] = ids.iloc[later] + "-" + (twin[twin > 0] + 1).astype(str)
    return ids


OUTCOME_ROLES = ("status", "first_response_on", "outcome_on", *STAGE_DATE_COLUMNS.values(), *ENDING_DATE_ROLES)
"""Columns that record what came of an application: a log with none of them says nothing about replies."""


def outcome_dates(out: pd.DataFrame) -> list[str]:
    """The columns read so far that date a reply, a stage or an ending."""
    return [c for c in OUTCOME_ROLES if c in out and c != "status"]


def records_outcomes(reading: Reading) -> bool:
    """Whether the table records replies or outcomes at all: a status column, or a reply, stage or ending
    column with something in it. A bare list of applications (or one whose "Total interviews" column was
    never filled in) does not: its outcomes are unknown, not "no reply"."""
    if "status" in reading.roles.values():
        return True
    out, live = reading.out, reading.live
    dated = outcome_dates(out)
    reached = [c for c in out if c.startswith("reached_")]
    return bool(out.loc[live, dated].notna().any().any() or out.loc[live, reached].any().any())


def unreadable_status(reading: Reading) -> pd.Series:
    """Rows whose status nobody can read and that hold no date of a reply, stage or ending: what came of them
    is unknown (not "no reply"), so the rates leave them out, as they leave out LinkedIn's applications."""
    found = issue.combine(reading.flagged)
    rows = found.loc[(found["code"] == "unknown_status") & (found["kind"] == "warning"), "source_row"]
    unknown = pd.Series(np.isin(reading.table.rows, rows.to_numpy()), index=reading.raw.index)
    dated = outcome_dates(reading.out)
    return unknown & reading.out[dated].isna().all(axis=1)


def layout(reading: Reading) -> pd.DataFrame:
    """The canonical columns (and the posting's address and the channel's own wording, when given)."""
    out, table, index = reading.out, reading.table, reading.raw.index
    recorded = (table.outcome_recorded and records_outcomes(reading)) or reading.options.get("outcomes_complete")
    out["outcome_recorded"] = pd.Series(bool(recorded), index=index, dtype=bool) & ~unreadable_status(reading)
    if reading.header("job_url") is not None:
        out["job_url"] = text_cells(reading.raw[reading.header("job_url")])
    out["source_file"] = pd.Series(table.source_file, index=index, dtype="str")
    out["source_row"] = pd.Series(table.rows, index=index, dtype="int64")
    extras = [c for c in ("job_url", "channel_detail") if c in out]
    return out[[c for c in COLUMNS if c in out] + extras]


def _text_reader(role: str) -> ColumnReader:
    if role == "company":
        return required_text("company", "no_company")
    if role == "client_id":
        return ColumnReader("client_id", read_text("client_id").read, lambda index, options: {},
                            required="no_client_id")  # fmt: skip
    return read_text(role)


READERS: tuple[ColumnReader, ...] = (
    *(_text_reader(role) for role in TEXT_COLUMNS),
    ColumnReader("channel", read_channel, no_channel),
    *(read_yes_no(role) for role in BOOL_ROLES),
    ColumnReader("interest", read_interest, no_interest),
    read_date("applied_on", required="no_applied_on", unusable="raise"),
    *(read_date(role, unusable="demote") for role in DATE_ROLES[1:] if role not in STAGE_DATE_COLUMNS.values()),
    ColumnReader("status", read_status, no_status),  # a saved job: what was flagged in its row is dropped
)

APPLICATIONS = TableSpec(
    name="table",
    model=Applications,
    find_role=vocab.header_role,
    roles=ALL_ROLES,
    required=("company", "applied_on"),
    missing=missing_columns,
    readers=READERS,
    date_roles=DATE_ROLES,
    rules=(
        stage_columns,
        referrals,
        not_applied_yet,
        implausible_dates,
        dates_before_applying,
        stages,
        first_reply,
        copies,
        identities,
    ),
    finish=layout,
    date_columns=DATE_COLUMNS,
    span_role="applied_on",
    optional=frozenset(r for r in (*ALL_ROLES, *COLUMNS) if r not in ("company", "applied_on", "client_id"))
    - {"application_id", "outcome_recorded", "furthest_stage", "outcome", "source_file", "source_row"},
    explained_by={
        "first_response_on_not_before_applied_on": (
            "screen_on_not_before_applied_on",
            "interview_on_not_before_applied_on",
            "offer_on_not_before_applied_on",
            "outcome_on_not_before_applied_on",
            "applied_on_after_as_of",
        ),
        **{
            f"{column}_not_before_applied_on": ("applied_on_after_as_of",)
            for column in ("screen_on", "interview_on", "offer_on", "outcome_on")
        },
    },
)


def read_applications(
    table: RawTable,
    *,
    mapping: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    statuses: dict[str, str] | None = None,
    client_id: str = "self",
    keep_contacts: bool = False,
    outcomes_complete: bool = False,
) -> TableRead:
    """Read one raw table of applications (one row per application) by :data:`APPLICATIONS`."""
    return read_table(
        table,
        APPLICATIONS,
        mapping=mapping,
        dayfirst=dayfirst,
        statuses=statuses or {},
        client_id=client_id,
        keep_contacts=keep_contacts,
        outcomes_complete=outcomes_complete,
    )


__all__ = ["APPLICATIONS", "DATE_ROLES", "derived_ids", "read_applications"]
