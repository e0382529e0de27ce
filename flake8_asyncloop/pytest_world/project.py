"""Where a checked file's project is, and which folders its test run imports from.

One answer for both users of it: the fixture lookup (how far up pytest loads
``conftest.py`` files, where ``pytest_plugins`` and fixture imports are found)
and ALP004 (where the modules a patch target names are imported from).  The
test run's import path is, most likely first: the test module's base folder
(pytest's default ``prepend`` import mode), pytest's ``pythonpath`` ini option
(relative to the ini file), the project folder and its ``src/``, then any
folders the user names.  The project folder is pytest's rootdir and the
nearest folder holding a project file; where there is neither, the folder
flake8 runs in, as ``python -m pytest`` run there would have it.

flake8 is never imported here: the caller passes the user's extra folders.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Final

from .. import stamps
from ..caches import Memo
from ..project_top import PROJECT_MARKERS, marker_folder, project_top, working_folder
from .config_files import ConfigFile, locate
from .sources import package_base

__all__ = [
    "PROJECT_MARKERS", "import_roots", "marker_folder", "project_folder", "project_folders", "pythonpath",
]

PYTHONPATH_KEY: Final = "pythonpath"


def _is_within(folder: Path, top: Path) -> bool:
    return folder == top or top in folder.parents


def project_folder(folder: Path, rootdir: Path | None = None) -> Path:
    """The top folder of the project ``folder`` belongs to: where pytest stops loading conftests.

    pytest's rootdir when ``folder`` is inside it; else the nearest folder holding a project
    file; else the folder flake8 runs in (pytest's rootdir when run there without a
    configuration); else ``folder`` itself.
    """
    if rootdir is not None and _is_within(folder, rootdir):
        return rootdir
    return project_top(folder)


def project_folders(folder: Path) -> tuple[Path, ...]:
    """Every folder that may be the project's top: pytest's rootdir and the nearest marker folder
    (they differ in a monorepo), or, with neither, the folder flake8 runs in."""
    found = [locate(folder).rootdir, marker_folder(folder)]
    folders = [f for f in found if f is not None]
    if not folders:
        working = working_folder(folder)
        folders = [working] if working is not None else []
    return tuple(dict.fromkeys(folders))


def pythonpath(folder: Path) -> tuple[Path, ...]:
    """pytest's ``pythonpath`` ini option for tests in ``folder``, relative to the ini file's folder."""
    config = locate(folder).file
    if config is None or config.broken is not None:
        return ()
    return _pythonpath_entries(config)


def _pythonpath_entries(config: ConfigFile) -> tuple[Path, ...]:
    value = config.values.get(PYTHONPATH_KEY)
    if isinstance(value, str) and not config.toml_mode:
        try:
            entries: list[object] = list(shlex.split(value))
        except ValueError:
            return ()  # pytest itself stops on this file; the loop-scope rules say so
    elif isinstance(value, list):
        entries = value
    else:
        return ()
    base = config.path.parent
    return tuple(Path(os.path.normpath(base / entry)) for entry in entries if isinstance(entry, str))


def import_roots(path: Path, extra: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """The project's folders on the test run's import path for the module at ``path``, most
    likely first; only folders that exist."""
    return _import_roots(path.parent, extra, os.path.abspath(os.curdir))


def _import_roots(folder: Path, extra: tuple[str, ...], cwd: str) -> tuple[Path, ...]:
    """Cached per folder (the modules of one folder share them) and per working folder too: where
    there is no project file, it is the project."""
    return _roots.get((folder, extra, cwd), lambda: _existing_roots(folder, extra))


def _existing_roots(folder: Path, extra: tuple[str, ...]) -> tuple[Path, ...]:
    roots = [package_base(folder), *pythonpath(folder)]
    for top in project_folders(folder):
        roots += [top, top / "src"]
    roots += [Path(entry) for entry in extra]
    return tuple(dict.fromkeys(root for root in roots if _is_folder(root)))


def _is_folder(path: Path) -> bool:
    stamps.note_kind(str(path))
    return os.path.isdir(path)


_roots: Memo[tuple[Path, tuple[str, ...], str], tuple[Path, ...]] = Memo()
