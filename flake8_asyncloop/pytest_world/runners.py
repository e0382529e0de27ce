"""Who else may run a project's async tests and fixtures, read from the text of its files.

pytest-asyncio is one of several plugins that run coroutines under pytest: anyio runs tests marked
``anyio`` or using ``anyio_backend``, pytest-trio those marked ``trio`` (all of them in
``trio_mode``), aiohttp's old plugin, pytest-tornasync, pytest-aio, pytest-sanic, pytest-twisted
and aiomisc run every coroutine; a conftest hook (``pytest_pyfunc_call``, ``pytest_fixture_setup``,
a ``pytest_configure`` that sets ``asyncio_mode``) may run them too, and a collection hook that
adds marks did so up to pytest-asyncio 0.21 (0.23 and later decide when the function is collected:
a mark added afterwards leaves an unmarked test unrun, as real runs of 0.23, 0.26, 1.0 and 1.5 show).
ALP006 must stay silent wherever any of that may apply, so evidence is read generously: a token
anywhere in a file's text (a comment included) counts.  Reading text is far cheaper than parsing,
and silence is the safe side.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

from .. import stamps
from ..caches import CACHES, Memo, RunChecks
from ..disk_cache import is_own_cache
from ..records import record
from .config_files import locate
from .pins import every_declaration
from .pins.dependencies import declares, may_run_before

#: Another runner takes every coroutine test and fixture of the run.
RUNS_EVERYTHING: Final = "runs-everything"
#: Marks or fixtures of a runner that takes only the tests (and their fixtures) that ask for it.
OTHER_RUNNER: Final = "other-runner"
#: A hook that runs or marks tests, or sets asyncio_mode: what happens cannot be read.
TEST_HOOK: Final = "test-hook"
#: A collection hook that adds marks: pytest-asyncio <= 0.21 runs a test marked there, later ones do not.
COLLECTION_MARKS: Final = "collection-marks"
#: A hook that sets up fixtures itself.
FIXTURE_HOOK: Final = "fixture-hook"
#: pytest-asyncio is used here (imported, its mark, its options).
PYTEST_ASYNCIO: Final = "pytest-asyncio"
#: A mark handed out through ``pytest.param(..., marks=...)`` (a fixture's params mark its users).
PARAM_MARKS: Final = "param-marks"
#: nest_asyncio, which makes asyncio.run() and run_until_complete() re-entrant (ALP008).
NEST_ASYNCIO: Final = "nest-asyncio"
#: anyio's runner specifically (its tests are found through their fixture closure).
ANYIO: Final = "anyio"

#: (kind, words, pattern): the pattern finds the evidence; it can only match where one of the words
#: is in the text, and looking for plain words is many times cheaper than running the pattern.
_PATTERNS: Final = (
    (RUNS_EVERYTHING, (
        "aiohttp.pytest_plugin", "pytest_tornasync", "pytest_aio", "pytest_sanic", "pytest_twisted",
        "aiomisc", "alt_pytest_asyncio",
    ), re.compile(
        r"aiohttp\.pytest_plugin|pytest_tornasync|pytest_aio\b|pytest_sanic|pytest_twisted|aiomisc"
        r"|alt_pytest_asyncio"
    )),
    (ANYIO, ("anyio_backend", "mark.anyio"), re.compile(r"\banyio_backend\b|mark\.anyio\b")),
    (OTHER_RUNNER, (
        "anyio_backend", "mark.anyio", "mark.trio", "mark.curio", "mark.gen_test", "mark.asyncio_cooperative",
        "mark.asyncio_concurrent", "pytest_trio", "trio_mode",
    ), re.compile(
        r"\banyio_backend\b|mark\.(?:anyio|trio|curio|gen_test|asyncio_cooperative|asyncio_concurrent)\b"
        r"|pytest_trio|trio_mode"
    )),
    (TEST_HOOK, ("pytest_pyfunc_call", "pytest_pycollect_makeitem", "pytest_runtest_call", "asyncio_mode"),
     re.compile(r"def\s+pytest_(?:pyfunc_call|pycollect_makeitem|runtest_call)\b|\basyncio_mode\b")),
    (FIXTURE_HOOK, ("pytest_fixture_setup", "asyncio_mode"),
     re.compile(r"def\s+pytest_fixture_setup\b|\basyncio_mode\b")),
    (PYTEST_ASYNCIO, ("pytest_asyncio", "mark.asyncio", "asyncio_mode"),
     re.compile(r"\bpytest_asyncio\b|mark\.asyncio\b|\basyncio_mode\b")),
    (NEST_ASYNCIO, ("nest_asyncio",), re.compile(r"\bnest_asyncio\b")),
    (PARAM_MARKS, ("marks",),
     re.compile(r"marks\s*=\s*[\[(]?\s*(?:pytest\.)?mark\.(?:asyncio|anyio|trio|curio)\b")),
)
_MARKING_HOOK_WORDS: Final = ("pytest_collection", "pytest_itemcollected", "pytest_runtest_setup")
_MARKING_HOOK: Final = re.compile(
    r"def\s+pytest_(?:collection_modifyitems|itemcollected|runtest_setup|collection)\b"
)
_MARKING: Final = re.compile(r"add_marker|own_markers|\basyncio\b")
#: Folders never holding the project's tests.
_SKIPPED_FOLDERS: Final = frozenset({
    ".git", ".hg", ".tox", ".nox", ".venv", "venv", "env", "node_modules", "site-packages", "build",
    "dist", "__pycache__", ".mypy_cache", ".pytest_cache", "docs",
})


def text_evidence(text: str) -> frozenset[str]:
    """The kinds of evidence (the constants above) a file's text holds."""
    found = {
        kind for kind, words, pattern in _PATTERNS
        if any(word in text for word in words) and pattern.search(text)
    }
    hooked = any(word in text for word in _MARKING_HOOK_WORDS)
    if hooked and _MARKING_HOOK.search(text) and _MARKING.search(text):
        found.add(COLLECTION_MARKS)
    return frozenset(found)


