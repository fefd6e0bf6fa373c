"""The whole-column wordings read exactly as the single-value ones, value for value (they share one definition:
the same print formats, the same article rule, or the scalar wording itself applied to each distinct value)."""

import numpy as np
import pandas as pd

from jobsearch_analysis.present import words

SHARES = pd.Series(np.r_[np.linspace(0, 1, 20_001), 0.0615, 0.0995, 0.995, 0.005, 0.875, np.nan])
"""Shares on a fine grid (every rounding tie of one decimal in percent among them) and a missing one."""


def test_percentages_of_a_column_read_as_each_share_alone():
    assert words.pcts(SHARES).tolist() == [words.pct(v) for v in SHARES]
    assert words.pcts(SHARES.astype("Float64")).tolist() == [words.pct(v) for v in SHARES]


def test_chances_of_a_column_read_as_each_chance_alone_with_their_article():
    assert words.chances(SHARES).tolist() == [words.chance(v) for v in SHARES]
    assert words.a_chances(SHARES).tolist() == [words.a_chance(v) for v in SHARES]
    assert words.a_chances(pd.Series([0.87, 0.11, 0.18, 0.8, 0.5])).tolist() == ["an 87%", "an 11%", "an 18%",
                                                                               "an 80%", "a 50%"]  # fmt: skip


def test_counts_days_and_channels_of_a_column_read_as_each_alone():
    n = pd.Series([0, 1, 2, 999, 1000, 73_080, 1_234_567, None], dtype="Int64")
    assert words.counts(n).tolist() == [words.count(v) for v in n]
    assert words.plurals(n.iloc[:-1], "reply", "replies").tolist() == [
        words.plural(int(v), "reply", "replies") for v in n.iloc[:-1]
    ]
    assert words.plurals(n, "reply", "replies").tolist()[5] == "73,080 replies"
    dates = pd.Series(pd.to_datetime(["2026-05-05", None, "2026-11-02", "2026-05-05"])).astype("datetime64[s]")
    assert words.days(dates).tolist() == [words.day(v) for v in dates] == ["5 May 2026", "", "2 Nov 2026", "5 May 2026"]
    channels = pd.Series(pd.Categorical(["job_board", None, "networking", "job_board"]))
    assert words.channels_in_words(channels).tolist() == [words.channel_words(v) for v in channels]
    assert words.channels_in_words(channels.iloc[:0]).tolist() == []


def test_fill_is_format_for_whole_columns():
    index = pd.RangeIndex(2)
    said = words.fill("{n} from {m} ({what})", index, n=pd.Series(["1", "2"]), m=pd.Series(["3", "4"]), what=5)
    assert said.tolist() == ["1 from 3 (5)", "2 from 4 (5)"]
