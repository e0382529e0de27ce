"""What pytest would find in one module, as plain data: fixtures, tests, classes, marks, imports.

Built by ``fixtures.extract_module`` from a module's top level; read by the fixture lookup, the
pytest model and the rules.  Plain frozen data, so a summary can be kept between runs.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Final

from ..records import record
from .collection_hooks import CollectionHooks
from .scopes import SCOPES
from .values.parts import ValueSummary

#: A scope argument that is written but not a literal scope name (a variable, a callable).
UNKNOWN: Final = "<unknown>"


@record
class AsyncioMark:
    """One ``pytest.mark.asyncio``: its ``loop_scope=`` and deprecated ``scope=`` as written."""

    loop_scope: str | None
    scope: str | None
    where: str  # "its asyncio mark", "class TestX's asyncio mark", "the module's pytestmark"
    line: int
    hook: str | None = None  # the collection hook that adds it (its line is in that hook's module)


@record
class Marks:
    """The marks of one function, class or module that decide loops and fixtures."""

    asyncio: AsyncioMark | None = None
    usefixtures: tuple[tuple[str, int, int], ...] = ()  # (name, line, col) of each literal name
    parametrized: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # every mark's name, for hooks that filter on marks


@record
class FixtureDef:
    """A function decorated with ``pytest.fixture`` or ``pytest_asyncio.fixture``."""

    path: Path
    attr: str
    explicit_name: str | None
    classes: tuple[str, ...]
    is_async: bool
    asyncio_decorator: bool
    scope: str | None  # None: not written (function); UNKNOWN: not a literal scope
    loop_scope: str | None
    autouse: bool
    params: tuple[str, ...]
    def_line: int
    def_col: int
    decorator_line: int
    decorator_col: int

    @property
    def name(self) -> str:
        """The name tests request it by where it is defined."""
        return self.explicit_name or self.attr

    @property
    def caching_scope(self) -> str | None:
        """The scope pytest caches it for, or None when that is not a literal."""
        if self.scope is None:
            return "function"
        return self.scope if self.scope in SCOPES else None


@record
class TestDef:
    """A function pytest collects as a test."""

    path: Path
    name: str
    classes: tuple[str, ...]
    is_async: bool
    params: tuple[str, ...]
    marks: Marks
    def_line: int
    def_col: int


@record
class ClassInfo:
    """A class body: its fixtures, tests, nested classes and marks."""

    name: str
    is_test_class: bool
    bases: tuple[str, ...]
    marks: Marks
    fixtures: tuple[FixtureDef, ...]
    tests: tuple[TestDef, ...]
    classes: tuple[ClassInfo, ...]


@record
class NameImport:
    """``from module import original as local`` at module level (``level`` dots)."""

    module: str | None
    level: int
    original: str
    local: str


@record
class StarImport:
    """``from module import *`` at module level."""

    module: str | None
    level: int


@record
class ModuleSummary:
    """Everything pytest would find in one module's namespace."""

    path: Path
    fixtures: tuple[FixtureDef, ...]
    tests: tuple[TestDef, ...]
    classes: tuple[ClassInfo, ...]
    marks: Marks
    pytest_plugins: tuple[str, ...]
    name_imports: tuple[NameImport, ...]
    star_imports: tuple[StarImport, ...]
    all_names: tuple[str, ...] | None
    #: Every test and fixture of the module, class members included, in source order.
    all_tests: tuple[TestDef, ...]
    all_fixtures: tuple[FixtureDef, ...]
    #: What each fixture pytest-asyncio runs on a loop hands over, by its ``def`` line.
    fixture_values: dict[int, ValueSummary] = field(default_factory=dict)
    #: Marks its hooks add to items at collection (read only for hook-named top-level functions).
    collection_hooks: CollectionHooks | None = None

    def class_chain(self, names: tuple[str, ...]) -> tuple[ClassInfo, ...]:
        """The classes along ``names``, outermost first."""
        chain: list[ClassInfo] = []
        scope = self.classes
        for name in names:
            found = next((c for c in scope if c.name == name), None)
            if found is None:
                break
            chain.append(found)
            scope = found.classes
        return tuple(chain)

    def top_class(self, name: str) -> ClassInfo | None:
        """A module-level class by name (for base classes defined in the same module)."""
        return next((c for c in self.classes if c.name == name), None)
