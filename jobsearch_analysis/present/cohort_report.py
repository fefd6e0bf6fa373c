"""The cohort report: outcomes across a caseload as one self-contained HTML page, with identities protected.

The page is built from :mod:`jobsearch_analysis.analysis.cohort`'s functions (the same calls notebook 03 makes) and has
the safety of the personal report (escaping, a Content Security Policy, no request to any host). On top of it:

* nothing from a row's values is written: no client id, name or e-mail (the clients table's name and e-mail
  columns are never read into the analysis, and the triage list names clients by keyed pseudonym,
  :func:`jobsearch_analysis.privacy.pseudonymise`, stable for a given secret so a counsellor holding it can
  find the client again); files are counted, not named (in a per-client folder a file's name is the client);
  rows that could not be used are counted by reason, without their values;
* every figure about fewer than ``min_clients`` clients is hidden with whatever would give it away, curves are
  drawn from rounded counts, and the page says so where it happens.

>>> from jobsearch_analysis.ingest.clients import load_cohort
>>> from jobsearch_analysis import sample_path
>>> cohort = load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"),
...                      as_of="2026-11-02")
>>> page = build_cohort(cohort, secret="a secret of sixteen+ characters").html
>>> "C0001" in page
False
"""

from __future__ import annotations

import contextlib
import secrets as secrets_module

import numpy as np
import pandas as pd

from jobsearch_analysis.analysis import cohort
from jobsearch_analysis.ingest.clients import CohortAccount
from jobsearch_analysis.ingest.issues import issue_type
from jobsearch_analysis.notes import Note, NoteCode
from jobsearch_analysis.present import charts, page
from jobsearch_analysis.present import report as personal_report
from jobsearch_analysis.present import words as wording
from jobsearch_analysis.present.page import Chart, Progress, Report
from jobsearch_analysis.privacy import MIN_CELL, pseudonymise

HIDDEN = "hidden"
"""What a suppressed cell shows."""
NOT_YET = "not known yet"
"""What a figure shows when the clients have not been followed long enough for it."""
TOO_FEW = "too few for a curve"
"""What a share or a day shows for a group too small for a curve drawn from rounded counts."""


def _or_hidden(show):
    return lambda value: HIDDEN if pd.isna(value) else show(value)


def _days(value: object) -> str:
    return "" if pd.isna(value) or np.isinf(value) else f"{value:.0f}"


def _days_ci(low: object, high: object) -> str:
    if pd.isna(low):
        return ""
    return f"{low:.0f} to {'not reached yet' if pd.isna(high) or np.isinf(high) else f'{high:.0f}'}"


def _shown(values: pd.Series, show, missing: str) -> pd.Series:
    """Each value as ``show`` writes it, ``missing`` where there is none."""
    return pd.Series([missing if pd.isna(v) else show(v) for v in values], index=values.index, dtype=object)


def _intervals(low: pd.Series, high: pd.Series) -> pd.Series:
    """Intervals in words, "hidden" where the figures are."""
    return pd.Series(
        [HIDDEN if pd.isna(lo) else wording.interval(lo, hi) for lo, hi in zip(low, high, strict=True)], index=low.index
    )


def _clients(n: int, min_clients: int) -> str:
    """A number of clients in words, "fewer than k" below the smallest group a figure may describe."""
    return f"fewer than {min_clients} clients" if 0 < n < min_clients else wording.plural(n, "client", "clients")


def _about(data: CohortAccount, min_clients: int, *, as_of: bool = True) -> str:
    """Who the figures are about, in a line (for charts, with the as-of date; for the page's subtitle, which
    says it already, without)."""
    facts = data.facts
    first, last = facts.first_start, facts.last_start
    with_apps, both = facts.clients_with_applications, facts.clients_in_both
    begun = f"in {first:%B %Y}" if f"{first:%Y%m}" == f"{last:%Y%m}" else f"{first:%B %Y} to {last:%B %Y}"
    some = f"fewer than {min_clients}" if 0 < both < min_clients else f"{both:,}"
    overlap = "" if data.derived or both == with_apps else f" ({some} of them in the clients table)"
    text = (
        f"{_clients(facts.clients, min_clients)} in the clients table, {facts.applications:,} applications from "
        f"{_clients(with_apps, min_clients)}{overlap}; searches begun {begun}"
    )
    return text + (f", as of {data.as_of:%d %b %Y}" if as_of else "")


def _hidden_note(rows: int, total: int, min_clients: int) -> str:
    return (
        f'Figures about fewer than {min_clients} clients show as "{HIDDEN}" ({rows} of {total} '
        f"{'row' if total == 1 else 'rows'} above), with any figure that would give them away by subtraction, so "
        "that no client can be recognised."
    )


