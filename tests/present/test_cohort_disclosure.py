"""Playing attacker on the cohort report: can a count of 1 to k - 1 clients be worked out of what it publishes?

Everything the report publishes together is collected (every table of ``Report.tables``, written as CSV by
``--tables-dir``, and the page: its tables, its words and the data of its charts) and attacked the way someone
holding them would, without the library's suppression code:

(a) a share beside a published count (share x count);
(b) subtraction: every hidden count is an unknown whole number, the tables' sums and nestings are constraints, and
    integer linear programming (``scipy.optimize.linprog``) finds each unknown's least and greatest value;
(c) the published curves: each row's events from the incidence and the risk set, and every count column;
(d) day figures (quartiles and their intervals) in a group whose counts are hidden;
(e) quartiles, the median share and the busiest tenth when they describe fewer than k clients;
plus the counts the page states outright, in its tables and in its words.

The caseloads are built here, so the true counts are known: a recovery is reported with the true value. Each
attack is first shown to work on unprotected output (``min_clients=1``, or counts blanked without complementary
suppression), so that a pass means the protection held, not that the attack was blind.

The triage list is left out on purpose: it names clients (by pseudonym) one per row, for the counselling team
(``include_triage=False`` leaves it out of a report shared beyond it).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from jobsearch_analysis import sample_path
from jobsearch_analysis.analysis.cohort import client_rates
from jobsearch_analysis.ingest.clients import load_cohort
from jobsearch_analysis.present.cohort_report import build_cohort

K = 5
SECRET = "x" * 20
AS_OF = "2026-11-02"
BASE = pd.Timestamp("2025-01-06")
HORIZON = (pd.Timestamp(AS_OF) - BASE).days
CHANNELS = ("job_board", "company_site", "referral", "recruiter", "networking")
EMPLOYED = ("employed_full_time", "employed_part_time", "self_employed")
REASONS = (*EMPLOYED, "training", "other")
COUNTS = ["clients", "employed", "other_exits", "searching", "joined_late", "not_followed"]
SEGMENTS = {"time_to_employment": None, "time_to_employment_by_program": "program",
            "time_to_employment_by_counsellor": "counsellor"}  # fmt: skip
STAGES = ["screen", "interview", "offer", "hired"]
ALL = "(all)"


# ----------------------------------------------------------------------------------------------- caseloads
def day(n: int) -> str:
    return (BASE + pd.Timedelta(days=int(n))).strftime("%Y-%m-%d")


@dataclass
class Client:
    id: str
    end: int  # days from the search start to the exit, or to the last contact while searching
    reason: str | None = None
    start: int = 0  # days after BASE
    late: int | None = None  # intake this many days after the search start
    program: str | None = None
    counsellor: str | None = None
    hired: bool = False  # an application with an accepted offer
    offer: bool = False  # an application with an offer


def clients_frame(clients: list[Client]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": [c.id for c in clients],
            "search_start": [day(c.start) for c in clients],
            "intake": [day(c.start + (c.late or 0)) for c in clients],
            "exited_on": [day(c.start + c.end) if c.reason else None for c in clients],
            "exit_reason": [c.reason for c in clients],
            "last_contact_on": [day(c.start + c.end) for c in clients],
            "program": [c.program for c in clients],
            "counsellor": [c.counsellor for c in clients],
        }
    )


def applications_frame(clients: list[Client], seed: int) -> pd.DataFrame:
    """A few applications per client on random channels, some answered; an offer (accepted for ``hired``)."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in clients:
        for _ in range(int(rng.integers(6, 15))):
            applied = c.start + int(rng.integers(0, max(1, min(c.end, 300) - 20)))
            row = {"client_id": c.id, "company": f"Company {int(rng.integers(0, 500))}", "applied_on": day(applied),
                   "channel": CHANNELS[int(rng.integers(0, len(CHANNELS)))], "status": "Applied", "status_on": None,
                   "screen_on": None, "interview_on": None, "offer_on": None}  # fmt: skip
            stage = rng.choice(["applied", "rejected", "screen", "interview"], p=[0.5, 0.3, 0.13, 0.07])
            if stage == "rejected":
                row.update(status="Rejected", status_on=day(applied + 9))
            elif stage == "screen":
                row.update(status="Phone Screen", status_on=day(applied + 6), screen_on=day(applied + 6))
            elif stage == "interview":
                row.update(status="Interviewing", status_on=day(applied + 12), screen_on=day(applied + 6),
                           interview_on=day(applied + 12))  # fmt: skip
            rows.append(row)
        if c.hired or c.offer:
            applied = c.start + 2
            rows.append({"client_id": c.id, "company": "Final Co", "applied_on": day(applied), "channel": "referral",
                         "status": "Offer accepted" if c.hired else "Offer", "status_on": day(applied + 15),
                         "screen_on": day(applied + 4), "interview_on": day(applied + 8),
                         "offer_on": day(applied + 15)})  # fmt: skip
    return pd.DataFrame(rows)


def _spread(rng: np.random.Generator, reasons: list[str | None], programs: list[str], teams: list[str],
            prefix: str, late: int = 0) -> list[Client]:  # fmt: skip
    """Clients with the given exits (None: still searching), programmes and teams shuffled, random days."""
    n = len(reasons)
    programs, teams = rng.permutation(programs), rng.permutation(teams)
    late_ones = set(rng.choice(n, size=late, replace=False).tolist()) if late else set()
    out = []
    for i, reason in enumerate(reasons):
        start = int(rng.integers(0, 320))
        if reason is None:
            end = HORIZON - start - int(rng.integers(0, 40))
        else:
            end = int(rng.integers(21, min(420, HORIZON - start)))
        out.append(Client(f"{prefix}{i:03d}", end, reason, start, int(rng.integers(7, 20)) if i in late_ones else None,
                          str(programs[i]), str(teams[i])))  # fmt: skip
    return out


def three() -> list[Client]:
    return [
        Client("A1", 60, "employed_full_time", program="p1", counsellor="t1", hired=True),
        Client("A2", 200, "training", program="p1", counsellor="t1"),
        Client("A3", 300, program="p2", counsellor="t2"),
    ]


def eight() -> list[Client]:
    return [
        Client("B1", 45, "employed_full_time", program="p1", counsellor="t1", hired=True),
        Client("B2", 90, "employed_full_time", 20, program="p1", counsellor="t1", offer=True),
        Client("B3", 150, "employed_part_time", 40, 30, program="p1", counsellor="t2"),
        Client("B4", 70, "other", 10, program="p1", counsellor="t2"),
        Client("B5", 400, None, 100, program="p1", counsellor="t1"),
        Client("B6", 380, None, 150, program="p2", counsellor="t2"),
        Client("B7", 300, None, 200, 25, program="p2", counsellor="t1"),
        Client("B8", 250, None, 300, program="p2", counsellor="t2"),
    ]


def thirty_four() -> list[Client]:
    """34 clients in 3 programmes and 4 teams; exits: full time 12, part time 3, self-employed 2, training 4,
    other 1; 12 still searching; 8 joined late."""
    rng = np.random.default_rng(34)
    reasons = [*["employed_full_time"] * 12, *["employed_part_time"] * 3, *["self_employed"] * 2,
               *["training"] * 4, "other", *[None] * 12]  # fmt: skip
    programs = ["coaching"] * 15 + ["digital skills"] * 12 + ["job club"] * 7
    teams = ["team A"] * 10 + ["team B"] * 10 + ["team C"] * 9 + ["team D"] * 5
    out = _spread(rng, reasons, programs, teams, "C", late=8)
    for i in (0, 3):
        out[i].hired = True
    for i in (1, 5, 20):
        out[i].offer = True
    return out


