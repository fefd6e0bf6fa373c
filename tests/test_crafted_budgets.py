"""Every crafted broken or hostile input (``tests/crafted``) through ``validate`` and ``report`` on the command
line: a result, or one clear line with exit 2; never a traceback, "unexpected" or a hang; each run within
10 seconds and 1 GB of memory (the promise of "bound time and memory on any input")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crafted import AS_OF, Case, all_cases

SECONDS = 10
MEGABYTES = 1024
CASES = all_cases()


def _commands(case: Case, path: Path, folder: Path) -> list[list[str]]:
    common = ["--as-of", AS_OF, *case.options]
    page = ["-o", str(folder / "report.html"), "-q"]
    if case.cohort:
        return [["report", "--cohort", str(path), *page, *common]]
    return [["validate", str(path), *common], ["report", str(path), *page, *common]]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_crafted_input_gives_a_result_or_one_clear_line_within_budget(case, runner, tmp_path):
    source = tmp_path / "input"
    source.mkdir()
    path = case.make(source)
    for argv in _commands(case, path, tmp_path):
        answer, out, err = runner(tmp_path, argv=argv, kill_after=6 * SECONDS)
        command = f"{argv[0]} on {case.name}"
        assert not answer["killed"], f"{command} did not finish in {6 * SECONDS} s"
        assert answer["code"] not in (98, 99), f"{command} crashed:\n{err}"
        assert "Traceback" not in err and "unexpected" not in err, f"{command}:\n{err}"
        assert answer["seconds"] <= SECONDS, f"{command} took {answer['seconds']:.1f} s"
        assert answer["peak_mb"] <= MEGABYTES, f"{command} peaked at {answer['peak_mb']:.0f} MB"
        if case.loads:
            assert answer["code"] in (0, 1), f"{command} exited {answer['code']}:\n{err}"
            said = argv[0] == "validate" or case.cohort  # a report's page says it; its terminal gives the counts
            assert not said or case.says.lower() in (out + err).lower(), f"{command} didn't say {case.says!r}:\n{out}"
        else:
            lines = err.strip().splitlines()
            assert answer["code"] == 2, f"{command} exited {answer['code']}:\n{out}{err}"
            assert len(lines) == 1 and lines[0].startswith("error: "), f"{command} gave:\n{err}"
            assert case.says.lower() in lines[0].lower(), f"{command} did not say {case.says!r}: {lines[0]}"
