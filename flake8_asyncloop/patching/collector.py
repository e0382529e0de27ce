"""Read a module's import-time namespace from its astroid tree: the runtime shape, not the text.

Only statements that run at import time count: the module body, including
``if``/``try``/``with``/``for``/``match`` blocks, but not function bodies and
not a block that never runs: ``if TYPE_CHECKING:`` (whatever the name was
imported as, ``typing.`` too); its ``else:`` does run.
Anything that can add names in ways a reader cannot see (writes through
``globals()``, ``setattr`` on the module, ``exec``, a ``__getattr__`` assigned
rather than defined) marks the module dynamic, and nothing is reported about
it.  A module-level ``def __getattr__`` is kept for ``lazy`` to read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from astroid import nodes

from ..records import EMPTY
from .analysis import ALIAS, CLASS, FROM, FUNCTION, MODULE, NONE, VALUE, Binding, ModuleNamespace
from .syntax import MODULE_GETATTR, SCOPES, dotted, walk_own

_GLOBALS_CALLS: Final = frozenset({"globals", "vars", "locals"})
_TYPE_CHECKING: Final = "TYPE_CHECKING"
#: Methods that change a list, dict or set in place.
_MUTATORS: Final = frozenset({
    "update", "setdefault", "pop", "popitem", "clear", "add", "discard", "append", "extend",
    "insert", "remove", "__setitem__", "__delitem__", "__ior__",
})


def analyse(name: str, location: Any, tree: Any, source: str = "") -> ModuleNamespace:
    """Collect the import-time namespace of a module (or of a class body) from its tree."""
    info = ModuleNamespace(name, location, tree, source)
    collector = _Collector(info, module_level=isinstance(tree, nodes.Module))
    collector.run(tree.body)
    collector.finish()
    return info


class _Collector:
    """Fills a ModuleNamespace from the statements that run at import time."""

    def __init__(self, info: ModuleNamespace, module_level: bool) -> None:
        self.info = info
        self.module_level = module_level
        #: Local names of ``TYPE_CHECKING`` (``from typing import TYPE_CHECKING as TC``).
        self.type_checking_names = {_TYPE_CHECKING}
        #: The namespace's sets while they are filled (``finish`` hands them over, read-only).
        self.type_checking: set[str] = set()
        self.mutated: set[str] = set()
        self.open_classes: set[str] = set()
        self.imported_modules: set[str] = set()

    def finish(self) -> None:
        """Give the namespace its sets, read-only; most are empty and share one empty set (a set
        costs 216 bytes, and a run keeps every module's namespace)."""
        info = self.info
        info.type_checking = frozenset(self.type_checking) if self.type_checking else EMPTY
        info.mutated = frozenset(self.mutated) if self.mutated else EMPTY
        info.open_classes = frozenset(self.open_classes) if self.open_classes else EMPTY
        info.imported_modules = frozenset(self.imported_modules) if self.imported_modules else EMPTY

    def bind(self, name: str, binding: Binding) -> None:
        self.info.bindings.setdefault(name, []).append(binding)

    def run(self, body: list[Any], type_checking: bool = False) -> None:
        for statement in body:
            self.statement(statement, type_checking)

    def statement(self, node: Any, type_checking: bool) -> None:
        if type_checking:
            for name in _bound_names(node):
                self.type_checking.add(name)
            return
        handler = getattr(self, "on_" + type(node).__name__, None)
        if handler is not None:
            handler(node)
        else:
            self.expressions(node)
        if isinstance(node, nodes.If):
            runs = self.runs(node.test)
            self.run(node.body, type_checking=runs is False)
            self.run(node.orelse, type_checking=runs is True)
            return
        for attr in ("body", "orelse", "finalbody"):
            block = getattr(node, attr, None)
            if isinstance(block, list) and not isinstance(node, SCOPES):
                self.run(block)
        for handler_node in getattr(node, "handlers", None) or ():
            self.run(handler_node.body)
        for case in getattr(node, "cases", None) or ():
            self.scan(case.pattern)
            self.run(case.body)

    def runs(self, test: Any) -> bool | None:
        """Whether an ``if`` body runs at import time: False for ``TYPE_CHECKING`` (also ``and``-ed
        with anything), True for its negation, None when it depends on the run."""
        if isinstance(test, nodes.UnaryOp) and test.op == "not":
            inner = self.runs(test.operand)
            return None if inner is None else not inner
        if isinstance(test, nodes.BoolOp) and test.op == "and":
            return False if any(self.runs(value) is False for value in test.values) else None
        name = dotted(test)
        if name is None:
            return None
        last = name.rsplit(".", 1)[-1]
        return False if last == _TYPE_CHECKING or name in self.type_checking_names else None

    def expressions(self, node: Any) -> None:
        """Scan a statement's own expressions (not its nested blocks) for bindings and dynamic writes."""
        for child in node.get_children():
            if child.is_statement or isinstance(child, (nodes.MatchCase, *SCOPES)):
                continue
            self.scan(child)

    def scan(self, expression: Any) -> None:
        """Names bound inside an expression (walrus, for/with targets) and namespace writes."""
        for sub in walk_own(expression, (nodes.AssignName, nodes.Call, nodes.AssignAttr)):
            if isinstance(sub, nodes.AssignName):
                self.bind(sub.name, Binding(VALUE, node=sub))
            elif isinstance(sub, nodes.Call):
                self.call(sub)
            else:
                self.assign_attr(sub)

    def assign_attr(self, node: Any) -> None:
        owner = dotted(node.expr)
        if owner is not None and owner.startswith("sys.modules"):
            self.info.dynamic = "assigns attributes through sys.modules"
        elif owner is not None and "." not in owner:
            self.info.class_attrs.setdefault(owner, set()).add(node.attrname)
        elif isinstance(node.expr, nodes.Subscript) and dotted(node.expr.value) == "sys.modules":
            self.info.dynamic = "assigns attributes through sys.modules"

    def call(self, node: Any) -> None:
        name = dotted(node.func)
        if name == "exec":
            self.info.dynamic = "calls exec()"
        elif name in ("setattr", "delattr") and node.args:
            target = node.args[0]
            owner = dotted(target)
            text = target.as_string()
            if "sys.modules" in text or owner in ("self", "module", "this", "_module", "_this"):
                self.info.dynamic = "calls setattr() on the module"
            elif owner is not None and "." not in owner:
                self.open_classes.add(owner)
        elif isinstance(node.func, nodes.Attribute) and isinstance(node.func.expr, nodes.Call):
            inner = dotted(node.func.expr.func)
            if inner in _GLOBALS_CALLS and node.func.attrname in ("update", "setdefault", "__setitem__"):
                self.info.dynamic = f"writes through {inner}()"
        elif isinstance(node.func, nodes.Attribute) and dotted(node.func.expr) == "__all__":
            self.extend_all(node)
        elif isinstance(node.func, nodes.Attribute) and isinstance(node.func.expr, nodes.Name):
            if node.func.attrname in _MUTATORS:
                self.mutated.add(node.func.expr.name)

    def store_target(self, target: Any) -> None:
        """A non-name assignment target: ``Class.attr =``, ``globals()[k] =``, ``sys.modules[k] =``."""
        if isinstance(target, nodes.AssignAttr):
            self.scan(target.expr)
            self.assign_attr(target)
        elif isinstance(target, nodes.Subscript):
            self.scan(target)
            value = target.value
            if isinstance(value, nodes.Call) and dotted(value.func) in _GLOBALS_CALLS:
                self.info.dynamic = f"writes through {dotted(value.func)}()"
            elif dotted(value) == "sys.modules":
                self.info.dynamic = "replaces a module in sys.modules"
            elif isinstance(value, nodes.Name):
                self.mutated.add(value.name)
        elif isinstance(target, nodes.Starred):
            self.store_target(target.value)

    def extend_all(self, node: Any) -> None:
        method = node.func.attrname
        if method == "append" and len(node.args) == 1:
            self.add_all([node.args[0]])
        elif method == "extend" and len(node.args) == 1:
            self.add_all(_literal_items(node.args[0]))
        elif method not in ("remove", "sort", "index", "count"):
            self.info.dynamic_all = True

    def add_all(self, items: list[Any] | None) -> None:
        if items is None or self.info.all_names is None:
            self.info.dynamic_all = True
            return
        for item in items:
            if isinstance(item, nodes.Const) and isinstance(item.value, str):
                self.info.all_names.append(item.value)
            else:
                self.info.dynamic_all = True

    # -- statements -------------------------------------------------------

    def on_Import(self, node: Any) -> None:
        for name, asname in node.names:
            self.imported_modules.add(name)
            if asname:
                self.bind(asname, Binding(MODULE, name, node=node))
            else:
                top = name.split(".")[0]
                self.bind(top, Binding(MODULE, top, node=node))

    def on_ImportFrom(self, node: Any) -> None:
        for name, asname in node.names:
            if name == _TYPE_CHECKING:
                self.type_checking_names.add(asname or name)
        module = self.info.absolute(node.modname, node.level or 0)
        if module is None:
            for name, asname in node.names:
                if name == "*":
                    self.info.star_sources.append(None)
                else:
                    self.bind(asname or name, Binding(VALUE, node=node))
            return
        self.imported_modules.add(module)
        for name, asname in node.names:
            if name == "*":
                self.info.star_sources.append(module)
                continue
            self.imported_modules.add(f"{module}.{name}")
            self.bind(asname or name, Binding(FROM, module, name, node=node))

    def on_ClassDef(self, node: Any) -> None:
        self.bind(node.name, Binding(CLASS, node=node))

    def on_FunctionDef(self, node: Any) -> None:
        self.bind(node.name, Binding(FUNCTION, node=node))
        if node.name == MODULE_GETATTR:
            if self.module_level:
                self.info.getattr_functions.append(node)
            else:
                self.info.dynamic = "defines __getattr__"

    on_AsyncFunctionDef = on_FunctionDef

    def on_Assign(self, node: Any) -> None:
        self.scan(node.value)
        for target in node.targets:
            self.assign_target(target, node.value)

    def on_AnnAssign(self, node: Any) -> None:
        if node.value is not None:
            self.scan(node.value)
            self.assign_target(node.target, node.value)
        else:
            self.store_target(node.target)

    def on_AugAssign(self, node: Any) -> None:
        self.scan(node.value)
        if isinstance(node.target, nodes.AssignName):
            if node.target.name == "__all__":
                self.add_all(_literal_items(node.value))
            self.bind(node.target.name, Binding(VALUE, node=node.target))
        else:
            self.store_target(node.target)

    def assign_target(self, target: Any, value: Any) -> None:
        if isinstance(target, nodes.AssignName):
            name = target.name
            if name == "__all__":
                items = _literal_items(value)
                self.info.all_names = [] if items is not None else None
                self.info.dynamic_all = items is None
                self.add_all(items)
            if name == MODULE_GETATTR:
                self.info.dynamic = "assigns a module-level __getattr__"
            self.bind(name, _value_binding(value, target))
        elif isinstance(target, (nodes.Tuple, nodes.List)):
            for element in target.elts:
                inner = element.value if isinstance(element, nodes.Starred) else element
                self.assign_target(inner, None)
        else:
            self.store_target(target)

    def on_Global(self, node: Any) -> None:
        """``global`` at module level has no effect."""


def _value_binding(value: Any, target: Any) -> Binding:
    if isinstance(value, nodes.Const) and value.value is None:
        return Binding(NONE, node=target)
    name = dotted(value) if value is not None else None
    if name is not None:
        return Binding(ALIAS, name, node=target)
    return Binding(VALUE, node=target)


def _literal_items(node: Any) -> list[Any] | None:
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return list(node.elts)
    return None


def _bound_names(node: Any) -> Iterator[str]:
    """Every name a statement (and the blocks inside it) would bind."""
    kinds = (nodes.AssignName, nodes.Import, nodes.ImportFrom, nodes.ClassDef, nodes.FunctionDef,
             nodes.AsyncFunctionDef)
    for sub in walk_own(node, kinds):
        if isinstance(sub, nodes.AssignName):
            yield sub.name
        elif isinstance(sub, nodes.Import):
            yield from (asname or name.split(".")[0] for name, asname in sub.names)
        elif isinstance(sub, nodes.ImportFrom):
            yield from (asname or name for name, asname in sub.names if name != "*")
        else:
            yield sub.name
