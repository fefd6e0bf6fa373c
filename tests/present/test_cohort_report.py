"""The cohort report: built from the library's cohort functions, and never naming a client.

The privacy tests scan everything the report command writes (the page and the CSV tables) for every client id,
name and e-mail address in the sample's clients table, and for the names of per-client files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from jobsearch_analysis import sample_path
from jobsearch_analysis.analysis.cohort import exit_summary, time_to_employment, triage
from jobsearch_analysis.cli import main
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.notes import NUMBERS, Note, NoteCode
from jobsearch_analysis.present.cohort_report import HIDDEN, NOTE_WORDS, build_cohort, note_words
from jobsearch_analysis.privacy import EMAIL, pseudonym

AS_OF = "2026-11-02"
SECRET = "counselling-team-secret-2026"


@pytest.fixture(scope="module")
def cohort():
    return load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)


@pytest.fixture(scope="module")
def identities() -> dict[str, list[str]]:
    raw = pd.read_csv(sample_path("cohort_clients"), dtype=str)
    apps = pd.read_csv(sample_path("cohort_applications"), dtype=str, usecols=["client_id"])
    return {
        "ids": sorted(set(raw["Client ID"]) | set(apps["client_id"])),
        "names": sorted(raw["Name"]),
        "emails": sorted(raw["Email"]),
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cohort")
    secret = folder / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    argv = ["report", "--sample", "cohort", "-o", str(folder / "cohort.html"), "--quiet"]
    argv += ["--secret-file", str(secret), "--tables-dir", str(folder / "tables")]
    assert main(argv) == 0
    return folder


def _leaks(text: str, identities: dict[str, list[str]]) -> list[str]:
    """Every client id, name or e-mail of the sample that occurs in ``text``."""
    lowered = text.lower()
    found = [value for value in (*identities["emails"], *identities["names"]) if value.lower() in lowered]
    ids = re.compile(r"\b(" + "|".join(re.escape(i) for i in identities["ids"]) + r")\b")
    return found + sorted(set(ids.findall(text)))


def _without_plotly(page: str) -> str:
    """The page without its two plain scripts (plotly.js, which has addresses of its own, and the renderer); the
    charts' data blocks (``<script type="application/json">``) stay in."""
    return re.sub(r"<script>.*?</script>", "", page, flags=re.S)


def test_the_cohort_report_names_no_client(written, identities):
    page = (written / "cohort.html").read_text(encoding="utf-8")
    assert len(identities["ids"]) == 200 and len(identities["emails"]) == 200
    assert _leaks(page, identities) == []
    assert len(_without_plotly(page)) < len(page) / 5
    assert re.search(EMAIL, _without_plotly(page)) is None  # no e-mail address of any kind


def test_the_tables_written_beside_it_name_no_client(written, identities):
    tables = sorted((written / "tables").glob("*.csv"))
    assert {"triage.csv", "client_rates_by_channel.csv", "time_to_employment.csv"} <= {t.name for t in tables}
    for table in tables:
        assert _leaks(table.read_text(encoding="utf-8"), identities) == [], table.name


def test_the_triage_list_uses_stable_keyed_pseudonyms(written, cohort):
    listed = pd.read_csv(written / "tables" / "triage.csv")
    raw = triage(cohort.applications, cohort.clients, as_of=AS_OF)
    assert len(listed) == len(raw) > 0
    expected = [pseudonym(client, SECRET, prefix="c-") for client in raw["client_id"]]
    assert listed["client_id"].tolist() == expected
    page = (written / "cohort.html").read_text(encoding="utf-8")
    assert all(p in page for p in expected)


def test_the_pseudonym_command_finds_a_client_again(written, capsys, cohort):
    client = cohort.clients["client_id"].iloc[0]
    assert main(["pseudonym", client, "--secret-file", str(written / "secret.txt")]) == 0
    assert capsys.readouterr().out.strip() == f"{client}\t{pseudonym(client, SECRET, prefix='c-')}"


def test_without_a_secret_the_pseudonyms_change_and_the_page_says_so(cohort):
    first = build_cohort(cohort).tables["triage"]["client_id"]
    second = build_cohort(cohort).tables["triage"]["client_id"]
    assert set(first).isdisjoint(second)
    assert "These pseudonyms change every time" in build_cohort(cohort).html


def test_small_groups_are_hidden_and_the_page_says_so(cohort):
    clients = cohort.clients.copy()
    clients.loc[clients.index[:3], "program"] = "pilot"  # a programme with three clients
    data = type(cohort)(**{**cohort.__dict__, "clients": clients})
    report = build_cohort(data, secret=SECRET)
    by_program = report.tables["time_to_employment_by_program"].set_index("program")
    assert by_program.loc["pilot", "median_days"] is pd.NA or pd.isna(by_program.loc["pilot", "median_days"])
    assert pd.isna(by_program.loc["pilot", "clients"])
    assert "programme: pilot" in report.html and HIDDEN in report.html
    assert "fewer than 5 clients" in report.html


def test_every_number_on_the_page_comes_from_the_library(cohort):
    report = build_cohort(cohort, secret=SECRET)
    overall = time_to_employment(cohort.clients).summary.iloc[0]
    by_6 = f"{overall['employed_by_182']:.0%}"
    assert f"{by_6} of clients had found work within 6 months" in report.html
    assert f"by day {overall['median_days']:.0f} of their search" in report.html
    assert f"{overall['median_ci_low']:.0f} to {overall['median_ci_high']:.0f} days" in report.html
    listed = triage(cohort.applications, cohort.clients, as_of=AS_OF)
    pivots = int((listed["verdict"] == "pivot").sum())
    assert f"<strong>{pivots}</strong> clients need" in report.html


