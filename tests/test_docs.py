"""Every command in the docs runs: README.md and docs/*.md, as a reader would run them.

- Each ```python block runs in a fresh namespace, with a fresh temporary folder as the working directory; the
  bundled samples are reached through ``jobsearch_analysis.sample_path``.
- Each command line of a ```sh, ```bash or ```console block (in a console block, after a ``$ `` prompt) that
  starts with ``jobsearch-analysis`` (or ``.venv/bin/jobsearch-analysis``, as the README has it) runs through
  the CLI entry point (``python -m jobsearch_analysis.cli``) in a fresh temporary folder holding a link to
  ``sample_data/``, as if in the repository's folder, and must exit 0, or the code an ``<!-- exit N -->``
  comment on the line before the fence names (``validate`` exits 1 on a file with rejected rows).
- ``make X`` in a block or in inline code must be a target of the Makefile (CI runs the targets themselves).
- Any other command in a shell block fails the test, unless the block is marked ``<!-- not run: why -->`` on the
  line before the fence (for commands on the reader's own files): nothing is shown as a command unchecked.
- Relative links between the pages resolve to an existing file, and an ``#anchor`` to a heading of it.

The JOBSEARCH_SECRET the cohort commands need comes from the environment (the root conftest.py sets one).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import jobsearch_analysis
from jobsearch_analysis.samples import sample_dir

ROOT = Path(jobsearch_analysis.__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
PENDING = {
    "docs/architecture.md": "the contributors' architecture page, written on another branch; it exists by merge time",
}
"""Pages the docs may link to before they exist, with why. A link to any other missing page fails."""

CLI = ("jobsearch-analysis", ".venv/bin/jobsearch-analysis")
SHELL = {"sh", "bash", "console", "shell"}
NOT_RUN = re.compile(r"^<!--\s*not run\b.*-->$")
EXIT = re.compile(r"^<!--\s*exit\s+(\d+)\s*-->$")
SHELL_SYNTAX = {"|", "||", "&&", ";", ">", ">>", "<", "&", "2>", "2>&1"}
TIMEOUT = 180


@dataclass(frozen=True)
class Block:
    page: str  # relative to the repository, e.g. "docs/formats.md"
    number: int  # 1-based among the page's fenced blocks
    line: int  # the fence's line number
    lang: str
    text: str
    not_run: bool
    exit_code: int

    def where(self) -> str:
        return f"{self.page} block {self.number} (line {self.line})"


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, with the marker comment on the line before each fence."""
    found, lines = [], path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^(`{3,})\s*([\w+-]*)", lines[index])
        if not opening:
            index += 1
            continue
        fence, lang, start = opening.group(1), opening.group(2).lower(), index
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(fence)), None)
        if end is None:
            raise AssertionError(f"{relative(path)} line {start + 1}: a code block is never closed")
        before = next((lines[i].strip() for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        exit_code = EXIT.match(before)
        found.append(
            Block(
                page=relative(path),
                number=len(found) + 1,
                line=start + 1,
                lang=lang,
                text="\n".join(lines[start + 1 : end]),
                not_run=bool(NOT_RUN.match(before)),
                exit_code=int(exit_code.group(1)) if exit_code else 0,
            )
        )
        index = end + 1
    return found


ALL_BLOCKS = [block for page in PAGES for block in blocks(page)]


def commands(block: Block) -> list[str]:
    """The command lines of a shell block: continuation lines joined, comments and (in console blocks) output
    left out."""
    lines, pending = [], ""
    for raw in block.text.splitlines():
        line = raw.strip()
        if block.lang == "console":
            if not pending and not line.startswith("$ "):
                continue  # output
            line = line.removeprefix("$ ")
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def words(line: str) -> list[str]:
    return shlex.split(line, comments=True)


# ----------------------------------------------------------------------------------------------- python
PYTHON_BLOCKS = [b for b in ALL_BLOCKS if b.lang in ("python", "py")]


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=Block.where)
def test_python_block_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    if block.not_run:
        pytest.skip(f"{block.where()} is marked not run")
    monkeypatch.chdir(tmp_path)
    code = compile(block.text, f"<{block.where()}>", "exec")
    try:
        exec(code, {"__name__": "__docs__"})
    except Exception as error:
        raise AssertionError(f"{block.where()} raised {type(error).__name__}: {error}") from error


# ----------------------------------------------------------------------------------------------- shell
SHELL_BLOCKS = [b for b in ALL_BLOCKS if b.lang in SHELL]
CLI_COMMANDS = [
    (block, line) for block in SHELL_BLOCKS if not block.not_run for line in commands(block) if line.split()[0] in CLI
]


def shell_syntax(arguments: list[str]) -> list[str]:
    """Words that would need a shell (pipes, redirections, substitutions, ~): the docs show plain commands."""
    return [w for w in arguments if w in SHELL_SYNTAX or "$(" in w or "`" in w or w.startswith("~")]


def run_cli(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The command line as installed: ``python -m jobsearch_analysis.cli`` with this checkout's package first, in
    ``cwd``, which holds a link to the bundled ``sample_data/`` as the repository's folder does."""
    (cwd / "sample_data").symlink_to(sample_dir(), target_is_directory=True)
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "jobsearch_analysis.cli", *arguments],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], subprocess.CompletedProcess]:
    """Every runnable command of the docs, each in a fresh folder of its own, run side by side (one per core):
    each is a separate process that mostly waits on imports, and one after the other they take most of a minute."""
    jobs = {
        (block.where(), line): (words(line)[1:], tmp_path_factory.mktemp("cli"))
        for block, line in CLI_COMMANDS
        if not shell_syntax(words(line)[1:])
    }
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {key: pool.submit(run_cli, arguments, cwd) for key, (arguments, cwd) in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize(
    ("block", "line"), [pytest.param(b, line, id=f"{b.where()}: {line[:70]}") for b, line in CLI_COMMANDS]
)
def test_command_runs(block: Block, line: str, cli_runs):
    syntax = shell_syntax(words(line)[1:])
    assert not syntax, f"{block.where()}: {line!r} needs a shell ({syntax}); write the plain command"
    done = cli_runs[block.where(), line]
    assert done.returncode == block.exit_code, (
        f"{block.where()}: {line!r} exited {done.returncode}, expected {block.exit_code}\n"
        f"stdout:\n{done.stdout[-2000:]}\nstderr:\n{done.stderr[-2000:]}"
    )


def test_the_cli_entry_point_is_the_installed_command():
    # The console script the docs name runs the same main() as ``python -m jobsearch_analysis.cli``.
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"jobsearch-analysis": "jobsearch_analysis.cli:main"}


