"""Runtime oracle for ALP003's get_event_loop() part: flagged == breaks on Python 3.14.

Each form below runs in a fresh process (a child forked from an interpreter that
imported asyncio and ran nothing: no loop is set, in the main thread) with
``-W error``, on every CPython 3.10+ found (this one and pyenv's).  Python 3.14
is emulated where it is not installed: the default policy's ``get_event_loop``
raises RuntimeError instead of creating a loop (what 3.14 does, python/cpython#126354)
and ``sys.version_info`` reads 3.14.  The facts the rule page states about 3.10-3.13
are asserted from the real runs.
"""

from __future__ import annotations

import ast
import glob
import os
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

from flake8_asyncloop.checker import AsyncLoopChecker

#: Each form is a function body run with no loop set; it raises when it does not work.
FORMS = {
    "bare": "return asyncio.get_event_loop()",
    "runtime_error_handled": """
        try:
            return asyncio.get_event_loop()
        except RuntimeError:
            return asyncio.new_event_loop()
        """,
    "warning_ignored_by_message": """
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="There is no current event loop")
            return asyncio.get_event_loop()
        """,
    "warning_ignored_by_category": """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return asyncio.get_event_loop()
        """,
    "gql": """
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="There is no current event loop")
                return asyncio.get_event_loop()
        except RuntimeError:
            return asyncio.new_event_loop()
        """,
    "except_exception": """
        try:
            return asyncio.get_event_loop()
        except Exception:
            return asyncio.new_event_loop()
        """,
    "close_if_any": """
        try:
            asyncio.get_event_loop().close()
        except RuntimeError:
            pass
        """,
    "longer_try_swallows_the_work": """
        done = []
        try:
            loop = asyncio.get_event_loop()
            loop.run_until_complete(asyncio.sleep(0))
            done.append(loop)
        except RuntimeError:
            pass
        assert done, "the work never ran"
        """,
    "reraise": """
        try:
            return asyncio.get_event_loop()
        except RuntimeError:
            raise
        """,
    "other_exception": """
        try:
            return asyncio.get_event_loop()
        except (TypeError, KeyError):
            return asyncio.new_event_loop()
        """,
    "only_before_314": """
        if sys.version_info < (3, 14):
            return asyncio.get_event_loop()
        return asyncio.new_event_loop()
        """,
    "in_coroutine": """
        async def main():
            return asyncio.get_event_loop()
        return asyncio.run(main())
        """,
}

_RUNNER = """
import asyncio, importlib.util, os, sys
path, mode, *names = sys.argv[1:]


def run(name):
    if mode == "3.14" and sys.version_info < (3, 14):
        def get_event_loop(self):
            if self._local._loop is None:
                raise RuntimeError("There is no current event loop (3.14 emulation)")
            return self._local._loop
        asyncio.events.BaseDefaultEventLoopPolicy.get_event_loop = get_event_loop
        sys.version_info = (3, 14, 0, "final", 0)
    spec = importlib.util.spec_from_file_location("forms", path)
    forms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(forms)
    try:
        getattr(forms, name)()
    except BaseException as exc:
        print(name, "FAIL", type(exc).__name__, exc)
    else:
        print(name, "OK")


for name in names:  # each in a child forked before anything ran: a fresh interpreter's state
    sys.stdout.flush()
    if os.fork() == 0:
        try:
            run(name)
        finally:
            sys.stdout.flush()
            os._exit(0)
    os.wait()
"""


def forms_module() -> str:
    """The forms as functions of one module, in FORMS order."""
    parts = ["import asyncio\nimport sys\nimport warnings\n"]
    for name, body in FORMS.items():
        parts.append(f"\n\ndef {name}():\n{textwrap.indent(textwrap.dedent(body).strip(), '    ')}\n")
    return "".join(parts)


