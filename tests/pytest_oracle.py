"""Ask the real pytest + pytest-asyncio which configuration they use for a folder.

pytest prints ``rootdir:`` and ``configfile:`` in its header, and pytest-asyncio adds a line
``asyncio: mode=Mode.AUTO, debug=False, asyncio_default_fixture_loop_scope=..., ...``.  Running
pytest (collecting nothing) in the folder and reading those lines is the ground truth that
``find_config`` must agree with.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

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


def pytest_view(cwd: Path) -> PytestView:
    """Run ``python -m pytest`` in ``cwd`` and read its header."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    root = _ROOTDIR.search(output)
    asyncio = _ASYNCIO.search(output)
    rootdir = Path(root["rootdir"]) if root else None
    configfile = None
    if root:
        relative = root["configfile"] or (m["configfile"] if (m := _CONFIGFILE.search(output)) else None)
        configfile = rootdir / relative if relative and rootdir else None
    fixture = asyncio["fixture"] if asyncio else None
    return PytestView(
        returncode=proc.returncode,
        output=output,
        rootdir=rootdir,
        configfile=configfile,
        mode=asyncio["mode"].lower() if asyncio else None,
        fixture_loop_scope=None if fixture == "None" else fixture,
        test_loop_scope=asyncio["test"] if asyncio else None,
    )
