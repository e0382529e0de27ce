"""Building a module's astroid tree without running anything, and walking it by scope.

Function bodies do not run at import time, and they are most of a module: the
tree is built with them replaced by ``pass`` unless they are asked for.  The
one exception is a module-level ``__getattr__``, whose body says which names a
lazy package has (PEP 562), and which is small.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from typing import Any, Final

from astroid import MANAGER, nodes
from astroid.rebuilder import TreeRebuilder

from .finder import ModuleLocation

SCOPES: Final = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef, nodes.Lambda)
#: The function whose body a module keeps in its stripped tree.
MODULE_GETATTR: Final = "__getattr__"


def build_tree(source: str, location: ModuleLocation, bodies: bool = False) -> Any:
    """Build the astroid tree of a module's source: no transforms, no inference, no imports.

    Unless ``bodies`` is asked for, each function body (but a module ``__getattr__``'s) is
    replaced by ``pass`` before astroid rebuilds the tree, which makes building several
    times cheaper.  astroid is not given the source: with it, it tokenizes every ``def`` and
    ``class`` line again for a keyword position (``position``) nothing here reads.
    """
    assert location.path is not None
    tree = ast.parse(source, filename=location.path)
    if not bodies:
        _strip_function_bodies(tree.body)
    rebuilder = TreeRebuilder(MANAGER)
    return rebuilder.visit_module(tree, location.name, os.path.abspath(location.path), location.is_package)


def _strip_function_bodies(body: list[ast.stmt], in_class: bool = False) -> None:
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if statement.name == MODULE_GETATTR and not in_class:
                continue
            first = statement.body[0]
            statement.body = [ast.Pass(lineno=first.lineno, col_offset=first.col_offset)]
            statement.args = _NO_ARGUMENTS  # annotations and defaults bind no module name
            statement.returns = None
            continue
        nested_class = in_class or isinstance(statement, ast.ClassDef)
        for block in _blocks(statement):
            _strip_function_bodies(block, nested_class)


_NO_ARGUMENTS = ast.arguments(
    posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]
)


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists nested in a compound statement (class bodies included)."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(statement, name, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(statement, "handlers", None) or ():
        yield handler.body
    for case in getattr(statement, "cases", None) or ():
        yield case.body


def own_nodes(scope: Any, klass: Any) -> Iterator[Any]:
    """Nodes of ``klass`` in ``scope``'s body, not inside a nested function, class or lambda."""
    for child in scope.get_children():
        if child is getattr(scope, "args", None) or child is getattr(scope, "decorators", None):
            continue
        yield from walk_own(child, klass)


def walk_own(node: Any, klass: Any) -> Iterator[Any]:
    """``node`` and what is under it, of ``klass``, without entering a nested scope."""
    if isinstance(node, klass):
        yield node
    if isinstance(node, SCOPES):
        return
    for child in node.get_children():
        yield from walk_own(child, klass)


def dotted(node: Any) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, nodes.Attribute):
        parts.append(node.attrname)
        node = node.expr
    if not isinstance(node, nodes.Name):
        return None
    parts.append(node.name)
    return ".".join(reversed(parts))


def qualname(function: Any) -> str:
    """``Class.method`` or ``outer.inner`` for a function node."""
    parts = [function.name]
    parent = function.parent
    while parent is not None and not isinstance(parent, nodes.Module):
        if isinstance(parent, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef)):
            parts.append(parent.name)
        parent = parent.parent
    return ".".join(reversed(parts))


def literal_strings(node: Any) -> list[str] | None:
    """The strings of a literal list, tuple or set of string constants; None for anything else."""
    if not isinstance(node, (nodes.List, nodes.Tuple, nodes.Set)):
        return None
    values = [e.value for e in node.elts if isinstance(e, nodes.Const) and isinstance(e.value, str)]
    return values if len(values) == len(node.elts) else None
