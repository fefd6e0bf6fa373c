"""Every message that reaches a command-line user speaks in its flags, never in the library's Python: each case
below runs the command line on a log (or options) that triggers one message, and checks the flag it must name and
that no ``name=`` parameter, no ``function()`` and no "in Python" is left in anything printed."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis.cli import cli_words, main
from jobsearch_analysis.samples import sample_path

AS_OF = "2026-06-30"
FIXTURES = Path(__file__).parent / "fixtures"
LINKEDIN = FIXTURES / "formats" / "linkedin" / "Job Applications.csv"

PYTHON = re.compile(
    r"\b[a-z][a-z_]*=(?:[{'\"]|True\b|False\b|\.\.\.|[\s,;.)]|$)"  # mapping={, as_of=', statuses=, clients=,
    r"|\b[a-z_]+\((?:\)|\[|')"  # load(), load([...]), sample_path('x'), recommend()
    r"|\bin Python\b",
    flags=re.MULTILINE,
)


def test_the_python_pattern_catches_what_the_library_says():
    said = [
        "name it with statuses={...}",
        "Name it with mapping={'Firma': 'company'}.",
        "pass dayfirst=True or dayfirst=False",
        "leave format= out",
        "as_of='soon' is not a date",
        "load(['a.csv', 'b.csv'])",
        "with load().",
        "is recommend() in Python",
        "give it with clients=, and",
    ]
    assert [text for text in said if not PYTHON.search(text)] == []
    plain = ["--status 'Limbo=applied'", "--map 'Firma=company'", "Excitement (1-5)", "(95% interval 20% to 37%)"]
    assert [text for text in plain if PYTHON.search(text)] == []


def log(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


DAYS = list(enumerate(f"{day:%Y-%m-%d}" for day in pd.date_range("2026-03-01", periods=12)))


def cases(folder: Path) -> dict[str, tuple[list[str], int, str]]:
    """Name -> (the command line, its exit code, a flag the output must name)."""
    status = log(folder, "status.csv", "Company,Date Applied,Status\nAcme,2026-03-02,Applied\nB,2026-03-03,Limbo\n")
    default = "Company,Date Applied,Status,Offer\n" + "".join(f"F{i},{day},Applied,2026-01-01\n" for i, day in DAYS)
    mixed = "Company,Date Applied\nA,13/04/2026\nB,04/13/2026\n"
    many = "Company,Date Applied\nAcme,2026-03-01\n" + "".join(f"F{i},2026-02-30\n" for i in range(30))
    cohort = log(folder, "cohort.csv", "Client,Company,Date Applied,Status\nC1,Acme,2026-03-02,Applied\n")
    clients = log(folder, "clients.csv", "Name,Foo\nx,y\n")
    report = ["-q", "-o", str(folder / "r.html")]
    return {
        # The row is kept with its outcome unknown (a warning, not a rejection), so validate exits with 0.
        "an unknown status word": (["validate", status, "--as-of", AS_OF], 0, "--status 'Limbo=applied'"),
        "an unknown column in --map": (
            ["validate", status, "--as-of", AS_OF, "--map", "Company=compny"],
            2,
            "--map: 'compny' is not a column",
        ),
        "no company column": (
            ["validate", log(folder, "de.csv", "Wer,Wann\nAcme,2026-03-02\n"), "--as-of", AS_OF],
            2,
            "--map 'Wer=company'",
        ),
        "dates whose order nothing tells": (
            ["validate", log(folder, "amb.csv", "Company,Date Applied\nAcme,03/04/2026\n"), "--as-of", AS_OF],
            2,
            "--dayfirst or --monthfirst",
        ),
        "a column of both date orders": (
            ["validate", log(folder, "mix.csv", mixed), "--as-of", AS_OF],
            2,
            "--dayfirst or --monthfirst",
        ),
        "a date column without dates": (
            ["validate", log(folder, "soon.csv", "Company,Date Applied\nAcme,soon\nGlobex,later\n"), "--as-of", AS_OF],
            2,
            "--map 'Your header=applied_on'",
        ),
        "a stage column holding a default date": (
            ["summary", log(folder, "default.csv", default), "--as-of", AS_OF, "-q"],
            0,
            "--map 'Offer=offer_on'",
        ),
        "a LinkedIn archive without outcomes": (["summary", str(LINKEDIN), "--as-of", AS_OF, "-q"], 0, "--complete"),
        "more rejected rows than are listed": (
            ["validate", log(folder, "many.csv", many), "--as-of", AS_OF],
            1,
            "a file written with --rejects FILE.csv",
        ),
        "an unknown stage of an event log": (
            ["validate", status, "--format", "events", "--as-of", AS_OF],
            1,
            "--status 'WORD=STAGE'",
        ),
        "a format the file is not": (
            ["validate", log(folder, "x.json", '{"foo": 1}'), "--format", "huntr", "--as-of", AS_OF],
            2,
            "leave --format out",
        ),
        "an unknown format": (["validate", status, "--format", "excel"], 2, "spreadsheet, events"),
        "an as-of date that is not one": (["validate", status, "--as-of", "soon"], 2, "--as-of"),
        "the sample of clients as a log": (["summary", "--sample", "cohort_clients"], 2, "report --sample cohort"),
        "a sheet of job links alone": (
            ["validate", str(FIXTURES / "merge_by_link" / "status_by_link.csv"), "--as-of", AS_OF],
            2,
            "(in that order on the command line)",
        ),
        "a clients table without its columns": (
            ["report", "--cohort", cohort, "--clients", clients, "--as-of", AS_OF, *report],
            2,
            "--clients-map 'Your header=client_id'",
        ),
        "a clients table given as the cohort": (
            ["report", "--cohort", str(sample_path("cohort_clients")), "--as-of", AS_OF, *report],
            2,
            "give it with --clients FILE, and the applications with --cohort",
        ),
        "a cohort file without a client column": (
            ["report", "--cohort", status, "--as-of", AS_OF, *report],
            2,
            "read one person's file without --cohort",
        ),
        "the pivot advice": (["summary", "--sample", "personal_log", "-q"], 0, "the report command's page"),
    }


with tempfile.TemporaryDirectory() as _folder:
    CASES = list(cases(Path(_folder)))


@pytest.mark.parametrize("case", CASES)
def test_each_message_speaks_the_command_line(case, tmp_path, capsys):
    argv, code, flag = cases(tmp_path)[case]
    try:
        assert main(argv) == code
    except SystemExit as stop:  # argparse's own errors
        assert stop.code == code
    printed = capsys.readouterr()
    said = printed.out + printed.err
    assert flag in " ".join(said.split()), said
    assert PYTHON.findall(said) == [], said


def test_the_rejects_file_gives_its_reasons_in_flags_too(tmp_path, capsys):
    out = tmp_path / "rejects.csv"
    status = log(
        tmp_path, "status.csv", "Company,Date Applied,Status\nAcme,2026-02-30,Limbo\nGlobex,2026-03-03,Limbo\n"
    )
    assert main(["validate", status, "--as-of", AS_OF, "--rejects", str(out)]) == 1
    reasons = pd.read_csv(out)["reason"].tolist()  # Globex's row is kept, its outcome unknown: not a reject
    assert len(reasons) == 1 and all("--status 'WORDS=STATUS'" in reason for reason in reasons)
    assert [reason for reason in reasons if PYTHON.search(reason)] == []
    assert "said once for its word" in capsys.readouterr().out  # the row's other problem keeps its own line


def test_a_clients_table_named_on_the_command_line_is_read(tmp_path, capsys):
    clients = sample_path("cohort_clients").read_text(encoding="utf-8").replace("Client ID", "Akte", 1)
    folder = tmp_path / "caseload"
    folder.mkdir()
    shutil.copy(sample_path("cohort_applications"), folder / "applications.csv")
    argv = ["report", "--cohort", str(folder), "--clients", log(tmp_path, "clients.csv", clients), "-q"]
    argv += ["--as-of", "2026-11-02", "-o", str(tmp_path / "c.html")]
    assert main(argv) == 2
    assert "--clients-map 'Your header=client_id'" in capsys.readouterr().err
    assert main([*argv, "--clients-map", "Akte=client_id"]) == 0
    assert "Cohort report written" in capsys.readouterr().out


def test_flags_a_message_already_names_are_not_said_twice():
    from jobsearch_analysis.cli import cli_error
    from jobsearch_analysis.errors import LoadError

    error = LoadError("cannot tell; pass dayfirst=True or dayfirst=False", fixes={"dayfirst": None})
    assert cli_error(error) == "error: cannot tell; pass --dayfirst or --monthfirst"
    other = LoadError("no secret", fixes={"secret_file": None})
    assert cli_error(other).startswith("error: no secret (on the command line: --secret-file FILE")


def test_a_clients_mapping_in_a_message_is_the_clients_flag():
    said = "Name a column with mapping={'Your header': 'client_id'}."
    assert cli_words(said, {"clients_mapping": None}) == "Name a column with --clients-map 'Your header=client_id'."
    assert cli_words(said) == "Name a column with --map 'Your header=client_id'."


@pytest.mark.parametrize("command", ["summary", "report"])
def test_help_lists_every_bundled_sample_and_every_format(command, capsys):
    from jobsearch_analysis.ingest.formats import READERS
    from jobsearch_analysis.samples import SAMPLES

    with pytest.raises(SystemExit):
        main([command, "--help"])
    shown = " ".join(capsys.readouterr().out.split()).replace("- ", "-")  # argparse breaks lines at hyphens
    assert [name for name in SAMPLES if name not in shown] == []
    assert [name for name in READERS if name not in shown] == []
    assert "see --help for the list" not in shown


@pytest.mark.parametrize("command", ["summary", "report"])
def test_the_sparse_sample_runs(command, tmp_path, capsys):
    assert (
        main([command, "--sample", "sparse_log", "-q", *(["-o", str(tmp_path / "r.html")] * (command == "report"))])
        == 0
    )
    out = capsys.readouterr().out
    assert ("sparse_log.csv" in out) if command == "summary" else "Read 165 rows: 165 applications" in out


def test_headers_and_file_names_that_look_like_markup_or_escapes_print_as_plain_text(tmp_path, capsys):
    """A header "[/oops] Notes" once crashed the summary (rich read it as markup); an escape sequence in a file
    name or header reached the terminal raw. Both now print as text, control characters taken out."""
    name = "evil\x1b[2J.csv"
    path = tmp_path / name
    path.write_text("Company,Date Applied,[/oops] Notes\x1b]52;c;aGk=\x07\nAcme,2026-03-02,hi\n", encoding="utf-8")
    assert main(["summary", str(path), "--as-of", "2026-06-30"]) == 0
    out, err = capsys.readouterr()
    assert "[/oops] Notes" in out and "evil[2J.csv" in out
    assert "\x1b" not in out + err and "\x07" not in out + err


def test_the_progress_bar_shows_a_markup_like_step_as_typed():
    from jobsearch_analysis.cli import Progress
    from tests.test_cli_progress import Terminal

    screen = Terminal()
    with Progress(2, stream=screen) as progress:
        progress("reading [/oops].csv")
        assert progress.bar.tasks[0].description == "reading [/oops].csv"


def test_a_file_with_headers_and_no_rows_is_told_so_in_the_terminal_and_on_the_page(tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text("Company,Date Applied,Status\n", encoding="utf-8")
    assert main(["validate", str(log), "--as-of", AS_OF]) == 1
    assert "log.csv holds no application: it has headers but no rows" in capsys.readouterr().err
    page = tmp_path / "report.html"
    assert main(["report", str(log), "-o", str(page), "-q", "--as-of", AS_OF]) == 0
    assert "The file has headers but no rows yet" in page.read_text(encoding="utf-8")
    assert "Read 0 rows: 0 applications" in capsys.readouterr().out


def test_counts_in_the_reports_first_line_agree_with_their_nouns(tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text("Company,Date Applied,Status\nAcme,2026-03-02,Applied\n", encoding="utf-8")
    assert main(["report", str(log), "-o", str(tmp_path / "report.html"), "-q", "--as-of", AS_OF]) == 0
    assert "Read 1 row: 1 application, 0 rejected" in capsys.readouterr().out
