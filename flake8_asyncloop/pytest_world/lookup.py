"""Which fixture definition a requested name means, resolved as pytest resolves it.

pytest registers every fixture object it finds among a module's attributes, under
the fixture's ``name=`` or else the attribute's name (so ``from .fixtures import
client as api`` registers ``api``).  A request from a test is looked up in its
class (and enclosing classes), its module, every ``conftest.py`` from its folder
up to the rootdir (nearest wins), then the plugins named in ``pytest_plugins``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .. import stamps
from ..caches import CACHES, Memo
from ..records import record
from .summary import UNKNOWN, ClassInfo, FixtureDef, ModuleSummary
from .project import import_roots, project_folder
from .sources import Sources, load_module, mentions_fixtures, resolve_module

#: Folder and file names that mark test-side code, where fixtures live.
_TEST_SIDE_PARTS = frozenset({"tests", "test", "testing", "fixtures", "conftest.py"})


def is_test_side(path: Path) -> bool:
    """Whether ``path`` looks like test code (a tests/ or fixtures/ folder, a test or conftest module).

    Names imported from such modules (or from any module whose text says "fixture") are
    followed eagerly, so a fixture registered under ``name=`` is found by that name; names
    imported from anywhere else (the application) are followed only when a test requests
    that very name.
    """
    name = path.name
    return (
        name.startswith("test_") or name.endswith("_test.py") or "fixture" in name
        or any(part in _TEST_SIDE_PARTS for part in path.parts)
    )


@record
class _Namespace:
    """A module's fixture attributes and the modules (as parsed) they were read from.

    ``pending`` holds names imported from application modules, by attribute:
    the file they come from and the name there; they are parsed only when requested.
    """

    module: ModuleSummary
    namespace: dict[str, FixtureDef]
    deps: tuple[tuple[Path, ModuleSummary], ...]
    pending: dict[str, tuple[Path, str]]


@record
class _Registry:
    """The fixtures pytest registers for one module, by the name tests request them with."""

    eager: dict[str, FixtureDef]
    pending: dict[str, tuple[Path, str]]


#: Namespaces by module path, shared by the checks of one process; validated by identity of the parses,
#: with what reading them noted (``stamps.capturing``; None: read while nothing was recorded).
_namespaces: dict[Path, tuple[_Namespace, stamps.Recorder | None]] = {}
CACHES.register(_namespaces.clear)


@record
class Site:
    """Where a request is made: a module and the classes (outermost first) around it."""

    module: ModuleSummary
    classes: tuple[str, ...] = ()


class FixtureLookup:
    """Resolves fixture names for one checked file; memoises per-module registries."""

    def __init__(self, sources: Sources, rootdir: Path | None, source_roots: tuple[str, ...] = ()) -> None:
        self._sources = sources
        self._rootdir = rootdir
        self._source_roots = source_roots
        self._registries: dict[Path, _Registry] = {}
        self._conftests: dict[Path, tuple[ModuleSummary, ...]] = {}
        self._plugins: dict[Path, tuple[ModuleSummary, ...]] = {}
        self._chains: dict[Path, tuple[_Registry, ...]] = {}
        self._resolved: dict[tuple[str, Path, tuple[str, ...], int | None], FixtureDef | None] = {}

    # -- public ------------------------------------------------------------------

    def resolve(self, name: str, site: Site, requester: FixtureDef | None = None) -> FixtureDef | None:
        """The definition ``name`` means at ``site``; a fixture requesting its own name
        gets the next one out, as pytest's override-and-extend pattern does."""
        skipping = requester is not None and requester.name == name
        key = (name, site.module.path, site.classes, id(requester) if skipping else None)
        if key not in self._resolved:
            self._resolved[key] = self._first(name, site, requester if skipping else None)
        return self._resolved[key]

    def _first(self, name: str, site: Site, skip_through: FixtureDef | None) -> FixtureDef | None:
        skipping = skip_through is not None
        for candidate in self.candidates(name, site):
            if skipping:
                skipping = candidate != skip_through
                continue
            return candidate
        return None

    def candidates(self, name: str, site: Site) -> Iterator[FixtureDef]:
        """Every definition of ``name`` visible at ``site``, nearest first."""
        for cls in reversed(site.module.class_chain(site.classes)):
            yield from self._in_class(name, cls, site.module, set())
        for registry in self._module_chain(site.module):
            found = self._registered(registry, name)
            if found is not None:
                yield found

    def _registered(self, registry: _Registry, name: str) -> FixtureDef | None:
        """The fixture ``registry`` holds under ``name``, reading a pending import only now."""
        found = registry.eager.get(name)
        if found is not None or name not in registry.pending:
            return found
        path, original = registry.pending[name]
        source = self._sources.module(path)
        fixture = self._attribute(source, original, set(), {}) if source is not None else None
        if fixture is None or (fixture.explicit_name or name) != name:
            return None
        return fixture

    def _module_chain(self, module: ModuleSummary) -> tuple[_Registry, ...]:
        """The registries a module-level request searches: the module, its conftests, the plugins."""
        cached = self._chains.get(module.path)
        if cached is None:
            conftests = self.conftests(module.path)
            others = [c for c in conftests if c.path != module.path]
            holders = [module, *others, *self.plugins(module, conftests)]
            cached = self._chains[module.path] = tuple(self.registry(holder) for holder in holders)
        return cached

    def conftests(self, path: Path) -> tuple[ModuleSummary, ...]:
        """The conftest.py files pytest loads for a module at ``path``, nearest first.  Which of the
        folders up to the project's top hold one is worked out once per run and folder (every test
        file of a folder asks); a checked conftest.py is its own, from flake8's buffer."""
        folder = path.parent
        cached = self._conftests.get(folder)
        if cached is not None:
            return cached
        if self._sources.current.path.name == "conftest.py":
            paths = _conftest_paths(folder, self._rootdir, self._sources.module)
        else:
            paths = _CHAINS.get((folder, self._rootdir), lambda: _conftest_paths(folder, self._rootdir))
        found = (self._sources.module(conftest) for conftest in paths)
        self._conftests[folder] = tuple(module for module in found if module is not None)
        return self._conftests[folder]

    def plugins(
        self, module: ModuleSummary, conftests: tuple[ModuleSummary, ...]
    ) -> tuple[ModuleSummary, ...]:
        """The modules named by ``pytest_plugins`` in the module and its conftests, transitively."""
        cached = self._plugins.get(module.path)
        if cached is not None:
            return cached
        found: dict[Path, ModuleSummary] = {}
        pending = [(holder, name) for holder in (module, *conftests) for name in holder.pytest_plugins]
        while pending:
            holder, dotted = pending.pop(0)
            path = resolve_module(self._sources, dotted, 0, holder.path, self._roots(holder.path))
            if path is None or path in found:
                continue
            plugin = self._sources.module(path)
            if plugin is None:
                continue
            found[path] = plugin
            pending.extend((plugin, name) for name in plugin.pytest_plugins)
        self._plugins[module.path] = tuple(found.values())
        return self._plugins[module.path]

    def plugins_of(self, holder: ModuleSummary) -> tuple[ModuleSummary, ...]:
        """The plugins one module's ``pytest_plugins`` registers, in pytest's order: each
        named module, then the ones it names in turn (depth first)."""
        found: dict[Path, ModuleSummary] = {}
        self._plugins_into(holder, found)
        return tuple(found.values())

    def _plugins_into(self, holder: ModuleSummary, found: dict[Path, ModuleSummary]) -> None:
        for dotted in holder.pytest_plugins:
            path = resolve_module(self._sources, dotted, 0, holder.path, self._roots(holder.path))
            plugin = self._sources.module(path) if path is not None and path not in found else None
            if plugin is not None and path is not None:
                found[path] = plugin
                self._plugins_into(plugin, found)

    def registry(self, module: ModuleSummary) -> _Registry:
        """The fixtures pytest registers for ``module``, by the name tests request them with."""
        cached = self._registries.get(module.path)
        if cached is not None:
            return cached
        namespace = self._namespace(module, set())
        eager: dict[str, FixtureDef] = {}
        for attr, fixture in namespace.namespace.items():
            name = fixture.explicit_name or attr
            if name != UNKNOWN:
                eager[name] = fixture
        registry = self._registries[module.path] = _Registry(eager, namespace.pending)
        return registry

    # -- module namespaces ---------------------------------------------------------

    def _namespace(self, module: ModuleSummary, visiting: set[Path]) -> _Namespace:
        """The namespace, shared by every check in this process while the files it came from are unchanged."""
        cached = _namespaces.get(module.path)
        if cached is not None and cached[0].module is module and self._unchanged(cached[0].deps):
            if cached[1] is not None:
                stamps.replay(cached[1])
                return cached[0]
            if not stamps.active():
                return cached[0]
        if module.path in visiting:
            return _Namespace(module, {}, (), {})
        with stamps.capturing() as notes:
            result = self._read_namespace(module, visiting)
        if module is not self._sources.current:  # the checked file's own parse is never asked for again
            _namespaces[module.path] = (result, notes)
        return result

    def _read_namespace(self, module: ModuleSummary, visiting: set[Path]) -> _Namespace:
        visiting.add(module.path)
        namespace: dict[str, FixtureDef] = {}
        pending: dict[str, tuple[Path, str]] = {}
        deps: dict[Path, ModuleSummary] = {}
        roots = self._roots(module.path)
        for star in module.star_imports:
            source = self._imported(star.module, star.level, module, roots)
            if source is not None:
                exported, exported_pending = self._exported(self._namespace(source, visiting), deps)
                namespace.update(exported)
                pending.update(exported_pending)
        for item in module.name_imports:
            path = resolve_module(self._sources, item.module, item.level, module.path, roots)
            if path is None:
                continue
            eager = is_test_side(path) or mentions_fixtures(path)
            source = self._sources.module(path) if eager else None
            if source is None:
                pending[item.local] = (path, item.original)
                continue
            deps[source.path] = source
            fixture = self._attribute(source, item.original, set(), deps)
            if fixture is not None:
                namespace[item.local] = fixture
        for fixture in module.fixtures:
            namespace[fixture.attr] = fixture
            pending.pop(fixture.attr, None)
        visiting.discard(module.path)
        return _Namespace(module, namespace, tuple(deps.items()), pending)

    def _attribute(
        self, module: ModuleSummary, attr: str, visiting: set[tuple[Path, str]],
        deps: dict[Path, ModuleSummary],
    ) -> FixtureDef | None:
        """The fixture ``module.attr`` holds, if any, following only the imports that bind ``attr``.

        A test module's ``from app import Client`` must not make us read the whole ``app``
        package: only the chain of modules that binds that one name is parsed.
        """
        key = (module.path, attr)
        if key in visiting:
            return None
        visiting.add(key)
        for fixture in reversed(module.fixtures):
            if fixture.attr == attr:
                return fixture
        roots = self._roots(module.path)
        for item in reversed(module.name_imports):
            if item.local == attr:
                source = self._imported(item.module, item.level, module, roots)
                if source is None:
                    return None
                deps[source.path] = source
                return self._attribute(source, item.original, visiting, deps)
        for star in module.star_imports:
            source = self._imported(star.module, star.level, module, roots)
            if source is None or not _exports(source, attr):
                continue
            deps[source.path] = source
            found = self._attribute(source, attr, visiting, deps)
            if found is not None:
                return found
        return None

    def _unchanged(self, deps: tuple[tuple[Path, ModuleSummary], ...]) -> bool:
        return all(self._sources.module(path) is info for path, info in deps)

    @staticmethod
    def _exported(
        source: _Namespace, deps: dict[Path, ModuleSummary]
    ) -> tuple[dict[str, FixtureDef], dict[str, tuple[Path, str]]]:
        """What ``from module import *`` binds: ``__all__``, else the public names."""
        deps.update(source.deps)
        deps[source.module.path] = source.module
        module = source.module
        return (
            {name: fixture for name, fixture in source.namespace.items() if _exports(module, name)},
            {name: entry for name, entry in source.pending.items() if _exports(module, name)},
        )

    def _imported(
        self, dotted: str | None, level: int, importer: ModuleSummary, roots: tuple[Path, ...]
    ) -> ModuleSummary | None:
        path = resolve_module(self._sources, dotted, level, importer.path, roots)
        return self._sources.module(path) if path is not None else None

    def import_roots(self, path: Path) -> tuple[Path, ...]:
        """Folders an absolute import in ``path`` may be found under, most likely first."""
        return self._roots(path)

    def _roots(self, path: Path) -> tuple[Path, ...]:
        """Folders an absolute import in ``path`` may be found under, most likely first."""
        return import_roots(path, self._source_roots)

    # -- classes -------------------------------------------------------------------

    def _in_class(
        self, name: str, cls: ClassInfo, module: ModuleSummary, seen: set[str]
    ) -> Iterator[FixtureDef]:
        """Fixtures of ``cls`` and of its base classes defined in the same module."""
        if cls.name in seen:
            return
        seen.add(cls.name)
        for fixture in reversed(cls.fixtures):
            if fixture.name == name:
                yield fixture
                return
        for base in cls.bases:
            base_cls = module.top_class(base)
            if base_cls is not None:
                yield from self._in_class(name, base_cls, module, seen)


#: The conftest.py files of each folder's chain, by folder and rootdir, for every file of the run.
_CHAINS: Memo[tuple[Path, Path | None], tuple[Path, ...]] = Memo()


def _conftest_paths(
    folder: Path, rootdir: Path | None,
    read: Callable[[Path], ModuleSummary | None] = load_module,
) -> tuple[Path, ...]:
    """The conftest.py files (that parse) from ``folder`` up to the folder whose conftest pytest
    loads last (the project's top), nearest first."""
    stop = project_folder(folder, rootdir)
    found = []
    for candidate in (folder, *folder.parents):
        if read(candidate / "conftest.py") is not None:
            found.append(candidate / "conftest.py")
        if candidate == stop:
            break
    return tuple(found)


def _exports(module: ModuleSummary, name: str) -> bool:
    """Whether ``from module import *`` binds ``name``: ``__all__``, else the public names."""
    if module.all_names is not None:
        return name in module.all_names
    return not name.startswith("_")
