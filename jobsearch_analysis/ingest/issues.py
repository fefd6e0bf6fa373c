"""Typed issues: every row or cell that could not be used, as a stable code with the numbers it needs.

A reader never writes a sentence. It reports an issue: a code from :data:`ISSUES` (``"not_a_date"``,
``"saved_job"``), the rows and the column it concerns, the value as typed, and a ``detail`` when the message
needs one (the row an exact copy repeats, the as-of date). Every issue has a *kind*:

error    the row could not be used; the user should fix it
skipped  the row is not an application (a blank line, a saved job) and is counted, not used
warning  the row was used, but something in it was read with a caveat
note     something about the file worth saying

All issues travel in one frame shape, :data:`ISSUE_COLUMNS`, from the column readers to the rejects file. The
messages are rendered from the codes (:func:`reason`) in one place, so a wording can change without any code
reading it back; the summary counts issues by code, never by message.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobsearch_analysis.schema import AS_OF_MESSAGE, AS_OF_RULE, Applications, Clients

KINDS = ("error", "skipped", "warning", "note")

ISSUE_COLUMNS = ["source_file", "source_row", "column", "value", "code", "detail", "kind"]
"""One issue per row: the file, the row as the user's spreadsheet numbers it, the header (as in the file, or a
label such as "(whole row)"), the value as typed, the code, its detail ("" when the message needs none), and
the kind."""

REJECT_COLUMNS = ["source_file", "source_row", "column", "value", "reason", "kind", "code"]
"""The rejects: one line per input row not used, its issues joined (see :func:`per_row`)."""


@dataclass(frozen=True)
class IssueType:
    """One kind of problem: its stable code, kind, and message template (``{detail}`` is filled in).

    ``bare`` is the message when the detail is empty (a count of rows by code says the problem without any
    row's detail); ``counted`` names one and many of a skipped row, for a summary that counts them ("2 saved
    jobs"); ``noted`` is a note's line in the summary, said once per distinct value (``{value}`` is the value
    as typed, quoted) with its row count: "read 'Rejcted' as rejected (2 rows)"."""

    code: str
    kind: str
    template: str
    bare: str | None = None
    counted: tuple[str, str] | None = None
    noted: str | None = None

    def render(self, detail: str = "") -> str:
        if not detail and self.bare is not None:
            return self.bare
        return self.template.replace("{detail}", detail)

    def note(self, value: str, detail: str = "") -> str:
        """The summary's line for a value (``noted``, else the message)."""
        if self.noted is None:
            return f"{value!r}: {self.render(detail)}"
        return self.noted.replace("{value}", repr(value)).replace("{detail}", detail)


STATUS_WORDS = "applied, phone screen, interview, offer, offer accepted, rejected, no reply, withdrawn"

