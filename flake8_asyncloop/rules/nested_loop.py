"""ALP008: starting an event loop inside a coroutine, where one is already running."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import ClassVar, Final

from ..patching.case_bases import project_class_lookup
from ..patching.project_files import conftests
from ..patching.roots import finder_for
from ..pytest_world.case_classes import never_runs
from ..pytest_world.pins.dependencies import declares
from ..pytest_world.runners import NEST_ASYNCIO, file_evidence
from .base import FileContext, WalkRule
from .info import RuleInfo
from .nested_loop_calls import Bindings, LoopKnowledge, bindings
from .nested_loop_info import INFO

#: Under trio or curio no asyncio loop is running.
_OTHER_LOOPS: Final = re.compile(r"^\s*(?:import|from)\s+(?:trio|curio)\b", re.MULTILINE)
#: nest_asyncio makes asyncio.run() and a loop's run methods re-entrant, but not Runner.run().
_NEST_ASYNCIO: Final = re.compile(r"\bnest_asyncio\b")
_RUNNING_CHECKS: Final = frozenset({"is_running", "get_running_loop", "_get_running_loop"})
_STARTERS: Final = ("run(", "run_until_complete", "run_forever")
_CATCH_ALL: Final = frozenset({"RuntimeError", "Exception", "BaseException"})


class NestedLoopRule(WalkRule):
    """Flags ``asyncio.run``, ``Runner.run`` and loop ``run_until_complete``/``run_forever`` in coroutines."""

    info: ClassVar[RuleInfo] = INFO
    node_types = (ast.Call, ast.Try)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._guarded: set[int] = set()
        self._functions: dict[int, LoopKnowledge] = {}
        self._module: Bindings | None = None
        self._nested: bool | None = None  # nest_asyncio applied here, by a conftest, or declared

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Files with a coroutine that starts something, unless nest_asyncio, trio or curio is about."""
        text = "".join(context.lines)
        if "async def" not in text or not any(word in text for word in _STARTERS):
            return False
        return not _OTHER_LOOPS.search(text)

    def visit(self, node: ast.AST) -> None:
        """Note guarded code; check one call."""
        if isinstance(node, ast.Try):
            if any(_catches_runtime_error(handler.type) for handler in node.handlers):
                self._guard(node.body)
        elif isinstance(node, ast.Call) and id(node) not in self._guarded and self.context.in_coroutine():
            self._check(node)

    def _check(self, call: ast.Call) -> None:
        function = self.context.innermost_function()
        assert isinstance(function, ast.AsyncFunctionDef)
        if self._never_awaited(function):
            return
        knowledge = self._functions.get(id(function))
        if knowledge is None and _checks_running(function):
            return  # `if loop.is_running(): ...` — the code knows a loop may be running
        if knowledge is None:
            if self._module is None:
                self._module = bindings(self.context.tree.body)
            local = bindings(function.body, function.args)
            knowledge = LoopKnowledge(self.context.imports, local, self._module)
            self._functions[id(function)] = knowledge
        key = knowledge.starts_loop(call)
        if key is None or (key != "runner" and self._nest_asyncio()):
            return
        self.report_at(call, key, call=ast.unparse(call.func))

    def _never_awaited(self, function: ast.AsyncFunctionDef) -> bool:
        """In a test method a plain ``unittest.TestCase`` calls without awaiting (its body never runs),
        or one whose class has a base that cannot be followed."""
        context = self.context
        if not any(isinstance(node, ast.ClassDef) for node in context.enclosing):
            return False
        lookup = project_class_lookup(finder_for(context.filename, context.settings.source_roots))
        return never_runs(context.enclosing, function.lineno, context.tree, context.imports, lookup)

    def _nest_asyncio(self) -> bool:
        if self._nested is None:
            text = "".join(self.context.lines)
            self._nested = bool(_NEST_ASYNCIO.search(text)) or _nest_asyncio_nearby(self.context.filename)
        return self._nested

    def _guard(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self._guarded.update(id(inner) for inner in ast.walk(statement) if isinstance(inner, ast.Call))


def _catches_runtime_error(caught: ast.expr | None) -> bool:
    """A bare ``except``, or one naming RuntimeError, Exception or BaseException."""
    if caught is None:
        return True
    items = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(
        (isinstance(item, ast.Name) and item.id in _CATCH_ALL)
        or (isinstance(item, ast.Attribute) and item.attr in _CATCH_ALL)
        for item in items
    )


def _checks_running(function: ast.AsyncFunctionDef) -> bool:
    """An ``if`` in the function that asks ``is_running()`` or ``get_running_loop()``."""
    for node in ast.walk(function):
        if not isinstance(node, (ast.If, ast.IfExp)):
            continue
        for inner in ast.walk(node.test):
            name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", "")
            if name in _RUNNING_CHECKS:
                return True
    return False


def _nest_asyncio_nearby(filename: str) -> bool:
    """nest_asyncio applied by a conftest above the file, or declared by the project."""
    if any(NEST_ASYNCIO in file_evidence(Path(conftest)) for conftest in conftests(filename)):
        return True
    return declares(Path(os.path.abspath(filename)).parent, "nest-asyncio")
