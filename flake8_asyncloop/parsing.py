"""Reading another file's syntax tree: the one place that decides what an unreadable or broken file
gives (None: the caller treats the file as unknown, never as empty)."""

from __future__ import annotations

import ast
from pathlib import Path


def parse_file(path: Path) -> ast.Module | None:
    """The module's tree, or None when the file cannot be read or parsed."""
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
