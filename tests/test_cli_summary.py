"""``jobsearch-analysis summary`` prints aligned tables: what was read, the headline numbers, the response rates
and the advice by channel; numbers right-aligned, codes in words, plain text when the output is no terminal."""

from __future__ import annotations

import io
import re

import pytest

from jobsearch_analysis.cli import WIDTH, console, main


def summary(capsys, *arguments: str) -> str:
    assert main(["summary", *arguments]) == 0
    return capsys.readouterr().out


def table(out: str, heading: str) -> list[str]:
    """The lines of the table under ``heading``: from its header line to the blank line after it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading)) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_the_headline_numbers_are_a_table_with_the_numbers_right_aligned(capsys):
    rows = table(summary(capsys, "--sample", "personal_log"), "Headline numbers, as of 2026-11-02")
    assert rows[0].split() == ["number", "share"] and set(rows[1]) == {"─"}
    counts = {line.rsplit(maxsplit=2)[0].strip(): line for line in rows[2:] if "%" in line}
    ends = {re.search(r"(\d[\d,]*)\s+\S+%$", line).end(1) for line in counts.values()}
    assert len(counts) >= 8 and len(ends) == 1  # every count ends in the same column
    assert len({line.rindex("%") for line in counts.values()}) == 1  # and so does every share
    assert re.search(r"^got a screen or better\s+23\s+7\.8%$", "\n".join(rows), flags=re.M)


def test_the_response_rates_are_a_table_of_words_and_numbers(capsys):
    rows = table(summary(capsys, "--sample", "personal_log"), "Response rates, counting only")
    assert rows[0].split() == ["within", "rate", "95%", "interval", "replies", "old", "enough", "pending"]
    assert re.search(r"^any reply \(a rejection counts\)\s+120 days\s+27%\s+20% to 36%\s+29\s+107\s+188$", rows[2])
    assert rows[0].index("pending") + len("pending") == len(rows[2])  # right-aligned under its header


def test_what_was_read_is_a_table_of_files_and_one_of_columns_in_words(capsys):
    out = summary(capsys, "--sample", "personal_log")
    files = table(out, "What was read, as of 2026-11-02")
    assert files[0].split() == ["file", "read", "as", "rows", "applications", "rejected", "skipped"]
    assert files[2].split() == ["personal_log.csv", "spreadsheet", "304", "296", "5", "3"]
    columns = "\n".join(table(out, "column in personal_log.csv"))
    assert re.search(r"^Date Applied\s+date applied$", columns, flags=re.M)
    assert re.search(r"^Role Type\s+kind of role$", columns, flags=re.M)
    assert re.search(r"^Recruiter Email\s+not kept \(personal data\)$", columns, flags=re.M)
    assert "applied_on" not in out and "role_family" not in out and " -> " not in out


def test_several_files_get_a_line_for_all_of_them(capsys):
    from jobsearch_analysis.samples import sample_path

    out = summary(capsys, str(sample_path("personal_log")), str(sample_path("sparse_log")), "--as-of", "2026-11-02")
    rows = table(out, "What was read, as of 2026-11-02")
    assert rows[-1].split()[:2] == ["all", "files"] and rows[-1].split()[2] == "469"


def test_the_pivot_advice_is_a_table_by_channel_with_a_heading_a_cli_user_can_act_on(capsys):
    out = summary(capsys, "--sample", "personal_log")
    heading = next(line for line in out.splitlines() if line.startswith("When to pivot"))
    assert "report command" in heading and "Python" not in heading and "()" not in heading
    rows = table(out, "When to pivot")
    assert rows[0].split() == ["verdict", "why"]
    assert re.search(r"^job boards\s+too early to tell\s+Applications through job boards", "\n".join(rows), re.M)


def test_the_summary_of_the_sparse_sample(capsys):
    out = summary(capsys, "--sample", "sparse_log")
    assert "sparse_log.csv" in out and "Headline numbers, as of 2026-11-02" in out
    assert re.search(r"^Source/Link\s+channel$", out, flags=re.M)


@pytest.mark.parametrize("forced", ["", "1"])
def test_output_to_no_terminal_is_plain_text_of_a_fixed_width(capsys, monkeypatch, forced):
    monkeypatch.setenv("FORCE_COLOR", forced)  # CI often sets it; a pipe still gets no control code
    out = summary(capsys, "--sample", "personal_log")
    assert "\x1b" not in out
    tables = [line for line in out.splitlines() if not line.startswith(("  ", "Rejected", "Skipped"))]
    assert max(map(len, tables)) <= WIDTH
    assert not [line for line in out.splitlines() if line != line.rstrip()]  # no padding left at line ends


def test_a_terminal_gets_its_own_width_and_styles():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    out = console(screen)
    out.print("[bold]x[/bold]")
    assert out.is_terminal and "\x1b[1m" in screen.getvalue()
    assert not console(io.StringIO()).is_terminal and console(io.StringIO()).width == WIDTH
