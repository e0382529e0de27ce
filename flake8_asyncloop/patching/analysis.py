"""What one module binds when it is imported, read from its astroid tree without running it.

Only statements that run at import time count: the module body, including
``if``/``try``/``with``/``for``/``match`` blocks, but not the body of
``if TYPE_CHECKING:`` and not function bodies.  What functions bind later
(late imports, ``global`` assignments) is kept apart, because it is what the
messages explain.  Anything that can add names in ways a reader cannot see
(a module ``__getattr__``, writes through ``globals()``, ``setattr`` on the
module, ``exec``) marks the module dynamic, and nothing is reported about it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from astroid import MANAGER, nodes
from astroid.rebuilder import TreeRebuilder

from .finder import ModuleLocation

#: Binding kinds.
MODULE: Final = "module"  # ``import a.b as x``: the module a.b
FROM: Final = "from"  # ``from m import n``: attribute (or submodule) n of m
CLASS: Final = "class"
FUNCTION: Final = "function"
NONE: Final = "none"  # ``x = None``
ALIAS: Final = "alias"  # ``x = other.name``: whatever that dotted name is here
VALUE: Final = "value"  # anything else: it exists, its attributes are unknown

_SCOPES: Final = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef, nodes.Lambda)
_GLOBALS_CALLS: Final = frozenset({"globals", "vars", "locals"})


@dataclass(frozen=True)
class Binding:
    """One way a name gets bound at import time."""

    kind: str
    #: MODULE: the module's name; FROM: the absolute source module; ALIAS: the dotted expression.
    target: str = ""
    #: FROM: the imported name.
    name: str = ""
    node: Any = None


@dataclass(frozen=True)
class LateBinding:
    """A name bound only when a function runs: an import inside it, or a ``global`` assignment."""

    function: str
    #: For an import, the qualified name it reads (``app.core.database.AsyncSessionLocal``).
    source: str | None


@dataclass
class ModuleInfo:
    """The import-time namespace of one module."""

    name: str
    location: ModuleLocation
    tree: Any
    #: The module's source, to build the full tree when function bodies are needed.
    source: str = ""
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    #: Absolute names of star-imported modules; None for one that cannot be named.
    star_sources: list[str | None] = field(default_factory=list)
    #: ``__all__`` as literal strings; None if absent; ``dynamic_all`` if it is not literal.
    all_names: list[str] | None = None
    dynamic_all: bool = False
    #: Why names may appear that the source does not show, or "".
    dynamic: str = ""
    #: Modules imported at import time (absolute names), for submodule side effects.
    imported_modules: set[str] = field(default_factory=set)
    #: Names bound only under ``if TYPE_CHECKING:``.
    type_checking: set[str] = field(default_factory=set)
    #: ``Class.attr = ...`` at module level, and classes touched by ``setattr``.
    class_attrs: dict[str, set[str]] = field(default_factory=dict)
    open_classes: set[str] = field(default_factory=set)
    #: Class bodies read so far, by ``id`` of the ClassDef (the tree keeps them alive).
    class_bodies: dict[int, ModuleInfo] = field(default_factory=dict)
    _late: dict[str, list[LateBinding]] | None = None
    _assigned_late: dict[str, list[str]] | None = None

    @property
    def package(self) -> str:
        """The package relative imports start from."""
        return self.name if self.location.is_package else self.name.rpartition(".")[0]

    def absolute(self, module: str | None, level: int) -> str | None:
        """The absolute name of ``from <level dots><module> import``, or None above the top."""
        if not level:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
            return None
        base = parts[: len(parts) - (level - 1)]
        if module:
            base.append(module)
        return ".".join(base) or None

    def late_imports(self) -> dict[str, list[LateBinding]]:
        """Names some function imports for itself, by local name."""
        if self._late is None:
            self._scan_functions()
        assert self._late is not None
        return self._late

    def assigned_late(self) -> dict[str, list[str]]:
        """Module names a function assigns through ``global``: name -> functions."""
        if self._assigned_late is None:
            self._scan_functions()
        assert self._assigned_late is not None
        return self._assigned_late

    def _scan_functions(self) -> None:
        """Read what functions bind: needs their bodies, so the full tree is built (rarely: only
        when a name is missing)."""
        late: dict[str, list[LateBinding]] = {}
        assigned: dict[str, list[str]] = {}
        tree = build_tree(self.source, self.location, bodies=True) if self.source else self.tree
        for function in tree.nodes_of_class((nodes.FunctionDef, nodes.AsyncFunctionDef)):
            qualname = _qualname(function)
            globals_here = {n for g in _own_nodes(function, nodes.Global) for n in g.names}
            for node in _own_nodes(function, (nodes.Import, nodes.ImportFrom)):
                for local, source in self._import_names(node):
                    late.setdefault(local, []).append(LateBinding(qualname, source))
            for node in _own_nodes(function, nodes.AssignName):
                if node.name in globals_here:
                    assigned.setdefault(node.name, []).append(qualname)
        self._late, self._assigned_late = late, assigned

    def _import_names(self, node: Any) -> Iterator[tuple[str, str | None]]:
        if isinstance(node, nodes.Import):
            for name, asname in node.names:
                yield (asname or name.split(".")[0]), (name if asname else name.split(".")[0])
            return
        module = self.absolute(node.modname, node.level or 0)
        for name, asname in node.names:
            if name != "*":
                yield asname or name, (f"{module}.{name}" if module else None)


def _qualname(function: Any) -> str:
    parts = [function.name]
    parent = function.parent
    while parent is not None and not isinstance(parent, nodes.Module):
        if isinstance(parent, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef)):
            parts.append(parent.name)
        parent = parent.parent
    return ".".join(reversed(parts))


def _own_nodes(scope: Any, klass: Any) -> Iterator[Any]:
    """Nodes of ``klass`` in ``scope``'s body, not inside a nested function, class or lambda."""
    for child in scope.get_children():
        if child is getattr(scope, "args", None) or child is getattr(scope, "decorators", None):
            continue
        yield from _walk_own(child, klass)


