"""A caseload whose tables live in an engine: canonical Parquet read where it lies, checked against the contracts
there, and handed to the cohort report as :class:`TableCohort`, which says what a
:class:`~jobsearch_analysis.ingest.clients.Cohort` says about what was read without holding a table in pandas.

>>> import tempfile
>>> from jobsearch_analysis import sample_path
>>> from jobsearch_analysis.ingest.convert import convert
>>> out = tempfile.mkdtemp()
>>> _ = convert(sample_path("cohort_applications"), out, clients=sample_path("cohort_clients"), as_of="2026-11-02")
>>> data = open_cohort(out)
>>> data.facts.clients, data.read.clients.rejected, data.checks["applications"].ok
(198, 2, True)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import ibis.expr.types as ir
import pandas as pd

from jobsearch_analysis.analysis import engine, engine_schema
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.clients import NO_CLIENTS_TABLE, ClientsRead, CohortAccount, CohortFacts, CohortRead
from jobsearch_analysis.ingest.convert import cohort_files, read_account
from jobsearch_analysis.ingest.issues import ISSUES
from jobsearch_analysis.ingest.loading import parse_as_of
from jobsearch_analysis.schema import CLIENT_COLUMNS


@dataclass(frozen=True, eq=False)
class TableCohort(CohortAccount):
    """A caseload in an engine, as the cohort report takes it (in place of
    :class:`~jobsearch_analysis.ingest.clients.Cohort`).

    applications, clients   Ibis tables of the rows that keep the contracts (the clients derived from the
                            applications when there is no clients table)
    read      what reading found: kept by ``convert`` when the files are its own and unchanged, else the engine's
              own account (files and rows checked, rows left out by the rule they break)
    facts     the counts the page says besides the figures, counted where the tables live
    checks    the contracts' checks: ``"applications"`` and, with a clients table, ``"clients"``
              (:class:`~jobsearch_analysis.analysis.engine_schema.Checked`)
    """

    applications: ir.Table
    clients: ir.Table
    as_of: pd.Timestamp
    read: CohortRead
    facts: CohortFacts
    checks: dict[str, engine_schema.Checked] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def open_cohort(
    path: str | os.PathLike, clients: str | os.PathLike | None = None, *, con=None, as_of: object = None
) -> TableCohort:
    """Read a caseload's canonical Parquet where it lies, check it against the contracts there and count what
    the page says about it.

    Parameters
    ----------
    path : path
        The applications: a Parquet file, a glob, or a folder (where ``clients.parquet`` or a ``clients``
        sub-folder is the clients table, as ``jobsearch-analysis convert`` writes them:
        :func:`jobsearch_analysis.ingest.convert.cohort_files`).
    clients : path, optional
        The clients table's Parquet (a file, a folder or a glob). Without one, and none in the folder, the clients
        are derived from the applications.
    con : Ibis connection, optional
        Where to read (:func:`jobsearch_analysis.analysis.engine.connect`; DuckDB by default).
    as_of : date-like, optional
        The day the tables describe: by default the one ``convert`` read them as of, else today.

    Returns
    -------
    TableCohort
        Rows that break a rule are left out of its tables, and counted in ``read`` and ``checks``.

    Raises
    ------
    LoadError
        No file is there, the engine cannot read them, a table lacks a column the contracts need (or holds one of
        another type), or there is no application.
    """
    con = con or engine.connect()
    app_files, client_files = cohort_files(path, clients)
    kept = read_account(app_files)
    day = parse_as_of(as_of) if as_of is not None else kept.as_of if kept else pd.Timestamp.today().normalize()
    apps = engine.read_canonical(app_files, con)
    apps, checks = _checked(apps, engine_schema.Applications, day, path, "applications")
    if checks.rows == checks.broken:
        raise LoadError(f"{path}: no application keeps the contract ({checks.rows:,} rows); write them with "
                        "jobsearch-analysis convert")  # fmt: skip
    found = {"applications": checks}
    if client_files:
        named = clients if clients is not None else path
        table, found["clients"] = _checked(
            engine.read_canonical(client_files, con), engine_schema.Clients, day, named, "clients table"
        )
    else:
        table = engine.clients_from_applications(apps)
    read = kept if _still_true(kept, found) else _engine_account(len(app_files), found, table, day)
    return TableCohort(
        applications=apps,
        clients=table,
        as_of=day,
        read=read,
        facts=engine.cohort_facts(apps, table),
        checks=found,
        notes=() if client_files else (NO_CLIENTS_TABLE,),
    )


def _checked(table: ir.Table, model, day: pd.Timestamp, path, what: str) -> tuple[ir.Table, engine_schema.Checked]:
    """The rows of ``table`` that keep ``model``'s contract, and the check."""
    found = engine_schema.check(table, model, as_of=day)
    if not found.usable:
        first = found.failures.loc[found.failures["rule"].isin(engine_schema.WHOLE_TABLE)].iloc[0]
        raise LoadError(
            f"{path}: the {what} cannot be used: {first['message']}; write it with jobsearch-analysis convert"
        )
    return (engine_schema.passing(table, model, as_of=day) if found.broken else table), found


def _still_true(kept: CohortRead | None, checks: dict) -> bool:
    """Whether what ``convert`` kept still describes the tables: every row keeps the contracts, and the rows
    are as many as it wrote."""
    if kept is None or any(not c.ok for c in checks.values()):
        return False
    if ("clients" in checks) != (kept.clients is not None):
        return False
    return checks["applications"].rows == kept.applications and (
        kept.clients is None or checks["clients"].rows == kept.clients.clients
    )


def reasons(checked: engine_schema.Checked) -> tuple[tuple[str, int], ...]:
    """The rows a check left out, by issue code (a rule on one column, such as a value out of its range, is
    ``empty_or_out_of_range``), most first."""
    codes = checked.failures.assign(
        code=checked.failures["rule"].where(checked.failures["rule"].isin(list(ISSUES)), "empty_or_out_of_range")
    )
    counted = codes.groupby("code", sort=False)["rows"].sum().sort_values(ascending=False, kind="stable")
    return tuple((str(code), int(n)) for code, n in counted.items())


def _engine_account(files: int, checks: dict, clients: ir.Table, day: pd.Timestamp) -> CohortRead:
    """What the engine found: the rows checked, and those left out by rule (with a few of them by row)."""
    apps = checks["applications"]
    clients_read = None
    if "clients" in checks:
        found = checks["clients"]
        errors = found.examples.merge(found.failures[["rule", "column", "message"]], on=["rule", "column"])
        errors = errors.dropna(subset=["source_row"]).rename(columns={"message": "reason"})
        clients_read = ClientsRead(
            rows=found.rows,
            clients=found.rows - found.broken,
            rejected=found.broken,
            skipped=0,
            as_of=day,
            columns={c: c for c in CLIENT_COLUMNS if c in clients.columns},
            errors=errors[list(ClientsRead.ERROR_COLUMNS)].astype({"source_row": "int64"}),
        )
    return CohortRead(
        files=files,
        rows=apps.rows,
        applications=apps.rows - apps.broken,
        rejected=apps.broken,
        skipped=0,
        as_of=day,
        reasons=reasons(apps),
        clients=clients_read,
    )


__all__ = ["TableCohort", "open_cohort", "reasons"]
