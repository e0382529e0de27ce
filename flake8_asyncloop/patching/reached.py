"""Whether a test surely awaits the patched coroutine function while its sync mock is in place (ALP007).

The other evidence that the code calls the mock is what the test asserts about it (``mock_usage``).
This one reads the code: while the patch is active the test runs, unconditionally,
``await f(...)`` where ``f`` is the patched ``M.name`` itself, or a plain ``async def`` of the
project whose own body unconditionally runs ``await name(...)`` (in ``M``, on its global ``name``) or
``await M.name(...)`` (through a module-level ``import M``).  The awaited call then gets the mock's
result, and awaiting a ``MagicMock``'s result raises ``TypeError``.  Anything conditional (an ``if``,
a loop, a ``try``), a decorated or nested function, a re-export, a method reached through an object:
no evidence.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from ..caches import StatCache
from ..imports import ImportTracker, dotted_text
from ..parsing import parse_file
from .finder import ModuleFinder

_Function = ast.FunctionDef | ast.AsyncFunctionDef
_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.Match)
_trees: StatCache[ast.Module | None] = StatCache(None)


def surely_awaits(
    scope: ast.AST, call: ast.Call, names: ImportTracker, finder: ModuleFinder, owner: str, attribute: str,
) -> bool:
    """Whether the test awaits ``owner.attribute`` (directly or one project coroutine deep) while the
    patch made by ``call`` is active in ``scope``."""
    target = f"{owner}.{attribute}"
    for awaited in _awaited_calls(_active_statements(scope, call)):
        qualified = names.qualified_name(awaited.func)
        if qualified is None:
            continue
        if qualified == target:
            return True
        module, _, function = qualified.rpartition(".")
        if module and _function_awaits(finder, module, function, owner, attribute):
            return True
    return False


def _active_statements(scope: ast.AST, call: ast.Call) -> list[ast.stmt]:
    """The statements of ``scope`` that surely run with the patch active: the body of the function it
    decorates, the body of its ``with``, or the top-level statements after the one that makes it."""
    if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    if any(_holds(decorator, call) for decorator in scope.decorator_list):
        return scope.body
    return _after(scope.body, call)


def _after(body: list[ast.stmt], call: ast.Call) -> list[ast.stmt]:
    for index, statement in enumerate(body):
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            if any(_holds(item.context_expr, call) for item in statement.items):
                return statement.body
            inner = _after(statement.body, call)
            if inner:
                return inner
        elif _holds(statement, call):
            unconditional = isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign))
            return body[index + 1:] if unconditional else []
    return []


def _holds(node: ast.AST, call: ast.Call) -> bool:
    return any(inner is call for inner in ast.walk(node))


def _awaited_calls(statements: list[ast.stmt]) -> Iterator[ast.Call]:
    """The calls awaited, surely, by these statements in order: stops where the rest may not run."""
    for statement in statements:
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            yield from _awaited_calls(statement.body)
            continue
        if isinstance(statement, _BRANCHES + (ast.Raise,)):
            return  # what follows may not run (or the branch may leave)
        awaited = _statement_await(statement)
        if awaited is not None:
            yield awaited
        if isinstance(statement, ast.Return):
            return


def _statement_await(statement: ast.stmt) -> ast.Call | None:
    """``await f(...)`` as the statement's whole value (an expression, an assignment, a return, an
    assert's compared value)."""
    value: ast.expr | None = None
    if isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign, ast.Return)):
        value = statement.value
    elif isinstance(statement, ast.Assert):
        value = statement.test.left if isinstance(statement.test, ast.Compare) else statement.test
    if isinstance(value, ast.Await) and isinstance(value.value, ast.Call):
        return value.value
    return None


def _function_awaits(finder: ModuleFinder, module: str, function: str, owner: str, attribute: str) -> bool:
    """Whether ``module.function`` is a plain project coroutine function whose body surely awaits
    ``owner.attribute``."""
    location = finder.find(module)
    if location is None or location.path is None or not location.in_project:
        return False
    tree = _trees.get(Path(location.path), parse_file)
    if tree is None:
        return False
    definition = _top_level_function(tree, function)
    if not isinstance(definition, ast.AsyncFunctionDef) or definition.decorator_list:
        return False
    local = _local_names(definition)
    aliases = _module_aliases(tree, owner)
    for awaited in _awaited_calls(definition.body):
        func = awaited.func
        if module == owner and isinstance(func, ast.Name) and func.id == attribute and attribute not in local:
            return True
        if isinstance(func, ast.Attribute) and func.attr == attribute:
            base = dotted_text(func.value)
            if base is not None and base.split(".")[0] not in local and aliases.get(base) == owner:
                return True
    return False


def _top_level_function(tree: ast.Module, name: str) -> _Function | None:
    """The module's one unconditional definition of ``name``; None if it is bound any other way."""
    found: list[ast.stmt] = []
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if statement.name == name:
                found.append(statement)
        elif name in _bound_names(statement):
            return None
    definition = found[0] if len(found) == 1 else None
    return definition if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def _bound_names(statement: ast.stmt) -> set[str]:
    stored = (node for node in ast.walk(statement) if isinstance(node, ast.Name))
    names = {node.id for node in stored if isinstance(node.ctx, ast.Store)}
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        names |= {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
    for node in ast.walk(statement):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _local_names(function: _Function) -> set[str]:
    """Parameters and every name the function binds (or declares global) in its own body."""
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    for statement in function.body:
        names |= _bound_names(statement)
        declared = (node for node in ast.walk(statement) if isinstance(node, (ast.Global, ast.Nonlocal)))
        names |= {name for node in declared for name in node.names}
    return names


def _module_aliases(tree: ast.Module, owner: str) -> dict[str, str]:
    """How the module names ``owner`` at its top level: ``import owner [as x]``, ``from p import m``."""
    aliases: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == owner:
                    aliases[alias.asname or alias.name] = owner
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            for alias in statement.names:
                if f"{statement.module}.{alias.name}" == owner:
                    aliases[alias.asname or alias.name] = owner
    return aliases