_TYPES = (
    # Rows that are not applications.
    IssueType("blank_row", "skipped", "blank row", counted=("blank row", "blank rows")),
    IssueType("saved_job", "skipped", "a saved job, not an application", counted=("saved job", "saved jobs")),
    IssueType(
        "never_applied",
        "skipped",
        "a saved job that was never applied for",
        counted=("saved job never applied for", "saved jobs never applied for"),
    ),
    IssueType(
        "not_a_stage_change",
        "skipped",
        "not a stage change",
        counted=("record that is not a stage change", "records that are not a stage change"),
    ),
    IssueType(
        "not_a_list_move",
        "skipped",
        "not a move between lists",
        counted=("record that is not a move between lists", "records that are not a move between lists"),
    ),
    IssueType(
        "not_a_record",
        "skipped",
        "an entry that is not a record (a bare value where the export has objects), not an application",
        counted=("entry that is not a record", "entries that are not records"),
    ),
    IssueType(
        "merge_conflict_marker",
        "skipped",
        "a line git left from a merge conflict (<<<<<<<, =======, >>>>>>>), not an application",
        counted=("merge-conflict marker line", "merge-conflict marker lines"),
    ),
    IssueType(
        "repeated_header",
        "skipped",
        "the header row repeated, not an application",
        counted=("repeated header row", "repeated header rows"),
    ),
    IssueType(
        "not_applied_yet",
        "skipped",
        "a job noted but not applied for yet (no application date, no status, no stage)",
        counted=("job not applied for yet (a wish list row)", "jobs not applied for yet (wish list rows)"),
    ),
    # A row as a whole.
    IssueType(
        "too_wide",
        "error",
        "the row has more cells than there are headers (a comma inside a value? put the value in quotes)",
    ),
    IssueType("exact_copy", "error", "an exact copy of row {detail}", bare="an exact copy of an earlier row"),
    IssueType("several_endings", "error", "the row has dates for more than one ending (say rejected and withdrawn)"),
    IssueType(
        "ending_clash",
        "error",
        "the status says one ending but the row has a date for another ({detail})",
        bare="the status says one ending but the row has a date for another",
    ),
    # Cells.
    IssueType("no_company", "error", "no company name"),
    IssueType(
        "link_matches_nothing",
        "error",
        "its job link matches no application of the files loaded before it (a sheet without a company column "
        "adds to those applications by job link)",
    ),
    IssueType("no_client_id", "error", "no client id"),
    IssueType("no_applied_on", "error", "no application date"),
    IssueType("no_search_start", "error", "no search start date"),
    IssueType("no_last_contact", "error", "no last contact date"),
    IssueType("not_a_date", "error", "not a date (read {detail})", bare="not a date"),
    IssueType("date_before_1980", "error", "a date before 1980 (a typo in the year?)"),
    IssueType("not_yes_no", "error", "not a yes/no answer (use yes, no or leave it empty)"),
    IssueType("interest_not_whole", "error", "not a whole number from 1 to 5"),
    IssueType("interest_out_of_range", "error", "outside the 1 to 5 scale"),
    IssueType(
        "unknown_status",
        "error",
        f"a status we do not know (did you mean {{detail}}?); use one of {STATUS_WORDS}, or name it with "
        "statuses={...}",
        bare=f"a status we do not know; use one of {STATUS_WORDS}, or name it with statuses={{...}}",
    ),
    IssueType(
        "unknown_exit_reason",
        "error",
        "not an exit reason this tool knows; use one of {detail}",
        bare="not an exit reason this tool knows",
    ),
    # Words read with a caveat: the row is used, the summary says once per word how it was read.
    IssueType(
        "status_typo",
        "note",
        "read as {detail} (a typo?)",
        bare="read as a known status word (a typo?)",
        noted="read {value} as {detail}",
    ),
    IssueType(
        "vague_status",
        "note",
        "read as applied, still open: the word names no stage or ending",
        noted="read {value} as applied, still open: the word names no stage or ending",
    ),
    # Events (one row per stage change).
    IssueType("event_without_date", "error", "an event without a date"),
    IssueType(
        "unknown_stage",
        "error",
        "a stage we do not know (say what it means with statuses={WORD: STAGE}, where "
        "STAGE is applied, phone screen, interview, offer, rejected, ..., or saved for jobs not applied for)",
    ),
    IssueType("event_without_stage", "error", "an event without a stage"),
    IssueType("no_key", "error", "no application id and no company: which application is this?"),
    # A column rule of a schema (empty, too short, out of range).
    IssueType("empty_or_out_of_range", "error", "{detail} is empty or out of range", bare="empty or out of range"),
    IssueType("broken_rule", "error", "breaks the rule {detail}", bare="breaks a rule of the table"),
)


def _schema_rules() -> tuple[IssueType, ...]:
    """The schemas' cross-column rules, each an error whose message is the check's own ``error=``."""
    late = IssueType(AS_OF_RULE, "error", AS_OF_MESSAGE, bare="a date after the as-of date (a typo in the year?)")
    found = {AS_OF_RULE: late}
    for model in (Applications, Clients):
        for check in model.to_schema().checks:
            found[check.name] = IssueType(check.name, "error", check.error)
    return tuple(found.values())


