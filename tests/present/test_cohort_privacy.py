"""A caseload that is full of identities: client files named after the client, with an e-mail address and a
phone number in the name; notes, company names and stage words holding names, addresses and phone numbers in a
dozen national formats; a clients table with names, e-mails and phones. Everything the cohort command and
notebook 03 write (the page, every table, stdout and stderr, the notebook's outputs) is scanned for them.

The caseload has eight clients: it is also the small caseload notebook 03 must run on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis.cli import main

AS_OF = "2026-11-02"
PHONES = (
    "+447946095800",
    "+44 7700 900123",
    "07911 123456",
    "+33 6 12 34 56 78",
    "+49 30 12345678",
    "+91 98765 43210",
    "+81-3-1234-5678",
    "555-1234",
    "tel:+15551234567",
    "(415) 555-2671",
    "06 12 34 56 78",
    "0151 23456789",
    "+1 (212) 555-0199",
    "0044 7700 900124",
)
PEOPLE = (
    ("Jane", "Doe"),
    ("Amir", "Haddad"),
    ("Zofia", "Kowalczyk"),
    ("Tomasz", "Wisniewski"),
    ("Mei", "Takahashi"),
    ("Olu", "Adeyemi"),
    ("Ines", "Carvalho"),
    ("Liam", "Brennan"),
)


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@example.org"


def client_stem(i: int) -> str:
    """The name of client i's file: who they are, as counsellors name files."""
    first, last = PEOPLE[i]
    return f"{first} {last} {_email(first, last)} {PHONES[i]}"


def identities() -> list[str]:
    """Every string that must not appear in anything written: names, e-mails, phones, file names."""
    found = [f"{first} {last}" for first, last in PEOPLE] + [last for _, last in PEOPLE]
    found += [_email(first, last) for first, last in PEOPLE] + ["recruiter.jones@acme.example"]
    found += [p for p in PHONES] + [re.sub(r"\D", "", p) for p in PHONES]
    found += [client_stem(i) for i in range(len(PEOPLE))]
    return found


