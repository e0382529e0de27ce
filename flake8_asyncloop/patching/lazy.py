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

from typing import Any, Final

from astroid import nodes

from ..records import record
from .analysis import ModuleNamespace
from .lazy_values import (
    IMPORT_ERRORS, KEY_ERRORS, AttributeRef, Evaluator, Items, KeyMissing, ModuleRef, Str, Table, Tag, Value,
    catches, is_name, truth_of,
)

#: What ``__getattr__(name)`` does.
RAISES: Final = "raises"  # AttributeError: the name does not exist
IMPORTS_MODULE: Final = "module"  # returns the module ``module``
READS_ATTRIBUTE: Final = "attribute"  # returns ``getattr(module, attribute)``
EXISTS: Final = "exists"  # returns some object
UNKNOWN: Final = "unknown"


@record
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


class LazyNames:
    """The reader of one module's ``__getattr__``; answers are cached by name."""

    def __init__(self, info: ModuleNamespace) -> None:
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
        reader = Evaluator(self._info, _parameter(self._function), "")
        found: set[str] = set()
        for node in self._function.nodes_of_class(nodes.Name):
            table = reader.module_name(node.name)
            if isinstance(table, Table):
                found |= table.keys
        return found


def lazy_names(info: ModuleNamespace) -> LazyNames | None:
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


class _Interpreter(Evaluator):
    """Runs ``__getattr__``'s body for one name, on values a reader can know."""

    def __init__(self, info: ModuleNamespace, function: Any, name: str) -> None:
        super().__init__(info, _parameter(function), name)
        self.function = function

    def answer(self) -> LazyAnswer:
        try:
            result = self.run(self.function.body)
        except (RecursionError, KeyMissing):  # a KeyError escaping __getattr__ is no AttributeError
            return _UNKNOWN_ANSWER
        return result if result is not None else self.returns(Tag.NONE)

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
            return self.returns(self.value(node.value) if node.value is not None else Tag.NONE)
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

    def returns(self, value: Value) -> LazyAnswer:
        if isinstance(value, ModuleRef):
            return LazyAnswer(IMPORTS_MODULE, value.name, "", False, self.listed, value.guarded, self.stored)
        if isinstance(value, AttributeRef):
            return LazyAnswer(
                READS_ATTRIBUTE, value.module, value.attribute, value.from_import, self.listed, value.guarded,
                self.stored,
            )
        if value is Tag.UNKNOWN:
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
            items = value.items if isinstance(value, Items) else ()
            for index, element in enumerate(target.elts):
                if not isinstance(element, nodes.AssignName):
                    return _UNKNOWN_ANSWER
                known = len(items) == len(target.elts)
                self.env[element.name] = items[index] if known else Tag.UNKNOWN
        elif isinstance(target, nodes.Subscript) and self.value(target.value) is Tag.GLOBALS:
            self.stored, self.stored_value = True, value
        elif isinstance(target, nodes.Subscript) and isinstance(target.value, nodes.Name):
            pass  # a cache of the function's own (``_cache[name] = value``)
        else:
            return _UNKNOWN_ANSWER
        return None

    def imports(self, node: Any) -> None:
        if isinstance(node, nodes.Import):
            for module, alias in node.names:
                self.env[alias or module.split(".")[0]] = ModuleRef(module if alias else module.split(".")[0])
            return
        module = self.info.absolute(node.modname, node.level or 0)
        for imported, alias in node.names:
            local = alias or imported
            if module is None or imported == "*":
                self.env[local] = Tag.UNKNOWN
            elif module == "importlib" and imported == "import_module":
                self.env[local] = Tag.IMPORT_MODULE
            else:
                self.env[local] = AttributeRef(module, imported, from_import=True)

    def try_block(self, node: Any) -> LazyAnswer | None:
        """A ``try`` whose handlers only raise AttributeError: what they catch becomes one."""
        if node.finalbody or not all(self.handler_raises(handler.body) for handler in node.handlers):
            return _UNKNOWN_ANSWER
        catches_import = any(catches(handler, IMPORT_ERRORS) for handler in node.handlers)
        self.guarded += catches_import
        try:
            result = self.run(node.body)
        except KeyMissing:
            if not any(catches(handler, KEY_ERRORS) for handler in node.handlers):
                raise
            return LazyAnswer(RAISES, listed=self.listed)
        finally:
            self.guarded -= catches_import
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
        return truth_of(self.value(test))

    def compare(self, left: Any, operator: str, right: Any) -> bool | None:
        if operator in ("in", "not in"):
            contained = self.contains(left, right)
            return None if contained is None else contained == (operator == "in")
        if operator in ("==", "!="):
            first, second = self.value(left), self.value(right)
            if not (isinstance(first, Str) and isinstance(second, Str)):
                return None
            same = first.text == second.text
            self.listed = self.listed or same
            return same == (operator == "==")
        if operator in ("is", "is not") and isinstance(right, nodes.Const) and right.value is None:
            value = self.value(left)
            if value is Tag.UNKNOWN or value is Tag.OBJECT:
                return None
            return (value is Tag.NONE) == (operator == "is")
        return None

    def contains(self, left: Any, right: Any) -> bool | None:
        container = self.value(right)
        if container is Tag.GLOBALS:  # __getattr__ runs only for names the module does not hold
            return False if is_name(left, self.parameter) else None
        key = self.value(left)
        if not isinstance(container, Table) or not isinstance(key, Str):
            return None
        inside = key.text in container.keys
        self.listed = self.listed or inside
        return inside

    def string_method(self, call: Any) -> bool | None:
        func = call.func
        if not isinstance(func, nodes.Attribute) or func.attrname not in ("startswith", "endswith"):
            return truth_of(self.value(call))
        text, argument = self.value(func.expr), [self.value(a) for a in call.args]
        if not isinstance(text, Str) or len(argument) != 1:
            return None
        prefixes = tuple(argument[0].keys) if isinstance(argument[0], Table) else None
        if isinstance(argument[0], Str):
            prefixes = (argument[0].text,)
        if prefixes is None:
            return None
        check = text.text.startswith if func.attrname == "startswith" else text.text.endswith
        return check(prefixes)
