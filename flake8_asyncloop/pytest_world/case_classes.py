"""Whether the ``async def`` test methods of a class ever run as coroutines.

pytest collects a plain class itself, and pytest-asyncio (or another async plugin) awaits its
coroutine tests; ``unittest.IsolatedAsyncioTestCase`` awaits its own.  A plain
``unittest.TestCase`` calls an ``async def test_*`` (or ``async def setUp``) like any method and drops
the coroutine it returns: the body never runs, and the test passes (Python 3.11+ only warns "It is
deprecated to return a value that is not None from a test case").  Checked with pytest 9 on
CPython 3.11.  A base class imported from elsewhere may be either, so it is *unknown*.
"""

from __future__ import annotations

import ast
import enum
from typing import Final

from ..imports import ImportTracker

#: Bases whose test methods are awaited by the test case itself.
_AWAITING_CASES: Final = frozenset({
    "unittest.IsolatedAsyncioTestCase", "unittest.async_case.IsolatedAsyncioTestCase",
})
#: Bases that call test methods without awaiting what they return.
_CALLING_CASES: Final = frozenset({"unittest.TestCase", "unittest.case.TestCase"})
#: The methods a ``unittest.TestCase`` calls by protocol (besides ``test*``).
_PROTOCOL_METHODS: Final = frozenset({"setUp", "tearDown"})


class MethodRunner(enum.Enum):
    """Who calls a class's test methods, as far as the module itself tells."""

    AWAITS = "awaits"  # pytest with an async plugin (a plain class), or IsolatedAsyncioTestCase
    DROPS_COROUTINE = "drops"  # a plain unittest.TestCase
    UNKNOWN = "unknown"  # a base imported from elsewhere, a metaclass, a computed base


#: What the bases say, strongest first: one unknown base could be anything; an awaiting case wins
#: over ``TestCase`` (it is one); a class with only plain bases is pytest's.
_PLAIN: Final = "plain"
_PRECEDENCE: Final = (MethodRunner.UNKNOWN, MethodRunner.AWAITS, MethodRunner.DROPS_COROUTINE)


def is_protocol_method(function: ast.AsyncFunctionDef) -> bool:
    """A method the test runner itself calls: ``test*``, ``setUp``, ``tearDown``."""
    return function.name.startswith("test") or function.name in _PROTOCOL_METHODS


def method_runner(cls: ast.ClassDef, module: ast.Module, imports: ImportTracker) -> MethodRunner:
    """Who runs ``cls``'s test methods: bases followed through the module's own classes."""
    found = _runner(cls, _module_classes(module), imports, set())
    return found if isinstance(found, MethodRunner) else MethodRunner.AWAITS


def _runner(cls: ast.ClassDef, classes: dict[str, ast.ClassDef], imports: ImportTracker,
            seen: set[str]) -> MethodRunner | str:
    if cls.name in seen or cls.keywords:
        return MethodRunner.UNKNOWN  # a cycle (a rebound name) or a metaclass
    inside = seen | {cls.name}
    found = {_base_runner(base, classes, imports, inside) for base in cls.bases}
    return next((answer for answer in _PRECEDENCE if answer in found), _PLAIN)


def _base_runner(base: ast.expr, classes: dict[str, ast.ClassDef], imports: ImportTracker,
                 seen: set[str]) -> MethodRunner | str:
    name = imports.qualified_name(base)
    if name in _AWAITING_CASES:
        return MethodRunner.AWAITS
    if name in _CALLING_CASES:
        return MethodRunner.DROPS_COROUTINE
    if name is None and isinstance(base, ast.Name):
        if base.id == "object":
            return _PLAIN
        if base.id in classes:
            return _runner(classes[base.id], classes, imports, seen)
    return MethodRunner.UNKNOWN


def _module_classes(module: ast.Module) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
