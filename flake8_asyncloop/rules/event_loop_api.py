"""ALP003, asyncio part: deprecated event-loop APIs, matched by qualified name.

Names are matched as written, not against the running stdlib, so a Windows
policy class is caught on Linux and a name that 3.16 removes is still caught.
"""

from __future__ import annotations

import ast
from typing import ClassVar, Final

from .base import Rule

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
            "asyncio.Runner instead (with pytest-asyncio >= 1.4, the "
            "pytest_asyncio_loop_factories hook)"
        ),
    }
    node_types = (ast.Name, ast.Attribute)

    def visit(self, node: ast.AST) -> None:
        """Check one name or attribute reference."""
        assert isinstance(node, (ast.Name, ast.Attribute))
        if not isinstance(node.ctx, ast.Load):
            return
        if isinstance(node, ast.Attribute) and node.attr not in _LAST_PARTS:
            return
        name = self.context.imports.qualified_name(node)
        if name in GET_EVENT_LOOP:
            key = "in-coroutine" if self.context.in_coroutine() else "outside-coroutine"
            self.report_at(node, key, name=name)
        elif name in POLICY_API:
            self.report_at(node, "policy", name=name)
