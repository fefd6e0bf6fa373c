"""The canonical contracts checked where the data lives: :class:`~jobsearch_analysis.schema.Applications` and
:class:`~jobsearch_analysis.schema.Clients` as ``pandera.ibis`` models, with the same rules and messages.

pandera collects every failing row into pandas, which a table of a hundred million rows cannot afford; here each
rule of the models becomes one boolean expression, all of them are counted in one pass of the engine, and only a
few example rows of each broken rule come back (:func:`check`).

>>> import ibis
>>> import pyarrow as pa
>>> from jobsearch_analysis.ingest.clients import load_cohort
>>> from jobsearch_analysis import sample_path
>>> sample = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"),
...                      as_of="2026-11-02")
>>> found = check(ibis.memtable(pa.Table.from_pandas(sample.clients)), Clients, as_of="2026-11-02")
>>> found.ok, found.rows == len(sample.clients)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandas as pd
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData
from pandera.backends.ibis.register import register_ibis_backends

from jobsearch_analysis.analysis.engine import arrow, complete_clients
from jobsearch_analysis.schema import (
    AS_OF_MESSAGE,
    AS_OF_RULE,
    CHANNELS,
    CLIENT_DATE_COLUMNS,
    COLUMN_WORDS,
    DATES_AFTER_APPLYING,
    EXIT_REASONS,
    OUTCOMES,
    STAGE_DATE_COLUMNS,
    STAGES,
)


def _flag(value: ir.BooleanValue) -> ir.BooleanValue:
    return value.fill_null(False)


def column_words(column: str) -> str:
    """A canonical column in words ("applied_on" -> "date applied")."""
    return COLUMN_WORDS.get(column, column.replace("_", " "))


def _never(value: ir.BooleanValue) -> ir.BooleanValue:
    """True where ``value`` is False or cannot be told (a missing date breaks no rule), as pandas'
    ``~(a < b)`` with a missing side."""
    return ~_flag(value)


def _stage_at_least(table: ir.Table, stage: str) -> ir.BooleanValue:
    return _flag(table.furthest_stage.cast("string").isin(list(STAGES[STAGES.index(stage) :])))


def _is(column: ir.Value, value: str) -> ir.BooleanValue:
    return _flag(column.cast("string") == value)


def _first_of_its_kind(table: ir.Table, keys: list[str]) -> ir.BooleanValue:
    """True on the first row (in file order) of each value of ``keys``: ``~duplicated(keep="first")``."""
    order = [c for c in ("source_file", "source_row") if c in table.columns] or keys
    return ibis.row_number().over(group_by=[table[k] for k in keys], order_by=[table[c] for c in order]) == 0


def _not_before_applying(column: str, error: str):
    """The rule that ``column`` is not dated before the application, with its message."""

    def rule(cls, data: IbisData) -> ir.BooleanColumn:
        return _never(data.table[column] < data.table.applied_on)

    return pa.dataframe_check(name=f"{column}_not_before_applied_on", error=error)(rule)


class Applications(pa.DataFrameModel):
    """:class:`jobsearch_analysis.schema.Applications` for an Ibis table (a category is a string limited to its
    values)."""

    application_id: dt.String = pa.Field(str_length={"min_value": 1})
    client_id: dt.String = pa.Field(str_length={"min_value": 1})
    company: dt.String = pa.Field(str_length={"min_value": 1})
    job_title: dt.String = pa.Field(nullable=True)
    role_family: dt.String = pa.Field(nullable=True)
    industry: dt.String = pa.Field(nullable=True)
    location: dt.String = pa.Field(nullable=True)
    channel: dt.String = pa.Field(isin=list(CHANNELS))
    resume_version: dt.String = pa.Field(nullable=True)
    cover_letter: dt.Boolean = pa.Field(nullable=True)
    applied_on: dt.Timestamp = pa.Field()
    first_response_on: dt.Timestamp = pa.Field(nullable=True)
    screen_on: dt.Timestamp = pa.Field(nullable=True)
    interview_on: dt.Timestamp = pa.Field(nullable=True)
    offer_on: dt.Timestamp = pa.Field(nullable=True)
    furthest_stage: dt.String = pa.Field(isin=list(STAGES))
    outcome: dt.String = pa.Field(isin=list(OUTCOMES))
    outcome_on: dt.Timestamp = pa.Field(nullable=True)
    feedback_requested: dt.Boolean = pa.Field(nullable=True)
    feedback_received: dt.Boolean = pa.Field(nullable=True)
    interest: dt.Int64 = pa.Field(nullable=True, in_range={"min_value": 1, "max_value": 5})
    notes: dt.String = pa.Field(nullable=True)
    outcome_recorded: dt.Boolean = pa.Field()
    source_file: dt.String = pa.Field()
    source_row: dt.Int64 = pa.Field(ge=1)

    class Config:
        strict = False

    @pa.dataframe_check(
        name="application_id_unique_within_client", error="the application id is already used by an earlier row"
    )
    def _unique_id(cls, data: IbisData) -> ir.BooleanColumn:
        return _first_of_its_kind(data.table, ["client_id", "application_id"])

    _response_after_applying = _not_before_applying("first_response_on", "a reply dated before the application")
    _screen_after_applying = _not_before_applying("screen_on", "a screen dated before the application")
    _interview_after_applying = _not_before_applying("interview_on", "an interview dated before the application")
    _offer_after_applying = _not_before_applying("offer_on", "an offer dated before the application")
    _outcome_after_applying = _not_before_applying("outcome_on", "an outcome dated before the application")

    @pa.dataframe_check(
        name="first_response_not_after_a_stage", error="the first reply is dated after a screen, interview or offer"
    )
    def _first_response_first(cls, data: IbisData) -> ir.BooleanColumn:
        t = data.table
        return _never(t.first_response_on > ibis.least(*(t[c] for c in STAGE_DATE_COLUMNS.values())))

    @pa.dataframe_check(name="furthest_stage_matches_stage_dates", error="the stage does not match the stage dates")
    def _stage_dates(cls, data: IbisData) -> ir.BooleanColumn:
        t = data.table
        ok = ibis.literal(True)
        for stage, column in STAGE_DATE_COLUMNS.items():
            ok &= t[column].isnull() | _stage_at_least(t, stage)
        return ok

    @pa.dataframe_check(
        name="hired_outcome_matches_hired_stage", error="hired, but the stage is not hired (or the other way round)"
    )
    def _hired(cls, data: IbisData) -> ir.BooleanColumn:
        return _is(data.table.outcome, "hired") == _is(data.table.furthest_stage, "hired")

    @pa.dataframe_check(name="declined_means_an_offer", error="an offer declined, but no offer was recorded")
    def _declined(cls, data: IbisData) -> ir.BooleanColumn:
        return ~_is(data.table.outcome, "declined") | _stage_at_least(data.table, "offer")

    @pa.dataframe_check(
        name="open_has_no_outcome_date", error="an outcome date, but no outcome (the status is still open)"
    )
    def _open(cls, data: IbisData) -> ir.BooleanColumn:
        return ~(_is(data.table.outcome, "open") & data.table.outcome_on.notnull())

    @pa.dataframe_check(
        name="unrecorded_outcome_has_no_reply", error="a reply or outcome in a file said to record none"
    )
    def _unrecorded(cls, data: IbisData) -> ir.BooleanColumn:
        t = data.table
        nothing = ibis.literal(True)
        for column in DATES_AFTER_APPLYING:
            nothing &= t[column].isnull()
        return _flag(t.outcome_recorded) | (nothing & _is(t.outcome, "open") & _is(t.furthest_stage, "applied"))


class Clients(pa.DataFrameModel):
    """:class:`jobsearch_analysis.schema.Clients` for an Ibis table; the optional columns it lacks are added
    empty before the rules run (as :func:`jobsearch_analysis.schema.complete_clients` does)."""

    client_id: dt.String = pa.Field(str_length={"min_value": 1})
    search_start: dt.Timestamp = pa.Field()
    exited_on: dt.Timestamp | None = pa.Field(nullable=True)
    exit_reason: dt.String | None = pa.Field(nullable=True, isin=list(EXIT_REASONS))
    last_contact_on: dt.Timestamp = pa.Field()
    intake: dt.Timestamp | None = pa.Field(nullable=True)
    program: dt.String | None = pa.Field(nullable=True)
    counsellor: dt.String | None = pa.Field(nullable=True)
    source_file: dt.String | None = pa.Field()
    source_row: dt.Int64 | None = pa.Field(ge=1)

    class Config:
        strict = False

    @pa.dataframe_check(name="client_id_unique", error="the client id is already used by an earlier row")
    def _unique_client(cls, data: IbisData) -> ir.BooleanColumn:
        return _first_of_its_kind(data.table, ["client_id"])

    @pa.dataframe_check(name="exit_reason_given_when_exited", error="an exit date but no exit reason")
    def _reason_given(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.exited_on.isnull() | data.table.exit_reason.notnull()

    @pa.dataframe_check(name="exit_reason_needs_exit_date", error="an exit reason but no exit date")
    def _date_given(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.exit_reason.isnull() | data.table.exited_on.notnull()

    @pa.dataframe_check(name="exited_on_not_before_search_start", error="the exit is dated before the search started")
    def _exit_after_start(cls, data: IbisData) -> ir.BooleanColumn:
        return _never(data.table.exited_on < data.table.search_start)

    @pa.dataframe_check(
        name="last_contact_on_not_before_search_start", error="the last contact is before the search started"
    )
    def _contact_after_start(cls, data: IbisData) -> ir.BooleanColumn:
        return _never(data.table.last_contact_on < data.table.search_start)

    @pa.dataframe_check(name="exited_on_not_before_intake", error="the exit is dated before the intake")
    def _exit_after_intake(cls, data: IbisData) -> ir.BooleanColumn:
        return _never(data.table.exited_on < data.table.intake)

    @pa.dataframe_check(name="last_contact_on_not_before_intake", error="the last contact is before the intake")
    def _contact_after_intake(cls, data: IbisData) -> ir.BooleanColumn:
        return _never(data.table.last_contact_on < data.table.intake)


# ----------------------------------------------------------------------------------------------- checking
@dataclass(frozen=True)
class Checked:
    """What :func:`check` returns.

    rows      how many rows the table has
    broken    how many of them break at least one rule (:func:`passing` leaves them out)
    failures  one row per rule some rows break: ``rule`` (the check's name, as pandera's reports name it; or
              ``column_missing``, ``wrong_type``, ``not_nullable``), ``column`` (missing for a rule on whole
              rows), ``rows`` (how many rows break it), ``message`` (the rule's own words)
    examples  a few of those rows per rule: ``rule``, ``column``, ``source_file``, ``source_row`` and ``value``
              (the cell as text, for a rule on one column)
    """

    rows: int
    failures: pd.DataFrame
    examples: pd.DataFrame
    broken: int = 0

    @property
    def ok(self) -> bool:
        return self.failures.empty

    @property
    def usable(self) -> bool:
        """False when the table lacks a column the contract needs, or holds one of another type: no row of it
        can be checked, so none can be used."""
        return not self.failures["rule"].isin(WHOLE_TABLE).any()


KINDS = {
    "string": lambda t: t.is_string(),
    "timestamp": lambda t: t.is_timestamp() or t.is_date(),
    "boolean": lambda t: t.is_boolean(),
    "int64": lambda t: t.is_integer(),
}
"""The families of types a column may have in the engine (any string, any date or timestamp, any integer)."""
KIND_WORDS = {"string": "text", "timestamp": "dates", "boolean": "yes or no", "int64": "whole numbers"}
BUILT_IN_WORDS = {
    "str_length": "an empty {column}",
    "isin": "the {column} is none of {allowed_values}",
    "in_range": "the {column} is outside {min_value} to {max_value}",
    "greater_than_or_equal_to": "the {column} is below {min_value}",
}
"""pandera's built-in checks on one column in words (their own messages are code: ``isin(['job_board', ...])``)."""
FAILURE_COLUMNS = ["rule", "column", "rows", "message"]
WHOLE_TABLE = ("column_missing", "wrong_type")
"""The failures of a whole table rather than of rows."""
EXAMPLE_COLUMNS = ["rule", "column", "source_file", "source_row", "value"]


def _rule_words(rule, column: str | None) -> str:
    """A rule's message: its own ``error=`` for the contracts' rules, the words of :data:`BUILT_IN_WORDS` for
    pandera's checks on one column."""
    if column is None or rule.name not in BUILT_IN_WORDS:
        return rule.error or rule.name
    numbers = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in rule.statistics.items()}
    return BUILT_IN_WORDS[rule.name].format(column=column_words(column), **numbers)


