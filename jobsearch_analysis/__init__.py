"""jobsearch_analysis: honest numbers and clear "when to pivot" advice from job-search logs.

Start with ``load`` (your own files) or ``load_sample`` (the bundled sample log)::

    from jobsearch_analysis import load_sample
    result = load_sample("personal_log")
    print(result.summary)            # what was read, what was rejected and why
    result.applications.head()       # one validated row per application
"""

from jobsearch_analysis.analysis.metrics import (
    activity,
    compare,
    feedback,
    funnel,
    ghosting,
    headline,
    reply_window,
    response_rates,
    sankey_flows,
    time_to_outcome,
    time_to_response,
    to_sankeymatic,
    trend,
)
from jobsearch_analysis.errors import LoadError
from jobsearch_analysis.ingest.limits import Limits
from jobsearch_analysis.ingest.loading import LoadResult, LoadSummary, load
from jobsearch_analysis.present.advice import recommend
from jobsearch_analysis.samples import SAMPLES, load_sample, sample_path

__version__ = "0.1.0"

__all__ = [
    "SAMPLES",
    "Limits",
    "LoadError",
    "LoadResult",
    "LoadSummary",
    "activity",
    "compare",
    "feedback",
    "funnel",
    "ghosting",
    "headline",
    "load",
    "load_sample",
    "recommend",
    "reply_window",
    "response_rates",
    "sample_path",
    "sankey_flows",
    "time_to_outcome",
    "time_to_response",
    "to_sankeymatic",
    "trend",
]
