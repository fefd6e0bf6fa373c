"""What a log can tell: which measures its columns support.

Most people keep a status column and little else. Such a log says who replied but not when, so "how soon
replies come" cannot be measured from it; a log without a source column cannot compare channels. Every page,
printout and notebook cell asks :func:`what_it_can_tell` before it shows a measure, and where the log cannot
tell, shows the sentence :func:`jobsearch_analysis.present.words.cannot_tell` gives (what cannot be measured
and how to fix the log) instead of a number the data cannot support.

>>> from jobsearch_analysis import load_sample
>>> sample = load_sample("sparse_log")
>>> can = what_it_can_tell(sample.applications, as_of=sample.as_of)
>>> bool(can.loc["outcomes", "supported"]), bool(can.loc["reply_dates", "supported"])
(True, False)
"""

from __future__ import annotations

import pandas as pd

from jobsearch_analysis.analysis import metrics
from jobsearch_analysis.schema import Applications as A

KNOWN_SHARE = 0.5
"""A column supports comparisons when at least this share of the applications have a value in it."""

CAPABILITIES = ("outcomes", "matured", "reply_dates", "stage_dates", "channel", "role_family", "resume_version")
"""What a log may or may not be able to tell, in the order a report uses them."""


def what_it_can_tell(apps: pd.DataFrame, *, as_of: object = None) -> pd.DataFrame:
    """Which measures the log supports.

    Returns
    -------
    DataFrame
        Indexed by capability (:data:`CAPABILITIES`), with ``supported`` (bool), ``count`` (the applications,
        dated replies or values it rests on), ``replies`` (for reply and stage dates: the replies or invitations
        there are, dated or not) and ``first_mature`` (the day the first application is old enough to judge).
        ``outcomes``: some outcome is recorded; ``matured``: some application with a recorded outcome is old
        enough to judge (:data:`~jobsearch_analysis.analysis.metrics.DEFAULT_WINDOW_DAYS`); ``reply_dates``: at
        least :data:`~jobsearch_analysis.analysis.metrics.MIN_REPLIES_FOR_WINDOW` replies are dated, and more than
        half of them; ``stage_dates``: more than half of the screens or better are dated; ``channel`` and
        ``role_family``: at least :data:`KNOWN_SHARE` of the applications say it (role families: two or more);
        ``resume_version``: two or more versions.
    """
    day = metrics.as_of_day(apps, as_of)
    # A table made by hand may lack the columns a loaded log always has: they count as empty.
    blank = {A.channel: "unknown", A.role_family: None, A.resume_version: None}
    apps = apps.assign(**{c: v for c, v in blank.items() if c not in apps.columns})
    recorded = apps[A.outcome_recorded].astype(bool)
    replied = metrics.replied(apps) & recorded
    dated = replied & apps[A.first_response_on].notna()
    positive = metrics.positive(apps) & recorded
    positive_dated = positive & metrics.positive_on(apps).notna()
    window = metrics.DEFAULT_WINDOW_DAYS
    matured = recorded & ((day - apps[A.applied_on]).dt.days >= window)
    n = len(apps)
    first_mature = apps[A.applied_on].min() + pd.Timedelta(days=window) if n else pd.NaT
    known_channel = int((apps[A.channel] != "unknown").sum())
    roles = apps[A.role_family]
    rows = [
        ("outcomes", bool(recorded.any()), int(recorded.sum()), 0),
        ("matured", bool(matured.any()), int(matured.sum()), 0),
        ("reply_dates", bool(dated.sum() >= metrics.MIN_REPLIES_FOR_WINDOW and dated.sum() * 2 > replied.sum()),
         int(dated.sum()), int(replied.sum())),
        ("stage_dates", bool(positive_dated.any() and positive_dated.sum() * 2 > positive.sum()),
         int(positive_dated.sum()), int(positive.sum())),
        ("channel", bool(n and known_channel >= KNOWN_SHARE * n), known_channel, 0),
        ("role_family", bool(roles.notna().sum() >= KNOWN_SHARE * n and roles.nunique() >= 2), int(roles.notna().sum()),
         0),
        ("resume_version", bool(apps[A.resume_version].nunique() >= 2), int(apps[A.resume_version].nunique()), 0),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["capability", "supported", "count", "replies"])
    return frame.assign(first_mature=first_mature).set_index("capability")


__all__ = ["CAPABILITIES", "KNOWN_SHARE", "what_it_can_tell"]
