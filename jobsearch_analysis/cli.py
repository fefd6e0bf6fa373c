"""The command line: ``jobsearch-analysis validate``, ``summary``, ``report``, ``convert`` and ``pseudonym``.

Errors are one line on stderr, never a traceback (``--debug`` shows it). Exit codes for ``validate`` (and
``convert``, which writes the valid rows as canonical Parquet either way): 0 every row is valid, 1 some rows were
rejected or a file holds no application at all (every row a saved job, say: the reason is said on stderr), 2 a
file could not be used (or the command line is wrong).
``summary`` and ``report`` exit 0 when they could do their work (rejected rows are listed, not fatal), else 2.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import os
import re
import shlex
import sys
import time
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import TextIO

import pandas as pd
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text

from jobsearch_analysis.errors import LoadError, OutputError
from jobsearch_analysis.ingest.limits import Limits
from jobsearch_analysis.present.words import PAIR_FLAGS, cli_fix, plural
from jobsearch_analysis.privacy import SECRET_VARIABLE

_PAIR_FORMS = {"--status": "WORDS=STATUS (for example 'Absage erhalten=rejected')"}


def _pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    pairs = {}
    for item in values or []:
        if "=" not in item:
            form = _PAIR_FORMS.get(flag, "HEADER=COLUMN (for example 'Firma=company')")
            raise LoadError(f"{flag} {item!r}: write it as {form}")
        key, value = item.split("=", 1)
        pairs[key.strip()] = value.strip()
    return pairs


def _add_change_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--change",
        action="append",
        type=_day,
        metavar="DATE",
        help="a day you changed strategy (repeat for several): the pivot verdicts restart from the last one",
    )


def _day(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(datetime.date.fromisoformat(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as 2026-06-01") from None


def _add_load_options(parser: argparse.ArgumentParser, *, contacts: bool = True) -> None:
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="numeric dates are day/month/year (05/03/2026 is 5 March)",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="numeric dates are month/day/year (05/03/2026 is May 3)",
    )
    parser.add_argument("--as-of", type=_as_of, metavar="DATE", help="the day the log describes (default: today)")
    parser.add_argument(
        "--map",
        action="append",
        metavar="HEADER=COLUMN",
        help="name a column the tool does not recognise, e.g. --map 'Firma=company'",
    )
    parser.add_argument(
        "--status",
        action="append",
        metavar="WORDS=STATUS",
        help="read your own status wording, e.g. --status 'Absage erhalten=rejected'",
    )
    parser.add_argument(
        "--format",
        type=_format,
        metavar="NAME",
        help="force a reader instead of detecting it, one of: " + ", ".join(_formats()),
    )
    parser.add_argument(
        "--complete",
        action="store_true",
        help="a file without outcomes (LinkedIn) is complete: its silent applications had no reply",
    )
    if contacts:
        parser.add_argument(
            "--keep-contacts",
            action="store_true",
            help="keep contact details (e-mails, phones, LinkedIn's answers); dropped by default",
        )
    parser.add_argument(
        "--limit",
        action="append",
        type=_limit,
        metavar="NAME=NUMBER",
        help="raise a limit on what one file may cost, e.g. --limit archive_mb=2000 (repeat for several): "
        + ", ".join(f"{f.name} (default {f.default:,})" for f in fields(Limits)),
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")


def _limit(text: str) -> tuple[str, int]:
    """One --limit NAME=NUMBER."""
    names = [f.name for f in fields(Limits)]
    name, _, value = text.partition("=")
    if name.strip() not in names:
        raise argparse.ArgumentTypeError(f"{text!r}: write it as NAME=NUMBER, the NAME one of: {', '.join(names)}")
    try:
        number = int(value.strip().replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: the limit is a whole number, as in archive_mb=2000") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a limit is at least 1")
    return name.strip(), number


def _as_of(text: str) -> pd.Timestamp:
    from jobsearch_analysis.ingest.loading import parse_as_of

    try:
        return parse_as_of(text)
    except LoadError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as 2026-11-02") from None


def _formats() -> list[str]:
    """The names of the readers, for --format."""
    from jobsearch_analysis.ingest.formats import READERS

    return list(READERS)


def _format(text: str) -> str:
    if text not in _formats():
        known = ", ".join(_formats())
        raise argparse.ArgumentTypeError(f"{text!r} is not a format this tool reads; use one of: {known}")
    return text


def _samples(kind: str) -> list[str]:
    """The bundled samples of a kind ("applications", "clients"): one person's logs first, personal_log first."""
    from jobsearch_analysis.samples import SAMPLES

    found = [name for name in SAMPLES if SAMPLES[name].get("kind") == kind]
    return sorted(found, key=lambda name: (name != "personal_log", name.startswith("cohort"), name))


def _sample_help(*, cohort: bool) -> str:
    logs, clients = _samples("applications"), _samples("clients")
    logs_words = ", ".join(logs[:-1]) + f" or {logs[-1]}" if len(logs) > 1 else logs[0]
    if cohort:
        return (f"use a bundled sample instead of files: {logs_words}; or cohort, the cohort report of "
                f"cohort_applications with its clients table ({', '.join(clients)})")  # fmt: skip
    return (f"use a bundled sample instead of files: {logs_words} ({', '.join(clients)}: the cohort's clients, "
            "read by report --sample cohort)")  # fmt: skip


