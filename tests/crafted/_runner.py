"""Runs the command line on crafted inputs, each run in a forked child of one warm process, and measures it.

Started by ``tests/test_crafted_budgets.py`` as ``python -m tests.crafted._runner``. It imports the package once
(so a run costs what the work costs, not Python's start-up), then reads one JSON request per line on stdin:
``{"argv": [...], "out": PATH, "err": PATH, "kill_after": SECONDS}`` (or, instead of ``argv``, ``"call": ["load"
or "load_cohort", PATH, AS_OF]`` to call the library: exit 0 for a result, 2 for a ``LoadError``, 98 for any other
exception, its traceback on stderr) and answers one JSON line: the exit code,
the wall time, the child's peak memory (its own maximum resident set, from ``wait4``) and whether it had to be
killed. The child's stdout and stderr go to the two files. The runner does no work of its own, so it holds no
threads when it forks.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import traceback

from jobsearch_analysis import cli
from jobsearch_analysis.present import cohort_report, report  # noqa: F401  (warm: a run must not pay for imports)

HARD_LIMIT = 6 * 2**30
"""Address space a child may reserve; far above the budget, only there so a runaway child cannot take the
machine down (the budget itself is checked on the measured peak)."""


def _call(name: str, path: str, as_of: str) -> int:
    from jobsearch_analysis import LoadError, load
    from jobsearch_analysis.ingest.clients import load_cohort

    try:
        {"load": load, "load_cohort": load_cohort}[name](path, as_of=as_of)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _child(request: dict) -> None:
    argv, out, err = request.get("argv"), request["out"], request["err"]
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    code = 99
    try:
        resource.setrlimit(resource.RLIMIT_AS, (HARD_LIMIT, HARD_LIMIT))
        code = cli.main(argv) if argv is not None else _call(*request["call"])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 2
    except BaseException:
        traceback.print_exc()
        code = 98
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run(request: dict) -> dict:
    kill_after = request.get("kill_after", 60)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(request)
    killed = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > kill_after:
            os.kill(pid, signal.SIGKILL)
            killed = True
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.01)
    return {
        "code": os.waitstatus_to_exitcode(status),
        "seconds": time.monotonic() - start,
        "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "killed": killed,
    }


def main() -> None:
    for line in sys.stdin:
        answer = run(json.loads(line))
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()


class Runner:
    """The test side: starts ``python -m tests.crafted._runner`` and sends it requests."""

    def __init__(self, root: str) -> None:
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crafted._runner"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def __call__(self, folder, *, argv: list[str] | None = None, call: list[str] | None = None, kill_after: float = 60):
        """Run the command line (``argv``) or the library (``call``) on files in ``folder``; the answer (see the
        module's docstring), the child's stdout and its stderr."""
        from pathlib import Path

        out, err = Path(folder) / "stdout.txt", Path(folder) / "stderr.txt"
        request = {"argv": argv, "call": call, "out": str(out), "err": str(err), "kill_after": kill_after}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        return answer, out.read_text(errors="replace"), err.read_text(errors="replace")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()
