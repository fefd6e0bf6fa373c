"""How good are the pivot verdicts? The engine itself, driven over a grid of simulated searches with known rates.

    python benchmarks/pivot_eval.py                  # the full grid, 2,000 searches per cell
    python benchmarks/pivot_eval.py --quick          # a small fixed-seed grid (the one the tests run)
    python benchmarks/pivot_eval.py --markdown       # the table as Markdown, for docs/pivot.md

Every cell of the grid (a target, a search length, a reply-delay law, one segment or six channels shown
together) simulates many searches of applications sent 10 a week, with replies after realistic delays, builds
the canonical applications table of all of them at once (each search a ``resume_version``) and calls
``jobsearch_analysis.analysis.pivot.pivot_tests`` once, as of the day of the last application. A pivot, once
reached, is kept, so that one call says whether and when a person looking after every application would have
been told to pivot (``decided_on``). Per cell:

- the false-pivot rate when every strategy's true eventual positive-reply rate is at the target (any pivot over
  the whole search; for six channels, any of the six), with its Wilson 95 % interval;
- with the true rate a third of the target (for six channels: one of them, the five others at target), the share
  of searches in which it pivots and the mean number of its applications sent before the pivot;
- Wald's SPRT (alpha 5 %, beta 20 %) on the same failing searches as an oracle: it counts a positive reply that
  came within the engine's reply window, on matured applications only, tests the within-window target
  p * F(W) (it knows the true delay law) against a third of it, and stops at the first boundary it crosses;
  ``ratio`` is the engine's mean applications to a pivot over the oracle's.

``target`` is the eventual rate (a screen or better), as published studies report it; the window is the
engine's own decision window (``window_days`` of its result).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

# Run as a script, the benchmarks folder comes first on the path and an installed package (say, another checkout's
# editable install) would be measured instead of this checkout's: put this checkout's first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jobsearch_analysis.analysis.pivot as engine_module
from jobsearch_analysis.analysis.metrics import wilson
from jobsearch_analysis.analysis.pivot import pivot_tests
from jobsearch_analysis.schema import (
    CHANNEL_DTYPE,
    CHANNELS,
    COLUMNS,
    DATE_DTYPE,
    OUTCOME_DTYPE,
    STAGE_DTYPE,
    TEXT_COLUMNS,
)

PER_WEEK = 10
START = np.datetime64("2025-01-06", "D")
SIX_CHANNELS = CHANNELS[:6]
ONE, SIX = "one segment", "six channels"
FAILING = 1 / 3
ORACLE_ALPHA, ORACLE_BETA = 0.05, 0.20
GOAL_FALSE_PIVOT, GOAL_RATIO = 0.05, 1.3
TARGETS = (0.03, 0.08, 0.15, 0.30)
LENGTHS = (100, 300, 1000)
LAYOUTS = (ONE, SIX)
HEADLINE = (0.08, 300, "fast", ONE)
"""The cell whose ratio to the oracle the summary quotes."""


@dataclass(frozen=True)
class Delays:
    """Days from an application to its positive reply: log-normal, with a share of slow replies from a second one.
    Delays are whole days, at least one."""

    median: float
    sigma: float
    slow_share: float = 0.0
    slow_median: float = 45.0
    slow_sigma: float = 0.5

    def draw(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        days = rng.lognormal(np.log(self.median), self.sigma, shape)
        if self.slow_share:
            slow = rng.lognormal(np.log(self.slow_median), self.slow_sigma, shape)
            days = np.where(rng.random(shape) < self.slow_share, slow, days)
        return np.maximum(1.0, np.round(days))

    def share_within(self, days: float) -> float:
        """F(W): the chance that a positive reply comes within ``days`` (at least 1) of the application."""
        edge = np.log(days + 0.5)  # a whole-day delay is at most W when the drawn one is below W + 0.5
        fast = norm.cdf((edge - np.log(self.median)) / self.sigma)
        slow = norm.cdf((edge - np.log(self.slow_median)) / self.slow_sigma)
        return float((1 - self.slow_share) * fast + self.slow_share * slow)


DELAYS = {
    "fast": Delays(7.0, 0.55),
    "long-tailed": Delays(10.0, 1.2),
    "30% slow": Delays(7.0, 0.55, slow_share=0.3),
}


@dataclass(frozen=True)
class Cell:
    target: float
    applications: int
    delays: str
    layout: str


@dataclass(frozen=True)
class Searches:
    """``n`` simulated searches sharing one calendar: ``days`` (M,) each application's send day from the start,
    ``channel`` (M,) its index in :data:`SIX_CHANNELS`, ``reply`` (n, M) the day of its positive reply (inf
    when none ever comes), ``as_of`` the day of the last application."""

    days: np.ndarray
    channel: np.ndarray
    reply: np.ndarray
    as_of: int


def grid(targets=TARGETS, lengths=LENGTHS, delays=tuple(DELAYS), layouts=LAYOUTS) -> list[Cell]:
    return [Cell(t, m, d, lay) for lay in layouts for d in delays for m in lengths for t in targets]


QUICK = {"targets": (0.08, 0.30), "lengths": (300,), "delays": ("fast", "30% slow")}
QUICK_SEARCHES, QUICK_SEED = 300, 17


def simulate(cell: Cell, n: int, failing: bool, seed: int) -> Searches:
    """``n`` searches of the cell; when ``failing``, the first channel's true rate is a third of the target (for
    one segment, the whole search), the others' at the target."""
    m = cell.applications
    days = np.floor(np.arange(m) * 7 / PER_WEEK).astype(np.int64)
    channel = np.arange(m) % len(SIX_CHANNELS) if cell.layout == SIX else np.zeros(m, dtype=np.int64)
    rate = np.where(failing & (channel == 0), cell.target * FAILING, cell.target)
    rng = np.random.default_rng(seed)
    hit = rng.random((n, m)) < rate
    delay = np.where(hit, DELAYS[cell.delays].draw(rng, (n, m)), np.inf)
    return Searches(days, channel, days + delay, int(days[-1]))