def programme_of_six_two_employed() -> list[Client]:
    """Programme X: 6 clients followed from day 0, 2 found work (days 40 and 120), 4 still searching."""
    rng = np.random.default_rng(6)
    x = [Client("X1", 40, "employed_full_time", program="X", counsellor="team 1"),
         Client("X2", 120, "employed_part_time", program="X", counsellor="team 2"),
         *(Client(f"X{i}", HORIZON - 10 * i, None, 0, program="X", counsellor=f"team {i % 2 + 1}")
           for i in range(3, 7))]  # fmt: skip
    reasons = [*["employed_full_time"] * 14, *["training"] * 6, *[None] * 14]
    others = _spread(rng, reasons, ["Y"] * 17 + ["Z"] * 17, ["team 1"] * 17 + ["team 2"] * 17, "Y", late=6)
    return x + others


def team_of_one() -> list[Client]:
    """Team C has a single client, who found work."""
    rng = np.random.default_rng(1)
    reasons = [*["employed_full_time"] * 12, *["self_employed"] * 5, *["training"] * 5, *[None] * 7]
    out = _spread(rng, reasons, ["P"] * 15 + ["Q"] * 14, ["team A"] * 15 + ["team B"] * 14, "D", late=4)
    return [*out, Client("D999", 90, "employed_full_time", 30, program="P", counsellor="team C", hired=True)]


def all_joined_late() -> list[Client]:
    rng = np.random.default_rng(20)
    reasons = [*["employed_full_time"] * 9, *["training"] * 5, *[None] * 6]
    return _spread(rng, reasons, ["P"] * 10 + ["Q"] * 10, ["team A"] * 10 + ["team B"] * 10, "E", late=20)


def programme_all_employed() -> list[Client]:
    rng = np.random.default_rng(7)
    everyone = [Client(f"F{i}", 30 + 25 * i, "employed_full_time", 10 * i, program="P", counsellor="team A")
                for i in range(7)]  # fmt: skip
    reasons = [*["employed_full_time"] * 8, *["training"] * 5, "other", *[None] * 9]
    return everyone + _spread(rng, reasons, ["Q"] * 23, ["team A"] * 8 + ["team B"] * 15, "G", late=3)


def six_programmes_one_employed_each() -> list[Client]:
    """Six programmes of six clients: in each, one found work and five are still searching."""
    out = []
    for p in range(6):
        for i in range(6):
            reason = "employed_full_time" if i == 0 else None
            end = 60 + 20 * p if reason else HORIZON - 40 * p - 5 * i
            out.append(Client(f"H{p}{i}", end, reason, 40 * p if reason else 5 * i, program=f"programme {p + 1}",
                              counsellor=f"team {i % 3 + 1}"))  # fmt: skip
    return out


def one_full_time_five_self_employed() -> list[Client]:
    """Found work: 1 full time, 5 self-employed (no part time); 5 left for training; the rest searching."""
    rng = np.random.default_rng(15)
    reasons = ["employed_full_time", *["self_employed"] * 5, *["training"] * 5, *[None] * 19]
    return _spread(rng, reasons, ["P"] * 15 + ["Q"] * 15, ["team A"] * 15 + ["team B"] * 15, "J", late=5)


def nobody_still_searching() -> list[Client]:
    """Everyone has left: 7 for work, 3 for training (so the curves run to the end)."""
    reasons = [*["employed_full_time"] * 7, *["training"] * 3]
    return [Client(f"L{i}", 30 + 21 * i, r, 7 * i, program="P" if i % 2 else "Q", counsellor="team A")
            for i, r in enumerate(reasons)]  # fmt: skip


def programme_not_given() -> list[Client]:
    """Two clients have no programme: one found work, one is still searching."""
    rng = np.random.default_rng(25)
    reasons = [*["employed_full_time"] * 9, *["employed_part_time"] * 5, *["training"] * 3, *[None] * 6]
    out = _spread(rng, reasons, ["A"] * 12 + ["B"] * 11, ["team A"] * 12 + ["team B"] * 11, "M", late=5)
    return [*out, Client("M900", 150, "employed_full_time", 60, program=None, counsellor="team A"),
            Client("M901", HORIZON - 200, None, 100, program=None, counsellor="team B")]  # fmt: skip


def offers_one_short_of_hires() -> list[Client]:
    """Seven clients got an offer, six of them accepted one: the two stages differ by one client."""
    rng = np.random.default_rng(21)
    reasons = [*["employed_full_time"] * 10, *["other"] * 5, *[None] * 6]
    out = _spread(rng, reasons, ["A"] * 21, ["team A"] * 11 + ["team B"] * 10, "N", late=2)
    for i, c in enumerate(out[:7]):
        c.hired, c.offer = i < 6, i == 6
    return out


def all_but_one_joined_late_in_a_programme() -> list[Client]:
    """Programme P: 9 of its 10 clients joined late (the one who did not is the complement); Q: 5 of 12."""
    rng = np.random.default_rng(9)
    p = _spread(rng, ["employed_full_time"] * 5 + ["training"] * 2 + [None] * 3, ["P"] * 10,
                ["team A"] * 6 + ["team B"] * 4, "P", late=9)  # fmt: skip
    q = _spread(rng, ["employed_full_time"] * 6 + ["other"] * 2 + [None] * 4, ["Q"] * 12,
                ["team A"] * 5 + ["team B"] * 7, "Q", late=5)  # fmt: skip
    return p + q


CRAFTED = {
    "three": three,
    "eight": eight,
    "thirty_four": thirty_four,
    "programme_of_six_two_employed": programme_of_six_two_employed,
    "team_of_one": team_of_one,
    "all_joined_late": all_joined_late,
    "programme_all_employed": programme_all_employed,
    "six_programmes_one_employed_each": six_programmes_one_employed_each,
    "one_full_time_five_self_employed": one_full_time_five_self_employed,
    "nobody_still_searching": nobody_still_searching,
    "programme_not_given": programme_not_given,
    "offers_one_short_of_hires": offers_one_short_of_hires,
    "all_but_one_joined_late_in_a_programme": all_but_one_joined_late_in_a_programme,
}
COHORTS = ["sample", *CRAFTED]


# ----------------------------------------------------------------------------------------------- the page
class _Page(HTMLParser):
    """The page's tables (by section), the words outside them, and the JSON of its charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.tables: list[dict] = []
        self.charts: dict[str, str] = {}
        self.words: list[tuple[str, str]] = []
        self._table: dict | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._chart: str | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs.get("id", "")
        elif tag == "table":
            self._table = {"section": self.section, "headers": [], "rows": []}
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "script" and attrs.get("type") == "application/json" and "data-chart" in attrs:
            self._chart = attrs["data-chart"]
            self.charts[self._chart] = ""
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            key = "rows" if self._table["headers"] else "headers"
            if key == "headers":
                self._table["headers"] = self._row
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "script" and self._chart is not None:
            self._chart = None
        elif tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._chart is not None:
            self.charts[self._chart] += data
        elif self._skip:
            return
        elif self._cell is not None:
            self._cell.append(data)
        elif self._table is None:
            self.words.append((self.section, data))


@dataclass
class Page:
    tables: list[dict]
    charts: dict[str, list[dict]]
    words: dict[str, str]  # section -> its words outside tables

    def table(self, section: str, first_header: str) -> dict | None:
        for t in self.tables:
            if t["section"] == section and t["headers"] and t["headers"][0] == first_header:
                return t
        return None


def _array(value) -> np.ndarray:
    """A plotly array: a list, or a typed array ``{"dtype": "f8", "bdata": ...}``."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).astype(float)
    values = [np.nan if v is None else v for v in (value or [])]
    if all(isinstance(v, (int, float)) for v in values):
        return np.asarray(values, dtype=float)
    return np.asarray(values, dtype=object)  # category labels


