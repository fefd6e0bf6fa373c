"""The project's exceptions: few, named for what went wrong, with messages that say how to fix it.

A library error speaks Python: it names the parameter that fixes it (``dayfirst=True``, ``mapping=``). It also
carries that parameter, with an example value, in :attr:`LoadError.fixes`, so the command line can say the
same fix in its own flags (``--dayfirst``, ``--map``) without reading the message.
"""

from __future__ import annotations

from collections.abc import Mapping


class LoadError(ValueError):
    """A file (or a set of files) cannot be used at all.

    Raised for a missing or unreadable file, a file that is not a table, or a table without the columns the
    analysis needs (a company and an application date). Rows that are merely wrong never raise: they are
    returned in ``LoadResult.rejects``. The message names the file, what is missing and, where it can, the
    closest headers that were found.

    fixes    the parameters that would fix it, each with an example value: ``{"dayfirst": None}``,
             ``{"mapping": {"Firma": "company"}}``
    """

    def __init__(self, message: str, *, fixes: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.fixes: dict[str, object] = dict(fixes or {})


class OutputError(RuntimeError):
    """An output cannot be written: a tool it needs is missing (kaleido or Chromium for PNG charts), or the
    folder cannot be written. The message says what to install or change."""


def python_fix(parameter: str, example: object = None) -> str:
    """How a caller of the library applies a fix: ``dayfirst=True or dayfirst=False``, ``mapping={...}``."""
    if parameter == "dayfirst":
        return "dayfirst=True or dayfirst=False"
    if parameter in ("outcomes_complete", "keep_contacts"):
        return f"{parameter}=True"
    if parameter == "rejects":
        return "result.rejects"
    if parameter == "unusable":
        return "the cohort's unusable files (cohort.unusable)"
    if parameter == "limits" and isinstance(example, Mapping):
        return "limits=Limits(" + ", ".join(f"{name}={value!r}" for name, value in example.items()) + ")"
    return f"{parameter}={example!r}" if example is not None else f"{parameter}="
