"""What the loop-scope rules ask about the checked file: which loop each fixture and test runs on.

Built lazily, once per checked file, from the tree flake8 handed over; the
project's pytest configuration, the conftest chain and fixture modules are read
only when a question needs them (and are cached per process).  Every answer
follows the semantics of the pytest-asyncio version the project uses.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..options import Settings
from ..records import record
from .config import ConfigValue, PytestConfig, find_config
from .summary import UNKNOWN, AsyncioMark, ClassInfo, FixtureDef, ModuleSummary, TestDef
from .hook_marks import AUTO_MARK, HookSource, added_names, final_marks, hook_sources, item_facts
from .lookup import FixtureLookup, Site
from .sources import Sources
from .values.module_facts import ModuleFacts, read_facts
from .values.parts import EMPTY, ValueSummary
from .values.resolve import ValueResolver
from .values.verdict import LoopPair, Verdict, judge
from .versions import AsyncioSemantics, semantics_for

FIXTURE_LOOP_KEY = "asyncio_default_fixture_loop_scope"
TEST_LOOP_KEY = "asyncio_default_test_loop_scope"


@record
class LoopScope:
    """The scope of the event loop something runs on, and what decided it."""

    scope: str
    origin: str
    #: The collection hook whose mark decided it: marking the test itself may not help then.
    hook: str | None = None


@record
class LoopUse:
    """An async fixture whose loop-bound value reaches a requester, maybe through sync fixtures."""

    param: str
    fixture: FixtureDef
    via: tuple[FixtureDef, ...]


@record
class EventLoopSource:
    """On pytest-asyncio <= 0.21, the ``event_loop`` fixture every async fixture runs on."""

    scope: str | None  # None: the user's redefinition has no literal scope
    definition: FixtureDef | None  # None: pytest-asyncio's own, function-scoped


class PytestModel:
    """The pytest view of one checked module and the project around it."""

    def __init__(self, module: ModuleSummary, settings: Settings, tree: ast.Module | None = None) -> None:
        self.module = module
        self.settings = settings
        self.semantics: AsyncioSemantics = semantics_for(settings, module.path.parent)
        self._config: PytestConfig | None = None
        self._lookup: FixtureLookup | None = None
        self._hooks: tuple[HookSource, ...] | None = None
        self._sources = Sources(module)
        self._tree = tree
        self._resolver: ValueResolver | None = None

    # -- project -------------------------------------------------------------------

    @property
    def config(self) -> PytestConfig:
        """The project's pytest configuration, found upward from the checked file."""
        if self._config is None:
            self._config = find_config(self.module.path.parent, self.settings)
        return self._config

    @property
    def lookup(self) -> FixtureLookup:
        """Fixture resolution for this file (conftests are read on first use)."""
        if self._lookup is None:
            self._lookup = FixtureLookup(self._sources, self.config.rootdir, self.settings.source_roots)
        return self._lookup

    @property
    def auto_mode(self) -> bool:
        """``asyncio_mode = auto``: every async test and async fixture runs on a loop."""
        return self.config.asyncio_mode.value == "auto"

    def site_of(self, fixture: FixtureDef) -> Site | None:
        """Where a fixture's own requests are resolved from."""
        module = self._sources.module(fixture.path)
        return Site(module, fixture.classes) if module is not None else None

    def test_site(self, test: TestDef) -> Site:
        """Where a test of the checked module resolves its requests."""
        return Site(self.module, test.classes)

    # -- fixtures --------------------------------------------------------------------

    def runs_on_loop(self, fixture: FixtureDef) -> bool:
        """Whether pytest-asyncio runs this fixture on an event loop at all."""
        if fixture.asyncio_decorator:
            return fixture.is_async or self.semantics.sync_fixtures_get_loop
        return fixture.is_async and self.auto_mode

    def is_async_fixture(self, fixture: FixtureDef) -> bool:
        """An ``async def`` fixture that pytest-asyncio runs: its value may be bound to its loop."""
        return fixture.is_async and self.runs_on_loop(fixture)

    def fixture_loop(self, fixture: FixtureDef) -> LoopScope | None:
        """The loop a fixture runs on (pytest-asyncio >= 0.23), or None when not statically known."""
        scope = fixture.caching_scope
        if not self.semantics.loop_scope_argument:
            if scope is None:
                return None
            return LoopScope(scope, f'its scope "{scope}" (pytest-asyncio 0.23 runs a fixture on that loop)')
        if fixture.loop_scope == UNKNOWN:
            return None
        if fixture.loop_scope is not None:
            return LoopScope(fixture.loop_scope, f'its loop_scope="{fixture.loop_scope}" argument')
        default = self.config.fixture_loop_scope
        if default is not None:
            return LoopScope(default.value, _origin(default, FIXTURE_LOOP_KEY))
        if scope is None:
            return None
        return LoopScope(scope, f'its scope "{scope}", as {FIXTURE_LOOP_KEY} is not set')

    def event_loop_for(self, fixture: FixtureDef) -> EventLoopSource:
        """The ``event_loop`` fixture a fixture gets on pytest-asyncio <= 0.21."""
        site = self.site_of(fixture)
        found = self.lookup.resolve("event_loop", site, fixture) if site is not None else None
        if found is None:
            return EventLoopSource("function", None)
        return EventLoopSource(found.caching_scope, found)

    # -- values ------------------------------------------------------------------------

    def value_verdict(self, fixture: FixtureDef, pair: LoopPair) -> Verdict:
        """Whether the value ``fixture`` hands over fails on the requester's loop, and why."""
        summary = self.fixture_value(fixture)
        site = self.site_of(fixture)

        def param_value(name: str) -> ValueSummary | None:
            found = self.lookup.resolve(name, site, fixture) if site is not None else None
            return self.fixture_value(found) if found is not None and self.is_async_fixture(found) else None

        parts = self.resolver.resolve(summary, param_value)
        return judge(parts, summary.closed, pair)

    def fixture_value(self, fixture: FixtureDef) -> ValueSummary:
        """The summary of what a fixture that runs on a loop hands over (empty if unknown)."""
        module = self._sources.module(fixture.path)
        return module.fixture_values.get(fixture.def_line, EMPTY) if module is not None else EMPTY

    @property
    def resolver(self) -> ValueResolver:
        """Follows fixture values into the project's own helpers and classes."""
        if self._resolver is None:
            current: ModuleFacts | None = None
            if self._tree is not None:
                current = read_facts(self.module.path, self._tree.body)
            self._resolver = ValueResolver(self._sources, self.lookup.import_roots, current)
        return self._resolver

    # -- tests -----------------------------------------------------------------------

    def tests(self) -> Iterator[TestDef]:
        """The tests pytest would collect from the checked module."""
        for test in self.module.all_tests:
            chain = self.module.class_chain(test.classes)
            if len(chain) == len(test.classes) and all(cls.is_test_class for cls in chain):
                yield test

    def test_loop(self, test: TestDef) -> LoopScope | None:
        """The loop an async test runs on, or None when pytest-asyncio does not run it
        or when a collection hook leaves its mark unknown."""
        if not test.is_async:
            return None
        collector = self.collector_asyncio_mark(test)
        own = test.marks.asyncio
        if own is None and collector is None and not self.auto_mode:
            return None  # strict mode: a mark added later does not make it an asyncio test
        start = (own,) if own is not None else (AUTO_MARK,) if collector is None else ()
        finals = self._hooked_marks(test, start, collector)
        if finals is None:
            return None
        loops = [self._mark_loop(mark) for mark in finals]
        if any(loop is None for loop in loops) or len({loop.scope for loop in loops if loop}) != 1:
            return None
        return loops[0]

    def _mark_loop(self, mark: AsyncioMark) -> LoopScope | None:
        """The loop an asyncio mark puts a test on."""
        if self.semantics.loop_scope_argument:
            written = mark.loop_scope or mark.scope
            keyword = "loop_scope" if mark.loop_scope else "scope"
        else:
            written, keyword = mark.scope, "scope"
        if written == UNKNOWN:
            return None
        if written is None:
            return replace(self.default_test_loop(), hook=mark.hook)
        return LoopScope(written, f'{mark.where} ({keyword}="{written}")', mark.hook)

    def _hooked_marks(
        self, test: TestDef, start: tuple[AsyncioMark, ...], collector: AsyncioMark | None
    ) -> list[AsyncioMark] | None:
        """The marks the test may end with after the collection hooks above it."""
        if self._hooks is None:
            self._hooks = hook_sources(self.lookup, self._sources, self.module, self.config.rootdir)
        if not self._hooks:
            return [start[0] if start else collector]  # type: ignore[list-item]
        rootdir = str(self.config.rootdir) if self.config.rootdir is not None else None
        names = test.marks.names | self._collector_names(test)
        facts = item_facts(test, self.module, rootdir, names, added_names(self._hooks))
        return final_marks(self._hooks, facts, start, collector, self.semantics.version)

    def closest_asyncio_mark(self, test: TestDef) -> AsyncioMark | None:
        """The function's own mark, else its classes' (innermost first), else the module's."""
        return test.marks.asyncio or self.collector_asyncio_mark(test)

    def collector_asyncio_mark(self, test: TestDef) -> AsyncioMark | None:
        """The asyncio mark of the test's classes (innermost first, then their bases), else the module's."""
        for cls in reversed(self.module.class_chain(test.classes)):
            for current in self._lineage(cls):
                if current.marks.asyncio is not None:
                    return current.marks.asyncio
        return self.module.marks.asyncio

    def _collector_names(self, test: TestDef) -> frozenset[str]:
        """The names of every mark on the test's classes (and their bases) and module."""
        names = set(self.module.marks.names)
        for cls in self.module.class_chain(test.classes):
            for current in self._lineage(cls):
                names |= current.marks.names
        return frozenset(names)

    def _lineage(self, cls: ClassInfo) -> Iterator[ClassInfo]:
        """A class, then its bases defined in the same module, breadth first."""
        seen: set[str] = set()
        pending = [cls]
        while pending:
            current = pending.pop(0)
            if current.name in seen:
                continue
            seen.add(current.name)
            yield current
            pending.extend(b for name in current.bases if (b := self.module.top_class(name)) is not None)

    def default_test_loop(self) -> LoopScope:
        """The loop of a test without a loop scope on its mark."""
        if not self.semantics.default_test_loop_scope_option:
            return LoopScope("function", "the default of pytest-asyncio before 0.26")
        configured = self.config.test_loop_scope
        return LoopScope(configured.value, _origin(configured, TEST_LOOP_KEY))

    # -- requests ----------------------------------------------------------------------

    def loop_uses(
        self, params: tuple[str, ...], site: Site, requester: FixtureDef | None
    ) -> Iterator[LoopUse]:
        """The async fixtures whose values reach a requester through its parameters.

        A sync fixture runs on no loop and hands on what it got, so its own
        parameters are followed; a request that cannot be resolved is skipped.
        """
        seen: set[tuple[Path, int]] = set()
        if requester is not None:
            seen.add((requester.path, requester.def_line))
        for param in params:
            found = self.lookup.resolve(param, site, requester)
            if found is not None:
                yield from self._follow(param, found, (), seen)

    def _follow(
        self, param: str, fixture: FixtureDef, via: tuple[FixtureDef, ...], seen: set[tuple[Path, int]]
    ) -> Iterator[LoopUse]:
        key = (fixture.path, fixture.def_line)
        if key in seen:
            return
        seen.add(key)
        if self.is_async_fixture(fixture):
            yield LoopUse(param, fixture, via)
            return
        site = self.site_of(fixture)
        if site is None:
            return
        for name in fixture.params:
            found = self.lookup.resolve(name, site, fixture)
            if found is not None:
                yield from self._follow(param, found, via + (fixture,), seen)


def _origin(value: ConfigValue, key: str) -> str:
    """Where a configured value came from, always naming the option."""
    if key in value.origin or value.origin.startswith("--"):
        return value.origin
    return f"{key} not set: {value.origin}"
