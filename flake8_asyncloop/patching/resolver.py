"""Resolve a patch target the way ``mock.patch`` and ``monkeypatch`` would, without importing.

The runtime imports the longest module prefix of the target, then reads the
rest as attributes (``pkgutil.resolve_name`` in ``unittest.mock`` on 3.11+;
getattr first and import on failure in the ``mock`` backport, 3.10 and
``monkeypatch`` -- the two agree except where a package binds a name that is
also one of its submodules, which stays silent here).  The final attribute is
only read: a submodule counts there only if something imported it.

Every lookup can have several answers (a name bound in both branches of an
``if``); a target is reported only when no answer exists and none is unknown.
"""

from __future__ import annotations

import abc
import builtins
import dataclasses
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from astroid import nodes

from . import analysis
from .analysis import ALIAS, CLASS, FROM, FUNCTION, MODULE, NONE, Binding, ModuleInfo
from .finder import COMPILED, NAMESPACE, ModuleFinder, ModuleLocation
from .targets import MOCK, PatchTarget

BUILTIN_NAMES: Final = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_ABC_META_NAMES: Final = frozenset(dir(abc.ABCMeta))

#: Problem kinds, each a message key of the rule.
LATE_IMPORT: Final = "late-import"
LATE_ASSIGNMENT: Final = "late-assignment"
TYPE_CHECKING_ONLY: Final = "type-checking"
MISSING_ATTRIBUTE: Final = "missing-attribute"
MISSING_CLASS_ATTRIBUTE: Final = "missing-class-attribute"
MISSING_MODULE: Final = "missing-module"
NONE_PLACEHOLDER: Final = "none-placeholder"
SUBMODULE_NOT_IMPORTED: Final = "submodule-not-imported"
INHERITED_DELETE: Final = "inherited-delete"


@dataclass(frozen=True)
class Problem:
    """Why a target does not exist: a message key and the words that fill it."""

    kind: str
    owner: str
    name: str
    function: str = ""
    suggestion: str = ""
    detail: str = ""
    #: Found while resolving the path before the patched attribute (the runtimes word that differently).
    in_path: bool = False


# -- values a dotted path can lead to ----------------------------------------


@dataclass(frozen=True)
class ModuleValue:
    location: ModuleLocation


@dataclass(frozen=True)
class ClassValue:
    info: ModuleInfo = field(compare=False)
    node: Any = field(compare=False)
    qualname: str = ""


@dataclass(frozen=True)
class NoneValue:
    info: ModuleInfo = field(compare=False)
    name: str = ""


class _Opaque:
    """Something that exists but whose attributes cannot be known."""


OPAQUE: Final = _Opaque()
Value = ModuleValue | ClassValue | NoneValue | _Opaque


@dataclass
class Lookup:
    """The answers of one lookup step."""

    values: list[Value] = field(default_factory=list)
    unknown: bool = False
    problems: list[Problem] = field(default_factory=list)

    def add(self, other: Lookup) -> None:
        self.values.extend(other.values)
        self.unknown = self.unknown or other.unknown
        self.problems.extend(other.problems)


def _found(*values: Value) -> Lookup:
    return Lookup(values=list(values))


def _unknown() -> Lookup:
    return Lookup(unknown=True)


def _problem(problem: Problem) -> Lookup:
    return Lookup(problems=[problem])


# -- the per-process module cache --------------------------------------------

_MODULES: dict[tuple[str, str], tuple[float, ModuleInfo | None]] = {}


def module_info(location: ModuleLocation) -> ModuleInfo | None:
    """The analysed module, built once per process (and again only if the file changed)."""
    if location.path is None:
        return None
    key = (location.path, location.name)
    try:
        mtime = os.stat(location.path).st_mtime
    except OSError:
        return None
    cached = _MODULES.get(key)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    info: ModuleInfo | None
    try:
        with open(location.path, "rb") as handle:
            source = handle.read().decode("utf-8")
        info = analysis.analyse(location.name, location, analysis.build_tree(source, location), source)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError, OSError):
        info = None  # a module that cannot be read or parsed is never a finding
    _MODULES[key] = (mtime, info)
    return info


# -- the resolver ------------------------------------------------------------