def _sample(text: str) -> str:
    from jobsearch_analysis.samples import SAMPLES

    if text in _samples("clients"):
        raise argparse.ArgumentTypeError(
            f"{text} is the cohort sample's table of clients, not a log of applications: report --sample cohort "
            "reads it with the cohort's applications"
        )
    if text not in _samples("applications"):
        raise argparse.ArgumentTypeError(f"no sample named {text!r}; the samples are: {', '.join(SAMPLES)}")
    return text


def _report_sample(text: str) -> str:
    return text if text == "cohort" else _sample(text)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: the message and where to read more, no usage block."""

    def error(self, message: str):
        _print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jobsearch-analysis",
        description="Honest numbers and 'when to pivot' advice from job-search logs.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check files and report every row that cannot be used")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--rejects", metavar="OUT.csv", help="write the rejected rows, with reasons, to a CSV")
    _add_load_options(validate)
    summary = commands.add_parser("summary", help="load a log and print what was read and its headline numbers")
    summary.add_argument("files", nargs="*", metavar="FILE")
    summary.add_argument("--sample", type=_sample, metavar="NAME", help=_sample_help(cohort=False))
    summary.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    _add_load_options(summary)
    _add_change_option(summary)
    report = commands.add_parser(
        "report", help="write one self-contained HTML report: the numbers, the charts and when to pivot"
    )
    report.add_argument("files", nargs="*", metavar="FILE")
    report.add_argument("--sample", type=_report_sample, metavar="NAME", help=_sample_help(cohort=True))
    report.add_argument("-o", "--output", default="report.html", metavar="OUT.html", help="default: report.html")
    report.add_argument(
        "--target", type=_rate, metavar="RATE", help="the positive-reply rate that counts as working, e.g. 0.08 or 8%%"
    )
    report.add_argument(
        "--goal",
        type=_goal,
        metavar="N",
        help="applications a week you aim for (none by default: the report shows your pace)",
    )
    _add_change_option(report)
    report.add_argument("--png-dir", metavar="DIR", help="also save every chart as PNG (needs Chromium)")
    report.add_argument("--tables-dir", metavar="DIR", help="also save every table behind the report as CSV")
    report.add_argument("--rejects", metavar="OUT.csv", help="write the rejected rows, with reasons, to a CSV")
    report.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    cohort = report.add_argument_group("cohorts (a counsellor's caseload)")
    _add_cohort_options(cohort)
    _add_engine_options(cohort)
    cohort.add_argument(
        "--secret-file",
        metavar="FILE",
        help=f"the key for clients' pseudonyms (or set {SECRET_VARIABLE}); without it they change every run",
    )
    cohort.add_argument(
        "--min-clients",
        type=_goal,
        default=None,
        metavar="N",
        help="hide every figure about fewer than N clients (default 5)",
    )
    cohort.add_argument(
        "--no-triage", action="store_true", help="leave out the list of clients to talk to (for sharing)"
    )
    _add_load_options(report)
    _add_convert(commands)
    lookup = commands.add_parser("pseudonym", help="print the pseudonym the cohort report gives a client id")
    lookup.add_argument("ids", nargs="+", metavar="ID")
    lookup.add_argument("--secret-file", metavar="FILE", help=f"the key (or set {SECRET_VARIABLE})")
    lookup.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    return parser


ENGINE_CHOICES = ("pandas", "duckdb", "spark")


def _memory(text: str) -> str:
    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*[MGT]B?\s*", text, flags=re.IGNORECASE):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; write it as 6GB or 500MB")
    number, unit = re.match(r"\s*([\d.]+)\s*([MGT])", text, flags=re.IGNORECASE).groups()
    return f"{number}{unit.upper()}B"


def _add_engine_options(group) -> None:
    """The options that say where a cohort report counts its figures: ``--engine`` and ``--engine-memory``."""
    group.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="pandas",
        help="where to count the figures: pandas (default: the files are read into memory), or duckdb or spark "
        "over canonical Parquet as convert writes it (--cohort a file, a folder or a glob), for caseloads too "
        "big for memory",
    )
    group.add_argument(
        "--engine-memory",
        type=_memory,
        metavar="SIZE",
        help="with --engine: the most memory it may hold, e.g. 6GB (DuckDB spills to disk past it; default: 80%% "
        "of the machine's)",
    )


def _add_convert(commands) -> None:
    """The ``convert`` command and its options."""
    convert = commands.add_parser(
        "convert", help="write a log (or a caseload) as validated canonical Parquet, for report --engine"
    )
    convert.add_argument("files", nargs="*", metavar="INPUT")
    convert.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the folder to write applications.parquet (and clients.parquet) in",
    )
    convert.add_argument("--rejects", metavar="OUT.csv", help="write the rejected rows, with reasons, to a CSV")
    _add_cohort_options(convert)
    _add_load_options(convert, contacts=False)


def _add_cohort_options(group) -> None:
    """The options that say where a caseload is: ``--cohort``, ``--clients`` and ``--clients-map``."""
    group.add_argument(
        "--cohort",
        metavar="DIR_OR_FILE",
        help="a cohort: one file with a client column, or a folder with one file (or sub-folder) per client",
    )
    group.add_argument("--clients", metavar="FILE", help="the clients table (found as clients.csv in a folder)")
    group.add_argument(
        "--clients-map",
        action="append",
        metavar="HEADER=COLUMN",
        help="name a column of the clients table the tool does not know, e.g. --clients-map 'Kunden-Nr=client_id'",
    )


def _pairs_said(inside: str) -> dict[str, str] | None:
    """The pairs of a dict as a message writes it ("'Firma': 'company'", "WORD: STAGE"); None for "..."."""
    try:
        found = ast.literal_eval("{" + inside + "}")
    except (ValueError, SyntaxError):  # placeholders: WORD: STAGE
        found = dict((part.split(":", 1)[0], part.split(":", 1)[1]) for part in inside.split(",") if ":" in part)
    if not isinstance(found, dict) or not found:
        return None
    return {str(key).strip(" '\""): str(value).strip(" '\"") for key, value in found.items()}


def _files_said(inside: str) -> str:
    """A list of files as a message writes it ("'Job Applications.csv', 'links.csv'") as command-line words."""
    try:
        names = [str(name) for name in ast.literal_eval("[" + inside + "]")]
    except (ValueError, SyntaxError):
        names = [inside]
    return " ".join(shlex.quote(name) for name in names) + " (in that order on the command line)"


def cli_words(message: str, fixes: Mapping[str, object] | None = None) -> str:
    """A library message in the command line's words: every Python phrase the library uses to say how to fix
    something (``mapping={'Firma': 'company'}``, ``statuses={...}``, ``dayfirst=True or dayfirst=False``,
    ``format='spreadsheet'``, ``as_of=``, ``clients=``, ``load([...])``) becomes the flag that does the same.

    ``fixes`` (a :class:`LoadError`'s) tells which table a ``mapping`` is for: the clients table's is
    ``--clients-map``.

    >>> cli_words("no company column. Name it with mapping={'Firma': 'company'}.")
    "no company column. Name it with --map 'Firma=company'."
    >>> cli_words("say which is right with dayfirst=True or dayfirst=False")
    'say which is right with --dayfirst or --monthfirst'
    """
    clients = bool(fixes) and "clients_mapping" in fixes

    def pair(name: str) -> str:  # the parameter a message's "mapping" is: the clients table's, or the log's
        return "clients_mapping" if name == "mapping" and clients else name

    for pattern, words in (
        (r"\b(mapping|statuses|clients_mapping)=\{([^{}]*)\}", lambda m: cli_fix(pair(m[1]), _pairs_said(m[2]))),
        (r"^(mapping|statuses|clients_mapping):", lambda m: PAIR_FLAGS[pair(m[1])] + ":"),
        (r"\b(mapping|statuses|clients_mapping)=(?=[\s.,;)]|$)", lambda m: cli_fix(pair(m[1]))),
        (r"\bdayfirst=True or dayfirst=False\b", lambda m: cli_fix("dayfirst")),
        (r"\bdayfirst=(True|False)\b", lambda m: "--dayfirst" if m[1] == "True" else "--monthfirst"),
        (r"\b(outcomes_complete|keep_contacts)=True\b", lambda m: cli_fix(m[1])),
        (r"\bformat=(['\"])(.*?)\1", lambda m: cli_fix("format", m[2])),
        (r"\blimits=Limits\((\w+)=(\d+)\)", lambda m: cli_fix("limits", {m[1]: m[2]})),
        (r"\bas_of=(['\"].*?['\"])", lambda m: f"--as-of {m[1]}"),
        (r"\bformat=(?= out\b)", lambda m: "--format"),
        (r"\b(format|as_of|clients)=(?=[\s.,;)]|$)", lambda m: cli_fix(m[1])),
        (r"\bload\(\[(.*?)\]\)", lambda m: _files_said(m[1])),
        (r"\bread one person's file with load\(\)", lambda m: "read one person's file without --cohort"),
        (r"(--clients FILE, and the applications) as the cohort\b", lambda m: f"{m[1]} with --cohort"),
    ):
        message = re.sub(pattern, words, message, flags=re.MULTILINE)
    return message


def cli_rejects(rejects: pd.DataFrame) -> pd.DataFrame:
    """The rejected rows as the command line writes them (--rejects): each reason in its words."""
    return rejects.assign(reason=rejects["reason"].astype("str").map(cli_words))


def cli_error(error: Exception) -> str:
    """A library error as one line in the command line's words, with the flags that fix it when its message
    does not name them already."""
    fixes = getattr(error, "fixes", {})
    message = cli_words(str(error), fixes)
    flags = [cli_fix(parameter, example) for parameter, example in fixes.items()]
    flags = [flag for flag in flags if flag.split()[0] not in message]  # said in the message already
    return f"error: {message}" + (f" (on the command line: {'; '.join(flags)})" if flags else "")


def _secret(args: argparse.Namespace, *, required: bool) -> str | None:
    """The pseudonym key from --secret-file or the environment; checked here so a bad one is one clear line."""
    from jobsearch_analysis.privacy import read_secret

    return read_secret(args.secret_file, required=required)


def _rate(text: str) -> float:
    value = text.strip()
    try:
        rate = float(value.rstrip("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a rate; write it as 0.08 or 8%") from None
    if not 0 < rate < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a rate is between 0 and 1 (0% and 100%)")
    return rate


def _goal(text: str) -> int:
    try:
        goal = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of applications") from None
    if goal < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: the goal is at least 1 application a week")
    return goal


SUMMARY_STEPS = 4
"""The steps ``summary`` announces: reading, the headline numbers, the response rates, when to pivot."""
REPORT_STEPS = 10
"""The steps ``report`` announces: reading, then the nine :func:`jobsearch_analysis.present.report.build`
announces for a log with outcomes (counted on the sample; a log without outcomes has fewer)."""
COHORT_STEPS = 7
"""The steps ``report --cohort`` announces: reading, then the six of
:func:`jobsearch_analysis.present.cohort_report.build_cohort` (five without the triage list)."""


class TimeLeft(ProgressColumn):
    """The time left, from the time the steps done so far took: "about 12 s left" (nothing before the first
    step is done: there is nothing to go by)."""

    def render(self, task) -> Text:
        if task.finished or not task.completed or task.total is None or task.elapsed is None:
            return Text("")
        left = task.elapsed / task.completed * (task.total - task.completed)
        if left < 1:
            return Text("under a second left")
        return Text(f"about {left:.0f} s left" if left < 90 else f"about {left / 60:.0f} min left")


class Progress:
    """The steps of a long run on stderr, each announced by name as it starts (``progress("time to reply")``,
    as the report builders call it: see :data:`jobsearch_analysis.present.page.Progress`).

    On a terminal: a progress bar with the step under way, the steps done of those expected, the time so far and
    an estimate of the time left; it is gone when the run ends. Anywhere else (CI, a pipe, the tests): one plain
    line a step with the time since the start, ``[  2.1 s] time to reply``, never a control code. ``quiet``:
    nothing. ``total`` is how many steps to expect (a step may also bring a new total); a run that announces more
    makes the bar longer. Use it in a ``with`` block, so the bar is gone before anything else is printed.
    """

    def __init__(self, total: int | None = None, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.total = total
        self.quiet = quiet
        self.stream = sys.stderr if stream is None else stream
        self.started = 0
        self.start = time.perf_counter()
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None

    def __call__(self, step: str, total: int | None = None) -> None:
        self.total = total if total is not None else self.total
        self.started += 1
        if self.quiet:
            return
        if self.bar is None and is_terminal(self.stream):
            self.bar = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeLeft(),
                console=console(self.stream),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self.task = self.bar.add_task(step, total=self.total)
            self.bar.start()
        if self.bar is None:
            _print(f"[{time.perf_counter() - self.start:5.1f} s] {step}", file=self.stream, flush=True)
            return
        expected = max(self.total or 0, self.started) if self.total is not None else None
        self.bar.update(self.task, description=shown(step), completed=self.started - 1, total=expected, refresh=True)

    def close(self) -> None:
        """Take the bar off the terminal (steps printed as lines stay)."""
        if self.bar is not None:
            self.bar.update(self.task, completed=max(self.total or 0, self.started))
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _load_options(args: argparse.Namespace) -> dict:
    """The command line's loading options as keyword arguments of :func:`jobsearch_analysis.load`."""
    return {
        "mapping": _pairs(args.map, "--map"),
        "statuses": _pairs(args.status, "--status"),
        "dayfirst": args.dayfirst,
        "format": args.format,
        "outcomes_complete": args.complete,
        "keep_contacts": getattr(args, "keep_contacts", False),
        "limits": Limits(**dict(args.limit or [])),
    }


def _load(args: argparse.Namespace):
    from jobsearch_analysis.ingest.loading import load
    from jobsearch_analysis.samples import load_sample

    options = _load_options(args)
    if args.as_of:
        options["as_of"] = args.as_of
    if getattr(args, "sample", None):
        if args.files:
            raise LoadError("give either files or --sample, not both")
        return load_sample(args.sample, **options)
    if not args.files:
        raise LoadError("no file given (or use --sample personal_log)")
    return load(args.files, **options)


REPLY_MEASURES = (
    "any_reply",
    "positive_reply",
    "interview",
    "offer",
    "hired",
    "rejected",
    "no_reply_marked",
    "still_open",
    "recent_open",
)

WIDTH = 100
"""The width of output that goes to no terminal (a pipe, a file, CI, the tests): fixed, so it reads the same
everywhere."""


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that understands control codes (not a pipe, a file or a dumb terminal)."""
    try:
        return bool(stream.isatty()) and os.environ.get("TERM", "").lower() != "dumb"
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def console(stream: TextIO | None = None) -> Console:
    """A rich console on ``stream`` (stdout by default): the terminal's width and colours on a terminal; plain
    text :data:`WIDTH` columns wide anywhere else, never a control code (whatever FORCE_COLOR says)."""
    stream = sys.stdout if stream is None else stream
    terminal = is_terminal(stream)
    return Console(
        file=stream if terminal else _Trimmed(stream),
        force_terminal=terminal,
        force_jupyter=False,
        color_system="auto" if terminal else None,
        width=None if terminal else WIDTH,
        highlight=False,
        emoji=False,
    )


class _Trimmed:
    """A stream without the spaces a table pads its last column with at the end of each line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        return self.stream.write(re.sub(r" +\n", "\n", text))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (escape sequences among them) from a file's headers, cells or name: printed raw, they
would clear the screen or write to the clipboard."""


def shown(value: object) -> str:
    """Text from the user's files as a terminal may print it: control characters taken out."""
    return CONTROL.sub("", str(value))


def _print(*values, **options) -> None:
    """print(), with control characters taken out of the text (a file's name or headers may hold escapes)."""
    print(*(shown(v) for v in values), **options)


class _PlainTable(Table):
    """A table whose cells are plain text: a header such as "[/x]" is shown as typed, never read as markup."""

    def add_row(self, *cells, **options) -> None:
        super().add_row(*(c if isinstance(c, Text) else Text(shown(c)) for c in cells), **options)


def _table(*columns: str) -> Table:
    """A table of the summary: a rule under the headers, no frame; a column named with a leading ">" holds
    numbers and is right-aligned."""
    table = _PlainTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name in columns:
        header = Text(shown(name.removeprefix(">")), style="bold")  # a file's name heads a column: plain text
        table.add_column(header, justify="right" if name.startswith(">") else "left")
    return table


def _lines(out: Console, lines: list[str], indent: str = "") -> None:
    """Sentences as they are, one a line, never cut by the console's width (a terminal wraps them itself)."""
    for line in lines:
        out.print(Text(shown(indent + line)), soft_wrap=True)


def _heading(out: Console, text: str) -> None:
    out.print()
    out.print(Text(text, style="bold"), soft_wrap=True)


def _role_words(role: str) -> str:
    """A column the tool read, as a person says it: "date applied", not applied_on."""
    from jobsearch_analysis.present.words import COLUMN_WORDS

    return COLUMN_WORDS.get(role) or role.replace("_on", " date").replace("_", " ")


def _print_reading(out: Console, summary) -> None:
    """What was read: a table of the files and their rows, each file's columns as read, its notes; then the
    rejected and skipped rows and what to do about unrecorded outcomes."""
    _heading(out, f"What was read, as of {summary.as_of:%Y-%m-%d}")
    extra = [name for name in ("folded", "merged") if getattr(summary, name)]
    words = {"folded": ">folded into histories", "merged": ">matched across files"}
    files = _table("file", "read as", ">rows", ">applications", ">rejected", ">skipped", *(words[n] for n in extra))
    counts = ("rows", "applications", "rejected", "skipped", *extra)
    for f in summary.files:
        files.add_row(f.file, f.format, *(f"{getattr(f, name):,}" for name in counts))
    if len(summary.files) > 1:
        files.add_row("all files", "", *(f"{getattr(summary, name):,}" for name in counts), style="bold")
    out.print(files)
    for f in summary.files:
        columns = _table(f"column in {f.file}", "read as")
        for header, role in f.columns.items():
            if role != "private":
                columns.add_row(header, _role_words(role))
        for header in f.private:
            columns.add_row(header, "not kept (personal data)")
        for header in f.own:
            columns.add_row(header, "kept as your own column")
        out.print()
        out.print(columns)
        notes = [*([f"{f.unmatched} rows matched no application in the earlier files: kept as applications of "
                    "their own"] if f.unmatched else []), *map(cli_words, summary.file_notes(f, cli_fix))]  # fmt: skip
        _lines(out, notes, indent="  ")
    problems = [cli_words(line) for line in summary.problem_lines(fix=cli_fix) + summary.unrecorded_lines(cli_fix)]
    if problems:
        out.print()
        _lines(out, problems)


def _headline_numbers(result, changes, progress: Progress) -> dict:
    """The numbers the summary prints after what was read: the headline counts, the response rates and the
    advice by channel (each a step of the progress display)."""
    from jobsearch_analysis.analysis.metrics import headline, response_rates
    from jobsearch_analysis.present.advice import in_brief, recommend

    apps, numbers = result.applications, {}
    if apps.empty:
        return numbers
    progress("headline numbers")
    numbers["headline"] = headline(apps, as_of=result.as_of)
    if not apps["outcome_recorded"].any():
        return numbers
    progress("response rates")
    from jobsearch_analysis.analysis.capabilities import what_it_can_tell
    from jobsearch_analysis.present.words import cannot_tell

    can = what_it_can_tell(apps, as_of=result.as_of)
    numbers["dated"] = bool(can.loc["reply_dates", "supported"])
    numbers["cannot"] = [text for name in can.index if (text := cannot_tell(can, name))]
    numbers["rates"] = [
        (words, response_rates(apps, kind=kind, as_of=result.as_of).iloc[0])
        for kind, words in (("any", "any reply (a rejection counts)"), ("positive", "a screen or better"))
    ]
    progress("when to pivot")
    numbers["brief"] = in_brief(recommend(apps, as_of=result.as_of, changes=changes))
    return numbers


def _print_headline(out: Console, result, numbers: dict) -> None:
    from jobsearch_analysis.present.words import pct

    apps = result.applications
    if apps.empty:
        _heading(out, f"Headline numbers, as of {result.as_of:%Y-%m-%d}")
        _lines(out, ["no valid applications"])
        return
    table = numbers["headline"]
    first, last = apps["applied_on"].min(), apps["applied_on"].max()
    weeks = table.set_index("measure").loc["weeks", "value"]
    _heading(
        out,
        f"Headline numbers, as of {result.as_of:%Y-%m-%d} "
        f"(applications from {first:%Y-%m-%d} to {last:%Y-%m-%d}, {weeks:.0f} weeks)",
    )
    unknown = int(table.set_index("measure").loc["outcome_unknown", "value"])
    grid = _table("", ">number", ">share")
    for row in table.itertuples(index=False):
        if row.measure == "weeks" or (row.measure == "outcome_unknown" and not unknown):
            continue
        if unknown == len(apps) and row.measure in REPLY_MEASURES:
            continue  # nothing recorded: printing 0 replies would read as "nobody answered"
        if row.measure == "per_week":
            grid.add_row(row.label, f"{row.value:.1f}", "")
        else:
            share = "" if pd.isna(row.share) or row.measure == "applications" else pct(row.share)
            grid.add_row(row.label, f"{row.value:,.0f}", share)
    out.print(grid)
    if unknown == len(apps):
        _lines(
            out,
            [
                "Replies: unknown. This source records no replies or outcomes, so no response rate can be given;",
                f"load your status sheet with it, or pass {cli_fix('outcomes_complete')} if no replies came.",
            ],
        )
    elif unknown:
        _lines(out, [f"Shares are of the {len(apps) - unknown} applications with a known outcome; recent ones "
                     "may still get replies."])  # fmt: skip
    else:
        _lines(out, ["Shares are of all applications so far; recent ones may still get replies."])


def _print_rates(out: Console, numbers: dict) -> None:
    from jobsearch_analysis.present.words import interval, pct

    if "rates" not in numbers:
        return
    _heading(out, "Response rates, counting only applications old enough to have had their answer")
    grid = _table("", ">within", ">rate", ">95% interval", ">replies", ">old enough", ">pending")
    grid.columns[0].no_wrap = True
    for words, row in numbers["rates"]:
        # A log without reply dates knows who replied, not when: "so far", of applications old enough to judge.
        within = f"{row['window_days']} days" if numbers.get("dated", True) else "so far"
        if row["matured"] == 0:
            grid.add_row(words, within, "too early", "", "", "0", f"{row['pending']:,}")
        else:
            grid.add_row(
                words,
                within,
                pct(row["rate"]),
                interval(row["ci_low"], row["ci_high"]),
                f"{row['responses']:,}",
                f"{row['matured']:,}",
                f"{row['pending']:,}",
            )
    out.print(grid)
    _lines(out, numbers.get("cannot", []))


PIVOT_HEADING = "When to pivot, by channel (for roles and resume versions too, see the report command's page)"


def _print_advice(out: Console, numbers: dict) -> None:
    from jobsearch_analysis.present.charts import VERDICT_WORDS

    brief = numbers.get("brief")
    if brief is None or brief.empty:
        return
    _heading(out, PIVOT_HEADING)
    grid = _table("", "verdict", "why")
    grid.columns[0].no_wrap = grid.columns[1].no_wrap = True
    for row in brief.itertuples(index=False):
        why = row.explanation + (f"\nFirst step: {row.first_step}" if row.first_step else "")
        grid.add_row(str(row.segment).split(": ", 1)[-1], VERDICT_WORDS.get(row.verdict, row.verdict), Text(shown(why)))
    out.print(grid)


def _summary(args: argparse.Namespace) -> int:
    with Progress(SUMMARY_STEPS, quiet=args.quiet) as progress:
        progress(_reading(args))
        result = _load(args)
        numbers = _headline_numbers(result, args.change, progress)
    out = console()
    _print_reading(out, result.summary)
    _print_headline(out, result, numbers)
    _print_rates(out, numbers)
    _print_advice(out, numbers)
    return 0


def _print_as_of_doubts(summary, *, named: bool) -> None:
    """The note of each file whose rejected rows say the as-of date may be wrong (see ``FileSummary.as_of_note``)."""
    for f in summary.files:
        note = f.as_of_note(summary.as_of, cli_fix)
        if note:
            _print(f"{f.file if named else 'The applications'}: {note}")


def _reading(args: argparse.Namespace) -> str:
    """The first step of a run, named for what it reads."""
    return "reading " + (f"the sample {args.sample}" if args.sample else ", ".join(args.files) or "nothing")


def _pngs(report, folder: str | None, progress: Progress) -> None:
    """Save the report's charts as PNG in ``folder``, if asked: the run's last step (it starts a browser), after
    the report is written and said, so a missing browser cannot hide that the page is there."""
    if folder:
        with progress:
            progress("drawing the charts as PNG")
            written = report.write_pngs(folder)
        _print(f"Wrote {len(written)} charts as PNG to {folder}")


def _cohort_report(args: argparse.Namespace) -> int:
    from jobsearch_analysis.present.cohort_report import build_cohort
    from jobsearch_analysis.privacy import MIN_CELL

    if args.files:
        raise LoadError("give the cohort with --cohort DIR_OR_FILE alone, not as FILE arguments")
    secret = _secret(args, required=False)
    in_pandas = args.engine == "pandas"
    if in_pandas and args.engine_memory:
        raise LoadError("--engine-memory goes with --engine duckdb or --engine spark")
    progress = Progress(COHORT_STEPS - args.no_triage + bool(args.png_dir), quiet=args.quiet)
    with progress:
        data = _read_cohort(args, progress) if in_pandas else _engine_cohort(args, progress)
        report = build_cohort(
            data,
            secret=secret,
            min_clients=args.min_clients or MIN_CELL,
            include_triage=not args.no_triage,
            progress=progress,
        )
        written = report.write(args.output)
    _print(cli_words(data.render(fix=cli_fix)))
    if in_pandas:  # in a folder of clients' files, a file's name is the client
        _print_as_of_doubts(data.load.summary, named=False)
    else:
        _print_checks(data, args.engine)
    _print(f"Cohort report written to {written} ({written.stat().st_size / 1e6:.1f} MB, {len(report.charts)} charts); "
          "it names no client.")  # fmt: skip
    if secret is None and not args.no_triage:
        _print(f"The pseudonyms in it change every run: give --secret-file (or {SECRET_VARIABLE}) to keep them.")
    if args.rejects:
        _write_rejects(_cohort_rejects(data) if in_pandas else _checked_rejects(data), args.rejects, private=True)
    if args.tables_dir:
        _print(f"Wrote {len(report.write_tables(args.tables_dir))} tables as CSV to {args.tables_dir}")
    _pngs(report, args.png_dir, progress)
    triage = report.tables.get("triage")
    if triage is not None:
        pivots = int((triage["verdict"] == "pivot").sum())
        near = len(triage) - pivots
        if pivots:
            _print(f"{pivots:,} {'client needs' if pivots == 1 else 'clients need'} a pivot conversation now; {near:,} "
                  f"more {'is' if near == 1 else 'are'} near 6 or 9 months.")  # fmt: skip
        elif near:
            _print(f"No client needs a pivot conversation now; {near:,} {'is' if near == 1 else 'are'} near 6 or 9 "
                  "months of searching.")  # fmt: skip
        else:
            _print("No client needs a pivot conversation now, and none is near 6 or 9 months of searching.")
    return 0


def _read_cohort(args: argparse.Namespace, progress: Progress):
    """The caseload the command line names, read into pandas (``--engine pandas``)."""
    from jobsearch_analysis.ingest.clients import load_cohort
    from jobsearch_analysis.samples import sample_as_of, sample_path

    as_of = args.as_of
    if args.sample:
        path, clients = sample_path("cohort_applications"), sample_path("cohort_clients")
        as_of = as_of or sample_as_of("cohort_applications")
    else:
        path, clients = Path(args.cohort), Path(args.clients) if args.clients else None
    options = _load_options(args)
    del options["keep_contacts"]  # a cohort's outputs never hold contact details
    progress(f"reading the cohort {path.name}")
    mapping = _pairs(args.clients_map, "--clients-map")
    return load_cohort(path, clients=clients, as_of=as_of, clients_mapping=mapping, **options)


READING_FLAGS = (("--map", "map"), ("--status", "status"), ("--format", "format"), ("--dayfirst", "dayfirst"),
                 ("--complete", "complete"), ("--keep-contacts", "keep_contacts"), ("--limit", "limit"),
                 ("--clients-map", "clients_map"))  # fmt: skip
"""The options that say how to read an export, which canonical Parquet does not need."""


def _engine_cohort(args: argparse.Namespace, progress: Progress):
    """The caseload the command line names, as canonical Parquet read and checked where it lies (``--engine``)."""
    from jobsearch_analysis.analysis.engine import connect
    from jobsearch_analysis.analysis.engine_cohort import open_cohort

    if args.sample or not args.cohort:
        raise LoadError(f"--engine {args.engine} reads canonical Parquet: write the cohort with jobsearch-analysis "
                        "convert --cohort DIR_OR_FILE -o OUT, then give --cohort OUT")  # fmt: skip
    given = [flag for flag, name in READING_FLAGS if getattr(args, name) not in (None, False, [])]
    if given:
        raise LoadError(f"{', '.join(given)}: with --engine the cohort is canonical Parquet, read as it was "
                        "written; give these to jobsearch-analysis convert")  # fmt: skip
    progress(f"reading and checking the cohort {Path(args.cohort).name} in {args.engine}")
    return open_cohort(args.cohort, args.clients, con=connect(args.engine, memory=args.engine_memory), as_of=args.as_of)


def _print_checks(data, engine: str) -> None:
    """The rows the engine's check of the contracts left out, counted by rule, with a few row numbers (the files
    and values are in --rejects, for the counselling team)."""
    for what, checked in data.checks.items():
        if checked.ok:
            continue
        _print(f"Checked in {engine}: {plural(checked.broken, 'row', 'rows')} of the {what} "
               f"({checked.rows:,}) break the contract and are left out:")  # fmt: skip
        shown = checked.examples.dropna(subset=["source_row"]).assign(column=checked.examples["column"].fillna(""))
        examples = shown.groupby(["rule", "column"])["source_row"].agg(list).to_dict()
        for failure in checked.failures.itertuples(index=False):
            column = "" if pd.isna(failure.column) else failure.column
            rows = [f"{r:,}" for r in examples.get((failure.rule, column), [])]
            example = f" (for example {'row' if len(rows) == 1 else 'rows'} {', '.join(rows)})" if rows else ""
            _print(f"  {plural(failure.rows, 'row', 'rows')}: {failure.message}{example}")


def _checked_rejects(data) -> pd.DataFrame:
    """A few rows of each rule the engine's check found broken, with their files and values."""
    frames = [
        checked.examples.merge(checked.failures[["rule", "column", "message"]], on=["rule", "column"])
        for checked in data.checks.values()
    ]
    found = pd.concat(frames, ignore_index=True).rename(columns={"message": "reason"})
    return found.assign(kind="error")[["source_file", "source_row", "column", "value", "reason", "kind"]]


def _cohort_rejects(data) -> pd.DataFrame:
    """The rows of a caseload that were not used, the clients table's too, and the files not read at all."""
    frames = [data.load.rejects] + ([data.clients_load.rejects] if data.clients_load is not None else [])
    unreadable = pd.DataFrame(
        {
            "source_file": list(data.unusable),
            "source_row": pd.Series(pd.NA, index=range(len(data.unusable)), dtype="Int64"),
            "reason": [cli_words(reason) for reason in data.unusable.values()],
            "kind": "unreadable file",
        }
    )
    return pd.concat([*frames, unreadable], ignore_index=True)


def _write_rejects(rejects: pd.DataFrame, path: str, *, private: bool = False) -> None:
    from jobsearch_analysis.present.export import write_csv

    write_csv(cli_rejects(rejects), Path(path))
    _print(f"Wrote {len(rejects)} rejected or skipped rows to {path}" + (" (it holds your data: keep it private)"
                                                                          if private else ""))  # fmt: skip


def _convert(args: argparse.Namespace) -> int:
    from jobsearch_analysis.ingest.convert import convert

    if args.files and args.cohort:
        raise LoadError("give the files to convert, or a caseload with --cohort, not both")
    if not args.files and not args.cohort:
        raise LoadError("no file given: jobsearch-analysis convert FILE... -o OUT, or --cohort DIR_OR_FILE -o OUT")
    if (args.clients or args.clients_map) and not args.cohort:
        raise LoadError("--clients and --clients-map are for a caseload: give its applications with --cohort")
    options = _load_options(args)
    del options["keep_contacts"]  # canonical Parquet never holds contact details
    options["as_of"] = args.as_of
    if args.cohort:
        mapping = _pairs(args.clients_map, "--clients-map")
        done = convert(Path(args.cohort), args.output, cohort=True, clients=args.clients, clients_mapping=mapping,
                       **options)  # fmt: skip
        data = done.result
        _print(cli_words(data.render(fix=cli_fix)))
        rejects = _cohort_rejects(data)
        ok = data.load.ok and (data.clients_load is None or data.clients_load.ok) and not data.unusable
        empty = []
    else:
        done = convert(args.files, args.output, **options)
        _print(cli_words(done.result.summary.render(fix=cli_fix)))
        rejects, ok, empty = done.result.rejects, done.result.ok, _empty_files(done.result)
    if args.rejects:
        _write_rejects(rejects, args.rejects, private=bool(args.cohort))
    written = f"Wrote {done.read.applications:,} applications to {done.applications}"
    if done.clients is not None:
        written += f" and {done.read.clients.clients:,} clients to {done.clients}"
    _print(written + "; only the canonical columns, no contact details.")
    for line in empty:
        _print(f"error: {line}", file=sys.stderr)
    return 0 if ok and not empty else 1


def _pseudonym(args: argparse.Namespace) -> int:
    from jobsearch_analysis.privacy import pseudonymise

    secret = _secret(args, required=True)
    table = pseudonymise(pd.DataFrame({"client_id": args.ids}), secret, columns=["client_id"])
    for original, hashed in zip(args.ids, table["client_id"], strict=True):
        _print(f"{original}\t{hashed}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from jobsearch_analysis.present.report import build

    if args.cohort or args.sample == "cohort":
        return _cohort_report(args)
    cohort_only = (args.clients, args.clients_map, args.secret_file, args.no_triage, args.min_clients,
                   args.engine != "pandas", args.engine_memory)  # fmt: skip
    if any(cohort_only):
        raise LoadError(
            "--clients, --clients-map, --secret-file, --min-clients, --no-triage and --engine are for cohort reports "
            "(--cohort)"
        )
    progress = Progress(REPORT_STEPS + bool(args.png_dir), quiet=args.quiet)
    with progress:
        progress(_reading(args))
        result = _load(args)
        report = build(result, target=args.target, goal=args.goal, progress=progress, changes=args.change)
        path = report.write(args.output)
    summary = result.summary
    _print(
        f"Read {plural(summary.rows, 'row', 'rows')}: {plural(summary.applications, 'application', 'applications')}, "
        f"{summary.rejected:,} rejected "
        f"(listed in the report with their reasons), {summary.skipped:,} skipped. As of {result.as_of:%Y-%m-%d}."
    )
    _print_as_of_doubts(summary, named=True)
    _print(f"Report written to {path} ({path.stat().st_size / 1e6:.1f} MB, {len(report.charts)} charts); open it in "
          "any browser, it works offline.")  # fmt: skip
    if args.rejects:
        _write_rejects(result.rejects, args.rejects)
    if args.tables_dir:
        written = report.write_tables(args.tables_dir)
        _print(f"Wrote {len(written)} tables as CSV to {args.tables_dir}")
    _pngs(report, args.png_dir, progress)
    if len(report.brief):
        _print()
        _print("In short, by channel:")
        for row in report.brief.itertuples(index=False):
            _print(f"- {row.explanation}")
            if row.first_step:
                _print(f"  First step: {row.first_step}")
    return 0


def _empty_files(result) -> list[str]:
    """One line for each file that gave no application at all (none of its own, none matched to another
    file's), saying what its rows were instead."""
    from jobsearch_analysis.ingest.issues import counted_words

    lines = []
    for f in result.summary.files:
        if f.applications or f.merged:
            continue
        mine = result.issues.loc[result.issues["source_file"] == f.file]
        parts = ([f"{f.rejected} rejected (the reasons are listed above)"] if f.rejected else []) + counted_words(
            mine, "skipped"
        )
        if not f.rows:
            lines.append(f"{f.file} holds no application: it has headers but no rows")
            continue
        rows = "its 1 row is" if f.rows == 1 else f"its {f.rows:,} rows are"
        lines.append(f"{f.file} holds no application: {rows} " + (", ".join(parts) or "not applications"))
    return lines


def _validate(args: argparse.Namespace) -> int:
    result = _load(args)
    _print(cli_words(result.summary.render(fix=cli_fix)))
    if args.rejects:
        _write_rejects(result.rejects, args.rejects)
    empty = _empty_files(result)
    for line in empty:
        _print(f"error: {line}", file=sys.stderr)
    return 0 if result.ok and not empty else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
        if args.command == "pseudonym":
            return _pseudonym(args)
        if args.command == "summary":
            return _summary(args)
        if args.command == "convert":
            return _convert(args)
        return _validate(args)
    except (LoadError, OutputError) as error:
        if args.debug:
            raise
        _print(cli_error(error), file=sys.stderr)
        return 2
    except OSError as error:
        if args.debug:
            raise
        _print(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except Exception as error:  # the promise is one clear line, never a traceback
        if args.debug:
            raise
        _print(f"error: unexpected {type(error).__name__}: {error} (run with --debug and report it)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