def read_page(html: str) -> Page:
    parser = _Page()
    parser.feed(html)
    charts = {}
    for key, text in parser.charts.items():
        traces = json.loads(text).get("data", [])
        charts[key.removeprefix("chart-")] = [
            {"name": t.get("name"), "line": "hovertemplate" in t, "x": _array(t.get("x")), "y": _array(t.get("y"))}
            for t in traces
            if t.get("type", "scatter") == "scatter"
        ]
    words: dict[str, str] = {}
    for section, text in parser.words:
        words[section] = words.get(section, "") + text
    return Page(parser.tables, charts, {s: " ".join(w.split()) for s, w in words.items()})


def count_cell(text: str) -> float | None:
    """A count as the page shows it: a number, None for "hidden", NaN for anything else."""
    if text == "hidden":
        return None
    text = text.replace(",", "")
    return float(text) if re.fullmatch(r"\d+", text) else math.nan


def percent_cell(text: str) -> tuple[float, float] | None:
    """The interval of shares that print as ``text`` ("33%", "8.9%")."""
    found = re.fullmatch(r"(\d+(?:\.(\d+))?)%", text.strip())
    if not found:
        return None
    half = 0.5 * 10.0 ** -(len(found.group(2) or "")) / 100
    value = float(found.group(1)) / 100
    return value - half, value + half


# ----------------------------------------------------------------------------------------------- publishing
@dataclass
class Published:
    name: str
    k: int
    tables: dict[str, pd.DataFrame]
    page: Page | None
    cohort: object = field(repr=False)


@cache
def loaded(name: str):
    if name == "sample":
        return load_cohort(sample_path("cohort_applications"), clients=sample_path("cohort_clients"), as_of=AS_OF)
    people = CRAFTED[name]()
    seed = sum(map(ord, name))
    return load_cohort(applications_frame(people, seed), clients=clients_frame(people), as_of=AS_OF)


@cache
def published(name: str, k: int = K) -> Published:
    cohort = loaded(name)
    report = build_cohort(cohort, secret=SECRET, min_clients=k)
    tables = {key: frame for key, frame in report.tables.items() if key != "triage"}
    return Published(name, k, tables, read_page(report.html), cohort)


def primary_only(name: str) -> Published:
    """The unprotected tables with only the counts of 1 to k - 1 clients blanked: no complementary suppression,
    no rounding, figures left in place (what a naive protection would publish)."""
    raw = published(name, 1)
    tables = {}
    for key, frame in raw.tables.items():
        frame = frame.copy()
        columns = [c for c in [*COUNTS, "reached"] if c in frame.columns]
        for column in columns:
            values = frame[column].astype("Float64")
            frame[column] = values.mask(values.between(1, K - 1))
        tables[key] = frame
    return Published(name, K, tables, None, raw.cohort)


# ----------------------------------------------------------------------------------------------- the truth
@dataclass(frozen=True)
class Recovery:
    attack: str
    where: str  # table (or page part), row, column
    value: float
    truth: float | None

    def __str__(self) -> str:
        truth = "unknown" if self.truth is None else f"{self.truth:g}"
        return f"[{self.attack}] {self.where}: recovered {self.value:g} (true value {truth})"


def small(value: float | None) -> bool:
    return value is not None and not pd.isna(value) and 1 <= round(value) <= K - 1 and abs(value - round(value)) < 1e-6


def key_of(value: object) -> str:
    return ALL if value is None else ("(not given)" if pd.isna(value) else str(value))


@cache
def _people(name: str) -> pd.DataFrame:
    """One row per client of the caseload as loaded: segments, days from the search start to the exit (or the
    last contact), exit reason (None: still searching), whether they joined late, whether they were followed."""
    clients = loaded(name).clients
    exited = clients["exited_on"].notna()
    end = clients["exited_on"].where(exited, clients["last_contact_on"])
    days = (end - clients["search_start"]).dt.days.astype(int)
    late = (clients["intake"] > clients["search_start"]).fillna(False).astype(bool)
    entry = (clients["intake"] - clients["search_start"]).dt.days.fillna(0).astype(int)
    return pd.DataFrame(
        {
            "program": clients["program"].astype(object).map(key_of).to_numpy(),
            "counsellor": clients["counsellor"].astype(object).map(key_of).to_numpy(),
            "days": days.to_numpy(),
            "reason": clients["exit_reason"].astype(object).where(exited, None).to_numpy(),
            "late": late.to_numpy(),
            "not_followed": (late & (entry >= days)).to_numpy(),
        }
    )


def group(pub: Published, column: str | None, value: str) -> pd.DataFrame:
    people = _people(pub.name)
    return people if column is None else people.loc[people[column] == value]


def exits_by(people: pd.DataFrame, which: str, horizon: float, unit: int) -> set[int]:
    """How many of ``people`` left by ``horizon`` for ``which`` (a reason, "employed" or "any"), on a daily
    and on the weekly time scale (both are possible readings)."""
    if which == "employed":
        mask = people["reason"].isin(EMPLOYED)
    elif which == "any":
        mask = people["reason"].notna()
    else:
        mask = people["reason"] == which
    days = people.loc[mask, "days"]
    weekly = np.ceil(days / unit) * unit
    return {int((days <= horizon).sum()), int((weekly <= horizon).sum())}


@cache
def _truth(name: str) -> dict[str, pd.DataFrame]:
    """The true counts behind every count cell, by table, row label and column, worked out here from the data."""
    people = _people(name)
    employed = people["reason"].isin(EMPLOYED)
    flags = pd.DataFrame(
        {
            "clients": 1,
            "employed": employed,
            "other_exits": people["reason"].notna() & ~employed,
            "searching": people["reason"].isna(),
            "joined_late": people["late"],
            "not_followed": people["not_followed"],
        }
    ).astype(float)
    out = {}
    for table, segment in SEGMENTS.items():
        keys = people[segment] if segment else pd.Series(ALL, index=people.index)
        out[table] = flags.groupby(keys.to_numpy()).sum()
    apps = loaded(name).applications
    recorded = apps.loc[apps["outcome_recorded"].astype(bool)]
    reached = {s: (recorded["furthest_stage"] >= s).fillna(False).astype(bool).groupby(recorded["client_id"]).any()
               for s in STAGES}  # fmt: skip
    out["client_funnel"] = pd.DataFrame(
        {"clients": float(recorded["client_id"].nunique()), "reached": [float(reached[s].sum()) for s in STAGES]},
        index=STAGES,
    )
    per = client_rates(apps, by="channel", as_of=AS_OF, per_client=True, min_clients=1)
    per = per.assign(channel=per["channel"].astype(str), one=1.0)
    out["client_rates_by_channel"] = (
        per.groupby("channel")
        .agg(clients=("one", "sum"), applications=("applications", "sum"), responses=("responses", "sum"))
        .astype(float)
    )
    return out


def truth_cell(pub: Published, table: str, row: str, column: str) -> float | None:
    """The true value of a count cell."""
    frame = _truth(pub.name).get(table)
    if frame is None or row not in frame.index or column not in frame.columns:
        return None
    return float(frame.loc[row, column])


