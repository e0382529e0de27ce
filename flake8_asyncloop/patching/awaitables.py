"""Whether a resolved patch target is a coroutine function: an ``async def`` whose call returns an
awaitable, so that a synchronous mock put in its place breaks ``await`` (ALP007); and whether the
code that may run awaits every call of it.

An ``async def`` with a ``yield`` is an async generator (iterated with ``async for``, which a
``MagicMock`` supports); one under any decorator but ``staticmethod``/``classmethod``/
``abstractmethod``/``override`` may return anything.  Neither counts.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, Final

from ..caches import CACHES
from .finder import ModuleFinder
from .module_reads import ModuleReads
from .project_files import conftest_reads, package_reads
from .values import FunctionValue, Value

if TYPE_CHECKING:  # ``always_awaited`` runs on warm runs, without astroid
    from .analysis import ModuleNamespace

#: Decorators that leave an ``async def`` a coroutine function when it is called.
TRANSPARENT: Final = frozenset({
    "staticmethod", "classmethod", "abstractmethod", "abc.abstractmethod",
    "override", "typing.override", "typing_extensions.override",
})

#: Per analysed module (kept alive beside its answer): the ``(line, name)`` of its async generators.
_GENERATORS: dict[int, tuple[ModuleNamespace, frozenset[tuple[int, str]] | None]] = {}
CACHES.register(_GENERATORS.clear)


def coroutine_functions(values: Sequence[Value]) -> list[FunctionValue] | None:
    """The values when every one is a plain coroutine function; None otherwise."""
    functions = [v for v in values if isinstance(v, FunctionValue)]
    if not values or len(functions) != len(values):
        return None
    if all(_is_coroutine_function(f) for f in functions):
        return functions
    return None


def _is_coroutine_function(value: FunctionValue) -> bool:
    from astroid import nodes  # noqa: PLC0415 - only where the resolver already loaded it

    from .syntax import dotted  # noqa: PLC0415

    node = value.node
    if not isinstance(node, nodes.AsyncFunctionDef):
        return False
    decorators = node.decorators.nodes if node.decorators is not None else []
    if any(dotted(d) not in TRANSPARENT for d in decorators):
        return False
    generators = _async_generators(value.info)
    return generators is not None and (node.lineno, node.name) not in generators


def _async_generators(info: ModuleNamespace) -> frozenset[tuple[int, str]] | None:
    """The async generators of a module, read from its source (the analysed tree has no bodies);
    None when the source cannot be read again."""
    cached = _GENERATORS.get(id(info))
    if cached is not None and cached[0] is info:
        return cached[1]
    try:
        source = info.full_source()
        tree = ast.parse(source) if source else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    answer = None if tree is None else frozenset(
        (node.lineno, node.name) for node in ast.walk(tree)
        if isinstance(node, ast.AsyncFunctionDef) and _yields(node)
    )
    _GENERATORS[id(info)] = (info, answer)
    return answer


def _yields(function: ast.AsyncFunctionDef) -> bool:
    """A ``yield`` in the function's own body (not in a nested function, class or lambda)."""
    todo: list[Any] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return False


def always_awaited(
    finder: ModuleFinder, test_path: str, own: ModuleReads, tops: Iterable[str], name: str
) -> bool:
    """Whether every use of ``name`` in the files the test may run (its own included) is
    ``await name(...)``/``await x.name(...)``, and there is one: then whenever the code calls the
    mock, it awaits the result.  Any other use (a call not awaited, ``create_task(x.name())``, a
    reference handed on, an ``iscoroutinefunction`` dispatch) or an unreadable file says no."""
    if name in own.other_uses:
        return False
    packages = package_reads(finder, tops)
    if packages.unreadable:
        return False
    awaited = name in own.awaited_calls
    for reads in chain([packages.merged], conftest_reads(test_path)):
        if reads is None or name in reads.other_uses:
            return False
        awaited = awaited or name in reads.awaited_calls
    return awaited