@cache
def interpreters() -> dict[tuple[int, int], str]:
    """CPython 3.10+ found here, one per minor version: this one and pyenv's."""
    found = {sys.version_info[:2]: sys.executable}
    pattern = os.path.expanduser("~/.pyenv/versions/3.*/bin/python3.*[0-9]")
    for path in sorted(glob.glob(pattern)):
        try:
            out = subprocess.run([path, "-c", "import sys; print(*sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=60).stdout.split()
        except (OSError, subprocess.SubprocessError):
            continue
        if len(out) == 2 and (int(out[0]), int(out[1])) >= (3, 10):
            found.setdefault((int(out[0]), int(out[1])), path)
    return dict(sorted(found.items()))


@pytest.fixture(scope="module")
def forms_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forms") / "forms.py"
    path.write_text(forms_module())
    return path


@cache
def outcomes(python: str, path: Path, mode: str) -> dict[str, str]:
    """``OK`` or ``FAIL <exception>`` for every form, each in its own child of one interpreter that
    imported asyncio and nothing ran in yet (so no loop is set), under ``-W error``."""
    proc = subprocess.run([python, "-W", "error", "-c", _RUNNER, str(path), mode, *FORMS],
                          capture_output=True, text=True, timeout=300)
    found = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if line.split(" ", 1)[0] in FORMS)
    assert set(found) == set(FORMS), proc.stdout + proc.stderr
    return found


def run(python: str, path: Path, name: str, mode: str) -> str:
    """``OK`` or ``FAIL <exception>`` for one form under ``-W error`` with no loop set."""
    return outcomes(python, path, mode)[name]


def flagged(path: Path) -> dict[str, str]:
    """The ALP003 message the plugin gives each form, by form name (forms it leaves alone are absent)."""
    source = path.read_text()
    tree = ast.parse(source)
    spans = {f.name: (f.lineno, f.end_lineno) for f in tree.body if isinstance(f, ast.FunctionDef)}
    found: dict[str, str] = {}
    for line, _, text, _ in AsyncLoopChecker(tree, str(path), source.splitlines(True)).run():
        name = next(n for n, (first, last) in spans.items() if first <= line <= (last or first))
        found[name] = text
    return found


def emulating() -> dict[tuple[int, int], str]:
    """Where 3.14 is run or emulated: the newest interpreter and this one (the emulation is alike on each)."""
    found = interpreters()
    newest = max(found)
    return {newest: found[newest], sys.version_info[:2]: sys.executable}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_flagged_exactly_when_it_breaks_on_314(forms_path: Path, name: str) -> None:
    """A get_event_loop() form is reported outside a coroutine iff it fails on 3.14."""
    message = flagged(forms_path).get(name)
    for version, python in emulating().items():
        outcome = run(python, forms_path, name, "3.14")
        if name == "in_coroutine":
            assert outcome == "OK", (version, outcome)
            assert message is not None and "works in a coroutine" in message and "deprecat" not in message
            continue
        assert (message is not None) == outcome.startswith("FAIL"), (version, outcome, message)


def _real(python_version: tuple[int, int], path: Path, name: str) -> str:
    python = interpreters().get(python_version)
    if python is None:
        pytest.skip(f"CPython {python_version[0]}.{python_version[1]} is not installed here")
    return run(python, path, name, "real")


@pytest.mark.parametrize("version", [(3, 12), (3, 13)])
def test_the_documented_312_313_facts(forms_path: Path, version: tuple[int, int]) -> None:
    """What the rule page says about 3.12-3.13 under -W error, with no loop set."""
    no_loop = "FAIL DeprecationWarning There is no current event loop"
    assert _real(version, forms_path, "bare").startswith(no_loop)
    # a RuntimeError handler or a pre-3.14 branch still lets the warning out; the rule stays silent there
    # by design (nothing breaks unless warnings are errors), and the rule page says so
    assert _real(version, forms_path, "runtime_error_handled").startswith(no_loop)
    assert _real(version, forms_path, "only_before_314").startswith(no_loop)
    for quiet in ("warning_ignored_by_message", "warning_ignored_by_category", "gql", "except_exception",
                  "in_coroutine"):
        assert _real(version, forms_path, quiet) == "OK", quiet


@pytest.mark.parametrize("version", [(3, 10), (3, 11)])
def test_before_312_nothing_warns(forms_path: Path, version: tuple[int, int]) -> None:
    for name in ("bare", "runtime_error_handled", "warning_ignored_by_message", "in_coroutine"):
        assert _real(version, forms_path, name) == "OK", name
