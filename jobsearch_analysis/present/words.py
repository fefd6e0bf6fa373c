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
from collections.abc import Callable
from string import Formatter

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


SMALL_PERCENT, PERCENT = "%.1f%%", "%.0f%%"
"""How a percentage is printed (of the share times 100): one decimal below 10 %, none above; the scalar and the
whole-column wordings both print with these, so they cannot disagree."""
AN_BEFORE = ("8", "11", "18")
"""The percentages said with "an": "an 87%", "an 11%", "an 18%"."""


def pct(value: object) -> str:
    """A share as a percentage: one decimal below 10 %, none above; "n/a" for a missing one."""
    if pd.isna(value):
        return "n/a"
    return (SMALL_PERCENT if value < 0.1 else PERCENT) % (value * 100)


def pcts(values: pd.Series) -> pd.Series:
    """:func:`pct` for a whole column at once."""
    share = values.to_numpy(dtype=float, na_value=np.nan)
    text = np.where(share < 0.1, np.char.mod(SMALL_PERCENT, share * 100), np.char.mod(PERCENT, share * 100))
    return pd.Series(text, index=values.index, dtype="str").mask(np.isnan(share), "n/a")


def chance(value: object) -> str:
    """A probability as a percentage that never sounds certain: ">99%" and "<1%" at the ends."""
    if pd.isna(value):
        return "n/a"
    return ">99%" if value > 0.99 else "<1%" if value < 0.01 else PERCENT % (value * 100)


def a_chance(value: object) -> str:
    """:func:`chance` with its article: "a 97%", "an 87%", "an 11%"."""
    text = chance(value)
    return f"{'an' if text.startswith(AN_BEFORE) else 'a'} {text}"


def chances(values: pd.Series) -> pd.Series:
    """:func:`chance` for a whole column at once."""
    share = values.to_numpy(dtype=float, na_value=np.nan)
    text = pd.Series(np.char.mod(PERCENT, share * 100), index=values.index, dtype="str")
    return text.mask(share > 0.99, ">99%").mask(share < 0.01, "<1%").mask(np.isnan(share), "n/a")


def a_chances(values: pd.Series) -> pd.Series:
    """:func:`a_chance` for a whole column at once."""
    text = chances(values)
    return pd.Series(np.where(text.str.startswith(AN_BEFORE), "an ", "a "), index=values.index, dtype="str") + text


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


def days(values: pd.Series) -> pd.Series:
    """:func:`day` for a whole column at once."""
    return each(values, day)


def p_value(value: object) -> str:
    if pd.isna(value):
        return ""
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def plural(n: int, one: str, many: str) -> str:
    """ "1 interview", "3 interviews", with thousands separators."""
    return f"{count(n)} {one if n == 1 else many}"


def counts(values: pd.Series) -> pd.Series:
    """:func:`count` for a whole column at once."""
    return each(values, count)


def plurals(values: pd.Series, one: str, many: str) -> pd.Series:
    """:func:`plural` for a whole column of counts at once."""
    words = np.where(values.eq(1).fillna(False).to_numpy(dtype=bool), one, many)
    return counts(values) + pd.Series(words, index=values.index, dtype="str").radd(" ")


def fill(template: str, index: pd.Index, **values: object) -> pd.Series:
    """``template.format(**values)`` for whole columns at once: each value a column of words (a Series on
    ``index``) or one text for every row."""
    out = pd.Series("", index=index, dtype="str")
    for text, field, _spec, _conversion in Formatter().parse(template):
        out = out + text
        if field is not None:
            value = values[field]
            out = out + (value if isinstance(value, pd.Series) else str(value))
    return out


def each(values: pd.Series, phrase: Callable[[object], str]) -> pd.Series:
    """A wording of single values for a whole column: each distinct value (a missing one included) is phrased
    once, by the scalar wording itself, so that a column and a single value always read alike."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    said = np.array([phrase(value) for value in distinct], dtype=object)
    return pd.Series(said[codes], index=values.index, dtype="str")


def value_words(value: object) -> str:
    """A value from a table as words: codes lose their underscores; missing is "(not given)"."""
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return "(not given)"
    return str(value).replace("_", " ")


def channel_words(channel: object) -> str:
    """ "job_board" -> "job boards"; a value the tool does not know is shown as it is."""
    return CHANNEL_WORDS.get(str(channel), str(channel))


def channels_in_words(channels: pd.Series) -> pd.Series:
    """:func:`channel_words` for a whole column at once."""
    return each(channels, channel_words)


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
    "AN_BEFORE",
    "CANNOT_TELL",
    "CHANNEL_LABELS",
    "CHANNEL_PHRASES",
    "CHANNEL_WORDS",
    "COLUMN_WORDS",
    "FLAGS",
    "PAIR_EXAMPLES",
    "PAIR_FLAGS",
    "PERCENT",
    "SMALL_PERCENT",
    "a_chance",
    "a_chances",
    "cannot_tell",
    "chance",
    "chances",
    "channel_phrase",
    "channel_pronoun",
    "channel_words",
    "channels_in_words",
    "cli_fix",
    "column_words",
    "count",
    "counts",
    "day",
    "days",
    "dimension_words",
    "each",
    "fill",
    "for_people",
    "interval",
    "label",
    "labels",
    "p_value",
    "page_fix",
    "pct",
    "pcts",
    "plural",
    "plurals",
    "value_words",
]
