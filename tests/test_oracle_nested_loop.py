"""Runtime oracle for ALP008: flagged exactly where starting a loop inside a coroutine raises.

Every form below is an ``async def`` of one generated module, run by ``asyncio.run`` in a fresh
interpreter — on every CPython 3.10+ found here (``asyncio.Runner`` forms from 3.11), and, with
``nest_asyncio.apply()`` at the top of the module, on this one.  A form "fails" when it raises
RuntimeError; the plugin must flag the forms that fail and only those.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

from .harness import run_flake8
from .test_oracle_event_loop_api import interpreters

#: name -> (body, needs Python >= 3.11); every statement that may start a loop says ``# CALL``.
FORMS: dict[str, tuple[str, bool]] = {
    "run": ("return asyncio.run(fetch())  # CALL", False),
    "run_alias": ("return go(fetch())  # CALL", False),
    "runner_call": ("return asyncio.Runner().run(fetch())  # CALL", True),
    "runner_with": ("with asyncio.Runner() as runner:\n    return runner.run(fetch())  # CALL", True),
    "runner_name": ("runner = asyncio.Runner()\ntry:\n    return runner.run(fetch())  # CALL\n"
                    "finally:\n    runner.close()", True),
    "running_loop": ("loop = asyncio.get_running_loop()\n"
                     "return loop.run_until_complete(fetch())  # CALL", False),
    "event_loop_call": ("return asyncio.get_event_loop().run_until_complete(fetch())  # CALL", False),
    "fresh_loop": ("loop = asyncio.new_event_loop()\n"
                   "try:\n    return loop.run_until_complete(fetch())  # CALL\n"
                   "finally:\n    loop.close()", False),
    "run_forever": ("loop = asyncio.get_running_loop()\nloop.call_soon(loop.stop)\n"
                    "loop.run_forever()  # CALL", False),
    "param_loop": ("return await uses_param(asyncio.get_running_loop())", False),
    "to_thread": ("return await asyncio.to_thread(asyncio.run, fetch())  # CALL", False),
    "executor_partial": ("loop = asyncio.get_running_loop()\n"
                         "return await loop.run_in_executor(\n"
                         "    None, functools.partial(asyncio.run, fetch()))", False),
    "nested_def": ("def inner():\n    return asyncio.run(fetch())  # CALL\n"
                   "return await asyncio.to_thread(inner)", False),
    "lambda": ("return await asyncio.to_thread(lambda: asyncio.run(fetch()))  # CALL", False),
    "guarded": ("try:\n    return asyncio.run(fetch())  # CALL\n"
                "except RuntimeError:\n    return await fetch()", False),
    "mock_loop": ("loop = mock.MagicMock()\nreturn loop.run_until_complete(fetch())  # CALL", False),
    "awaited": ("return await fetch()", False),
}

_HEADER = """\
import asyncio
import functools
from asyncio import run as go
from unittest import mock


async def fetch():
    return 1


async def uses_param(loop):
    return loop.run_until_complete(fetch())  # CALL
"""
_NEST = "import nest_asyncio\nnest_asyncio.apply()\n"
_RUNNER = """\
import asyncio, importlib.util, sys, warnings
warnings.simplefilter("ignore")
spec = importlib.util.spec_from_file_location("forms", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
for name in sys.argv[2:]:
    try:
        asyncio.run(getattr(module, "form_" + name)())
        print(name, "OK")
    except RuntimeError as exc:
        print(name, "FAIL", exc)
"""


def forms_module(nested: bool, version: tuple[int, int]) -> str:
    parts = [_NEST if nested else "", _HEADER]
    for name, (body, needs_311) in FORMS.items():
        if needs_311 and version < (3, 11):
            continue
        parts.append(f"\n\nasync def form_{name}():\n{textwrap.indent(body, '    ')}\n")
    return "".join(parts)


@cache
def failing(python: str, path: Path, names: tuple[str, ...]) -> frozenset[str]:
    proc = subprocess.run(
        [python, "-c", _RUNNER, str(path), *names], capture_output=True, text=True, timeout=120
    )
    results = dict(line.split(" ", 1) for line in proc.stdout.splitlines())
    assert set(results) == set(names), proc.stderr
    return frozenset(name for name, outcome in results.items() if outcome.startswith("FAIL"))


def flagged(path: Path) -> frozenset[str]:
    """The forms with an ALP008 finding (``param_loop`` through its helper ``uses_param``)."""
    result = run_flake8(["--select", "ALP008", "--format", "%(row)d", path.name], cwd=path.parent)
    assert "Traceback" not in result.stderr, result.stderr
    rows = {int(row) for row in result.stdout.split()}
    lines = path.read_text().splitlines()
    assert all("# CALL" in lines[row - 1] for row in rows), "a finding on a line that starts nothing"
    names, current = set(), ""
    for number, line in enumerate(lines, start=1):
        if line.startswith("async def "):
            current = line.removeprefix("async def ").removeprefix("form_").split("(")[0]
        if number in rows:
            names.add("param_loop" if current == "uses_param" else current)
    return frozenset(names)


@pytest.mark.parametrize("version", sorted(interpreters()), ids=lambda v: "%d.%d" % v)
def test_flagged_exactly_where_python_raises(tmp_path: Path, version: tuple[int, int]) -> None:
    path = tmp_path / "forms.py"
    path.write_text(forms_module(False, version))
    names = tuple(n for n, (_, needs_311) in FORMS.items() if version >= (3, 11) or not needs_311)
    fails = failing(interpreters()[version], path, names)
    assert fails == flagged(path)
    assert {"run", "running_loop", "fresh_loop", "run_forever", "param_loop"} <= fails
    assert not fails & {"to_thread", "executor_partial", "nested_def", "lambda", "guarded", "mock_loop"}


def test_with_nest_asyncio_only_the_runner_still_raises(tmp_path: Path) -> None:
    pytest.importorskip("nest_asyncio")
    path = tmp_path / "forms.py"
    path.write_text(forms_module(True, sys.version_info[:2]))
    fails = failing(sys.executable, path, tuple(FORMS))
    assert fails == flagged(path) == {"runner_call", "runner_with", "runner_name"}
