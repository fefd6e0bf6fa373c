"""The notebooks take the command line's reading options as papermill parameters (MAPPING, STATUSES)."""

import json
import os
import re
from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_explore_my_search.ipynb"
LOG = ROOT / "tests" / "fixtures" / "notebooks" / "own_words.csv"


def parameters_cell(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))


@pytest.mark.parametrize("name", ["01_explore_my_search.ipynb", "02_when_to_pivot.ipynb"])
def test_the_parameters_cell_names_every_reading_option(name):
    cell = parameters_cell(ROOT / "notebooks" / name)
    for parameter in ("DATA", "AS_OF", "DAYFIRST", "MAPPING", "STATUSES"):
        assert f"\n{parameter} = " in f"\n{cell}"


def run(notebook: Path, parameters: dict, tmp_path: Path, monkeypatch, timeout: int = 180) -> tuple[str, str]:
    """Run a notebook with papermill on the package in this checkout; what its cells printed, and that together
    with the plain text of what they displayed."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("PLOTLY_RENDERER", "plotly_mimetype")
    out = tmp_path / "run.ipynb"
    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        cwd=str(ROOT / "notebooks"),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=timeout,
    )
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    printed = "".join("".join(o.get("text", "")) for o in outputs)
    shown = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")) for o in outputs)
    return printed, shown


def test_notebook_01_reads_a_log_with_the_mapping_and_statuses_given(tmp_path, monkeypatch):
    parameters = {
        "DATA": str(LOG),
        "AS_OF": "2026-06-30",
        "MAPPING": {"Laden": "company", "Stelle": "job_title", "Abgeschickt": "applied_on", "Stand": "status"},
        "STATUSES": {"Talking": "phone screen", "Dead end": "rejected"},
    }
    printed, _ = run(NOTEBOOK, parameters, tmp_path, monkeypatch, timeout=120)
    assert "own_words.csv (spreadsheet)" in printed
    assert "4 rows: 4 applications, 0 rejected, 0 skipped" in printed
    assert "Laden -> company" in printed and "Stand -> status" in printed


ZERO_WIDTH = re.compile(r"\b(0(?:\.0)?%|100%) to \1")


@pytest.mark.parametrize("name", ["01_explore_my_search.ipynb", "02_when_to_pivot.ipynb"])
def test_the_notebooks_on_a_status_only_log_show_no_certainty_the_log_cannot_give(name, tmp_path, monkeypatch):
    """The sparse sample (no reply dates) run through the notebooks: no 0-0 interval in any output, and the
    timing says it cannot be measured rather than 0 %."""
    from jobsearch_analysis import sample_path

    parameters = {"DATA": str(sample_path("sparse_log")), "AS_OF": "2026-11-02"}
    _, shown = run(ROOT / "notebooks" / name, parameters, tmp_path, monkeypatch)
    assert "sparse_log.csv" in shown
    assert not ZERO_WIDTH.search(shown), ZERO_WIDTH.search(shown)
    if name.startswith("01"):  # the notebook names what the log cannot tell, with the fix
        assert "Your log has no reply dates, so how soon replies come cannot be measured" in shown