def rows_of(frame: pd.DataFrame, table: str) -> list[tuple[str, pd.Series]]:
    segment = SEGMENTS.get(table)
    if segment is not None:
        return [(key_of(r[segment]), r) for _, r in frame.iterrows()]
    label = "stage" if "stage" in frame.columns else "channel" if "channel" in frame.columns else None
    return [(ALL if label is None else str(r[label]), r) for _, r in frame.iterrows()]


def page_groups(pub: Published) -> list[tuple[str | None, str]]:
    """The groups of the page's employment table, row by row: the whole caseload, then each programme and
    each counsellor team, in the order of the tables (the page's own labels are not always parseable)."""
    out: list[tuple[str | None, str]] = []
    for table, segment in SEGMENTS.items():
        if table in pub.tables:
            out += [(segment, row) for row, _ in rows_of(pub.tables[table], table)]
    return out


def value(cell: object) -> float | None:
    return None if pd.isna(cell) else float(cell)


# ----------------------------------------------------------------------------------------------- (a) shares
def attack_shares(pub: Published) -> list[Recovery]:
    """A share times the count beside it (or the group's published size): an exact whole number of 1 to k - 1
    that is the true number of clients behind the share."""
    found = []
    unit = 7 if pub.k > 1 else 1
    tables = pub.tables

    def claim(where: str, derived: float, truth: set[int] | float | None) -> None:
        truths = truth if isinstance(truth, set) else {truth}
        if small(derived) and round(derived) in truths:
            found.append(Recovery("share x count", where, round(derived), round(derived)))

    for table, segment in SEGMENTS.items():
        if table not in tables:
            continue
        for row, r in rows_of(tables[table], table):
            people = group(pub, segment, row)
            sizes = {value(r["clients"])}
            if value(r["clients"]) is not None and value(r.get("not_followed")) is not None:
                sizes.add(value(r["clients"]) - value(r["not_followed"]))
            for horizon in (91, 182, 365):
                share = value(r.get(f"employed_by_{horizon}"))
                for size in sizes - {None}:
                    if share is not None:
                        claim(f"{table}, {row}, employed_by_{horizon} x {size:g}", share * size,
                              exits_by(people, "employed", horizon, unit))  # fmt: skip
    overall = value(tables["time_to_employment"]["clients"].iloc[0]) if "time_to_employment" in tables else None
    if "exit_summary" in tables and overall is not None:
        people = group(pub, None, ALL)
        for _, r in tables["exit_summary"].iterrows():
            for horizon in (91, 182, 365):
                share = value(r[f"within_{horizon}"])
                if share is not None:
                    claim(f"exit_summary, {r['exit']}, within_{horizon} x {overall:g}", share * overall,
                          exits_by(people, str(r["exit"]), horizon, unit))  # fmt: skip
    if "client_funnel" in tables:
        for row, r in rows_of(tables["client_funnel"], "client_funnel"):
            if value(r["clients"]) is not None and value(r["share_of_clients"]) is not None:
                claim(f"client_funnel, {row}, share_of_clients x clients", r["share_of_clients"] * r["clients"],
                      truth_cell(pub, "client_funnel", row, "reached"))  # fmt: skip
    if "client_rates_by_channel" in tables:
        for row, r in rows_of(tables["client_rates_by_channel"], "client_rates_by_channel"):
            if value(r["applications"]) is not None and value(r["pooled_rate"]) is not None:
                claim(f"client_rates_by_channel, {row}, pooled_rate x applications (replies)",
                      r["pooled_rate"] * r["applications"], truth_cell(pub, "client_rates_by_channel", row,
                                                                         "responses"))  # fmt: skip
    if pub.page is not None:
        found += _page_shares(pub, unit)
    return sorted(set(found), key=str)


def _page_shares(pub: Published, unit: int) -> list[Recovery]:
    """The same on the page, where shares are rounded: the one whole number whose share prints as shown."""
    found = []

    def claim(where: str, shown: str, size: float | None, truth: set[int] | float | None) -> None:
        interval = percent_cell(shown)
        if interval is None or size is None or pd.isna(size) or size <= 0:
            return
        low, high = interval
        candidates = [n for n in range(int(size) + 1) if low <= n / size < high]
        truths = truth if isinstance(truth, set) else {truth}
        if len(candidates) == 1 and small(candidates[0]) and candidates[0] in truths:
            found.append(Recovery("share x count (page)", where, candidates[0], candidates[0]))

    employment = pub.page.table("employment", "group")
    overall_size = None
    if employment:
        headers = employment["headers"]
        for row, (segment, value_) in zip(employment["rows"], page_groups(pub), strict=True):
            cells = dict(zip(headers, row, strict=False))
            label = cells["group"]
            size = count_cell(cells["clients"])
            if label == "all clients":
                overall_size = size
            people = group(pub, segment, value_)
            for header, horizon in (("found work within 6 months", 182), ("within 12 months", 365)):
                claim(f"page employment table, {label}, {header}", cells.get(header, ""), size,
                      exits_by(people, "employed", horizon, unit))  # fmt: skip
    exits = pub.page.table("exits", "exit")
    if exits and overall_size is not None:
        names = {"employed full time": "employed_full_time", "employed part time": "employed_part_time",
                 "self-employed": "self_employed", "training": "training", "other exits": "other",
                 "any work (the three above)": "employed", "left for any reason": "any"}  # fmt: skip
        people = group(pub, None, ALL)
        for row in exits["rows"]:
            which = names.get(row[0])
            if which is None:
                continue
            for position, horizon in ((1, 182), (3, 365)):
                claim(f"page exits table, {row[0]}, {exits['headers'][position]}", row[position], overall_size,
                      exits_by(people, which, horizon, unit))  # fmt: skip
    funnel = pub.page.table("progress", "stage reached at least once")
    if funnel:
        for row in funnel["rows"]:
            claim(f"page funnel table, {row[0]}, share of clients", row[3], count_cell(row[1]),
                  truth_cell(pub, "client_funnel", row[0], "reached"))  # fmt: skip
    return found


# ----------------------------------------------------------------------------------------------- (b) subtraction
class Model:
    """Whole-number unknowns (the hidden counts) with linear constraints, for scipy's HiGHS."""

    def __init__(self, ceiling: float) -> None:
        self.ceiling = ceiling  # no count is this large: an unknown that reaches it is unbounded
        self.names: list[str] = []
        self.bounds: list[tuple[float, float | None]] = []
        self.truth: list[float | None] = []
        self.attacked: list[int] = []
        self.derived_ones: set[int] = set()  # differences and sums of published counts, not cells
        self.eq: list[tuple[dict[int, float], float]] = []
        self.ub: list[tuple[dict[int, float], float]] = []

    def unknown(self, name: str, low: float = 0, high: float | None = None, truth: float | None = None,
                attacked: bool = True) -> int:  # fmt: skip
        self.names.append(name)
        self.bounds.append((low, high))
        self.truth.append(truth)
        if attacked:
            self.attacked.append(len(self.names) - 1)
        return len(self.names) - 1

    @staticmethod
    def _linear(terms) -> tuple[dict[int, float], float]:
        """``terms``: (coefficient, cell) pairs; a cell is a known number or ("var", index)."""
        coefficients: dict[int, float] = {}
        constant = 0.0
        for coefficient, term in terms:
            if isinstance(term, tuple):
                coefficients[term[1]] = coefficients.get(term[1], 0.0) + coefficient
            else:
                constant += coefficient * term
        return coefficients, constant

    def derived(self, name: str, terms, truth: float | None) -> None:
        """A count worked out from others (a difference, a sum), attacked like a hidden one."""
        index = self.unknown(name, 0, None, truth)
        self.derived_ones.add(index)
        self.equal([*terms, (-1, ("var", index))])

    def equal(self, terms) -> None:  # sum of terms == 0
        coefficients, constant = self._linear(terms)
        if coefficients:
            self.eq.append((coefficients, -constant))

    def at_most(self, terms) -> None:  # sum of terms <= 0
        coefficients, constant = self._linear(terms)
        if coefficients:
            self.ub.append((coefficients, -constant))

    def bounds_of_unknowns(self) -> dict[int, tuple[float, float]]:
        n = len(self.names)
        if not n:
            return {}

        def matrix(rows):
            a = np.zeros((len(rows), n))
            for i, (coefficients, _) in enumerate(rows):
                for j, c in coefficients.items():
                    a[i, j] = c
            return (a, np.array([rhs for _, rhs in rows])) if rows else (None, None)

        a_eq, b_eq = matrix(self.eq)
        a_ub, b_ub = matrix(self.ub)
        bounds = [(low, self.ceiling if high is None else high) for low, high in self.bounds]
        out = {}
        for index in self.attacked:
            ends = []
            for sign in (1, -1):
                c = np.zeros(n)
                c[index] = sign
                result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                                 integrality=np.ones(n), method="highs")  # fmt: skip
                assert result.status == 0, f"the attacker's model is infeasible: {result.message}"
                end = round(result.fun * sign)
                ends.append(math.inf if end >= self.ceiling else end)
            out[index] = (ends[0], ends[1])
        return out


