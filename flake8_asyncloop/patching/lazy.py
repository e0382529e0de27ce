"""What a PEP 562 module-level ``__getattr__`` gives for one name, read from its source.

Lazy packages dispatch on literal tables::

    _SUBMODULES = ("llm", "tools")
    _EXPORTS = {"Client": (".client", "Client")}

    def __getattr__(name):
        if name in _SUBMODULES:
            return importlib.import_module(f".{name}", __name__)
        if name in _EXPORTS:
            module_name, attribute = _EXPORTS[name]
            return getattr(importlib.import_module(module_name, __name__), attribute)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

The body is run in the head, for the one name asked about: tests of that name
against literal tables and strings, ``import_module`` of literals, of table
values or of f-strings of the name, ``getattr`` on what it imported, local
imports, ``globals()[name] = value`` caching, ``try`` blocks whose handlers
raise, and ``raise AttributeError``.  Anything else the path meets makes the
answer UNKNOWN, and the module stays as silent as one we cannot read.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from astroid import nodes

from .analysis import FROM, MODULE, VALUE, ModuleInfo
from .syntax import dotted, literal_strings

#: What ``__getattr__(name)`` does.
RAISES: Final = "raises"  # AttributeError: the name does not exist
IMPORTS_MODULE: Final = "module"  # returns the module ``module``
READS_ATTRIBUTE: Final = "attribute"  # returns ``getattr(module, attribute)``
EXISTS: Final = "exists"  # returns some object
UNKNOWN: Final = "unknown"


@dataclass(frozen=True)
class LazyAnswer:
    """What ``__getattr__`` does for one name, and what the path to that showed."""

    kind: str
    module: str = ""
    attribute: str = ""
    #: A from-import (``from .x import y``): a submodule ``y`` counts as well as an attribute.
    from_import: bool = False
    #: The name matched a literal table or string: a missing module is the table's fault.
    listed: bool = False
    #: An import failure on the way is turned into AttributeError by a ``try``.
    guarded: bool = False
    #: The value is stored in the module's globals (so ``delattr`` can delete it) — or may be.
    stored: bool = False


_UNKNOWN_ANSWER: Final = LazyAnswer(UNKNOWN)


class _Tag(enum.Enum):
    NONE = "None"
    IMPORT_MODULE = "import_module"
    GLOBALS = "globals()"
    OBJECT = "an object"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class _Str:
    text: str


@dataclass(frozen=True)
class _Strs:
    texts: tuple[str, ...]


@dataclass(frozen=True)
class _Module:
    name: str
    guarded: bool = False  # imported inside a ``try`` whose handlers raise AttributeError


@dataclass(frozen=True)
class _Attribute:
    module: str
    attribute: str
    from_import: bool = False
    guarded: bool = False


@dataclass(frozen=True)
class _Table:
    """A literal dict, list, tuple or set of strings; dict values where they are literal."""

    keys: frozenset[str]
    values: Mapping[str, Any] = field(default_factory=dict)


_Value = _Str | _Strs | _Module | _Attribute | _Table | _Tag


class LazyNames:
    """The reader of one module's ``__getattr__``; answers are cached by name."""

    def __init__(self, info: ModuleInfo) -> None:
        self._info = info
        functions = info.getattr_functions
        self._function = functions[0] if len(functions) == 1 and _parameter(functions[0]) else None
        self._answers: dict[str, LazyAnswer] = {}

    def answer(self, name: str) -> LazyAnswer:
        """What ``module.name`` gives when ``name`` is not bound in the module itself."""
        if self._function is None:
            return _UNKNOWN_ANSWER
        if name not in self._answers:
            self._answers[name] = _Interpreter(self._info, self._function, name).answer()
        return self._answers[name]

    def names(self) -> set[str]:
        """Every name the tables the function reads hold (for "did you mean")."""
        if self._function is None:
            return set()
        reader = _Interpreter(self._info, self._function, "")
        found: set[str] = set()
        for node in self._function.nodes_of_class(nodes.Name):
            table = reader.module_name(node.name)
            if isinstance(table, _Table):
                found |= table.keys
        return found