CELL_CODES = frozenset(
    {
        "not_a_date",
        "date_before_1980",
        "not_yes_no",
        "interest_not_whole",
        "interest_out_of_range",
        "unknown_status",
        "empty_or_out_of_range",
        AS_OF_RULE,
        "first_response_on_not_before_applied_on",
        "screen_on_not_before_applied_on",
        "interview_on_not_before_applied_on",
        "offer_on_not_before_applied_on",
        "outcome_on_not_before_applied_on",
        "first_response_not_after_a_stage",
        "open_has_no_outcome_date",
    }
)
"""Problems of one cell. In a column an application can do without (a reply date, interest, the status) the
cell is left empty and the problem is a warning: the application is kept. In a column it cannot do without
(the company, the application date) the row is rejected."""

ISSUES: dict[str, IssueType] = {t.code: t for t in (*_TYPES, *_schema_rules())}
"""Every issue code the package reports."""


def issue_type(code: str) -> IssueType:
    try:
        return ISSUES[code]
    except KeyError:
        raise KeyError(f"issue code {code!r} is not registered in jobsearch_analysis.ingest.issues") from None


def empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "source_row" else "str") for c in ISSUE_COLUMNS}, columns=ISSUE_COLUMNS
    )


def issues(
    code: str,
    source_file: str,
    rows: np.ndarray | pd.Series | list,
    column: str | pd.Series | np.ndarray,
    values: pd.Series | np.ndarray | list | None = None,
    detail: str | pd.Series | np.ndarray = "",
    kind: str | None = None,
) -> pd.DataFrame:
    """Issues of one code for many rows at once (the frame shape of :data:`ISSUE_COLUMNS`); ``kind`` overrides
    the code's own (a bad cell in a column an application can do without is a warning: :data:`CELL_CODES`)."""
    kind = kind or issue_type(code).kind
    rows = np.asarray(rows, dtype=np.int64)
    shown = [""] * len(rows) if values is None else [display(v) for v in _as_list(values)]
    return pd.DataFrame(
        {
            "source_file": source_file,
            "source_row": rows,
            "column": _as_column(column, len(rows)),
            "value": np.asarray(shown, dtype=object) if len(rows) else np.array([], dtype=object),
            "code": code,
            "detail": _as_column(detail, len(rows)),
            "kind": kind,
        },
        columns=ISSUE_COLUMNS,
    ).astype({"column": "str", "value": "str", "detail": "str", "code": "str", "kind": "str", "source_file": "str"})


def _as_list(values) -> list:
    return values.tolist() if isinstance(values, (pd.Series, np.ndarray)) else list(values)


def _as_column(value, n: int):
    if isinstance(value, pd.Series):
        return value.astype("str").to_numpy(dtype=object)
    if isinstance(value, np.ndarray):
        return value.astype(object)
    return np.full(n, value, dtype=object)


def display(value: object) -> str:
    """A cell as the user would read it: empty for a missing value, a date as YYYY-MM-DD."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if value is pd.NA:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if p is not None and len(p)]
    return pd.concat(parts, ignore_index=True)[ISSUE_COLUMNS] if parts else empty()


def reason(frame: pd.DataFrame) -> pd.Series:
    """The message of each issue, rendered from its code and detail (each distinct pair once)."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype="str")
    codes, uniques = pd.MultiIndex.from_frame(frame[["code", "detail"]].astype("str")).factorize()
    rendered = np.array([issue_type(code).render(detail) for code, detail in uniques], dtype=object)
    return pd.Series(rendered[codes], index=frame.index, dtype="str")


def settle(frame: pd.DataFrame) -> pd.DataFrame:
    """A warning in a row that is rejected anyway joins that row's errors (the row's every problem is said
    where the row is); in a row skipped as not an application, it is dropped."""
    if frame.empty or not (frame["kind"] == "warning").any():
        return frame
    keys = ["source_file", "source_row"]
    # An application date after the as-of date (a mistyped year) makes every later date look early: one
    # mistake, one message.
    late = frame.loc[(frame["kind"] == "error") & (frame["code"] == AS_OF_RULE), keys].drop_duplicates()
    early = frame["code"].str.endswith("_not_before_applied_on") & (frame["kind"] == "warning")
    explained = early & pd.MultiIndex.from_frame(frame[keys]).isin(pd.MultiIndex.from_frame(late))
    frame = frame.loc[~explained].reset_index(drop=True)
    stopped = row_kinds(frame.loc[frame["kind"].isin(["error", "skipped"])])
    row = pd.MultiIndex.from_frame(frame[keys])
    kind = pd.Series(stopped.reindex(row).to_numpy(), index=frame.index)
    warned = frame["kind"] == "warning"
    frame = frame.assign(kind=frame["kind"].mask(warned & kind.notna(), kind))
    return frame.loc[~(warned & (frame["kind"] == "skipped"))].reset_index(drop=True)


