"""Class attributes of a patch target (``mod.Class.attr``): the class body and its bases, statically.

A class whose attributes may come from where the source does not show (a
decorator, a metaclass, class keywords, a base's ``__init_subclass__``, writes
through ``locals()``) answers "cannot know", and nothing is reported about it.
"""

from __future__ import annotations

import abc
import builtins
from collections.abc import Callable
from typing import Any, Final

from astroid import nodes

from .analysis import CLASS, FUNCTION, Binding, ModuleNamespace
from .collector import analyse
from .syntax import dotted, own_nodes
from .values import (
    OPAQUE, ClassValue, FunctionValue, Lookup, Problem, ProblemKind, Value, found, problem, unknown,
)

_ABC_META_NAMES: Final = frozenset(dir(abc.ABCMeta))

#: Resolves a dotted expression in a module's namespace (the resolver's alias lookup).
AliasLookup = Callable[[ModuleNamespace, str], Lookup]
#: Picks the closest of some names to a missing one, for the message's suggestion.
CloseMatch = Callable[[str, set[str]], str]


class ClassAttributes:
    """Looks attributes up on classes read from source, through their resolvable bases."""

    def __init__(self, alias: AliasLookup, close_match: CloseMatch) -> None:
        self._alias = alias
        self._close_match = close_match

    def attribute(self, value: ClassValue, name: str) -> Lookup:
        """``Class.name``: found, a missing-class-attribute problem, or unknown."""
        if name.startswith("__") and name.endswith("__"):
            return unknown()
        lookup = self._lookup(value, name, set())
        if lookup is None:
            return unknown()
        if lookup.values:
            return lookup
        suggestion = self._close_match(name, self._names(value, set()))
        missing = Problem(ProblemKind.MISSING_CLASS_ATTRIBUTE, value.qualname, name, suggestion=suggestion)
        return problem(missing)

    def _lookup(self, value: ClassValue, name: str, seen: set[int]) -> Lookup | None:
        """The attribute through the class's MRO; None when the class can gain names unseen."""
        node = value.node
        if id(node) in seen:
            return None
        seen = seen | {id(node)}
        body = class_body(value)
        if body.dynamic or body.dynamic_all or _class_is_open(value):
            return None
        if name in body.bindings:
            nested = [b for b in body.bindings[name] if b.kind == CLASS]
            if nested:
                return found(*(ClassValue(value.info, b.node, f"{value.qualname}.{name}") for b in nested))
            return found(*(_value(value, b) for b in body.bindings[name]))
        if name in (_slots(node) or ()) or name in value.info.class_attrs.get(node.name, ()):
            return found(OPAQUE)
        metaclass = getattr(node, "_metaclass", None)
        if metaclass is not None and name in _ABC_META_NAMES:
            return found(OPAQUE)
        for base in self._bases(value):
            if base is None or (
                isinstance(base, ClassValue) and "__init_subclass__" in class_body(base).bindings
            ):
                return None  # unknown base, or one whose __init_subclass__ may add names
            if isinstance(base, type):
                if hasattr(base, name):
                    return found(OPAQUE)
                continue
            inherited = self._lookup(base, name, seen)
            if inherited is None or inherited.values:
                return inherited
        return Lookup()

    def _names(self, value: ClassValue, seen: set[int]) -> set[str]:
        if id(value.node) in seen:
            return set()
        seen.add(id(value.node))
        names = set(class_body(value).bindings)
        for base in self._bases(value):
            if isinstance(base, ClassValue):
                names |= self._names(base, seen)
        return names

    def _bases(self, value: ClassValue) -> list[ClassValue | type | None]:
        """The resolved bases: a class we read, a builtin class, or None when unknown."""
        bases: list[ClassValue | type | None] = []
        for base in value.node.bases:
            expression = dotted(base)
            if expression is None:
                bases.append(None)
                continue
            if "." not in expression and expression not in value.info.bindings:
                builtin = getattr(builtins, expression, None)
                bases.append(builtin if isinstance(builtin, type) else None)
                continue
            lookup = self._alias(value.info, expression)
            classes = [v for v in lookup.values if isinstance(v, ClassValue)]
            bases.append(classes[0] if len(classes) == 1 and len(lookup.values) == 1 else None)
        if not bases:
            bases.append(object)
        return bases


def _value(owner: ClassValue, binding: Binding) -> Value:
    """What a class-body binding gives: a function's node, or something opaque."""
    return FunctionValue(owner.info, binding.node) if binding.kind == FUNCTION else OPAQUE


def class_owns(value: ClassValue, name: str) -> bool | None:
    """Whether the class defines ``name`` itself; None when that cannot be known."""
    body = class_body(value)
    if body.dynamic or _class_is_open(value):
        return None
    return (
        name in body.bindings
        or name in (_slots(value.node) or ())
        or name in value.info.class_attrs.get(value.node.name, ())
    )


def class_body(value: ClassValue) -> ModuleNamespace:
    """The names a class body binds, collected like a module's (cached on the node)."""
    cached = value.info.class_bodies.get(id(value.node))
    if cached is not None:
        return cached
    body = analyse(value.info.name, value.info.location, value.node)
    if body.star_sources:
        body.dynamic = "star import in a class body"
    if _has_namespace_calls(value.node):
        body.dynamic = "writes through locals()"
    value.info.class_bodies[id(value.node)] = body
    return body


def _has_namespace_calls(node: Any) -> bool:
    for call in own_nodes(node, nodes.Call):
        if dotted(call.func) in ("locals", "vars", "exec"):
            return True
    return False


def _class_is_open(value: ClassValue) -> bool:
    """A class whose attributes may come from where the source does not show."""
    node = value.node
    if node.decorators is not None and node.decorators.nodes:
        return True
    if node.keywords:
        return True
    if node.name in value.info.open_classes:
        return True
    metaclass = getattr(node, "_metaclass", None)
    if metaclass is not None:
        name = dotted(metaclass)
        if name not in ("ABCMeta", "abc.ABCMeta", "type"):
            return True
    return _slots(node) is None


def _slots(node: Any) -> frozenset[str] | None:
    """Literal ``__slots__`` names; None when ``__slots__`` is not literal."""
    for statement in node.body:
        if isinstance(statement, nodes.Assign) and any(
            isinstance(t, nodes.AssignName) and t.name == "__slots__" for t in statement.targets
        ):
            value = statement.value
            if isinstance(value, nodes.Const) and isinstance(value.value, str):
                return frozenset({value.value})
            if isinstance(value, (nodes.Tuple, nodes.List)) and all(
                isinstance(e, nodes.Const) and isinstance(e.value, str) for e in value.elts
            ):
                return frozenset(e.value for e in value.elts)
            return None
    return frozenset()