def test_the_page_shows_one_figure_for_employed_within_six_months(cohort):
    # The summary, the brief, the table of groups and the exits table all read one cumulative incidence; the
    # hypothetical 1 - Kaplan-Meier (other exits censored) is nowhere on the page.
    report = build_cohort(cohort, secret=SECRET)
    share = time_to_employment(cohort.clients).summary["employed_by_182"].iloc[0]
    exits = exit_summary(cohort.clients).set_index("exit")
    assert exits.loc["employed", "within_182"] == pytest.approx(share)
    assert exits.loc[["employed_full_time", "employed_part_time", "self_employed"], "within_182"].sum() == (
        pytest.approx(share)
    )
    text = re.sub(r"<[^>]+>", " ", _without_plotly(report.html))
    six = re.findall(r"(\d+(?:\.\d)?%)\s+of clients had found work within 6 months", text)
    assert six == [f"{share:.0%}"]
    table = report.tables["time_to_employment"]
    assert table["employed_by_182"].iloc[0] == pytest.approx(share)
    assert "Kaplan-Meier curve) would overstate it" in report.html  # named only as what not to do


def test_a_folder_of_per_client_files_keeps_their_names_out(tmp_path):
    apps = pd.read_csv(sample_path("cohort_applications"), dtype=str)
    folder = tmp_path / "caseload"
    folder.mkdir()
    names = {}
    for i, (client, part) in enumerate(apps.groupby("client_id")):
        if i == 12:
            break
        name = f"client-file-{client.lower()}-smith"
        names[client] = name
        part.drop(columns="client_id").to_csv(folder / f"{name}.csv", index=False)
    out = tmp_path / "cohort.html"
    assert main(["report", "--cohort", str(folder), "-o", str(out), "--as-of", AS_OF, "--quiet"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "12 files" in page
    for name in names.values():
        assert name not in page


def test_cohort_options_need_a_cohort(capsys):
    assert main(["report", "--sample", "personal_log", "--no-triage", "-o", "/tmp/unused.html"]) == 2
    assert "are for cohort reports" in capsys.readouterr().err


def test_a_short_secret_is_one_clear_error(tmp_path, capsys):
    short = tmp_path / "s.txt"
    short.write_text("tiny", encoding="utf-8")
    argv = ["report", "--sample", "cohort", "-o", str(tmp_path / "c.html"), "--secret-file", str(short), "-q"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the secret is shorter than 16 characters") and "Traceback" not in err


def test_no_triage_leaves_the_list_out(cohort):
    report = build_cohort(cohort, include_triage=False)
    assert "triage" not in report.tables and "Who needs a conversation now" not in report.html


# ----------------------------------------------------------------------------------------------- notes
def test_every_note_code_has_words_that_use_its_numbers():
    assert set(NOTE_WORDS) == set(NoteCode) == set(NUMBERS)
    for code, names in NUMBERS.items():
        for value in (1, 7):
            text = note_words(Note(code, **dict.fromkeys(names, value)))
            assert "{" not in text and text.endswith("."), code
            assert all(str(value) in text for name in names if name not in ("groups",)), code
    assert note_words(Note(NoteCode.GROUPS_WITHOUT_CURVE, groups=1, fewest=25, rounding=5)).endswith("for it.")
    assert note_words(Note(NoteCode.GROUPS_WITHOUT_CURVE, groups=3, fewest=25, rounding=5)).startswith(
        "3 groups have fewer than 25 clients"
    )
    assert "(1 of 1 row)" in note_words(Note(NoteCode.CELLS_HIDDEN, min_clients=5, rows=1, of_rows=1))


def test_a_note_is_a_code_with_exactly_its_numbers():
    note = Note(NoteCode.CURVES_STOP, min_clients=5)
    assert note == Note("curves_stop", min_clients=5) and note["min_clients"] == 5 and hash(note)
    with pytest.raises(TypeError, match="takes min_clients"):
        Note(NoteCode.CURVES_STOP)
    with pytest.raises(TypeError, match="takes min_clients"):
        Note(NoteCode.CURVES_STOP, min_clients=5, rows=2)


def test_a_long_triage_list_shows_the_strongest_cases_and_keeps_them_all_beside_the_page(cohort, monkeypatch):
    from jobsearch_analysis.present import report as personal_report

    whole = triage(cohort.applications, cohort.clients, as_of=AS_OF)
    assert len(whole) > 3
    monkeypatch.setattr(personal_report, "MAX_LISTED", 3)  # a caseload of millions lists its first 200
    built = build_cohort(cohort, secret=SECRET)
    section = built.html[built.html.index('<section id="triage">') :]
    section = section[: section.index("</section>")]
    assert section.count("<tr>") == 3 + 1  # and the header row
    assert f"The first 3 are listed, and {len(whole) - 3} more are not: the whole list" in section
    assert "triage.csv" in section
    listed = built.tables["triage"]["client_id"].tolist()
    assert len(listed) == len(whole)  # the table beside the page keeps every client
    assert all(client in section for client in listed[:3]) and listed[3] not in section
