"""Numbers and codes in words: one percent, one plural, one name for each channel, used by every page,
printout and notebook sentence.

>>> pct(0.0642), pct(0.27), pct(float("nan"))
('6.4%', '27%', 'n/a')
>>> chance(0.995), chance(0.004), chance(0.5)
('>99%', '<1%', '50%')
>>> plural(1, "interview", "interviews"), plural(3, "interview", "interviews")
('1 interview', '3 interviews')
>>> channel_words("job_board"), channel_phrase("referral")
('job boards', 'through referrals')
>>> column_words("applied_on"), column_words("role_family"), label("channel", "company_site")
('date applied', 'kind of role', 'Company career sites')
>>> dimension_words("channel × role_family")
'channel and kind of role'
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from jobsearch_analysis.privacy import SECRET_VARIABLE
from jobsearch_analysis.schema import COLUMN_WORDS

CHANNEL_WORDS = {
    "job_board": "job boards",
    "company_site": "company career sites",
    "referral": "referrals",
    "recruiter": "recruiters",
    "networking": "networking",
    "other": "other channels",
    "unknown": "applications with no channel noted",
}
"""Each channel code as a person says it."""
CHANNEL_PHRASES = {
    "job_board": "through job boards",
    "company_site": "on company career sites",
    "referral": "through referrals",
    "recruiter": "through recruiters",
    "networking": "through networking",
    "other": "through other channels",
    "unknown": "with no channel noted",
}
"""Each channel as the end of "Applications ..."."""
CHANNEL_LABELS = {
    "job_board": "Job boards",
    "company_site": "Company career sites",
    "referral": "Referrals",
    "recruiter": "Recruiters",
    "networking": "Networking",
    "other": "Other channels",
    "unknown": "No channel noted",
}
"""Each channel as a chart's axis, legend or table shows it."""


def pct(value: object) -> str:
    """A share as a percentage: one decimal below 10 %, none above; "n/a" for a missing one."""
    if pd.isna(value):
        return "n/a"
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def pcts(values: pd.Series) -> pd.Series:
    """:func:`pct` for a whole column at once."""
    text = (values * 100).round(1).astype("str") + "%"
    whole = (values * 100).round(0).astype("Int64").astype("str") + "%"
    return text.where(values < 0.1, whole).mask(values.isna(), "n/a")


def chance(value: object) -> str:
    """A probability as a percentage that never sounds certain: ">99%" and "<1%" at the ends."""
    if pd.isna(value):
        return "n/a"
    return ">99%" if value > 0.99 else "<1%" if value < 0.01 else f"{value:.0%}"


def a_chance(value: object) -> str:
    """:func:`chance` with its article: "a 97%", "an 87%", "an 11%"."""
    text = chance(value)
    return f"{'an' if text.startswith(('8', '11', '18')) else 'a'} {text}"


def chances(values: pd.Series) -> pd.Series:
    """:func:`chance` for a whole column at once."""
    text = (values * 100).round(0).astype("Int64").astype("str") + "%"
    return text.mask(values > 0.99, ">99%").mask(values < 0.01, "<1%")


def interval(low: object, high: object) -> str:
    """A 95 % interval of shares, "4.0% to 10%" ("" where it is unknown)."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"{pct(low)} to {pct(high)}"


def count(value: object) -> str:
    """A whole number with thousands separators ("" where missing)."""
    return "" if pd.isna(value) else f"{int(value):,}"


def day(value: object) -> str:
    """A date as people write it: "5 May 2026"."""
    if pd.isna(value):
        return ""
    value = pd.Timestamp(value)
    return f"{value.day} {value:%b %Y}"


def p_value(value: object) -> str:
    if pd.isna(value):
        return ""
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def plural(n: int, one: str, many: str) -> str:
    """ "1 interview", "3 interviews", with thousands separators."""
    return f"{n:,} {one if n == 1 else many}"


def value_words(value: object) -> str:
    """A value from a table as words: codes lose their underscores; missing is "(not given)"."""
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return "(not given)"
    return str(value).replace("_", " ")


def channel_words(channel: object) -> str:
    """ "job_board" -> "job boards"; a value the tool does not know is shown as it is."""
    return CHANNEL_WORDS.get(str(channel), str(channel))


def column_words(column: object) -> str:
    """ "applied_on" -> "date applied"; a column of the person's own is shown as they named it."""
    return COLUMN_WORDS.get(str(column), str(column))


def dimension_words(dimension: object) -> str:
    """A split of the applications in words: "channel × role_family" -> "channel and kind of role"."""
    return " and ".join(column_words(part.strip()) for part in str(dimension).replace(" x ", " × ").split(" × "))


def label(column: object, value: object) -> str:
    """A value as a chart or table shows it: channels by name ("Job boards"), other codes without underscores
    ("company site" stays the person's own wording), a missing value as "(not given)"."""
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return "No channel noted" if str(column) == "channel" else "(not given)"
    if str(column) == "channel":
        return CHANNEL_LABELS.get(str(value), str(value))
    return str(value)


def labels(column: object, values: pd.Series) -> pd.Series:
    """:func:`label` for a whole column at once."""
    return values.astype(object).map(lambda v: label(column, v))


