"""The canonical applications table: one row per application, validated with pandera.

Everything downstream (metrics, pivot decisions, charts, notebooks, reports, cohorts) reads this table and
refers to its columns through the schema (``Applications.applied_on == "applied_on"``), not through string
literals scattered around the code.
"""

from __future__ import annotations

import copy

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

CHANNELS: tuple[str, ...] = (
    "job_board",
    "company_site",
    "referral",
    "recruiter",
    "networking",
    "other",
    "unknown",
)
"""How an application was sent. ``other`` is a wording we could not place; ``unknown`` means none was given."""

STAGES: tuple[str, ...] = ("applied", "screen", "interview", "offer", "hired")
"""The funnel, in order. Stages can be skipped (a referral may go straight to an interview)."""

OUTCOMES: tuple[str, ...] = ("open", "ghosted", "rejected", "withdrawn", "declined", "hired")
"""Where an application ended. ``declined`` means the applicant turned down an offer; ``ghosted`` means the
user (or a later analysis) called it silent; ``open`` means no ending is known yet."""

CHANNEL_DTYPE = pd.CategoricalDtype(list(CHANNELS), ordered=False)
STAGE_DTYPE = pd.CategoricalDtype(list(STAGES), ordered=True)
OUTCOME_DTYPE = pd.CategoricalDtype(list(OUTCOMES), ordered=False)
DATE_DTYPE = "datetime64[s]"

TEXT_COLUMNS: tuple[str, ...] = (
    "application_id",
    "client_id",
    "company",
    "job_title",
    "role_family",
    "industry",
    "location",
    "resume_version",
    "notes",
)
"""The free-text columns (pandas ``str`` dtype), besides ``source_file``."""

STAGE_DATE_COLUMNS: dict[str, str] = {
    "screen": "screen_on",
    "interview": "interview_on",
    "offer": "offer_on",
}
"""Stage -> the column holding the first day that stage was reached."""

# Columns that hold dates which can never precede the application itself.
DATES_AFTER_APPLYING: tuple[str, ...] = (
    "first_response_on",
    "screen_on",
    "interview_on",
    "offer_on",
    "outcome_on",
)