# ----------------------------------------------------------------------------------------------- notes
NOTE_WORDS: dict[NoteCode, str] = {
    NoteCode.GROUPS_NOT_SHOWN: "{groups_have} fewer than {min_clients} clients: not shown.",
    NoteCode.CASELOAD_NOT_SHOWN: "The caseload has fewer than {min_clients} clients: nothing about it is shown.",
    NoteCode.GROUPS_WITHOUT_CURVE: (
        "{groups_have} fewer than {fewest} clients: too few for a curve drawn from counts rounded to multiples of "
        "{rounding}, so no curve, share or median day is shown for {it_or_them}."
    ),
    NoteCode.CASELOAD_WITHOUT_CURVE: (
        "The caseload has fewer than {fewest} clients: too few for a curve drawn from counts rounded to multiples "
        "of {rounding}, so no curve, share or median day is shown for it."
    ),
    NoteCode.CURVES_START_LATE: (
        "Fewer than {min_clients} clients were followed from the first day of their search (most came to the "
        "service mid-search), so the figures start where enough were: they are for clients still searching then, "
        "and say nothing about earlier."
    ),
    NoteCode.NO_CLIENT_FROM_START: (
        "No client was followed from the first day of their search (all came to the service mid-search), so the "
        "figures are for clients still searching when the first of them came."
    ),
    NoteCode.CURVES_STOP: "Curves stop where fewer than {min_clients} clients are still followed.",
    NoteCode.COUNTS_ROUNDED: (
        "Curves and the shares read from them are computed week by week from counts rounded to the nearest "
        "{rounding} clients, so that no small group can be worked back out of them."
    ),
    NoteCode.CELLS_HIDDEN: (
        "Figures about fewer than {min_clients} clients are hidden ({rows} of {of_rows} {row_or_rows}), with any "
        "figure that would give them away by subtraction, so that no client can be recognised."
    ),
    NoteCode.EXIT_REASONS_HIDDEN: (
        "Exit reasons that fewer than {min_clients} clients of a group left for, or that would give such a number "
        "away, are not drawn."
    ),
}
"""Each kind of :class:`~jobsearch_analysis.notes.Note` in words: a template filled in by :func:`note_words`."""
CURVE_NOTES = frozenset(
    {NoteCode.CURVES_STOP, NoteCode.COUNTS_ROUNDED, NoteCode.CURVES_START_LATE, NoteCode.NO_CLIENT_FROM_START}
)
"""The notes about how the curves were drawn, which say nothing where no curve is."""
GROUP_NOTES = frozenset({NoteCode.GROUPS_NOT_SHOWN, NoteCode.GROUPS_WITHOUT_CURVE, NoteCode.COUNTS_ROUNDED})
"""The notes whose sentence speaks of groups: from a split by programme or counsellor team they are said with
"By programme: " before them (the rounding note too, which ends on "no small group", when the overall
figures have not said it already)."""
SAID_ABOVE_EXITS = frozenset(
    {NoteCode.COUNTS_ROUNDED, NoteCode.CURVES_START_LATE, NoteCode.EXIT_REASONS_HIDDEN, NoteCode.CURVES_STOP}
)
"""The notes the exits section leaves out: the employment section above it says how curves are rounded, cut
and started, and the section says for itself which exits are hidden. (The start note of exact figures,
NO_CLIENT_FROM_START, is said in both.)"""


def note_words(note: Note) -> str:
    """A note in words: its template in :data:`NOTE_WORDS` with its numbers, and the words that hang on them.

    >>> from jobsearch_analysis.notes import Note, NoteCode
    >>> note_words(Note(NoteCode.GROUPS_NOT_SHOWN, groups=1, min_clients=5))
    '1 group has fewer than 5 clients: not shown.'
    """
    numbers = note.as_dict()
    forms = {}
    if "groups" in numbers:
        forms["groups_have"] = f"{numbers['groups']} {'group has' if numbers['groups'] == 1 else 'groups have'}"
        forms["it_or_them"] = "it" if numbers["groups"] == 1 else "them"
    if "of_rows" in numbers:
        forms["row_or_rows"] = "row" if numbers["of_rows"] == 1 else "rows"
    return NOTE_WORDS[note.code].format(**numbers, **forms)


# ----------------------------------------------------------------------------------------------- in words
def _count_or_hidden(value: object) -> str:
    return HIDDEN if pd.isna(value) else wording.count(value)


def employment_in_words(summary: pd.Series) -> str:
    """The share who found work within 6 and 12 months and the median day, from one row of
    :func:`~jobsearch_analysis.analysis.cohort.time_to_employment`'s summary: the sentence the page and notebook
    03 show.

    >>> row = pd.Series({"employed": 40, "employed_by_182": 0.62, "employed_by_182_ci_low": 0.55,
    ...                  "employed_by_182_ci_high": 0.69, "employed_by_365": float("nan"), "median_days": 140.0,
    ...                  "median_ci_low": 112.0, "median_ci_high": 154.0, "from_day": 0})
    >>> import textwrap
    >>> print(textwrap.fill(employment_in_words(row), 100))
    62% of clients had found work within 6 months of starting their search (95% interval 55% to 69%).
    Half had found work by day 140 of their search (95% interval 112 to 154 days).
    """
    if pd.isna(summary["employed"]):
        return (
            "Too few clients have found work, or left, to show how long it took without pointing at them, so "
            "these figures are hidden."
        )
    if pd.isna(summary["employed_by_182"]):
        text = "The clients have not been followed for 6 months yet, so the share who found work within 6 months "
        text += "is not known yet."
    else:
        interval = wording.interval(summary["employed_by_182_ci_low"], summary["employed_by_182_ci_high"])
        share = wording.pct(summary["employed_by_182"])
        text = f"{share} of clients had found work within 6 months of starting their search"
        text += f" (95% interval {interval})" if interval else ""
        if pd.notna(summary["employed_by_365"]):
            text += f", and {wording.pct(summary['employed_by_365'])} within 12 months"
        text += "."
    if pd.notna(summary["median_days"]):
        ci = _days_ci(summary["median_ci_low"], summary["median_ci_high"])
        text += f" Half had found work by day {summary['median_days']:.0f} of their search"
        text += f" (95% interval {ci} days)." if ci else "."
    else:
        text += " Fewer than half have found work within the time followed, so the median time is not known yet."
    start = summary.get("from_day", 0)
    if pd.notna(start) and start > 0:
        text += (
            f" These are shares of the clients still searching {start:.0f} days into their search: too few were "
            "followed from its first day."
        )
    return text


