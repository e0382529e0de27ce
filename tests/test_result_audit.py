"""No read is missed: every file or folder the plugin opens, lists or probes while checking a file is
stamped in that file's result entry (``result_cache``), or its module lookups cover it.

Each example project is linted whole, once, through a disk cache (so the per-process caches are
shared between its files, as in a real run: an entry must get the stamps of what another file's
check read first).  Then each checked file is linted alone, from empty per-process caches and
without a disk cache, while an audit hook (``open``, ``os.listdir``, ``os.scandir``) and a wrapper of
``os.stat`` (every ``isfile``/``isdir``/``exists`` and ``Path.is_file`` goes through it) watch the
plugin's ``run``: each path touched must be in the file's entry.
"""

from __future__ import annotations

import contextlib
import os
import pkgutil
import sys
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import flake8_asyncloop
from flake8_asyncloop import once
from flake8_asyncloop.checker import AsyncLoopChecker
from flake8_asyncloop.patching.finder import ModuleFinder
from flake8_asyncloop.rules import wanted_by_none

from .cache_files import every_stamp, stored_entries
from .harness import EXAMPLES, copy_example, example_args
from .in_process import lint

EXAMPLE_PROJECT = Path(__file__).resolve().parent.parent / "example"
PACKAGE = Path(flake8_asyncloop.__file__).resolve().parent
CASES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() or p.suffix == ".py")


class _Watch:
    """The paths the plugin touches while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.paths: set[str] = set()

    def add(self, path: Any) -> None:
        if self.on and isinstance(path, (str, bytes, os.PathLike)):
            text = os.fsdecode(os.fspath(path))
            self.paths.add(os.path.normpath(os.path.abspath(text)))

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.on:
            return
        if event == "open" and args and not isinstance(args[0], int):
            self.add(args[0])
        elif event in ("os.listdir", "os.scandir") and args:
            self.add(args[0] if args[0] is not None else os.curdir)


_WATCH = _Watch()
_HOOKED: list[bool] = []


def _hook() -> None:
    """An audit hook cannot be removed: one for the whole session, silent unless watching."""
    if not _HOOKED:
        sys.addaudithook(_WATCH.audit)
        _HOOKED.append(True)


def _import_everything() -> None:
    """Load every module a check may import first, so the imports' own reads are not watched."""
    for info in pkgutil.walk_packages(flake8_asyncloop.__path__, "flake8_asyncloop."):
        importlib.import_module(info.name)
    for name in ("astroid", "tomllib", "difflib", "hashlib"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


@contextlib.contextmanager
def _watching(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Watch]:
    real_stat = os.stat
    real_run = AsyncLoopChecker.run

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        _WATCH.add(path)
        return real_stat(path, *args, **kwargs)

    def run(self: AsyncLoopChecker) -> Iterator[tuple[int, int, str, type]]:
        _WATCH.on = True
        try:
            found = list(real_run(self))
        finally:
            _WATCH.on = False
        yield from found

    _WATCH.paths = set()
    with monkeypatch.context() as patch:
        patch.setattr(os, "stat", stat)
        patch.setattr(AsyncLoopChecker, "run", run)
        yield _WATCH


def _entries(cache: Path) -> dict[str, dict[str, Any]]:
    """The result entries in ``cache``, by the checked file's path."""
    prefix = "findings:"
    return {entry.key.removeprefix(prefix): entry.value for entry in stored_entries(cache)
            if entry.key.startswith(prefix)}


def _module_probes(entry: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The paths a finder with the entry's roots probes to look its modules up again."""
    if not entry["modules"]:
        return set()
    finder = ModuleFinder(tuple(entry["roots"][0]), tuple(entry["roots"][1]))
    with _watching(monkeypatch) as watch:
        watch.on = True
        for name in entry["modules"]:
            finder.find(name)
        watch.on = False
    return set(watch.paths)


def _allowed(path: str) -> bool:
    """Touched paths that cannot change a finding: the plugin's own files (a module imported late)
    and the marker files ``once`` makes to say a stderr line once per run."""
    if path == str(PACKAGE) or path.startswith(str(PACKAGE) + os.sep):
        return True
    run_folder = once._run_folder
    return run_folder is not None and path.startswith(os.path.normpath(run_folder))


def _audit(cache: Path, cwd: Path, target: str, args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Lint ``target`` whole through a cache (outside the project: a cache folder made inside it would
    change what the single-file runs list), then each of its files alone under watch; returns how
    many files were audited."""
    _hook()
    _import_everything()
    whole = lint(["--select", "ALP", f"--asyncloop-cache-dir={cache}", *args, target], cwd=cwd)
    assert "internal error" not in whole.stderr and "Traceback" not in whole.stderr, whole.stderr
    entries = _entries(cache)
    for checked, entry in sorted(entries.items()):
        alone = lint(["--select", "ALP", "--asyncloop-no-cache", *args, checked], cwd=cwd)  # warms imports
        with _watching(monkeypatch) as watch:
            again = lint(["--select", "ALP", "--asyncloop-no-cache", *args, checked], cwd=cwd)
            touched = set(watch.paths)
        assert again.stdout == alone.stdout
        stamped = {os.path.normpath(path) for path in every_stamp(cache, entry["stamps"])}
        probed = _module_probes(entry, monkeypatch)
        missed = {path for path in touched - stamped - probed if not _allowed(path)}
        assert not missed, f"{checked}: read but not stamped: {sorted(missed)}"
    return len(entries)


@pytest.mark.parametrize("case", CASES)
def test_every_read_of_an_example_is_stamped(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = EXAMPLES / case
    (tmp_path / "project").mkdir()
    target = copy_example(source, tmp_path / "project")
    cwd = tmp_path / "project" / target if source.is_dir() else tmp_path / "project"
    path = "." if source.is_dir() else str(target)
    copied = tmp_path / "project" / target
    files = list(copied.rglob("*.py")) if copied.is_dir() else [copied]
    assert _audit(tmp_path / "cache", cwd, path, example_args(source), monkeypatch) == _wanted(files)


def test_every_read_of_the_example_project_is_stamped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / copy_example(EXAMPLE_PROJECT, tmp_path)
    python_files = list(target.rglob("*.py"))
    assert _audit(tmp_path / "cache", target, ".", [], monkeypatch) == _wanted(python_files) > 10


def _wanted(files: list[Path]) -> int:
    """How many of ``files`` some rule can want, so that they are checked and cached."""
    return sum(not wanted_by_none(str(path), path.read_text().splitlines(keepends=True)) for path in files)
