"""One walk of a test function for every question the patch rules ask about where a patch call sits.

ALP007 and ALP009 ask, for each patch call: which definition it decorates, which names its result
is bound to, and what the test does with those names.  Walking the enclosing function (or the
whole module) again for each question and each call made those rules cost more than the rest of
the plugin on a patch-heavy suite; one walk of the function gives every node's parent and the
names and attributes by spelling, and each question then follows a few parents up.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Final

from ..caches import CACHES

#: Fields that only ever hold an expression context or an operator: nothing to index.
_NOT_CODE: Final = frozenset({"ctx", "op", "ops"})
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


class TreeIndex:
    """Every node's parent, and the ``Name`` and ``Attribute`` nodes by spelling, of one tree."""

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self._parents: dict[int, ast.AST] = {}
        self._names: dict[str, list[ast.Name]] = {}
        self._attributes: dict[str, list[ast.Attribute]] = {}
        self._index(tree)

    def _index(self, tree: ast.AST) -> None:
        parents, names, attributes = self._parents, self._names, self._attributes
        pending = [tree]
        while pending:
            node = pending.pop()
            if isinstance(node, ast.Name):
                names.setdefault(node.id, []).append(node)
            elif isinstance(node, ast.Attribute):
                attributes.setdefault(node.attr, []).append(node)
            for field in _fields(type(node)):
                value = getattr(node, field, None)
                if isinstance(value, list):
                    for item in value:
                        if isinstance(item, ast.AST):
                            parents[id(item)] = node
                            pending.append(item)
                elif isinstance(value, ast.AST):
                    parents[id(value)] = node
                    pending.append(value)

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The node ``node`` is a child of; None for the root."""
        return self._parents.get(id(node))

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """``node``'s parent, its parent's, and so on up to the root."""
        current = self._parents.get(id(node))
        while current is not None:
            yield current
            current = self._parents.get(id(current))

    def contains(self, outer: ast.AST, node: ast.AST) -> bool:
        """Whether ``node`` is ``outer`` or under it (what ``ast.walk(outer)`` reaches)."""
        return node is outer or any(ancestor is outer for ancestor in self.ancestors(node))

    def names(self, spelled: str) -> list[ast.Name]:
        """Every ``Name`` node of the tree spelled ``spelled``."""
        return self._names.get(spelled, [])

    def attributes(self, spelled: str) -> list[ast.Attribute]:
        """Every ``Attribute`` node of the tree whose attribute is ``spelled``."""
        return self._attributes.get(spelled, [])

    def statement_of(self, node: ast.AST) -> tuple[ast.stmt | None, ast.AST]:
        """The innermost statement holding ``node``, and the child of it on the way down."""
        child = node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, ast.stmt):
                return ancestor, child
            child = ancestor
        return None, child


def _fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    fields = _FIELDS.get(node_type)
    if fields is None:
        fields = _FIELDS[node_type] = tuple(f for f in node_type._fields if f not in _NOT_CODE)
    return fields


#: The file whose scopes are indexed, and the index of each scope asked for (only the last file's).
_current: list[ast.AST] = []
_indexes: dict[int, TreeIndex] = {}
CACHES.register(_current.clear)
CACHES.register(_indexes.clear)


def index_for(tree: ast.AST, scope: ast.AST) -> TreeIndex:
    """The index of ``scope`` (a function of ``tree``, or ``tree`` itself), built once: the patch
    rules share it for every call in that scope.  Only the scope is indexed: nodes outside it have
    no parent there, and are never ``contains``-ed in it."""
    if not _current or _current[0] is not tree:
        _current[:] = [tree]
        _indexes.clear()
    index = _indexes.get(id(scope))
    if index is None or index.tree is not scope:
        index = _indexes[id(scope)] = TreeIndex(scope)
    return index