def counts_in_words(summary: pd.Series) -> str:
    """How many clients found work, left otherwise or are still searching (one row of the summary); a hidden
    count is said to be hidden, not written as a number."""
    if pd.isna(summary["clients"]):
        return "The number of clients is hidden: fewer than would keep them from being recognised."
    parts = (
        ("employed", "have found work so far", "found work"),
        ("other_exits", "left for training or other reasons", "left for other reasons"),
        ("searching", "are still searching", "are still searching"),
    )
    shown = [f"{wording.count(summary[c])} {words}" for c, words, _ in parts if pd.notna(summary[c])]
    hidden = [short for c, _, short in parts if pd.isna(summary[c])]
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0] if shown else ""
    text = f"Of {wording.count(summary['clients'])} clients, " + listed
    if hidden:
        joined = " and how many ".join(hidden)
        text += (
            ("; how many " if shown else "how many ")
            + joined
            + " is hidden: too few to show without pointing at anyone"
        )
    return text + "."


def truncation_in_words(right: pd.Series, wrong: pd.Series) -> str:
    """What counting clients who came mid-search from day 0 would have said, against counting them from their
    intake (two rows of the summary: right, then wrong)."""
    if pd.isna(right["employed"]) or pd.isna(wrong["employed"]):
        return "Too few clients to compare the two ways of counting without pointing at them."
    parts = []
    for column, words in (("employed_by_91", "within 3 months"), ("employed_by_182", "within 6 months")):
        if pd.notna(right[column]) and pd.notna(wrong[column]):
            parts.append(f"{wording.pct(wrong[column])} instead of {wording.pct(right[column])} {words}")
    if not parts:
        return "The clients have not been followed long enough to compare the two ways of counting."
    return (
        "Counting the clients who came mid-search from the first day of their search would say "
        + " and ".join(parts)
        + ": it credits them with months in which nobody could have seen them find work."
    )


def exits_in_words(summary: pd.DataFrame) -> str:
    """How many had left within 6 and 12 months, and for what, from :func:`~jobsearch_analysis.analysis.cohort.
    exit_summary` (without segments)."""
    rows = summary.set_index(summary["exit"].astype(str))
    if rows.loc["any", "hidden"] or rows.loc["employed", "hidden"] or not rows.loc["any", "curve_shown"]:
        return "Too few clients have left, or are still searching, to say how they leave without pointing at them."
    sentences = []
    for horizon, words in ((182, "6 months"), (365, "12 months")):
        gone, work = rows.loc["any", f"within_{horizon}"], rows.loc["employed", f"within_{horizon}"]
        if pd.isna(gone) or pd.isna(work):
            continue
        sentences.append(
            f"Within {words} of starting their search, {wording.pct(gone)} of clients had left: "
            f"{wording.pct(work)} for work, {wording.pct(gone - work)} for training or other reasons."
        )
    return " ".join(sentences) or "The clients have not been followed long enough to say how they leave."


def shortcut_in_words(compared: pd.DataFrame, day: int = 365) -> str:
    """The competing-exits lesson in a sentence, from :func:`~jobsearch_analysis.analysis.cohort.exits_compared`."""
    reasons = compared.loc[compared["exit"] != "any"]
    gone = compared.loc[compared["exit"] == "any", "incidence"].iloc[0]
    if pd.isna(gone) or reasons["hidden"].any() or reasons["incidence"].isna().any():
        return "Some exits involve too few clients, or the follow-up is too short, to set the two side by side."
    return (
        f"By day {day}, {wording.pct(gone)} of clients had left for any reason. The shares of each reason add up to "
        f"{wording.pct(reasons['incidence'].sum())}; the shortcut's add up to "
        f"{wording.pct(reasons['one_minus_km'].sum())}, more than everyone who left."
    )


