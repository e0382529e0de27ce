"""Where patch targets are looked up: the project's folders (shared with the fixture lookup), then
the interpreter's own ``sys.path``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..pytest_world.project import import_roots


def project_roots(filename: str, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """The project's own folders on the test run's import path, most likely first."""
    return tuple(str(root) for root in import_roots(Path(os.path.abspath(filename)), source_roots))


def search_roots(filename: str, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """Every folder a module is searched in: the project's, then the interpreter's ``sys.path``."""
    interpreter = [os.path.abspath(entry or os.curdir) for entry in sys.path]
    own = project_roots(filename, source_roots)
    return tuple(dict.fromkeys([*own, *(os.path.normpath(p) for p in interpreter if os.path.isdir(p))]))
