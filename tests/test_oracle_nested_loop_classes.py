"""Runtime oracle for ALP008 on test methods: flagged exactly where real pytest fails.

An ``async def test_*`` of a plain ``unittest.TestCase`` is called and its coroutine dropped, so
its ``asyncio.run()`` never runs and the test passes (piccolo 1.38.0's ``TestBatchRaw.test_batch``
is one); ``IsolatedAsyncioTestCase`` and pytest-asyncio await theirs, and the same call fails.
Bases are followed through the project's modules (a re-export of IsolatedAsyncioTestCase, a
``DBTestCase(unittest.TestCase)`` in another file); a base made at run time may be either: silent.
One real pytest run (with pytest-asyncio, strict mode) gives each test's outcome; the flagged tests
must be exactly the failing ones among the classes the plugin can follow.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .in_process import lint

_MODULE = '''\
import asyncio
import unittest
from unittest import IsolatedAsyncioTestCase, TestCase

import pytest

from helpers import ComputedCase, DBTestCase, ImportedCase


async def work():
    return 1


class LocalBase(TestCase):
    def helper(self):
        return 1


class Mixin:
    pass


class AsyncBase(IsolatedAsyncioTestCase):
    pass


class TestSyncCase(TestCase):
    async def test_dropped(self):
        asyncio.run(work())  # SYNC_CASE


class TestThroughLocalBase(Mixin, LocalBase):
    async def test_dropped(self):
        asyncio.run(work())  # LOCAL_BASE

    async def setUp(self):
        asyncio.run(work())  # SET_UP


class TestQualified(unittest.TestCase):
    async def test_dropped(self):
        asyncio.run(work())  # QUALIFIED


class TestIsolated(IsolatedAsyncioTestCase):
    async def test_awaited(self):
        asyncio.run(work())  # ISOLATED


class TestThroughAsyncBase(Mixin, AsyncBase):
    async def test_awaited(self):
        asyncio.run(work())  # ASYNC_BASE


class TestPlain:
    @pytest.mark.asyncio
    async def test_awaited(self):
        asyncio.run(work())  # PLAIN_CLASS


class TestImported(ImportedCase):
    async def test_awaited(self):
        asyncio.run(work())  # IMPORTED


class TestProjectBase(DBTestCase):
    async def test_dropped(self):
        asyncio.run(work())  # PROJECT_BASE


class TestComputed(ComputedCase):
    async def test_unknown(self):
        asyncio.run(work())  # COMPUTED


@pytest.mark.asyncio
async def test_function():
    asyncio.run(work())  # FUNCTION
'''
_HELPERS = """\
from unittest import IsolatedAsyncioTestCase as ImportedCase
from base import DBTestCase

ComputedCase = type("ComputedCase", (ImportedCase,), {})
"""
_BASE = "import unittest\n\n\nclass DBTestCase(unittest.TestCase):\n    pass\n"
_TESTS = {  # the comment tag on the call -> the pytest node it belongs to
    "SYNC_CASE": "TestSyncCase::test_dropped", "LOCAL_BASE": "TestThroughLocalBase::test_dropped",
    "QUALIFIED": "TestQualified::test_dropped", "ISOLATED": "TestIsolated::test_awaited",
    "ASYNC_BASE": "TestThroughAsyncBase::test_awaited", "PLAIN_CLASS": "TestPlain::test_awaited",
    "IMPORTED": "TestImported::test_awaited", "PROJECT_BASE": "TestProjectBase::test_dropped",
    "COMPUTED": "TestComputed::test_unknown", "FUNCTION": "test_function",
}
_RESULT = re.compile(r"^test_module\.py::(\S+) (PASSED|FAILED)", re.MULTILINE)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    (tmp_path / "helpers.py").write_text(_HELPERS)
    (tmp_path / "base.py").write_text(_BASE)
    (tmp_path / "test_module.py").write_text(_MODULE)
    return tmp_path


def _outcomes(project: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-v", "-W", "ignore", "."],
        cwd=project, capture_output=True, text=True, env=env, timeout=300,
    )
    return dict(_RESULT.findall(proc.stdout))


def _flagged(project: Path) -> set[str]:
    result = lint(["--select", "ALP008", "test_module.py"], cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    lines = _MODULE.splitlines()
    rows = [int(line.split(":")[1]) for line in result.stdout.splitlines()]
    return {lines[row - 1].rsplit("# ", 1)[1] for row in rows}


def test_flagged_exactly_the_test_methods_that_fail(tmp_path: Path) -> None:
    project = _project(tmp_path)
    outcomes = _outcomes(project)
    assert set(outcomes) == set(_TESTS.values()), outcomes
    failing = {tag for tag, node in _TESTS.items() if outcomes[node] == "FAILED"}
    assert failing == {"ISOLATED", "ASYNC_BASE", "PLAIN_CLASS", "FUNCTION", "IMPORTED", "COMPUTED"}
    flagged = _flagged(project)
    # A base made by a call is IsolatedAsyncioTestCase here, but nothing static can tell: silent.
    assert flagged == failing - {"COMPUTED"}
    assert "SET_UP" not in flagged  # TestThroughLocalBase's setUp coroutine is dropped too
