"""The statements of a tree in ``ast.walk``'s order, without visiting a single expression.

Several readers want every import or class of a module wherever it sits, in the order ``ast.walk``
gives (breadth first), because that order decides which of two bindings of a name wins.  Statements
only ever sit in statement lists (``body``, ``orelse``, ``finalbody``, ``handlers``, ``cases``), so
walking those lists alone, breadth first, yields them in exactly that order while skipping the
expressions that make up most of a tree.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from typing import Final

#: The fields that hold statements (or the handlers and cases holding them), in no particular order.
_BLOCKS: Final = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def walk_statements(tree: ast.AST) -> Iterator[ast.stmt]:
    """Every statement under ``tree`` (``tree`` itself included), in ``ast.walk``'s order."""
    pending: deque[ast.AST] = deque([tree])
    while pending:
        node = pending.popleft()
        for name in _block_fields(type(node)):
            block = getattr(node, name, None)
            if isinstance(block, list):
                pending.extend(item for item in block if isinstance(item, _HOLDERS))
        if isinstance(node, ast.stmt):
            yield node


_HOLDERS: Final = (ast.stmt, ast.excepthandler, ast.match_case)


def _block_fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    """The statement-list fields of ``node_type``, in its ``_fields`` order (computed once per type)."""
    fields = _FIELDS.get(node_type)
    if fields is None:
        fields = _FIELDS[node_type] = tuple(f for f in node_type._fields if f in _BLOCKS)
    return fields
