"""Where patch targets are looked up: the project's folders (shared with the fixture lookup), then
the interpreter's own ``sys.path``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import stamps
from ..caches import Memo
from ..pytest_world.project import import_roots
from .finder import ModuleFinder, shared_finder


def project_roots(filename: str, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """The project's own folders on the test run's import path, most likely first."""
    return tuple(str(root) for root in import_roots(Path(os.path.abspath(filename)), source_roots))


def search_roots(filename: str, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """Every folder a module is searched in: the project's, then the interpreter's ``sys.path``."""
    interpreter = [os.path.normpath(os.path.abspath(entry or os.curdir)) for entry in sys.path]
    own = project_roots(filename, source_roots)
    return tuple(dict.fromkeys([*own, *(p for p in interpreter if _is_folder(p))]))


def _is_folder(path: str) -> bool:
    stamps.note_kind(path)
    return os.path.isdir(path)


#: The finder of each folder, for the same roots, working folder and ``sys.path``: the files of
#: one folder share it, and working it out (a stat of every ``sys.path`` entry) once per folder is
#: enough, as for ``import_roots``.  A ``Memo``: a file that reuses it is handed what it read.
_BY_FOLDER: Memo[tuple[str, tuple[str, ...], str, tuple[str, ...]], ModuleFinder] = Memo()


def finder_for(filename: str, source_roots: tuple[str, ...]) -> ModuleFinder:
    """The finder of ``filename``'s folder (one per set of roots and run); no astroid needed."""
    folder_key = (os.path.dirname(os.path.abspath(filename)), source_roots, os.path.abspath(os.curdir),
                  tuple(sys.path))
    return _BY_FOLDER.get(folder_key, lambda: _finder(filename, source_roots))


def _finder(filename: str, source_roots: tuple[str, ...]) -> ModuleFinder:
    own = project_roots(filename, source_roots)
    roots = search_roots(filename, source_roots)
    return shared_finder(roots, own)
