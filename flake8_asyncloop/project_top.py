"""The top folder of a checked file's project, found without reading any file: where the disk cache
lives, and where the pytest model stops looking for conftests when pytest's rootdir is unknown."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from . import stamps
from .caches import Memo

#: Files and folders that mark a project's top folder.
PROJECT_MARKERS: Final = (
    ".git", "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "pytest.ini", ".flake8",
)

_tops: Memo[Path, Path | None] = Memo()


def marker_folder(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding one of ``PROJECT_MARKERS``."""
    return _tops.get(folder, lambda: _nearest_marked(folder))


def _nearest_marked(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        for marker in PROJECT_MARKERS:
            path = candidate / marker
            stamps.note_kind(str(path))
            if os.path.exists(path):
                return candidate
    return None


def working_folder(folder: Path) -> Path | None:
    """The folder flake8 runs in, when ``folder`` is inside it."""
    cwd = Path(os.path.abspath(os.curdir))
    return cwd if folder == cwd or cwd in folder.parents else None


def project_top(folder: Path) -> Path:
    """The nearest folder holding a project file; else the folder flake8 runs in, when ``folder`` is
    inside it; else ``folder`` itself."""
    return marker_folder(folder) or working_folder(folder) or folder
