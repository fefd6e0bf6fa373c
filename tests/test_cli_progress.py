"""The progress display of long runs: a bar with the step, how far and the time left on a terminal; plain
one-line steps anywhere else; nothing with -q. The steps expected per command match what the builders announce."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest

from jobsearch_analysis import cli
from jobsearch_analysis.cli import COHORT_STEPS, REPORT_STEPS, SUMMARY_STEPS, Progress, TimeLeft, main

STEP = re.compile(r"^\[\s*\d+\.\d s\] (.+)$", flags=re.MULTILINE)
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


def plain(screen: str) -> list[str]:
    """What a terminal showed, frame by frame, without its control codes."""
    uncoloured = re.sub(r"\x1b\[[0-9;]*m", "", screen)
    return [frame.strip() for frame in CONTROL.sub("\r", uncoloured).split("\r") if frame.strip()]


def test_off_a_terminal_each_step_is_one_plain_line():
    stream = io.StringIO()
    with Progress(3, stream=stream) as progress:
        progress("reading")
        progress("time to reply")
    assert STEP.findall(stream.getvalue()) == ["reading", "time to reply"]
    assert "\x1b" not in stream.getvalue()


def test_quiet_shows_nothing_anywhere():
    for stream in (io.StringIO(), Terminal()):
        with Progress(3, quiet=True, stream=stream) as progress:
            progress("reading")
        assert stream.getvalue() == ""


def test_on_a_terminal_a_bar_shows_the_step_and_how_many_are_done_then_goes():
    screen = Terminal()
    with Progress(4, stream=screen) as progress:
        progress("reading")
        progress("headline numbers")
        progress("when to pivot")
        assert progress.bar is not None
        task = progress.bar.tasks[0]
        assert (task.description, task.completed, task.total) == ("when to pivot", 2, 4)
    assert progress.bar is None
    frames = plain(screen.getvalue())
    assert any(re.search(r"when to pivot .*[━╸╺].* [23]/4", frame) for frame in frames), frames
    assert "\x1b[?25l" in screen.getvalue() and not STEP.findall(screen.getvalue())  # a live bar, not lines


def test_more_steps_than_expected_make_the_bar_longer():
    with Progress(2, stream=Terminal()) as progress:
        for step in ("a", "b", "c"):
            progress(step)
        assert progress.bar.tasks[0].total == 3


def test_the_time_left_comes_from_the_steps_done_so_far():
    task = SimpleNamespace(finished=False, completed=2, total=6, elapsed=10.0)
    assert TimeLeft().render(task).plain == "about 20 s left"
    assert TimeLeft().render(SimpleNamespace(**{**vars(task), "total": 50})).plain == "about 4 min left"
    assert TimeLeft().render(SimpleNamespace(**{**vars(task), "completed": 0})).plain == ""  # nothing to go by


def test_an_error_is_said_on_a_line_of_its_own_after_the_bar_is_gone(tmp_path, monkeypatch, capsys):
    screen = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", screen)
    missing = tmp_path / "missing.csv"
    assert main(["report", str(missing), "-o", str(tmp_path / "r.html")]) == 2
    shown = CONTROL.sub("", screen.getvalue().split("\x1b[?25h")[-1])  # after the bar gave the cursor back
    assert shown.strip().startswith("error: ") and "missing.csv" in shown and shown.count("\n") == 1


def steps(capsys) -> list[str]:
    return STEP.findall(capsys.readouterr().err)


def test_summary_expects_the_steps_it_announces(capsys):
    assert main(["summary", "--sample", "personal_log"]) == 0
    assert steps(capsys) == ["reading the sample personal_log", "headline numbers", "response rates", "when to pivot"]
    assert SUMMARY_STEPS == 4
    assert main(["summary", "--sample", "personal_log", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_report_expects_the_steps_the_report_builder_announces(tmp_path, capsys):
    assert main(["report", "--sample", "personal_log", "-o", str(tmp_path / "r.html")]) == 0
    announced = steps(capsys)
    assert announced[0] == "reading the sample personal_log" and announced[-1] == "writing the page"
    assert len(announced) == REPORT_STEPS, f"the report announces {len(announced)} steps now: {announced}"


@pytest.mark.parametrize("triage", [True, False])
def test_the_cohort_report_expects_the_steps_its_builder_announces(tmp_path, capsys, triage):
    argv = ["report", "--sample", "cohort", "-o", str(tmp_path / "c.html")] + ([] if triage else ["--no-triage"])
    assert main(argv) == 0
    announced = steps(capsys)
    assert announced[0].startswith("reading the cohort") and ("triage" in announced) == triage
    assert len(announced) == COHORT_STEPS - (not triage), f"the cohort report announces {announced}"
