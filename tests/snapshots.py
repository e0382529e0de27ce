"""Snapshots of the rendered findings of each example: ``path:row:col CODE message``, one a line.

They sit beside the examples (``tests/examples/<name>.findings.txt``) and are written by
``python -m tests.regen``; ``check_example`` fails when a run's output differs from its snapshot,
so a change to a message shows up as a reviewed diff of these files, not as a loosened assert.
"""

from __future__ import annotations

import os
from pathlib import Path

from .harness import Result

SUFFIX = ".findings.txt"


_TESTS = Path(__file__).resolve().parent


def snapshot_path(example: Path) -> Path:
    """Where an example's snapshot lives: beside it, named after it (the bundled example project's
    in tests/, not at the top of the repository)."""
    folder = _TESTS if example.resolve().parent == _TESTS.parent else example.parent
    return folder / (example.name.removesuffix(".py") + SUFFIX)


def rendered(result: Result) -> list[str]:
    """The ALP findings of a run, paths normalised, sorted (flake8's order is per file)."""
    lines = []
    for line in result.stdout.splitlines():
        path, sep, rest = line.partition(":")
        if sep and " ALP" in rest:
            lines.append(os.path.normpath(path).replace(os.sep, "/") + ":" + rest)
    return sorted(lines, key=_order)


def read(example: Path) -> list[str] | None:
    """The stored snapshot, or None when there is none yet."""
    path = snapshot_path(example)
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else None


def write(example: Path, lines: list[str]) -> None:
    snapshot_path(example).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _order(line: str) -> tuple[str, int, int]:
    path, row, col, _ = (line.split(":", 3) + ["0", "0", ""])[:4]
    return path, int(row) if row.isdigit() else 0, int(col) if col.isdigit() else 0