def cell(model: Model, cell_value: float | None, name: str, low: float, truth: float | None):
    return cell_value if cell_value is not None else ("var", model.unknown(name, low, None, truth))


def build_model(pub: Published) -> Model:
    """Every count the report publishes together, the hidden ones as unknowns, and what ties them."""
    big = 10 * (len(pub.cohort.clients) + len(pub.cohort.applications)) + 100
    model = Model(big)
    tables, page = pub.tables, pub.page
    cells: dict[tuple[str, str, str], object] = {}

    def page_count(pattern: str) -> float | None:
        if page is None:
            return None
        text = " ".join(page.words.values())
        found = re.search(pattern, text)
        return float(found.group(1).replace(",", "")) if found else None

    # Time to employment: each row adds up; segments add up to the whole; hidden counts are whole numbers, and
    # at least 1 in a row whose size is shown (zeros are always shown there).
    for table in SEGMENTS:
        if table not in tables:
            continue
        for row, r in rows_of(tables[table], table):
            size_shown = value(r["clients"]) is not None
            for column in COUNTS:
                low = 1 if column == "clients" or size_shown else 0
                name = f"{table}, {row}, {column}"
                cells[(table, row, column)] = cell(model, value(r[column]), name, low,
                                                   truth_cell(pub, table, row, column))  # fmt: skip
            c = lambda column, row=row, table=table: cells[(table, row, column)]  # noqa: E731
            model.equal([(1, c("employed")), (1, c("other_exits")), (1, c("searching")), (-1, c("clients"))])
            model.at_most([(1, c("joined_late")), (-1, c("clients"))])
            model.at_most([(1, c("not_followed")), (-1, c("clients"))])
            if (value(r.get("from_day")) or 0) > 0:  # fewer than k were followed from day 0: those who came late
                model.at_most([(1, c("clients")), (-1, c("joined_late")), (-(K - 1), 1.0)])
            # The counts a row gives by subtraction are attacked too: who came at the start of their search, who
            # was followed, who has left.
            truth = lambda column, row=row, table=table: truth_cell(pub, table, row, column)  # noqa: E731
            for name, terms, true in (
                ("not joined late", [(1, c("clients")), (-1, c("joined_late"))], "joined_late"),
                ("followed", [(1, c("clients")), (-1, c("not_followed"))], "not_followed"),
                ("left", [(1, c("employed")), (1, c("other_exits"))], "searching"),
                ("found work or searching", [(1, c("employed")), (1, c("searching"))], "other_exits"),
                ("left otherwise or searching", [(1, c("other_exits")), (1, c("searching"))], "employed"),
            ):
                known = None if None in (truth("clients"), truth(true)) else truth("clients") - truth(true)
                model.derived(f"{table}, {row}, {name} (clients less {true})", terms, known)
    overall_known = page_count(r"(?<!than )\b([\d,]+) clients? in the clients table")
    if ("time_to_employment", ALL, "clients") in cells and overall_known is not None:
        model.equal([(1, cells[("time_to_employment", ALL, "clients")]), (-1, overall_known)])
    fewer = page_count(r"fewer than ([\d,]+) clients in the clients table")  # a small caseload says only that
    if ("time_to_employment", ALL, "clients") in cells and fewer is not None:
        model.at_most([(1, cells[("time_to_employment", ALL, "clients")]), (-(fewer - 1), 1.0)])
    for table in ("time_to_employment_by_program", "time_to_employment_by_counsellor"):
        if table not in tables or "time_to_employment" not in tables:
            continue
        for column in COUNTS:
            parts = {row: v for (t, row, col), v in cells.items() if t == table and col == column}
            model.equal([*((1, v) for v in parts.values()), (-1, cells[("time_to_employment", ALL, column)])])
            hidden = [row for row, v in parts.items() if isinstance(v, tuple)]
            if len(hidden) >= 2:  # the hidden cells of a column together: the whole less the cells shown
                truths = [truth_cell(pub, table, row, column) for row in hidden]
                model.derived(f"{table}, {column} of {' + '.join(hidden)} together", [(1, parts[r]) for r in hidden],
                              None if None in truths else sum(truths))  # fmt: skip
    # Exit reasons (overall): they add up to the employed and the other exits; the exit summary's flags say a
    # hidden reason had at least one client (1 to k - 1, or more when it was hidden to protect another), a shown
    # one none or at least k (at least k where its share is > 0).
    if "exit_summary" in tables and "time_to_employment" in tables:
        summary = tables["exit_summary"].set_index(tables["exit_summary"]["exit"].astype(str))
        size = cells[("time_to_employment", ALL, "clients")]
        size_ok = not isinstance(size, tuple) and size >= K
        people = group(pub, None, ALL)
        reasons = {}
        for reason in REASONS:
            true_count = float((people["reason"] == reason).sum())
            if reason not in summary.index:
                reasons[reason] = ("var", model.unknown(f"exits, {reason}, clients", 0, None, true_count))
                continue
            r = summary.loc[reason]
            shares = [value(r[f"within_{h}"]) for h in (91, 182, 365)]
            if bool(r["hidden"]) and size_ok:
                reasons[reason] = ("var", model.unknown(f"exits, {reason}, clients", 1, None, true_count))
            elif not bool(r["hidden"]) and any(s is not None and s > 0 for s in shares):
                reasons[reason] = ("var", model.unknown(f"exits, {reason}, clients", K, None, true_count))
            elif not bool(r["hidden"]):  # none, or at least k: n <= big * b, n >= k * b
                n = ("var", model.unknown(f"exits, {reason}, clients", 0, None, true_count))
                b = ("var", model.unknown(f"exits, {reason}, some", 0, 1, None, attacked=False))
                model.at_most([(1, n), (-big, b)])
                model.at_most([(-1, n), (K, b)])
                reasons[reason] = n
            else:
                reasons[reason] = ("var", model.unknown(f"exits, {reason}, clients", 0, None, true_count))
        model.equal([*((1, reasons[r]) for r in EMPLOYED), (-1, cells[("time_to_employment", ALL, "employed")])])
        model.equal([(1, reasons["training"]), (1, reasons["other"]),
                     (-1, cells[("time_to_employment", ALL, "other_exits")])])  # fmt: skip
        # "Left for any reason" is hidden where the clients who left, or those still searching, are 1 to k - 1;
        # shown, each is none or at least k.
        left = [(1, cells[("time_to_employment", ALL, "employed")]), (1, cells[("time_to_employment", ALL,
                                                                                 "other_exits")])]  # fmt: skip
        searching = [(1, cells[("time_to_employment", ALL, "searching")])]
        if "any" in summary.index and size_ok and bool(summary.loc["any", "hidden"]):
            z = ("var", model.unknown("exits, any, hidden for the clients who left", 0, 1, None, attacked=False))
            model.at_most([*left, (big, z), (-(K - 1 + big), 1.0)])  # z = 1: left <= k - 1 ...
            model.at_most([*((-c, t) for c, t in left), (big, z), (-(big - 1), 1.0)])  # ... and left >= 1
            model.at_most([*searching, (-big, z), (-(K - 1), 1.0)])  # z = 0: searching <= k - 1 ...
            model.at_most([(-1, searching[0][1]), (-big, z), (1, 1.0)])  # ... and searching >= 1
        elif "any" in summary.index and size_ok:
            for name, terms in (("left", left), ("searching", searching)):
                b = ("var", model.unknown(f"exits, any, some {name}", 0, 1, None, attacked=False))
                model.at_most([*terms, (-big, b)])
                model.at_most([*((-c, t) for c, t in terms), (K, b)])
    # The funnel's stages nest: clients >= screen >= interview >= offer >= hired.
    funnel_size = None
    if "client_funnel" in tables and len(tables["client_funnel"]):
        funnel = dict(rows_of(tables["client_funnel"], "client_funnel"))
        size = value(funnel[STAGES[0]]["clients"])
        funnel_size = cell(model, size, "client_funnel, clients", 1, truth_cell(pub, "client_funnel", STAGES[0],
                                                                                 "clients"))  # fmt: skip
        chain = [funnel_size]
        for stage in STAGES:
            if stage in funnel:
                chain.append(cell(model, value(funnel[stage]["reached"]), f"client_funnel, {stage}, reached", 0,
                                  truth_cell(pub, "client_funnel", stage, "reached")))  # fmt: skip
        names = ["clients", *(f"reached {s}" for s in STAGES if s in funnel)]
        counts = [truth_cell(pub, "client_funnel", STAGES[0], "clients")] + [
            truth_cell(pub, "client_funnel", s, "reached") for s in STAGES if s in funnel
        ]
        for (before, after), (upper, lower), (high, low) in zip(
            itertools.pairwise(chain), itertools.pairwise(names), itertools.pairwise(counts), strict=True
        ):
            model.at_most([(1, after), (-1, before)])
            known = None if None in (high, low) else high - low
            model.derived(f"client_funnel, {upper} but not {lower}", [(1, before), (-1, after)], known)
        with_apps = page_count(r"applications from ([\d,]+) clients?")
        if with_apps is not None:
            model.at_most([(1, funnel_size), (-with_apps, 1)])
    # Rates by channel: a channel's clients have matured, hence recorded, applications: no more than the funnel's.
    if "client_rates_by_channel" in tables:
        for row, r in rows_of(tables["client_rates_by_channel"], "client_rates_by_channel"):
            truth = lambda column, row=row: truth_cell(pub, "client_rates_by_channel", row, column)  # noqa: E731
            clients_ = cell(model, value(r["clients"]), f"client_rates_by_channel, {row}, clients", 1,
                            truth("clients"))  # fmt: skip
            applications = cell(model, value(r["applications"]), f"client_rates_by_channel, {row}, applications",
                                1, truth("applications"))  # fmt: skip
            replies = cell(model, value(r["responses"]), f"client_rates_by_channel, {row}, responses", 0,
                           truth("responses"))  # fmt: skip
            model.at_most([(1, clients_), (-1, applications)])
            model.at_most([(1, replies), (-1, applications)])
            if funnel_size is not None:
                model.at_most([(1, clients_), (-1, funnel_size)])
    return model


