"""``report --cohort PATH --engine duckdb``: canonical Parquet (as ``convert`` writes it) checked and counted where it
lies, and the same page as the pandas path; rows that break the contracts left out and said, a table that cannot be
used refused in one line."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis import sample_path
from jobsearch_analysis.cli import main

AS_OF = "2026-11-02"
SECRET = "a secret of sixteen+ characters"
COHORT = ["--cohort", str(sample_path("cohort_applications")), "--as-of", AS_OF]
CLIENTS = ["--clients", str(sample_path("cohort_clients"))]


class _Text(HTMLParser):
    """The words of a page, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.words += data.split()


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.words)


def chart_data(html: str) -> list:
    """The data of every chart on the page (plotly's JSON), in page order."""
    blocks = re.findall(r'<script type="application/json"[^>]*data-chart[^>]*>(.*?)</script>', html, flags=re.S)
    return [json.loads(block)["data"] for block in blocks]


def same_numbers(expected, found, where: str = "") -> None:
    """Equal, numbers to 1e-9."""
    if isinstance(expected, dict):
        assert expected.keys() == found.keys(), where
        for key in expected:
            same_numbers(expected[key], found[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(expected) == len(found), where
        for i, (a, b) in enumerate(zip(expected, found, strict=True)):
            same_numbers(a, b, f"{where}[{i}]")
    elif isinstance(expected, float) and isinstance(found, (int, float)):
        assert np.isclose(expected, found, rtol=0, atol=1e-9, equal_nan=True), where
    else:
        assert expected == found, where


def report(tmp_path, name: str, argv: list[str], capsys) -> tuple[str, str, dict]:
    """Run the report; its page, what it printed (without the line naming the page) and its tables."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    page, tables = tmp_path / f"{name}.html", tmp_path / f"{name}-tables"
    code = main(["report", *argv, "-o", str(page), "--secret-file", str(secret), "--tables-dir", str(tables), "-q"])
    out = capsys.readouterr().out
    assert code == 0, out
    said = "\n".join(line for line in out.splitlines() if not line.startswith(("Cohort report written", "Wrote")))
    return page.read_text(encoding="utf-8"), said, {p.name: pd.read_csv(p) for p in sorted(tables.iterdir())}


@pytest.mark.parametrize("clients", [CLIENTS, []], ids=["with a clients table", "clients from the applications"])
def test_the_engine_writes_the_page_the_pandas_path_writes(tmp_path, capsys, clients):
    expected = report(tmp_path, "pandas", [*COHORT, *clients], capsys)
    assert main(["convert", *COHORT, *clients, "-o", str(tmp_path / "canonical")]) in (0, 1)
    capsys.readouterr()
    found = report(tmp_path, "duckdb", ["--cohort", str(tmp_path / "canonical"), "--engine", "duckdb"], capsys)
    assert page_text(found[0]) == page_text(expected[0])
    same_numbers(chart_data(expected[0]), chart_data(found[0]))
    assert len(chart_data(found[0])) >= 4
    assert found[1] == expected[1]  # the summary printed, word for word
    assert found[2].keys() == expected[2].keys()
    for name, table in expected[2].items():
        pd.testing.assert_frame_equal(found[2][name], table, check_exact=False, rtol=0, atol=1e-9)


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> tuple:
    """The sample cohort as plain Parquet in two parts (written by pandas, not by convert), with two broken rows
    and a clients table."""
    from jobsearch_analysis.ingest.clients import load_cohort

    loaded = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    folder = tmp_path_factory.mktemp("plain")
    apps = loaded.applications.assign(channel=loaded.applications["channel"].astype("str"))
    apps.loc[3, "channel"] = "telepathy"
    apps.loc[5, "first_response_on"] = apps.loc[5, "applied_on"] - pd.Timedelta(days=3)
    (folder / "applications").mkdir()
    apps.iloc[:9000].to_parquet(folder / "applications" / "part-0.parquet")
    apps.iloc[9000:].to_parquet(folder / "applications" / "part-1.parquet")
    loaded.clients.to_parquet(folder / "clients.parquet")
    return folder, apps


def test_rows_that_break_the_contract_are_left_out_counted_and_listed(plain, tmp_path, capsys):
    folder, apps = plain
    rejects = tmp_path / "rejects.csv"
    argv = ["report", "--cohort", str(folder), "--engine", "duckdb", "--as-of", AS_OF, "-q", "--no-triage"]
    assert main([*argv, "-o", str(tmp_path / "page.html"), "--rejects", str(rejects)]) == 0
    out = capsys.readouterr().out
    assert "18,005 rows in 2 files = 18,003 applications + 2 rejected" in out
    assert "2 rows of the applications (18,005) break the contract and are left out" in out
    assert "1 row: the channel is none of job_board" in out
    assert f"1 row: a reply dated before the application (for example row {apps.loc[5, 'source_row']})" in out
    listed = pd.read_csv(rejects)
    assert sorted(listed["source_row"]) == sorted(apps.loc[[3, 5], "source_row"])
    assert "telepathy" in listed["value"].tolist()
    assert "the applications 18,003" not in out
    page = page_text((tmp_path / "page.html").read_text(encoding="utf-8"))
    assert "18,003 applications; 2 were rejected" in page


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--sample", "cohort"], "write the cohort with jobsearch-analysis convert"),
        (["--cohort", "{folder}", "--map", "Firma=company"], "--map: with --engine the cohort is canonical Parquet"),
        (["--cohort", "{folder}/clients.parquet"], "the applications cannot be used: no application column"),
        (["--cohort", "{folder}/nothing-here"], "no such file or folder"),
        ([str(sample_path("personal_log"))], "are for cohort reports"),
        (["--cohort", "{folder}", "--engine-memory", "lots"], "'lots' is not a size; write it as 6GB"),
        (["--cohort", "{folder}", "--engine", "pandas", "--engine-memory", "2GB"], "goes with --engine duckdb"),
    ],
)
def test_what_the_engine_cannot_use_is_one_line_and_exit_2(plain, tmp_path, capsys, argv, says):
    argv = ["--engine", "duckdb", *(a.replace("{folder}", str(plain[0])) for a in argv)]
    try:
        code = main(["report", *argv, "-o", str(tmp_path / "p.html"), "-q"])
    except SystemExit as stopped:  # the command line itself is wrong
        code = stopped.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and says in err and err.strip().count("\n") == 0


def test_the_engine_holds_to_the_memory_it_is_given():
    from jobsearch_analysis.analysis import engine

    con = engine.connect("duckdb", memory="1.5GB")
    setting = con.raw_sql("SELECT current_setting('memory_limit')").fetchone()[0]
    assert setting.startswith("1.") and setting.endswith("GiB")  # 1.5 GB, said in GiB
    assert engine.megabytes("1.5GB") == 1536 and engine.megabytes("500 mb") == 500
