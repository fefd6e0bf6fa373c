"""The bundled sample data, found wherever the package is installed.

The files are made by :mod:`jobsearch_analysis.simulate` (``make samples``) and committed under
``sample_data/``; a wheel carries them inside the package. ``sample_data/samples.json`` records, for each
sample, its file, the day it describes (its as-of date) and what it is.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from jobsearch_analysis.errors import LoadError

MANIFEST = "samples.json"


def sample_dir() -> Path:
    """The folder holding the sample files (inside the installed package, or the repository's sample_data)."""
    packaged = Path(str(resources.files("jobsearch_analysis"))) / "sample_data"
    if (packaged / MANIFEST).is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "sample_data"
    if (checkout / MANIFEST).is_file():
        return checkout
    raise LoadError("the sample data is missing from this installation; reinstall jobsearch_analysis")


@cache
def _manifest() -> dict[str, dict[str, str]]:
    return json.loads((sample_dir() / MANIFEST).read_text(encoding="utf-8"))


def _entry(name: str) -> dict[str, str]:
    manifest = _manifest()
    if name not in manifest:
        raise LoadError(f"no sample named {name!r}; the samples are: {', '.join(sorted(manifest))}")
    return manifest[name]


class _Samples:
    """``SAMPLES[name]`` -> the manifest entry (file, as_of, description); ``list(SAMPLES)`` -> the names."""

    def __getitem__(self, name: str) -> dict[str, str]:
        return dict(_entry(name))

    def __iter__(self):
        return iter(sorted(_manifest()))

    def __repr__(self) -> str:
        return f"SAMPLES({', '.join(self)})"


SAMPLES = _Samples()


def sample_path(name: str) -> Path:
    """The path of a bundled sample file.

    Parameters
    ----------
    name : str
        ``"personal_log"`` (one person's spreadsheet log, about 300 applications over six months, with a
        handful of broken rows), ``"cohort_applications"`` (the applications of about 200 clients, with a
        client_id column) or ``"cohort_clients"`` (one row per client).

    Raises
    ------
    LoadError
        For a name that is not a sample.
    """
    return sample_dir() / _entry(name)["file"]


def sample_as_of(name: str) -> str:
    """The day a sample describes (the day it was 'exported'), as an ISO date."""
    return _entry(name)["as_of"]


def load_sample(name: str = "personal_log", **kwargs):
    """Load a bundled sample application log with :func:`jobsearch_analysis.load`, at the sample's as-of date.

    Keyword arguments are passed on to ``load`` (``as_of`` overrides the sample's own date).

    Example
    -------
    >>> from jobsearch_analysis import load_sample
    >>> result = load_sample("personal_log")
    >>> result.summary.rejected > 0   # the sample has a handful of realistically broken rows
    True
    """
    from jobsearch_analysis.ingest.loading import load

    entry = _entry(name)
    if entry.get("kind") == "clients":
        raise LoadError(f"{name!r} is a table of clients, not applications; read it with sample_path({name!r})")
    kwargs.setdefault("as_of", entry["as_of"])
    return load(sample_path(name), **kwargs)
