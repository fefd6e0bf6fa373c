"""Seeded, realistic job searches with their ground truth.

The simulator draws each application's path through the funnel from published figures, then hides what had
not happened by the as-of date, exactly as a real log hides it. Because it also returns the truth (every
application's true chances and the delays it would have had), tests can check that an estimator recovers the
truth from the censored log.

Where the numbers come from
---------------------------
* **Replies to cold applications.** About 8 % of resumes sent to job ads got a callback in the classic US
  audit (Bertrand & Mullainathan 2004, *AER* 94(4), Table 1: 9.65 % vs 6.45 % by the name on the resume);
  employer contact within 30 days was about 22 % across 83,000 applications to large US firms (Kline, Rose &
  Walters 2022, *QJE* 137(4)). Here a job-board application gets a positive reply (a screen or better) with
  probability 4 % and a rejection with 18 %, so about 22 % hear anything.
* **Channels.** Referrals convert roughly 5-10x better per application than job boards and company career
  pages 2-4x better (Lever 2017 hiring benchmark: 1 in 16 referrals hired vs 1 in 152 from career sites;
  CareerPlug 2025 recruiting metrics). The positive-reply rates per channel below give application-to-hire
  of about 1 in 250 (job board), 1 in 100 (company site) and 1 in 20 (referral).
* **Later stages.** Application to interview about 3-12 % (CareerPlug 2025; Jobvite recruiting benchmarks);
  interview to offer about 15-30 % (here 25 %); offer acceptance about 88 % (Jobvite).
* **Timing.** Positive replies mostly come within one to two weeks (median 7 days); rejections come later
  and sometimes months later (median 21 days, long tail); candidates who interviewed heard a final answer
  after about 23 days (Glassdoor 2017 hiring-process study); most applications never get an answer.
* **Duration.** Callbacks fall with time out of work, mostly within the first 8 months (Kroft, Lange &
  Notowidigdo 2013, *QJE* 128(3)), with a sharp drop after 6 months (Ghayad 2013, Northeastern working
  paper): each month of search multiplies the positive rate by 0.96, and after 6 months by a further 0.8.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jobsearch_analysis.ingest.applications import derived_ids
from jobsearch_analysis.schema import (
    CHANNEL_DTYPE,
    COLUMNS,
    DATE_DTYPE,
    OUTCOME_DTYPE,
    STAGE_DTYPE,
    TEXT_COLUMNS,
)


@dataclass(frozen=True)
class ChannelParams:
    """How one channel behaves: its share of applications and the chance of each kind of first reply."""

    share: float
    positive: float  # P(a screen or better) for an average applicant at the start of a search
    rejection: float  # P(a rejection as the first reply) otherwise


DEFAULT_CHANNELS: dict[str, ChannelParams] = {
    "job_board": ChannelParams(share=0.56, positive=0.04, rejection=0.18),
    "company_site": ChannelParams(share=0.20, positive=0.09, rejection=0.22),
    "recruiter": ChannelParams(share=0.09, positive=0.18, rejection=0.20),
    "networking": ChannelParams(share=0.07, positive=0.22, rejection=0.15),
    "referral": ChannelParams(share=0.08, positive=0.45, rejection=0.25),
}


@dataclass(frozen=True)
class Delay:
    """A log-normal delay in days: ``median`` and ``sigma`` of the underlying normal (on the log scale)."""

    median: float
    sigma: float

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.maximum(1, np.round(rng.lognormal(np.log(self.median), self.sigma, size))).astype(np.int64)

    def cdf(self, days: np.ndarray | float) -> np.ndarray:
        """P(delay <= days), before rounding to whole days (for checking estimators)."""
        from scipy.stats import lognorm

        return lognorm(s=self.sigma, scale=self.median).cdf(days)


@dataclass(frozen=True)
class FunnelParams:
    """Everything after the first reply, and the delays between steps."""

    screen_to_interview: float = 0.5
    interview_to_offer: float = 0.25
    offer_accepted: float = 0.88
    rejection_after_screen: float = 0.7  # otherwise silence after the screen
    rejection_after_interview: float = 0.8
    skip_screen_referral: float = 0.3  # referrals often go straight to an interview
    positive_delay: Delay = Delay(7, 0.55)
    rejection_delay: Delay = Delay(21, 0.8)
    screen_to_interview_delay: Delay = Delay(8, 0.5)
    interview_to_decision_delay: Delay = Delay(16, 0.5)
    offer_to_answer_delay: Delay = Delay(4, 0.5)
    monthly_decay: float = 0.96
    after_six_months: float = 0.8


ROLE_FAMILIES: dict[str, float] = {
    "data analyst": 1.0,
    "business analyst": 0.85,
    "product analyst": 0.6,
    "data scientist": 0.5,
}
RESUME_EFFECT = {"v1": 1.0, "v2": 1.3}
COVER_LETTER_EFFECT = 1.1

_TITLES = {
    "data analyst": ["Data Analyst", "Junior Data Analyst", "Reporting Analyst", "Data Analyst II", "BI Analyst"],
    "business analyst": ["Business Analyst", "Operations Analyst", "Business Systems Analyst"],
    "product analyst": ["Product Analyst", "Growth Analyst", "Product Data Analyst"],
    "data scientist": ["Data Scientist", "Associate Data Scientist", "Junior Data Scientist"],
}
_INDUSTRIES = [
    "technology",
    "finance",
    "healthcare",
    "retail",
    "public sector",
    "education",
    "logistics",
    "media",
    "energy",
    "non-profit",
]
_LOCATIONS = [
    "Remote",
    "Chicago, IL",
    "Austin, TX",
    "Denver, CO",
    "New York, NY",
    "Columbus, OH",
    "Seattle, WA",
    "Atlanta, GA",
    "Hybrid - Chicago",
]
_NAME_A = [
    "North",
    "Blue",
    "Bright",
    "Clear",
    "Iron",
    "Silver",
    "Green",
    "Summit",
    "Harbor",
    "Maple",
    "Cedar",
    "Pine",
    "River",
    "Stone",
    "Golden",
    "Red",
    "Eastern",
    "Lake",
    "Prairie",
    "Orchard",
    "Granite",
    "Beacon",
    "Atlas",
    "Vector",
    "Nimbus",
    "Quarry",
    "Falcon",
    "Juniper",
    "Willow",
    "Copper",
]
_NAME_B = [
    "wind",
    "fin",
    "path",
    "field",
    "bridge",
    "point",
    "line",
    "works",
    "gate",
    "leaf",
    "peak",
    "stone",
    "light",
    "wave",
    "mark",
    "grove",
    "ridge",
    "view",
    "brook",
    "haven",
]
_NAME_C = [
    "Analytics",
    "Labs",
    "Health",
    "Logistics",
    "Financial",
    "Systems",
    "Retail",
    "Media",
    "Energy",
    "Group",
    "Software",
    "Insurance",
    "Foods",
    "Partners",
    "Data",
    "Bank",
    "Mobility",
    "Learning",
]


def _company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    a = rng.choice(_NAME_A, n)
    b = rng.choice(_NAME_B, n)
    c = rng.choice(_NAME_C, n)
    return np.char.add(np.char.add(np.char.add(a, b), " "), c)


@dataclass
class Simulation:
    """A simulated search (or cohort of searches), observed at ``as_of``, with its truth.

    applications  the canonical applications table as the log shows it at ``as_of`` (validated layout)
    truth         one row per application with what really happened or would have happened:
                  ``p_positive`` (the true chance of a screen or better), ``p_reply`` (of any reply),
                  ``reply_day`` (days from applying to the first reply, NaN if never), ``positive``
                  (True if that reply was a screen or better), ``true_stage``, ``true_outcome``
    rates         the true rates per channel: ``channel``, ``applications``, ``p_positive``, ``p_reply``
                  (means of the per-application chances); :meth:`true_rates` gives them for any segment and
                  :meth:`reply_delay_cdf` the true delay distributions
    clients       one row per client (cohorts; one row for a single search)
    funnel        the funnel parameters used
    channels      the channel parameters used
    as_of         the day the log is observed
    """

    applications: pd.DataFrame
    truth: pd.DataFrame
    rates: pd.DataFrame
    clients: pd.DataFrame
    funnel: FunnelParams
    channels: dict[str, ChannelParams]
    as_of: pd.Timestamp
    seed: int = 0
    extra: dict = field(default_factory=dict)

    def true_rates(self, by: str | list[str] = "channel") -> pd.DataFrame:
        """The true rates per segment of the log (any of its columns, or several).

        Returns
        -------
        DataFrame
            The by-columns, then ``applications`` (how many were sent), ``p_positive`` and ``p_reply`` (the
            mean true chance of a screen or better, and of any reply), ``positive`` and ``replied`` (the share
            that did get one, observed or not yet: what a perfect estimator would see with unlimited follow-up).
        """
        keys = [by] if isinstance(by, str) else list(by)
        frame = self.truth[["p_positive", "p_reply", "positive"]].assign(
            replied=self.truth["reply_day"].notna(), **{k: self.applications[k] for k in keys}
        )
        return (
            frame.groupby(keys, observed=True)
            .agg(
                applications=("p_positive", "size"),
                p_positive=("p_positive", "mean"),
                p_reply=("p_reply", "mean"),
                positive=("positive", "mean"),
                replied=("replied", "mean"),
            )
            .reset_index()
        )

    def reply_delay_cdf(self, days: np.ndarray | float, *, kind: str = "positive") -> np.ndarray:
        """The true chance that a reply of ``kind`` ("positive" or "rejection") comes within ``days``, given that
        it comes at all (the delay distributions the simulator draws from, before rounding to whole days)."""
        delays = {"positive": self.funnel.positive_delay, "rejection": self.funnel.rejection_delay}
        if kind not in delays:
            raise ValueError(f"kind={kind!r}: use 'positive' or 'rejection'")
        return delays[kind].cdf(days)


def simulate_cohort(
    n_clients: int = 200,
    *,
    seed: int = 0,
    as_of: str = "2026-11-02",
    first_start: str = "2025-01-06",
    last_start: str = "2026-09-28",
    weekly_pace: float = 6.0,
    channels: dict[str, ChannelParams] | None = None,
    funnel: FunnelParams | None = None,
    other_exit_monthly: float = 0.02,
    training_exit_monthly: float = 0.015,
    quality_sigma: float = 0.35,
    late_intake: float | None = None,
    intake_delay_days: int = 180,
) -> Simulation:
    """Simulate the searches of many clients, each applying until hired, leaving, or the as-of date.

    Parameters
    ----------
    n_clients : int
        How many clients.
    seed : int
        Seed for numpy's default generator; the same seed gives the same cohort.
    as_of : date-like
        The day the cohort is observed (everything after it is unknown).
    first_start, last_start : date-like
        Searches start on Mondays between these days.
    weekly_pace : float
        Mean applications per week; each client's own pace varies around it (gamma, shape 4).
    channels, funnel : optional
        Channel and funnel parameters (defaults: :data:`DEFAULT_CHANNELS`, :class:`FunnelParams`).
    other_exit_monthly, training_exit_monthly : float
        Monthly chance that a client leaves for another reason, or for training (competing exits).
    quality_sigma : float
        Spread (log scale) of clients' personal multipliers on the positive-reply rate.
    late_intake : float, optional
        What a service really sees: this share of people come to the service a while after their search began
        (uniformly 1 to ``intake_delay_days`` days later, whatever happens to them), and those who found work
        or left before that day never come, so they are not in the cohort at all (left truncation).
        ``Simulation.extra["population"]`` keeps everyone, with ``came`` saying who is in the cohort. By
        default a share of 30 % comes late, at most halfway into a search that is still going, and nobody is
        left out (the bundled sample).
    intake_delay_days : int
        The longest delay between the start of the search and a late intake, with ``late_intake``.

    Returns
    -------
    Simulation
    """
    rng = np.random.default_rng(seed)
    channels = channels or DEFAULT_CHANNELS
    funnel = funnel or FunnelParams()
    as_of_ts = pd.Timestamp(as_of)
    mondays = pd.date_range(first_start, last_start, freq="W-MON")
    starts = pd.DatetimeIndex(rng.choice(mondays.to_numpy(), n_clients)).sort_values()
    clients = pd.DataFrame(
        {
            "client_id": [f"C{i:04d}" for i in range(1, n_clients + 1)],
            "search_start": starts,
            "pace": rng.gamma(4.0, weekly_pace / 4.0, n_clients),
            "quality": rng.lognormal(0.0, quality_sigma, n_clients),
            "resume_switch_week": rng.integers(4, 20, n_clients),
            "role_family": rng.choice(list(ROLE_FAMILIES), n_clients, p=[0.45, 0.25, 0.15, 0.15]),
        }
    )
    # Competing non-job exits, in days from the start (exponential with the given monthly hazards).
    other_day = rng.exponential(30.4 / -np.log1p(-other_exit_monthly), n_clients)
    training_day = rng.exponential(30.4 / -np.log1p(-training_exit_monthly), n_clients)
    horizon = (as_of_ts - clients["search_start"]).dt.days.to_numpy()
    sim = _simulate_applications(rng, clients, horizon, channels, funnel, as_of_ts)
    result = _finish_cohort(rng, sim, clients, other_day, training_day, as_of_ts, funnel, channels, seed)
    if late_intake is None:
        return result
    return _truncate(result, rng, late_intake, intake_delay_days)


def _truncate(sim: Simulation, rng: np.random.Generator, share: float, delay: int) -> Simulation:
    """Draw late intakes independently of the searches and leave out the people who were gone (or had not
    come yet) by then: the cohort a service sees."""
    if not 0 <= share <= 1 or delay < 1:
        raise ValueError("late_intake must be a share from 0 to 1 and intake_delay_days at least 1")
    people = sim.clients
    n = len(people)
    late = rng.random(n) < share
    offset = pd.to_timedelta(rng.integers(1, delay + 1, n), unit="D")
    intake = (people["search_start"] + offset.where(late, pd.Timedelta(0))).astype(DATE_DTYPE)
    gone_first = people["exited_on"].notna() & (people["exited_on"] <= intake) & pd.Series(late)
    came = ~gone_first & (intake <= sim.as_of)
    population = people.assign(intake=intake, came=came)
    clients = population.loc[came].drop(columns="came").reset_index(drop=True)
    clients["last_contact_on"] = np.maximum(clients["last_contact_on"], clients["intake"]).astype(DATE_DTYPE)
    keep = sim.applications["client_id"].isin(clients["client_id"]).to_numpy()
    apps = sim.applications.loc[keep].reset_index(drop=True)
    truth = sim.truth.loc[keep].reset_index(drop=True)
    return Simulation(
        applications=apps,
        truth=truth,
        rates=_rates(truth, apps),
        clients=clients,
        funnel=sim.funnel,
        channels=sim.channels,
        as_of=sim.as_of,
        seed=sim.seed,
        extra={**sim.extra, "population": population},
    )


def simulate_search(
    *,
    seed: int = 1,
    start: str = "2026-05-04",
    as_of: str = "2026-11-02",
    weekly_pace: float = 11.5,
    quality: float = 0.7,
    resume_switch_week: int = 12,
    channels: dict[str, ChannelParams] | None = None,
    funnel: FunnelParams | None = None,
) -> Simulation:
    """Simulate one person's search from ``start`` to ``as_of`` (about 300 applications over six months).

    The defaults describe the bundled sample: someone applying mostly through job boards, with a resume a
    little weaker than average (``quality`` 0.7 multiplies the published positive-reply rates), still
    searching after six months.

    The person applies until the as-of date or until accepting an offer, whichever comes first; the log is
    what their spreadsheet would show on the as-of date.

    Returns
    -------
    Simulation
        ``clients`` has one row (client_id ``"self"``).
    """
    rng = np.random.default_rng(seed)
    channels = channels or DEFAULT_CHANNELS
    funnel = funnel or FunnelParams()
    as_of_ts = pd.Timestamp(as_of)
    clients = pd.DataFrame(
        {
            "client_id": ["self"],
            "search_start": [pd.Timestamp(start)],
            "pace": [weekly_pace],
            "quality": [quality],
            "resume_switch_week": [resume_switch_week],
            "role_family": ["mixed"],
        }
    )
    horizon = np.array([(as_of_ts - pd.Timestamp(start)).days])
    sim = _simulate_applications(rng, clients, horizon, channels, funnel, as_of_ts)
    never = np.array([np.inf])
    return _finish_cohort(rng, sim, clients, never, never, as_of_ts, funnel, channels, seed)


def _simulate_applications(rng, clients, horizon, channels, funnel, as_of_ts):
    """Every application each client would send over its horizon, with its full (uncensored) path."""
    owner, applied, days_in = _application_days(rng, clients, horizon)
    names = list(channels)
    channel_idx, families, resume, cover = _application_choices(rng, clients, owner, days_in, channels)
    months = days_in / 30.4
    duration = funnel.monthly_decay**months * np.where(months >= 6, funnel.after_six_months, 1.0)
    base_pos = np.array([channels[c].positive for c in names])[channel_idx]
    base_rej = np.array([channels[c].rejection for c in names])[channel_idx]
    p_pos = np.clip(
        base_pos
        * clients["quality"].to_numpy()[owner]
        * pd.Series(families).map(ROLE_FAMILIES).to_numpy()
        * np.where(resume == "v2", RESUME_EFFECT["v2"], 1.0)
        * np.where(cover, COVER_LETTER_EFFECT, 1.0)
        * duration,
        0,
        0.95,
    )
    p_rej = base_rej * (1 - p_pos)  # a rejection reply among those not invited
    path = _application_paths(rng, p_pos, p_rej, np.array(names)[channel_idx] == "referral", funnel)
    companies = _company_names(rng, len(owner))
    titles = np.empty(len(owner), dtype=object)
    for family, options in _TITLES.items():  # one draw per role family, not per application
        mask = families == family
        titles[mask] = rng.choice(options, int(mask.sum()))
    apps = pd.DataFrame(
        {
            "client_id": clients["client_id"].to_numpy()[owner],
            "company": companies,
            "job_title": titles,
            "role_family": families,
            "industry": rng.choice(_INDUSTRIES, len(owner)),
            "location": rng.choice(_LOCATIONS, len(owner)),
            "channel": pd.Categorical(np.array(names)[channel_idx], dtype=CHANNEL_DTYPE),
            "resume_version": resume,
            "cover_letter": cover,
            "applied_on": pd.to_datetime(applied).astype(DATE_DTYPE),
        }
    )
    truth = pd.DataFrame(
        {
            "client": owner,
            "p_positive": p_pos,
            "p_reply": p_pos + p_rej,
            **path,
            "interest": rng.integers(1, 6, len(owner)),
        }
    )
    order = np.lexsort((apps["applied_on"].to_numpy(), owner))
    return apps.iloc[order].reset_index(drop=True), truth.iloc[order].reset_index(drop=True)


def _application_days(rng, clients, horizon):
    """How many applications each client sends (Poisson on their weekly pace) and on which weekdays: the owner
    of each application (a client's position), its date, and its day of the client's search."""
    weeks = np.maximum(1, np.ceil(horizon / 7)).astype(int)
    counts = rng.poisson(clients["pace"].to_numpy() * weeks)
    owner = np.repeat(np.arange(len(clients)), counts)
    # Weekdays only: a day offset within the horizon, moved off weekends.
    offset = np.floor(rng.random(len(owner)) * np.repeat(horizon, counts)).astype(np.int64)
    start = clients["search_start"].to_numpy().astype("datetime64[D]")[owner]
    applied = start + offset.astype("timedelta64[D]")
    weekday = (applied.view(np.int64) + 3) % 7  # 0 = Monday
    applied = applied - np.where(weekday >= 5, weekday - 4, 0).astype("timedelta64[D]")
    applied = np.maximum(applied, start)
    return owner, applied, (applied - start).astype(np.int64)


def _application_choices(rng, clients, owner, days_in, channels):
    """What each application was: its channel (a position in ``channels``), role family, resume version (v2
    from the client's switch week on) and whether it had a cover letter."""
    n = len(owner)
    shares = np.array([channels[c].share for c in channels])
    channel_idx = rng.choice(len(channels), n, p=shares / shares.sum())
    if clients["role_family"].iloc[0] == "mixed":
        families = rng.choice(list(ROLE_FAMILIES), n, p=[0.5, 0.25, 0.15, 0.10])
    else:
        families = clients["role_family"].to_numpy()[owner]
    switch = clients["resume_switch_week"].to_numpy()[owner] * 7
    resume = np.where(days_in >= switch, "v2", "v1")
    cover = rng.random(n) < 0.4
    return channel_idx, families, resume, cover


def _application_paths(rng, p_pos, p_rej, is_referral, funnel) -> dict[str, np.ndarray | pd.Categorical]:
    """Each application's whole path, as if followed for ever: the first reply (positive with ``p_pos``, a
    rejection with ``p_rej``), then screen, interview, offer and the answer, with their days after applying;
    the columns of the truth table from ``reply_day`` to ``true_outcome``."""
    n = len(p_pos)
    u = rng.random(n)
    positive = u < p_pos
    rejected_first = (~positive) & (u < p_pos + p_rej)
    pos_delay = funnel.positive_delay.draw(rng, n)
    rej_delay = funnel.rejection_delay.draw(rng, n)
    reply_day = np.where(positive, pos_delay, np.where(rejected_first, rej_delay, np.nan))

    skip_screen = positive & is_referral & (rng.random(n) < funnel.skip_screen_referral)
    screened = positive & ~skip_screen
    interviewed = skip_screen | (screened & (rng.random(n) < funnel.screen_to_interview))
    screen_day = np.where(screened, pos_delay, np.nan)
    interview_day = np.where(
        skip_screen, pos_delay, np.where(interviewed, pos_delay + funnel.screen_to_interview_delay.draw(rng, n), np.nan)
    )
    offered = interviewed & (rng.random(n) < funnel.interview_to_offer)
    decision_delay = funnel.interview_to_decision_delay.draw(rng, n)
    offer_day = np.where(offered, interview_day + decision_delay, np.nan)
    accepted = offered & (rng.random(n) < funnel.offer_accepted)
    answer_day = offer_day + funnel.offer_to_answer_delay.draw(rng, n)

    # Endings after a positive reply: rejection or silence after a screen / an interview.
    rej_after_screen = screened & ~interviewed & (rng.random(n) < funnel.rejection_after_screen)
    rej_after_interview = interviewed & ~offered & (rng.random(n) < funnel.rejection_after_interview)
    later_rej_day = np.where(
        rej_after_screen,
        screen_day + funnel.rejection_delay.draw(rng, n),
        np.where(rej_after_interview, interview_day + decision_delay, np.nan),
    )
    stage = screened.astype(np.int8)
    stage[interviewed], stage[offered], stage[accepted] = 2, 3, 4
    outcome = np.full(n, "ghosted", dtype=object)
    outcome[rejected_first | rej_after_screen | rej_after_interview] = "rejected"
    outcome[offered & ~accepted] = "declined"
    outcome[accepted] = "hired"
    outcome_day = np.where(offered, answer_day, np.where(rejected_first, rej_delay, later_rej_day))
    return {
        "reply_day": reply_day,
        "positive": positive,
        "screen_day": screen_day,
        "interview_day": interview_day,
        "offer_day": offer_day,
        "outcome_day": outcome_day,
        "true_stage": pd.Categorical.from_codes(stage, dtype=STAGE_DTYPE),
        "true_outcome": pd.Categorical(outcome, dtype=OUTCOME_DTYPE),
    }


def _observe(apps: pd.DataFrame, truth: pd.DataFrame, as_of: pd.Timestamp, cut_off=None):
    """What a log shows at ``as_of`` (or at each client's exit, ``cut_off``): later events are unknown."""
    limit = np.full(len(apps), as_of.to_datetime64().astype("datetime64[D]")) if cut_off is None else cut_off
    applied = apps["applied_on"].to_numpy().astype("datetime64[D]")

    def seen(day_column: str) -> pd.Series:
        days = truth[day_column].to_numpy()
        when = applied + np.nan_to_num(days, nan=0).astype("timedelta64[D]")
        ok = ~np.isnan(days) & (when <= limit)
        return pd.Series(np.where(ok, when, np.datetime64("NaT")), index=apps.index).astype(DATE_DTYPE)

    screen_on, interview_on, offer_on = seen("screen_day"), seen("interview_day"), seen("offer_day")
    outcome_on = seen("outcome_day")
    first_response_on = seen("reply_day")
    stage = pd.Series(0, index=apps.index)
    stage = stage.mask(screen_on.notna(), 1).mask(interview_on.notna(), 2).mask(offer_on.notna(), 3)
    true_outcome = truth["true_outcome"].astype(str)
    ended = outcome_on.notna() & true_outcome.isin(["rejected", "declined", "hired"])
    outcome = true_outcome.where(ended, "open")
    stage = stage.mask(outcome == "hired", 4)
    observed = apps.assign(
        first_response_on=first_response_on,
        screen_on=screen_on,
        interview_on=interview_on,
        offer_on=offer_on,
        furthest_stage=pd.Categorical.from_codes(stage.to_numpy(), dtype=STAGE_DTYPE),
        outcome=pd.Categorical(outcome, dtype=OUTCOME_DTYPE),
        outcome_on=outcome_on.where(ended),
        interest=pd.array(truth["interest"], dtype="Int64"),
    )
    return _canonical(observed), truth


def _canonical(apps: pd.DataFrame) -> pd.DataFrame:
    """Fill in the canonical columns a simulated log does not draw, in the schema's column order."""
    missing_text = pd.Series(np.nan, index=apps.index, dtype="str")
    missing_flag = pd.Series(pd.NA, index=apps.index, dtype="boolean")
    full = apps.assign(
        cover_letter=apps["cover_letter"].astype("boolean"),
        feedback_requested=missing_flag,
        feedback_received=missing_flag,
        notes=missing_text,
        outcome_recorded=pd.Series(True, index=apps.index, dtype=bool),
        source_file=pd.Series("simulated", index=apps.index, dtype="str"),
        source_row=pd.Series(np.arange(1, len(apps) + 1), index=apps.index, dtype="int64"),
    )
    full = full.assign(application_id=derived_ids(full))
    return full.astype(dict.fromkeys(TEXT_COLUMNS, "str"))[list(COLUMNS)]


def _rates(truth: pd.DataFrame, apps: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = truth if apps is None else truth.assign(channel=apps["channel"])
    return (
        frame.groupby("channel", observed=True)
        .agg(
            applications=("p_positive", "size"),
            p_positive=("p_positive", "mean"),
            p_reply=("p_reply", "mean"),
        )
        .reset_index()
    )


def _finish_cohort(rng, sim, clients, other_day, training_day, as_of_ts, funnel, channels, seed):
    """The clients' exits and counselling records, and the applications as their logs show them on the as-of
    date (each client's up to their exit)."""
    apps, truth = sim
    owner = truth["client"].to_numpy()
    applied = apps["applied_on"].to_numpy().astype("datetime64[D]")
    exit_on, reason = _first_exit(apps, truth, clients, other_day, training_day)
    exited = ~np.isnat(exit_on) & (exit_on <= as_of_ts.to_datetime64().astype("datetime64[D]"))
    clients_out = _client_records(rng, clients, exit_on, reason, exited, as_of_ts)
    # Applications stop at the exit; whatever was pending is followed only up to then.
    client_exit = np.where(exited, exit_on, np.datetime64("NaT"))[owner]
    keep = np.isnat(client_exit) | (applied <= client_exit)
    apps, truth = apps.loc[keep].reset_index(drop=True), truth.loc[keep].reset_index(drop=True)
    limit = np.where(np.isnat(client_exit[keep]), as_of_ts.to_datetime64().astype("datetime64[D]"), client_exit[keep])
    apps, truth = _observe(apps, truth, as_of_ts, cut_off=limit)
    return Simulation(
        applications=apps,
        truth=truth,
        rates=_rates(truth, apps),
        clients=clients_out,
        funnel=funnel,
        channels=channels,
        as_of=as_of_ts,
        seed=seed,
    )


def _first_exit(apps, truth, clients, other_day, training_day):
    """Each client's first exit had they been followed for ever: the day and the reason ("job", the day of
    their first accepted offer; "training" or "other", days after their search start, inf for never)."""
    owner = truth["client"].to_numpy()
    applied = apps["applied_on"].to_numpy().astype("datetime64[D]")
    hire_on = np.where(
        truth["true_outcome"] == "hired",
        applied + np.nan_to_num(truth["outcome_day"].to_numpy(), nan=0).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    first_hire = pd.Series(hire_on).groupby(owner).min().reindex(range(len(clients)))
    start = clients["search_start"].to_numpy().astype("datetime64[D]")
    never = np.datetime64("NaT")
    other_on = np.where(
        np.isfinite(other_day), start + np.round(np.nan_to_num(other_day, posinf=0)).astype("timedelta64[D]"), never
    )
    training_on = np.where(
        np.isfinite(training_day),
        start + np.round(np.nan_to_num(training_day, posinf=0)).astype("timedelta64[D]"),
        never,
    )
    candidates = pd.DataFrame(
        {
            "job": first_hire.to_numpy().astype("datetime64[D]"),
            "training": training_on,
            "other": other_on,
        }
    )
    days = candidates.to_numpy().astype("datetime64[D]")
    as_days = np.where(np.isnat(days), np.iinfo(np.int64).max, days.view(np.int64))
    first = as_days.argmin(axis=1)
    return days[np.arange(len(days)), first], np.array(candidates.columns, dtype=object)[first]


def _client_records(rng, clients, exit_on, reason, exited, as_of_ts):
    """The clients table a counselling service keeps: search start, exit (the kind of work drawn for a job),
    last contact, intake (some came mid-search), programme and counsellor."""
    start = clients["search_start"].to_numpy().astype("datetime64[D]")
    job_kind = rng.choice(
        ["employed_full_time", "employed_part_time", "self_employed"], len(clients), p=[0.75, 0.2, 0.05]
    )
    exit_reason = np.where(reason == "job", job_kind, reason)
    clients_out = pd.DataFrame(
        {
            "client_id": clients["client_id"],
            "search_start": clients["search_start"].astype(DATE_DTYPE),
            "exited_on": pd.Series(np.where(exited, exit_on, np.datetime64("NaT"))).astype(DATE_DTYPE),
            "exit_reason": pd.Series(np.where(exited, exit_reason, None), dtype="str"),
        }
    )
    # Contact with the counsellor: the last one falls a few days to weeks before the as-of date or the exit.
    until = np.where(exited, exit_on, as_of_ts.to_datetime64().astype("datetime64[D]"))
    gap = rng.integers(0, 28, len(clients)).astype("timedelta64[D]")
    # Some clients joined the programme after they had started searching (left truncation).
    late = rng.random(len(clients)) < 0.3
    # A client comes to the service before their search ends (those who found work first never come): a late
    # intake falls at most halfway into the time the client was searching.
    offset = np.minimum(rng.integers(14, 90, len(clients)), (until - start).astype(np.int64) // 2)
    intake = start + np.where(late, offset, 0).astype("timedelta64[D]")
    clients_out["last_contact_on"] = pd.Series(np.maximum(until - gap, intake)).astype(DATE_DTYPE)
    clients_out["intake"] = pd.Series(intake).astype(DATE_DTYPE)
    clients_out["program"] = rng.choice(["career coaching", "job club", "digital skills"], len(clients))
    clients_out["counsellor"] = rng.choice(["team A", "team B", "team C", "team D"], len(clients))
    return clients_out


# ------------------------------------------------------------------------------------------- writing
_STATUS_WORDS = {
    ("applied", "open"): "Applied",
    ("screen", "open"): "Phone Screen",
    ("interview", "open"): "Interviewing",
    ("offer", "open"): "Offer",
    ("hired", "hired"): "Offer accepted ✅",
    ("offer", "declined"): "Declined offer",
}
_CHANNEL_WORDS = {
    "job_board": ["LinkedIn", "Indeed", "LinkedIn Easy Apply", "Glassdoor", "ZipRecruiter"],
    "company_site": ["Company website", "Careers page"],
    "referral": ["Referral", "Referred by friend"],
    "recruiter": ["Recruiter", "Agency"],
    "networking": ["Networking event", "Cold email", "Alumni network"],
}
_NOTES = [
    "",
    "",
    "",
    "",
    "",
    "",
    "Felt good about this one",
    "Tailored resume",
    "Long application form",
    "Followed up by email",
    "Great team, long commute",
    "Salary not listed",
    "Met them at a meetup",
]


def _us_date(values: pd.Series) -> pd.Series:
    """Month/day/year without leading zeros, as US spreadsheets show dates."""
    part = lambda p: p.astype("Int64").astype("string")  # noqa: E731 - whole numbers, missing stays missing
    return (part(values.dt.month) + "/" + part(values.dt.day) + "/" + part(values.dt.year)).fillna("")


def personal_log_table(sim: Simulation, *, seed: int = 11) -> pd.DataFrame:
    """The personal log as someone would keep it in a spreadsheet (strings, US dates, a status column plus
    the dates of stages reached), before any deliberately broken rows are added."""
    rng = np.random.default_rng(seed)
    apps = sim.applications
    n = len(apps)
    key = list(zip(apps["furthest_stage"].astype(str), apps["outcome"].astype(str), strict=True))
    status = pd.Series([_STATUS_WORDS.get(k, "") for k in key], index=apps.index, dtype="str")
    rejected = apps["outcome"] == "rejected"
    status = status.mask(
        rejected, np.where(apps["furthest_stage"] >= "interview", "Rejected after interview", "Rejected")
    )
    # The person marks about half of the old, silent applications as "No response".
    silent_old = (
        (apps["outcome"] == "open") & apps["first_response_on"].isna() & ((sim.as_of - apps["applied_on"]).dt.days > 45)
    )
    marked = silent_old & (rng.random(n) < 0.5)
    status = status.mask(marked, "No response")
    status_on = apps["outcome_on"].where(apps["outcome"] != "open")
    stage_dates = apps[["screen_on", "interview_on", "offer_on"]].max(axis=1)
    status_on = status_on.fillna(stage_dates.where(apps["outcome"] == "open"))
    channel_word = apps["channel"].astype(str).map(lambda c: _CHANNEL_WORDS[c])
    source = pd.Series(
        [words[i % len(words)] for i, words in zip(rng.integers(0, 10, n), channel_word, strict=True)], index=apps.index
    )
    email = pd.Series("", index=apps.index, dtype="str").mask(
        apps["channel"] == "recruiter",
        "recruiter" + pd.Series(rng.integers(100, 999, n), index=apps.index).astype(str) + "@example.com",
    )
    return pd.DataFrame(
        {
            "Date Applied": _us_date(apps["applied_on"]),
            "Company": apps["company"],
            "Position": apps["job_title"],
            "Role Type": apps["role_family"].str.title(),
            "Industry": apps["industry"],
            "Location": apps["location"],
            "Source": source,
            "Resume Version": apps["resume_version"],
            "Cover Letter": np.where(apps["cover_letter"], "Yes", "No"),
            "Status": status,
            "Status Date": _us_date(status_on),
            "Phone Screen": _us_date(apps["screen_on"]),
            "Interview": _us_date(apps["interview_on"]),
            "Offer": _us_date(apps["offer_on"]),
            "Excitement (1-5)": apps["interest"].astype("string"),
            "Recruiter Email": email,
            "Notes": rng.choice(_NOTES, n),
        }
    )


BROKEN_ROWS = (
    "an impossible date (February 30)",
    "no company name",
    "excitement 10 on a 1-5 scale",
    "an interview dated a year before the application (a typo in the year)",
    "a row pasted twice (an exact copy)",
    "an application dated in the next year (a typo in the year)",
    "a status nobody can read ('Limbo')",
    "a company name with an unquoted comma, so the row has one cell too many",
)


SAVED_ROWS = (
    ("", "Northwind Data", "Data Analyst", "Data Analyst", "technology", "Remote", "LinkedIn", "v2", "No", "Bookmarked",
     "", "", "", "", "4", "", "Apply next week"),
    ("", "Harborview Health", "BI Analyst", "Data Analyst", "healthcare", "Chicago, IL", "Indeed", "v2", "No", "Saved",
     "", "", "", "", "3", "", ""),
)  # fmt: skip
"""Two bookmarked (saved, not applied) jobs at the end of the personal sample log, which a loader must skip."""


def write_personal_log(sim: Simulation, path: Path, *, seed: int = 11) -> dict:
    """Write the personal sample log as CSV, with a handful of realistically broken rows.

    The broken rows are listed in :data:`BROKEN_ROWS`; besides them the file has one blank row and two
    bookmarked (saved, not applied) jobs, which a loader must skip rather than reject. Returns what was
    written (row numbers of each kind of trouble) for the tests.
    """
    rng = np.random.default_rng(seed)
    table = personal_log_table(sim, seed=seed)
    rows = [list(r) for r in table.itertuples(index=False)]
    header = list(table.columns)
    col = {name: i for i, name in enumerate(header)}
    picks = rng.choice(np.arange(20, len(rows) - 20), 8, replace=False)
    rows[picks[0]][col["Date Applied"]] = "2/30/2026"
    rows[picks[1]][col["Company"]] = ""
    rows[picks[2]][col["Excitement (1-5)"]] = "10"
    interview_row = rows[picks[3]]
    applied = pd.Timestamp(interview_row[col["Date Applied"]])
    interview_row[col["Interview"]] = f"{applied.month}/{min(applied.day + 3, 28)}/{applied.year - 1}"
    interview_row[col["Status"]] = "Interviewing"
    rows[picks[5]][col["Date Applied"]] = rows[picks[5]][col["Date Applied"]].replace("/2026", "/2027")
    rows[picks[6]][col["Status"]] = "Limbo"
    rows[picks[7]][col["Company"]] = "Acme, Inc."
    duplicate_of = picks[4]
    rows.insert(duplicate_of + 1, list(rows[duplicate_of]))
    blank_at = len(rows) // 2
    rows.insert(blank_at, [""] * len(header))
    rows.extend(list(row) for row in SAVED_ROWS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        if row[col["Company"]] == "Acme, Inc.":
            buffer.write(",".join(row) + "\n")  # hand-edited: the comma is not quoted
        else:
            writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return {"rows": len(rows), "broken": len(BROKEN_ROWS), "skipped": 1 + len(SAVED_ROWS)}


_SPARSE_STATUS = {
    ("applied", "open"): "Applied",
    ("screen", "open"): "Phone screen",
    ("interview", "open"): "Interview",
    ("offer", "open"): "Offer",
    ("hired", "hired"): "Accepted offer",
    ("offer", "declined"): "Declined",
}
_SPARSE_TYPOS = {"Rejected": "Rejcted", "Interview": "Intervew", "Ghosted": "Gosted"}
_SPARSE_SOURCES = {
    "job_board": [
        "LinkedIn",
        "https://www.linkedin.com/jobs/view/{n}",
        "Indeed",
        "https://www.indeed.com/viewjob?jk={n}",
    ],
    "company_site": [
        "https://boards.greenhouse.io/{slug}/jobs/{n}",
        "{slug}.com/careers",
        "https://jobs.lever.co/{slug}/{n}",
    ],
    "referral": ["Referral", "referred by a friend"],
    "recruiter": ["Recruiter reached out", "Agency"],
    "networking": ["Meetup", "Cold email"],
}


def sparse_log_table(sim: Simulation, *, seed: int = 23) -> pd.DataFrame:
    """A status-only log, as most people keep one: company, role, date applied, a status word (with a typo
    or two), notes and a "Source/Link" column holding a board's name or the posting's address. It has no
    reply dates, no stage dates and no channel column, so how soon replies come cannot be measured from it."""
    rng = np.random.default_rng(seed)
    apps = sim.applications
    n = len(apps)
    key = zip(apps["furthest_stage"].astype(str), apps["outcome"].astype(str), strict=True)
    status = pd.Series([_SPARSE_STATUS.get(k, "Applied") for k in key], index=apps.index, dtype="str")
    status = status.mask(apps["outcome"] == "rejected", "Rejected")
    silent_old = (apps["outcome"] == "open") & apps["first_response_on"].isna()
    silent_old &= (sim.as_of - apps["applied_on"]).dt.days > 30
    status = status.mask(silent_old & (rng.random(n) < 0.6), "Ghosted")
    typo = rng.random(n) < 0.06
    status = status.mask(typo, status.map(lambda s: _SPARSE_TYPOS.get(s, s)))
    slug = apps["company"].str.split(" ").str[0].str.lower()
    templates = apps["channel"].astype(str).map(lambda c: _SPARSE_SOURCES[c])
    picks = rng.integers(0, 12, n)
    numbers = rng.integers(10**6, 10**7, n)
    source = [
        options[i % len(options)].format(n=number, slug=s)
        for options, i, number, s in zip(templates, picks, numbers, slug, strict=True)
    ]
    return pd.DataFrame(
        {
            "Company": apps["company"],
            "Role": apps["job_title"],
            "Date applied": apps["applied_on"].dt.strftime("%Y-%m-%d"),
            "Status": status,
            "Source/Link": source,
            "Notes": rng.choice(_NOTES, n),
        }
    )


def write_sparse_log(sim: Simulation, path: Path, *, seed: int = 23) -> dict:
    """Write the sparse sample log as CSV; returns its row count for the manifest."""
    table = sparse_log_table(sim, seed=seed)
    table.to_csv(path, index=False, lineterminator="\n")
    return {"rows": len(table)}


def write_cohort(sim: Simulation, applications_path: Path, clients_path: Path) -> None:
    """Write a cohort as a counsellor's system would export it: ISO dates, canonical column names."""
    apps = sim.applications
    status = pd.Series(
        [
            _STATUS_WORDS.get(k, "")
            for k in zip(apps["furthest_stage"].astype(str), apps["outcome"].astype(str), strict=True)
        ],
        index=apps.index,
        dtype="str",
    )
    status = status.mask(apps["outcome"] == "rejected", "Rejected")
    iso = lambda s: s.dt.strftime("%Y-%m-%d").fillna("")  # noqa: E731
    out = pd.DataFrame(
        {
            "client_id": apps["client_id"],
            "company": apps["company"],
            "job_title": apps["job_title"],
            "role_family": apps["role_family"],
            "industry": apps["industry"],
            "channel": apps["channel"].astype(str),
            "resume_version": apps["resume_version"],
            "cover_letter": np.where(apps["cover_letter"], "yes", "no"),
            "applied_on": iso(apps["applied_on"]),
            "status": status,
            "status_on": iso(apps["outcome_on"]),
            "first_response_on": iso(apps["first_response_on"]),
            "screen_on": iso(apps["screen_on"]),
            "interview_on": iso(apps["interview_on"]),
            "offer_on": iso(apps["offer_on"]),
        }
    )
    out.to_csv(applications_path, index=False, lineterminator="\n")
    clients_table(sim).to_csv(clients_path, index=False, lineterminator="\n")


_FIRST_NAMES = ["Amina", "Ben", "Chloe", "Dariusz", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
                "Liam", "Maya", "Noah", "Olga", "Priya", "Quentin", "Rosa", "Samir", "Tara", "Uche", "Vera",
                "Wei", "Yusuf", "Zoe"]  # fmt: skip
_LAST_NAMES = ["Abbott", "Baptiste", "Chen", "Dubois", "Eriksen", "Fernandes", "Gallagher", "Hassan", "Ivanova",
               "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi",
               "Schmidt", "Tanaka", "Usman", "Varga", "Walsh", "Yilmaz", "Zhou"]  # fmt: skip
_EXIT_WORDS = {
    "employed_full_time": "Employed full-time",
    "employed_part_time": "Employed part-time",
    "self_employed": "Self-employed",
    "training": "Training",
    "other": "Other",
}


def clients_table(sim: Simulation, *, seed: int = 5) -> pd.DataFrame:
    """The clients table as a counsellor's case system would export it: the client's name and e-mail (which
    the tool must never keep), readable headers, exit reasons in words, and two broken rows (an exit with no
    reason, and a last contact typed with the wrong year)."""
    rng = np.random.default_rng(seed)
    clients = sim.clients
    first = rng.choice(_FIRST_NAMES, len(clients))
    last = rng.choice(_LAST_NAMES, len(clients))
    iso = lambda s: s.dt.strftime("%Y-%m-%d").fillna("")  # noqa: E731
    table = pd.DataFrame(
        {
            "Client ID": clients["client_id"],
            "Name": pd.Series(first, dtype="str") + " " + pd.Series(last, dtype="str"),
            "Email": pd.Series(first, dtype="str").str.lower()
            + "."
            + pd.Series(last, dtype="str").str.lower()
            + "@example.org",
            "Search start": iso(clients["search_start"]),
            "Intake date": iso(clients["intake"]),
            "Programme": clients["program"],
            "Counsellor team": clients["counsellor"],
            "Exit date": iso(clients["exited_on"]),
            "Exit reason": clients["exit_reason"].map(_EXIT_WORDS).fillna(""),
            "Last contact": iso(clients["last_contact_on"]),
        }
    )
    exited = np.flatnonzero(table["Exit date"] != "")
    searching = np.flatnonzero(table["Exit date"] == "")
    if len(exited) and len(searching):
        table.loc[exited[len(exited) // 2], "Exit reason"] = ""
        row = searching[len(searching) // 3]
        table.loc[row, "Last contact"] = "2062" + table.loc[row, "Last contact"][4:]
    return table


def write_samples(folder: Path) -> dict:
    """(Re)write every committed sample file and the manifest in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    personal = simulate_search()
    info = write_personal_log(personal, folder / "personal_log.csv")
    sparse = simulate_search(seed=5, start="2026-07-06", weekly_pace=9.0, resume_switch_week=99)
    sparse_info = write_sparse_log(sparse, folder / "sparse_log.csv")
    cohort = simulate_cohort()
    write_cohort(cohort, folder / "cohort_applications.csv", folder / "cohort_clients.csv")
    manifest = {
        "personal_log": {
            "file": "personal_log.csv",
            "as_of": f"{personal.as_of:%Y-%m-%d}",
            "kind": "applications",
            "description": (
                f"One person's spreadsheet log: {info['rows']} rows, about six months of a search for "
                "analyst roles (US dates, a Status column plus the dates of stages reached). It has "
                f"{info['broken']} realistically broken rows, a blank row and two saved jobs."
            ),
        },
        "sparse_log": {
            "file": "sparse_log.csv",
            "as_of": f"{sparse.as_of:%Y-%m-%d}",
            "kind": "applications",
            "description": (
                f"A status-only log as most people keep one: {sparse_info['rows']} applications over four "
                "months with company, role, date applied, a status word (a few with typos), notes and a "
                "'Source/Link' column; no reply or stage dates."
            ),
        },
        "cohort_applications": {
            "file": "cohort_applications.csv",
            "as_of": f"{cohort.as_of:%Y-%m-%d}",
            "kind": "applications",
            "description": (
                f"The applications of {len(cohort.clients)} clients of an employment service "
                f"({len(cohort.applications)} rows, ISO dates, a client_id column)."
            ),
        },
        "cohort_clients": {
            "file": "cohort_clients.csv",
            "as_of": f"{cohort.as_of:%Y-%m-%d}",
            "kind": "clients",
            "description": (
                f"One row per client ({len(cohort.clients)}): search start, intake, programme, counsellor "
                "team, exit date and reason, last contact; with names and e-mails (which the tool drops) and "
                "two broken rows."
            ),
        },
    }
    (folder / "samples.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":  # python -m jobsearch_analysis.simulate sample_data
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "sample_data")
    written = write_samples(target)
    for entry in written.values():
        print(f"{target / entry['file']}: {entry['description']}")
