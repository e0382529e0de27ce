"""Read the fixtures, tests and marks of one module from its top level and class bodies.

pytest finds fixtures and tests by looking at a module's attributes, so only
module-level statements (and the bodies of ``if``/``try`` blocks there) and class
bodies matter: no function body is entered, which keeps this cheap enough to run
on every test file and every conftest in a suite.  Decorators and marks are
matched by qualified name through ``ImportTracker``, so every import form and
alias works.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from ..imports import CLASS, ImportTracker
from .collection_hooks import OPAQUE_HOOKS, PHASES, CollectionHooks, read_collection_hooks
from .hook_values import ASYNCIO_MARK
from .relevance import top_level
from .scopes import SCOPES
from .values.body import read_function
from .values.module_facts import read_facts
from .summary import (
    UNKNOWN, AsyncioMark, ClassInfo, FixtureDef, Marks, ModuleSummary, NameImport, StarImport, TestDef,
)
from .values.parts import ValueSummary

PYTEST_FIXTURE: Final = frozenset({"pytest.fixture", "_pytest.fixtures.fixture"})
ASYNCIO_FIXTURE: Final = frozenset({"pytest_asyncio.fixture", "pytest_asyncio.plugin.fixture"})
MARK_PREFIX: Final = "pytest.mark."
USEFIXTURES_MARK: Final = frozenset({"pytest.mark.usefixtures", "_pytest.mark.MARK_GEN.usefixtures"})
PARAMETRIZE_MARK: Final = frozenset({"pytest.mark.parametrize", "_pytest.mark.MARK_GEN.parametrize"})
MOCK_PATCH: Final = frozenset(
    {"unittest.mock.patch", "mock.patch", "unittest.mock.patch.object", "mock.patch.object"}
)

FunctionDef = ast.FunctionDef | ast.AsyncFunctionDef


def extract_module(path: Path, tree: ast.Module) -> ModuleSummary:
    """Read fixtures, tests, marks, plugins and imports from a module's top level."""
    return _ModuleReader(path).read(tree)


