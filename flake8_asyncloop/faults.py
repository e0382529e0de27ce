"""Report internal errors on stderr without ever aborting the user's flake8 run."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from . import stamps
from .caches import CACHES
from .display import display_path
from .once import first_time

_reported: set[tuple[str, str]] = set()
CACHES.register(_reported.clear)


def report_internal_error(filename: str, where: str, exc: BaseException) -> None:
    """Say once per file and rule that ``where`` failed, and how; the file's findings are not cached."""
    stamps.spoil()
    key = (filename, where)
    if key in _reported:
        return
    _reported.add(key)
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    origin = f" at {frame[0].filename}:{frame[0].lineno}" if frame else ""
    sys.stderr.write(
        f"flake8-asyncloop: internal error in {where} on {filename}: "
        f"{type(exc).__name__}: {exc}{origin}; that rule was skipped for this file, "
        "the others ran. Please report this with the file that triggered it.\n"
    )


def report_unparsable(path: Path, reason: str) -> None:
    """Say once that a whole file is ignored — the same line whichever reader (the pytest
    configuration, the pytest-asyncio version search) found it unreadable."""
    report_ignored(display_path(path, levels_up=0), f"the whole file ({reason})")


def report_ignored(source: str, detail: str) -> None:
    """Say once per flake8 run (across its processes) that a piece of the project's files was ignored."""
    say(f"flake8-asyncloop: ignored {detail} in {source}\n")


def say(line: str) -> None:
    """Write ``line`` on stderr once per flake8 run; a cached answer that said it says it again."""
    stamps.note_said(line)
    if first_time(line):
        sys.stderr.write(line)
