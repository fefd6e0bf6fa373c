"""The pivot rule from what an engine counts (``counted_tests``): the counts of each segment and the positions of its
replies give :func:`segment_tests`' evidence, peak and verdict to 1e-9, and the segments an engine leaves out
(``fewest_to_pivot``) can never reach a pivot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobsearch_analysis.analysis import pivot

KEYS = ["client_id", "channel"]
RATES = {"job_board": 0.05, "referral": 0.30, "recruiter": 0.15}


def prepared(seed: int, clients: int = 60) -> pd.DataFrame:
    """:func:`pivot.prepare`'s table for simulated segments: some failing, some working, some that work and
    then stop, of many lengths (long ones cross several of the points where a fresh start is looked for)."""
    rng = np.random.default_rng(seed)
    parts = []
    for c in range(clients):
        for channel, base in RATES.items():
            n = int(rng.integers(0, 260))
            rate = base * rng.choice([0.1, 0.3, 1.0, 1.5])
            hit = rng.random(n) < np.where(np.arange(n) < rng.integers(0, n + 1), base, rate)
            parts.append(
                pd.DataFrame(
                    {
                        "client_id": f"C{c:03d}",
                        "channel": channel,
                        "applied_on": pd.Timestamp("2025-01-01")
                        + pd.to_timedelta(np.sort(rng.integers(0, 500, n)), "D"),
                        "_matured": rng.random(n) < 0.9,
                        "_target": base,
                        "_any_target": 0.3,
                        "_replied": False,
                        "_screen": False,
                        "_interview": False,
                        "_offer": False,
                    }
                ).assign(_hit=lambda f, h=hit: h & f["_matured"])
            )
    data = pd.concat(parts, ignore_index=True).sort_values(["client_id", "applied_on"], kind="stable")
    return data.assign(_known_on=data["applied_on"] + pd.Timedelta(days=60)).reset_index(drop=True)


def counted(data: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What an engine sends back: the counts of each segment, and where its replies in time are."""
    matured = data.loc[data["_matured"]].sort_values("applied_on", kind="stable")
    positions = matured.assign(n=matured.groupby(keys).cumcount() + 1)
    return pivot.segment_counts(data, keys), positions.loc[positions["_hit"], [*keys, "n"]]


@pytest.mark.parametrize("keys", [["client_id"], KEYS], ids=["per client", "per client and channel"])
@pytest.mark.parametrize("target", [None, 0.12])
def test_the_counts_and_the_replies_positions_give_the_tests_along_every_application(keys, target):
    data = prepared(seed=7)
    expected = pivot.segment_tests(data, keys, "positive", target)
    found = pivot.counted_tests(*counted(data, keys), keys, target)
    assert (expected["verdict"] == "pivot").sum() > 5 and (expected["verdict"] == "keep_going").sum() > 5
    columns = [c for c in expected.columns if c not in ("decided_after", "decided_on")]
    pd.testing.assert_frame_equal(found[columns], expected[columns], check_exact=False, rtol=0, atol=1e-9)


def test_the_evidence_at_some_points_is_the_evidence_along_the_path():
    rng = np.random.default_rng(3)
    n = rng.integers(1, 300, 40)
    segment = np.repeat(np.arange(40), n)
    hit = rng.random(len(segment)) < 0.04
    place = np.concatenate([np.arange(1, k + 1) for k in n])
    hits = pd.Series(hit).groupby(segment).cumsum().to_numpy(float)
    target = np.full(len(segment), 0.08)
    along = pivot.evidence_path(hits, place.astype(float), target, segment)
    points = pd.DataFrame({"segment": segment, "n": place})
    replies = points.loc[hit]
    np.testing.assert_allclose(pivot.evidence_at_points(replies, points, target), along, rtol=0, atol=1e-12)


@pytest.mark.parametrize("target", [0.03, 0.05, 0.15, 0.3])
def test_a_segment_with_fewer_counted_applications_than_the_fewest_never_reaches_a_pivot(target):
    fewest = pivot.fewest_to_pivot(target)
    rng = np.random.default_rng(int(target * 100))
    for m in (fewest - 1, fewest):
        hits = (rng.random((200, m)) < 0.01).cumsum(axis=1)  # almost no reply: the strongest evidence there is
        hits[0] = 0
        segment = np.repeat(np.arange(200), m)
        n = np.tile(np.arange(1, m + 1), 200).astype(float)
        llr = pivot.evidence_path(hits.ravel().astype(float), n, np.full(n.shape, target), segment)
        reached = llr.reshape(200, m).max(axis=1) >= np.log(1 / pivot.ALPHA)
        assert reached.any() == (m == fewest)  # with no reply at all, the fewest are just enough
    table = pivot.fewest_table("positive", None)
    assert [n for _, n in table] == sorted((n for _, n in table), reverse=True)
    assert table[-1] == (0.3, pivot.fewest_to_pivot(0.3))