@cache
def attacked_model(name: str) -> tuple[Model, dict[int, tuple[float, float]]]:
    model = build_model(published(name))
    return model, model.bounds_of_unknowns()


def attack_subtraction(pub: Published, derived: bool = False) -> list[Recovery]:
    model = build_model(pub)
    return _pinned(model, model.bounds_of_unknowns(), derived)


def _pinned(model: Model, bounds: dict[int, tuple[float, float]], derived: bool) -> list[Recovery]:
    """The unknowns pinned to one value of 1 to k - 1: hidden counts, or (``derived``) the counts worked out by
    subtraction (a row's hidden parts together, a complement, a column's hidden cells together, a funnel gap)."""
    found = []
    for index, (low, high) in bounds.items():
        if low == high and small(low) and (index in model.derived_ones) == derived:
            found.append(Recovery("linear programming", model.names[index], low, model.truth[index]))
    return found


# ----------------------------------------------------------------------------------------------- (c) curves
def _derived_from_curve(curve: pd.DataFrame, share: str, where: str, survival: pd.Series | None) -> list:
    """Per row: the count columns, the clients entering between rows, and the events worked back out of the
    incidence: at_risk x (F_t - F_t-1) / S(t-), S the share still searching (all exits)."""
    out = []
    curve = curve.sort_values("day").reset_index(drop=True)
    for column in ("at_risk", "events", "other_exits", "censored"):
        if column in curve.columns:
            out += [(f"{where}, day {d:g}, {column}", float(v)) for d, v in zip(curve["day"], curve[column],
                                                                                 strict=True)]  # fmt: skip
    if {"events", "other_exits", "censored", "at_risk"} <= set(curve.columns):
        ended = curve["events"] + curve["other_exits"] + curve["censored"]
        entered = curve["at_risk"].shift(-1) - (curve["at_risk"] - ended)
        out += [(f"{where}, after day {d:g}, clients entering", float(v)) for d, v in
                zip(curve["day"], entered, strict=True) if not pd.isna(v)]  # fmt: skip
    if survival is not None and share in curve.columns:
        days = survival.index.to_numpy(float)
        place = np.searchsorted(days, curve["day"].to_numpy(float), side="left")  # S(t-): the last day before t
        before = np.where(place > 0, survival.to_numpy(float)[np.maximum(place - 1, 0)], 1.0)
        jump = curve[share].diff().fillna(curve[share]).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            events = curve["at_risk"].to_numpy(float) * jump / before
        out += [(f"{where}, day {d:g}, events from the incidence", float(v)) for d, v in
                zip(curve["day"], events, strict=True) if np.isfinite(v)]  # fmt: skip
    return out


def _survival(curve: pd.DataFrame) -> pd.Series | None:
    """S(t) of any exit, from a curve with at_risk, events and other_exits (Kaplan-Meier of all exits)."""
    if not {"at_risk", "events", "other_exits"} <= set(curve.columns) or curve.empty:
        return None
    curve = curve.sort_values("day")
    hazard = (curve["events"] + curve["other_exits"]) / curve["at_risk"]
    return pd.Series((1 - hazard).cumprod().to_numpy(), index=curve["day"].to_numpy())


