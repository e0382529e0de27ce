"""Reading the project's dependency files: one place that reads, stamps and explains a bad file.

Each folder scan keeps the stamp (modification and change times and size) of every file it read,
so a cached answer is reused only while none of them changed — an editor's long-lived flake8 sees
edits.
"""

from __future__ import annotations

import json
import os
from dataclasses import field
from pathlib import Path
from typing import Any

from ... import stamps
from ...records import record
from ...toml_loader import toml_parser

Stamp = tuple[int, int, int] | None  # (mtime_ns, ctime_ns, size or -1); None: absent or unreadable


class Malformed(Exception):
    """A file that cannot be read as what its name says; the message says why."""


def stamp(path: Path) -> Stamp:
    """The modification and change times and size of a file or folder, None when it is not there
    (the change time moves on every write, even one that puts the modification time back).  The size
    is -1 for a path changed less than ``stamps.RECENT_NS`` ago: a rewrite within the same clock tick
    could keep its times, so such a stamp never ``holds``."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, -1 if stamps.changed_recently(info) else info.st_size)


def holds(path: Path, before: Stamp) -> bool:
    """Whether ``path`` still has the stamp ``before`` (one taken of a recent change never does)."""
    return (before is None or before[2] >= 0) and stamp(path) == before


@record(frozen=False)
class Reads:
    """What one folder scan read: stamps for cache validation, and problems to report once."""

    stamps: dict[Path, Stamp] = field(default_factory=dict)
    problems: list[tuple[Path, str]] = field(default_factory=list)

    def text(self, path: Path) -> str:
        """The file as UTF-8 text; Malformed when it is unreadable or not UTF-8."""
        stamps.note(str(path))
        self.stamps[path] = stamp(path)
        try:
            return path.read_text(encoding="utf-8").removeprefix("\N{BYTE ORDER MARK}")
        except UnicodeDecodeError as exc:
            raise Malformed(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
        except OSError as exc:
            raise Malformed(f"unreadable ({exc.strerror or exc})") from None

    def toml(self, path: Path) -> tuple[dict[str, Any], str]:
        """The parsed TOML document and its text (for line numbers)."""
        text = self.text(path)
        toml = toml_parser()
        if toml is None:
            raise Malformed("cannot read TOML on this Python without the 'tomli' package")
        try:
            return toml.loads(text), text
        except (ValueError, RecursionError) as exc:
            raise Malformed(f"invalid TOML: {exc}") from None

    def json(self, path: Path) -> tuple[Any, str]:
        """The parsed JSON document and its text."""
        text = self.text(path)
        try:
            return json.loads(text), text
        except (ValueError, RecursionError) as exc:
            raise Malformed(f"invalid JSON: {exc}") from None

    def problem(self, path: Path, detail: str) -> None:
        """Note a declaration that was skipped; reported once on stderr by the caller."""
        self.problems.append((path, detail))

    def still_valid(self) -> bool:
        """True while every file read has the stamp it had when it was read."""
        return all(holds(path, before) for path, before in self.stamps.items())


def table(value: object) -> dict[str, Any]:
    """A TOML table, or an empty one when the value has another type."""
    return value if isinstance(value, dict) else {}


def strings(value: object) -> list[str]:
    """The strings of a TOML array (other items, such as include-group tables, are left out)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
