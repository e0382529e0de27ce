"""No crash on real code: the plugin, through the real flake8, over a slice of this Python's stdlib.

The full standard library of every Python 3.10-3.13 and the benchmark's real
async suites are checked by ``python benchmarks/run.py --crash-check``; this is
the part that fits in CI (about a minute on two cores).
"""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import pytest

from .harness import run_flake8

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SLICE = ("asyncio", "test/test_asyncio", "concurrent")
_PROBLEM = re.compile(r"Traceback|internal error|failed during execution|critical error")


def test_stdlib_slice_runs_clean() -> None:
    parts = [part for part in SLICE if (STDLIB / part).exists()]
    if len(parts) < len(SLICE) - 1:
        pytest.fail(f"this Python's stdlib lacks {set(SLICE) - set(parts)} under {STDLIB}")
    result = run_flake8(["--isolated", "--select", "ALP", "--jobs", "2", *parts], cwd=STDLIB)
    assert result.returncode in (0, 1), result.stderr
    problems = [line for line in result.stderr.splitlines() if _PROBLEM.search(line)]
    assert not problems, "\n".join(problems)
    # The slice does use the deprecated API (asyncio's own tests call get_event_loop):
    # findings prove the plugin really ran over it.
    assert any(hit.code == "ALP003" for hit in result.hits())
