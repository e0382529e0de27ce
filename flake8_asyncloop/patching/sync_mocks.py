"""What a patch call puts in place of its target, as ALP007 needs it: a synchronous mock whose call
returns nothing awaitable, or anything else (which is never a finding).

``patch(t, new=MagicMock())``, ``new=Mock``, ``new_callable=MagicMock``, ``patch.object(C, "m",
MagicMock())``, ``monkeypatch.setattr(t, MagicMock())``, a local bound once to ``MagicMock()``.
Verified at run time (CPython 3.10-3.13, ``unittest.mock`` and the ``mock`` backport): a mock
made with ``spec``/``spec_set`` of a coroutine function is async itself; ``wraps=`` returns the
wrapped coroutine; ``side_effect=`` returns or raises what it gives; a ``return_value`` may be
awaitable.  Any of them, positional arguments (a spec) or ``**kwargs`` leave it alone; what the
test does with the mock afterwards is ``mock_usage``'s.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Final

from ..imports import ImportTracker
from ..records import record
from .file_patches import PatchSite
from .targets import MONKEYPATCH, OBJECT
from .tree_index import TreeIndex, index_for

_MOCK_MODULES: Final = ("unittest.mock.", "mock.", "mock.mock.")
SYNC_MOCKS: Final = frozenset({"MagicMock", "Mock"})
ASYNC_MOCK: Final = "AsyncMock"
#: Keywords that make a mock's call awaitable, or may: a spec, a wrapped callable, a side effect.
_MAY_AWAIT: Final = frozenset({"spec", "spec_set", "autospec", "wraps", "side_effect"})

#: Is a local name pytest-mock's ``mocker`` at this call (``mocker.MagicMock()``)?
MockerTest = Callable[[str], bool]


@record
class SyncMock:
    """A synchronous mock in a patch call, as the user wrote it, and what to write instead."""

    shown: str
    fix: str
    #: Local names the mock is reachable by where it is used: its own, the patch's result, the
    #: parameters of a decorated test (which receive a ``new_callable`` mock).
    names: frozenset[str]
    #: Where it is used: the function around the call, the function it decorates, or the module.
    scope: ast.AST
    #: Made with a ``return_value`` that is never awaitable (the test expects its call's result).
    returns: bool = False


def sync_replacement(
    site: PatchSite, attribute: str, tree: ast.Module, is_mocker: MockerTest
) -> SyncMock | None:
    """The synchronous mock ``site``'s call puts in place of ``attribute``, or None."""
    call = site.target.call
    if call is None or any(k.arg is None for k in call.keywords):
        return None
    new, new_callable = _replacement_arguments(site, attribute)
    if new is None and new_callable is None:
        return None  # the default replacement (an AsyncMock for a coroutine function): nothing to read
    names = site.names()
    outer = _scope(site, tree)
    index = index_for(tree, outer)
    decorated = _decorated(outer, call, index)
    if isinstance(decorated, ast.ClassDef):
        return None  # every test method of the class gets the mock: not followed
    scope: ast.AST = decorated or outer
    if new is None and new_callable is not None:
        kind = _mock_class(new_callable, names, is_mocker)
        if kind is None or _may_await(call.keywords, names, is_mocker):
            return None
        bound = _patch_results(outer, call, index) | _parameters(decorated)
        return SyncMock(
            f"new_callable={kind}", f"new_callable={ASYNC_MOCK}", bound, scope, _returns(call.keywords)
        )
    if new is None:
        return None
    own: set[str] = set()
    if isinstance(new, ast.Name) and _mock_class(new, names, is_mocker) is None:
        own.add(new.id)
        new = _single_assignment(outer, new.id)
        if new is None:
            return None
    shown = _sync_mock(new, names, is_mocker)
    if shown is None:
        return None
    fix = f"{ASYNC_MOCK}(...)" if shown.endswith("(...)") else f"{ASYNC_MOCK}()"
    returns = isinstance(new, ast.Call) and _returns(new.keywords)
    return SyncMock(shown, fix, frozenset(own) | _patch_results(outer, call, index), scope, returns)


def patch_mock(site: PatchSite, attribute: str, tree: ast.Module) -> SyncMock | None:
    """Whatever ``site``'s call puts in place of ``attribute``, as the names the test reaches it by
    (the patch's result, a decorated test's parameters, a local passed as ``new``) and where; for
    reading what the test asserts about it (ALP009).  None for a class decorator."""
    call = site.target.call
    if call is None:
        return None
    outer = _scope(site, tree)
    index = index_for(tree, outer)
    decorated = _decorated(outer, call, index)
    if isinstance(decorated, ast.ClassDef):
        return None
    names = set(_patch_results(outer, call, index) | _parameters(decorated))
    new, _ = _replacement_arguments(site, attribute)
    if isinstance(new, ast.Name):
        names.add(new.id)
    return SyncMock("", "", frozenset(names), decorated or outer)


# -- the call's arguments ------------------------------------------------------


