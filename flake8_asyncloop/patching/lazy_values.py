"""The values a lazy ``__getattr__`` body is run on (see ``lazy``), and how its expressions give them.

Only what a reader can know without running anything: strings (the name asked
about, ``__name__``, literal tables' entries, f-strings of them), modules named
by imports and ``import_module``, attributes read off those with ``getattr``,
and the module's literal tables.  Everything else is ``Tag.UNKNOWN``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import field
from typing import Any, Final

from astroid import nodes

from ..records import record
from .analysis import FROM, MODULE, VALUE, ModuleNamespace
from .syntax import dotted, literal_strings


class Tag(enum.Enum):
    """Values known only by kind."""

    NONE = "None"
    IMPORT_MODULE = "import_module"
    GLOBALS = "globals()"
    OBJECT = "an object"
    UNKNOWN = "unknown"


@record
class Str:
    text: str


@record
class Flag:
    """A bool or number literal: only its truth matters here."""

    value: bool


@record
class Items:
    """A literal tuple (a table entry such as ``(".client", "Client")``), to unpack."""

    items: tuple[Value, ...]


@record
class ModuleRef:
    name: str
    guarded: bool = False  # imported inside a ``try`` whose handlers raise AttributeError


@record
class AttributeRef:
    module: str
    attribute: str
    from_import: bool = False
    guarded: bool = False


@record
class Table:
    """A literal dict, list, tuple or set of strings; dict values where they are literal."""

    keys: frozenset[str]
    values: Mapping[str, Any] = field(default_factory=dict)
    mapping: bool = False  # a dict: subscripting it with a missing key raises KeyError


Value = Str | Flag | Items | ModuleRef | AttributeRef | Table | Tag
IMPORT_ERRORS: Final = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
KEY_ERRORS: Final = frozenset({"KeyError", "LookupError", "Exception", "BaseException"})


class KeyMissing(Exception):
    """``TABLE[name]`` for a name the dict does not hold: KeyError at run time."""


class Evaluator:
    """Evaluates the expressions of ``__getattr__`` for one name; the state the statements share."""

    def __init__(self, info: ModuleNamespace, parameter: str, name: str) -> None:
        self.info = info
        self.parameter = parameter
        self.name = name
        self.env: dict[str, Value] = {}
        #: The name matched a literal table or string on the way.
        self.listed = False
        #: How many ``try`` blocks around turn an import failure into AttributeError.
        self.guarded = 0
        #: ``globals()[name] = value`` (or a call that may store it) ran on the way.
        self.stored = False
        self.stored_value: Value = Tag.UNKNOWN

    def value(self, node: Any) -> Value:
        if isinstance(node, nodes.Const):
            return constant(node.value)
        if isinstance(node, nodes.Name):
            return self.name_value(node.name)
        if isinstance(node, nodes.Attribute):
            return self.attribute_value(node)
        if isinstance(node, nodes.Call):
            return self.call_value(node)
        if isinstance(node, nodes.Subscript):
            return self.subscript_value(node)
        if isinstance(node, nodes.JoinedStr):
            return self.joined(node)
        if isinstance(node, nodes.BinOp) and node.op == "+":
            first, second = self.value(node.left), self.value(node.right)
            if isinstance(first, Str) and isinstance(second, Str):
                return Str(first.text + second.text)
            return Tag.UNKNOWN
        if isinstance(node, (nodes.List, nodes.Tuple, nodes.Set)):
            texts = literal_strings(node)
            return Table(frozenset(texts)) if texts is not None else Tag.UNKNOWN
        return Tag.UNKNOWN

    def name_value(self, name: str) -> Value:
        if name == self.parameter:
            return Str(self.name)
        if name in self.env:
            return self.env[name]
        return self.module_name(name)

    def module_name(self, name: str) -> Value:
        """A module-level name: ``__name__``, an import of importlib, or a literal table."""
        if name == "__name__":
            return Str(self.info.name)
        if name == "__package__":
            return Str(self.info.package)
        if name == "__all__" and self.info.all_names is not None and not self.info.dynamic_all:
            return Table(frozenset(self.info.all_names))
        bindings = self.info.bindings.get(name, [])
        if len(bindings) != 1:
            return Tag.UNKNOWN
        binding = bindings[0]
        if binding.kind == MODULE:
            return ModuleRef(binding.target)
        if binding.kind == FROM and (binding.target, binding.name) == ("importlib", "import_module"):
            return Tag.IMPORT_MODULE
        if binding.kind == VALUE and name not in self.info.mutated:
            return literal_table(binding.node)
        return Tag.UNKNOWN

    def attribute_value(self, node: Any) -> Value:
        if dotted(node) in ("__spec__.parent", "__spec__.name"):
            return Str(self.info.package if node.attrname == "parent" else self.info.name)
        owner = self.value(node.expr)
        if isinstance(owner, ModuleRef):
            if owner.name == "importlib" and node.attrname == "import_module":
                return Tag.IMPORT_MODULE
            return AttributeRef(owner.name, node.attrname, guarded=owner.guarded)
        return Tag.UNKNOWN

    def call_value(self, node: Any) -> Value:
        func = node.func
        if isinstance(func, nodes.Name) and func.name not in self.env and func.name not in self.info.bindings:
            if func.name == "globals" and not node.args:
                return Tag.GLOBALS
            if func.name == "getattr" and len(node.args) == 2:
                return self.getattr_value(node.args)
        if isinstance(func, nodes.Attribute):
            owner = self.value(func.expr)
            if isinstance(owner, Table) and func.attrname in ("get", "keys"):
                return self.table_method(owner, func.attrname, node.args)
        if self.value(func) is Tag.IMPORT_MODULE:
            return self.import_module(node.args, node.keywords)
        return Tag.UNKNOWN

    def getattr_value(self, arguments: list[Any]) -> Value:
        owner, attribute = self.value(arguments[0]), self.value(arguments[1])
        if isinstance(owner, ModuleRef) and isinstance(attribute, Str):
            return AttributeRef(owner.name, attribute.text, guarded=owner.guarded)
        return Tag.UNKNOWN

    def table_method(self, table: Table, method: str, arguments: list[Any]) -> Value:
        if method == "keys":
            return table if not arguments else Tag.UNKNOWN
        key = self.value(arguments[0]) if arguments else Tag.UNKNOWN
        if not isinstance(key, Str) or len(arguments) > 2:
            return Tag.UNKNOWN
        if key.text in table.keys:
            self.listed = True
            return entry(table, key.text)
        return self.value(arguments[1]) if len(arguments) == 2 else Tag.NONE

    def subscript_value(self, node: Any) -> Value:
        container, key = self.value(node.value), self.value(node.slice)
        if container is Tag.GLOBALS:
            return self.stored_value if self.stored else Tag.UNKNOWN
        if isinstance(container, Table) and isinstance(key, Str) and key.text in container.keys:
            self.listed = True
            return entry(container, key.text)
        if isinstance(container, Table) and container.mapping and isinstance(key, Str):
            raise KeyMissing(key.text)
        return Tag.UNKNOWN

    def import_module(self, arguments: list[Any], keywords: list[Any] | None) -> Value:
        values = [self.value(argument) for argument in arguments]
        values += [self.value(k.value) for k in keywords or () if k.arg == "package"]
        if not values or len(values) > 2 or not all(isinstance(v, Str) for v in values):
            return Tag.UNKNOWN
        texts = [v.text for v in values if isinstance(v, Str)]
        module = resolve_name(texts[0], texts[1] if len(texts) == 2 else None)
        return ModuleRef(module, self.guarded > 0) if module else Tag.UNKNOWN

    def joined(self, node: Any) -> Value:
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, nodes.FormattedValue):
                if part.format_spec is not None or part.conversion not in (-1, None):
                    return Tag.UNKNOWN
                part = part.value
            value = self.value(part)
            if not isinstance(value, Str):
                return Tag.UNKNOWN
            parts.append(value.text)
        return Str("".join(parts))


def is_name(node: Any, name: str) -> bool:
    return isinstance(node, nodes.Name) and node.name == name


def catches(handler: Any, names: frozenset[str]) -> bool:
    """Whether an ``except`` clause catches one of the exceptions named (a bare one catches all)."""
    if handler.type is None:
        return True
    caught = handler.type.elts if isinstance(handler.type, nodes.Tuple) else [handler.type]
    return any(isinstance(c, nodes.Name) and c.name in names for c in caught)


def constant(value: object) -> Value:
    if value is None:
        return Tag.NONE
    if isinstance(value, str):
        return Str(value)
    if isinstance(value, (bool, int, float)):
        return Flag(bool(value))
    return Tag.OBJECT


def truth_of(value: Value) -> bool | None:
    if isinstance(value, Flag):
        return value.value
    if isinstance(value, Str):
        return bool(value.text)
    if value is Tag.NONE:
        return False
    if isinstance(value, (ModuleRef, AttributeRef)):
        return True
    return None


def entry(table: Table, key: str) -> Value:
    """A table's literal value for ``key``: a constant, or a tuple of them."""
    value = table.values.get(key)
    if isinstance(value, nodes.Const):
        return constant(value.value)
    if isinstance(value, nodes.Tuple):
        return Items(tuple(
            constant(e.value) if isinstance(e, nodes.Const) else Tag.OBJECT for e in value.elts
        ))
    return Tag.OBJECT