def lazy_names(info: ModuleInfo) -> LazyNames | None:
    """The module's ``__getattr__`` reader, or None when it defines none."""
    if not info.getattr_functions:
        return None
    if info.lazy is None:
        info.lazy = LazyNames(info)
    reader: LazyNames = info.lazy
    return reader


def _parameter(function: Any) -> str:
    arguments = [*(function.args.posonlyargs or ()), *(function.args.args or ())]
    return str(arguments[0].name) if len(arguments) == 1 else ""


class _Interpreter:
    """Runs ``__getattr__``'s body for one name, on values a reader can know."""

    def __init__(self, info: ModuleInfo, function: Any, name: str) -> None:
        self.info = info
        self.function = function
        self.name = name
        self.parameter = _parameter(function)
        self.env: dict[str, _Value] = {}
        self.listed = False
        self.guarded = 0
        self.stored = False
        self.stored_value: _Value = _Tag.UNKNOWN

    def answer(self) -> LazyAnswer:
        try:
            result = self.run(self.function.body)
        except RecursionError:
            return _UNKNOWN_ANSWER
        return result if result is not None else self.returns(_Tag.NONE)

    def run(self, body: list[Any]) -> LazyAnswer | None:
        for statement in body:
            result = self.statement(statement)
            if result is not None:
                return result
        return None

    # -- statements --------------------------------------------------------------

    def statement(self, node: Any) -> LazyAnswer | None:
        if isinstance(node, (nodes.Pass, nodes.Global, nodes.Nonlocal)):
            return None
        if isinstance(node, nodes.Expr):
            if not isinstance(node.value, nodes.Const):
                self.stored = True  # a call may cache the value anywhere: delattr may work
            return None
        if isinstance(node, nodes.If):
            test = self.truth(node.test)
            if test is None:
                return _UNKNOWN_ANSWER
            return self.run(node.body if test else node.orelse)
        if isinstance(node, nodes.Return):
            return self.returns(self.value(node.value) if node.value is not None else _Tag.NONE)
        if isinstance(node, nodes.Raise):
            return self.raises(node)
        if isinstance(node, (nodes.Assign, nodes.AnnAssign)):
            return self.assign(node)
        if isinstance(node, (nodes.Import, nodes.ImportFrom)):
            self.imports(node)
            return None
        if isinstance(node, nodes.Try):
            return self.try_block(node)
        return _UNKNOWN_ANSWER

    def returns(self, value: _Value) -> LazyAnswer:
        if isinstance(value, _Module):
            return LazyAnswer(IMPORTS_MODULE, value.name, "", False, self.listed, value.guarded, self.stored)
        if isinstance(value, _Attribute):
            return LazyAnswer(
                READS_ATTRIBUTE, value.module, value.attribute, value.from_import, self.listed, value.guarded,
                self.stored,
            )
        if value is _Tag.UNKNOWN:
            return _UNKNOWN_ANSWER
        return LazyAnswer(EXISTS, listed=self.listed, stored=self.stored)

    def raises(self, node: Any) -> LazyAnswer:
        exception = node.exc.func if isinstance(node.exc, nodes.Call) else node.exc
        if isinstance(exception, nodes.Name) and exception.name == "AttributeError":
            return LazyAnswer(RAISES, listed=self.listed)
        return _UNKNOWN_ANSWER

    def assign(self, node: Any) -> LazyAnswer | None:
        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        if node.value is None or len(targets) != 1:
            return _UNKNOWN_ANSWER if node.value is not None else None
        value, target = self.value(node.value), targets[0]
        if isinstance(target, nodes.AssignName):
            self.env[target.name] = value
        elif isinstance(target, (nodes.Tuple, nodes.List)):
            texts = value.texts if isinstance(value, _Strs) else ()
            for index, element in enumerate(target.elts):
                if not isinstance(element, nodes.AssignName):
                    return _UNKNOWN_ANSWER
                known = len(texts) == len(target.elts)
                self.env[element.name] = _Str(texts[index]) if known else _Tag.UNKNOWN
        elif isinstance(target, nodes.Subscript) and self.value(target.value) is _Tag.GLOBALS:
            self.stored, self.stored_value = True, value
        elif isinstance(target, nodes.Subscript) and isinstance(target.value, nodes.Name):
            pass  # a cache of the function's own (``_cache[name] = value``)
        else:
            return _UNKNOWN_ANSWER
        return None

    def imports(self, node: Any) -> None:
        if isinstance(node, nodes.Import):
            for module, alias in node.names:
                self.env[alias or module.split(".")[0]] = _Module(module if alias else module.split(".")[0])
            return
        module = self.info.absolute(node.modname, node.level or 0)
        for imported, alias in node.names:
            local = alias or imported
            if module is None or imported == "*":
                self.env[local] = _Tag.UNKNOWN
            elif module == "importlib" and imported == "import_module":
                self.env[local] = _Tag.IMPORT_MODULE
            else:
                self.env[local] = _Attribute(module, imported, from_import=True)

    def try_block(self, node: Any) -> LazyAnswer | None:
        """A ``try`` whose handlers only raise AttributeError: an import failure in it is one too."""
        if node.finalbody or not all(self.handler_raises(handler.body) for handler in node.handlers):
            return _UNKNOWN_ANSWER
        self.guarded += 1
        result = self.run(node.body)
        self.guarded -= 1
        return result if result is not None else self.run(node.orelse)

    def handler_raises(self, body: list[Any]) -> bool:
        return len(body) == 1 and isinstance(body[0], nodes.Raise) and self.raises(body[0]).kind == RAISES

    # -- conditions -----------------------------------------------------------------

    def truth(self, test: Any) -> bool | None:
        """The value of an ``if`` test for this name; None when it cannot be known."""
        if isinstance(test, nodes.UnaryOp) and test.op == "not":
            inner = self.truth(test.operand)
            return None if inner is None else not inner
        if isinstance(test, nodes.BoolOp):
            values = [self.truth(value) for value in test.values]
            decisive: bool = test.op == "or"
            if decisive in values:
                return decisive
            return None if None in values else not decisive
        if isinstance(test, nodes.Compare) and len(test.ops) == 1:
            operator, right = test.ops[0]
            return self.compare(test.left, operator, right)
        if isinstance(test, nodes.Call):
            return self.string_method(test)
        return _truth_of(self.value(test))

    def compare(self, left: Any, operator: str, right: Any) -> bool | None:
        if operator in ("in", "not in"):
            contained = self.contains(left, right)
            return None if contained is None else contained == (operator == "in")
        if operator in ("==", "!="):
            first, second = self.value(left), self.value(right)
            if not (isinstance(first, _Str) and isinstance(second, _Str)):
                return None
            same = first.text == second.text
            self.listed = self.listed or same
            return same == (operator == "==")
        if operator in ("is", "is not") and isinstance(right, nodes.Const) and right.value is None:
            value = self.value(left)
            if value is _Tag.UNKNOWN or value is _Tag.OBJECT:
                return None
            return (value is _Tag.NONE) == (operator == "is")
        return None

    def contains(self, left: Any, right: Any) -> bool | None:
        container = self.value(right)
        if container is _Tag.GLOBALS:  # __getattr__ runs only for names the module does not hold
            return False if _is_name(left, self.parameter) else None
        key = self.value(left)
        if not isinstance(container, _Table) or not isinstance(key, _Str):
            return None
        inside = key.text in container.keys
        self.listed = self.listed or inside
        return inside

    def string_method(self, call: Any) -> bool | None:
        func = call.func
        if not isinstance(func, nodes.Attribute) or func.attrname not in ("startswith", "endswith"):
            return _truth_of(self.value(call))
        text, argument = self.value(func.expr), [self.value(a) for a in call.args]
        if not isinstance(text, _Str) or len(argument) != 1:
            return None
        prefixes = argument[0].texts if isinstance(argument[0], _Strs) else None
        if isinstance(argument[0], _Str):
            prefixes = (argument[0].text,)
        if prefixes is None:
            return None
        check = text.text.startswith if func.attrname == "startswith" else text.text.endswith
        return check(prefixes)

    # -- expressions ------------------------------------------------------------------

    def value(self, node: Any) -> _Value:
        if isinstance(node, nodes.Const):
            if node.value is None:
                return _Tag.NONE
            return _Str(node.value) if isinstance(node.value, str) else _Tag.OBJECT
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
            if isinstance(first, _Str) and isinstance(second, _Str):
                return _Str(first.text + second.text)
            return _Tag.UNKNOWN
        if isinstance(node, (nodes.List, nodes.Tuple, nodes.Set)):
            texts = literal_strings(node)
            return _Table(frozenset(texts)) if texts is not None else _Tag.UNKNOWN
        return _Tag.UNKNOWN

    def name_value(self, name: str) -> _Value:
        if name == self.parameter:
            return _Str(self.name)
        if name in self.env:
            return self.env[name]
        return self.module_name(name)

    def module_name(self, name: str) -> _Value:
        """A module-level name: ``__name__``, an import of importlib, or a literal table."""
        if name == "__name__":
            return _Str(self.info.name)
        if name == "__package__":
            return _Str(self.info.package)
        if name == "__all__" and self.info.all_names is not None and not self.info.dynamic_all:
            return _Table(frozenset(self.info.all_names))
        bindings = self.info.bindings.get(name, [])
        if len(bindings) != 1:
            return _Tag.UNKNOWN
        binding = bindings[0]
        if binding.kind == MODULE:
            return _Module(binding.target)
        if binding.kind == FROM and (binding.target, binding.name) == ("importlib", "import_module"):
            return _Tag.IMPORT_MODULE
        if binding.kind == VALUE and name not in self.info.mutated:
            return _literal_table(binding.node)
        return _Tag.UNKNOWN

    def attribute_value(self, node: Any) -> _Value:
        if dotted(node) in ("__spec__.parent", "__spec__.name"):
            return _Str(self.info.package if node.attrname == "parent" else self.info.name)
        owner = self.value(node.expr)
        if isinstance(owner, _Module):
            if owner.name == "importlib" and node.attrname == "import_module":
                return _Tag.IMPORT_MODULE
            return _Attribute(owner.name, node.attrname, guarded=owner.guarded)
        return _Tag.UNKNOWN

    def call_value(self, node: Any) -> _Value:
        func = node.func
        if isinstance(func, nodes.Name) and func.name not in self.env and func.name not in self.info.bindings:
            if func.name == "globals" and not node.args:
                return _Tag.GLOBALS
            if func.name == "getattr" and len(node.args) == 2:
                return self.getattr_value(node.args)
        if isinstance(func, nodes.Attribute):
            owner = self.value(func.expr)
            if isinstance(owner, _Table) and func.attrname in ("get", "keys"):
                return self.table_method(owner, func.attrname, node.args)
        if self.value(func) is _Tag.IMPORT_MODULE:
            return self.import_module(node.args, node.keywords)
        return _Tag.UNKNOWN

    def getattr_value(self, arguments: list[Any]) -> _Value:
        owner, attribute = self.value(arguments[0]), self.value(arguments[1])
        if isinstance(owner, _Module) and isinstance(attribute, _Str):
            return _Attribute(owner.name, attribute.text, guarded=owner.guarded)
        return _Tag.UNKNOWN

    def table_method(self, table: _Table, method: str, arguments: list[Any]) -> _Value:
        if method == "keys":
            return table if not arguments else _Tag.UNKNOWN
        key = self.value(arguments[0]) if arguments else _Tag.UNKNOWN
        if not isinstance(key, _Str) or len(arguments) > 2:
            return _Tag.UNKNOWN
        if key.text in table.keys:
            self.listed = True
            return _entry(table, key.text)
        return self.value(arguments[1]) if len(arguments) == 2 else _Tag.NONE

    def subscript_value(self, node: Any) -> _Value:
        container, key = self.value(node.value), self.value(node.slice)
        if container is _Tag.GLOBALS:
            return self.stored_value if self.stored else _Tag.UNKNOWN
        if isinstance(container, _Table) and isinstance(key, _Str) and key.text in container.keys:
            self.listed = True
            return _entry(container, key.text)
        return _Tag.UNKNOWN  # a KeyError, or a table we cannot read

    def import_module(self, arguments: list[Any], keywords: list[Any] | None) -> _Value:
        values = [self.value(argument) for argument in arguments]
        values += [self.value(k.value) for k in keywords or () if k.arg == "package"]
        if not values or len(values) > 2 or not all(isinstance(v, _Str) for v in values):
            return _Tag.UNKNOWN
        texts = [v.text for v in values if isinstance(v, _Str)]
        module = _resolve_name(texts[0], texts[1] if len(texts) == 2 else None)
        return _Module(module, self.guarded > 0) if module else _Tag.UNKNOWN

    def joined(self, node: Any) -> _Value:
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, nodes.FormattedValue):
                if part.format_spec is not None or part.conversion not in (-1, None):
                    return _Tag.UNKNOWN
                part = part.value
            value = self.value(part)
            if not isinstance(value, _Str):
                return _Tag.UNKNOWN
            parts.append(value.text)
        return _Str("".join(parts))


