"""The plugin's settings as a plain, immutable object: what every layer below the flake8 glue takes.

``settings.py`` (the flake8 glue) parses the ``--asyncloop-*`` options into a ``Settings``; the
pytest model, the patch resolver and the rules only ever see this object, so none of them needs
flake8 to be imported (tests and other front ends build one directly).
"""

from __future__ import annotations

from dataclasses import dataclass

Version = tuple[int, int, int]

FIXTURE_SCOPE = "fixture-scope"
ASYNCIO_MODES = ("strict", "auto")
LOOP_MISMATCH_LEVELS = ("all", "likely", "certain")


@dataclass(frozen=True)
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
