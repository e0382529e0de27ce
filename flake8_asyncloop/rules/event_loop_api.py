"""ALP003, asyncio part: deprecated event-loop APIs, matched by qualified name.

Names are matched as written, not against the running stdlib, so a Windows
policy class is caught on Linux and a name that 3.16 removes is still caught.
Code that only runs before Python 3.14 (``if sys.version_info < (3, 14):``, or
the ``else`` of ``>= (3, 14)``) may use the policy API: it is not deprecated there.
"""

from __future__ import annotations

import ast
import os
from typing import ClassVar, Final

from ..pytest_world.versions import semantics_for
from .base import FileContext, LineRanges, Rule

GET_EVENT_LOOP: Final = frozenset({"asyncio.get_event_loop", "asyncio.events.get_event_loop"})

_POLICY_NAMES: Final = (
    "get_event_loop_policy",
    "set_event_loop_policy",
    "AbstractEventLoopPolicy",
    "DefaultEventLoopPolicy",
    "WindowsSelectorEventLoopPolicy",
    "WindowsProactorEventLoopPolicy",
)
_POLICY_MODULES: Final = ("asyncio", "asyncio.events", "asyncio.windows_events", "asyncio.unix_events")
POLICY_API: Final = frozenset(f"{module}.{name}" for module in _POLICY_MODULES for name in _POLICY_NAMES)

_LAST_PARTS: Final = frozenset(name.rsplit(".", 1)[1] for name in GET_EVENT_LOOP | POLICY_API)
#: The Python release that deprecates the policy API.
POLICY_DEPRECATED_IN: Final = (3, 14)
_HOOK_HINT: Final = " (with pytest-asyncio >= 1.4, the pytest_asyncio_loop_factories hook)"


class EventLoopApiRule(Rule):
    """Flags ``asyncio.get_event_loop`` and the event-loop policy API."""

    code = "ALP003"
    messages: ClassVar = {
        "in-coroutine": (
            "{name}() inside a coroutine: get_event_loop() is deprecated (where no loop runs it "
            'warns "There is no current event loop" on Python 3.12-3.13 and raises RuntimeError '
            "on 3.14); here a loop is running, so use asyncio.get_running_loop()"
        ),
        "outside-coroutine": (
            "{name}() outside a coroutine is deprecated: with no current loop it warns "
            '"There is no current event loop" on Python 3.12-3.13 and raises RuntimeError '
            "on 3.14; use asyncio.run(), asyncio.Runner, or a loop you create with "
            "asyncio.new_event_loop()"
        ),
        "policy": (
            "{name} is part of the event-loop policy API, deprecated in Python 3.14 and "
            "slated for removal in 3.16; pass a loop_factory to asyncio.run() or "
            "asyncio.Runner instead{hook}"
        ),
    }
    node_types = (ast.Name, ast.Attribute, ast.If)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        #: Line ranges of code that only runs on Pythons without the policy deprecation.
        self._before_policy_deprecation = LineRanges()

    def visit(self, node: ast.AST) -> None:
        """Check one name or attribute reference."""
        if isinstance(node, ast.If):
            self._note_version_guard(node)
            return
        assert isinstance(node, (ast.Name, ast.Attribute))
        if not isinstance(node.ctx, ast.Load):
            return
        if isinstance(node, ast.Attribute):
            if node.attr not in _LAST_PARTS:
                return
        elif node.id not in self.context.imports.imported_names:
            return
        name = self.context.imports.qualified_name(node)
        if name in GET_EVENT_LOOP:
            key = "in-coroutine" if self.context.in_coroutine() else "outside-coroutine"
            self.report_at(node, key, name=name)
        elif name in POLICY_API and node.lineno not in self._before_policy_deprecation:
            self.report_at(node, "policy", name=name, hook=self._hook_hint())

    def _hook_hint(self) -> str:
        """Name pytest-asyncio's hook only to projects on a version that has it."""
        folder = os.path.dirname(os.path.abspath(self.context.filename))
        return _HOOK_HINT if semantics_for(self.context.settings, folder).version >= (1, 4, 0) else ""

    def _note_version_guard(self, node: ast.If) -> None:
        """Remember the branch of ``if`` that runs only before Python 3.14, if any."""
        branch = node.body if _excludes_deprecation(node.test, self.context) else None
        if branch is None and _requires_deprecation(node.test, self.context):
            branch = node.orelse
        if branch:
            self._before_policy_deprecation.add(branch[0].lineno, branch[-1].end_lineno)


def _version_bound(test: ast.expr, context: FileContext) -> tuple[str, tuple[int, ...]] | None:
    """``sys.version_info <op> (3, N)`` as (op name, version); None for anything else."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    bound = test.comparators[0]
    left = test.left.value if isinstance(test.left, ast.Subscript) else test.left
    if not isinstance(bound, ast.Tuple) or context.imports.qualified_name(left) != "sys.version_info":
        return None
    version = tuple(i.value for i in bound.elts if isinstance(i, ast.Constant) and type(i.value) is int)
    if len(version) != len(bound.elts):
        return None
    return type(test.ops[0]).__name__, version


def _excludes_deprecation(test: ast.expr, context: FileContext) -> bool:
    """True when ``test`` holds only before Python 3.14 (also as one term of an ``and``)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_excludes_deprecation(value, context) for value in test.values)
    bound = _version_bound(test, context)
    return bound is not None and bound[0] in ("Lt", "LtE") and bound[1] <= POLICY_DEPRECATED_IN


def _requires_deprecation(test: ast.expr, context: FileContext) -> bool:
    """True when ``test`` is false on every Python before 3.14: ``sys.version_info >= (3, N)``
    with N <= 14, whose ``else`` runs only before the deprecation."""
    bound = _version_bound(test, context)
    return bound is not None and bound[0] in ("Gt", "GtE") and bound[1] <= POLICY_DEPRECATED_IN