def literal_table(target: Any) -> Value:
    """The literal a module-level name is assigned once: a dict with string keys, or strings."""
    statement = getattr(target, "parent", None)
    if not isinstance(statement, (nodes.Assign, nodes.AnnAssign)) or statement.value is None:
        return Tag.UNKNOWN
    if isinstance(statement, nodes.Assign) and statement.targets != [target]:
        return Tag.UNKNOWN
    value = statement.value
    if isinstance(value, nodes.Call) and dotted(value.func) in ("frozenset", "set", "tuple", "list"):
        value = value.args[0] if len(value.args) == 1 and not value.keywords else None
    if isinstance(value, nodes.Dict):
        keys = [k.value for k, _ in value.items if isinstance(k, nodes.Const) and isinstance(k.value, str)]
        if len(keys) != len(value.items):
            return Tag.UNKNOWN
        return Table(frozenset(keys), {k.value: v for k, v in value.items}, mapping=True)
    texts = literal_strings(value)
    return Table(frozenset(texts)) if texts is not None else Tag.UNKNOWN


def resolve_name(name: str, package: str | None) -> str:
    """``importlib.import_module``'s absolute name for ``name`` relative to ``package``; "" if invalid."""
    level = len(name) - len(name.lstrip("."))
    if not level:
        return name
    if not package:
        return ""
    bits = package.rsplit(".", level - 1)
    if len(bits) < level:
        return ""
    rest = name[level:]
    return f"{bits[0]}.{rest}" if rest else bits[0]
