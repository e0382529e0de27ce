"""Which pytest-asyncio behaviour applies: the version the project uses, and what changed when.

The version comes from ``--asyncloop-pytest-asyncio-version``; ``auto`` (the default) reads the
metadata of the pytest-asyncio installed beside flake8 — never importing it — and falls back to the
newest semantics when it is not installed, so a project pinned to an old release is not told about
features its release lacks, and an unknown setup gets today's behaviour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings

Version = tuple[int, int, int]

NEWEST: Version = (1, 5, 0)
_OPTION_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_RELEASE_PREFIX = re.compile(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@dataclass(frozen=True)
class AsyncioSemantics:
    """The behaviour of one pytest-asyncio release, as the rules need it."""

    version: Version

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


def parse_version_option(text: str) -> Version | None:
    """``auto`` → None; ``0.21``, ``0.23.8``, ``1.5`` → a version triple; ValueError otherwise."""
    text = text.strip()
    if text == "auto":
        return None
    match = _OPTION_VERSION.fullmatch(text)
    if match is None:
        raise ValueError(f"expected 'auto' or a pytest-asyncio version such as 0.21 or 1.5.0, got {text!r}")
    return _triple(match)


def _triple(match: re.Match[str]) -> Version:
    major, minor, micro = (int(part) if part else 0 for part in match.groups())
    return (major, minor, micro)


@lru_cache(maxsize=1)
def installed_version() -> Version | None:
    """The release of the pytest-asyncio distribution in this environment, from its metadata only."""
    try:
        text = metadata.version("pytest-asyncio")
    except metadata.PackageNotFoundError:
        return None
    match = _RELEASE_PREFIX.match(text or "")
    return _triple(match) if match else None


def semantics_for(settings: Settings) -> AsyncioSemantics:
    """The semantics to apply: the configured version, else the installed one, else the newest."""
    chosen = settings.pytest_asyncio_version or installed_version() or NEWEST
    return AsyncioSemantics(chosen)
