"""Aggregate where the data lives: the small tables of the cohort figures, computed by a SQL engine.

A caseload of hundreds of millions of applications does not fit in pandas, but every figure of the cohort report
is inference on a small table (per segment and day, per segment and count; ``docs/architecture.md`` lists them).
The functions here build those tables from `Ibis <https://ibis-project.org>`_ tables of canonical applications
and clients, so that the group-bys run where the data is (DuckDB over Parquet files by default; Spark, or any
backend Ibis reaches) and only the small tables come back, as pandas DataFrames. The inference on them is
:mod:`jobsearch_analysis.analysis.cohort`'s own, the same code as for a DataFrame: the cohort functions take an
Ibis table wherever they take a DataFrame and call these functions for it.

>>> import pyarrow as pa
>>> from jobsearch_analysis.analysis import cohort
>>> from jobsearch_analysis.ingest.clients import load_cohort
>>> from jobsearch_analysis import sample_path
>>> sample = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"),
...                      as_of="2026-11-02")
>>> con = connect()
>>> clients = con.create_table("clients", pa.Table.from_pandas(sample.clients))
>>> here = cohort.time_to_employment(sample.clients).summary
>>> there = cohort.time_to_employment(clients).summary
>>> bool(abs(here["median_days"].iloc[0] - there["median_days"].iloc[0]) < 1e-9)
True

Every function here returns its table sorted by its keys, as pandas' ``groupby(..., sort=True)`` would, with the
canonical columns in their canonical dtypes (the channel a category, dates ``datetime64[s]``), so that both
paths hand the inference the same frame.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from jobsearch_analysis.analysis.cohort import SEND_ORDER
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.clients import SEGMENT_COLUMNS, CohortFacts
from jobsearch_analysis.ingest.convert import parquet_files
from jobsearch_analysis.schema import (
    CHANNEL_DTYPE,
    DATE_DTYPE,
    EMPLOYED,
    EXIT_DTYPE,
    EXIT_REASONS,
    OUTCOME_DTYPE,
    STAGE_DTYPE,
    STAGES,
)

ENGINES = ("duckdb", "spark")
"""The engines :func:`connect` starts: DuckDB (embedded, out of core over Parquet) and Spark (PySpark, local)."""

CATEGORIES = {
    "channel": CHANNEL_DTYPE,
    "furthest_stage": STAGE_DTYPE,
    "outcome": OUTCOME_DTYPE,
    "exit_reason": EXIT_DTYPE,
}
"""The canonical columns pandas holds as categories (their order is the order results are sorted in)."""
DATES = ("applied_on", "first_response_on", "screen_on", "interview_on", "offer_on", "outcome_on", "search_start",
         "exited_on", "last_contact_on", "intake")  # fmt: skip
SEARCH_COLUMNS = ("client_id", "application_id", "channel", "applied_on", "first_response_on", "screen_on",
                  "interview_on", "offer_on", "furthest_stage", "outcome", "outcome_on", "outcome_recorded",
                  "source_file", "source_row")  # fmt: skip
"""The columns of the applications the pivot rule reads, and those that order applications sent the same day."""


# ----------------------------------------------------------------------------------------------- connecting
def connect(engine: str = "duckdb", *, memory: str | None = None, **options):
    """An Ibis connection to ``engine``: ``"duckdb"`` (embedded, nothing to start; ``options`` go to
    ``ibis.duckdb.connect``, such as ``temp_directory=``) or ``"spark"`` (a local PySpark session, or the one
    given as ``session=``).

    ``memory`` (such as ``"6GB"``) is the most the engine may hold: DuckDB's memory limit, past which it spills to
    disk; the local Spark driver's memory. By default DuckDB takes up to 80 % of the machine's memory and Spark
    its own default.

    Raises
    ------
    ValueError
        For an engine not in :data:`ENGINES`.
    LoadError
        When Spark is asked for and PySpark is not installed.
    """
    if engine == "duckdb":
        return ibis.duckdb.connect(**options, **({"memory_limit": memory} if memory else {}))
    if engine == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as error:
            raise LoadError(
                "the Spark engine needs PySpark: pip install 'jobsearch_analysis[spark]' (and Java 17)"
            ) from error
        session = options.pop("session", None)
        if session is None:
            builder = (
                SparkSession.builder.master("local[*]")
                .appName("jobsearch_analysis")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")  # small tables come back: a few partitions do
            )
            if memory:
                builder = builder.config("spark.driver.memory", f"{megabytes(memory)}m")
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")  # Spark's warnings are not the user's to act on
        return ibis.pyspark.connect(session, **options)
    raise ValueError(f"engine={engine!r}: use one of {', '.join(repr(e) for e in ENGINES)}")


def megabytes(size: str) -> int:
    """A size such as "6GB" or "500 MB" in whole megabytes (Spark's form: 6144m)."""
    number, unit = re.fullmatch(r"\s*([\d.]+)\s*([MGT])B?\s*", size, flags=re.IGNORECASE).groups()
    return int(float(number) * {"M": 1, "G": 1024, "T": 1024 * 1024}[unit.upper()])


def read_canonical(path: str | os.PathLike | list[str], con=None) -> ir.Table:
    """A canonical table (applications or clients, as :func:`jobsearch_analysis.schema.validate` checks them)
    stored as Parquet: a file, a folder of files, a glob or a list of files (as ``jobsearch-analysis convert``
    writes them: :func:`jobsearch_analysis.ingest.convert.convert`), read lazily by ``con`` (DuckDB by default).
    Nothing is read until a figure asks for its table.

    Raises
    ------
    LoadError
        When no file is there, or the engine cannot read them as Parquet.
    """
    files = list(path) if isinstance(path, list) else parquet_files(path)
    named = path if not isinstance(path, list) else files[0] + (f" and {len(files) - 1} more" if len(files) > 1 else "")
    con = con or connect()
    try:
        if con.name == "pyspark" and len(files) > 1:
            return _spark_parquet(con, files)
        return con.read_parquet(files if len(files) > 1 else files[0])
    except Exception as error:  # the engines' own errors differ; any of them means the same to the user
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise LoadError(
            f"{named}: could not be read as Parquet ({first}); write it with jobsearch-analysis convert"
        ) from error


def _spark_parquet(con, files: list[str]) -> ir.Table:
    """Several Parquet files as one table in Spark (Ibis gives Spark one path, and a list of them becomes text)."""
    from pyspark.sql import SparkSession

    name = f"canonical_{uuid.uuid4().hex}"
    SparkSession.getActiveSession().read.parquet(*files).createOrReplaceTempView(name)
    return con.table(name)


# ----------------------------------------------------------------------------------------------- helpers
def fetch(expr: ir.Table, keys: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """An Ibis table as a pandas DataFrame (through Arrow), the canonical columns in their canonical dtypes,
    sorted by ``keys`` as a pandas groupby sorts them (a category in its order, missing values last)."""
    frame = canonical_dtypes(arrow(expr).to_pandas())
    if keys:
        frame = frame.sort_values(list(keys), na_position="last", kind="stable")
    return frame.reset_index(drop=True)


def arrow(expr: ir.Expr):
    """The result of ``expr`` as an Arrow table, straight from the engine (Spark's own Arrow export: Ibis would
    go through pandas, in ways pandas 3 warns about)."""
    backend = expr._find_backend(use_default=True)
    if backend.name == "pyspark":
        table = expr.as_table()
        backend._run_pre_execute_hooks(table)  # registers the in-memory tables it joins, as Ibis's own calls do
        return backend.raw_sql(backend.compile(table)).toArrow()
    return expr.to_pyarrow()


def canonical_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the canonical columns it holds in the dtypes the loader gives them."""
    changes = {}
    for column in frame.columns:
        if column in CATEGORIES:
            changes[column] = frame[column].astype("object").astype(CATEGORIES[column])
        elif column in DATES:
            dates = frame[column]
            if isinstance(dates.dtype, pd.DatetimeTZDtype):  # Spark gives instants in UTC
                dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
            changes[column] = dates.astype(DATE_DTYPE)
        elif column in ("client_id", "application_id", "source_file", "program", "counsellor"):
            changes[column] = frame[column].astype("str")
    return frame.assign(**changes) if changes else frame


def _days(start: ir.Value, end: ir.Value) -> ir.IntegerValue:
    """Whole days from ``start`` to ``end`` (dates or timestamps)."""
    return _date(end).delta(_date(start), unit="day").cast("int64")


def _date(value: ir.Value) -> ir.DateValue:
    return value if value.type().is_date() else value.date()


def _flag(value: ir.BooleanValue) -> ir.BooleanValue:
    """True or False, never missing (as pandas' ``fillna(False)``)."""
    return value.fill_null(False)


def _segments(table: ir.Table, by: list[str]) -> tuple[ir.Table, list[str]]:
    """The table with ``_all`` (0) when there are no by-columns, and the keys to group by."""
    if by:
        return table, list(by)
    return table.mutate(_all=ibis.literal(0, type="int64")), ["_all"]


def _count(table: ir.Table) -> ir.IntegerScalar:
    return table.count().cast("int64")


def _total(value: ir.BooleanValue) -> ir.IntegerScalar:
    return _flag(value).cast("int64").sum()


# ----------------------------------------------------------------------------------------------- clients
def complete_clients(clients: ir.Table) -> ir.Table:
    """The clients table with the optional columns of :class:`~jobsearch_analysis.schema.Clients` it lacks,
    empty (as :func:`jobsearch_analysis.schema.complete_clients`)."""
    missing = {}
    for column in ("exited_on", "intake"):
        if column not in clients.columns:
            missing[column] = ibis.null("timestamp")
    for column in ("exit_reason", "program", "counsellor"):
        if column not in clients.columns:
            missing[column] = ibis.null("string")
    return clients.mutate(**missing) if missing else clients


def client_times(clients: ir.Table, *, event: tuple[str, ...] = EMPLOYED) -> ir.Table:
    """:func:`jobsearch_analysis.analysis.cohort.client_times` as an Ibis expression (one row per client)."""
    t = complete_clients(clients)
    exited = t.exited_on.notnull()
    end = exited.ifelse(t.exited_on, t.last_contact_on)
    days = _days(t.search_start, end)
    late = _flag(t.intake > t.search_start)
    entry = late.ifelse(_days(t.search_start, t.intake), ibis.literal(-1, type="int64"))
    reason = t.exit_reason.cast("string")
    code = ibis.cases(*((reason == r, i) for i, r in enumerate(EXIT_REASONS, start=1)), else_=0)
    employed = exited & _flag(reason.isin(list(event)))
    return t.mutate(
        days=days,
        cause=exited.ifelse(code, 0).cast("int64"),
        entry=entry,
        employed=employed,
        joined_late=late,
        followed=_flag(entry < days),
        other_exit=exited & ~employed,
        searching=~exited,
    )


def exit_tables(
    clients: ir.Table, by: list[str], *, event: tuple[str, ...] = EMPLOYED
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables of :class:`jobsearch_analysis.analysis.cohort.ExitTables` (counts, endings, entries):
    per segment, the clients by how they stand; per segment, day and exit, the followed clients whose follow-up
    ended; per segment and entry day, those who entered."""
    times, keys = _segments(client_times(clients, event=event), by)
    counts = times.group_by(keys).aggregate(
        clients=_count(times),
        employed=_total(times.employed),
        other_exits=_total(times.other_exit),
        searching=_total(times.searching),
        joined_late=_total(times.joined_late),
        not_followed=_total(~times.followed),
        **{r: _total(times.cause == i) for i, r in enumerate(EXIT_REASONS, start=1)},
    )
    followed = times.filter(times.followed)
    endings = followed.group_by([*keys, "days", "cause"]).aggregate(n=_count(followed))
    entries = followed.group_by([*keys, "entry"]).aggregate(n=_count(followed))
    return fetch(counts, keys), fetch(endings, [*keys, "days", "cause"]), fetch(entries, [*keys, "entry"])


def clients_from_applications(apps: ir.Table) -> ir.Table:
    """:func:`jobsearch_analysis.ingest.clients.clients_from_applications` as an Ibis expression: a clients
    table derived from the applications alone, for a caseload without one."""
    hired = (apps.outcome.cast("string") == "hired").ifelse(apps.outcome_on, ibis.null("timestamp"))
    dated = ("applied_on", "first_response_on", "screen_on", "interview_on", "offer_on", "outcome_on")
    per = apps.group_by("client_id").aggregate(
        search_start=apps.applied_on.min(), exited_on=hired.min(), **{f"_last_{c}": apps[c].max() for c in dated}
    )
    exited = per.exited_on.notnull()
    return per.select(
        client_id=per.client_id,
        search_start=per.search_start,
        exited_on=per.exited_on,
        exit_reason=exited.ifelse(ibis.literal("employed_full_time"), ibis.null("string")),
        last_contact_on=ibis.greatest(*(per[f"_last_{c}"] for c in dated)),
        intake=ibis.null("timestamp"),
        program=ibis.null("string"),
        counsellor=ibis.null("string"),
        source_file=ibis.literal("(derived from the applications)"),
        source_row=(ibis.row_number().over(order_by=per.client_id) + 1).cast("int64"),
    )


def cohort_facts(apps: ir.Table, clients: ir.Table) -> CohortFacts:
    """:func:`jobsearch_analysis.ingest.clients.cohort_facts` counted where the tables live: three small
    queries, one row each."""
    clients = complete_clients(clients)
    counted = _one_row(
        apps.aggregate(
            applications=_count(apps),
            with_apps=apps.client_id.nunique(),
            silent=apps.client_id.nunique(where=~_flag(apps.outcome_recorded)),
        )
    )
    ids = apps.select("client_id").distinct()
    both = ids.semi_join(clients, "client_id")
    both = _one_row(both.aggregate(n=_count(both)))
    spread = _one_row(
        clients.aggregate(
            clients=_count(clients),
            first_start=clients.search_start.min(),
            last_start=clients.search_start.max(),
            **{c: clients[c].nunique() for c in SEGMENT_COLUMNS},
        )
    )
    return CohortFacts(
        clients=int(spread["clients"]),
        applications=int(counted["applications"]),
        clients_with_applications=int(counted["with_apps"]),
        clients_in_both=int(both["n"]),
        first_start=_day(spread["first_start"]),
        last_start=_day(spread["last_start"]),
        silent_clients=int(counted["silent"]),
        segment_values={c: int(spread[c]) for c in SEGMENT_COLUMNS},
    )


def _one_row(expr: ir.Table) -> dict:
    return arrow(expr).to_pylist()[0]


def _day(value: object) -> pd.Timestamp:
    """A date from the engine as a naive timestamp (Spark gives instants in UTC)."""
    day = pd.Timestamp(value)
    return day.tz_convert("UTC").tz_localize(None) if day.tzinfo is not None else day


# ----------------------------------------------------------------------------------------------- applications
def _stage_at_least(apps: ir.Table, stage: str) -> ir.BooleanValue:
    return _flag(apps.furthest_stage.cast("string").isin(list(STAGES[STAGES.index(stage) :])))


def replied(apps: ir.Table) -> ir.BooleanValue:
    """:func:`jobsearch_analysis.analysis.metrics.replied`: a reply of any kind, dated or not."""
    return (
        apps.first_response_on.notnull()
        | _stage_at_least(apps, "screen")
        | _flag(apps.outcome.cast("string").isin(["rejected", "declined", "hired"]))
    )


def answered(apps: ir.Table, kind: str) -> tuple[ir.BooleanValue, ir.Value]:
    """Whether a reply of ``kind`` came, and its date: the first reply (``any``), or the first screen,
    interview or offer (``positive``; :func:`jobsearch_analysis.analysis.metrics.positive_on`)."""
    if kind == "any":
        return replied(apps), apps.first_response_on
    return _stage_at_least(apps, "screen"), ibis.least(apps.screen_on, apps.interview_on, apps.offer_on)


def judged(apps: ir.Table, *, kind: str, as_of: pd.Timestamp, window: int) -> ir.Table:
    """The recorded applications with ``_matured`` and ``_hit``: :func:`jobsearch_analysis.analysis.metrics.
    matured_answers` as an Ibis expression."""
    recorded = apps.filter(apps.outcome_recorded)
    got, on = answered(recorded, kind)
    matured = _days(recorded.applied_on, ibis.date(as_of.date())) >= window
    in_time = on.isnull() | _flag(_days(recorded.applied_on, on) <= window)
    return recorded.mutate(_matured=matured, _hit=got & in_time & matured)


def reply_table(apps: ir.Table, *, kind: str, as_of: pd.Timestamp) -> tuple[pd.DataFrame, int]:
    """The table of :class:`jobsearch_analysis.analysis.cohort.ReplyTable` (per ``days`` and ``replied``, ``n``
    recorded applications with a dated reply or none) and the number of clients with a dated reply:
    :func:`jobsearch_analysis.analysis.metrics.reply_times` counted where it lives. Within :func:`remembered`, the
    table is counted once per expression (the rates by channel and overall both need it)."""
    key = (apps, kind, pd.Timestamp(as_of))
    if _MEMO is not None and key in _MEMO:
        table, responders = _MEMO[key]
        return table.copy(), responders
    found = _reply_table(apps, kind, pd.Timestamp(as_of))
    if _MEMO is not None:
        _MEMO[key] = found
    return found[0].copy(), found[1]


_MEMO: dict | None = None


@contextlib.contextmanager
def remembered():
    """Within this block, what is counted of the same Ibis expression twice is counted once: for one report, over
    tables that do not change while it is made (an engine table changed in between would be read stale)."""
    global _MEMO
    outer, _MEMO = _MEMO, {} if _MEMO is None else _MEMO
    try:
        yield
    finally:
        _MEMO = outer


def _reply_table(apps: ir.Table, kind: str, as_of: pd.Timestamp) -> tuple[pd.DataFrame, int]:
    recorded = apps.filter(apps.outcome_recorded)
    got, on = answered(recorded, kind)
    silent = _flag(recorded.outcome.cast("string") == "withdrawn") & recorded.outcome_on.notnull() & ~got
    stop = silent.ifelse(_date(recorded.outcome_on), ibis.date(as_of.date()))
    dated_reply = got & on.notnull()
    end = dated_reply.ifelse(_date(on), stop)
    times = recorded.mutate(days=ibis.greatest(_days(recorded.applied_on, end), 0), replied=dated_reply.cast("int64"))
    dated = times.filter(~(got & on.isnull()))
    table = dated.group_by(["days", "replied"]).aggregate(n=_count(dated))
    responders = dated.filter(dated.replied > 0).aggregate(n=dated.client_id.nunique())
    return fetch(table, ["days", "replied"]), int(fetch(responders)["n"].iloc[0])


def _client_rates(apps: ir.Table, by: list[str], *, kind: str, as_of: pd.Timestamp, window: int) -> ir.Table:
    rows = judged(apps, kind=kind, as_of=as_of, window=window)
    rows = rows.filter(rows._matured)
    return rows.group_by([*by, "client_id"]).aggregate(applications=_count(rows), responses=_total(rows._hit))


def client_rate_rows(apps: ir.Table, by: list[str], *, kind: str, as_of: pd.Timestamp, window: int) -> pd.DataFrame:
    """:func:`jobsearch_analysis.analysis.cohort.client_rate_rows` counted where it lives (one row per segment
    and client: large, for ``per_client=True`` only)."""
    return fetch(_client_rates(apps, by, kind=kind, as_of=as_of, window=window), [*by, "client_id"])


def rate_pairs(apps: ir.Table, by: list[str], *, kind: str, as_of: pd.Timestamp, window: int) -> pd.DataFrame:
    """:func:`jobsearch_analysis.analysis.cohort.rate_pairs` counted where it lives."""
    per, keys = _segments(_client_rates(apps, by, kind=kind, as_of=as_of, window=window), by)
    pairs = per.group_by([*keys, "applications", "responses"]).aggregate(clients=_count(per))
    return fetch(pairs, [*keys, "applications", "responses"])


FUNNEL = STAGES[1:]


def funnel_counts(apps: ir.Table, by: list[str]) -> pd.DataFrame:
    """:func:`jobsearch_analysis.analysis.cohort.funnel_counts` counted where it lives."""
    recorded = apps.filter(apps.outcome_recorded)
    flags = recorded.mutate(**{f"_{s}": _stage_at_least(recorded, s) for s in FUNNEL})
    per = flags.group_by([*by, "client_id"]).aggregate(
        applications=_count(flags), **{s: _total(flags[f"_{s}"]) for s in FUNNEL}
    )
    per, keys = _segments(per, by)
    counted = per.group_by([*keys, "applications", *FUNNEL]).aggregate(clients=_count(per))
    return fetch(counted, [*keys, "applications", *FUNNEL])


def still_searching(apps: ir.Table, clients: ir.Table | None = None) -> tuple[pd.Series, pd.Series | None, ir.Table]:
    """:func:`jobsearch_analysis.analysis.cohort.still_searching` where the data lives: the clients still
    searching (their search start and last contact, by id), and their recorded applications (the columns of
    :data:`SEARCH_COLUMNS`) as an Ibis table, left where they live: :func:`pivot_counts` counts them there."""
    if clients is not None:
        active = complete_clients(clients)
        active = active.filter(active.exited_on.isnull()).select("client_id", "search_start", "last_contact_on")
        found = fetch(active, ["client_id"]).set_index("client_id")
        start, contact = found["search_start"], found["last_contact_on"]
        ids = active.select("client_id")
    else:
        hired = apps.filter(apps.outcome.cast("string") == "hired").select("client_id").distinct()
        searching = apps.anti_join(hired, "client_id")
        first = searching.group_by("client_id").aggregate(applied_on=searching.applied_on.min())
        start, contact = fetch(first, ["client_id"]).set_index("client_id")["applied_on"], None
        ids = first.select("client_id")
    recorded = apps.filter(apps.outcome_recorded)
    return (
        start,
        contact,
        recorded.semi_join(ids, "client_id").select(*[c for c in SEARCH_COLUMNS if c in apps.columns]),
    )


def pivot_counts(
    apps: ir.Table,
    splits: list[list[str]],
    *,
    kind: str,
    as_of: pd.Timestamp,
    window: int,
    fewest: list[tuple[float, int]],
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """What the pivot rule needs of each segment of each split (such as ``["client_id"]`` and ``["client_id",
    "channel"]``), counted where the applications live, for :func:`jobsearch_analysis.analysis.pivot.
    counted_tests`: per split, the counts (the by-columns, :data:`~jobsearch_analysis.analysis.pivot.
    COUNT_COLUMNS` and the mean base rates ``default_target``, ``any_target``, ``matured_target``) and the
    positions ``n``, in the order sent (:data:`SEND_ORDER`), of the counted applications that got a reply in time.

    Only segments that can reach a pivot come back: ``fewest`` pairs a target with the fewest counted
    applications a segment tested against at most that target needs (ascending targets; a segment whose
    ``matured_target`` is above them all needs at least the last pair's number).
    """
    from jobsearch_analysis.analysis.pivot import BASE_RATES

    rows = judged(apps, kind=kind, as_of=as_of, window=window)
    channel = rows.channel.cast("string")

    def base(rates: dict[str, float]) -> ir.FloatingValue:
        # In millionths, made a double by the engine: Spark reads a decimal literal such as 0.05 as a DECIMAL, and
        # its mean would be rounded to a few places.
        millionths = {c: round(r * 1_000_000) for c, r in rates.items()}
        code = ibis.cases(*((channel == c, m) for c, m in millionths.items()), else_=millionths["other"])
        return code.cast("float64") / 1_000_000

    matured = rows._matured
    rows = rows.mutate(
        _target=base(BASE_RATES[kind]),
        _any_target=base(BASE_RATES["any"]),
        _replied=replied(rows) & matured,
        _screen=_stage_at_least(rows, "screen") & matured,
        _interview=_stage_at_least(rows, "interview") & matured,
        _offer=_stage_at_least(rows, "offer") & matured,
    )
    order = [c for c in SEND_ORDER[1:] if c in rows.columns]
    targets, needs = np.array([t for t, _ in fewest[:-1]], dtype=float), np.array([n for _, n in fewest])
    found, scope = [], rows
    for keys in splits:
        counts = scope.group_by(keys).aggregate(
            applications=_count(scope),
            matured=_total(scope._matured),
            responses=_total(scope._hit),
            replies=_total(scope._replied),
            screens=_total(scope._screen),
            interviews=_total(scope._interview),
            offers=_total(scope._offer),
            default_target=scope._target.mean(),
            any_target=scope._any_target.mean(),
            matured_target=scope._target.mean(where=scope._matured),
        )
        # Past the fewest any target needs, here; past the segment's own number, in pandas (on the few left).
        counts = fetch(counts.filter(counts.matured >= int(needs.min())), keys)
        if keys == ["client_id"]:  # a part of a client's applications can only reach a pivot if the whole can
            scope = scope.semi_join(_keys(counts, keys), keys)
        needed = needs[np.searchsorted(targets, counts["matured_target"].to_numpy(dtype=float), side="left")]
        counts = counts.loc[counts["matured"].to_numpy() >= needed].reset_index(drop=True)
        counted = scope.filter(scope._matured).semi_join(_keys(counts, keys), keys)
        place = ibis.row_number().over(group_by=[counted[k] for k in keys], order_by=[counted[c] for c in order]) + 1
        hits = counted.mutate(n=place.cast("int64")).filter(lambda t: t._hit).select(*keys, "n")
        found.append((counts, fetch(hits, [*keys, "n"])))
    return found


def _keys(frame: pd.DataFrame, keys: list[str]) -> ir.Table:
    """The segments of ``frame`` as a table the engine can join on (the fetched counts, sent back: the engine
    does not count them again)."""
    return ibis.memtable(pa.Table.from_pandas(frame[keys].astype(object), preserve_index=False))


__all__ = [
    "ENGINES",
    "SEARCH_COLUMNS",
    "answered",
    "arrow",
    "canonical_dtypes",
    "client_rate_rows",
    "client_times",
    "clients_from_applications",
    "cohort_facts",
    "complete_clients",
    "connect",
    "exit_tables",
    "fetch",
    "funnel_counts",
    "judged",
    "megabytes",
    "parquet_files",
    "pivot_counts",
    "rate_pairs",
    "read_canonical",
    "remembered",
    "replied",
    "reply_table",
    "still_searching",
]
