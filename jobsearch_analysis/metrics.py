"""Measures computed from the canonical applications table: pure functions, DataFrame in, tidy DataFrame out."""

from __future__ import annotations

import pandas as pd

from jobsearch_analysis.schema import Applications as A


def replied(apps: pd.DataFrame) -> pd.Series:
    """True where the application got a reply of any kind (a rejection included), dated or not."""
    return (
        apps[A.first_response_on].notna()
        | (apps[A.furthest_stage] > "applied").fillna(False).astype(bool)
        | apps[A.outcome].isin(["rejected", "declined", "hired"])
    )


def headline(apps: pd.DataFrame, *, as_of: object = None) -> pd.DataFrame:
    """The log's headline counts, as plain numbers with no estimate behind them.

    Parameters
    ----------
    apps : DataFrame
        The canonical applications table (``load(...).applications``).
    as_of : date-like, optional
        The day the log describes; defaults to ``apps.attrs["as_of"]``, else today.

    Returns
    -------
    DataFrame
        One row per measure, columns:

        - ``measure``: a short name (``applications``, ``outcome_unknown``, ``any_reply``, ``positive_reply``,
          ``interview``, ``offer``, ``hired``, ``rejected``, ``no_reply_marked``, ``still_open``, ``recent_open``,
          ``weeks``, ``per_week``)
        - ``label``: the measure in words
        - ``value``: the count (or weeks, or applications per week)
        - ``share``: ``value`` as a share of the applications whose outcome is recorded (for replies and
          stages) or of all applications (for ``outcome_unknown``); NaN where no share makes sense or nothing
          is recorded. Applications from a source that records no outcome (LinkedIn's archive) are never
          counted as unanswered. These are shares of everything sent so far: recent applications may still
          get replies, so they understate the final rates.

    Example
    -------
    >>> from jobsearch_analysis import load_sample
    >>> from jobsearch_analysis.metrics import headline
    >>> int(headline(load_sample().applications).set_index("measure").loc["applications", "value"]) > 250
    True
    """
    as_of_day = pd.Timestamp(as_of if as_of is not None else apps.attrs.get("as_of", pd.Timestamp.today()))
    as_of_day = as_of_day.normalize()
    n = len(apps)
    recorded = apps[A.outcome_recorded].astype(bool)
    n_recorded = int(recorded.sum())
    stage = apps[A.furthest_stage]
    outcome = apps[A.outcome]
    any_reply = replied(apps) & recorded
    open_ = recorded & (outcome == "open") & ~any_reply
    recent = open_ & ((as_of_day - apps[A.applied_on]).dt.days < 30)
    first, last = apps[A.applied_on].min(), apps[A.applied_on].max()
    weeks = ((last - first).days + 1) / 7 if n else 0.0
    # (measure, label, value, denominator of the share: "all", "recorded" or None)
    rows = [
        ("applications", "applications sent", n, None),
        ("outcome_unknown", "from a source that records no outcome (LinkedIn)", n - n_recorded, "all"),
        ("any_reply", "got a reply of any kind (a rejection counts)", int(any_reply.sum()), "recorded"),
        ("positive_reply", "got a screen or better", int(((stage >= "screen") & recorded).sum()), "recorded"),
        ("interview", "reached an interview", int(((stage >= "interview") & recorded).sum()), "recorded"),
        ("offer", "reached an offer", int(((stage >= "offer") & recorded).sum()), "recorded"),
        ("hired", "accepted an offer", int(((outcome == "hired") & recorded).sum()), "recorded"),
        ("rejected", "rejected", int(((outcome == "rejected") & recorded).sum()), "recorded"),
        ("no_reply_marked", "marked as no reply / ghosted", int(((outcome == "ghosted") & recorded).sum()), "recorded"),
        ("still_open", "no reply yet and not marked", int(open_.sum()), "recorded"),
        ("recent_open", "of those, sent in the last 30 days", int(recent.sum()), "recorded"),
        ("weeks", "weeks from first to last application", weeks, None),
        ("per_week", "applications per week", n / weeks if weeks else float("nan"), None),
    ]
    frame = pd.DataFrame(rows, columns=["measure", "label", "value", "base"])
    denominator = frame["base"].map({"all": n, "recorded": n_recorded}).astype(float)
    share = (frame["value"].astype(float) / denominator.where(denominator > 0)).where(frame["base"].notna())
    return frame.assign(value=frame["value"].astype(float), share=share).drop(columns="base")