def _replacement_arguments(site: PatchSite, attribute: str) -> tuple[ast.expr | None, ast.expr | None]:
    """``new`` and ``new_callable`` of the call, by its API's signature."""
    target, call = site.target, site.target.call
    assert call is not None
    if target.family == MONKEYPATCH:
        if target.deletes:
            return None, None
        return _argument(call, 2 if target.form == OBJECT else 1, "value"), None
    api = target.api
    if api.endswith("multiple()"):
        return _argument(call, -1, attribute), None
    if api.endswith(("patch()",)):
        return _argument(call, 1, "new"), _argument(call, -1, "new_callable")
    if api.endswith(("object()", "context_manager()")):
        return _argument(call, 2, "new"), _argument(call, -1, "new_callable")
    return None, None


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if 0 <= index < len(call.args):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


# -- what the replacement is ---------------------------------------------------------


def _mock_class(node: ast.expr, names: ImportTracker, is_mocker: MockerTest) -> str | None:
    """``MagicMock``/``Mock`` (imported from ``unittest.mock`` or ``mock``, or ``mocker.MagicMock``)."""
    qualified = names.qualified_name(node)
    if qualified is not None:
        for module in _MOCK_MODULES:
            if qualified.startswith(module) and qualified[len(module):] in SYNC_MOCKS:
                return qualified[len(module):]
        return None
    if isinstance(node, ast.Attribute) and node.attr in SYNC_MOCKS and isinstance(node.value, ast.Name):
        return node.attr if is_mocker(node.value.id) else None
    return None


def _sync_mock(node: ast.expr, names: ImportTracker, is_mocker: MockerTest) -> str | None:
    """How a synchronous mock is written (``MagicMock()``, ``Mock``), or None for anything else."""
    if not isinstance(node, ast.Call):
        return _mock_class(node, names, is_mocker)
    kind = _mock_class(node.func, names, is_mocker)
    if kind is None or node.args or _may_await(node.keywords, names, is_mocker):
        return None
    return f"{kind}()" if not node.keywords else f"{kind}(...)"


def _may_await(keywords: list[ast.keyword], names: ImportTracker, is_mocker: MockerTest) -> bool:
    """A keyword that makes (or may make) the mock's call awaitable."""
    for keyword in keywords:
        if keyword.arg is None or keyword.arg in _MAY_AWAIT:
            return True
        if keyword.arg == "return_value" and not never_awaitable(keyword.value, names, is_mocker):
            return True
    return False


def never_awaitable(node: ast.expr, names: ImportTracker | None, is_mocker: MockerTest) -> bool:
    """A literal, or a new mock (no mock instance is awaitable, an ``AsyncMock`` neither)."""
    if isinstance(node, (ast.Constant, ast.JoinedStr, ast.Dict, ast.List, ast.Tuple, ast.Set)):
        return True
    if isinstance(node, ast.Call) and names is not None:
        qualified = names.qualified_name(node.func) or ""
        if qualified.rpartition(".")[2] == ASYNC_MOCK and qualified.startswith(_MOCK_MODULES):
            return True
        return _mock_class(node.func, names, is_mocker) is not None
    return False


# -- where the mock goes -----------------------------------------------------------


def _scope(site: PatchSite, tree: ast.Module) -> ast.AST:
    """The innermost function around the call, or the module."""
    for node in reversed(site.enclosing):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return node
    return tree


Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _decorated(scope: ast.AST, call: ast.Call, index: TreeIndex) -> Definition | None:
    """The function or class in ``scope`` the call decorates, if it is a decorator: decorators hold
    no statement, so that definition can only be the innermost statement around the call."""
    statement, child = index.statement_of(call)
    if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return None
    if any(child is decorator for decorator in statement.decorator_list) and index.contains(scope, statement):
        return statement
    return None


def _parameters(function: ast.AST | None) -> frozenset[str]:
    """A decorator's ``new_callable`` mock is passed to the test: any parameter may be it."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return frozenset()
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    extra = [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return frozenset(a.arg for a in [*every, *extra])


def _returns(keywords: list[ast.keyword]) -> bool:
    """A ``return_value`` keyword (known by then to be never awaitable)."""
    return any(k.arg == "return_value" for k in keywords)


def _single_assignment(scope: ast.AST, name: str) -> ast.expr | None:
    """The value of the one plain assignment to ``name`` in ``scope``; None if there are others."""
    values = [
        node.value for node in ast.walk(scope) if isinstance(node, ast.Assign)
        and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name
    ]
    bindings = [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == name
                and not isinstance(n.ctx, ast.Load)]
    return values[0] if len(values) == 1 and len(bindings) == 1 else None


def _patch_results(scope: ast.AST, call: ast.Call, index: TreeIndex) -> frozenset[str]:
    """Names bound to the patch's result: ``with patch(...) as m``, ``m = mocker.patch(...)``; the
    ``with`` or assignment can only be the innermost statement around the call."""
    node, _ = index.statement_of(call)
    if node is None or not index.contains(scope, node):
        return frozenset()
    names: set[str] = set()
    if isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if item.optional_vars is not None and index.contains(item.context_expr, call):
                names.update(_bound(item.optional_vars))
    elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        if index.contains(node.value, call):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(_bound(target))
    return frozenset(names)


def _bound(target: ast.expr) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id
