"""Find where a module would be imported from, without importing anything.

This follows the path-based import system for plain folders: a regular package
(``name/__init__.py``) wins at once, then a module file, while folders without
``__init__.py`` are collected as portions of a namespace package.  A compiled
module (an extension or bytecode only) is found but stays opaque: its names are
unknown, so nothing is reported about it.
"""

from __future__ import annotations

import importlib.machinery
import os
from typing import Any, Final

from .. import stamps
from ..caches import PerRun
from ..records import record

SOURCE: Final = "source"
NAMESPACE: Final = "namespace"
COMPILED: Final = "compiled"

_COMPILED_SUFFIXES: Final = tuple(importlib.machinery.EXTENSION_SUFFIXES) + (".pyc",)


@record
class ModuleLocation:
    """Where a module lives; ``path`` is its source file (None for namespace and compiled modules)."""

    name: str
    kind: str
    path: str | None
    #: The folders its submodules are searched in (empty for a plain module).
    search_path: tuple[str, ...]
    #: Found below one of the project's own roots rather than the interpreter's.
    in_project: bool

    @property
    def is_package(self) -> bool:
        """True when the module can hold submodules."""
        return bool(self.search_path)


class ModuleFinder:
    """Locates modules below a fixed list of roots; results are cached for the finder's life."""

    def __init__(self, roots: tuple[str, ...], project_roots: tuple[str, ...]) -> None:
        self._roots = roots
        self._project_roots = frozenset(project_roots)
        self._cache: dict[str, ModuleLocation | None] = {}
        #: Each lookup's ``location_data``, made once: every answer recording the lookup shares it.
        self._noted: dict[str, Any] = {}
        self._data = [list(roots), sorted(self._project_roots)]

    @property
    def roots(self) -> list[list[str]]:
        """The folders searched and the project's own among them, as plain data (for the disk cache)."""
        return self._data

    def find(self, name: str) -> ModuleLocation | None:
        """The location of the dotted module ``name``, or None when it cannot be imported."""
        location: ModuleLocation | None
        if name in self._cache:
            location = self._cache[name]
            self._note(name, location)
            return location
        parent_name, _, last = name.rpartition(".")
        if not parent_name:
            location = self._search(name, last, self._roots)
        else:
            parent = self.find(parent_name)
            if parent is None or not parent.is_package:
                location = None
            else:
                location = self._search(name, last, parent.search_path, parent.in_project)
        self._cache[name] = location
        self._note(name, location)
        return location

    def _note(self, name: str, location: ModuleLocation | None) -> None:
        """Tell the answers being recorded where ``name`` was found (nothing to do when none is)."""
        if not stamps.active():
            return
        noted = self._noted.get(name)
        if noted is None and location is not None:
            noted = self._noted[name] = location_data(location)
        stamps.note_module(name, noted, self._data)

    def _search(
        self, name: str, last: str, folders: tuple[str, ...], in_project: bool | None = None
    ) -> ModuleLocation | None:
        portions: list[str] = []
        first_folder = ""
        for folder in folders:
            found = self._search_folder(name, last, folder, in_project, portions)
            if found is not None:
                return found
            first_folder = first_folder or (folder if portions else "")
        if portions:
            project = in_project if in_project is not None else self._in_project(first_folder)
            return ModuleLocation(name, NAMESPACE, None, tuple(portions), project)
        return None

    def _search_folder(
        self, name: str, last: str, folder: str, in_project: bool | None, portions: list[str]
    ) -> ModuleLocation | None:
        base = os.path.join(folder, last)
        project = in_project if in_project is not None else self._in_project(folder)
        if os.path.isdir(base):
            init = os.path.join(base, "__init__.py")
            if os.path.isfile(init):
                return ModuleLocation(name, SOURCE, init, (base,), project)
            if any(os.path.isfile(os.path.join(base, "__init__" + s)) for s in _COMPILED_SUFFIXES):
                return ModuleLocation(name, COMPILED, None, (base,), project)
            if last.isidentifier():
                portions.append(base)
        if any(os.path.isfile(base + suffix) for suffix in _COMPILED_SUFFIXES[:-1]):
            return ModuleLocation(name, COMPILED, None, (), project)
        if os.path.isfile(base + ".py"):
            return ModuleLocation(name, SOURCE, base + ".py", (), project)
        if os.path.isfile(base + ".pyc"):
            return ModuleLocation(name, COMPILED, None, (), project)
        return None

    def _in_project(self, folder: str) -> bool:
        return folder in self._project_roots


def location_data(location: ModuleLocation | None) -> Any:
    """A location as plain data (for the disk cache): what a later lookup must find again."""
    if location is None:
        return None
    return [location.kind, location.path, list(location.search_path), location.in_project]


#: This run's finders by roots: a finder keeps what it found, which an edit may change by the next run.
_SHARED: PerRun[tuple[tuple[str, ...], tuple[str, ...]], ModuleFinder] = PerRun()


def shared_finder(roots: tuple[str, ...], project_roots: tuple[str, ...]) -> ModuleFinder:
    """The run's one finder for these roots (the rules' and the disk cache's checks share it)."""
    key = (roots, tuple(sorted(set(project_roots))))
    finders = _SHARED.current()
    finder = finders.get(key)
    if finder is None:
        finder = finders[key] = ModuleFinder(*key)
    return finder