def _text(values: np.ndarray | str | None, size: int) -> pd.Series:
    values = np.full(size, np.nan if values is None else values, dtype=object) if np.ndim(values) == 0 else values
    return pd.Series(values, dtype="str")


def applications_table(s: Searches) -> pd.DataFrame:
    """The canonical applications table of all the searches, as the engine would see it on the as-of day: each
    search is a client and a ``resume_version``; a positive reply not yet come by then is not in it."""
    n, m = s.reply.shape
    size = n * m
    labels = np.array([f"s{i:05d}" for i in range(n)], dtype=object)
    numbers = np.array([f"{j + 1}" for j in range(m)], dtype=object)
    seen = (s.reply <= s.as_of).ravel()
    reply_day = np.where(seen, s.reply.ravel(), 0).astype(np.int64)
    reply_on = np.where(seen, START + reply_day.astype("timedelta64[D]"), np.datetime64("NaT"))
    dates = lambda v: pd.Series(np.asarray(v, dtype="datetime64[D]")).astype(DATE_DTYPE)  # noqa: E731
    no_date = dates(np.full(size, np.datetime64("NaT")))
    frame = pd.DataFrame(
        {
            "application_id": _text(np.tile(numbers, n), size),
            "client_id": _text(np.repeat(labels, m), size),
            "company": _text(np.tile(np.array([f"Company {j + 1}" for j in range(m)], dtype=object), n), size),
            "job_title": _text("Analyst", size),
            "role_family": _text(None, size),
            "industry": _text(None, size),
            "location": _text(None, size),
            "channel": pd.Categorical.from_codes(np.tile(s.channel, n), dtype=CHANNEL_DTYPE),
            "resume_version": _text(np.repeat(labels, m), size),
            "cover_letter": pd.array(np.full(size, pd.NA), dtype="boolean"),
            "applied_on": dates(np.tile(START + s.days.astype("timedelta64[D]"), n)),
            "first_response_on": dates(reply_on),
            "screen_on": dates(reply_on),
            "interview_on": no_date,
            "offer_on": no_date,
            "furthest_stage": pd.Categorical.from_codes(seen.astype(np.int8), dtype=STAGE_DTYPE),
            "outcome": pd.Categorical.from_codes(np.zeros(size, dtype=np.int8), dtype=OUTCOME_DTYPE),
            "outcome_on": no_date,
            "feedback_requested": pd.array(np.full(size, pd.NA), dtype="boolean"),
            "feedback_received": pd.array(np.full(size, pd.NA), dtype="boolean"),
            "interest": pd.array(np.full(size, pd.NA), dtype="Int64"),
            "notes": _text(None, size),
            "outcome_recorded": np.ones(size, dtype=bool),
            "source_file": _text("simulated", size),
            "source_row": np.arange(1, size + 1, dtype=np.int64),
        }
    )
    assert set(TEXT_COLUMNS) <= set(frame.columns)
    return frame[list(COLUMNS)]


def as_of_timestamp(s: Searches) -> pd.Timestamp:
    return pd.Timestamp(START + np.timedelta64(s.as_of, "D"))


