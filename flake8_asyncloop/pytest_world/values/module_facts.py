"""Facts about a module's top level that a body reader needs: its imports and its string constants.

Function bodies run after the module finished importing, so they see the module's
final bindings: both facts are read over the whole top level, last binding wins.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path

from ...imports import ImportTracker
from ...records import record
from ..relevance import top_level

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef

_ENVIRON_GETTERS = frozenset({"os.getenv", "os.environ.get"})


@record(frozen=False)
class ModuleFacts:
    """A module's final import bindings, string constants, top-level definitions and relative imports."""

    path: Path
    tracker: ImportTracker = field(default_factory=ImportTracker)
    constants: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    #: ``from .x import name as local`` (and absolute ones): local -> (module, level, original).
    from_imports: dict[str, tuple[str | None, int, str]] = field(default_factory=dict)

    def qualified(self, node: ast.expr) -> str | None:
        """The qualified name a ``Name``/``Attribute`` chain resolves to through the imports."""
        return self.tracker.qualified_name(node)


def read_facts(path: Path, body: Iterable[ast.stmt]) -> ModuleFacts:
    """Collect the facts of one module's top level (``if``/``try`` blocks included)."""
    facts = ModuleFacts(path)
    for stmt in top_level(list(body)):
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            facts.tracker.bind_import(stmt)
            if isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if alias.name != "*":
                        local = alias.asname or alias.name
                        facts.from_imports[local] = (stmt.module, stmt.level, alias.name)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            facts.definitions[stmt.name] = stmt
            facts.tracker.shadow(stmt.name)
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.targets[-1], ast.Name):
            text = constant_text(stmt.value, facts)
            if text is not None:
                facts.constants[stmt.targets[-1].id] = text
    return facts


def constant_text(node: ast.expr, facts: ModuleFacts) -> str | None:
    """A string the module spells out: a literal, an f-string's literal head, a constant, an env default."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        return head.value if isinstance(head, ast.Constant) and isinstance(head.value, str) else None
    if isinstance(node, ast.Name):
        return facts.constants.get(node.id)
    if isinstance(node, ast.Call) and facts.qualified(node.func) in _ENVIRON_GETTERS and len(node.args) > 1:
        return constant_text(node.args[1], facts)
    return None
