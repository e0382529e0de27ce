"""A checked file's findings, kept on disk with everything they depend on, so an unchanged file in an
unchanged project is answered without running a rule (or importing one).

One entry per checked file (by absolute path) in the disk cache (``disk_cache``), holding:

- a digest of the file's text as flake8 handed it over (an editor's unsaved buffer on stdin too);
- a digest of the run's environment: every option that can change a finding, the working folder
  (messages show paths from it; it may be the project) and ``sys.path`` (where modules are found);
  the plugin's version, its code and the Python version name the cache's namespace;
- the stamps (``stamps``) of every path any rule read or probed for the file — configuration files
  up the tree (absent ones too), pins and locks, the conftest chain, ``pytest_plugins`` modules,
  patch targets' modules, project markers, the installed pytest-asyncio's metadata — and every
  module lookup with the search roots it used (stamps that many files share are named, not copied:
  ``shared_stamps``);
- the lines said on stderr while checking it, said again when the entry is used;
- the findings, as ``(line, col, text)``;
- the parts other answers about the file attached to it while it was checked (the patch rules'
  answers, ``patching.answers``), each with its own stamps: one file written per checked file.

An entry is used only when all of it holds; anything that cannot be read back as such an entry is
a miss.  A check that hit an internal error is not stored.  ``--asyncloop-explain`` and
``--asyncloop-no-cache`` skip this cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from . import shared_stamps, stamps
from .caches import CACHES
from .disk_cache import DiskCache, cache_for, checked_file_key
from .project_top import project_top

if TYPE_CHECKING:
    from .options import Settings
    from .patching.finder import ModuleFinder

Found = tuple[int, int, str]
#: Settings that change where or whether answers are kept, never a finding.
_NOT_FINDINGS: Final = frozenset({"explain", "cache_dir", "no_cache"})
#: Entries that depend on more paths than this are not stored (checking them costs what checking
#: the file does).
MAX_PATHS: Final = 50_000


class FileResults:
    """The cache entry of one checked file: read it back, or write it after a check."""

    def __init__(self, cache: DiskCache, filename: str, lines: list[str], settings: Settings) -> None:
        self._cache = cache
        self._key = checked_file_key(os.path.abspath(filename))
        self._text = _digest("".join(lines))
        self._environment = _environment(settings)
        #: The entry as read (its attached parts are kept when it is written again), and the parts
        #: attached during this check.
        self._entry: Any = None
        self._parts: dict[str, Any] = {}

    @contextlib.contextmanager
    def gathering(self) -> Iterator[None]:
        """Around the file's check: what other answers attach to the entry is written with it."""
        with self._cache.gathering(self._key) as parts:
            self._parts = parts
            yield

    @classmethod
    def open(cls, filename: str, lines: list[str], settings: Settings) -> FileResults | None:
        """The entry of ``filename``; None when there is no disk cache or ``--asyncloop-explain``."""
        if settings.explain or settings.cache_folder is None:
            return None
        folder = project_top(Path(os.path.abspath(filename)).parent)
        cache = cache_for(folder, settings.cache_folder)
        return cls(cache, filename, lines, settings) if cache is not None and cache.prepare() else None

    def stored(self) -> list[Found] | None:
        """The findings kept for the file, if the entry is there and everything it read still holds."""
        entry = self._entry = self._cache.load(self._key)
        if not isinstance(entry, dict):
            return None
        if entry.get("text") != self._text or entry.get("environment") != self._environment:
            return None
        findings, said = _findings(entry.get("findings")), entry.get("said")
        if findings is None or not isinstance(said, list) or not all(isinstance(s, str) for s in said):
            return None
        if shared_stamps.holding(self._cache, entry.get("stamps")) is None:
            return None
        if not _modules_hold(entry.get("modules"), entry.get("roots")):
            return None
        if said:
            from .faults import say  # noqa: PLC0415 - only when there is something to say

            for line in said:
                say(line)
        return findings

    def store(self, recorder: stamps.Recorder, findings: list[Found]) -> None:
        """Keep ``findings`` with what ``recorder`` recorded while they were found."""
        paths = recorder.stamped()
        if paths is None or len(paths) + len(recorder.modules) > MAX_PATHS:
            self.store_parts()
            return
        self._cache.store(self._key, {
            "text": self._text,
            "environment": self._environment,
            "stamps": shared_stamps.pack(self._cache, recorder, paths),
            "roots": recorder.roots,
            "modules": recorder.modules,
            "said": list(recorder.said),
            "findings": [list(found) for found in findings],
            "parts": self._all_parts(),
        })

    def store_parts(self) -> None:
        """Without findings to keep (the check failed, or read too much), keep what was attached."""
        if self._parts:
            self._cache.store(self._key, {"parts": self._all_parts()})

    def _all_parts(self) -> dict[str, Any]:
        """The parts attached now, over those the entry held (each is checked when it is read)."""
        old = self._entry.get("parts") if isinstance(self._entry, dict) else None
        return {**(old if isinstance(old, dict) else {}), **self._parts}


def _findings(stored: Any) -> list[Found] | None:
    if not isinstance(stored, list):
        return None
    found: list[Found] = []
    for item in stored:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        line, col, text = item
        if type(line) is not int or type(col) is not int or not isinstance(text, str):
            return None
        found.append((line, col, text))
    return found


def _modules_hold(modules: Any, roots: Any) -> bool:
    """Every module is still found where it was, by a finder with the same roots."""
    if not isinstance(modules, dict):
        return False
    if not modules:
        return True
    finder = _finder(roots)
    if finder is None:
        return False
    from .patching.finder import location_data  # noqa: PLC0415 - only for entries with lookups

    return all(location_data(finder.find(name)) == where for name, where in modules.items())


def _finder(roots: Any) -> ModuleFinder | None:
    """The run's finder searching ``roots`` (``ModuleFinder.roots`` as stored)."""
    if not (isinstance(roots, list) and len(roots) == 2 and all(isinstance(r, list) for r in roots)):
        return None
    if not all(isinstance(folder, str) for part in roots for folder in part):
        return None
    from .patching.finder import shared_finder  # noqa: PLC0415

    return shared_finder(tuple(roots[0]), tuple(roots[1]))


def _environment(settings: Settings) -> str:
    """The digest of the options, the working folder and ``sys.path`` (once per process and value)."""
    key = (settings, os.path.abspath(os.curdir), tuple(sys.path))
    found = _ENVIRONMENTS.get(key)
    if found is None:
        options = {
            name: value for name, value in dataclasses.asdict(settings).items() if name not in _NOT_FINDINGS
        }
        found = _ENVIRONMENTS[key] = _digest(json.dumps([options, *key[1:]], sort_keys=True, default=str))
    return found


_ENVIRONMENTS: dict[tuple[Settings, str, tuple[str, ...]], str] = {}
CACHES.register(_ENVIRONMENTS.clear)


def _digest(text: str) -> str:
    return stamps.digest(text.encode("utf-8", "surrogateescape"))