def attack_curves(pub: Published) -> list[Recovery]:
    """Every count derivable from the published curves (tables and chart data) must be 0, a multiple of k, or
    not a whole number: curves are drawn from counts rounded to multiples of k."""
    tables, found = pub.tables, []
    derived = []
    curve = tables.get("employment_curve")
    survival = _survival(curve) if curve is not None else None
    if curve is not None and len(curve):
        derived += _derived_from_curve(curve, "employed", "employment_curve", survival)
    incidence = tables.get("exit_incidence")
    if incidence is not None and len(incidence):
        if survival is None:  # all reasons drawn: S = 1 - their sum
            total = incidence.groupby("day")["incidence"].sum()
            survival = 1 - total
        for reason, part in incidence.groupby("exit_reason", observed=True):
            derived += _derived_from_curve(part, "incidence", f"exit_incidence, {reason}", survival)
        if curve is not None and len(curve):  # hidden work reasons: the employed events less the drawn ones
            drawn = incidence.loc[incidence["exit_reason"].astype(str).isin(EMPLOYED)]
            shown = drawn.groupby("day")["events"].sum().reindex(curve["day"], fill_value=0)
            rest = curve.set_index("day")["events"] - shown
            derived += [(f"employment_curve less exit_incidence, day {d:g}, events of hidden work reasons", float(v))
                        for d, v in rest.items()]  # fmt: skip
    found += [Recovery("curve counts", where, round(v), None) for where, v in derived if small(v)]
    if pub.page is not None:
        found += _chart_attack(pub, survival)
    return found


def _chart_attack(pub: Published, survival: pd.Series | None) -> list[Recovery]:
    """The charts' lines: with the published risk sets where the days match a table, else with the group's
    published size as the risk set (exact before anyone leaves); a guess must give the true count."""
    found = []
    unit = 7 if pub.k > 1 else 1
    curve = pub.tables.get("employment_curve")
    at_risk = curve.set_index("day")["at_risk"] if curve is not None and len(curve) else pd.Series(dtype=float)
    by_program = pub.tables.get("time_to_employment_by_program")
    sizes = {} if by_program is None else {key_of(r["program"]): value(r["clients"]) for _, r in by_program.iterrows()}
    people = _people(pub.name)
    work = people.loc[people["reason"].isin(EMPLOYED)]
    weeks = work.groupby([work["program"], np.ceil(work["days"] / unit) * unit]).size()
    for key, traces in pub.page.charts.items():
        for trace in traces:
            if not trace["line"] or len(trace["x"]) < 2 or trace["y"].dtype != float or trace["x"].dtype != float:
                continue
            x, share = trace["x"], trace["y"] / 100
            for i in range(1, len(x)):
                jump = share[i] - share[i - 1]
                if jump <= 0:
                    continue
                where = f"chart {key}, line {trace['name']}, day {x[i]:g}"
                if key in ("employment", "exits") and x[i] in at_risk.index and survival is not None:
                    earlier = survival.loc[survival.index < x[i]]
                    derived = float(at_risk.loc[x[i]]) * jump / (float(earlier.iloc[-1]) if len(earlier) else 1.0)
                    if small(derived):
                        found.append(Recovery("chart with risk set", where, round(derived), None))
                elif key == "employment_by_program" and sizes.get(str(trace["name"])) is not None:
                    size = sizes[str(trace["name"])]
                    derived = size * jump / (1 - share[i - 1])
                    truth = float(weeks.get((str(trace["name"]), x[i]), 0))
                    if small(derived) and round(derived) == truth:
                        found.append(Recovery("chart with group size", where, round(derived), truth))
    return found


# ----------------------------------------------------------------------------------------------- (d) day figures
DAY_FIGURES = [f"{q}_{part}" for q in ("q25", "median", "q75") for part in ("days", "ci_low", "ci_high")]


def attack_days(pub: Published) -> list[Recovery]:
    """In a group whose number of clients who found work is hidden, a quartile of the time to work (or an end of
    its interval) that falls on the week in which 1 to k - 1 of its clients found work pins those exits."""
    found = []
    unit = 7 if pub.k > 1 else 1
    outcome = ["clients", "employed"]

    def pins(where: str, figure: float | None, people: pd.DataFrame) -> None:
        if figure is None or not np.isfinite(figure):
            return
        days = people.loc[people["reason"].isin(EMPLOYED), "days"]
        on_day = int(((days == figure) | (np.ceil(days / unit) * unit == figure)).sum())
        if 1 <= on_day <= K - 1:
            found.append(Recovery("day figure", f"{where} = day {figure:g}", on_day, on_day))

    for table, segment in SEGMENTS.items():
        if table not in pub.tables:
            continue
        for row, r in rows_of(pub.tables[table], table):
            if not any(value(r[c]) is None for c in outcome):
                continue
            people = group(pub, segment, row)
            for column in DAY_FIGURES:
                if column in r.index:
                    pins(f"{table}, {row}, {column}", value(r[column]), people)
    if pub.page is not None:
        employment = pub.page.table("employment", "group")
        for row, (segment, value_) in zip(employment["rows"] if employment else [], page_groups(pub), strict=False):
            cells = dict(zip(employment["headers"], row, strict=False))
            if not any(cells.get(h) == "hidden" for h in ("clients", "found work")):
                continue
            label = cells["group"]
            people = group(pub, segment, value_)
            for header in ("median days to work", "95% interval (days)"):
                for number in re.findall(r"\d+", cells.get(header, "")):
                    pins(f"page employment table, {label}, {header}", float(number), people)
    return sorted(set(found), key=str)


# ----------------------------------------------------------------------------------------------- (e) one client
QUARTILES = ["client_q25", "client_median", "client_q75"]


def _few_on_one_side(values: pd.Series, figure: float) -> int:
    """The fewer of the clients at or below and at or above a figure (the ones it describes)."""
    return int(min((values <= figure + 1e-12).sum(), (values >= figure - 1e-12).sum()))


def attack_single_clients(pub: Published) -> list[Recovery]:
    """A quartile or median that fewer than k clients lie at or beyond (it bounds their own rates), or a busiest
    tenth of fewer than k clients (its share times the applications is their own count of applications)."""
    found = []
    apps = pub.cohort.applications

    def quantile(where: str, figure: float | None, own: pd.Series) -> None:
        if figure is None:
            return
        few = _few_on_one_side(own, figure)
        if few < K:
            found.append(Recovery("quartile of clients' own rates", f"{where} = {figure:.4g} (bounds the {few} of "
                                  f"{len(own)} clients at or beyond it)", few, few))  # fmt: skip

    def busiest(where: str, share: float | None, applications: float | None, own: pd.Series) -> None:
        top = max(1, math.ceil(0.1 * len(own)))
        if share is None or top >= K:
            return
        theirs = float(own.sort_values(ascending=False).head(top).sum())
        derived = share * applications if applications is not None else math.nan
        found.append(Recovery(f"busiest tenth is {top} client{'s' * (top > 1)}", f"{where} x applications",
                              derived, theirs))  # fmt: skip

    per = client_rates(apps, by="channel", as_of=AS_OF, per_client=True, min_clients=1)
    per = per.assign(channel=per["channel"].astype(str))
    rates = pub.tables.get("client_rates_by_channel")
    for row, r in rows_of(rates, "client_rates_by_channel") if rates is not None else []:
        own = per.loc[per["channel"] == row]
        for column in QUARTILES:
            quantile(f"client_rates_by_channel, {row}, {column}", value(r[column]), own["rate"])
        busiest(f"client_rates_by_channel, {row}, top_tenth_share", value(r["top_tenth_share"]),
                value(r["applications"]), own["applications"])  # fmt: skip
    if pub.page is not None:  # the page's words give the busiest tenth across all channels
        found_share = re.search(r"busiest tenth of clients sent ([\d.]+)%", pub.page.words.get("strategies", ""))
        if found_share:
            overall = client_rates(apps, as_of=AS_OF, per_client=True, min_clients=1)
            busiest("page, strategies, busiest tenth of all clients", float(found_share.group(1)) / 100,
                    float(overall["applications"].sum()), overall["applications"])  # fmt: skip
    funnel = pub.tables.get("client_funnel")
    if funnel is not None and len(funnel):
        recorded = apps.loc[apps["outcome_recorded"].astype(bool)]
        for row, r in rows_of(funnel, "client_funnel"):
            own = (recorded["furthest_stage"] >= row).fillna(False).astype(float).groupby(recorded["client_id"]).mean()
            quantile(f"client_funnel, {row}, client_median_share", value(r["client_median_share"]), own)
    return found