def row_kinds(frame: pd.DataFrame) -> pd.Series:
    """The kind of each row (by file and row) with errors or skips: an error outranks a skip (a row that must be
    fixed is never counted as merely not an application)."""
    error = (frame["kind"] == "error").groupby([frame["source_file"], frame["source_row"]]).any()
    return pd.Series(np.where(error, "error", "skipped"), index=error.index, dtype="str")


def per_row(frame: pd.DataFrame) -> pd.DataFrame:
    """The rejects: one line per row, its columns, values, messages and codes joined with "; ", its kind the
    most serious of its issues (:func:`row_kinds`). Warnings and notes are not rejects."""
    frame = frame.loc[frame["kind"].isin(["error", "skipped"])] if len(frame) else frame
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "source_row" else "str") for c in REJECT_COLUMNS})
    frame = frame.assign(reason=reason(frame)).astype({"column": "str", "value": "str", "source_file": "str"})
    keys = ["source_file", "source_row"]
    group = frame.groupby(keys, sort=False).ngroup().to_numpy()  # one number per row of the file, in order
    first = np.unique(group, return_index=True)[1]
    error = np.zeros(len(first), dtype=bool)
    np.logical_or.at(error, group, (frame["kind"] == "error").to_numpy())
    grouped = (
        frame[keys]
        .iloc[first]
        .reset_index(drop=True)
        .assign(
            column=_joined(frame["column"], group, len(first)),
            value=_joined(frame["value"].mask(frame["value"] == ""), group, len(first)),
            reason=_joined(frame["reason"], group, len(first)),
            kind=np.where(error, "error", "skipped"),
            code=_joined(frame["code"], group, len(first)),
        )
    )
    grouped = grouped.sort_values(keys, kind="stable", ignore_index=True)
    return grouped.astype({"source_row": "int64"})[REJECT_COLUMNS]


def _joined(values: pd.Series, group: np.ndarray, groups: int) -> np.ndarray:
    """Each group's distinct values in order, joined with "; " ("" for none; missing values are left out).
    Vectorised (a grouped sum of strings): a file of a million bad rows is as quick to list as one of ten."""
    part = pd.DataFrame({"group": group, "value": values.to_numpy()}).dropna().drop_duplicates()
    text = (part["value"] + "; ").groupby(part["group"].to_numpy()).sum()
    return text.str.slice(0, -2).reindex(range(groups)).fillna("").to_numpy()


def counted(frame: pd.DataFrame, kind: str = "skipped") -> list[tuple[str, int]]:
    """How many rows each code of ``kind`` concerns, most first: [("saved_job", 2), ("blank_row", 1)]."""
    mine = frame.loc[frame["kind"] == kind] if len(frame) else frame
    if mine.empty:
        return []
    per_code = mine.drop_duplicates(["source_file", "source_row", "code"])["code"].value_counts(sort=True)
    return [(str(code), int(n)) for code, n in per_code.items()]


def counted_words(frame: pd.DataFrame, kind: str = "skipped") -> list[str]:
    """:func:`counted` in words: ["2 saved jobs", "1 blank row"]."""
    words = []
    for code, n in counted(frame, kind):
        issue = issue_type(code)
        one, many = issue.counted or (issue.render(), issue.render())
        words.append(f"{n} {one if n == 1 else many}")
    return words


__all__ = [
    "CELL_CODES",
    "ISSUES",
    "ISSUE_COLUMNS",
    "KINDS",
    "REJECT_COLUMNS",
    "STATUS_WORDS",
    "IssueType",
    "combine",
    "counted",
    "counted_words",
    "display",
    "empty",
    "issue_type",
    "issues",
    "per_row",
    "reason",
    "row_kinds",
    "settle",
]
