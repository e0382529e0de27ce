"""Which pytest-asyncio behaviour applies: the version the project uses, and what changed when.

flake8 often runs where pytest-asyncio is not installed (pre-commit, a tox lint env, pipx) or where
another release is, so the version comes, in this order, from ``--asyncloop-pytest-asyncio-version``;
the project's own declarations, read statically from the checked file's project (``pins``: an exact
pin or lock, else a range); the metadata of the pytest-asyncio installed beside flake8 (never
imported); the newest behaviour.  A project pinned to an old release is thus not told about
features its release lacks, wherever flake8 runs.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import stamps
from ..caches import Memo, PerRun
from ..options import parse_version_option, version_triple
from ..records import record
from .pins import NEWEST, Version, declared_version

if TYPE_CHECKING:
    from ..options import Settings

__all__ = [
    "NEWEST", "AsyncioSemantics", "Version", "installed_version", "parse_version_option", "semantics_for",
]

OPTION_ORIGIN = "--asyncloop-pytest-asyncio-version"
_RELEASE_PREFIX = re.compile(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@record
class AsyncioSemantics:
    """The behaviour of one pytest-asyncio release, as the rules need it, and why that release."""

    version: Version
    origin: str = field(default="", compare=False)  # e.g. "pinned in requirements/test.txt:3: ..."

    @property
    def plain_async_fixtures_run(self) -> bool:
        """Before 0.17 pytest-asyncio ran every ``async def`` fixture, whatever its decorator."""
        return self.version < (0, 17, 0)

    @property
    def legacy_mode_default(self) -> bool:
        """0.17-0.18: ``asyncio_mode`` defaults to ``legacy`` (plain async fixtures still run)."""
        return (0, 17, 0) <= self.version < (0, 19, 0)

    @property
    def legacy_mode_exists(self) -> bool:
        """0.17-0.19 accept ``asyncio_mode = legacy``; 0.20 refuses it."""
        return (0, 17, 0) <= self.version < (0, 20, 0)

    @property
    def per_scope_loops(self) -> bool:
        """0.23: one loop per collector level instead of the single ``event_loop`` fixture."""
        return self.version >= (0, 23, 0)

    @property
    def loop_scope_argument(self) -> bool:
        """0.24: ``loop_scope=`` on ``pytest_asyncio.fixture`` and on the asyncio mark."""
        return self.version >= (0, 24, 0)

    @property
    def default_fixture_loop_scope_option(self) -> bool:
        """0.24: the ini option ``asyncio_default_fixture_loop_scope`` exists."""
        return self.version >= (0, 24, 0)

    @property
    def default_test_loop_scope_option(self) -> bool:
        """0.26: the ini option ``asyncio_default_test_loop_scope`` exists."""
        return self.version >= (0, 26, 0)

    @property
    def event_loop_fixture_exists(self) -> bool:
        """Before 1.0 the ``event_loop`` fixture exists (redefinable; deprecated since 0.23)."""
        return self.version < (1, 0, 0)

    @property
    def sync_fixtures_get_loop(self) -> bool:
        """1.1: ``@pytest_asyncio.fixture`` on a plain ``def`` also runs on a loop."""
        return self.version >= (1, 1, 0)

    @property
    def invalid_loop_scope_is_usage_error(self) -> bool:
        """1.2: an invalid value of either default-loop-scope ini option stops pytest."""
        return self.version >= (1, 2, 0)

    @property
    def fixture_scope_value(self) -> bool:
        """1.5: ``asyncio_default_fixture_loop_scope = fixture-scope`` is accepted."""
        return self.version >= (1, 5, 0)

    def __str__(self) -> str:
        return ".".join(map(str, self.version))


def installed_version() -> Version | None:
    """The release of the pytest-asyncio distribution in this environment, from its metadata only
    (once per run: an upgrade between two runs of a long-lived process is seen by the second)."""
    known = _INSTALLED.current()
    if None not in known:
        known[None] = _read_installed()
    return known[None]


_INSTALLED: PerRun[None, Version | None] = PerRun()


def _read_installed() -> Version | None:
    try:
        text = metadata.version("pytest-asyncio")
    except metadata.PackageNotFoundError:
        return None
    match = _RELEASE_PREFIX.match(text or "")
    return version_triple(match) if match else None


def semantics_for(settings: Settings, folder: Path | str) -> AsyncioSemantics:
    """The semantics for the tests in ``folder``: the option, the project's declaration, the
    release installed beside flake8, else the newest.  Worked out once per folder and run (several
    rules of every checked file ask; the files read are stat'ed again in the next run)."""
    if settings.pytest_asyncio_version is not None:
        return AsyncioSemantics(settings.pytest_asyncio_version, OPTION_ORIGIN)
    absolute = os.path.abspath(folder)
    return _FOR_FOLDER.get(absolute, lambda: _declared_semantics(Path(absolute)))


#: This run's semantics by folder (``semantics_for``).
_FOR_FOLDER: Memo[str, AsyncioSemantics] = Memo()


def _declared_semantics(folder: Path) -> AsyncioSemantics:
    choice = declared_version(folder, _consult_installed)
    if choice is not None:
        return AsyncioSemantics(choice.version, choice.origin)
    installed = _consult_installed()
    if installed is not None:
        return AsyncioSemantics(installed, "installed beside flake8 (the project declares no version)")
    return AsyncioSemantics(NEWEST, "the newest release this plugin knows (no declaration, none installed)")


def _consult_installed() -> Version | None:
    """``installed_version()``, for an answer that depends on it: noted as depending on the folders
    of ``sys.path`` (installing, upgrading or removing a distribution changes its folder) and on the
    metadata file read."""
    if stamps.active():
        _installation.get(None, _note_installation)
    return installed_version()


def _note_installation() -> None:
    for entry in sys.path:
        stamps.note(os.path.abspath(entry or os.curdir))
    try:
        found = metadata.distribution("pytest-asyncio")
    except metadata.PackageNotFoundError:
        return
    folder = getattr(found, "_path", None)  # a PathDistribution's .dist-info folder
    if folder is not None:
        stamps.note(os.path.join(str(folder), "METADATA"))


_installation: Memo[None, None] = Memo()