CANNOT_TELL = {
    "outcomes": "Your log records no replies or outcomes, so no response rate can be given; add a 'Status' column "
    "(Applied, Rejected, Interview, Offer...), or load your status sheet with it.",
    "matured": "All your applications are younger than {window} days, so it is too early to say how many get "
    "replies; come back after {first_mature}.",
    "reply_dates": "Your log has no reply dates{dated}, so how soon replies come cannot be measured; add a "
    "'Response date' column with the day each reply came.",
    "stage_dates": "Your log has no dates for screens and interviews{dated}, so how soon invitations come cannot "
    "be measured; add a date column per stage ('Phone screen', 'Interview').",
    "channel": "Your log does not say how you applied (job board, company site, referral...), so channels cannot "
    "be compared; add a 'Source' column.",
    "role_family": "Your log does not group your applications by kind of role, so kinds of role cannot be "
    "compared; add a 'Role type' column (Data Analyst, Product Analyst...).",
    "resume_version": "Your log does not say which resume you sent, so resume versions cannot be compared; add a "
    "'Resume version' column.",
}
"""What each capability missing from a log means, and how to fix the log (see ``what_it_can_tell``)."""


def cannot_tell(capabilities: pd.DataFrame, capability: str, *, window: int = 30) -> str:
    """The sentence for a capability the log lacks ("" where it has it): what cannot be measured, and the fix.
    Where outcomes are not recorded at all, that one sentence stands for the reply measures too."""
    row = capabilities.loc[capability]
    if bool(row["supported"]):
        return ""
    if capability in ("matured", "reply_dates", "stage_dates") and not bool(capabilities.loc["outcomes", "supported"]):
        return CANNOT_TELL["outcomes"]
    dated = f" (only {row['count']} of {row['replies']} are dated)" if row["count"] else ""
    return CANNOT_TELL[capability].format(window=window, first_mature=day(row["first_mature"]), dated=dated)


FLAGS: dict[str, str] = {
    "dayfirst": "--dayfirst or --monthfirst",
    "outcomes_complete": "--complete",
    "keep_contacts": "--keep-contacts",
    "rejects": "a file written with --rejects FILE.csv",
    "unusable": "the rejects file (--rejects FILE.csv)",
    "clients": "--clients FILE",
    "format": "--format NAME",
    "as_of": "--as-of YYYY-MM-DD",
    "secret_file": f"--secret-file FILE (or set {SECRET_VARIABLE})",
}
"""How the command line sets each parameter a library message names (the library speaks Python)."""

PAIR_FLAGS = {"mapping": "--map", "clients_mapping": "--clients-map", "statuses": "--status"}
"""Parameters given as HEADER=COLUMN pairs, and their flag."""


PAIR_EXAMPLES = {"statuses": {"WORDS": "STATUS"}}
"""The placeholder pair of a flag, when a message gives none (``--status 'WORDS=STATUS'``)."""


def cli_fix(parameter: str, example: object = None) -> str:
    """A fix in the command line's words: ``--dayfirst or --monthfirst``, ``--map 'Firma=company'``."""
    if parameter in PAIR_FLAGS:
        pairs = example if isinstance(example, dict) and example else PAIR_EXAMPLES.get(parameter, {"HEADER": "COLUMN"})
        return " ".join(f"{PAIR_FLAGS[parameter]} '{key}={value}'" for key, value in pairs.items())
    if parameter == "format" and example:
        return f"--format {example}"
    if parameter == "limits":
        pairs = example if isinstance(example, dict) and example else {"NAME": "NUMBER"}
        return " ".join(f"--limit {name}={value}" for name, value in pairs.items())
    return FLAGS.get(parameter, f"--{parameter.replace('_', '-')}")


PYTHON_HINT = re.compile(r"statuses=\{[^}]*\}")


def for_people(reason: object) -> str:
    """A reason as a page shows it: the way to name a status word is said for the command line and Python."""
    return PYTHON_HINT.sub(page_fix("statuses"), str(reason))


def page_fix(parameter: str, example: object = None) -> str:
    """How a page, read by people who may use the command line or Python, names a setting: both ways."""
    return f"{cli_fix(parameter, example)} on the command line ({parameter}= in Python)"


def channel_phrase(channel: object) -> str:
    """ "job_board" -> "through job boards"."""
    return CHANNEL_PHRASES.get(str(channel), f"through {channel}")


def channel_pronoun(channel: object) -> str:
    """The pronoun for a channel's words: networking "gave", job boards "gave"; "it" or "they"."""
    return "it" if str(channel) == "networking" else "they"


__all__ = [
    "CANNOT_TELL",
    "CHANNEL_LABELS",
    "CHANNEL_PHRASES",
    "CHANNEL_WORDS",
    "COLUMN_WORDS",
    "FLAGS",
    "PAIR_EXAMPLES",
    "PAIR_FLAGS",
    "a_chance",
    "cannot_tell",
    "chance",
    "chances",
    "channel_phrase",
    "channel_pronoun",
    "channel_words",
    "cli_fix",
    "column_words",
    "count",
    "day",
    "dimension_words",
    "for_people",
    "interval",
    "label",
    "labels",
    "p_value",
    "page_fix",
    "pct",
    "pcts",
    "plural",
    "value_words",
]
