"""setup.py, read without running it: every string literal that is a pytest-asyncio requirement.

Older projects list test dependencies in ``tests_require``, ``extras_require`` or a module-level
list passed to them; whichever it is, the requirement is a string literal somewhere in the file.
A literal that merely mentions pytest-asyncio (a description, a comment-like string) is not a
requirement and is left alone without a notice.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .files import Malformed, Reads
from .requirement import Declaration, RequirementError, may_name_tracked, parse_requirement


def read_setup_py(path: Path, reads: Reads) -> list[Declaration]:
    """Declarations in the string literals of a setup.py."""
    text = reads.text(path)
    try:
        tree = ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise Malformed(f"not valid Python ({type(exc).__name__}: {exc})") from None
    found: list[Declaration] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and may_name_tracked(node.value):
            try:
                declaration = parse_requirement(node.value, path, node.lineno)
            except RequirementError:
                continue
            if declaration is not None:
                found.append(declaration)
    return found