# ----------------------------------------------------------------------------------------------- shown outright
def shown_counts(pub: Published) -> list[Recovery]:
    """Counts of 1 to k - 1 clients in a table or in a table of the page."""
    found = []
    for table in (*SEGMENTS, "client_funnel", "client_rates_by_channel"):
        if table not in pub.tables:
            continue
        columns = [c for c in (*COUNTS, "reached", "responses") if c in pub.tables[table].columns]
        for row, r in rows_of(pub.tables[table], table):
            for column in columns:
                if small(value(r[column])):
                    found.append(Recovery("shown", f"{table}, {row}, {column}", float(r[column]), float(r[column])))
    if pub.page is not None:
        wanted = {("employment", "group"): ("clients", "found work", "left for other reasons", "still searching"),
                  ("strategies", "channel"): ("clients",),
                  ("progress", "stage reached at least once"): ("clients", "got there")}  # fmt: skip
        for (section, first), headers in wanted.items():
            t = pub.page.table(section, first)
            for row in t["rows"] if t else []:
                for header, text in zip(t["headers"], row, strict=False):
                    n = count_cell(text) if header in headers else None
                    if small(n):
                        found.append(Recovery("shown (page)", f"page {section} table, {row[0]}, {header}", n, n))
    return found


def counts_in_words(pub: Published) -> list[Recovery]:
    """Counts like "3 clients" in the page's words (outside the tables; the triage list left aside)."""
    found = []
    for section, text in pub.page.words.items():
        if section == "triage":
            continue
        for sentence in re.split(r"(?<=[.:;])\s+", text):
            if "pivot conversation" in sentence:
                continue
            for number in re.findall(r"(?<!than )(?<!nearest )\b(\d[\d,]*) (?:more )?clients?\b", sentence):
                n = float(number.replace(",", ""))
                if small(n):
                    found.append(Recovery("words", f"page, {section or 'top'}: {sentence.strip()!r}", n, n))
    return found


# ----------------------------------------------------------------------------------------------- the tests
def report(recoveries: list[Recovery]) -> str:
    return "\n".join(map(str, recoveries))


@pytest.mark.parametrize("name", COHORTS)
def test_no_small_count_is_shown_in_a_table(name):
    found = shown_counts(published(name))
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_the_page_states_no_small_count_of_clients_in_words(name):
    found = counts_in_words(published(name))
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_no_count_is_a_share_times_the_count_beside_it(name):
    found = attack_shares(published(name))
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_no_hidden_count_is_pinned_by_the_sums_and_nestings(name):
    found = _pinned(*attacked_model(name), derived=False)
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_no_small_count_is_worked_out_by_subtraction(name):
    """Differences and sums the tables give: a row's hidden parts together (clients less the parts shown), a
    complement (clients less those who joined late), a column's hidden cells together, a stage of the funnel
    less the next."""
    found = _pinned(*attacked_model(name), derived=True)
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_the_subtraction_attack_never_excludes_the_true_value(name):
    """The attacker's constraints are sound: every hidden count's true value lies within its bounds."""
    model, bounds = attacked_model(name)
    wrong = [f"{model.names[i]}: true {model.truth[i]:g} outside {low:g}..{high:g}"
             for i, (low, high) in bounds.items()
             if model.truth[i] is not None and not low <= model.truth[i] <= high]  # fmt: skip
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", COHORTS)
def test_no_small_count_comes_back_out_of_the_curves(name):
    found = attack_curves(published(name))
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_no_day_figure_pins_an_exit_in_a_group_with_hidden_counts(name):
    found = attack_days(published(name))
    assert not found, report(found)


@pytest.mark.parametrize("name", COHORTS)
def test_no_quartile_median_or_busiest_tenth_describes_fewer_than_k_clients(name):
    found = attack_single_clients(published(name))
    assert not found, report(found)


# The attacks have teeth: on output without the protection they find what they look for.
def test_the_attacker_reads_every_table_and_chart_of_the_page():
    page = published("sample").page
    for section, first in (("employment", "group"), ("exits", "exit"), ("strategies", "channel"),
                           ("progress", "stage reached at least once")):  # fmt: skip
        assert page.table(section, first), f"no {section} table on the page"
    assert len(page.table("employment", "group")["rows"]) == len(page_groups(published("sample")))
    for chart in ("employment", "employment_by_program", "exits"):
        lines = [t for t in page.charts[chart] if t["line"] and t["y"].dtype == float]
        assert lines and all(len(t["x"]) == len(t["y"]) > 1 for t in lines), chart
    assert re.search(r"[\d,]+ clients? in the clients table", " ".join(page.words.values()))


def test_the_share_attack_recovers_counts_from_unprotected_output():
    found = attack_shares(published("programme_of_six_two_employed", 1))
    assert any("programme: X" in r.where or ", X, employed_by" in r.where for r in found), report(found)
    assert all(r.value == r.truth for r in found)


def test_the_subtraction_attack_recovers_counts_hidden_without_complementary_suppression():
    found = attack_subtraction(primary_only("programme_of_six_two_employed"))
    recovered = {r.where: (r.value, r.truth) for r in found}
    assert recovered.get("time_to_employment_by_program, X, employed") == (2, 2), report(found)
    found = attack_subtraction(primary_only("six_programmes_one_employed_each"))
    assert sum("employed" in r.where for r in found) == 6, report(found)


def test_the_subtraction_attack_works_out_counts_from_differences_of_shown_ones():
    found = attack_subtraction(primary_only("programme_of_six_two_employed"), derived=True)
    recovered = {r.where: (r.value, r.truth) for r in found}
    assert recovered.get("time_to_employment_by_program, X, left (clients less searching)") == (2, 2), report(found)


def test_the_curve_attack_recovers_counts_from_exact_curves():
    found = attack_curves(published("programme_of_six_two_employed", 1))
    assert any(r.attack == "curve counts" and "events from the incidence" in r.where for r in found), report(found)
    assert any(r.attack == "chart with group size" and "line X" in r.where for r in found), report(found)


def test_the_day_attack_pins_exits_behind_counts_hidden_alone():
    found = attack_days(primary_only("programme_of_six_two_employed"))
    assert any("by_program, X, q25_days = day 120" in r.where for r in found), report(found)


def test_the_single_client_attack_finds_quartiles_and_tenths_of_small_groups_unprotected():
    found = attack_single_clients(published("eight", 1))
    assert any(r.attack.startswith("quartile") for r in found), report(found)
    assert any(r.attack.startswith("busiest tenth") for r in found), report(found)


def test_the_shown_and_words_attacks_find_small_counts_unprotected():
    unprotected = published("eight", 1)
    assert shown_counts(unprotected)
    assert any(r.value == 3 for r in shown_counts(unprotected) if r.where.endswith("employed"))
    assert counts_in_words(published("three", 1))
