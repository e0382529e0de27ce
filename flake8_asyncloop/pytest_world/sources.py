"""Other files of the project (conftests, fixture modules, plugins), each parsed once per process.

A suite of hundreds of test files shares a handful of conftest files; each is
read, parsed and summarised once and kept by path, and re-read only when its
modification time or size changes (so a long-lived editor process sees edits).
The file flake8 is checking never comes from here: its summary is built from
the tree flake8 handed over, which may be an unsaved buffer read from stdin.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from .. import stamps
from ..caches import CACHES, Memo, RunChecks, StatCache
from ..disk_cache import is_own_cache
from ..parsing import parse_file
from .fixtures import extract_module
from .summary import ModuleSummary

_summaries: StatCache[ModuleSummary | None] = StatCache(None)
_mentions: StatCache[bool] = StatCache(False)
#: pytest's default ``norecursedirs``: folders it never collects, so never loads a conftest from.
_NO_RECURSE: Final = ("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}")
_MAX_FOLDERS: Final = 20000
_MARKERS: Final = (b"add_marker", b"own_markers")
#: conftest.py files that may add marks, by project folder: walked once per process.
_marking_conftests: Memo[Path, tuple[Path, ...]] = Memo()
#: How many files were parsed in this process (tests use it to prove the cache works).
parse_count = 0


def load_module(path: Path) -> ModuleSummary | None:
    """The summary of the module at ``path``; None if it is missing or does not parse."""
    return _summaries.get(path, _parse)


def mentions_fixtures(path: Path) -> bool:
    """Whether the file's text says "fixture" at all: reading is far cheaper than parsing,
    and a module that never says it defines no fixture of its own."""
    return _mentions.get(path, _says_fixture)


def _says_fixture(path: Path) -> bool:
    try:
        return b"fixture" in path.read_bytes()
    except OSError:
        return False


def _parse(path: Path) -> ModuleSummary | None:
    global parse_count
    parse_count += 1
    tree = parse_file(path)
    return None if tree is None else extract_module(path, tree)


class Sources:
    """Module summaries for one check: the checked file from its buffer, the rest from disk."""

    def __init__(self, current: ModuleSummary) -> None:
        self.current = current
        self._seen: dict[Path, ModuleSummary | None] = {current.path: current}

    def module(self, path: Path) -> ModuleSummary | None:
        """The summary of ``path``, taking the checked file from flake8's buffer.

        Within one check a file is looked at (stat) once, however often it is asked for.
        """
        if path not in self._seen:
            self._seen[path] = load_module(path)
        return self._seen[path]

    def exists(self, path: Path) -> bool:
        """Whether ``path`` is a file (the checked file exists even when only in a buffer)."""
        if path == self.current.path:
            return True
        stamps.note_kind(str(path))
        return is_file(path)


_files: dict[Path, bool] = {}
CACHES.register(_files.clear)
_FILES_CHECKED = RunChecks()


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file, looked at once per check: every checked file resolves its imports
    against the same candidates."""
    if path in _files and _FILES_CHECKED.done(path):
        return _files[path]
    _FILES_CHECKED.done(path)
    found = _files[path] = os.path.isfile(path)
    return found


def has_init(folder: Path) -> bool:
    """Whether ``folder`` is a regular package."""
    init = folder / "__init__.py"
    stamps.note_kind(str(init))
    return init.is_file()


def base_folder(path: Path) -> Path:
    """The first folder above ``path`` that is not a package: where pytest's default
    ``prepend`` import mode puts a test module or conftest on ``sys.path``."""
    return package_base(path.parent)


def package_base(folder: Path) -> Path:
    """``folder`` if it is not a package, else the first folder above it that is not."""
    while has_init(folder) and folder.parent != folder:
        folder = folder.parent
    return folder


def module_candidates(dotted: str, root: Path) -> Iterator[Path]:
    """The files that would hold module ``dotted`` below ``root``."""
    parts = [p for p in dotted.split(".") if p]
    if not parts:
        return
    target = root.joinpath(*parts)
    yield target.with_name(target.name + ".py")
    yield target / "__init__.py"


def resolve_module(
    sources: Sources, module: str | None, level: int, importer: Path, roots: tuple[Path, ...]
) -> Path | None:
    """The file an import statement in ``importer`` reads, among the project's files."""
    if level:
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
        if not module:
            init = base / "__init__.py"
            return init if sources.exists(init) else None
        return next((c for c in module_candidates(module, base) if sources.exists(c)), None)
    if not module:
        return None
    for candidate in _absolute_candidates(module, roots):
        if sources.exists(candidate):
            return candidate
    return None


_candidates: dict[tuple[str, tuple[Path, ...]], tuple[Path, ...]] = {}
CACHES.register(_candidates.clear)


def _absolute_candidates(module: str, roots: tuple[Path, ...]) -> tuple[Path, ...]:
    """The files an absolute import of ``module`` may read, in the order they are tried (built once
    per module and roots: every test file imports the same few)."""
    key = (module, roots)
    found = _candidates.get(key)
    if found is None:
        found = _candidates[key] = tuple(c for root in roots for c in module_candidates(module, root))
    return found


def marking_conftests(top: Path) -> tuple[Path, ...]:
    """Every conftest.py below ``top`` (in folders pytest collects) whose text adds marks.

    A conftest's ``pytest_collection_modifyitems`` sees every item of the session, not only
    the tests below it, so the model needs the project's other conftests too; reading bytes
    is cheap, and only the few that say ``add_marker`` are parsed.
    """
    return _marking_conftests.get(top, lambda: tuple(_walk(top)))


def _walk(top: Path) -> Iterator[Path]:
    folders = 0
    stamps.note(str(top))  # each folder is stamped before it is listed: a conftest.py added changes it
    for folder, subfolders, files in os.walk(top):
        folders += 1
        if folders > _MAX_FOLDERS:
            return
        if "pyvenv.cfg" in files or is_own_cache(folder, files):  # a virtualenv (not collected), our cache
            subfolders[:] = []
            continue
        subfolders[:] = [d for d in subfolders if not any(fnmatch.fnmatch(d, p) for p in _NO_RECURSE)]
        for name in subfolders:
            stamps.note(os.path.join(folder, name))
        if "conftest.py" in files:
            path = Path(folder, "conftest.py")
            stamps.note(str(path))
            try:
                text = path.read_bytes()
            except OSError:
                continue
            if any(marker in text for marker in _MARKERS):
                yield path
