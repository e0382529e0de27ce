"""What starts an event loop, and which objects are asyncio event loops, read from one module.

``asyncio.run()``, ``asyncio.Runner.run()`` and an asyncio loop's ``run_until_complete()`` /
``run_forever()`` all refuse to run while the thread already runs a loop — any asyncio loop, the
running one ("This event loop is already running") or a fresh one ("Cannot run the event loop
while another loop is running").  So the only question about ``x.run_until_complete(...)`` is
whether ``x`` is an asyncio loop at all; a name is one when every binding of it in the function
(or, if it has none there, in the module) is a loop factory, or when it is called ``loop`` /
``event_loop`` / ``*_loop`` and nothing in the function binds it to something else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Final

from ..imports import ImportTracker

RUN: Final = frozenset({"asyncio.run", "asyncio.runners.run"})
RUNNER: Final = frozenset({"asyncio.Runner", "asyncio.runners.Runner"})
LOOP_FACTORIES: Final = frozenset({
    "asyncio.get_event_loop", "asyncio.events.get_event_loop", "asyncio.get_running_loop",
    "asyncio.events.get_running_loop", "asyncio.new_event_loop", "asyncio.events.new_event_loop",
    "asyncio.SelectorEventLoop", "asyncio.ProactorEventLoop", "asyncio.EventLoop",
    "uvloop.new_event_loop", "uvloop.Loop",
})
LOOP_METHODS: Final = frozenset({"run_until_complete", "run_forever"})
_LOOP_NAMES: Final = frozenset({"loop", "event_loop"})
#: A binding that is not an expression the module assigns (a parameter, a loop target, ``+=``).
OPAQUE: Final = None

Bindings = dict[str, list[ast.expr | None]]


def bindings(body: list[ast.stmt], params: ast.arguments | None = None) -> Bindings:
    """Every binding of each name in ``body`` (not in nested functions or classes)."""
    found: Bindings = {}
    if params is not None:
        for arg in (*params.posonlyargs, *params.args, *params.kwonlyargs, params.vararg, params.kwarg):
            if arg is not None:
                found.setdefault(arg.arg, []).append(OPAQUE)
    for node in _own_nodes(body):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                _bind(target, node.value, found)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            value = node.value if not isinstance(node, ast.AugAssign) else None
            _bind(node.target, value, found)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            _bind(node.target, OPAQUE, found)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            _bind(node.optional_vars, node.context_expr, found)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found.setdefault((alias.asname or alias.name).split(".")[0], []).append(OPAQUE)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, []).append(OPAQUE)
    return found


def _bind(target: ast.expr, value: ast.expr | None, found: Bindings) -> None:
    if isinstance(target, ast.Name):
        found.setdefault(target.id, []).append(value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            _bind(item, OPAQUE, found)
    elif isinstance(target, ast.Starred):
        _bind(target.value, OPAQUE, found)


def _own_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of ``body``, not entering nested functions, lambdas or classes (but naming them)."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


class LoopKnowledge:
    """Classifies calls in one function, given its bindings and the module's."""

    def __init__(self, imports: ImportTracker, local: Bindings, module: Bindings) -> None:
        self.imports = imports
        self.local = local
        self.module = module

    def starts_loop(self, call: ast.Call) -> str | None:
        """The message key for a call that starts a loop, or None."""
        func = call.func
        if self.imports.qualified_name(func) in RUN:
            return "asyncio-run"
        if not isinstance(func, ast.Attribute):
            return None
        if func.attr == "run" and self._is_runner(func.value):
            return "runner"
        if func.attr in LOOP_METHODS and self._is_loop(func.value):
            return "loop-method"
        return None

    def _is_runner(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Call):
            return self.imports.qualified_name(node.func) in RUNNER
        if isinstance(node, ast.Name):
            values = self._values(node.id)
            return bool(values) and all(v is not None and self._is_runner(v) for v in values)
        return False

    def _is_loop(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Call):
            return self._is_factory_call(node)
        if isinstance(node, ast.Name):
            values = self._values(node.id)
            if values and all(v is not None and self._is_loop(v) for v in values):
                return True
            if not _loop_like(node.id):
                return False
            if node.id in self.local:  # a parameter (the event_loop or aiohttp loop fixture)
                return all(v is None for v in self.local[node.id])
            return node.id not in self.module  # bound elsewhere (global), named a loop
        if isinstance(node, ast.Attribute):
            owner = node.value
            return _loop_like(node.attr) and isinstance(owner, ast.Name) and owner.id in ("self", "cls")
        return False

    def _is_factory_call(self, call: ast.Call) -> bool:
        name = self.imports.qualified_name(call.func)
        if name in LOOP_FACTORIES:
            return True
        # asyncio.get_event_loop_policy().new_event_loop() / .get_event_loop()
        func = call.func
        return (
            isinstance(func, ast.Attribute) and func.attr in ("new_event_loop", "get_event_loop")
            and isinstance(func.value, ast.Call)
            and self.imports.qualified_name(func.value.func) in (
                "asyncio.get_event_loop_policy", "asyncio.events.get_event_loop_policy")
        )

    def _values(self, name: str) -> list[ast.expr | None]:
        """The bindings that decide ``name``: the function's own, else the module's."""
        if name in self.local:
            return self.local[name]
        return self.module.get(name, [])


def _loop_like(name: str) -> bool:
    """``loop``, ``event_loop``, ``_loop``, ``main_loop``: a name that says it holds an event loop."""
    bare = name.lstrip("_")
    return bare in _LOOP_NAMES or bare.endswith("_loop")