class Resolver:
    """Checks patch targets of one file against the modules the test run would import."""

    def __init__(self, finder: ModuleFinder, file_imports: Iterable[str]) -> None:
        self._finder = finder
        self._file_imports = _with_parents(file_imports)
        self._closures: dict[str, frozenset[str]] = {}

    def check(self, target: PatchTarget) -> list[Problem]:
        """The problems of one target: empty when it exists or when nothing can be known."""
        parts = target.owner.split(".")
        location = self._finder.find(parts[0])
        if location is None or location.kind == COMPILED:
            return []
        current = _found(ModuleValue(location))
        for index, part in enumerate(parts[1:], start=1):
            rest = parts[index + 1:] + list(target.attributes[:1])
            step = self._step(current, part, importing=True, rest=rest, target=target)
            if step is None:
                return []
            current = step
            if not current.values:
                return [dataclasses.replace(p, in_path=True) for p in current.problems[:1]]
        problems: list[Problem] = []
        for attribute in target.attributes:
            final = self._step(current, attribute, importing=False, rest=[], target=target)
            if final is not None and not final.values:
                problems.extend(final.problems[:1])
            elif final is not None and target.deletes:
                problems.extend(self._inherited(current, attribute))
        return problems

    def _inherited(self, current: Lookup, name: str) -> list[Problem]:
        """``delattr`` on a class only deletes what the class itself defines."""
        classes = [v for v in current.values if isinstance(v, ClassValue)]
        if current.unknown or not classes or len(classes) != len(current.values):
            return []
        if name.startswith("__") or any(_class_owns(v, name) is not False for v in classes):
            return []
        return [Problem(INHERITED_DELETE, classes[0].qualname, name)]

    def _step(
        self, current: Lookup, name: str, importing: bool, rest: list[str], target: PatchTarget
    ) -> Lookup | None:
        """Look ``name`` up on every current value; None means stop silently."""
        result = Lookup()
        for value in current.values:
            result.add(self._attribute(value, name, importing, rest, target, set()))
        result.unknown = result.unknown or current.unknown
        if result.unknown and not result.values:
            return None
        return result

    # -- attribute lookups ---------------------------------------------------

    def _attribute(
        self, value: Value, name: str, importing: bool, rest: list[str], target: PatchTarget,
        seen: set[tuple[str, str]],
    ) -> Lookup:
        if isinstance(value, ModuleValue):
            return self._module_attribute(value.location, name, importing, rest, target, seen)
        if isinstance(value, ClassValue):
            return self._class_attribute(value, name, set())
        if isinstance(value, NoneValue):
            return self._none_attribute(value, name)
        return _unknown()

    def _module_attribute(
        self, location: ModuleLocation, name: str, importing: bool, rest: list[str],
        target: PatchTarget, seen: set[tuple[str, str]],
    ) -> Lookup:
        key = (location.name, name)
        if location.kind == COMPILED:
            return _unknown()
        if key in seen:  # an import cycle: this path adds nothing the other paths do not find
            return Lookup()
        seen = seen | {key}
        info = module_info(location) if location.kind != NAMESPACE else None
        if location.kind != NAMESPACE and info is None:
            return _unknown()
        submodule = self._finder.find(f"{location.name}.{name}") if location.is_package else None
        bindings = info.bindings.get(name, []) if info is not None else []
        if bindings:
            if submodule is not None and importing and not all(
                _binds_submodule(b, location.name, name) for b in bindings
            ):
                return _unknown()  # runtimes disagree: resolve_name takes the module, getattr the name
            if submodule is not None and importing:
                return _found(ModuleValue(submodule))
            result = Lookup()
            for binding in bindings:
                result.add(self._follow(info, binding, name, submodule, seen))  # type: ignore[arg-type]
            return result
        if submodule is not None:
            if importing or self._imported(location, submodule.name):
                return _found(ModuleValue(submodule))
            if info is not None and info.dynamic:
                return _unknown()
            return _problem(Problem(SUBMODULE_NOT_IMPORTED, location.name, name))
        if name.startswith("__") and name.endswith("__"):
            return _unknown()
        if info is None:  # a namespace package: only submodules
            return self._missing(location, None, name, importing, rest, target)
        if info.dynamic:
            return _unknown()
        starred = self._from_stars(info, name, seen)
        if starred.values or starred.unknown:
            return starred
        if target.family == MOCK and not importing and name in BUILTIN_NAMES:
            return _found(OPAQUE)  # mock patches builtins on modules with create=True implied
        return self._missing(location, info, name, importing, rest, target)

    def _follow(
        self, info: ModuleInfo, binding: Binding, name: str, submodule: ModuleLocation | None,
        seen: set[tuple[str, str]],
    ) -> Lookup:
        """What a module-level binding gives."""
        if binding.kind == MODULE:
            location = self._finder.find(binding.target)
            return _found(ModuleValue(location)) if location is not None else _unknown()
        if binding.kind == FROM:
            if binding.target == info.name and binding.name == name:
                return _found(ModuleValue(submodule)) if submodule is not None else _unknown()
            source = self._finder.find(binding.target)
            if source is None:
                return _unknown()
            found = self._module_attribute(source, binding.name, True, [], _QUIET, seen)
            return found if found.values else _unknown()
        if binding.kind == CLASS:
            return _found(ClassValue(info, binding.node, f"{info.name}.{name}"))
        if binding.kind == NONE:
            return _found(NoneValue(info, name))
        if binding.kind == ALIAS:
            return self._alias(info, binding.target, seen)
        if binding.kind == FUNCTION:
            return _found(OPAQUE)
        return _found(OPAQUE)

    def _alias(self, info: ModuleInfo, expression: str, seen: set[tuple[str, str]]) -> Lookup:
        """``X = a.b``: the value of ``a.b`` in the module's namespace, or unknown."""
        first, *others = expression.split(".")
        bindings = info.bindings.get(first)
        if not bindings:
            return _found(OPAQUE) if first in BUILTIN_NAMES else _unknown()
        current = Lookup()
        for binding in bindings:
            current.add(self._follow(info, binding, first, None, seen))
        for part in others:
            step = self._step(current, part, importing=False, rest=[], target=_QUIET)
            if step is None or not step.values:
                return _unknown()
            current = step
        return Lookup(values=current.values) if current.values else _unknown()

    def _from_stars(self, info: ModuleInfo, name: str, seen: set[tuple[str, str]]) -> Lookup:
        """What the star imports bind to ``name``: the last one that binds it wins, as at run
        time, so they are read from the last back, and the earlier ones only while none has it."""
        result = Lookup()
        for source_name in reversed(info.star_sources):
            source = self._finder.find(source_name) if source_name is not None else None
            if source is None or source.kind == COMPILED:
                return _unknown()
            exported = self._exports(source, name, seen)
            result.add(exported)
            if exported.values:
                break
        return result

    def _exports(self, source: ModuleLocation, name: str, seen: set[tuple[str, str]]) -> Lookup:
        """Whether ``from source import *`` binds ``name``, and to what."""
        info = module_info(source) if source.kind != NAMESPACE else None
        if info is None:
            return _unknown() if source.kind != NAMESPACE else Lookup()
        if info.dynamic or info.dynamic_all:
            return _unknown()
        if info.all_names is not None:
            if name not in info.all_names:
                return Lookup()
            found = self._module_attribute(source, name, True, [], _QUIET, seen)
            return found if found.values else _unknown()
        if name.startswith("_"):
            return Lookup()
        found = self._module_attribute(source, name, False, [], _QUIET, seen)
        if found.values or found.unknown:
            return found
        return Lookup()

    def _none_attribute(self, value: NoneValue, name: str) -> Lookup:
        functions = value.info.assigned_late().get(value.name)
        if not functions:
            return _unknown()  # may be set from another module: not ours to say
        return _problem(
            Problem(NONE_PLACEHOLDER, value.info.name, value.name, function=functions[0], detail=name)
        )

    # -- why a module attribute is missing -------------------------------------

    def _missing(
        self, location: ModuleLocation, info: ModuleInfo | None, name: str, importing: bool,
        rest: list[str], target: PatchTarget,
    ) -> Lookup:
        owner = location.name
        if info is not None:
            if name in info.type_checking:
                return _problem(Problem(TYPE_CHECKING_ONLY, owner, name))
            late = info.late_imports().get(name)
            if late:
                first = late[0]
                suggestion = ".".join([first.source, *rest]) if first.source else ""
                return _problem(Problem(LATE_IMPORT, owner, name, first.function, suggestion))
            assigned = info.assigned_late().get(name)
            if assigned:
                return _problem(Problem(LATE_ASSIGNMENT, owner, name, assigned[0]))
        candidates = set(info.bindings) if info is not None else set()
        if location.is_package:
            candidates.update(_submodule_names(location))
        suggestion = _close_match(name, candidates)
        if importing and location.is_package:
            if not location.in_project:
                return _unknown()  # an optional submodule of an installed package: not ours to say
            return _problem(Problem(MISSING_MODULE, owner, name, suggestion=suggestion))
        return _problem(Problem(MISSING_ATTRIBUTE, owner, name, suggestion=suggestion))

    def _imported(self, package: ModuleLocation, submodule: str) -> bool:
        """Whether anything imported ``submodule`` (making it an attribute of its package)."""
        if submodule in self._file_imports:
            return True
        return submodule in self._closure(package)

    def _closure(self, package: ModuleLocation) -> frozenset[str]:
        """Every module the package imports while it is imported, within its top-level package."""
        if package.name in self._closures:
            return self._closures[package.name]
        top = package.name.split(".")[0]
        done: set[str] = set()
        todo = [package.name]
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            location = self._finder.find(name)
            info = module_info(location) if location is not None else None
            if info is None:
                continue
            for imported in _with_parents(info.imported_modules):
                if imported.split(".")[0] == top and imported not in done:
                    todo.append(imported)
        closure = frozenset(done)
        self._closures[package.name] = closure
        return closure

    # -- classes ---------------------------------------------------------------

    def _class_attribute(self, value: ClassValue, name: str, seen: set[int]) -> Lookup:
        if name.startswith("__") and name.endswith("__"):
            return _unknown()
        found = self._class_lookup(value, name, seen)
        if found is None:
            return _unknown()
        if found.values:
            return found
        names = self._class_names(value, set())
        return _problem(
            Problem(MISSING_CLASS_ATTRIBUTE, value.qualname, name, suggestion=_close_match(name, names))
        )

    def _class_lookup(self, value: ClassValue, name: str, seen: set[int]) -> Lookup | None:
        """The attribute through the class's MRO; None when the class can gain names unseen."""
        node = value.node
        if id(node) in seen:
            return None
        seen = seen | {id(node)}
        body = _class_body(value)
        if body.dynamic or body.dynamic_all or _class_is_open(value):
            return None
        if name in body.bindings:
            nested = [b for b in body.bindings[name] if b.kind == CLASS]
            if nested:
                return _found(*(ClassValue(value.info, b.node, f"{value.qualname}.{name}") for b in nested))
            return _found(OPAQUE)
        if name in (_slots(node) or ()) or name in value.info.class_attrs.get(node.name, ()):
            return _found(OPAQUE)
        metaclass = getattr(node, "_metaclass", None)
        if metaclass is not None and name in _ABC_META_NAMES:
            return _found(OPAQUE)
        for base in self._bases(value):
            if base is None or (
                isinstance(base, ClassValue) and "__init_subclass__" in _class_body(base).bindings
            ):
                return None  # unknown base, or one whose __init_subclass__ may add names
            if isinstance(base, type):
                if hasattr(base, name):
                    return _found(OPAQUE)
                continue
            inherited = self._class_lookup(base, name, seen)
            if inherited is None or inherited.values:
                return inherited
        return Lookup()

    def _class_names(self, value: ClassValue, seen: set[int]) -> set[str]:
        if id(value.node) in seen:
            return set()
        seen.add(id(value.node))
        names = set(_class_body(value).bindings)
        for base in self._bases(value):
            if isinstance(base, ClassValue):
                names |= self._class_names(base, seen)
        return names

    def _bases(self, value: ClassValue) -> list[ClassValue | type | None]:
        """The resolved bases: a class we read, a builtin class, or None when unknown."""
        bases: list[ClassValue | type | None] = []
        for base in value.node.bases:
            expression = analysis.dotted(base)
            if expression is None:
                bases.append(None)
                continue
            if "." not in expression and expression not in value.info.bindings:
                builtin = getattr(builtins, expression, None)
                bases.append(builtin if isinstance(builtin, type) else None)
                continue
            found = self._alias(value.info, expression, set())
            classes = [v for v in found.values if isinstance(v, ClassValue)]
            bases.append(classes[0] if len(classes) == 1 and len(found.values) == 1 else None)
        if not bases:
            bases.append(object)
        return bases


