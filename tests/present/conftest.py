"""Fixtures of the report tests: the report of a log of a million rows, made once for the size test and the
browser test."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobsearch_analysis.cli import main

MILLION_AS_OF = "2026-11-02"
COPIES = 10


def write_million_row_log(folder: Path) -> Path:
    """A log of just over a million applications, ``log.csv`` in ``folder``: a simulated caseload of about
    100,000 (the simulator and export the scale benchmark uses), written ten times over, each copy under client
    ids of its own (as the benchmark makes ten million rows of ten cohorts). The copies cost nothing to make,
    where simulating a million rows takes a minute; the report's charts and tables grow with the weeks, days and
    segments of the log, which ten copies share with one simulated million."""
    from jobsearch_analysis.simulate import simulate_cohort, write_cohort

    part = folder / "part.csv"
    write_cohort(simulate_cohort(1053, seed=100), part, folder / "clients.csv")
    header, body = part.read_bytes().split(b"\n", 1)
    lines = body.splitlines(keepends=True)
    path = folder / "log.csv"
    with path.open("wb") as out:
        out.write(header + b"\n")
        for copy in range(COPIES):  # the client id is the first column: each copy's clients are new ones
            out.write(b"".join(b"K%d-" % copy + line for line in lines))
    part.unlink()
    return path


@pytest.fixture(scope="session")
def million_row_report(tmp_path_factory) -> Path:
    """The report the command line writes for :func:`write_million_row_log`'s log."""
    folder = tmp_path_factory.mktemp("million")
    out = folder / "report.html"
    assert main(["report", str(write_million_row_log(folder)), "--as-of", MILLION_AS_OF, "-o", str(out), "-q"]) == 0
    return out
