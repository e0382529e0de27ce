"""Resolve local names to the qualified names they were imported as.

Rules ask "is this expression ``asyncio.get_event_loop``?" whatever alias the
file used.  The tracker keeps one binding table per lexical scope; the walker
pushes and pops scopes, so a name rebound by a local ``def``, assignment or
parameter stops resolving to the import it shadows.
"""

from __future__ import annotations

import ast
from typing import Final

MODULE: Final = "module"
CLASS: Final = "class"
FUNCTION: Final = "function"


class Scope:
    """The names bound in one lexical scope; ``None`` marks a shadowing binding."""

    __slots__ = ("kind", "bindings")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.bindings: dict[str, str | None] = {}


class ImportTracker:
    """Maps local names to qualified names along the current scope chain."""

    def __init__(self) -> None:
        self._chain: list[Scope] = [Scope(MODULE)]
        #: Every local name some import in the file bound: a cheap first test for hot paths.
        self.imported_names: set[str] = set()

    @property
    def chain(self) -> tuple[Scope, ...]:
        """The scope chain, outermost first, for resuming a deferred body."""
        return tuple(self._chain)

    def restore(self, chain: tuple[Scope, ...]) -> None:
        """Continue in a previously captured scope chain."""
        self._chain = list(chain)

    def push(self, kind: str) -> Scope:
        """Enter a new scope of ``kind``."""
        scope = Scope(kind)
        self._chain.append(scope)
        return scope

    def pop(self) -> None:
        """Leave the innermost scope."""
        self._chain.pop()

    def shadow(self, name: str) -> None:
        """Record that ``name`` is now bound to something that is not an import."""
        self._chain[-1].bindings[name] = None

    def bind_import(self, node: ast.Import | ast.ImportFrom) -> None:
        """Bind the names an import statement introduces in the current scope."""
        bindings = self._chain[-1].bindings
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bindings[alias.asname] = alias.name
                    self.imported_names.add(alias.asname)
                else:
                    top = alias.name.split(".", 1)[0]
                    bindings[top] = top
                    self.imported_names.add(top)
            return
        module = node.module if not node.level else None
        for alias in node.names:
            if alias.name == "*":
                continue
            local = alias.asname or alias.name
            bindings[local] = f"{module}.{alias.name}" if module else None
            self.imported_names.add(local)

    def lookup(self, name: str) -> str | None:
        """The qualified name ``name`` refers to here, or None if it is not an import."""
        innermost = len(self._chain) - 1
        for index in range(innermost, -1, -1):
            scope = self._chain[index]
            if scope.kind == CLASS and index != innermost:
                continue
            if name in scope.bindings:
                return scope.bindings[name]
        return None

    def qualified_name(self, node: ast.AST) -> str | None:
        """The dotted qualified name of a ``Name``/``Attribute`` chain, if imported."""
        text = dotted_text(node)
        if text is None:
            return None
        head, dot, rest = text.partition(".")
        root = self.lookup(head)
        return None if root is None else root + dot + rest


def dotted_text(node: ast.AST) -> str | None:
    """``a.b.c`` as written for a Name/Attribute chain (no import resolution), else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