def _duplicated(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """``df.duplicated(keys, keep="first")``, hashing the first key alone when its values never repeat (the
    usual case: one pass over one column, not a combined key of several)."""
    _, distinct = pd.factorize(df[keys[0]])  # at C speed for Arrow strings, as DataFrame.duplicated does it
    if len(distinct) == len(df):
        return pd.Series(False, index=df.index)
    return df.duplicated(keys, keep="first")


def _any_before(df: pd.DataFrame, dates: list[str], than: pd.Series | pd.Timestamp) -> pd.Series:
    """Where any of the ``dates`` columns is before ``than``: ``df[dates].min(axis=1) < than`` without building
    the minimum (an empty date is never before, an empty ``than`` never after)."""
    before = pd.Series(False, index=df.index)
    for column in dates:
        before |= df[column] < than
    return before


def _any_after(df: pd.DataFrame, dates: list[str], than: pd.Timestamp) -> pd.Series:
    """Where any of the ``dates`` columns is after ``than``: ``df[dates].max(axis=1) > than``, column by column."""
    after = pd.Series(False, index=df.index)
    for column in dates:
        after |= df[column] > than
    return after


def _stage_at_least(df: pd.DataFrame, stage: str) -> pd.Series:
    return (df["furthest_stage"] >= stage).fillna(False).astype(bool)


class Applications(pa.DataFrameModel):
    """One row per application.

    Columns the schema does not know (the user's own, such as "Salary" or "Team size") are kept as they are:
    they are the user's segments. Cross-column rules are named checks, so a failure report says which rule a
    row broke, and carries its own message (``error=``). The "no date after the as-of date" rule depends on
    the day the log describes, so it is added for each validation (:func:`with_as_of`).
    """

    application_id: Series[str] = pa.Field(str_length={"min_value": 1})
    client_id: Series[str] = pa.Field(str_length={"min_value": 1})
    company: Series[str] = pa.Field(str_length={"min_value": 1})
    job_title: Series[str] = pa.Field(nullable=True)
    role_family: Series[str] = pa.Field(nullable=True)
    industry: Series[str] = pa.Field(nullable=True)
    location: Series[str] = pa.Field(nullable=True)
    channel: Series[pd.CategoricalDtype] = pa.Field(dtype_kwargs={"categories": list(CHANNELS), "ordered": False})
    resume_version: Series[str] = pa.Field(nullable=True)
    cover_letter: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    applied_on: Series[pd.Timestamp] = pa.Field()
    first_response_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    screen_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    interview_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    offer_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    furthest_stage: Series[pd.CategoricalDtype] = pa.Field(dtype_kwargs={"categories": list(STAGES), "ordered": True})
    outcome: Series[pd.CategoricalDtype] = pa.Field(dtype_kwargs={"categories": list(OUTCOMES), "ordered": False})
    outcome_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    feedback_requested: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    feedback_received: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    interest: Series[pd.Int64Dtype] = pa.Field(nullable=True, in_range={"min_value": 1, "max_value": 5})
    notes: Series[str] = pa.Field(nullable=True)
    outcome_recorded: Series[bool] = pa.Field()
    source_file: Series[str] = pa.Field()
    source_row: Series[int] = pa.Field(ge=1)

    class Config:
        strict = False  # the user's own columns stay
        ordered = False
        coerce = False

    @pa.dataframe_check(
        name="application_id_unique_within_client", error="the application id is already used by an earlier row"
    )
    def _unique_id(cls, df: pd.DataFrame) -> pd.Series:
        return ~_duplicated(df, ["application_id", "client_id"])

    @pa.dataframe_check(name="first_response_on_not_before_applied_on", error="a reply dated before the application")
    def _response_after_applying(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["first_response_on"] < df["applied_on"])

    @pa.dataframe_check(name="screen_on_not_before_applied_on", error="a screen dated before the application")
    def _screen_after_applying(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["screen_on"] < df["applied_on"])

    @pa.dataframe_check(name="interview_on_not_before_applied_on", error="an interview dated before the application")
    def _interview_after_applying(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["interview_on"] < df["applied_on"])

    @pa.dataframe_check(name="offer_on_not_before_applied_on", error="an offer dated before the application")
    def _offer_after_applying(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["offer_on"] < df["applied_on"])

    @pa.dataframe_check(name="outcome_on_not_before_applied_on", error="an outcome dated before the application")
    def _outcome_after_applying(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["outcome_on"] < df["applied_on"])

    @pa.dataframe_check(
        name="first_response_not_after_a_stage", error="the first reply is dated after a screen, interview or offer"
    )
    def _first_response_first(cls, df: pd.DataFrame) -> pd.Series:
        return ~_any_before(df, list(STAGE_DATE_COLUMNS.values()), df["first_response_on"])  # a stage came first

    @pa.dataframe_check(name="furthest_stage_matches_stage_dates", error="the stage does not match the stage dates")
    def _stage_dates(cls, df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for stage, column in STAGE_DATE_COLUMNS.items():
            ok &= df[column].isna() | _stage_at_least(df, stage)
        return ok

    @pa.dataframe_check(
        name="hired_outcome_matches_hired_stage", error="hired, but the stage is not hired (or the other way round)"
    )
    def _hired(cls, df: pd.DataFrame) -> pd.Series:
        return (df["outcome"] == "hired").fillna(False) == (df["furthest_stage"] == "hired").fillna(False)

    @pa.dataframe_check(name="declined_means_an_offer", error="an offer declined, but no offer was recorded")
    def _declined(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["outcome"] == "declined").fillna(False) | _stage_at_least(df, "offer")

    @pa.dataframe_check(
        name="open_has_no_outcome_date", error="an outcome date, but no outcome (the status is still open)"
    )
    def _open(cls, df: pd.DataFrame) -> pd.Series:
        return ~((df["outcome"] == "open").fillna(False) & df["outcome_on"].notna())

    @pa.dataframe_check(
        name="unrecorded_outcome_has_no_reply", error="a reply or outcome in a file said to record none"
    )
    def _unrecorded(cls, df: pd.DataFrame) -> pd.Series:
        nothing = df[["first_response_on", "screen_on", "interview_on", "offer_on", "outcome_on"]].isna().all(axis=1)
        return df["outcome_recorded"] | (
            nothing
            & (df["outcome"] == "open").fillna(False).astype(bool)
            & (df["furthest_stage"] == "applied").fillna(False).astype(bool)
        )


EXIT_REASONS: tuple[str, ...] = ("employed_full_time", "employed_part_time", "self_employed", "training", "other")
"""Why a client's search ended. The first three are work; ``training`` and ``other`` are exits that are not."""

EMPLOYED: tuple[str, ...] = EXIT_REASONS[:3]
"""The exit reasons that count as finding work."""

EXIT_DTYPE = pd.CategoricalDtype(list(EXIT_REASONS), ordered=False)


class Clients(pa.DataFrameModel):
    """One row per client of a cohort (a counsellor's caseload).

    ``search_start`` is day 0 of the search; ``intake`` the day the client came to the service, which may be
    later (the client joined mid-search: the analysis treats the time before it as left truncation) or
    earlier. A client who has not exited is followed up to ``last_contact_on``. ``program`` and
    ``counsellor`` (and any column of the counsellor's own) are segments. No name, e-mail or other contact
    detail is kept (see :func:`jobsearch_analysis.ingest.clients.load_clients`).
    """

    client_id: Series[str] = pa.Field(str_length={"min_value": 1})
    search_start: Series[pd.Timestamp] = pa.Field()
    exited_on: Series[pd.Timestamp] | None = pa.Field(nullable=True)
    exit_reason: Series[pd.CategoricalDtype] | None = pa.Field(
        nullable=True, dtype_kwargs={"categories": list(EXIT_REASONS), "ordered": False}
    )
    last_contact_on: Series[pd.Timestamp] = pa.Field()
    intake: Series[pd.Timestamp] | None = pa.Field(nullable=True)
    program: Series[str] | None = pa.Field(nullable=True)
    counsellor: Series[str] | None = pa.Field(nullable=True)
    source_file: Series[str] | None = pa.Field()
    source_row: Series[int] | None = pa.Field(ge=1)

    class Config:
        strict = False
        ordered = False
        coerce = False

    @pa.dataframe_check(name="client_id_unique", error="the client id is already used by an earlier row")
    def _unique_client(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["client_id"], keep="first")

    @pa.dataframe_check(name="exit_reason_given_when_exited", error="an exit date but no exit reason")
    def _reason_given(cls, df: pd.DataFrame) -> pd.Series:
        df = complete_clients(df)
        return df["exited_on"].isna() | df["exit_reason"].notna()

    @pa.dataframe_check(name="exit_reason_needs_exit_date", error="an exit reason but no exit date")
    def _date_given(cls, df: pd.DataFrame) -> pd.Series:
        df = complete_clients(df)
        return df["exit_reason"].isna() | df["exited_on"].notna()

    @pa.dataframe_check(name="exited_on_not_before_search_start", error="the exit is dated before the search started")
    def _exit_after_start(cls, df: pd.DataFrame) -> pd.Series:
        df = complete_clients(df)
        return ~(df["exited_on"] < df["search_start"])

    @pa.dataframe_check(
        name="last_contact_on_not_before_search_start", error="the last contact is before the search started"
    )
    def _contact_after_start(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["last_contact_on"] < df["search_start"])

    @pa.dataframe_check(name="exited_on_not_before_intake", error="the exit is dated before the intake")
    def _exit_after_intake(cls, df: pd.DataFrame) -> pd.Series:
        df = complete_clients(df)
        return ~(df["exited_on"] < df["intake"])

    @pa.dataframe_check(name="last_contact_on_not_before_intake", error="the last contact is before the intake")
    def _contact_after_intake(cls, df: pd.DataFrame) -> pd.Series:
        df = complete_clients(df)
        return ~(df["last_contact_on"] < df["intake"])


CLIENT_DATE_COLUMNS: tuple[str, ...] = ("search_start", "exited_on", "last_contact_on", "intake")


def complete_clients(frame: pd.DataFrame) -> pd.DataFrame:
    """A clients table with the optional columns of :class:`Clients` it lacks added, empty (nobody has exited,
    nobody came mid-search, no programme or counsellor). The frame given is not changed."""
    missing = {}
    for column in ("exited_on", "intake"):
        if column not in frame.columns:
            missing[column] = pd.Series(pd.NaT, index=frame.index, dtype=DATE_DTYPE)
    if "exit_reason" not in frame.columns:
        missing["exit_reason"] = pd.Series(pd.NA, index=frame.index, dtype=EXIT_DTYPE)
    for column in ("program", "counsellor"):
        if column not in frame.columns:
            missing[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame.assign(**missing) if missing else frame


CLIENT_COLUMNS: tuple[str, ...] = tuple(Clients.to_schema().columns)


COLUMNS: tuple[str, ...] = tuple(Applications.to_schema().columns)
"""The canonical columns, in table order.

``outcome_recorded`` is False for applications whose source records no replies or outcomes (LinkedIn's
archive): their silence is not a "no reply", and response rates leave them out. Besides these columns a
loaded table may hold ``job_url`` (the posting's address, used to match files), ``channel_detail`` (the
source's own wording for the channel) and the user's own columns."""

DATE_COLUMNS: tuple[str, ...] = ("applied_on", *DATES_AFTER_APPLYING)


COLUMN_WORDS = {
    "application_id": "application",
    "client_id": "client",
    "company": "company",
    "job_title": "role",
    "role_family": "kind of role",
    "industry": "industry",
    "location": "location",
    "channel": "channel",
    "resume_version": "resume version",
    "cover_letter": "cover letter",
    "applied_on": "date applied",
    "first_response_on": "reply date",
    "screen_on": "screen date",
    "interview_on": "interview date",
    "offer_on": "offer date",
    "furthest_stage": "stage reached",
    "outcome": "outcome",
    "outcome_on": "outcome date",
    "feedback_requested": "feedback asked for",
    "feedback_received": "feedback received",
    "interest": "interest",
    "notes": "notes",
    "outcome_recorded": "outcome recorded",
    "source_file": "file",
    "source_row": "row",
    "status": "status",
    "status_on": "status date",
    "job_url": "job link",
    "rejected_on": "rejection date",
    "hired_on": "date an offer was accepted",
    "withdrawn_on": "date withdrawn",
    "declined_on": "date an offer was declined",
    "ghosted_on": "date marked as no reply",
    "search_start": "search start",
    "exited_on": "exit date",
    "exit_reason": "exit reason",
    "last_contact_on": "last contact",
    "intake": "intake date",
    "program": "programme",
    "counsellor": "counsellor or team",
}
"""Each of the tool's column names as a person says it ("date applied", not ``applied_on``)."""


RULE_COLUMNS: dict[str, str] = {
    "application_id_unique_within_client": "application_id",
    "first_response_on_not_before_applied_on": "first_response_on",
    "screen_on_not_before_applied_on": "screen_on",
    "interview_on_not_before_applied_on": "interview_on",
    "offer_on_not_before_applied_on": "offer_on",
    "outcome_on_not_before_applied_on": "outcome_on",
    "first_response_not_after_a_stage": "first_response_on",
    "furthest_stage_matches_stage_dates": "furthest_stage",
    "hired_outcome_matches_hired_stage": "outcome",
    "declined_means_an_offer": "outcome",
    "open_has_no_outcome_date": "outcome_on",
    "unrecorded_outcome_has_no_reply": "outcome_recorded",
    "client_id_unique": "client_id",
    "exit_reason_given_when_exited": "exit_reason",
    "exit_reason_needs_exit_date": "exited_on",
    "exited_on_not_before_search_start": "exited_on",
    "last_contact_on_not_before_search_start": "last_contact_on",
    "exited_on_not_before_intake": "exited_on",
    "last_contact_on_not_before_intake": "last_contact_on",
}
"""The column each cross-column rule points at, for the report of a row that breaks it."""

AS_OF_RULE = "no_date_after_as_of"
AS_OF_MESSAGE = "a date after the as-of date {detail} (a typo in the year?)"
"""The rule that no date falls after the as-of date, and its message (``detail`` is the as-of date)."""


def with_as_of(model: type[pa.DataFrameModel], as_of: object) -> pa.DataFrameSchema:
    """``model``'s schema with the rule that no date falls after ``as_of`` (the day the log describes)."""
    day = pd.Timestamp(as_of).normalize()
    columns = ["applied_on", *DATES_AFTER_APPLYING] if model is Applications else list(CLIENT_DATE_COLUMNS)

    def not_in_future(df: pd.DataFrame) -> pd.Series:
        frame = complete_clients(df) if model is Clients else df
        return ~_any_after(frame, columns, day)

    rule = pa.Check(not_in_future, name=AS_OF_RULE, error=AS_OF_MESSAGE.format(detail=f"{day:%Y-%m-%d}"))
    schema = copy.deepcopy(model.to_schema())  # the model's cached schema stays as it is
    schema.checks = [*schema.checks, rule]
    return schema


def validate(applications: pd.DataFrame, *, as_of: object = None, lazy: bool = True) -> pd.DataFrame:
    """Validate a frame against :class:`Applications`.

    Parameters
    ----------
    applications : DataFrame
        A frame in the canonical layout (as returned by :func:`jobsearch_analysis.load`).
    as_of : date-like, optional
        The day the log describes; no date may fall after it. Without it that rule is not checked.
    lazy : bool, default True
        Collect every failure before raising, so the report shows all bad rows at once.

    Returns
    -------
    DataFrame
        The same frame (not a copy of its data).

    Raises
    ------
    pandera.errors.SchemaErrors
        With ``lazy=True``, listing every failure (``failure_cases`` names the check and the row index).

    Example
    -------
    >>> from jobsearch_analysis import load_sample, schema
    >>> apps = load_sample("personal_log").applications
    >>> schema.validate(apps, as_of="2026-11-02") is not None
    True
    """
    schema = Applications.to_schema() if as_of is None else with_as_of(Applications, as_of)
    return schema.validate(applications, lazy=lazy)
