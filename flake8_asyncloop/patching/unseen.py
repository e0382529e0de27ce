"""ALP009: a patch of ``M.name`` that the code under test never sees, because it bound ``name`` with
``from M import name`` when it was imported -- before the patch started.

A patch is unseen only when all of this holds, read from the sources without importing them:

- ``M`` is one of the project's modules, and ``M.name`` exists (and is no submodule);
- the test file imports, at module level, a module ``C`` of the project (or names from it) whose
  import-time namespace binds ``name`` only by ``from`` imports of the same object, and whose
  functions read it;
- nothing looks ``name`` up on ``M`` when it runs: no file of the packages involved (those of ``M``,
  of ``C`` and of everything the test file imports) nor the conftests above the test reads
  ``M.name``, imports it inside a function, hands ``M`` on, names ``"M.name"`` in a string, reloads
  modules or writes ``globals()``/``sys.modules``; ``M``'s own functions do not read their global
  ``name``; the test itself neither calls ``M.name`` nor imports ``C`` or ``M`` inside a function.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator

from .analysis import FROM, ModuleNamespace, module_namespace
from .finder import SOURCE, ModuleFinder, ModuleLocation
from .module_reads import ModuleReads, mentions, module_level_imports, reads_of_tree
from .project_files import conftest_reads, config_mentions, module_reads, package_reads, project_tops
from .resolver import Resolver
from .targets import PatchTarget
from .values import ModuleValue, Unseen

__all__ = ["Unseen", "UnseenPatches"]


class UnseenPatches:
    """Answers, for the targets of one test file, which patches its code under test never sees."""

    def __init__(self, filename: str, tree: ast.Module, resolver: Resolver) -> None:
        self._path = os.path.abspath(filename)
        self._tree = tree
        self._resolver = resolver
        self._finder: ModuleFinder = resolver.finder
        self._imports = list(module_level_imports(tree))
        self._own: ModuleReads | None = None

    def check(self, target: PatchTarget, attribute: str) -> Unseen | None:
        """The consumer that keeps its own ``attribute`` while ``target`` is patched, or None."""
        found = self.candidate(target, attribute)
        if found is None or self.seen(found[0], attribute, found[1]):
            return None
        return found[1]

    def candidate(self, target: PatchTarget, attribute: str) -> tuple[ModuleLocation, Unseen] | None:
        """The patched module and a consumer that bound its ``attribute``, before asking whether
        anything else sees the patch (``seen``: the part that reads the test's own body)."""
        if target.deletes or target.api.endswith("dict()") or not self._imports:
            return None
        module = self._patched_module(target, attribute)
        if module is None:
            return None
        origin = self._origin(module.name, attribute)
        consumer = next(self._consumers(module, attribute, origin), None)
        return None if consumer is None else (module, consumer)

    # -- the patched module ------------------------------------------------------

    def _patched_module(self, target: PatchTarget, attribute: str) -> ModuleLocation | None:
        """``M`` when the target is an existing, non-module attribute of one project module ``M``."""
        owner = self._resolver.owner(target)
        if owner is None or owner.unknown or len(owner.values) != 1:
            return None
        value = owner.values[0]
        if not isinstance(value, ModuleValue) or not value.location.in_project:
            return None
        if value.location.kind != SOURCE:
            return None
        found = self._resolver.resolve(target, attribute)
        if found is None or any(isinstance(v, ModuleValue) for v in found.values):
            return None
        return value.location

    def _origin(self, module: str, name: str) -> tuple[str, str]:
        """Where ``module.name`` comes from, following ``from`` re-exports (the same object)."""
        seen = set()
        while (module, name) not in seen:
            seen.add((module, name))
            info = self._info(module)
            bindings = info.bindings.get(name, []) if info is not None else []
            if len(bindings) != 1 or bindings[0].kind != FROM:
                break
            module, name = bindings[0].target, bindings[0].name
        return module, name

    # -- consumers ---------------------------------------------------------------

    def _consumers(
        self, patched: ModuleLocation, attribute: str, origin: tuple[str, str]
    ) -> Iterator[Unseen]:
        """The modules the test imports that bound the patched object by ``from`` imports and use it."""
        for name in dict.fromkeys(self._imports):
            location = self._finder.find(name)
            if location is None or location.name == patched.name or not location.in_project:
                continue
            if location.path is None or not mentions(location.path, attribute):
                continue
            info = self._info(name)
            if info is None or info.dynamic:
                continue
            for local, bindings in info.bindings.items():
                if any(b.kind != FROM for b in bindings) or all(b.name != attribute for b in bindings):
                    continue
                if any(self._origin(b.target, b.name) != origin for b in bindings):
                    continue
                reads = module_reads(location)
                if reads is not None and local in reads.function_loads:
                    yield Unseen(name, local)

    # -- who else reads M.name ---------------------------------------------------

    def seen(self, patched: ModuleLocation, attribute: str, consumer: Unseen) -> bool:
        """Whether anything may look ``attribute`` up on the patched module while the test runs."""
        own = self._own_reads()
        name = patched.name
        if own.rebinds or ("sys", "modules") in own.attributes or (name, attribute) in own.attributes:
            return True
        if name in own.late_modules or consumer.consumer in own.late_modules:
            return True
        if config_mentions(self._path, (f"{name}:{attribute}", f"{name}.{attribute}")):
            return True
        if _sees(module_reads(patched), name, attribute, own=True):
            return True
        modules = [name, consumer.consumer, *self._imports, *own.late_modules]
        packages = package_reads(self._finder, project_tops(self._finder, modules))
        if packages.unreadable or _sees(packages.merged, name, attribute, own=False):
            return True  # (the patched module's own reads, among them, were asked above)
        conftests = conftest_reads(self._path)
        return any(_sees(_rebinding(reads), name, attribute, own=False) for reads in conftests)

    def _own_reads(self) -> ModuleReads:
        if self._own is None:
            self._own = reads_of_tree(self._tree, None, False)
        return self._own

    def _info(self, module: str) -> ModuleNamespace | None:
        location = self._finder.find(module)
        if location is None or location.kind != SOURCE:
            return None
        return module_namespace(location)


def _sees(reads: ModuleReads | None, module: str, attribute: str, own: bool) -> bool:
    """Whether a file (``own``: the patched module's own) may look ``attribute`` up on ``module``
    when it runs; a file that cannot be read may."""
    if reads is None or _reads(reads, module, attribute):
        return True
    return own and (attribute in reads.function_loads or reads.rebinds)


def _reads(reads: ModuleReads, module: str, attribute: str) -> bool:
    """Whether a file may look ``attribute`` up on ``module`` when it runs."""
    key = (module, attribute)
    if key in reads.attributes or key in reads.mock_attributes:
        return True
    if key in reads.late_imports or (module, "*") in reads.late_imports or ("", "*") in reads.late_imports:
        return True
    if any(module == e or module.startswith(e + ".") for e in reads.escaped) or attribute in reads.looked_up:
        return True
    return f"{module}.{attribute}" in reads.dotted_strings or module in reads.dotted_strings


def _rebinding(reads: ModuleReads | None) -> ModuleReads | None:
    """A conftest that reloads modules or touches ``sys.modules`` counts as unreadable."""
    if reads is None or reads.rebinds or ("sys", "modules") in reads.attributes:
        return None
    return reads