def run_engine(s: Searches, cell: Cell) -> tuple[np.ndarray, int]:
    """One ``pivot_tests`` call over all the searches: the day (from the start) each segment first said pivot,
    (n, segments) with NaN where it never did, and the engine's decision window in days."""
    apps = applications_table(s)
    six = cell.layout == SIX
    by = ["resume_version", "channel"] if six else "resume_version"
    result = pivot_tests(apps, by=by, target=cell.target, kind="positive", as_of=as_of_timestamp(s),
                         family=6 if six else 1)  # fmt: skip
    table = result.table
    search = table["resume_version"].str.slice(1).astype(int).to_numpy()
    codes = {name: code for code, name in enumerate(SIX_CHANNELS)}
    segment = table["channel"].astype(str).map(codes).to_numpy(int) if six else np.zeros(len(table), int)
    pivot = (table["verdict"] == "pivot").to_numpy()
    on = (pd.to_datetime(table["decided_on"]) - pd.Timestamp(START)).dt.days.to_numpy(dtype=float)
    days = np.full((s.reply.shape[0], len(SIX_CHANNELS) if six else 1), np.nan)
    days[search[pivot], segment[pivot]] = on[pivot]
    return days, int(result.window_days)


def sent_by(s: Searches, code: int, day: np.ndarray) -> np.ndarray:
    """How many of the segment's applications had been sent by each day (NaN stays NaN)."""
    seg_days = s.days[s.channel == code]
    count = np.searchsorted(seg_days, np.where(np.isfinite(day), day, -1), side="right").astype(float)
    return np.where(np.isfinite(day), count, np.nan)


def _first(mask: np.ndarray) -> np.ndarray:
    """Index of the first True per row, or -1."""
    if mask.shape[1] == 0:
        return np.full(mask.shape[0], -1)
    return np.where(mask.any(axis=1), mask.argmax(axis=1), -1)


def oracle(s: Searches, cell: Cell, window: int) -> np.ndarray:
    """Wald's SPRT on the failing segment (channel 0) of each search: the applications sent before it says
    pivot, NaN where it stops at the keep-going boundary first or never decides within the search."""
    mine = s.channel == 0
    days = s.days[mine]
    matured = days + window <= s.as_of
    delay = (s.reply[:, mine] - days)[:, matured]
    p0 = cell.target * DELAYS[cell.delays].share_within(window)
    p1 = p0 / 3  # Wald's test between the within-window target and a third of it
    hit, miss = np.log(p1 / p0), np.log((1 - p1) / (1 - p0))
    lower, upper = np.log(ORACLE_BETA / (1 - ORACLE_ALPHA)), np.log((1 - ORACLE_BETA) / ORACLE_ALPHA)
    llr = np.cumsum(np.where(delay <= window, hit, miss), axis=1)
    up, down = _first(llr >= upper), _first(llr <= lower)
    pivots = (up >= 0) & ((down < 0) | (up < down))
    day = np.where(pivots, days[matured][np.maximum(up, 0)] + window if matured.any() else 0, np.nan)
    return sent_by(s, 0, day)


def seeds(cell: Cell, seed: int) -> tuple[int, int]:
    """Independent seeds for the cell's at-target and failing searches."""
    key = [seed, round(cell.target * 1000), cell.applications, list(DELAYS).index(cell.delays)]
    at, failing = np.random.SeedSequence([*key, LAYOUTS.index(cell.layout)]).spawn(2)
    return int(at.generate_state(1)[0]), int(failing.generate_state(1)[0])


def evaluate_cell(cell: Cell, n: int, seed: int = 0) -> dict:
    """The cell's row of the table (see :func:`evaluate`)."""
    seed_at, seed_failing = seeds(cell, seed)
    false_days, _ = run_engine(simulate(cell, n, False, seed_at), cell)
    false = np.isfinite(false_days).any(axis=1)
    low, high = wilson(np.array([false.sum()]), np.array([n]))
    failing = simulate(cell, n, True, seed_failing)
    caught_days, window = run_engine(failing, cell)
    caught = sent_by(failing, 0, caught_days[:, 0])
    wald = oracle(failing, cell, window)
    mean = lambda v: float(np.nanmean(v)) if np.isfinite(v).any() else np.nan  # noqa: E731
    return {
        "target": cell.target,
        "applications": cell.applications,
        "delays": cell.delays,
        "layout": cell.layout,
        "window": window,
        "false_pivot": float(false.mean()),
        "fp_low": float(low[0]),
        "fp_high": float(high[0]),
        "pivot_when_failing": float(np.isfinite(caught).mean()),
        "sent_to_pivot": mean(caught),
        "oracle_pivot": float(np.isfinite(wald).mean()),
        "oracle_sent": mean(wald),
        "ratio": mean(caught) / mean(wald),
    }