def write_caseload(folder: Path) -> tuple[Path, Path]:
    """Eight per-client files (six status sheets, an event log with a stage word nobody knows, one with notes)
    and a clients table, in ``folder``; returns the folder of applications and the clients table."""
    apps = folder / "caseload"
    apps.mkdir()
    start = pd.Timestamp("2026-01-05")
    statuses = ["Applied", "Rejected", "Phone screen", "Interview", "Applied", "Rejected", "Offer", "Applied"]
    for i in range(len(PEOPLE)):
        stem = client_stem(i)
        if i == 6:  # an event log whose stage words hold a recruiter's name, e-mail and phone
            lines = ["Application ID\tCompany\tJob Title\tStage\tDate"]
            for n in range(6):
                day = start + pd.Timedelta(days=7 * n + i)
                lines.append(f"E-{n}\tCompany {n}\tAnalyst\tApplied\t{day:%Y-%m-%d}")
            lines.append(
                f"E-0\tCompany 0\tAnalyst\tcalled by Sam Jones recruiter.jones@acme.example {PHONES[8]}\t"
                f"{start + pd.Timedelta(days=20):%Y-%m-%d}"
            )
            lines.append(f"E-1\tCompany 1\tAnalyst\tInterview\t{start + pd.Timedelta(days=30):%Y-%m-%d}")
            (apps / f"{stem}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
            continue
        rows = []
        for n in range(12):
            day = start + pd.Timedelta(days=3 * n + i)
            note = f"call {PHONES[(i + n) % len(PHONES)]} or write {_email(*PEOPLE[(i + 1) % 8])}" if n < 3 else ""
            company = f"Acme {n} ({PHONES[(i + n + 5) % len(PHONES)]})" if n == 4 else f"Company {n}"
            rows.append(
                {
                    "Company": company,
                    "Job Title": "Analyst",
                    "Date Applied": f"{day:%Y-%m-%d}",
                    "Status": statuses[(i + n) % len(statuses)],
                    "Notes": note,
                    "Recruiter Email": "recruiter.jones@acme.example" if n == 1 else "",
                    "Recruiter Phone": PHONES[(i + n) % len(PHONES)] if n == 1 else "",
                }
            )
        pd.DataFrame(rows).to_csv(apps / f"{stem}.csv", index=False)
    clients = pd.DataFrame(
        {
            "Client ID": [client_stem(i) for i in range(len(PEOPLE))],
            "Name": [f"{first} {last}" for first, last in PEOPLE],
            "Email": [_email(first, last) for first, last in PEOPLE],
            "Mobile": list(PHONES[: len(PEOPLE)]),
            "Search start": ["2026-01-05"] * len(PEOPLE),
            "Intake date": ["2026-01-05", "2026-02-01"] * (len(PEOPLE) // 2),
            "Programme": ["job club"] * 4 + ["coaching"] * 4,
            "Counsellor team": ["team A"] * 7 + ["team B"],
            "Exit date": ["2026-04-01", "", "2026-05-11", "", "2026-03-02", "", "", ""],
            "Exit reason": ["Employed full-time", "", "Training", "", "Employed part-time", "", "", ""],
            "Last contact": [
                "2026-04-01",
                "2026-10-20",
                "2026-05-11",
                "2026-10-01",
                "2026-03-02",
                "2026-09-15",
                "2026-10-30",
                "2026-08-01",
            ],
            "Notes": [f"prefers {PHONES[i + 3]}" for i in range(len(PEOPLE))],
        }
    )
    table = folder / "clients.csv"
    clients.to_csv(table, index=False)
    return apps, table


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return sorted({value for value in identities() if value.lower() in lowered})


def _without_plotly(page: str) -> str:
    """The page without the embedded plotly.js library (its minified code is noise for a scan)."""
    return re.sub(r"<script>/\*\*\s*\n\* plotly.js.*?</script>", "<script></script>", page, flags=re.DOTALL)


@pytest.fixture(scope="module")
def caseload(tmp_path_factory) -> tuple[Path, Path]:
    return write_caseload(tmp_path_factory.mktemp("hostile"))


def test_the_page_tables_and_terminal_name_nobody(caseload, tmp_path, capsys):
    folder, clients = caseload
    out = tmp_path / "cohort.html"
    argv = ["report", "--cohort", str(folder), "--clients", str(clients), "--as-of", AS_OF, "-o", str(out)]
    argv += ["--tables-dir", str(tmp_path / "tables"), "--secret-file", str(_secret(tmp_path))]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert leaks(printed.out) == [] and leaks(printed.err) == []
    # Every row accounted for, the event log's rows folded into histories included.
    line = next(text for text in printed.out.splitlines() if text.startswith("Applications:"))
    rows, files, *parts, clients_count = (int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", line))
    assert files == 8 and clients_count == 8 and rows == sum(parts) and "folded into histories" in line
    page = _without_plotly(out.read_text(encoding="utf-8"))
    assert leaks(page) == []
    tables = sorted((tmp_path / "tables").glob("*.csv"))
    assert tables
    for table in tables:
        assert leaks(table.read_text(encoding="utf-8")) == [], table.name
    assert "rows in 8 files became" in page


def test_what_was_read_is_counted_and_the_reasons_carry_no_value(caseload, tmp_path):
    from jobsearch_analysis.ingest.clients import load_cohort
    from jobsearch_analysis.present.cohort_report import build_cohort

    folder, clients = caseload
    data = load_cohort(folder, clients=clients, as_of=AS_OF)
    assert data.load.summary.rejected >= 1  # the stage word nobody knows
    page = build_cohort(data, secret="s" * 20).html
    assert "a stage we do not know" in page
    assert leaks(_without_plotly(page)) == []
    # The loader masked what it kept: contact columns dropped, numbers and addresses in free text masked.
    kept = data.applications
    assert not {"Recruiter Email", "Recruiter Phone"} & set(kept.columns)
    text = kept.drop(columns=["client_id", "source_file"]).astype("str").to_csv()
    assert [p for p in PHONES if p in text] == [] and "@" not in text


def test_one_readable_file_in_a_folder_is_not_named(tmp_path, capsys):
    folder, _ = write_caseload(tmp_path)
    for i, path in enumerate(sorted(folder.iterdir())):
        if i:
            path.write_bytes(b"\x00\x01\x02 not a table")
    out = tmp_path / "one.html"
    argv = ["report", "--cohort", str(folder), "--as-of", AS_OF, "-o", str(out), "--quiet"]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert leaks(printed.out + printed.err) == []
    page = _without_plotly(out.read_text(encoding="utf-8"))
    assert leaks(page) == [] and "in 1 file became" in page


def _secret(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text("a-long-enough-team-secret\n", encoding="utf-8")
    return path


def test_notebook_03_runs_on_the_small_caseload_and_names_nobody(caseload, tmp_path, monkeypatch):
    import papermill

    folder, clients = caseload
    notebook = Path(__file__).parents[2] / "notebooks" / "03_cohort_outcomes.ipynb"
    monkeypatch.setenv("JOBSEARCH_SECRET", "a-long-enough-team-secret")
    output = tmp_path / "03.ipynb"
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters={"COHORT": str(folder), "CLIENTS": str(clients), "AS_OF": AS_OF},
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
    )
    cells = json.loads(output.read_text(encoding="utf-8"))["cells"]
    written = []
    for cell in cells:
        for shown in cell.get("outputs", []):
            assert shown.get("output_type") != "error", shown
            written.append(shown.get("text", ""))
            for kind, value in shown.get("data", {}).items():
                if kind != "application/vnd.plotly.v1+json":
                    written.append("".join(value) if isinstance(value, list) else str(value))
    text = "\n".join("".join(w) if isinstance(w, list) else w for w in written)
    assert "hidden" in text  # eight clients: most figures are about fewer than five
    assert leaks(text) == []


def test_notebook_03_passes_nbval_on_the_small_caseload(caseload, tmp_path):
    # The notebook with this caseload's parameters (papermill writes them in, running nothing), then nbval on it
    # as make test runs every notebook: every cell runs and the checked cells give their stored output.
    import os
    import subprocess
    import sys

    import papermill

    folder, clients = caseload
    root = Path(__file__).parents[2]
    prepared = tmp_path / "03_small_caseload.ipynb"
    papermill.execute_notebook(
        str(root / "notebooks" / "03_cohort_outcomes.ipynb"),
        str(prepared),
        parameters={"COHORT": str(folder), "CLIENTS": str(clients), "AS_OF": AS_OF},
        prepare_only=True,
        kernel_name="python3",
    )
    environment = {**os.environ, "JOBSEARCH_SECRET": "a-long-enough-team-secret"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "--rootdir", str(tmp_path),
         "-c", os.devnull, str(prepared)],
        capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    assert "passed" in run.stdout


def test_notebook_03_refuses_to_run_without_a_secret(tmp_path, monkeypatch):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = Path(__file__).parents[2] / "notebooks" / "03_cohort_outcomes.ipynb"
    monkeypatch.delenv("JOBSEARCH_SECRET", raising=False)
    with pytest.raises(PapermillExecutionError, match="no secret for the pseudonyms"):
        papermill.execute_notebook(
            str(notebook), str(tmp_path / "03.ipynb"), kernel_name="python3", progress_bar=False, log_output=False
        )
