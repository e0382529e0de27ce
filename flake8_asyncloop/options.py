"""The plugin's settings as a plain, immutable object: what every layer below the flake8 glue takes.

``settings.py`` (the flake8 glue) parses the ``--asyncloop-*`` options into a ``Settings``; the
pytest model, the patch resolver and the rules only ever see this object, so none of them needs
flake8 to be imported (tests and other front ends build one directly).
"""

from __future__ import annotations

import re

from .records import record

Version = tuple[int, int, int]

_OPTION_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def parse_version_option(text: str) -> Version | None:
    """``auto`` → None; ``0.21``, ``0.23.8``, ``1.5`` → a version triple; ValueError otherwise."""
    text = text.strip()
    if text == "auto":
        return None
    match = _OPTION_VERSION.fullmatch(text)
    if match is None:
        raise ValueError(f"expected 'auto' or a pytest-asyncio version such as 0.21 or 1.5.0, got {text!r}")
    return version_triple(match)


def version_triple(match: re.Match[str]) -> Version:
    """The (major, minor, micro) of a match of up to three dotted numbers; missing parts are 0."""
    major, minor, micro = (int(part) if part else 0 for part in match.groups())
    return (major, minor, micro)


FIXTURE_SCOPE = "fixture-scope"
ASYNCIO_MODES = ("strict", "auto")
LOOP_MISMATCH_LEVELS = ("all", "likely", "certain")


@record
class Settings:
    """Everything the rules need from the command line and flake8 config."""

    max_conftest_lines: int = 400
    asyncio_mode: str | None = None
    default_fixture_loop_scope: str | None = None
    default_test_loop_scope: str | None = None
    pytest_asyncio_version: Version | None = None
    loop_mismatch: str = "likely"
    source_roots: tuple[str, ...] = ()
    explain: bool = False
    #: ``--asyncloop-cache-dir``: "" is ``.asyncloop_cache`` at the project's top.
    cache_dir: str = ""
    #: No disk cache: the default here, so tests and other front ends write nothing; flake8's
    #: option default turns the cache on.
    no_cache: bool = True

    @property
    def cache_folder(self) -> str | None:
        """The cache folder option ("" for the default one), or None when there is no disk cache."""
        return None if self.no_cache else self.cache_dir
