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

import builtins
import dataclasses
import os
from collections.abc import Iterable
from typing import Final

from .. import stamps
from .analysis import ALIAS, CLASS, FROM, FUNCTION, MODULE, NONE, Binding, ModuleNamespace, module_namespace
from .classes import ClassAttributes, class_owns
from .finder import COMPILED, NAMESPACE, ModuleFinder, ModuleLocation
from .imported import ImportedModules
from .lazy import EXISTS, IMPORTS_MODULE, RAISES, UNKNOWN, LazyAnswer, lazy_names
from .star_text import cannot_export
from .targets import MOCK, PatchTarget
from .values import (
    OPAQUE, ClassValue, FunctionValue, Lookup, ModuleValue, NoneValue, Problem, ProblemKind, Value, found,
    problem, unknown,
)

BUILTIN_NAMES: Final = frozenset(name for name in dir(builtins) if not name.startswith("_"))


# -- the resolver ------------------------------------------------------------


class Resolver:
    """Checks patch targets of one file against the modules the test run would import."""

    def __init__(self, finder: ModuleFinder, file_imports: Iterable[str]) -> None:
        self._finder = finder
        self._imports = ImportedModules(finder, file_imports)
        #: Each owner resolved once per file: every patch rule asks for it.
        self._owners: dict[tuple[str, str, tuple[str, ...]], Lookup | None] = {}
        self._classes = ClassAttributes(lambda info, dotted: self._alias(info, dotted, set()), _close_match)

    @property
    def finder(self) -> ModuleFinder:
        """Where modules are found, as the test run would import them."""
        return self._finder

    def check(self, target: PatchTarget) -> list[Problem]:
        """The problems of one target: empty when it exists or when nothing can be known."""
        current = self.owner(target)
        if current is None:
            return []
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

    def owner(self, target: PatchTarget) -> Lookup | None:
        """What the target's owner is (imported as the runtime would); a Lookup without values holds
        the problem on the way; None when nothing can be known."""
        key = (target.owner, target.family, target.attributes[:1])
        if key not in self._owners:
            self._owners[key] = self._owner(target)
        return self._owners[key]

    def _owner(self, target: PatchTarget) -> Lookup | None:
        parts = target.owner.split(".")
        location = self._finder.find(parts[0])
        if location is None or location.kind == COMPILED:
            return None
        current = found(ModuleValue(location))
        for index, part in enumerate(parts[1:], start=1):
            rest = parts[index + 1:] + list(target.attributes[:1])
            step = self._step(current, part, importing=True, rest=rest, target=target)
            if step is None or not step.values:
                return step
            current = step
        return current

    def resolve(self, target: PatchTarget, attribute: str) -> Lookup | None:
        """What ``owner.attribute`` of a target is when the patch starts: every value it may have, or
        None when it is missing or anything about it cannot be known."""
        current = self.owner(target)
        if current is None or not current.values:
            return None
        final = self._step(current, attribute, importing=False, rest=[], target=target)
        if final is None or final.unknown or not final.values:
            return None
        return final

    def _inherited(self, current: Lookup, name: str) -> list[Problem]:
        """``delattr`` on a class only deletes what the class itself defines."""
        classes = [v for v in current.values if isinstance(v, ClassValue)]
        if current.unknown or not classes or len(classes) != len(current.values):
            return []
        if name.startswith("__") or any(class_owns(v, name) is not False for v in classes):
            return []
        return [Problem(ProblemKind.INHERITED_DELETE, classes[0].qualname, name)]

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
            return self._classes.attribute(value, name)
        if isinstance(value, NoneValue):
            return self._none_attribute(value, name)
        return unknown()

    def _module_attribute(
        self, location: ModuleLocation, name: str, importing: bool, rest: list[str],
        target: PatchTarget, seen: set[tuple[str, str]],
    ) -> Lookup:
        key = (location.name, name)
        if location.kind == COMPILED:
            return unknown()
        if key in seen:  # an import cycle: this path adds nothing the other paths do not find
            return Lookup()
        seen = seen | {key}
        info = module_namespace(location) if location.kind != NAMESPACE else None
        if location.kind != NAMESPACE and info is None:
            return unknown()
        submodule = self._finder.find(f"{location.name}.{name}") if location.is_package else None
        bindings = info.bindings.get(name, []) if info is not None else []
        if bindings:
            if submodule is not None and importing and not all(
                _binds_submodule(b, location.name, name) for b in bindings
            ):
                return unknown()  # runtimes disagree: resolve_name takes the module, getattr the name
            if submodule is not None and importing:
                return found(ModuleValue(submodule))
            result = Lookup()
            for binding in bindings:
                result.add(self._follow(info, binding, name, submodule, seen))  # type: ignore[arg-type]
            return result
        if submodule is not None:
            if importing or self._imports.has(location, submodule.name):
                return found(ModuleValue(submodule))
            if info is not None and info.dynamic:
                return unknown()
            lazy = self._lazy(location, info, name, importing, rest, target, seen)
            return lazy or problem(Problem(ProblemKind.SUBMODULE_NOT_IMPORTED, location.name, name))
        if name.startswith("__") and name.endswith("__"):
            return unknown()
        if info is None:  # a namespace package: only submodules
            return self._missing(location, None, name, importing, rest, target)
        if info.dynamic:
            return unknown()
        starred = self._from_stars(info, name, seen)
        if starred.values or starred.unknown:
            return starred
        lazy = self._lazy(location, info, name, importing, rest, target, seen)
        if lazy is not None:
            return lazy
        if target.family == MOCK and not importing and name in BUILTIN_NAMES:
            return found(OPAQUE)  # mock patches builtins on modules with create=True implied
        return self._missing(location, info, name, importing, rest, target)

    def _lazy(
        self, location: ModuleLocation, info: ModuleNamespace | None, name: str, importing: bool,
        rest: list[str], target: PatchTarget, seen: set[tuple[str, str]],
    ) -> Lookup | None:
        """What the module's ``__getattr__`` (PEP 562) gives for ``name``; None when it has none,
        or raises AttributeError for it (the name is missing)."""
        reader = lazy_names(info) if info is not None else None
        answer = reader.answer(name) if reader is not None else None
        if answer is None or answer.kind == RAISES:
            return None
        if answer.kind == UNKNOWN:
            return unknown()
        value = self._lazy_value(location, info, name, importing, rest, answer, seen)
        if value.values and target.deletes and not importing and not answer.stored:
            return problem(Problem(ProblemKind.LAZY_DELETE, location.name, name))
        return value

    def _lazy_value(
        self, location: ModuleLocation, info: ModuleNamespace | None, name: str, importing: bool,
        rest: list[str],
        answer: LazyAnswer, seen: set[tuple[str, str]],
    ) -> Lookup:
        """The value ``__getattr__`` returns: a module it imports, or an attribute of one."""
        if answer.kind == EXISTS:
            return found(OPAQUE)
        source = self._finder.find(answer.module)
        if source is not None and answer.kind == IMPORTS_MODULE:
            return found(ModuleValue(source))
        if source is not None:
            value = self._module_attribute(source, answer.attribute, answer.from_import, [], _QUIET, seen)
            if value.values or value.unknown:
                return value if value.values else unknown()
        own = location.in_project and answer.module.partition(".")[0] == location.name.partition(".")[0]
        if source is None and not own:
            return unknown()  # a module outside the project (an optional dependency?): not ours to say
        if not answer.listed:  # it looks any name up (``import_module(f".{name}")``): this one is not there
            return self._missing(location, info, name, importing, rest, _QUIET)
        if not own:
            return unknown()
        detail = f"module {answer.module}" if source is None else f"{answer.module}.{answer.attribute}"
        return problem(Problem(ProblemKind.LAZY_TARGET_MISSING, location.name, name, detail=detail))

    def _follow(
        self, info: ModuleNamespace, binding: Binding, name: str, submodule: ModuleLocation | None,
        seen: set[tuple[str, str]],
    ) -> Lookup:
        """What a module-level binding gives."""
        if binding.kind == MODULE:
            location = self._finder.find(binding.target)
            return found(ModuleValue(location)) if location is not None else unknown()
        if binding.kind == FROM:
            if binding.target == info.name and binding.name == name:
                return found(ModuleValue(submodule)) if submodule is not None else unknown()
            source = self._finder.find(binding.target)
            if source is None:
                return unknown()
            value = self._module_attribute(source, binding.name, True, [], _QUIET, seen)
            return value if value.values else unknown()
        if binding.kind == CLASS:
            return found(ClassValue(info, binding.node, f"{info.name}.{name}"))
        if binding.kind == NONE:
            return found(NoneValue(info, name))
        if binding.kind == ALIAS:
            return self._alias(info, binding.target, seen)
        if binding.kind == FUNCTION:
            return found(FunctionValue(info, binding.node))
        return found(OPAQUE)

    def _alias(self, info: ModuleNamespace, expression: str, seen: set[tuple[str, str]]) -> Lookup:
        """``X = a.b``: the value of ``a.b`` in the module's namespace, or unknown."""
        first, *others = expression.split(".")
        bindings = info.bindings.get(first)
        if not bindings:
            return found(OPAQUE) if first in BUILTIN_NAMES else unknown()
        current = Lookup()
        for binding in bindings:
            current.add(self._follow(info, binding, first, None, seen))
        for part in others:
            step = self._step(current, part, importing=False, rest=[], target=_QUIET)
            if step is None or not step.values:
                return unknown()
            current = step
        return Lookup(values=current.values) if current.values else unknown()

    def _from_stars(self, info: ModuleNamespace, name: str, seen: set[tuple[str, str]]) -> Lookup:
        """What the star imports bind to ``name``: the last one that binds it wins, as at run
        time, so they are read from the last back, and the earlier ones only while none has it."""
        result = Lookup()
        for source_name in reversed(info.star_sources):
            source = self._finder.find(source_name) if source_name is not None else None
            if source is None or source.kind == COMPILED:
                return unknown()
            if cannot_export(source, name):
                continue  # what reading it would find: it binds nothing to the name
            exported = self._exports(source, name, seen)
            result.add(exported)
            if exported.values:
                break
        return result

    def _exports(self, source: ModuleLocation, name: str, seen: set[tuple[str, str]]) -> Lookup:
        """Whether ``from source import *`` binds ``name``, and to what."""
        info = module_namespace(source) if source.kind != NAMESPACE else None
        if info is None:
            return unknown() if source.kind != NAMESPACE else Lookup()
        if info.dynamic or info.dynamic_all:
            return unknown()
        if info.all_names is not None:
            if name not in info.all_names:
                return Lookup()
            value = self._module_attribute(source, name, True, [], _QUIET, seen)
            return value if value.values else unknown()
        if name.startswith("_"):
            return Lookup()
        if info.getattr_functions and name not in info.bindings:
            return unknown()  # only bound names are star-imported, but __getattr__ may bind more
        value = self._module_attribute(source, name, False, [], _QUIET, seen)
        return value if value.values or value.unknown else Lookup()

    def _none_attribute(self, value: NoneValue, name: str) -> Lookup:
        functions = value.info.assigned_late().get(value.name)
        if not functions:
            return unknown()  # may be set from another module: not ours to say
        return problem(
            Problem(
                ProblemKind.NONE_PLACEHOLDER, value.info.name, value.name, function=functions[0], detail=name
            )
        )

    # -- why a module attribute is missing -------------------------------------

    def _missing(
        self, location: ModuleLocation, info: ModuleNamespace | None, name: str, importing: bool,
        rest: list[str], target: PatchTarget,
    ) -> Lookup:
        owner = location.name
        if info is not None:
            if name in info.type_checking:
                return problem(Problem(ProblemKind.TYPE_CHECKING_ONLY, owner, name))
            late = info.late_imports().get(name)
            if late:
                first = late[0]
                suggestion = ".".join([first.source, *rest]) if first.source else ""
                return problem(Problem(ProblemKind.LATE_IMPORT, owner, name, first.function, suggestion))
            assigned = info.assigned_late().get(name)
            if assigned:
                return problem(Problem(ProblemKind.LATE_ASSIGNMENT, owner, name, assigned[0]))
        candidates = set(info.bindings) if info is not None else set()
        reader = lazy_names(info) if info is not None else None
        candidates |= reader.names() if reader is not None else set()
        if location.is_package:
            candidates.update(_submodule_names(location))
        suggestion = _close_match(name, candidates)
        if importing and location.is_package:
            if not location.in_project:
                return unknown()  # an optional submodule of an installed package: not ours to say
            return problem(Problem(ProblemKind.MISSING_MODULE, owner, name, suggestion=suggestion))
        return problem(Problem(ProblemKind.MISSING_ATTRIBUTE, owner, name, suggestion=suggestion))


def _binds_submodule(binding: Binding, package: str, name: str) -> bool:
    if binding.kind == FROM:
        return binding.target == package and binding.name == name
    return binding.kind == MODULE and binding.target == f"{package}.{name}"


def _submodule_names(location: ModuleLocation) -> set[str]:
    names: set[str] = set()
    for folder in location.search_path:
        stamps.note(folder)
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            stem = entry[:-3] if entry.endswith(".py") else entry
            if stem.isidentifier() and stem not in ("__init__", "__pycache__"):  # see stamps.relevant
                names.add(stem)
    return names


def _close_match(name: str, candidates: Iterable[str]) -> str:
    import difflib  # noqa: PLC0415 - only for a name that is missing

    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.7)
    return matches[0] if matches else ""


_QUIET: Final = PatchTarget(line=0, col=0, api="", family="", owner="", attributes=(), written="")
