"""Time one whole flake8 process and read its peak memory from the kernel.

``os.wait4`` returns the rusage of the child together with every descendant it
reaped, so ``ru_maxrss`` is the peak resident size of the largest process of
the tree (the only process with ``--jobs 1``; the biggest worker otherwise).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpora import Corpus
from venvs import Variant

_CODE = re.compile(r"^.+?:\d+:\d+: ([A-Z]+)\d+ ", re.MULTILINE)
_PROBLEM = re.compile(r"Traceback|internal error|failed during execution|critical error")


@dataclass
class Run:
    """One flake8 process: how long it took, how much memory, what it printed."""

    seconds: float
    cpu_seconds: float
    max_rss_kib: int
    exit_code: int
    findings: Counter[str]
    problems: list[str]
    stdout: str = field(repr=False, default="")


@dataclass
class Series:
    """Every run of one variant over one corpus."""

    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def peak_rss_mib(self) -> float:
        return max(run.max_rss_kib for run in self.runs) / 1024


def flake8_command(variant: Variant, corpus: Corpus, jobs: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The same arguments for every variant: no config files, default selection; a corpus read from
    stdin is one file, given its name as an editor does."""
    if corpus.stdin:
        return [str(variant.flake8), "--isolated", f"--stdin-display-name={corpus.paths[0]}", *extra, "-"]
    return [str(variant.flake8), "--isolated", f"--jobs={jobs}", *extra, *corpus.paths]


def run_once(command: list[str], cwd: Path, stdin: Path | None = None) -> Run:
    """Spawn flake8 (reading ``stdin`` from that file, as an editor pipes a buffer), wait for it with
    wait4, and summarise its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAKE8", "PYTHON"))}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdin=source, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    findings = Counter(_CODE.findall(stdout))
    problems = [line for line in stderr.splitlines() if _PROBLEM.search(line)]
    if proc.returncode not in (0, 1):
        problems.append(f"exit code {proc.returncode}: {stderr.strip()[-500:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, findings, problems,
               stdout)
