"""Notes about figures, as codes with the numbers behind them: what an analysis hid, rounded or cut, and why.

The analysis (and :mod:`jobsearch_analysis.privacy`) says *what* happened: ``Note(NoteCode.CURVES_STOP,
min_clients=5)``. The words are the present layer's (:data:`jobsearch_analysis.present.cohort_report.NOTE_WORDS`
writes each code as a sentence with its numbers), so a page picks the notes it shows by their code and never
reads its own sentences back.

>>> note = Note(NoteCode.GROUPS_NOT_SHOWN, groups=2, min_clients=5)
>>> note.code, note["groups"], note
(<NoteCode.GROUPS_NOT_SHOWN: 'groups_not_shown'>, 2, Note('groups_not_shown', groups=2, min_clients=5))
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NoteCode(StrEnum):
    """What a note is about; :data:`NUMBERS` names the numbers each one carries."""

    GROUPS_NOT_SHOWN = "groups_not_shown"
    """Some segments have fewer than ``min_clients`` clients: they are left out."""
    CASELOAD_NOT_SHOWN = "caseload_not_shown"
    """The caseload as a whole has fewer than ``min_clients`` clients: nothing about it is shown."""
    GROUPS_WITHOUT_CURVE = "groups_without_curve"
    """Some segments have fewer than ``fewest`` clients, too few for a curve from counts rounded to multiples of
    ``rounding``: no curve, share or median day for them."""
    CASELOAD_WITHOUT_CURVE = "caseload_without_curve"
    """The same for the caseload as a whole."""
    CURVES_START_LATE = "curves_start_late"
    """Fewer than ``min_clients`` clients were followed from day 0: the curves start where enough were."""
    NO_CLIENT_FROM_START = "no_client_from_start"
    """Nobody was followed from day 0 (exact figures): the curves start where the first client was."""
    CURVES_STOP = "curves_stop"
    """Curves stop where fewer than ``min_clients`` clients are still followed."""
    COUNTS_ROUNDED = "counts_rounded"
    """The counts behind the curves are weekly and rounded to multiples of ``rounding``."""
    CELLS_HIDDEN = "cells_hidden"
    """Figures about fewer than ``min_clients`` clients are hidden, in ``rows`` of the table's ``of_rows`` rows,
    with whatever would give them away."""
    EXIT_REASONS_HIDDEN = "exit_reasons_hidden"
    """Exit reasons that fewer than ``min_clients`` clients of a segment left for (or that would give such a count
    away) are not drawn."""


NUMBERS: dict[NoteCode, tuple[str, ...]] = {
    NoteCode.GROUPS_NOT_SHOWN: ("groups", "min_clients"),
    NoteCode.CASELOAD_NOT_SHOWN: ("min_clients",),
    NoteCode.GROUPS_WITHOUT_CURVE: ("fewest", "groups", "rounding"),
    NoteCode.CASELOAD_WITHOUT_CURVE: ("fewest", "rounding"),
    NoteCode.CURVES_START_LATE: ("min_clients",),
    NoteCode.NO_CLIENT_FROM_START: (),
    NoteCode.CURVES_STOP: ("min_clients",),
    NoteCode.COUNTS_ROUNDED: ("rounding",),
    NoteCode.CELLS_HIDDEN: ("min_clients", "of_rows", "rows"),
    NoteCode.EXIT_REASONS_HIDDEN: ("min_clients",),
}
"""The numbers each kind of note carries, by name (sorted)."""


@dataclass(frozen=True, init=False, repr=False)
class Note:
    """One note: a :class:`NoteCode` and the whole numbers it needs (:data:`NUMBERS`), given by name:
    ``Note(code, **numbers)``. Equal to another with the same code and numbers."""

    code: NoteCode
    numbers: tuple[tuple[str, int], ...]

    def __init__(self, code: NoteCode | str, /, **numbers: int) -> None:
        code = NoteCode(code)
        if tuple(sorted(numbers)) != NUMBERS[code]:
            wanted = ", ".join(NUMBERS[code]) or "no numbers"
            raise TypeError(f"a {code.value} note takes {wanted}, not {', '.join(sorted(numbers)) or 'none'}")
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "numbers", tuple((name, int(numbers[name])) for name in NUMBERS[code]))

    def __getitem__(self, name: str) -> int:
        return dict(self.numbers)[name]

    def as_dict(self) -> dict[str, int]:
        """The numbers by name."""
        return dict(self.numbers)

    def __repr__(self) -> str:
        return f"Note({self.code.value!r}{''.join(f', {name}={value}' for name, value in self.numbers)})"
