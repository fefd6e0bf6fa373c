"""Crafted broken and hostile inputs, made by code so that none of them is a binary blob in the repository.

Each module here holds a ``CASES`` tuple of :class:`Case`: a name, a function that writes the input into a
folder, and what a run on it must give. ``python -m tests.crafted DIR`` writes every case into ``DIR`` (one
sub-folder each) so a person can try them by hand; ``tests/test_crafted_budgets.py`` runs ``validate`` and
``report`` on each and holds them to the time and memory budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

AS_OF = "2026-11-02"
"""The as-of date every case is run with (so "after the as-of date" cases are stable)."""


@dataclass(frozen=True)
class Case:
    """One crafted input.

    name      short, file-name safe ("zip_bomb")
    make      writes the input into an empty folder and returns the path to give the command line
    loads     True when a run must read it (exit 0 or 1 with a result); False when it must be refused in one
              line (exit 2)
    says      a fragment the refusal (stderr) must contain, or for an input that loads, what ``validate`` prints
              (``report --cohort`` for a caseload); case-insensitive
    cohort    the path is a caseload (given with ``--cohort``)
    options   extra command-line options, for instance ``("--max-archive-mb", "2000")``
    """

    name: str
    make: Callable[[Path], Path]
    loads: bool
    says: str = ""
    cohort: bool = False
    options: tuple[str, ...] = ()


def all_cases() -> list[Case]:
    """Every case of every module in this package."""
    import importlib
    import pkgutil

    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        cases.extend(getattr(module, "CASES", ()))
    names = [c.name for c in cases]
    repeated = {n for n in names if names.count(n) > 1}
    assert not repeated, f"crafted case names must be unique: {sorted(repeated)}"
    return cases


def write_all(directory: Path) -> dict[str, Path]:
    """Write every case into its own sub-folder of ``directory``; the path of each, by name."""
    made = {}
    for case in all_cases():
        folder = directory / case.name
        folder.mkdir(parents=True, exist_ok=True)
        made[case.name] = case.make(folder)
    return made