def evaluate(cells: list[Cell], n: int, seed: int = 0, progress: bool = False) -> pd.DataFrame:
    """One row per cell: ``target``, ``applications``, ``delays``, ``layout``, ``window`` (the engine's reply
    window in days, on the failing searches), ``false_pivot`` with ``fp_low``, ``fp_high`` (Wilson 95 %),
    ``pivot_when_failing``, ``sent_to_pivot`` (mean applications of the failing segment sent before the pivot,
    among the searches that pivot), ``oracle_pivot``, ``oracle_sent`` (the same for Wald's SPRT), ``ratio``
    (``sent_to_pivot / oracle_sent``)."""
    rows = []
    for cell in cells:
        started = time.perf_counter()
        rows.append(evaluate_cell(cell, n, seed))
        if progress:
            print(f"  {cell} {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


def quick(seed: int = QUICK_SEED, n: int = QUICK_SEARCHES) -> pd.DataFrame:
    """The small fixed-seed grid the tests run: targets 8 % and 30 %, 300 applications, fast and 30 %-slow
    replies, one segment and six channels."""
    return evaluate(grid(**QUICK), n, seed)


def headline(table: pd.DataFrame) -> pd.Series:
    target, applications, delays, layout = HEADLINE
    pick = (
        np.isclose(table["target"], target)
        & (table["applications"] == applications)
        & (table["delays"] == delays)
        & (table["layout"] == layout)
    )
    return table.loc[pick].iloc[0]


DISPLAY = {
    "target": ("target", "{:.0%}"),
    "applications": ("apps", "{:,}"),
    "delays": ("replies", "{}"),
    "layout": ("segments", "{}"),
    "window": ("window d", "{}"),
    "false_pivot": ("false pivot", "{:.1%}"),
    "fp_ci": ("95% CI", "{}"),
    "pivot_when_failing": ("pivots failing", "{:.1%}"),
    "sent_to_pivot": ("sent to pivot", "{:.0f}"),
    "oracle_pivot": ("SPRT pivots", "{:.1%}"),
    "oracle_sent": ("SPRT sent", "{:.0f}"),
    "ratio": ("ratio", "{:.2f}"),
}


def formatted(table: pd.DataFrame) -> pd.DataFrame:
    """The table as printed: percentages, the interval as one column, short headers."""
    shown = table.assign(fp_ci=[f"{a:.1%}-{b:.1%}" for a, b in zip(table["fp_low"], table["fp_high"], strict=True)])
    out = {}
    for column, (header, form) in DISPLAY.items():
        out[header] = [("-" if pd.isna(v) else form.format(v)) for v in shown[column]]
    return pd.DataFrame(out)


def markdown(table: pd.DataFrame) -> str:
    shown = formatted(table)
    lines = ["| " + " | ".join(shown.columns) + " |", "|" + "---|" * len(shown.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in shown.itertuples(index=False)]
    return "\n".join(lines)


def summary(table: pd.DataFrame) -> list[str]:
    worst = table.loc[table["false_pivot"].idxmax()]
    where = f"{worst['target']:.0%}, {worst['applications']:,} applications, {worst['delays']}, {worst['layout']}"
    lines = [
        f"false-pivot rate of this engine: worst {worst['false_pivot']:.1%} "
        f"(95% CI {worst['fp_low']:.1%}-{worst['fp_high']:.1%}; {where}); goal: at most 5 % in every cell",
    ]
    try:
        head = headline(table)
    except IndexError:
        return lines
    lines.append(
        f"applications to a pivot at 8 %, 300 applications, fast replies, one segment: {head['ratio']:.2f} times "
        f"Wald's SPRT (goal: at most {GOAL_RATIO}); pivots on {head['pivot_when_failing']:.0%} of failing searches"
    )
    return lines


def header(table: pd.DataFrame, n: int) -> str:
    """What was run."""
    notes = []
    run = (
        f"engine: {Path(engine_module.__file__).resolve()}\n"
        f"{n:,} searches per cell, {len(table)} cells; {PER_WEEK} applications a week; verdicts as of the last "
        f"application; failing = a third of the target (six channels: one of them, the others at target); "
        f"'sent to pivot' counts the failing segment's own applications\n"
    )
    return run + "".join(f"note: {note}\n" for note in notes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=2000, help="searches per cell (default 2,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help=f"the small grid, {QUICK_SEARCHES} searches, seed 17")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--progress", action="store_true", help="time each cell on stderr")
    args = parser.parse_args(argv)
    cells = grid(**QUICK) if args.quick else grid()
    n, seed = (QUICK_SEARCHES, QUICK_SEED) if args.quick else (args.searches, args.seed)
    started = time.perf_counter()
    table = evaluate(cells, n, seed, progress=args.progress)
    print(header(table, n))
    print(markdown(table) if args.markdown else formatted(table).to_string(index=False))
    print()
    print("\n".join(summary(table)))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