def _class_owns(value: ClassValue, name: str) -> bool | None:
    """Whether the class defines ``name`` itself; None when that cannot be known."""
    body = _class_body(value)
    if body.dynamic or _class_is_open(value):
        return None
    return (
        name in body.bindings
        or name in (_slots(value.node) or ())
        or name in value.info.class_attrs.get(value.node.name, ())
    )


def _class_body(value: ClassValue) -> ModuleInfo:
    """The names a class body binds, collected like a module's (cached on the node)."""
    cached = value.info.class_bodies.get(id(value.node))
    if cached is not None:
        return cached
    body = analysis.analyse(value.info.name, value.info.location, value.node)
    if body.star_sources:
        body.dynamic = "star import in a class body"
    if _has_namespace_calls(value.node):
        body.dynamic = "writes through locals()"
    value.info.class_bodies[id(value.node)] = body
    return body


def _has_namespace_calls(node: Any) -> bool:
    for call in analysis._own_nodes(node, nodes.Call):
        if analysis.dotted(call.func) in ("locals", "vars", "exec"):
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
        name = analysis.dotted(metaclass)
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


def _binds_submodule(binding: Binding, package: str, name: str) -> bool:
    if binding.kind == FROM:
        return binding.target == package and binding.name == name
    return binding.kind == MODULE and binding.target == f"{package}.{name}"


def _submodule_names(location: ModuleLocation) -> set[str]:
    names: set[str] = set()
    for folder in location.search_path:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            stem = entry[:-3] if entry.endswith(".py") else entry
            if stem.isidentifier() and stem != "__init__":
                names.add(stem)
    return names


def _close_match(name: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.7)
    return matches[0] if matches else ""


def _with_parents(modules: Iterable[str]) -> frozenset[str]:
    """Importing ``a.b.c`` imports ``a`` and ``a.b`` too."""
    names: set[str] = set()
    for module in modules:
        parts = module.split(".")
        names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(names)


_QUIET: Final = PatchTarget(line=0, col=0, api="", family="", owner="", attributes=(), written="")