@pytest.mark.parametrize("block", [b for b in SHELL_BLOCKS if not b.not_run], ids=Block.where)
def test_every_shell_command_is_checked(block: Block):
    unchecked = [line for line in commands(block) if line.split(maxsplit=1)[0] not in (*CLI, "make")]
    assert not unchecked, (
        f"{block.where()}: {unchecked} cannot be run by this test; make it a jobsearch-analysis command on the "
        "sample data, or mark the block <!-- not run: why --> on the line before the fence"
    )


# ----------------------------------------------------------------------------------------------- make
def makefile_targets() -> set[str]:
    targets = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        rule = re.match(r"^([A-Za-z0-9_.][A-Za-z0-9_. -]*?)\s*:(?![=:])", line)
        if rule:
            targets |= set(rule.group(1).split())
    return targets - {".PHONY"}


def make_mentions(path: Path) -> list[tuple[str, str]]:
    """(where, target) for every ``make X`` in a code block or in inline code of a page."""
    found = []
    for block in blocks(path):
        if block.lang in SHELL:
            for line in commands(block):
                if line.split(maxsplit=1)[0] == "make":
                    found += [(block.where(), t) for t in words(line)[1:] if "=" not in t and not t.startswith("-")]
    prose = re.sub(r"^(`{3,}).*?^\1", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    for span in re.findall(r"`(make [^`]+)`", prose):
        found += [(relative(path), t) for t in span.split()[1:] if "=" not in t and not t.startswith("-")]
    return found


def test_the_makefile_has_targets():
    assert {"report", "test"} <= makefile_targets()  # the parser below would otherwise pass vacuously


@pytest.mark.parametrize("page", PAGES, ids=relative)
def test_every_make_target_mentioned_exists(page: Path):
    targets = makefile_targets()
    missing = [(where, target) for where, target in make_mentions(page) if target not in targets]
    assert not missing, f"not targets of the Makefile ({sorted(targets)}): {missing}"


# ----------------------------------------------------------------------------------------------- links
def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^(`{3,}).*?^\1", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slug(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", text, flags=re.M)}


def links(path: Path) -> list[str]:
    """The targets of the page's Markdown links, outside code."""
    text = re.sub(r"^(`{3,}).*?^\1", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", PAGES, ids=relative)
def test_relative_links_resolve(page: Path):
    broken = []
    for target in links(page):
        if re.match(r"^[a-z]+:", target):
            continue  # https:, mailto:
        name, _, anchor = target.partition("#")
        resolved = (page.parent / name).resolve() if name else page
        if not resolved.exists():
            if resolved.is_relative_to(ROOT) and relative(resolved) in PENDING:
                continue  # checked by test_pending_pages
            broken.append(f"{target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target} (no heading #{anchor} in {relative(resolved)})")
    assert not broken, f"{relative(page)}: broken links {broken}"


@pytest.mark.parametrize("pending", sorted(PENDING))
def test_pending_pages(pending: str):
    if not (ROOT / pending).exists():
        pytest.skip(f"{pending} is not written yet: {PENDING[pending]}")
    linked = [relative(p) for p in PAGES if any(t.partition("#")[0].endswith(Path(pending).name) for t in links(p))]
    assert linked, f"{pending} exists but no page links to it"


def test_the_index_and_the_readme_link_every_guide():
    guides = ({p.name for p in (ROOT / "docs").glob("*.md")} | {Path(p).name for p in PENDING}) - {"index.md"}
    index = {Path(t.partition("#")[0]).name for t in links(ROOT / "docs" / "index.md")}
    readme = {Path(t.partition("#")[0]).name for t in links(ROOT / "README.md")}
    assert guides <= index, f"docs/index.md does not link {sorted(guides - index)}"
    assert guides | {"index.md"} <= readme, f"README.md does not link {sorted(guides | {'index.md'} - readme)}"


def test_the_docs_have_blocks_of_each_kind():
    # A parser that found nothing would pass every test above without running anything.
    assert len(PYTHON_BLOCKS) >= 10 and len(CLI_COMMANDS) >= 5
    unlabelled = [
        b.where()
        for b in ALL_BLOCKS
        if not b.lang and re.search(r"^(\$ |make |jobsearch-analysis |from |import )", b.text, re.M)
    ]
    assert not unlabelled, f"code blocks without a language, so never run: {unlabelled}"


@pytest.mark.parametrize("page", PAGES, ids=relative)
def test_every_file_of_the_project_a_page_names_exists(page: Path):
    """A guide that points at `tests/analysis/test_pivot.py` or `jobsearch_analysis/ingest/issues.py` points at
    a file that is there (files move when the package is reorganised; the guides must move with them)."""
    named = re.findall(r"`((?:tests|jobsearch_analysis|benchmarks|notebooks|scripts)/[\w./-]+)`", page.read_text())
    assert [path for path in named if not (ROOT / path).exists()] == []
