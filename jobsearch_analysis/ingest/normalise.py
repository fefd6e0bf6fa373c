"""From a raw table (cells as typed) to the canonical applications layout.

Each helper turns one kind of column into typed values plus the rows it could not read. Nothing here drops a
row: a row is either normalised, or reported as a *problem* (it could not be used; the user should fix it)
or as *skipped* (it is not an application: a blank line, a saved job). The loader validates what is left
against the schema.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from jobsearch_analysis import privacy
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest import vocab
from jobsearch_analysis.ingest.dates import order_evidence, parse_dates
from jobsearch_analysis.ingest.formats import RawTable
from jobsearch_analysis.ingest.history import fold
from jobsearch_analysis.schema import (
    CHANNEL_DTYPE,
    COLUMNS,
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
PROBLEM_COLUMNS = ["position", "column", "value", "reason"]


@dataclass
class Normalised:
    """One file, normalised.

    frame     canonical columns plus the user's own, for rows that were read (not yet schema-checked)
    problems  one line per problem: position (row position in the raw table), column (the user's header),
              value (as typed), reason
    skipped   position and reason of rows that are not applications
    columns   header -> role, for the summary
    notes     what the summary should say about this file (date orders, columns not kept, ...)
    """

    frame: pd.DataFrame
    problems: pd.DataFrame
    skipped: pd.DataFrame
    columns: dict[str, str]
    private: list[str]
    own: list[str]
    notes: list[str] = field(default_factory=list)
    table: RawTable | None = None
    row_problems: pd.DataFrame | None = None
    row_skipped: pd.DataFrame | None = None
    folded: int = 0


def problem_rows(positions: pd.Index | np.ndarray, column: str, values: pd.Series | list, reason: str | pd.Series):
    positions = np.asarray(positions)
    return pd.DataFrame(
        {
            "position": positions,
            "column": column,
            "value": [_display(v) for v in (values.tolist() if isinstance(values, pd.Series) else values)],
            "reason": reason.to_numpy() if isinstance(reason, pd.Series) else reason,
        },
        columns=PROBLEM_COLUMNS,
    )


def _display(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def blank_rows(frame: pd.DataFrame) -> pd.Series:
    """True where every cell of a row is empty."""
    if frame.shape[1] == 0:
        return pd.Series(True, index=frame.index)
    blank = pd.Series(True, index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            cell_blank = values.isna() | (values.astype("string").str.strip() == "").fillna(True)
        else:
            cell_blank = values.isna()
        blank &= cell_blank.astype(bool)
    return blank


def text_cells(values: pd.Series) -> pd.Series:
    """Strings, stripped, with empty cells as missing."""
    if pd.api.types.is_datetime64_any_dtype(values):
        text = values.dt.strftime("%Y-%m-%d")
    elif values.dtype == object:
        text = values.map(_display, na_action="ignore")
    else:
        text = values
    text = text.astype("str").str.strip()
    return text.mask(text.isin(["", "nan", "None", "NaT"]))


# ---------------------------------------------------------------------------------------------- roles
def assign_roles(headers: list[str], mapping: dict[str, str] | None, source_file: str) -> dict[str, str]:
    """Decide which header plays which role: the user's mapping first, then the aliases."""
    roles: dict[str, str] = {}
    if mapping:
        for key, value in mapping.items():
            # Accept both {"Firma": "company"} and {"company": "Firma"}.
            if key in headers and value in ALL_ROLES:
                header, role = key, value
            elif value in headers and key in ALL_ROLES:
                header, role = value, key
            elif key in headers or value in headers:
                bad = value if key in headers else key
                raise LoadError(
                    f"mapping: {bad!r} is not a column of the table; use one of: {', '.join(sorted(ALL_ROLES))}"
                )
            else:
                continue  # a mapping meant for another file
            roles[header] = role
    claimed = {role: None for role in roles.values()}
    ranked: dict[str, tuple[int, str]] = {}
    for header in headers:
        if header in roles:
            continue
        found = vocab.header_role(header)
        if found is None:
            continue
        role, rank = found
        if role == "private":  # every contact column goes, not only the first of them
            roles[header] = role
            continue
        if role in claimed:
            continue
        if role not in ranked or rank < ranked[role][0]:
            ranked[role] = (rank, header)
    for role, (_, header) in ranked.items():
        roles[header] = role
    for required in ("company", "applied_on"):
        if required not in roles.values():
            label = vocab.ROLE_LABELS[required]
            near = vocab.closest_headers(headers, required)
            hint = f" Did you mean {' or '.join(repr(h) for h in near)}?" if near else ""
            shown = ", ".join(repr(h) for h in headers[:15]) + (" ..." if len(headers) > 15 else "")
            example = near[0] if near else "Your header"
            raise LoadError(
                f"{source_file}: no {label} column. Headers found: {shown}.{hint} "
                f"Name it with mapping={{{example!r}: {required!r}}} (--map '{example}={required}' on the "
                f"command line)."
            )
    return roles


# ---------------------------------------------------------------------------------------------- main
def normalise(
    table: RawTable,
    *,
    mapping: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    statuses: dict[str, str] | None = None,
    client_id: str = "self",
    keep_contacts: bool = False,
    outcomes_complete: bool = False,
) -> Normalised:
    """Turn one raw table into canonical columns, reporting every row that cannot be used.

    The format's own mapping, day/month order and constants (from the reader) apply unless the user's
    ``mapping`` and ``dayfirst`` say otherwise. An event log is first folded into one row per application.
    """
    statuses = {**table_statuses(table), **(statuses or {})}
    folded = None
    described = None
    if table.kind == "events":
        described = dict(table.mapping)  # how the event columns were read, for the summary
        folded = fold(table, statuses=statuses, dayfirst=dayfirst)
        table = folded.table
    raw = table.frame
    constant_notes = []
    for role, value in table.constants.items():
        if role not in raw.columns:
            raw = raw.assign(**{role: pd.Series(value, index=raw.index, dtype="str")})
            constant_notes.append(f"{role} is {value!r} for every row")
    headers = [str(h) for h in raw.columns]
    preset = {
        h: table.mapping[k]
        for k in table.mapping
        for h in headers
        if vocab.normalise_header(h) == vocab.normalise_header(k)
    }
    user = dict(mapping or {})
    named = set(user) | set(user.values())  # the user's mapping may be written either way round
    combined = {h: r for h, r in preset.items() if h not in named and r not in named} | user
    roles = assign_roles(headers, combined, table.source_file)
    order_source = "as you said"
    if dayfirst is None and table.dayfirst is not None:
        dayfirst, order_source = table.dayfirst, f"the order {table.format} exports use"
    _contact_columns(raw, roles, user)
    private = [h for h, r in roles.items() if r == "private"]
    if keep_contacts:
        for header in private:
            del roles[header]
        private = []
    by_role = {role: header for header, role in roles.items()}
    own = [h for h in headers if h not in roles]
    notes = [*table.notes, *constant_notes]
    problems: list[pd.DataFrame] = []
    skipped: list[pd.DataFrame] = []

    index = raw.index
    blank = blank_rows(raw.drop(columns=private))
    if blank.any():
        skipped.append(pd.DataFrame({"position": index[blank], "reason": "blank row"}))
    live = ~blank
    if table.too_wide is not None and table.too_wide.any():
        wide = pd.Series(table.too_wide, index=index) & live
        problems.append(
            problem_rows(
                index[wide],
                "(whole row)",
                [""] * int(wide.sum()),
                "the row has more cells than there are headers (a comma inside a value? put the value in quotes)",
            )
        )

    out = pd.DataFrame(index=index)

    # Text columns.
    for role in TEXT_COLUMNS:
        if role in by_role:
            out[role] = text_cells(raw[by_role[role]])
        else:
            out[role] = pd.Series(np.nan, index=index, dtype="str")
    missing_company = live & out["company"].isna()
    if missing_company.any():
        problems.append(
            problem_rows(
                index[missing_company],
                by_role["company"],
                raw.loc[missing_company, by_role["company"]],
                "no company name",
            )
        )
    if "client_id" not in by_role:
        out["client_id"] = pd.Series(client_id, index=index, dtype="str")
    else:
        no_client = live & out["client_id"].isna()
        if no_client.any():
            problems.append(
                problem_rows(
                    index[no_client], by_role["client_id"], raw.loc[no_client, by_role["client_id"]], "no client id"
                )
            )

    # Channel: mapped from the user's wording, the wording kept beside it.
    if "channel" in by_role:
        detail = text_cells(raw[by_role["channel"]])
        uniques = detail.dropna().unique()
        lookup = {value: vocab.resolve_channel(value) for value in uniques}
        out["channel"] = _lookup_category(detail, lookup, "unknown", CHANNEL_DTYPE)
        out["channel_detail"] = detail
    else:
        out["channel"] = pd.Series("unknown", index=index, dtype=CHANNEL_DTYPE)

    # Yes/no columns.
    for role in BOOL_ROLES:
        if role not in by_role:
            out[role] = pd.Series(pd.NA, index=index, dtype="boolean")
            continue
        header = by_role[role]
        text = text_cells(raw[header])
        lookup = {value: vocab.resolve_bool(value) for value in text.dropna().unique()}
        parsed = _lookup(text, lookup, None)
        invalid = live & (parsed == "invalid").astype(bool)
        if invalid.any():
            problems.append(
                problem_rows(
                    index[invalid],
                    header,
                    raw.loc[invalid, header],
                    "not a yes/no answer (use yes, no or leave it empty)",
                )
            )
        out[role] = parsed.where(~invalid).astype("boolean")

    # Interest, 1 to 5 (stars count too).
    if "interest" in by_role:
        header = by_role["interest"]
        text = text_cells(raw[header])
        stars = text.str.count("[★⭐]")
        numbers = pd.to_numeric(text.str.replace(r"\s*/\s*5$", "", regex=True), errors="coerce")
        value = numbers.where(numbers.notna(), stars.where(stars > 0))
        whole = value.notna() & (value == np.floor(value.fillna(0)))
        bad_type = live & text.notna() & ~whole
        bad_range = live & whole & ~value.between(1, 5)
        if bad_type.any():
            problems.append(
                problem_rows(index[bad_type], header, raw.loc[bad_type, header], "not a whole number from 1 to 5")
            )
        if bad_range.any():
            problems.append(
                problem_rows(index[bad_range], header, raw.loc[bad_range, header], "outside the 1 to 5 scale")
            )
        out["interest"] = value.where(whole & ~bad_range).astype("Int64")
    else:
        out["interest"] = pd.Series(pd.NA, index=index, dtype="Int64")

    # Dates: decide day/month order per column, then read.
    # (The cells that are not dates travel beside the frame, not in its attrs: pandas copies attrs into every
    # frame derived from it, a million-row copy each time.)
    dates, invalid_dates, date_notes, date_problems, demoted = _read_dates(
        raw, by_role, live, dayfirst, table.source_file, order_source
    )
    notes.extend(date_notes)
    problems.extend(date_problems)
    for header in demoted:
        own.append(header)
        del roles[header]
    by_role = {role: header for header, role in roles.items()}

    # Status wording.
    status_stage = pd.Series("applied", index=index, dtype=STAGE_DTYPE)
    status_outcome = pd.Series("open", index=index, dtype=OUTCOME_DTYPE)
    status_replied = pd.Series(False, index=index)
    not_applied = pd.Series(False, index=index)
    if "status" in by_role:
        header = by_role["status"]
        text = text_cells(raw[header])
        lookup = {value: vocab.resolve_status(value, statuses) for value in text.dropna().unique()}
        known = {value: status for value, status in lookup.items() if status is not None}
        unknown = live & text.notna() & ~text.isin(list(known))
        if unknown.any():
            problems.append(
                problem_rows(
                    index[unknown],
                    header,
                    raw.loc[unknown, header],
                    "a status we do not know; use one of applied, phone screen, interview, offer, offer accepted, "
                    "rejected, no reply, withdrawn, or name it with statuses={...}",
                )
            )
        status_stage = _lookup_category(text, {v: s.stage for v, s in known.items()}, "applied", STAGE_DTYPE)
        status_outcome = _lookup_category(text, {v: s.outcome for v, s in known.items()}, "open", OUTCOME_DTYPE)
        status_replied = _lookup(text, {v: s.replied for v, s in known.items()}, False).astype(bool)
        not_applied = live & _lookup(text, {v: not s.applied for v, s in known.items()}, False).astype(bool)
        if not_applied.any():
            skipped.append(
                pd.DataFrame(
                    {
                        "position": index[not_applied],
                        "reason": "a saved job, not an application",
                        "column": header,
                        "value": text.loc[not_applied].astype(str),
                    }
                )
            )
    live &= ~not_applied

    missing_date = live & dates["applied_on"].isna() & ~invalid_dates["applied_on"]
    if missing_date.any():
        problems.append(
            problem_rows(
                index[missing_date], by_role["applied_on"], [""] * int(missing_date.sum()), "no application date"
            )
        )

    # Stage history beats the current status: dates say how far an application got.
    out["applied_on"] = dates["applied_on"]
    for stage, column in STAGE_DATE_COLUMNS.items():
        out[column] = dates[column]
        reached_by_status = status_stage.isin(STAGES[STAGES.index(stage) :])
        is_status_stage = (status_stage == stage) & (status_outcome == "open")
        out[column] = out[column].where(
            out[column].notna() | ~(reached_by_status & is_status_stage), dates["status_on"]
        )
    stage_codes = pd.Series(0, index=index)
    for position, stage in enumerate(STAGES):
        if stage in STAGE_DATE_COLUMNS:
            stage_codes = stage_codes.where(out[STAGE_DATE_COLUMNS[stage]].isna(), np.maximum(stage_codes, position))
    stage_codes = np.maximum(stage_codes, status_stage.cat.codes.astype(np.int64))  # the dtype is in STAGES order

    # Endings: a date column for an ending wins over the status; two different endings is a problem.
    ending_from_dates = pd.Series(np.nan, index=index, dtype=OUTCOME_DTYPE)
    ending_on = pd.Series(pd.NaT, index=index, dtype=DATE_DTYPE)
    ending_count = pd.Series(0, index=index)
    for role, ending in ENDING_DATE_ROLES.items():
        has = dates[role].notna()
        ending_count += has.astype(int)
        ending_from_dates = ending_from_dates.mask(has & ending_from_dates.isna(), ending)
        ending_on = ending_on.mask(has & ending_on.isna(), dates[role])
    several = live & (ending_count > 1)
    if several.any():
        problems.append(
            problem_rows(
                index[several],
                "(endings)",
                [""] * int(several.sum()),
                "the row has dates for more than one ending (say rejected and withdrawn)",
            )
        )
    terminal_status = status_outcome.isin(["rejected", "withdrawn", "declined", "hired", "ghosted"])
    clash = live & ending_from_dates.notna() & terminal_status & (status_outcome != ending_from_dates)
    clash &= ~several
    if clash.any():
        header = by_role.get("status", "status")
        problems.append(
            problem_rows(
                index[clash],
                header,
                raw.loc[clash, header] if header in raw else [""] * int(clash.sum()),
                "the status says one ending but the row has a date for another ("
                + ending_from_dates.loc[clash].astype(str)
                + ")",
            )
        )
    outcome = ending_from_dates.fillna(status_outcome)
    # "Declined" without an offer is the employer's no.
    outcome = outcome.mask((outcome == "declined") & (stage_codes < STAGES.index("offer")), "rejected")
    stage_codes = stage_codes.where(outcome != "hired", STAGES.index("hired"))
    outcome_on = dates["outcome_on"].fillna(ending_on)
    outcome_on = outcome_on.where(outcome_on.notna() | ~terminal_status | ending_from_dates.notna(), dates["status_on"])
    outcome_on = outcome_on.where(outcome != "open")

    out["furthest_stage"] = pd.Categorical.from_codes(stage_codes.astype(int), dtype=STAGE_DTYPE)
    out["outcome"] = outcome.astype(OUTCOME_DTYPE)
    out["outcome_on"] = outcome_on.astype(DATE_DTYPE)

    # The first reply of any kind: given, else the earliest stage or an employer's ending.
    derived = out[list(STAGE_DATE_COLUMNS.values())].min(axis=1)
    employer_ending = outcome.isin(["rejected", "hired", "declined"])
    derived = derived.fillna(out["outcome_on"].where(employer_ending))
    replied_on_status_date = dates["status_on"].where(status_replied & (status_stage == "applied"))
    derived = derived.fillna(replied_on_status_date)
    out["first_response_on"] = dates["first_response_on"].fillna(derived).astype(DATE_DTYPE)

    # Exact copies of an earlier row are reported, not silently dropped.
    kept_cells = raw.drop(columns=private)
    # A copy repeats its client, company, date and title too: compare whole rows only among rows that repeat those.
    roles_of_copies = ("client_id", "company", "applied_on", "job_title")
    keys = [by_role[r] for r in roles_of_copies if by_role.get(r) in kept_cells.columns]
    maybe = kept_cells.duplicated(subset=keys or None, keep=False)
    copies = pd.Series(False, index=index)
    if maybe.any():
        copies.loc[maybe] = kept_cells.loc[maybe].duplicated(keep="first")
    copies = live & copies & ~blank
    if copies.any():
        candidates = kept_cells.loc[maybe]
        first_position = index.get_indexer(candidates.index[_first_copy_positions(candidates, copies.loc[maybe])])
        problems.append(
            problem_rows(
                index[copies],
                "(whole row)",
                [""] * int(copies.sum()),
                "an exact copy of row " + pd.Series(table.rows[first_position]).astype(str),
            )
        )

    # Stable ids for sources without them: client, company, title, date (and a counter for true twins).
    if "application_id" not in by_role:
        out["application_id"] = derived_ids(out)

    out["outcome_recorded"] = pd.Series(table.outcome_recorded or outcomes_complete, index=index, dtype=bool)
    if "job_url" in by_role:
        out["job_url"] = text_cells(raw[by_role["job_url"]])
    out["source_file"] = pd.Series(table.source_file, index=index, dtype="str")
    out["source_row"] = pd.Series(table.rows, index=index, dtype="int64")

    extras = [c for c in ("job_url", "channel_detail") if c in out]
    frame = out[[c for c in COLUMNS if c in out] + extras]
    for header in own:
        frame = frame.assign(**{_own_name(header, frame.columns): raw[header]})
    if not keep_contacts:  # an address or a number typed into any free text is masked too
        free = [c for c in frame.columns if c not in privacy.IDENTIFIERS]
        for column in free:
            values = frame[column]
            text = values.dtype == object or pd.api.types.is_string_dtype(values)
            if text and not isinstance(values.dtype, pd.CategoricalDtype):
                frame = frame.assign(**{column: privacy.scrub(values)})

    problems_frame = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=PROBLEM_COLUMNS)
    if table.too_wide is not None and table.too_wide.any():
        # In a row with too many cells every value after the stray comma is shifted: only that is worth saying.
        shifted = problems_frame["position"].isin(index[table.too_wide]) & (problems_frame["column"] != "(whole row)")
        problems_frame = problems_frame.loc[~shifted]
    skipped_frame = (
        pd.concat(skipped, ignore_index=True)
        if skipped
        else pd.DataFrame({"position": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")})
    )
    return Normalised(
        frame=frame,
        problems=problems_frame,
        skipped=skipped_frame,
        columns=described if described is not None else {h: r for h, r in roles.items() if h not in table.constants},
        private=private,
        own=own,
        notes=notes,
        table=table,
        row_problems=None if folded is None else folded.problems,
        row_skipped=None if folded is None else folded.skipped,
        folded=0 if folded is None else folded.folded,
    )


CONTACT_SHARE = 0.3
"""A column of the user's own whose non-empty cells hold an e-mail address or a phone number this often is a
contact column (recruiter details under a header we do not know), and is dropped."""


def _contact_columns(raw: pd.DataFrame, roles: dict[str, str], user: dict[str, str]) -> None:
    """Mark as private the columns of the user's own that are mostly e-mail addresses and phone numbers; and
    give back a contact header (Phone) whose cells are dates (a stage reached, not a number), unless the user
    named it. Changes ``roles`` in place."""
    named = set(user) | set(user.values())
    for header in [h for h in raw.columns if h not in roles]:
        if privacy.contact_share(raw[header]) >= CONTACT_SHARE:
            roles[header] = "private"
    for header in [h for h, r in roles.items() if r == "private" and h not in named]:
        values = raw[header]
        text = values.dropna().astype("str").str.strip()
        text = text[text != ""]
        if not len(text) or privacy.contact_share(values) > 0:
            continue
        order = order_evidence(text).decided
        if parse_dates(text, dayfirst=bool(order)).dates.notna().mean() >= 0.8:
            del roles[header]


def table_statuses(table: RawTable) -> dict[str, str]:
    """Status words a format fixes for itself (none so far: the shared vocabulary covers them)."""
    return {}


def _lookup(text: pd.Series, table: dict, default: object) -> pd.Series:
    """Map each value through ``table``; values not in it (and missing ones) get ``default``.

    Each distinct value is looked up once and the answers are spread by position (a column of a million rows
    holds a few dozen wordings)."""
    codes, uniques = pd.factorize(text)
    answers = np.empty(len(uniques) + 1, dtype=object)
    answers[:-1] = [table.get(value, default) for value in uniques]
    answers[-1] = default  # code -1: a missing value
    return pd.Series(answers[codes], index=text.index, dtype=object)


def _lookup_category(text: pd.Series, table: dict, default: str, dtype: pd.CategoricalDtype) -> pd.Series:
    """:func:`_lookup` straight into a categorical column (no million-row detour through Python strings)."""
    codes, uniques = pd.factorize(text)
    categories = list(dtype.categories)
    per_value = np.array([categories.index(table.get(v, default)) for v in uniques] + [categories.index(default)])
    return pd.Series(pd.Categorical.from_codes(per_value[codes], dtype=dtype), index=text.index)


def _own_name(header: str, existing: pd.Index) -> str:
    name = header
    while name in existing:
        name = f"{name} (own)"
    return name


def _first_copy_positions(cells: pd.DataFrame, copies: pd.Series) -> np.ndarray:
    """For each copy, the position of the first row it copies."""
    keys = pd.util.hash_pandas_object(cells.astype("string").fillna(""), index=False)
    first = pd.Series(np.arange(len(keys)), index=keys.to_numpy()).groupby(level=0).min()
    return first.reindex(keys[copies].to_numpy()).to_numpy()


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


def _read_dates(
    raw: pd.DataFrame,
    by_role: dict[str, str],
    live: pd.Series,
    dayfirst: bool | None,
    source_file: str,
    order_source: str = "as you said",
):
    """Read every date column; returns (frame of dates by role, the cells that are not dates by role, notes,
    problems, demoted headers)."""
    notes: list[str] = []
    problems: list[pd.DataFrame] = []
    demoted: list[str] = []
    present = [role for role in DATE_ROLES if role in by_role]
    evidence = {role: order_evidence(raw.loc[live, by_role[role]]) for role in present}
    for role, ev in evidence.items():
        if ev.conflicting and dayfirst is None:
            raise LoadError(
                f"{source_file}: column {by_role[role]!r} mixes day-first dates ({ev.dayfirst_example!r}) and "
                f"month-first dates ({ev.monthfirst_example!r}); say which is right with dayfirst=True or "
                f"dayfirst=False (--dayfirst / --monthfirst on the command line)"
            )
    file_orders = {ev.decided for ev in evidence.values() if ev.decided is not None}
    dates = pd.DataFrame(index=raw.index)
    invalid_by_role = {}
    for role in DATE_ROLES:
        if role not in by_role:
            dates[role] = pd.Series(pd.NaT, index=raw.index, dtype=DATE_DTYPE)
            invalid_by_role[role] = pd.Series(False, index=raw.index)
            continue
        header = by_role[role]
        ev = evidence[role]
        order = dayfirst if dayfirst is not None else ev.decided
        how = order_source if dayfirst is not None else "from its values"
        if order is None and ev.ambiguous:
            if len(file_orders) == 1:
                order = next(iter(file_orders))
                how = "like the file's other date columns"
            else:
                example = _first_ambiguous(raw.loc[live, header])
                raise LoadError(
                    f"{source_file}: cannot tell whether the dates in {header!r} (such as {example!r}) are "
                    f"day-first or month-first; pass dayfirst=True or dayfirst=False "
                    f"(--dayfirst / --monthfirst on the command line)"
                )
        parsed = parse_dates(raw[header], dayfirst=order)
        invalid = parsed.invalid & live
        readable = parsed.dates.notna() & live
        if role != "applied_on" and invalid.any() and not readable.any():
            notes.append(f"column {header!r} holds no dates, so it is kept as your own column")
            demoted.append(header)
            dates[role] = pd.Series(pd.NaT, index=raw.index, dtype=DATE_DTYPE)
            invalid_by_role[role] = pd.Series(False, index=raw.index)
            continue
        if role == "applied_on" and invalid.any() and not readable.any():
            example = raw.loc[invalid, header].iloc[0]
            raise LoadError(
                f"{source_file}: column {header!r} holds no readable dates (such as {example!r}); "
                f"name the application-date column with mapping={{'Your header': 'applied_on'}}"
            )
        if parsed.order is not None:
            notes.append(f"dates in {header!r} read {parsed.order} ({how})")
        if invalid.any():
            problems.append(
                problem_rows(
                    invalid[invalid].index,
                    header,
                    raw.loc[invalid, header],
                    _date_reason(raw.loc[invalid, header], order),
                )
            )
        dates[role] = parsed.dates
        invalid_by_role[role] = parsed.invalid
    return dates, invalid_by_role, notes, problems, demoted


def _first_ambiguous(values: pd.Series) -> str:
    text = values.astype("string").fillna("")
    parts = text.str.extract(r"^(\d{1,2})\D(\d{1,2})\D")
    mask = parts[0].notna() & (parts[0] != parts[1])
    return str(text[mask].iloc[0]) if mask.any() else str(text.iloc[0])


def _date_reason(values: pd.Series, dayfirst: bool | None) -> str:
    order = {True: " (read day-first)", False: " (read month-first)"}.get(dayfirst, "")
    return f"not a date{order}"


__all__ = ["Applications", "Normalised", "assign_roles", "normalise"]