def _kind_words(kind) -> str:
    for name, test in KINDS.items():
        if test(kind):
            return KIND_WORDS[name]
    return "decimal numbers" if kind.is_floating() else str(kind)


def _broken(table: ir.Table, rule, column: str | None) -> ir.BooleanValue:
    """True on the rows of ``table`` that break ``rule`` (a pandera check, on ``column`` or on whole rows); a
    missing value breaks no rule on its column unless the rule says so."""
    out = rule._check_fn(IbisData(table, column), **rule._check_kwargs)  # pandera's own check function
    if isinstance(out, ir.Table):
        # pandera's built-in checks select the checked column's test from the table (``table.select(col=test)``):
        # the test itself, on the table's own columns, is what every rule is counted from in one pass.
        out = out.op().values[column].to_expr()  # noqa: PD011 (an Ibis projection's fields, not pandas values)
    ok = _flag(out) | table[column].isnull() if rule.ignore_na and column else _flag(out)
    return ~ok


def _flagged(table: ir.Table, model: type[pa.DataFrameModel], as_of: object) -> tuple[ir.Table, list, list]:
    """``table`` with one column per rule of ``model`` (``_r0``, ``_r1``, ...: 1 where a row breaks it), the
    rules as ``(rule, column, message)`` in that order, and the problems no rule on rows can express (a missing
    column, a wrong type) the same way."""
    register_ibis_backends()  # pandera's built-in checks for Ibis tables, as its own validate registers them
    schema = model.to_schema()
    rules, whole = [], []

    broken = []

    def add(rule, column: str | None) -> None:
        rules.append((rule.name, column, _rule_words(rule, column)))
        broken.append(_broken(table, rule, column))

    for name, column in schema.columns.items():
        if name not in table.columns:
            if column.required:
                whole.append(("column_missing", name, f"no {column_words(name)} column ({name})"))
            continue
        kind = str(column.dtype)
        if not KINDS[kind](table[name].type()):
            held = _kind_words(table[name].type())
            whole.append(("wrong_type", name, f"the {column_words(name)} column ({name}) holds {held}, not "
                                              f"{KIND_WORDS[kind]}"))  # fmt: skip
            continue
        if not column.nullable:
            rules.append(("not_nullable", name, f"no {column_words(name)}"))
            broken.append(table[name].isnull())
        for rule in column.checks:
            add(rule, name)
    if not whole:  # the rules on whole rows read columns that may be missing or of another kind
        for rule in schema.checks:
            add(rule, None)
        if as_of is not None:
            day = pd.Timestamp(as_of).normalize()
            columns = ["applied_on", *DATES_AFTER_APPLYING] if model is Applications else list(CLIENT_DATE_COLUMNS)
            late = ibis.literal(False)
            for column in columns:
                late |= _flag(table[column] > ibis.timestamp(day.to_pydatetime()))
            rules.append((AS_OF_RULE, None, AS_OF_MESSAGE.format(detail=f"{day:%Y-%m-%d}")))
            broken.append(late)
    # A uniqueness rule is a window: the rules become columns first, and are counted over them.
    flagged = table.mutate(**{f"_r{i}": value.cast("int64") for i, value in enumerate(broken)})
    return flagged, rules, whole


