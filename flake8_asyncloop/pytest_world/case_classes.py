"""Whether the ``async def`` test methods of a class ever run as coroutines.

pytest collects a plain class itself, and pytest-asyncio (or another async plugin) awaits its
coroutine tests; ``unittest.IsolatedAsyncioTestCase`` awaits its own.  A plain
``unittest.TestCase`` calls an ``async def test_*`` (or ``async def setUp``) like any method and drops
the coroutine it returns: the body never runs, and the test passes (Python 3.11+ only warns "It is
deprecated to return a value that is not None from a test case").  Checked with pytest 9 on
CPython 3.11 (``tests/test_oracle_nested_loop_classes.py``).  Bases are followed through the module's
own classes and, with a ``lookup``, through the project's modules; any other base (an installed
package's, a metaclass, a computed one) may be either kind, so it is *unknown*.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable
from typing import Final, NamedTuple

from ..imports import ImportTracker

#: Bases whose test methods are awaited by the test case itself.
_AWAITING_CASES: Final = frozenset({
    "unittest.IsolatedAsyncioTestCase", "unittest.async_case.IsolatedAsyncioTestCase",
})
#: Bases that call test methods without awaiting what they return.
_CALLING_CASES: Final = frozenset({"unittest.TestCase", "unittest.case.TestCase"})
#: The methods a ``unittest.TestCase`` calls by protocol (besides ``test*``).
_PROTOCOL_METHODS: Final = frozenset({"setUp", "tearDown"})
#: Base classes followed at most this deep.
_MAX_DEPTH: Final = 12


class MethodRunner(enum.Enum):
    """Who calls a class's test methods, as far as the code tells."""

    AWAITS = "awaits"  # pytest with an async plugin (a plain class), or IsolatedAsyncioTestCase
    DROPS_COROUTINE = "drops"  # a plain unittest.TestCase
    UNKNOWN = "unknown"  # a base from outside the project, a metaclass, a computed base


class ClassSource(NamedTuple):
    """A class found in another module, with that module's classes and names."""

    node: ast.ClassDef
    module: ast.Module
    imports: ImportTracker


#: Finds the class a qualified name refers to in the project's modules; a name it re-exports from
#: outside the project comes back as that name; None: not found.
ClassLookup = Callable[[str], "ClassSource | str | None"]

_PLAIN: Final = "plain"
#: What the bases say, strongest first: one unknown base could be anything; an awaiting case wins
#: over ``TestCase`` (it is one); a class with only plain bases is pytest's.
_PRECEDENCE: Final = (MethodRunner.UNKNOWN, MethodRunner.AWAITS, MethodRunner.DROPS_COROUTINE)


def is_protocol_method(function: ast.AST | None) -> bool:
    """An ``async def`` the test runner itself calls: ``test*``, ``setUp``, ``tearDown``."""
    return isinstance(function, ast.AsyncFunctionDef) and (
        function.name.startswith("test") or function.name in _PROTOCOL_METHODS
    )


def method_runner(cls: ast.ClassDef, module: ast.Module, imports: ImportTracker,
                  lookup: ClassLookup | None = None) -> MethodRunner:
    """Who runs ``cls``'s test methods."""
    found = _Bases(lookup).runner(ClassSource(cls, module, imports), frozenset())
    return found if isinstance(found, MethodRunner) else MethodRunner.AWAITS


def never_runs(enclosing: tuple[ast.AST, ...], line: int, module: ast.Module, imports: ImportTracker,
               lookup: ClassLookup | None = None) -> bool:
    """Whether code at ``line`` inside ``enclosing`` (outermost first) belongs to a test method whose
    coroutine nobody awaits: in its body, or in its decorators (a ``patch`` decorator never starts)."""
    for index, node in enumerate(enclosing):
        if not isinstance(node, ast.ClassDef):
            continue
        method = enclosing[index + 1] if index + 1 < len(enclosing) else _decorated(node, line)
        if is_protocol_method(method) and (
            method_runner(node, module, imports, lookup) is not MethodRunner.AWAITS
        ):
            return True
    return False


def _decorated(cls: ast.ClassDef, line: int) -> ast.AST | None:
    """The method of ``cls`` whose decorators span ``line``."""
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
            if node.decorator_list[0].lineno <= line < node.lineno:
                return node
    return None


class _Bases:
    """Follows base classes; ``seen`` holds the classes on the current path (a cycle is unknown)."""

    def __init__(self, lookup: ClassLookup | None) -> None:
        self._lookup = lookup

    def runner(self, source: ClassSource, seen: frozenset[int]) -> MethodRunner | str:
        if id(source.node) in seen or len(seen) > _MAX_DEPTH or source.node.keywords:
            return MethodRunner.UNKNOWN  # a cycle, too deep, or a metaclass
        inside = seen | {id(source.node)}
        found = {self._base(base, source, inside) for base in source.node.bases}
        return next((answer for answer in _PRECEDENCE if answer in found), _PLAIN)

    def _base(self, base: ast.expr, source: ClassSource, seen: frozenset[int]) -> MethodRunner | str:
        name = source.imports.qualified_name(base)
        if name is not None and name not in _AWAITING_CASES | _CALLING_CASES and self._lookup is not None:
            found = self._lookup(name)
            if isinstance(found, ClassSource):
                return self.runner(found, seen)
            name = found
        if name in _AWAITING_CASES:
            return MethodRunner.AWAITS
        if name in _CALLING_CASES:
            return MethodRunner.DROPS_COROUTINE
        if name is None and isinstance(base, ast.Name):
            if base.id == "object":
                return _PLAIN
            local = _module_class(source.module, base.id)
            if local is not None:
                return self.runner(ClassSource(local, source.module, source.imports), seen)
        return MethodRunner.UNKNOWN


def _module_class(module: ast.Module, name: str) -> ast.ClassDef | None:
    found = None
    for node in module.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            found = node
    return found
