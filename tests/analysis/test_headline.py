import pandas as pd

from jobsearch_analysis.analysis.metrics import headline, replied
from jobsearch_analysis.schema import OUTCOME_DTYPE, STAGE_DTYPE

from ..conftest import AS_OF, canonical


def test_replied_counts_undated_rejections_and_stages():
    apps = canonical(
        first_response_on=pd.Series([pd.NaT, pd.NaT], dtype="datetime64[s]"),
        screen_on=pd.Series([pd.NaT, pd.NaT], dtype="datetime64[s]"),
        outcome_on=pd.Series([pd.NaT, pd.NaT], dtype="datetime64[s]"),
        furthest_stage=pd.Categorical(["applied", "screen"], dtype=STAGE_DTYPE),
        outcome=pd.Categorical(["rejected", "open"], dtype=OUTCOME_DTYPE),
    )
    assert replied(apps).tolist() == [True, True]
    assert replied(canonical()).tolist() == [True, False]


def test_headline_by_hand():
    # Hand count on the two-row fixture: one rejected after a screen, one open from 2026-03-03 (as of 06-30).
    table = headline(canonical(), as_of=AS_OF).set_index("measure")
    assert table.loc["applications", "value"] == 2
    assert table.loc["any_reply", "value"] == 1 and table.loc["any_reply", "share"] == 0.5
    assert table.loc["positive_reply", "value"] == 1
    assert table.loc["interview", "value"] == 0
    assert table.loc["rejected", "value"] == 1
    assert table.loc["still_open", "value"] == 1
    assert table.loc["recent_open", "value"] == 0
    assert table.loc["weeks", "value"] == 2 / 7
    assert pd.isna(table.loc["weeks", "share"])


def test_headline_recent_uses_the_as_of_date():
    table = headline(canonical(), as_of="2026-03-20").set_index("measure")
    assert table.loc["recent_open", "value"] == 1
