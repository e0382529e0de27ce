"""Ask the real pytest + pytest-asyncio which configuration they use for a folder.

pytest prints ``rootdir:`` and ``configfile:`` in its header, and pytest-asyncio adds a line
``asyncio: mode=Mode.AUTO, debug=False, asyncio_default_fixture_loop_scope=..., ...``.  Running
pytest (collecting nothing) in the folder and reading those lines is the ground truth that
``find_config`` must agree with.  Every folder gets its own ``python -m pytest``, forked from one
warmed-up interpreter (``harness.run_pytests``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .harness import Result, Run, run_pytests

_ROOTDIR = re.compile(r"^rootdir: (?P<rootdir>.+?)(?:, configfile: (?P<configfile>\S+).*)?$", re.MULTILINE)
_CONFIGFILE = re.compile(r"^configfile: (?P<configfile>\S+)", re.MULTILINE)
_ASYNCIO = re.compile(
    r"^asyncio: mode=(?:Mode\.)?(?P<mode>\w+), debug=\w+, "  # Mode.AUTO on 3.11+, auto on 3.10
    r"asyncio_default_fixture_loop_scope=(?P<fixture>\S+), "
    r"asyncio_default_test_loop_scope=(?P<test>\S+)$",
    re.MULTILINE,
)


class PytestView(NamedTuple):
    """What pytest said about its configuration (fields None when it stopped with an error)."""

    returncode: int
    output: str
    rootdir: Path | None
    configfile: Path | None
    mode: str | None
    fixture_loop_scope: str | None
    test_loop_scope: str | None

    @property
    def failed_on_config(self) -> bool:
        """pytest refused the configuration (usage error or internal error) before collecting."""
        return self.rootdir is None or self.mode is None


def pytest_views(folders: Sequence[Path]) -> list[PytestView]:
    """Run ``python -m pytest`` in each folder and read its header."""
    runs = [Run(folder, ["-p", "no:cacheprovider"]) for folder in folders]
    return [_read_view(result) for result in run_pytests(runs, jobs=2, timeout=120)]


def _read_view(result: Result) -> PytestView:
    output = result.stdout + result.stderr
    root = _ROOTDIR.search(output)
    asyncio = _ASYNCIO.search(output)
    rootdir = Path(root["rootdir"]) if root else None
    configfile = None
    if root:
        relative = root["configfile"] or (m["configfile"] if (m := _CONFIGFILE.search(output)) else None)
        configfile = rootdir / relative if relative and rootdir else None
    fixture = asyncio["fixture"] if asyncio else None
    return PytestView(
        returncode=result.returncode,
        output=output,
        rootdir=rootdir,
        configfile=configfile,
        mode=asyncio["mode"].lower() if asyncio else None,
        fixture_loop_scope=None if fixture == "None" else fixture,
        test_loop_scope=asyncio["test"] if asyncio else None,
    )