class _ModuleReader:
    """Reads one module; the tracker follows imports and rebinding in statement order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.imports = ImportTracker()
        self.all_tests: list[TestDef] = []
        self.all_fixtures: list[FixtureDef] = []
        self.loop_fixture_nodes: list[FunctionDef] = []

    def read(self, tree: ast.Module) -> ModuleSummary:
        fixtures: dict[str, FixtureDef] = {}
        tests: dict[str, TestDef] = {}
        classes: dict[str, ClassInfo] = {}
        marks = Marks()
        plugins: tuple[str, ...] = ()
        name_imports: list[NameImport] = []
        star_imports: list[StarImport] = []
        all_names: tuple[str, ...] | None = None
        functions: dict[str, FunctionDef] = {}
        constants: dict[str, ast.expr] = {}
        for stmt in top_level(tree.body):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.imports.bind_import(stmt)
                if isinstance(stmt, ast.ImportFrom):
                    self._record_from_import(stmt, name_imports, star_imports)
                continue
            for name in _bound_names(stmt):
                fixtures.pop(name, None)
                tests.pop(name, None)
                classes.pop(name, None)
                functions.pop(name, None)
                constants.pop(name, None)
                self.imports.shadow(name)
            if isinstance(stmt, FunctionDef):
                functions[stmt.name] = stmt
                fixture = self._fixture(stmt, ())
                if fixture is not None:
                    fixtures[stmt.name] = fixture
                elif stmt.name.startswith("test"):
                    tests[stmt.name] = self._test(stmt, (), method=False)
            elif isinstance(stmt, ast.ClassDef):
                classes[stmt.name] = self._class(stmt, ())
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = _assigned_names(stmt)
                if len(targets) == 1 and stmt.value is not None:
                    constants[next(iter(targets))] = stmt.value
                if "pytestmark" in targets and stmt.value is not None:
                    marks = self._marks_from_pytestmark(stmt.value, "the module's pytestmark")
                if "pytest_plugins" in targets and stmt.value is not None:
                    plugins = _string_items(stmt.value)
                if "__all__" in targets and stmt.value is not None:
                    all_names = _string_items(stmt.value)
        return ModuleSummary(
            path=self.path,
            fixtures=tuple(fixtures.values()),
            tests=tuple(tests.values()),
            classes=tuple(classes.values()),
            marks=marks,
            pytest_plugins=plugins,
            name_imports=tuple(name_imports),
            star_imports=tuple(star_imports),
            all_names=all_names,
            all_tests=tuple(self.all_tests),
            all_fixtures=tuple(self.all_fixtures),
            fixture_values=self._fixture_values(tree),
            collection_hooks=self._hooks(functions, constants),
        )

    def _fixture_values(self, tree: ast.Module) -> dict[int, ValueSummary]:
        """Read the bodies of the fixtures that may run on a loop (the rest hand over no loop)."""
        if not self.loop_fixture_nodes:
            return {}
        facts = read_facts(self.path, tree.body)
        return {node.lineno: read_function(node, facts) for node in self.loop_fixture_nodes}

    def _hooks(
        self, functions: dict[str, FunctionDef], constants: dict[str, ast.expr]
    ) -> CollectionHooks | None:
        """Only a module that defines a hook-named function is looked at further."""
        if not any(name in PHASES or name in OPAQUE_HOOKS for name in functions):
            return None
        return read_collection_hooks(functions, constants, self.imports)

    @staticmethod
    def _record_from_import(
        stmt: ast.ImportFrom, name_imports: list[NameImport], star_imports: list[StarImport]
    ) -> None:
        for alias in stmt.names:
            if alias.name == "*":
                star_imports.append(StarImport(stmt.module, stmt.level))
            else:
                local = alias.asname or alias.name
                name_imports.append(NameImport(stmt.module, stmt.level, alias.name, local))

    # -- definitions -----------------------------------------------------------

    def _class(self, node: ast.ClassDef, outer: tuple[str, ...]) -> ClassInfo:
        path = outer + (node.name,)
        label = f"class {node.name}'s asyncio mark"
        decorator_marks = self._marks_from_decorators(node.decorator_list, label)
        body_marks = Marks()
        fixtures: dict[str, FixtureDef] = {}
        tests: dict[str, TestDef] = {}
        classes: dict[str, ClassInfo] = {}
        has_init = False
        self.imports.push(CLASS)
        for stmt in top_level(node.body):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.imports.bind_import(stmt)
                continue
            for name in _bound_names(stmt):
                fixtures.pop(name, None)
                tests.pop(name, None)
                self.imports.shadow(name)
            if isinstance(stmt, FunctionDef):
                has_init = has_init or stmt.name == "__init__"
                fixture = self._fixture(stmt, path)
                if fixture is not None:
                    fixtures[stmt.name] = fixture
                elif stmt.name.startswith("test"):
                    tests[stmt.name] = self._test(stmt, path, method=not _is_staticmethod(stmt))
            elif isinstance(stmt, ast.ClassDef):
                classes[stmt.name] = self._class(stmt, path)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
                if "pytestmark" in _assigned_names(stmt):
                    body_marks = self._marks_from_pytestmark(stmt.value, label)
        self.imports.pop()
        marks = Marks(
            asyncio=body_marks.asyncio or decorator_marks.asyncio,
            usefixtures=body_marks.usefixtures + decorator_marks.usefixtures,
            names=body_marks.names | decorator_marks.names,
        )
        bases = tuple(b.id for b in node.bases if isinstance(b, ast.Name))
        return ClassInfo(
            name=node.name,
            is_test_class=node.name.startswith("Test") and not has_init,
            bases=bases,
            marks=marks,
            fixtures=tuple(fixtures.values()),
            tests=tuple(tests.values()),
            classes=tuple(classes.values()),
        )

    def _fixture(self, node: FunctionDef, classes: tuple[str, ...]) -> FixtureDef | None:
        for decorator in node.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            qualified = self.imports.qualified_name(func)
            if qualified in PYTEST_FIXTURE or qualified in ASYNCIO_FIXTURE:
                fixture = self._fixture_from(node, decorator, qualified in ASYNCIO_FIXTURE, classes)
                self.all_fixtures.append(fixture)
                if fixture.is_async or fixture.asyncio_decorator:
                    self.loop_fixture_nodes.append(node)
                return fixture
        return None

    def _fixture_from(
        self, node: FunctionDef, decorator: ast.expr, asyncio_decorator: bool, classes: tuple[str, ...]
    ) -> FixtureDef:
        keywords = decorator.keywords if isinstance(decorator, ast.Call) else []
        splat = any(k.arg is None for k in keywords)
        values = {k.arg: k.value for k in keywords if k.arg is not None}
        name = values.get("name")
        explicit_name = _string(name) if name is not None else None
        if name is not None and explicit_name is None:
            explicit_name = UNKNOWN
        return FixtureDef(
            path=self.path,
            attr=node.name,
            explicit_name=explicit_name,
            classes=classes,
            is_async=isinstance(node, ast.AsyncFunctionDef),
            asyncio_decorator=asyncio_decorator,
            scope=UNKNOWN if splat else _scope_arg(values.get("scope")),
            loop_scope=UNKNOWN if splat else _scope_arg(values.get("loop_scope")),
            autouse=_is_true(values.get("autouse")),
            params=_requested(node, method=bool(classes) and not _is_staticmethod(node), skip=frozenset()),
            def_line=node.lineno,
            def_col=node.col_offset,
            decorator_line=decorator.lineno,
            decorator_col=max(decorator.col_offset - 1, 0),  # the "@"
        )

    def _test(self, node: FunctionDef, classes: tuple[str, ...], method: bool) -> TestDef:
        marks = self._marks_from_decorators(node.decorator_list, "its asyncio mark")
        skip = marks.parametrized
        patched = sum(1 for d in node.decorator_list if self._is_positional_patch(d))
        params = _requested(node, method=method, skip=skip, leading=patched)
        test = TestDef(
            path=self.path,
            name=node.name,
            classes=classes,
            is_async=isinstance(node, ast.AsyncFunctionDef),
            params=params,
            marks=marks,
            def_line=node.lineno,
            def_col=node.col_offset,
        )
        self.all_tests.append(test)
        return test

    # -- marks -----------------------------------------------------------------

    def _marks_from_decorators(self, decorators: Iterable[ast.expr], where: str) -> Marks:
        # Decorators apply bottom-up and pytest takes the first applied mark as the closest.
        return self._collect_marks(reversed(list(decorators)), where)

    def _marks_from_pytestmark(self, value: ast.expr, where: str) -> Marks:
        items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        return self._collect_marks(items, where)

    def _collect_marks(self, items: Iterable[ast.expr], where: str) -> Marks:
        asyncio_mark: AsyncioMark | None = None
        usefixtures: list[tuple[str, int, int]] = []
        parametrized: set[str] = set()
        names: set[str] = set()
        for item in items:
            func = item.func if isinstance(item, ast.Call) else item
            qualified = self.imports.qualified_name(func)
            if qualified is not None and qualified.startswith(MARK_PREFIX):
                names.add(qualified[len(MARK_PREFIX):])
            if qualified in ASYNCIO_MARK and asyncio_mark is None:
                asyncio_mark = _asyncio_mark(item, where)
            elif qualified in USEFIXTURES_MARK and isinstance(item, ast.Call):
                usefixtures.extend(
                    (arg.value, arg.lineno, arg.col_offset)
                    for arg in item.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
            elif qualified in PARAMETRIZE_MARK and isinstance(item, ast.Call) and item.args:
                parametrized.update(_parametrize_names(item.args[0]))
        return Marks(asyncio_mark, tuple(usefixtures), frozenset(parametrized), frozenset(names))

    def _is_positional_patch(self, decorator: ast.expr) -> bool:
        """A ``mock.patch`` decorator that hands the test a positional mock argument."""
        if not isinstance(decorator, ast.Call):
            return False
        qualified = self.imports.qualified_name(decorator.func)
        if qualified not in MOCK_PATCH:
            return False
        if any(k.arg in ("new", None) for k in decorator.keywords):
            return False
        given = 3 if qualified.endswith(".object") else 2
        return len(decorator.args) < given


def _asyncio_mark(item: ast.expr, where: str) -> AsyncioMark:
    if not isinstance(item, ast.Call):
        return AsyncioMark(None, None, where, item.lineno)
    values = {k.arg: k.value for k in item.keywords if k.arg is not None}
    splat = any(k.arg is None for k in item.keywords)
    loop_scope = UNKNOWN if splat else _scope_arg(values.get("loop_scope"))
    scope = UNKNOWN if splat else _scope_arg(values.get("scope"))
    return AsyncioMark(loop_scope, scope, where, item.lineno)


def _scope_arg(value: ast.expr | None) -> str | None:
    """A literal scope name, None when not written (or ``None``), else UNKNOWN."""
    if value is None:
        return None
    if isinstance(value, ast.Constant):
        if value.value is None:
            return None
        if isinstance(value.value, str) and value.value in SCOPES:
            return value.value
    return UNKNOWN


def _string(value: ast.expr) -> str | None:
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None


def _string_items(value: ast.expr) -> tuple[str, ...]:
    """A string, or the strings of a list/tuple literal (``pytest_plugins``, ``__all__``)."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return tuple(s for item in value.elts if (s := _string(item)) is not None)
    single = _string(value)
    return (single,) if single is not None else ()


def _parametrize_names(value: ast.expr) -> set[str]:
    single = _string(value)
    if single is not None:
        return {part.strip() for part in single.split(",") if part.strip()}
    return set(_string_items(value))


def _is_true(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is True


def _is_staticmethod(node: FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def _requested(node: FunctionDef, method: bool, skip: frozenset[str], leading: int = 0) -> tuple[str, ...]:
    """The argument names pytest fills with fixtures, as ``getfuncargnames`` computes them."""
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    without_default = positional[: len(positional) - len(args.defaults)]
    names = [a.arg for a in without_default]
    names += [a.arg for a, default in zip(args.kwonlyargs, args.kw_defaults) if default is None]
    if method and positional and without_default:
        names = names[1:]
    names = names[leading:]
    return tuple(n for n in names if n not in skip)


def _assigned_names(stmt: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _bound_names(stmt: ast.stmt) -> list[str]:
    """Names a statement (re)binds at its own level; a later binding hides a fixture."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        return sorted(_assigned_names(stmt))
    return []