_files: dict[Path, tuple[tuple[int, int], frozenset[str]]] = {}
_trees: Memo[Path, frozenset[str]] = Memo()
CACHES.register(_files.clear)
_FILES_CHECKED = RunChecks()


def file_evidence(path: Path) -> frozenset[str]:
    """The evidence in one file on disk (cached by modification time and size); none if unreadable."""
    stamps.note(str(path))
    cached = _files.get(path)
    if cached is not None and _FILES_CHECKED.done(path):
        return cached[1]
    try:
        info = os.stat(path)
        key = (info.st_mtime_ns, info.st_size)
        if cached is not None and cached[0] == key:
            return cached[1]
        found = text_evidence(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        _files.pop(path, None)
        return frozenset()
    _files[path] = (key, found)
    return found


def tree_evidence(folder: Path) -> frozenset[str]:
    """The evidence in every Python file below ``folder`` (once per folder and process).

    A fixture in a conftest serves every test below it: whether anyio or trio runs some of
    them is written in those tests, not in the conftest.
    """
    return _trees.get(folder, lambda: _tree_evidence(folder))


def _tree_evidence(folder: Path) -> frozenset[str]:
    found: set[str] = set()
    stamps.note(str(folder))  # each folder is stamped before it is listed
    for root, folders, files in os.walk(folder):
        if is_own_cache(root, files):
            folders[:] = []
            continue
        folders[:] = [name for name in folders if name not in _SKIPPED_FOLDERS and not name.startswith(".")]
        for name in folders:
            stamps.note(os.path.join(root, name))
        for name in files:
            if name.endswith(".py"):
                found |= file_evidence(Path(root) / name)
    return frozenset(found)


@record
class ProjectRunners:
    """What the project's configuration and declared dependencies say about other runners."""

    evidence: frozenset[str]
    why: str  # for --asyncloop-explain and tests: which file or declaration said it


#: Declared, these run every coroutine test and fixture (pytest-aiohttp only before 1.0).
_EVERYTHING_PACKAGES: Final = (
    "pytest-tornasync", "pytest-aio", "pytest-sanic", "pytest-twisted", "aiomisc", "aiomisc-pytest",
    "alt-pytest-asyncio",
)
#: Declared, these run the tests that ask for them, and those tests' async fixtures.
_MARKED_PACKAGES: Final = (
    "pytest-trio", "pytest-curio", "pytest-tornado", "pytest-asyncio-cooperative",
    "pytest-asyncio-concurrent",
)
_ASYNCIO_KEYS: Final = (
    "asyncio_mode", "asyncio_default_fixture_loop_scope", "asyncio_default_test_loop_scope",
)
_projects: Memo[Path, ProjectRunners] = Memo()


def project_runners(folder: Path) -> ProjectRunners:
    """The evidence in the pytest configuration and the declared dependencies for ``folder``."""
    return _projects.get(folder, lambda: _project_runners(folder))


def _project_runners(folder: Path) -> ProjectRunners:
    evidence: set[str] = set()
    why: list[str] = []
    file = locate(folder).file
    if file is not None and file.broken is None:
        values = file.values
        if str(values.get("trio_mode", "")).strip().lower() in ("true", "1", "yes", "on"):
            evidence.add(RUNS_EVERYTHING)
            why.append(f"{file.path.name}: trio_mode")
        addopts = values.get("addopts")
        if addopts:
            found = text_evidence(" ".join(map(str, addopts)) if isinstance(addopts, list) else str(addopts))
            evidence |= found
            why += [f"{file.path.name} addopts: {kind}" for kind in sorted(found)]
        if any(key in values for key in _ASYNCIO_KEYS):
            evidence.add(PYTEST_ASYNCIO)
    for package in _EVERYTHING_PACKAGES:
        if declares(folder, package):
            evidence.add(RUNS_EVERYTHING)
            why.append(f"declares {package}")
    if may_run_before(folder, "pytest-aiohttp", (1, 0, 0)):
        evidence.add(RUNS_EVERYTHING)
        why.append("declares pytest-aiohttp before 1.0 (aiohttp's own runner)")
    for package in _MARKED_PACKAGES:
        if declares(folder, package):
            evidence.add(OTHER_RUNNER)
            why.append(f"declares {package}")
    if every_declaration(folder):
        evidence.add(PYTEST_ASYNCIO)
    return ProjectRunners(frozenset(evidence), "; ".join(why))
