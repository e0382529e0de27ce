"""What a test does with the synchronous mock it put in place of a coroutine function (ALP007).

A mock whose call result the test sets (``m.return_value = fut``, ``m.side_effect = coro``,
``configure_mock()``), or that it hands on (returns, yields, passes, stores), may be made awaitable
where this reader cannot see: silence.  A finding needs the test to show that the code under test
calls the mock -- ``m.assert_called_once_with(...)``, ``assert m.called``, ``m.call_count == 1``,
``m.call_args`` -- or that it uses the call's result (a ``return_value`` that is never awaitable),
while a coroutine runs (the test is an ``async def``, or runs a loop itself) -- or, read from the
code rather than the test's assertions, that the test surely awaits the target (``reached``).  A
passing test that patches a coroutine function with a ``MagicMock`` and never reaches it is no finding.
"""

from __future__ import annotations

import ast
from typing import Final

from ..caches import CACHES
from ..imports import dotted_text
from ..records import record
from .module_reads import callee, swallows
from .sync_mocks import SyncMock, never_awaitable
from .tree_index import TreeIndex, index_for

#: Attributes whose setting makes a mock's call give something else.
CONFIGURES: Final = frozenset({"return_value", "side_effect", "configure_mock", "__call__", "mock_add_spec"})
#: Reading these shows the mock was called (the test would fail otherwise).
CALLED: Final = frozenset({
    "assert_called", "assert_called_once", "assert_called_with", "assert_called_once_with",
    "assert_any_call", "assert_has_calls", "call_args", "call_args_list",
})
_LOOP_RUNNERS: Final = frozenset({"run_until_complete", "asyncio.run"})
_RAISES: Final = frozenset({"raises", "assertRaises", "assertRaisesRegex"})


@record(frozen=False)
class Usage:
    """What the test does with the mock."""

    #: Set, or handed on: its call may give an awaitable after all.
    configured: bool = False
    #: The test shows the code calls it.
    called: bool = False
    #: The test gives its call a result that is never awaitable.
    returns: bool = False

    @property
    def awaited_result_expected(self) -> bool:
        """The code calls the mock, or the test expects its result used, and nothing may fix it."""
        return not self.configured and (self.called or self.returns)


def usage(mock: SyncMock, attribute: str, call: ast.Call, tree: ast.Module) -> Usage:
    """How the test uses ``mock`` (which replaces ``attribute``), read from its scope and the file."""
    found = scope_usage(mock, attribute, call, tree)
    if _configured_elsewhere(tree, mock.scope, attribute) or _expects_type_error(mock.scope):
        found.configured = True
    return found


def scope_usage(mock: SyncMock, attribute: str, call: ast.Call, tree: ast.Module) -> Usage:
    """How the test uses ``mock``, read from its scope only (enough to know whether it asserts a call).
    What each use says only ever turns a flag on, so the uses are read in any order."""
    found = Usage(returns=mock.returns)
    scope = mock.scope
    index = index_for(tree, scope)
    for name in mock.names:
        for node in index.names(name):
            if isinstance(node.ctx, ast.Load) and index.contains(scope, node):
                _name(node, call, index, found)
    for read in index.attributes(attribute):
        if index.contains(scope, read):
            parent = index.parent(read)
            if isinstance(parent, ast.Attribute) and parent.value is read:
                _chain(parent, index, found)
    return found


def _expects_type_error(scope: ast.AST) -> bool:
    """``pytest.raises(TypeError)``, ``assertRaises(Exception)``, ``except Exception:`` in the test:
    the error the mock causes may be what it expects, or be swallowed."""
    for node in ast.walk(scope):
        if isinstance(node, ast.ExceptHandler) and swallows(node.type):
            return True
        if isinstance(node, ast.Call) and callee(node.func) in _RAISES and node.args:
            if swallows(node.args[0]):
                return True
    return False


def runs_coroutines(scope: ast.AST) -> bool:
    """The mock is used where coroutines run: an ``async def``, or a test that runs a loop itself."""
    if isinstance(scope, ast.AsyncFunctionDef):
        return True
    for node in ast.walk(scope):
        if isinstance(node, ast.Call):
            if callee(node.func) in _LOOP_RUNNERS or dotted_text(node.func) in _LOOP_RUNNERS:
                return True
    return False


def _name(node: ast.Name, call: ast.Call, index: TreeIndex, found: Usage) -> None:
    parent = index.parent(node)
    if parent is call or (isinstance(parent, ast.keyword) and index.parent(parent) is call):
        return
    if isinstance(parent, ast.Attribute) and parent.value is node:
        _chain(parent, index, found)
    else:
        found.configured = True  # handed on: anything may happen to it


def _chain(first: ast.Attribute, index: TreeIndex, found: Usage) -> None:
    """``mock.a.b...``: what reading (or setting) it says about the mock."""
    chain = [first]
    while isinstance(outer := index.parent(chain[-1]), ast.Attribute) and outer.value is chain[-1]:
        chain.append(outer)
    attributes = [a.attr for a in chain]
    holder = index.parent(chain[-1])
    if any(a in CONFIGURES for a in attributes):
        if attributes == ["return_value"] and _assigned_never_awaitable(chain[0], holder):
            found.returns = True
        else:
            found.configured = True
    elif attributes[0] in CALLED:
        found.called = True
    elif attributes[0] == "called" and isinstance(holder, ast.Assert):
        found.called = True
    elif attributes[0] == "call_count" and _positive_count(holder):
        found.called = True


def _assigned_never_awaitable(target: ast.Attribute, holder: ast.AST | None) -> bool:
    if not isinstance(target.ctx, ast.Store) or not isinstance(holder, ast.Assign):
        return False
    return never_awaitable(holder.value, None, lambda name: False)


def _positive_count(holder: ast.AST | None) -> bool:
    """``m.call_count == 2`` (or ``>= 1``): the mock was called."""
    if not isinstance(holder, ast.Compare) or len(holder.ops) != 1:
        return False
    value = holder.comparators[0]
    if not (isinstance(value, ast.Constant) and isinstance(value.value, int)):
        return False
    operator = holder.ops[0]
    return (isinstance(operator, (ast.Eq, ast.GtE)) and value.value > 0) or isinstance(operator, ast.Gt)


def _configured_elsewhere(tree: ast.Module, scope: ast.AST, attribute: str) -> bool:
    """``<...>.attribute.return_value = ...`` (or ``side_effect``, ``configure_mock()``) outside the
    scope and outside other tests: a fixture or a helper may set the mock's call up."""
    sites = [node for name, node in _configure_sites(tree) if name == attribute]
    if not sites:
        return False
    index = index_for(tree, scope)
    return any(not index.contains(scope, node) for node in sites)


_SITES: dict[int, tuple[ast.Module, list[tuple[str, ast.AST]]]] = {}
CACHES.register(_SITES.clear)


def _configure_sites(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    """``<...>.name.return_value`` (and the other ``CONFIGURES``) outside tests, by ``name``: read
    once per tree, as every candidate patch of the file asks."""
    cached = _SITES.get(id(tree))
    if cached is not None and cached[0] is tree:
        return cached[1]
    in_tests: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            in_tests.update(id(inner) for inner in ast.walk(node))
    sites: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in CONFIGURES and id(node) not in in_tests:
            if isinstance(node.value, ast.Attribute):
                sites.append((node.value.attr, node))
    _SITES.clear()  # one file at a time
    _SITES[id(tree)] = (tree, sites)
    return sites
