"""Which folders hold the project's declarations, and what each folder declares (cached by file stamps).

The search walks up from the checked file's folder to the repository root (the nearest folder
holding ``.git``); outside a repository (an unpacked sdist, a temporary copy) it stops at the
outermost folder with a project file, so a monorepo member finds the workspace root's uv.lock and
a folder above the project is never read.  In each folder: the lock files, pyproject.toml,
Pipfile, setup.cfg, setup.py (its string literals, never run), tox.ini, tox.toml, every
``*requirements*`` / ``*constraints*`` file (``.txt``, ``.in``, ``.lock``) and every such file below
a ``requirements/`` folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from ... import stamps
from ...caches import CACHES, Memo, RunChecks
from ...display import display_path
from ...faults import report_ignored, report_unparsable
from ...records import record
from .files import Malformed, Reads, Stamp, holds, stamp
from .locks import LOCK_READERS
from .pyproject import read_pipfile, read_pyproject
from .requirement import PACKAGE, Declaration
from .requirement_files import read_requirements_file
from .setup_py import read_setup_py
from .tool_configs import read_setup_cfg, read_tox_ini, read_tox_toml

Reader = Callable[[Path, Reads], list[Declaration]]

MANIFEST_READERS: dict[str, Reader] = {
    "pyproject.toml": read_pyproject,
    "Pipfile": read_pipfile,
    "setup.cfg": read_setup_cfg,
    "setup.py": read_setup_py,
    "tox.ini": read_tox_ini,
    "tox.toml": read_tox_toml,
}
REQUIREMENTS_FOLDER = "requirements"
_REQUIREMENTS_NAME = re.compile(r"(?i).*(requirements|constraints).*\.(txt|in|lock)")
_PROJECT_MARKERS = frozenset({*LOCK_READERS, *MANIFEST_READERS, "requirements.txt"})


@record
class FolderDeclarations:
    """What one folder declares, and the stamps that keep the answer valid."""

    declarations: tuple[Declaration, ...]
    folder_stamps: tuple[tuple[Path, Stamp], ...]
    reads: Reads

    def still_valid(self) -> bool:
        """True while no file was added, removed or changed since the scan."""
        return all(holds(path, before) for path, before in self.folder_stamps) and self.reads.still_valid()


#: Each folder's scan, with what reading it noted (``stamps.capturing``; None: nothing was recorded).
_scans: dict[Path, tuple[FolderDeclarations, stamps.Recorder | None]] = {}
#: The scans found valid in this run: once per run is enough.
_validated = RunChecks()
_search_paths: Memo[Path, tuple[Path, ...]] = Memo()
CACHES.register(_scans.clear)


def search_folders(folder: Path) -> tuple[Path, ...]:
    """The folders to search, nearest first: up to the repository root, else the outermost project."""
    return _search_paths.get(folder, lambda: _search(folder))


def _search(folder: Path) -> tuple[Path, ...]:
    chain = (folder, *folder.parents)
    for index, current in enumerate(chain):
        if _exists(current / ".git"):
            return chain[: index + 1]
    marked = [index for index, current in enumerate(chain) if _is_project(current)]
    return chain[: marked[-1] + 1] if marked else ()


def _is_project(folder: Path) -> bool:
    return any(_is_file(folder / name) for name in sorted(_PROJECT_MARKERS))


def _exists(path: Path) -> bool:
    stamps.note_kind(str(path))
    return os.path.exists(path)


def _is_file(path: Path) -> bool:
    stamps.note_kind(str(path))
    return os.path.isfile(path)


def folder_declarations(folder: Path) -> tuple[Declaration, ...]:
    """Every declaration of pytest-asyncio in one folder's files (re-read when any of them changes)."""
    return tuple(d for d in tracked_declarations(folder) if d.package == PACKAGE)


def tracked_declarations(folder: Path) -> tuple[Declaration, ...]:
    """Every declaration of a tracked package (``requirement.TRACKED``) in one folder's files."""
    cached = _scans.get(folder)
    if cached is not None and (cached[1] is not None or not stamps.active()) and (
        _validated.done(folder) or cached[0].still_valid()
    ):
        if cached[1] is not None:
            stamps.replay(cached[1])
        return cached[0].declarations
    with stamps.capturing() as notes:
        scan = _scan(folder)
    _scans[folder] = (scan, notes)
    _validated.done(folder)  # valid for the rest of the run
    return scan.declarations


def _scan(folder: Path) -> FolderDeclarations:
    reads = Reads()
    listed = [folder, folder / REQUIREMENTS_FOLDER]
    found: list[Declaration] = []
    for path, reader in _files(folder, listed):
        try:
            found.extend(reader(path, reads))
        except Malformed as exc:
            report_unparsable(path, str(exc))
    for path, detail in reads.problems:
        report_ignored(display_path(path, levels_up=2), f"{detail}, a pytest-asyncio declaration")
    unique = {(d.source, d.line, d.text): d for d in found}
    folder_stamps = tuple((path, stamp(path)) for path in listed)
    return FolderDeclarations(tuple(unique.values()), folder_stamps, reads)


def _files(folder: Path, listed: list[Path]) -> list[tuple[Path, Reader]]:
    """The dependency files of a folder, with their readers; folders walked are added to ``listed``."""
    names = _names(folder)
    chosen: list[tuple[Path, Reader]] = []
    for name, reader in (*LOCK_READERS.items(), *MANIFEST_READERS.items()):
        if name in names and _is_file(folder / name):
            chosen.append((folder / name, reader))
    for name in sorted(names):
        if _REQUIREMENTS_NAME.fullmatch(name) and _is_file(folder / name):
            chosen.append((folder / name, _requirements))
    requirements = folder / REQUIREMENTS_FOLDER
    stamps.note(str(requirements))  # listed below, if it is a folder
    if REQUIREMENTS_FOLDER in names and os.path.isdir(requirements):
        for root, folders, files in os.walk(requirements):
            folders.sort()
            listed.extend(Path(root) / sub for sub in folders)
            for sub in folders:
                stamps.note(os.path.join(root, sub))
            names_here = sorted(name for name in files if _is_requirements(name))
            chosen.extend((Path(root) / name, _requirements) for name in names_here)
    return chosen


def _is_requirements(name: str) -> bool:
    return name.endswith((".txt", ".in", ".lock"))


def _names(folder: Path) -> set[str]:
    stamps.note(str(folder))
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def _requirements(path: Path, reads: Reads) -> list[Declaration]:
    return read_requirements_file(path, reads)


def clear_cache() -> None:
    """Forget every scan and search (for tests)."""
    _scans.clear()
    _validated.clear()
    _search_paths.clear()
