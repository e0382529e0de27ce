"""Cheap questions about a module's top level, asked for every checked file before anything heavy loads.

A file that imports no pytest and defines no async code has no fixture, mark or async
test: the loop-scope rules skip it without importing the pytest model at all.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Final

PYTEST_MODULES: Final = frozenset({"pytest", "pytest_asyncio", "_pytest"})


def may_hold_pytest_items(tree: ast.Module) -> bool:
    """A cheap look at the top level: does this module import pytest or define async code?

    A module without either has no fixture, no mark and no async test, so the
    loop-scope rules skip it without building anything.
    """
    for stmt in top_level(tree.body):
        if isinstance(stmt, ast.Import):
            if any(alias.name.split(".", 1)[0] in PYTEST_MODULES for alias in stmt.names):
                return True
        elif isinstance(stmt, ast.ImportFrom):
            if stmt.level == 0 and (stmt.module or "").split(".", 1)[0] in PYTEST_MODULES:
                return True
        elif isinstance(stmt, ast.AsyncFunctionDef):
            return True
        elif isinstance(stmt, ast.FunctionDef) and "event_loop" in _param_names(stmt.args):
            return True
        elif isinstance(stmt, ast.ClassDef) and may_hold_pytest_items(ast.Module(stmt.body, [])):
            return True
    return False


def top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run at this level, including those inside if/try/with blocks."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            yield from top_level(stmt.body)
            yield from top_level(stmt.orelse)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            yield from top_level(getattr(stmt, "body", []))
            for handler in getattr(stmt, "handlers", []):
                yield from top_level(handler.body)
            yield from top_level(getattr(stmt, "orelse", []))
            yield from top_level(getattr(stmt, "finalbody", []))
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            yield from top_level(stmt.body)
        else:
            yield stmt


def _param_names(args: ast.arguments) -> list[str]:
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