def _walk_own(node: Any, klass: Any) -> Iterator[Any]:
    if isinstance(node, klass):
        yield node
    if isinstance(node, _SCOPES):
        return
    for child in node.get_children():
        yield from _walk_own(child, klass)


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


def is_type_checking(test: Any) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING`` (any module prefix)."""
    name = dotted(test)
    return name is not None and name.rsplit(".", 1)[-1] == "TYPE_CHECKING"


def build_tree(source: str, location: ModuleLocation, bodies: bool = False) -> Any:
    """Build the astroid tree of a module's source: no transforms, no inference, no imports.

    Function bodies do not run at import time, and they are most of a module:
    unless ``bodies`` is asked for, each is replaced by ``pass`` before astroid
    rebuilds the tree, which makes building several times cheaper.
    """
    assert location.path is not None
    tree = ast.parse(source, filename=location.path)
    if not bodies:
        _strip_function_bodies(tree.body)
    rebuilder = TreeRebuilder(MANAGER, data=source)
    return rebuilder.visit_module(tree, location.name, os.path.abspath(location.path), location.is_package)


def _strip_function_bodies(body: list[ast.stmt]) -> None:
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = statement.body[0]
            statement.body = [ast.Pass(lineno=first.lineno, col_offset=first.col_offset)]
            statement.args = _NO_ARGUMENTS  # annotations and defaults bind no module name
            statement.returns = None
            continue
        for block in _blocks(statement):
            _strip_function_bodies(block)


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


class _Collector:
    """Fills a ModuleInfo from the statements that run at import time."""

    def __init__(self, info: ModuleInfo) -> None:
        self.info = info

    def bind(self, name: str, binding: Binding) -> None:
        self.info.bindings.setdefault(name, []).append(binding)

    def run(self, body: list[Any], type_checking: bool = False) -> None:
        for statement in body:
            self.statement(statement, type_checking)

    def statement(self, node: Any, type_checking: bool) -> None:
        if type_checking:
            for name in _bound_names(node):
                self.info.type_checking.add(name)
            return
        handler = getattr(self, "on_" + type(node).__name__, None)
        if handler is not None:
            handler(node)
        else:
            self.expressions(node)
        if isinstance(node, nodes.If) and is_type_checking(node.test):
            self.run(node.body, type_checking=True)
            self.run(node.orelse)
            return
        if isinstance(node, nodes.If) and isinstance(node.test, nodes.UnaryOp) and is_type_checking(
            node.test.operand
        ):
            self.run(node.body)
            self.run(node.orelse, type_checking=True)
            return
        for attr in ("body", "orelse", "finalbody"):
            block = getattr(node, attr, None)
            if isinstance(block, list) and not isinstance(node, _SCOPES):
                self.run(block)
        for handler_node in getattr(node, "handlers", None) or ():
            self.run(handler_node.body)
        for case in getattr(node, "cases", None) or ():
            self.scan(case.pattern)
            self.run(case.body)

    def expressions(self, node: Any) -> None:
        """Scan a statement's own expressions (not its nested blocks) for bindings and dynamic writes."""
        for child in node.get_children():
            if child.is_statement or isinstance(child, (nodes.MatchCase, *_SCOPES)):
                continue
            self.scan(child)

    def scan(self, expression: Any) -> None:
        """Names bound inside an expression (walrus, for/with targets) and namespace writes."""
        for sub in _walk_own(expression, (nodes.AssignName, nodes.Call, nodes.AssignAttr)):
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
                self.info.open_classes.add(owner)
        elif isinstance(node.func, nodes.Attribute) and isinstance(node.func.expr, nodes.Call):
            inner = dotted(node.func.expr.func)
            if inner in _GLOBALS_CALLS and node.func.attrname in ("update", "setdefault", "__setitem__"):
                self.info.dynamic = f"writes through {inner}()"
        elif isinstance(node.func, nodes.Attribute) and dotted(node.func.expr) == "__all__":
            self.extend_all(node)

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
            self.info.imported_modules.add(name)
            if asname:
                self.bind(asname, Binding(MODULE, name, node=node))
            else:
                top = name.split(".")[0]
                self.bind(top, Binding(MODULE, top, node=node))

    def on_ImportFrom(self, node: Any) -> None:
        module = self.info.absolute(node.modname, node.level or 0)
        if module is None:
            for name, asname in node.names:
                if name == "*":
                    self.info.star_sources.append(None)
                else:
                    self.bind(asname or name, Binding(VALUE, node=node))
            return
        self.info.imported_modules.add(module)
        for name, asname in node.names:
            if name == "*":
                self.info.star_sources.append(module)
                continue
            self.info.imported_modules.add(f"{module}.{name}")
            self.bind(asname or name, Binding(FROM, module, name, node=node))

    def on_ClassDef(self, node: Any) -> None:
        self.bind(node.name, Binding(CLASS, node=node))

    def on_FunctionDef(self, node: Any) -> None:
        self.bind(node.name, Binding(FUNCTION, node=node))
        if node.name == "__getattr__":
            self.info.dynamic = "defines a module-level __getattr__"

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
            if name == "__getattr__":
                self.info.dynamic = "defines a module-level __getattr__"
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
    for sub in _walk_own(node, kinds):
        if isinstance(sub, nodes.AssignName):
            yield sub.name
        elif isinstance(sub, nodes.Import):
            yield from (asname or name.split(".")[0] for name, asname in sub.names)
        elif isinstance(sub, nodes.ImportFrom):
            yield from (asname or name for name, asname in sub.names if name != "*")
        else:
            yield sub.name


def analyse(name: str, location: ModuleLocation, tree: Any, source: str = "") -> ModuleInfo:
    """Collect the import-time namespace of a module from its tree."""
    info = ModuleInfo(name, location, tree, source)
    _Collector(info).run(tree.body)
    return info