def rates_in_words(overall: pd.Series, by_channel: pd.DataFrame) -> list[str]:
    """The average client against the pooled rate, overall and by channel (:func:`~jobsearch_analysis.analysis.cohort.
    client_rates` without and with ``by="channel"``)."""
    if pd.isna(overall["clients"]) or overall["clients"] == 0:
        return ["Too few clients have applications old enough to judge to say how well they work."]
    if pd.isna(overall["client_mean"]):
        return ["The rates rest on the replies of too few clients to show without pointing at them."]
    lines = [
        f"Across all channels, the average client got a positive reply to {wording.pct(overall['client_mean'])} of "
        f"their applications old enough to judge (95% interval "
        f"{wording.interval(overall['client_mean_ci_low'], overall['client_mean_ci_high'])}); pooling all "
        f"{wording.count(overall['applications'])} of them gives {wording.pct(overall['pooled_rate'])}."
    ]
    if pd.notna(overall["top_tenth_share"]):
        lines.append(
            f"The tenth of clients who sent the most applications sent {wording.pct(overall['top_tenth_share'])} of "
            "them, so they weigh that much in the pooled rate."
        )
    shown = by_channel.loc[by_channel["client_mean"].notna()].sort_values("client_mean", ascending=False)
    for row in shown.itertuples():
        gap = (row.client_mean - row.pooled_rate) * 100
        lines.append(
            f"{wording.channel_words(row.channel).capitalize()}: {wording.pct(row.client_mean)} for the average "
            f"client against {wording.pct(row.pooled_rate)} pooled ({gap:+.1f} points)."
        )
    hidden = int(by_channel["client_mean"].isna().sum())
    if hidden:
        lines.append(f"{hidden} {'channel is' if hidden == 1 else 'channels are'} hidden: too few clients.")
    return lines


def funnel_in_words(funnel: pd.DataFrame) -> str:
    """How many clients reached each stage at least once (:func:`~jobsearch_analysis.analysis.cohort.client_funnel`)."""
    if funnel.empty or pd.isna(funnel["clients"].iloc[0]):
        return "Too few clients with recorded outcomes to show how far they get."
    words = {"screen": "a screen", "interview": "an interview", "offer": "an offer", "hired": "a job"}
    parts = [f"{wording.pct(row.share_of_clients)} {words[str(row.stage)]}" for row in funnel.itertuples()
             if pd.notna(row.share_of_clients)]  # fmt: skip
    hidden = [words[str(row.stage)] for row in funnel.itertuples() if pd.isna(row.share_of_clients)]
    text = f"Of the {wording.count(funnel['clients'].iloc[0])} clients with recorded outcomes, at least once: "
    text += ", ".join(parts) if parts else "nothing can be shown"
    if hidden:
        text += f" (hidden, too few clients: {', '.join(hidden)})"
    return text + "."


FIRST_ACTIONS = {
    "replies": "Rework the resume and cover letter, and aim at roles closer to the client's experience",
    "invitations": "Check the postings' must-haves; lead the resume with the experience these roles ask for",
    "interviews": "Work on the screening pitch and answers on salary and availability",
    "offers": "Practise interviews (mock interviews, STAR examples) and ask employers for feedback",
}
"""The first thing to change, by the funnel step that leaks most (the full advice is in
:func:`jobsearch_analysis.recommend`)."""
STRENGTH = ((100.0, "decisive"), (30.0, "very strong"), (10.0, "strong"), (3.0, "moderate"), (0.0, "weak"))
"""Words for a likelihood ratio, after Jeffreys' scale of evidence (Kass and Raftery 1995): the pivot rule needs
about 27 (log 27 is its boundary), so a pivot is at least "strong"."""
REVIEW = "Review the search before the milestone: broaden the roles, use support services, consider contract work"


def evidence_strength(ratio: pd.Series) -> pd.Series:
    """A likelihood ratio in words ("strong", "very strong", "decisive"; "" where missing), vectorised."""
    values = ratio.astype(float)
    text = pd.Series("", index=ratio.index, dtype="str")
    for floor, word in reversed(STRENGTH):
        text = text.mask(values >= floor, word)
    return text


