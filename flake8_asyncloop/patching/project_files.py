"""The files a test run may execute for one test file: every module of the project's packages it
involves, and the conftests pytest loads above it -- found as imports are, never imported.

ALP007 asks them how a coroutine function is called, ALP009 who reads a patched name; both need
every file that may run, and a doubt (too many files, one that cannot be read) is an answer too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from .. import stamps
from ..caches import Memo, PerRun
from ..records import record
from ..pytest_world.project import project_folder
from .finder import SOURCE, ModuleFinder, ModuleLocation
from .module_reads import ModuleReads, merged_reads, reads_of_file

_SKIPPED_FOLDERS: Final = frozenset({
    "__pycache__", "node_modules", "site-packages", "build", "dist", ".git", ".tox", ".nox", ".venv", "venv",
})
#: More files than this in the packages involved: the question is left unanswered.
MAX_FILES: Final = 5000

#: Per finder and package: its modules, and the folders listed to find them (noted again on reuse).
_PACKAGES: PerRun[tuple[int, str], tuple[list[ModuleLocation], list[str]]] = PerRun()


def project_tops(finder: ModuleFinder, modules: Iterable[str]) -> set[str]:
    """The top-level packages (or modules) of the project among ``modules``."""
    tops = set()
    for name in modules:
        top = name.split(".")[0]
        location = finder.find(top)
        if location is not None and location.in_project:
            tops.add(top)
    return tops


@record
class PackageReads:
    """What the modules of some top-level packages read, merged.  ALP007 and ALP009 ask each of
    those files "does any of you ...": the answer is the same for every test file that involves
    the same packages, so one merge per run answers them all (asking every module for every test
    folder made that cost grow with the suite times the package)."""

    #: A module could not be read, or there were more than ``MAX_FILES``: every answer is a doubt.
    unreadable: bool
    #: Every module's reads in one (sets united, ``rebinds`` if any module rebinds).
    merged: ModuleReads


#: The answer when a module cannot be read or there are too many: a doubt (both are read-only).
_DOUBT: Final = PackageReads(True, ModuleReads())
#: By the modules merged (name and file): test folders whose finders differ (each has its own
#: import folder first) share the merge when the packages resolve to the same files.
_MERGED: Memo[tuple[tuple[str, str | None], ...], PackageReads] = Memo()


def package_reads(finder: ModuleFinder, tops: Iterable[str]) -> PackageReads:
    """The merged reads of every module of the packages ``tops``.  The packages are walked with
    ``finder`` (its lookups are the answer's); the files' reads are merged once per run (what
    reading them noted is handed to every answer that reuses them, ``caches.Memo``)."""
    modules: list[ModuleLocation] = []
    for top in sorted(set(tops)):
        modules.extend(package_modules(finder, top))
    if len(modules) > MAX_FILES:
        return _DOUBT
    key = tuple((module.name, module.path) for module in modules)
    return _MERGED.get(key, lambda: _merge(modules))


def _merge(modules: list[ModuleLocation]) -> PackageReads:
    every: list[ModuleReads] = []
    for location in modules:
        reads = module_reads(location)
        if reads is None:
            return _DOUBT
        every.append(reads)
    return PackageReads(False, merged_reads(every))


def conftest_reads(test_path: str) -> Iterator[ModuleReads | None]:
    """The reads of the conftests pytest loads above ``test_path`` (None: one cannot be read)."""
    for conftest in conftests(test_path):
        yield reads_of_file(conftest, None, False)


#: Files of the project folder that may name a function for something to resolve (entry points).
CONFIG_FILES: Final = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "pytest.ini")
_CONFIG_TEXTS: PerRun[str, str] = PerRun()


def config_mentions(test_path: str, texts: Iterable[str]) -> bool:
    """Whether the project's configuration files name one of ``texts`` (``"pkg.mod:func"``)."""
    folder = project_folder(Path(os.path.abspath(test_path)).parent)
    texts_read = _CONFIG_TEXTS.current()
    for name in CONFIG_FILES:
        path = str(folder / name)
        stamps.note(path)
        if path not in texts_read:
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    texts_read[path] = handle.read()
            except OSError:
                texts_read[path] = ""
        if any(text in texts_read[path] for text in texts):
            return True
    return False


def module_reads(location: ModuleLocation) -> ModuleReads | None:
    """The reads of one module's source file."""
    if location.path is None:
        return None
    return reads_of_file(location.path, location.name, location.is_package)


def conftests(test_path: str) -> Iterator[str]:
    """The ``conftest.py`` files pytest loads for a test file, up to the project's top (not the file
    itself, when it is one)."""
    path = os.path.abspath(test_path)
    folder = Path(path).parent
    stop = project_folder(folder)
    for candidate in (folder, *folder.parents):
        conftest = candidate / "conftest.py"
        stamps.note(str(conftest))
        if conftest.is_file() and str(conftest) != path:
            yield str(conftest)
        if candidate == stop:
            break


def package_modules(finder: ModuleFinder, top: str) -> list[ModuleLocation]:
    """Every source module of a top-level package (or the module itself), found as imports are."""
    key = (id(finder), top)
    cached = _PACKAGES.current().get(key)
    if cached is not None:
        if stamps.first_time(key):  # what the walk read, for the answer being recorded
            finder.find(top)
            for folder in cached[1]:
                stamps.note(folder)
            for module in cached[0]:
                finder.find(module.name)
        return cached[0]
    found: list[ModuleLocation] = []
    listed: list[str] = []
    location = finder.find(top)
    if location is not None and location.kind == SOURCE:
        found.append(location)
    if location is not None and location.is_package:
        for folder in location.search_path:
            found.extend(_walk(finder, folder, top, listed))
    _PACKAGES.current()[key] = (found, listed)
    return found


def _walk(finder: ModuleFinder, folder: str, package: str, listed: list[str]) -> Iterator[ModuleLocation]:
    listed.append(folder)
    stamps.note(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if entry.is_dir() and name.isidentifier() and name not in _SKIPPED_FOLDERS:
            location = finder.find(f"{package}.{name}")
            if location is not None and location.kind == SOURCE:
                yield location
            if location is not None and location.is_package:
                yield from _walk(finder, entry.path, f"{package}.{name}", listed)
        elif name.endswith(".py") and name != "__init__.py" and name[:-3].isidentifier():
            location = finder.find(f"{package}.{name[:-3]}")
            if location is not None and location.kind == SOURCE:
                yield location
