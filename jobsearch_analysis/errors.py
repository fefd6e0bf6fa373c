"""The project's exceptions: few, named for what went wrong, with messages that say how to fix it."""

from __future__ import annotations


class LoadError(ValueError):
    """A file (or a set of files) cannot be used at all.

    Raised for a missing or unreadable file, a file that is not a table, or a table without the columns the
    analysis needs (a company and an application date). Rows that are merely wrong never raise: they are
    returned in ``LoadResult.rejects``. The message names the file, what is missing and, where it can, the
    closest headers that were found.
    """


class OutputError(RuntimeError):
    """An output cannot be written: a tool it needs is missing (kaleido or Chromium for PNG charts), or the
    folder cannot be written. The message says what to install or change."""