def check(table: ir.Table, model: type[pa.DataFrameModel], *, as_of: object = None, examples: int = 5) -> Checked:
    """Check an Ibis table against :class:`Applications` or :class:`Clients` where it lives: every rule
    counted in one pass, and up to ``examples`` rows of each broken rule brought back.

    Parameters
    ----------
    table : ibis Table
        The canonical applications or clients (see :func:`jobsearch_analysis.analysis.engine.read_canonical`).
    model : Applications or Clients
        The contract to check.
    as_of : date-like, optional
        The day the data describes: no date may fall after it (the rule of
        :func:`jobsearch_analysis.schema.with_as_of`). Without it that rule is not checked.
    examples : int
        How many rows of each broken rule to bring back.

    Returns
    -------
    Checked
    """
    if model is Clients:
        table = complete_clients(table)
    flagged, rules, whole = _flagged(table, model, as_of)
    counts = {f"_r{i}": flagged[f"_r{i}"].sum() for i in range(len(rules))}
    if rules:
        counts["_broken"] = (_any_broken(flagged, rules) > 0).cast("int64").sum()
    totals = arrow(flagged.aggregate(_rows=flagged.count(), **counts)).to_pylist()[0]  # one pass
    rows = int(totals["_rows"])
    failures = [(rule, column, rows, message) for rule, column, message in whole]
    shown = []
    for i, (rule, column, message) in enumerate(rules):
        broken = int(totals[f"_r{i}"] or 0)
        if not broken:
            continue
        failures.append((rule, column, broken, message))
        picked = flagged.filter(flagged[f"_r{i}"] > 0)
        values = {
            "source_file": picked.source_file if "source_file" in table.columns else ibis.null("string"),
            "source_row": picked.source_row if "source_row" in table.columns else ibis.null("int64"),
            "value": picked[column].cast("string") if column else ibis.null("string"),
        }
        found = arrow(picked.select(**values).limit(examples)).to_pandas()
        shown.append(found.assign(rule=rule, column=column))
    failure_table = pd.DataFrame(failures, columns=FAILURE_COLUMNS).astype({"rows": "int64"})
    example_table = (
        pd.concat(shown, ignore_index=True)[EXAMPLE_COLUMNS] if shown else pd.DataFrame(columns=EXAMPLE_COLUMNS)
    )
    broken = rows if whole else int(totals.get("_broken") or 0)
    return Checked(rows, failure_table, example_table, broken)


def _any_broken(flagged: ir.Table, rules: list) -> ir.IntegerValue:
    """How many rules each row breaks."""
    total = flagged["_r0"]
    for i in range(1, len(rules)):
        total = total + flagged[f"_r{i}"]
    return total


def passing(table: ir.Table, model: type[pa.DataFrameModel], *, as_of: object = None) -> ir.Table:
    """The rows of ``table`` that break no rule of ``model`` (checked as :func:`check` does, ``as_of`` too), in
    the columns of ``table`` (for :class:`Clients`, with the optional columns it lacks added empty): what the
    figures may count, a bad row costing that row alone.

    Raises
    ------
    ValueError
        When the table lacks a column the contract needs, or holds one of another type (:attr:`Checked.usable`).
    """
    if model is Clients:
        table = complete_clients(table)
    flagged, rules, whole = _flagged(table, model, as_of)
    if whole:
        raise ValueError(f"the table cannot be checked: {', '.join(f'{c}: {m}' for _, c, m in whole)}")
    if not rules:
        return table
    return flagged.filter(_any_broken(flagged, rules) == 0).select(*table.columns)


__all__ = ["WHOLE_TABLE", "Applications", "Checked", "Clients", "check", "passing"]