def triage_in_words(listed: pd.DataFrame, *, kind: str = "positive") -> pd.DataFrame:
    """:func:`~jobsearch_analysis.analysis.cohort.triage`'s list with its words: ``milestone`` ("6 months in 12
    days", "past 9 months"), ``strategy`` (what is not working), ``strength`` (the evidence in words),
    ``reason`` (the numbers in words) and ``first_action``."""
    out = listed.copy()
    months = {182: "6 months", 273: "9 months"}
    past = out["past_milestone"].astype("Int64").map(months, na_action="ignore")
    soon_mark = out["search_days"] + out["days_to_milestone"].astype("Int64")
    soon = soon_mark.map(months, na_action="ignore") + " in " + out["days_to_milestone"].astype("str") + " days"
    out["milestone"] = soon.fillna(("past " + past).fillna("")).astype("str")
    pivot_rows = out["verdict"] == "pivot"
    channel = out["channel"].where(out["channel"].notna())
    channel_words = channel.map(wording.channel_words, na_action="ignore")
    strategy = ("applications through " + channel_words.astype("str")).where(channel.notna(), "applications overall")
    out["strategy"] = strategy.where(pivot_rows, "")
    out["strength"] = evidence_strength(out["evidence"])
    replies = "positive replies" if kind == "positive" else "replies"
    counts = (
        wording.counts(out["responses"]) + f" {replies} from "
        + wording.counts(out["matured"]) + " applications old enough to judge ("
        + wording.pcts(out["rate"].astype(float)) + " against a target of "
        + wording.pcts(out["target"].astype(float)) + "); " + wording.a_chances(out["prob_below_target"].astype(float))
        + " chance the true rate is below the target"
    )  # fmt: skip
    search = "Searching for " + (out["search_days"] // 7).astype("Int64").astype("str") + " weeks"
    out["reason"] = (out["strategy"].str.capitalize() + ": " + counts + ".").where(
        pivot_rows, search + "; " + out["milestone"] + "."
    )
    action = out["weakest_stage"].map(FIRST_ACTIONS).fillna("")
    moved = action + "; move effort from " + channel_words.astype("str") + " to channels that work"
    action = action.where(~(pivot_rows & channel.notna()), moved)
    out["first_action"] = action.where(pivot_rows, REVIEW)
    return out


# ----------------------------------------------------------------------------------------------- sections
def _loading(data: CohortAccount, min_clients: int) -> dict:
    read = data.read
    # Rows counted by the kind of problem, in words without any row's detail; no value that broke a rule is shown.
    reasons = [{"reason": wording.for_people(issue_type(code).render()), "rows": n} for code, n in read.reasons]
    clients = None
    if read.clients is not None:
        loaded = read.clients
        few = 0 < loaded.clients < min_clients
        clients = {
            "rows": f"fewer than {min_clients}" if few else f"{loaded.rows:,}",
            "clients": f"fewer than {min_clients}" if few else f"{loaded.clients:,}",
            "rejected": loaded.rejected,
            "skipped": loaded.skipped,
            "columns": [f"{h} → {wording.column_words(r)}" for h, r in loaded.columns.items()],
            "private": list(loaded.private),
            "notes": list(loaded.notes),
            "errors": page.table(
                loaded.errors,
                {
                    "source_row": ("row", wording.count),
                    "column": ("column", str),
                    "reason": ("why it was not used", str),
                },
            ),
        }
    return {
        "files": read.files,
        "rows": read.rows,
        "applications": read.applications,
        "rejected": read.rejected,
        "skipped": read.skipped,
        "folded": read.folded,
        "merged": read.merged,
        "reasons": reasons,
        "unusable": read.unusable,
        "clients": clients,
        "notes": [note for note in (data.unmatched_note(min_clients=min_clients), *data.notes) if note],
        "derived": data.derived,
        "small": 0 < data.facts.clients < min_clients,
    }


def _employment_cells(table: pd.DataFrame) -> pd.DataFrame:
    """The employment summary's figures as the page shows them: "hidden" where the count behind them is, "too
    few for a curve" for a group too small for one, "not known yet" where the clients have not been followed
    that long."""
    hidden = table["employed"].isna()
    no_curve = ~table["curve_shown"].fillna(False).astype(bool) & ~hidden

    def share(column: str) -> pd.Series:
        return _shown(table[column], wording.pct, NOT_YET).mask(no_curve, TOO_FEW).mask(hidden, HIDDEN)

    median = _shown(table["median_days"], _days, "not reached yet")
    interval = pd.Series(
        [_days_ci(lo, hi) for lo, hi in zip(table["median_ci_low"], table["median_ci_high"], strict=True)],
        index=table.index,
    )
    return table.assign(
        median_text=median.mask(no_curve, TOO_FEW).mask(hidden, HIDDEN),
        median_ci_text=interval.mask(no_curve, "").mask(hidden, HIDDEN),
        by_6=share("employed_by_182"),
        by_12=share("employed_by_365"),
    )


def _employment(data: CohortAccount, min_clients: int, about: str) -> tuple[dict, list[Chart], dict]:
    overall = cohort.time_to_employment(data.clients, min_clients=min_clients)
    start = overall.summary["from_day"].iloc[0] if len(overall.summary) else 0
    start = float(start) if pd.notna(start) else 0.0
    shown = []
    if len(overall.curve):
        shown.append(Chart("employment", charts.employment_curves(overall.curve, about=about, start=start)))
    notes, said = _overall_notes(overall)
    frames = {"time_to_employment": overall.summary, "employment_curve": overall.curve}
    summaries = [overall.summary.assign(group="all clients")]
    for column, words in (("program", "programme"), ("counsellor", "counsellor team")):
        if data.facts.segment_values.get(column, 0) < 2:
            continue
        split = cohort.time_to_employment(data.clients, by=column, min_clients=min_clients)
        summaries.append(
            split.summary.assign(group=words + ": " + split.summary[column].fillna("not given").astype("str"))
        )
        notes += _split_notes(split, words, said)
        frames[f"time_to_employment_by_{column}"] = split.summary
        if column == "program" and split.curve[column].drop_duplicates().size > 1:
            starts = split.summary.set_index(column)["from_day"].fillna(0).to_dict()
            figure = charts.employment_curves(
                split.curve, by=column, about=about, title="Time to employment by programme", start=starts
            )
            shown.append(Chart("employment_by_program", figure))
    table = _employment_cells(pd.concat(summaries, ignore_index=True))
    counts = ["clients", "employed", "other_exits", "searching"]
    found: dict = {
        "table": page.table(
            table,
            {
                "group": ("group", str),
                "clients": ("clients", _or_hidden(wording.count)),
                "employed": ("found work", _or_hidden(wording.count)),
                "other_exits": ("left for other reasons", _or_hidden(wording.count)),
                "searching": ("still searching", _or_hidden(wording.count)),
                "median_text": ("median days to work", str),
                "median_ci_text": ("95% interval (days)", str),
                "by_6": ("found work within 6 months", str),
                "by_12": ("within 12 months", str),
            },
        )
    }
    hidden_rows = int(table[counts].isna().any(axis=1).sum())
    if hidden_rows:
        notes.append(_hidden_note(hidden_rows, len(table), min_clients))
    summary = overall.summary.iloc[0]
    found["notes"] = notes
    found["brief"] = employment_in_words(summary)
    found["counts"] = counts_in_words(summary)
    found["overall"] = _overall_figures(table.iloc[0], summary, start)
    return found, shown, frames


def _overall_notes(overall: cohort.TimeToEmployment) -> tuple[list[str], set[Note]]:
    """The notes on the overall figures, in words, and the notes they say. The hidden cells are said under the
    table in the page's own words; the notes on how curves are drawn only where a curve is."""
    drawn = bool(len(overall.curve))
    said = [n for n in overall.notes if n.code is not NoteCode.CELLS_HIDDEN and (drawn or n.code not in CURVE_NOTES)]
    notes = [note_words(n) for n in said]
    if not drawn:
        notes.insert(0, "No curve is drawn: there are too few clients, or too few who found work, to draw one "
                        "without pointing at someone.")  # fmt: skip
    return notes, set(said)


def _split_notes(split: cohort.TimeToEmployment, words: str, said: set[Note]) -> list[str]:
    """The notes on a split by programme or counsellor team (``words``) that the page has not said yet, in
    words; a note about groups says which split it is about ("By programme: 1 group has ..."). Adds the notes
    said as they are to ``said``."""
    out = []
    for note in split.notes:
        if note.code is NoteCode.CELLS_HIDDEN or note in said:
            continue
        text = note_words(note)
        if note.code in GROUP_NOTES:
            out.append(f"By {words}: {text[0].lower()}{text[1:]}")
        else:
            said.add(note)
            out.append(text)
    return out


def _overall_figures(row: pd.Series, summary: pd.Series, start: float) -> dict:
    """The overall row of the employment table as the page's headline shows it (``row``: as the table says it;
    ``summary``: the numbers)."""
    return {
        "clients": wording.count(row["clients"]) if pd.notna(row["clients"]) else HIDDEN,
        "employed": wording.count(row["employed"]) if pd.notna(row["employed"]) else HIDDEN,
        "other_exits": wording.count(row["other_exits"]) if pd.notna(row["other_exits"]) else HIDDEN,
        "searching": wording.count(row["searching"]) if pd.notna(row["searching"]) else HIDDEN,
        "hidden": pd.isna(row["employed"]),
        "median": _days(summary["median_days"]),
        "median_ci": _days_ci(summary["median_ci_low"], summary["median_ci_high"]),
        "by_6": row["by_6"],
        "by_6_known": pd.notna(summary["employed_by_182"]),
        "by_6_ci": wording.interval(summary["employed_by_182_ci_low"], summary["employed_by_182_ci_high"]),
        "by_12": row["by_12"] if pd.notna(summary["employed_by_365"]) else "",
        "joined_late": wording.count(summary["joined_late"]) if pd.notna(summary["joined_late"]) else "",
        "from_day": int(start),
    }


def _exits(data: CohortAccount, min_clients: int, about: str) -> tuple[dict, list[Chart], dict]:
    curves = cohort.exit_curves(data.clients, min_clients=min_clients)
    incidence = curves.incidence
    summary = cohort.exit_summary(data.clients, min_clients=min_clients)
    if summary.empty:
        return {"table": None, "notes": []}, [], {}
    drawn = incidence.groupby("exit_reason", observed=True)["incidence"].max() if len(incidence) else pd.Series()
    incidence = incidence.loc[incidence["exit_reason"].isin(drawn.index[drawn > 0])]
    words = {**charts.EXIT_WORDS, "employed": "any work (the three above)", "any": "left for any reason"}

    no_curve = ~summary["curve_shown"].astype(bool)

    def cell(column: str) -> pd.Series:
        return _shown(summary[column], wording.pct, NOT_YET).mask(no_curve, TOO_FEW).mask(summary["hidden"], HIDDEN)

    def interval(stem: str) -> pd.Series:
        text = [
            wording.interval(lo, hi)
            for lo, hi in zip(summary[f"{stem}_ci_low"], summary[f"{stem}_ci_high"], strict=True)
        ]
        return pd.Series(text, index=summary.index).mask(summary["hidden"], HIDDEN)

    frame = pd.DataFrame(
        {
            "exit": summary["exit"].astype(str).map(words),
            "by_6": cell("within_182"),
            "by_6_ci": interval("within_182"),
            "by_12": cell("within_365"),
            "by_12_ci": interval("within_365"),
        }
    )
    table = page.table(
        frame,
        {
            "exit": ("exit", str),
            "by_6": ("within 6 months", str),
            "by_6_ci": ("95% interval", str),
            "by_12": ("within 12 months", str),
            "by_12_ci": ("95% interval", str),
        },
    )
    said = [n for n in curves.notes if n.code not in SAID_ABOVE_EXITS and (len(incidence) or n.code not in CURVE_NOTES)]
    notes = [note_words(n) for n in said]
    if summary["hidden"].any():
        notes.append(f'An exit that fewer than {min_clients} clients took shows as "{HIDDEN}" and is not drawn.')
    if incidence.empty:
        notes.insert(0, "No curve is drawn: there are too few clients to draw one without pointing at someone.")
        return {"table": table, "notes": notes}, [], {"exit_summary": summary}
    chart = Chart("exits", charts.exit_incidence_chart(incidence, about=about))
    return {"table": table, "notes": notes}, [chart], {"exit_incidence": incidence, "exit_summary": summary}


def _counted_once(apps) -> contextlib.AbstractContextManager:
    if isinstance(apps, pd.DataFrame):
        return contextlib.nullcontext()
    from jobsearch_analysis.analysis import engine

    return engine.remembered()


def _strategies(data: CohortAccount, min_clients: int, about: str) -> tuple[dict, list[Chart], dict]:
    with _counted_once(data.applications):  # on an engine, both need the reply window of the same applications
        rates = cohort.client_rates(data.applications, by="channel", as_of=data.as_of, min_clients=min_clients)
        overall = cohort.client_rates(data.applications, as_of=data.as_of, min_clients=min_clients)
    found = {
        "table": _rates_table(rates),
        "window": int(rates["window_days"].iloc[0]) if len(rates) else 0,
        "best": _best_and_worst(rates),
        "overall": _overall_rates(overall),
    }
    funnel = cohort.client_funnel(data.applications, min_clients=min_clients)
    found["funnel"] = page.table(
        funnel.assign(interval=_intervals(funnel["ci_low"], funnel["ci_high"])),
        {
            "stage": ("stage reached at least once", str),
            "clients": ("clients", _or_hidden(wording.count)),
            "reached": ("got there", _or_hidden(wording.count)),
            "share_of_clients": ("share of clients", _or_hidden(wording.pct)),
            "interval": ("95% interval", str),
            "pooled_share": ("share of all applications", _or_hidden(wording.pct)),
        },
    )
    found["funnel_clients"] = wording.count(funnel["clients"].iloc[0]) if len(funnel) else "0"
    named = rates.assign(channel=rates["channel"].map(wording.channel_words))
    figures = []
    if rates["client_mean"].notna().any():
        figures.append(Chart("strategies", charts.client_rates_chart(named, "channel", about=about)))
    if funnel["share_of_clients"].notna().any():
        figures.append(Chart("client_funnel", charts.client_funnel_chart(funnel, about=about)))
    found["notes"] = _strategy_notes(data, rates, min_clients)
    hidden_stages = int(funnel["suppressed"].sum())
    found["funnel_notes"] = [_hidden_note(hidden_stages, len(funnel), min_clients)] if hidden_stages else []
    return found, figures, {"client_rates_by_channel": rates, "client_funnel": funnel}


def _rates_table(rates: pd.DataFrame) -> page.Table:
    """The rates by channel as the page's table, the best average client first."""
    ordered = rates.sort_values("client_mean", ascending=False, na_position="last").reset_index(drop=True)
    ordered = ordered.assign(
        mean_ci=_intervals(ordered["client_mean_ci_low"], ordered["client_mean_ci_high"]),
        middle=_intervals(ordered["client_q25"], ordered["client_q75"]),
        pooled_ci=_intervals(ordered["pooled_ci_low"], ordered["pooled_ci_high"]),
    )
    return page.table(
        ordered,
        {
            "channel": ("channel", lambda v: wording.channel_words(v)),
            "clients": ("clients", _or_hidden(wording.count)),
            "applications": ("applications old enough to judge", _or_hidden(wording.count)),
            "client_mean": ("average client", _or_hidden(wording.pct)),
            "mean_ci": ("95% interval", str),
            "middle": ("middle half of clients", str),
            "pooled_rate": ("all applications pooled", _or_hidden(wording.pct)),
            "pooled_ci": ("95% interval", str),
            "top_tenth_share": ("sent by the busiest tenth", _or_hidden(wording.pct)),
        },
    )


def _best_and_worst(rates: pd.DataFrame) -> dict | None:
    """The channels with the best and the worst average client, when at least two are shown."""
    shown = rates.loc[rates["client_mean"].notna()].sort_values("client_mean", ascending=False)
    if len(shown) < 2:
        return None
    best, worst = shown.iloc[0], shown.iloc[-1]
    return {
        "channel": wording.channel_words(best["channel"]),
        "rate": wording.pct(best["client_mean"]),
        "worst": wording.channel_words(worst["channel"]),
        "worst_rate": wording.pct(worst["client_mean"]),
    }


def _overall_rates(overall: pd.DataFrame) -> dict | None:
    """The average client's rate against the pooled one over all channels (None where it is hidden)."""
    if not len(overall) or pd.isna(overall["client_mean"].iloc[0]):
        return None
    row = overall.iloc[0]
    return {
        "mean": wording.pct(row["client_mean"]),
        "pooled": wording.pct(row["pooled_rate"]),
        "top": wording.pct(row["top_tenth_share"]) if pd.notna(row["top_tenth_share"]) else None,
    }


def _strategy_notes(data: CohortAccount, rates: pd.DataFrame, min_clients: int) -> list[str]:
    """What the strategies section hides, and which applications it leaves out."""
    notes = []
    hidden_rates = int(rates[["clients", "client_mean", "client_q25", "top_tenth_share"]].isna().any(axis=1).sum())
    if hidden_rates:
        notes.append(
            f'Figures show as "{HIDDEN}" ({hidden_rates} of {len(rates)} {"row" if len(rates) == 1 else "rows"} '
            f"above) where they would describe fewer than {min_clients} clients: a channel with fewer clients, "
            f"rates that rest on the replies of fewer than {min_clients} clients, quartiles of fewer than "
            f"{4 * min_clients} clients, a busiest tenth of fewer than {min_clients}."
        )
    silent = data.facts.silent_clients
    if silent:
        notes.append(
            f"{_clients(silent, min_clients).capitalize()} sent applications whose logs record no replies (a "
            "LinkedIn export, say): those applications are left out here and in the pivot conversations, as "
            "nothing says how they went."
        )
    return notes


TRIAGE_SHARED = ["rank", "client_id", "weeks_searching", "milestone", "strategy", "verdict", "strength", "evidence",
                 "reason", "first_action", "days_since_contact"]  # fmt: skip
"""The columns of the triage list written beside the page (the library's ``triage`` has more, for the team)."""


def _triage(data: CohortAccount, secret: str | bytes, generated: bool) -> tuple[dict, dict]:
    found = cohort.triage_list(data.applications, None if data.derived else data.clients, as_of=data.as_of)
    listed = triage_in_words(pseudonymise(found.table, secret, columns=["client_id"]))
    table = page.table(
        listed.assign(weeks=listed["search_days"] // 7),
        {
            "rank": ("#", wording.count),
            "client_id": ("client (pseudonym)", str),
            "weeks": ("weeks searching", wording.count),
            "milestone": ("milestone", str),
            "strength": ("evidence", str),
            "reason": ("why now", str),
            "first_action": ("first thing to change", str),
            "days_since_contact": ("days since last contact", wording.count),
        },
        whole=("client_id",),
        limit=personal_report.MAX_LISTED,  # the strongest cases; the table beside the page has them all
    )
    pivots = int((listed["verdict"] == "pivot").sum())
    # What the page shows, and no more: weeks rather than days of search, no date of the last contact.
    shared = listed.assign(weeks_searching=listed["search_days"] // 7)[TRIAGE_SHARED]
    return (
        {"table": table, "pivots": pivots, "milestones": len(listed) - pivots, "generated": generated,
         "window": found.window_days},
        {"triage": shared},
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------- building
def build_cohort(
    data: CohortAccount,
    *,
    secret: str | bytes | None = None,
    min_clients: int = MIN_CELL,
    include_triage: bool = True,
    title: str = "Cohort outcomes",
    progress: Progress | None = None,
) -> Report:
    """Analyse a caseload and lay the results out as one HTML page with no client identity in it.

    Parameters
    ----------
    data : Cohort or TableCohort
        What :func:`jobsearch_analysis.ingest.clients.load_cohort` returned, or a caseload whose tables live in
        an engine (:func:`jobsearch_analysis.analysis.engine_cohort.open_cohort`).
    secret : str or bytes, optional
        The key for the triage list's pseudonyms (at least 16 characters). The same secret gives the same
        pseudonyms in every report; without one, a random key is used and the page says the pseudonyms change
        from run to run.
    min_clients : int
        Figures about fewer clients are hidden (:data:`~jobsearch_analysis.privacy.MIN_CELL`, 5, by default).
    include_triage : bool
        Leave the list of clients to talk to out (for a report shared beyond the counselling team).
    """
    step = progress or (lambda _name: None)
    if min_clients < 1:
        raise ValueError(f"min_clients={min_clients!r}: give a number of clients, 5 or more for sharing")
    generated = secret is None
    key = secrets_module.token_urlsafe(32) if generated else secret
    about = _about(data, min_clients)
    context: dict = {"title": title, "as_of": wording.day(data.as_of), "about": _about(data, min_clients, as_of=False),
                     "min_clients": min_clients}  # fmt: skip
    shown: list[Chart] = []
    tables: dict[str, pd.DataFrame] = {}
    step("what was loaded")
    context["loading"] = _loading(data, min_clients)
    step("time to employment")
    context["employment"], figures, frames = _employment(data, min_clients, about)
    shown, tables = shown + figures, tables | frames
    step("exits")
    context["exits"], figures, frames = _exits(data, min_clients, about)
    shown, tables = shown + figures, tables | frames
    step("strategies across clients")
    context["strategies"], figures, frames = _strategies(data, min_clients, about)
    shown, tables = shown + figures, tables | frames
    context["triage"] = None
    if include_triage:
        step("triage")
        context["triage"], frames = _triage(data, key, generated)
        tables |= frames
    step("writing the page")
    return Report(page.render(context, shown, "cohort.html.j2"), tuple(shown), tables)


__all__ = [
    "HIDDEN",
    "NOT_YET",
    "build_cohort",
    "counts_in_words",
    "employment_in_words",
    "exits_in_words",
    "funnel_in_words",
    "rates_in_words",
    "shortcut_in_words",
    "triage_in_words",
    "truncation_in_words",
]
