"""Where patch targets are looked up, in the order the test run would find them."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from ..pytest_world.sources import base_folder

PROJECT_MARKERS = ("setup.cfg", "tox.ini", ".flake8", "pyproject.toml")


@lru_cache(maxsize=None)
def project_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding a project configuration file."""
    current = os.path.abspath(folder)
    while True:
        if any(os.path.isfile(os.path.join(current, marker)) for marker in PROJECT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def project_roots(filename: str, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """The project's own folders: the test's import folder, the project root and its src/, the options."""
    folder = os.path.dirname(os.path.abspath(filename))
    roots = [str(base_folder(Path(os.path.abspath(filename))))]
    root = project_root(folder)
    if root is not None:
        roots.append(root)
        src = os.path.join(root, "src")
        if os.path.isdir(src):
            roots.append(src)
    roots.extend(source_roots)
    return _unique(roots)


def search_roots(filename: str, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """Every folder a module is searched in: the project's, then the interpreter's ``sys.path``."""
    interpreter = [os.path.abspath(entry or os.curdir) for entry in sys.path]
    return _unique([*project_roots(filename, source_roots), *interpreter])


def _unique(paths: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for path in paths:
        if os.path.isdir(path):
            seen.setdefault(os.path.normpath(path), None)
    return tuple(seen)