def _is_name(node: Any, name: str) -> bool:
    return isinstance(node, nodes.Name) and node.name == name


def _truth_of(value: _Value) -> bool | None:
    if isinstance(value, _Str):
        return bool(value.text)
    if value is _Tag.NONE:
        return False
    if isinstance(value, (_Module, _Attribute)):
        return True
    return None


def _entry(table: _Table, key: str) -> _Value:
    value = table.values.get(key)
    if isinstance(value, nodes.Const) and isinstance(value.value, str):
        return _Str(value.value)
    if isinstance(value, nodes.Const) and value.value is None:
        return _Tag.NONE
    if isinstance(value, nodes.Tuple):
        texts = literal_strings(value)
        return _Strs(tuple(texts)) if texts is not None else _Tag.OBJECT
    return _Tag.OBJECT


def _literal_table(target: Any) -> _Value:
    """The literal a module-level name is assigned once: a dict with string keys, or strings."""
    statement = getattr(target, "parent", None)
    if not isinstance(statement, (nodes.Assign, nodes.AnnAssign)) or statement.value is None:
        return _Tag.UNKNOWN
    if isinstance(statement, nodes.Assign) and statement.targets != [target]:
        return _Tag.UNKNOWN
    value = statement.value
    if isinstance(value, nodes.Call) and dotted(value.func) in ("frozenset", "set", "tuple", "list"):
        value = value.args[0] if len(value.args) == 1 and not value.keywords else None
    if isinstance(value, nodes.Dict):
        keys = [k.value for k, _ in value.items if isinstance(k, nodes.Const) and isinstance(k.value, str)]
        if len(keys) != len(value.items):
            return _Tag.UNKNOWN
        return _Table(frozenset(keys), {k.value: v for k, v in value.items})
    texts = literal_strings(value)
    return _Table(frozenset(texts)) if texts is not None else _Tag.UNKNOWN


def _resolve_name(name: str, package: str | None) -> str:
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
