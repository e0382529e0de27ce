"""Async tests and fixtures of the checked module that pytest-asyncio will not run (ALP006).

In strict mode (the default since 0.19) pytest-asyncio runs only tests that carry its mark and
fixtures decorated with ``pytest_asyncio.fixture``.  Everything else that is a coroutine is left
to pytest, which fails it (an unmarked test on pytest >= 8.4, a requested fixture on pytest 9) or
skips and warns (older pytest).  Another runner, a hook, or a mark the plugin cannot read may
take such code instead, and then nothing is said: see ``runners`` for the evidence read, and the
rule page for what each real run showed.
"""

from __future__ import annotations

import ast
import fnmatch
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Final

from ..imports import ImportTracker
from ..statements import walk_statements
from .fixtures import MOCK_PATCH, PYTEST_FIXTURE
from .hook_values import ASYNCIO_MARK
from .summary import ClassInfo, FixtureDef, TestDef
from .lookup import Site
from .model import PytestModel
from .project import project_folder
from .runners import (
    ANYIO,
    COLLECTION_MARKS,
    FIXTURE_HOOK,
    OTHER_RUNNER,
    PARAM_MARKS,
    PYTEST_ASYNCIO,
    RUNS_EVERYTHING,
    TEST_HOOK,
    file_evidence,
    project_runners,
    text_evidence,
    tree_evidence,
)
from .config import DEFAULT_ORIGIN, LEGACY_MODE
from .config_files import locate

DEFAULT_PYTHON_FILES: Final = ("test_*.py", "*_test.py")
#: Marks of other runners: a test carrying one is theirs.
OTHER_MARKS: Final = frozenset(
    {"anyio", "trio", "curio", "gen_test", "asyncio_cooperative", "asyncio_concurrent"}
)
#: Decorators that keep an ``async def`` a coroutine function (pytest still sees the coroutine).
_KEEPS_COROUTINE: Final = MOCK_PATCH | {
    "unittest.mock.patch.dict", "mock.patch.dict", "unittest.mock.patch.multiple", "mock.patch.multiple",
}
_TEST_FOLDERS: Final = frozenset({"tests", "test"})
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


class UnrunAsync:
    """Answers, for one checked module, which async tests and fixtures nobody runs."""

    def __init__(self, model: PytestModel, tree: ast.Module, text: str) -> None:
        self.model = model
        self.tree = tree
        self.path = model.module.path
        self._text = text
        self._plain_bodies: dict[int, bool] = {}

    # What the questions below read of the module, each read on first use: most files are
    # answered before any of it (auto mode, no async test, no plain async fixture).

    @cached_property
    def _own(self) -> frozenset[str]:
        return text_evidence(self._text)

    @cached_property
    def _nodes(self) -> dict[int, FunctionNode]:
        return _function_nodes(self.tree)

    @cached_property
    def _identities(self) -> frozenset[str]:
        return _identity_decorators(self.tree)

    @cached_property
    def _statements(self) -> tuple[ImportTracker, dict[str, ast.ClassDef]]:
        return _imports_and_classes(self.tree)

    @property
    def _imports(self) -> ImportTracker:
        return self._statements[0]

    # -- tests ---------------------------------------------------------------------------

    def unmarked_tests(self) -> Iterator[TestDef]:
        """Async tests without an asyncio mark that no other runner or hook may take."""
        if self.model.auto_mode or not self._is_test_module():
            return
        if not any(test.is_async for test in self.model.tests()):
            return
        evidence = self._evidence()
        if PYTEST_ASYNCIO not in evidence or evidence & {RUNS_EVERYTHING, TEST_HOOK}:
            return
        if PARAM_MARKS in evidence - self._own or self._own_fixture_param_marks():
            return  # a fixture's params may mark the tests that use it
        if COLLECTION_MARKS in evidence and not self.model.semantics.per_scope_loops:
            return  # <= 0.21 runs a test its collection hook marked
        if _dunder_test_false(self.tree.body):
            return
        for test in self.model.tests():
            if test.is_async and self._unmarked(test, evidence):
                yield test

    def _unmarked(self, test: TestDef, evidence: frozenset[str]) -> bool:
        if self.model.closest_asyncio_mark(test) is not None:
            return False
        node = self._nodes.get(test.def_line)
        if node is None or not self._plain_decorators(node.decorator_list):
            return False
        chain = self.model.module.class_chain(test.classes)
        if not all(self._plain_class(cls, set()) for cls in chain):
            return False
        if not self._plain_pytestmarks(test.classes):
            return False
        if ANYIO in evidence and self._reaches_anyio_backend(test, node):
            return False
        return True

    def _plain_decorators(self, decorators: list[ast.expr]) -> bool:
        """Only marks (none of them asyncio or another runner's) and patches that keep a coroutine."""
        for decorator in decorators:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = self._imports.qualified_name(func) or ""
            if _mentions_asyncio_mark(decorator, self._imports):
                return False
            if name.startswith("pytest.mark."):
                if name.split(".")[2] in OTHER_MARKS:
                    return False
                continue
            if name in _KEEPS_COROUTINE or _is_builtin_method_decorator(func):
                continue
            if not (isinstance(func, ast.Name) and func.id in self._identities):
                return False
        return True

    def _plain_class(self, cls: ClassInfo, seen: set[str]) -> bool:
        """A class pytest collects itself: no base but ``object`` or plain classes of this module.

        A ``unittest.TestCase`` (``IsolatedAsyncioTestCase`` runs coroutines) or an imported base
        that may be one is another collector's business.
        """
        if cls.name in seen:
            return True
        seen.add(cls.name)
        node = self._class_node(cls.name)
        if node is None or any(not isinstance(base, ast.Name) for base in node.bases) or node.keywords:
            return False
        if _dunder_test_false(node.body):
            return False
        for base in cls.bases:
            if base == "object":
                continue
            found = self.model.module.top_class(base)
            if found is None or not self._plain_class(found, seen):
                return False
        return True

    def _class_node(self, name: str) -> ast.ClassDef | None:
        return self._statements[1].get(name)

    def _plain_pytestmarks(self, classes: tuple[str, ...]) -> bool:
        """Every ``pytestmark`` above the test is a literal mark or list of marks, none another runner's."""
        bodies = [self.tree.body]
        bodies += [node.body for name in classes if (node := self._class_node(name)) is not None]
        return all(self._plain_body_marks(body) for body in bodies)

    def _plain_body_marks(self, body: list[ast.stmt]) -> bool:
        """One module or class body's ``pytestmark`` is plain (read once per body, not per test)."""
        known = self._plain_bodies.get(id(body))
        if known is None:
            known = self._plain_bodies[id(body)] = all(self._plain_statement_marks(s) for s in body)
        return known

    def _plain_statement_marks(self, statement: ast.stmt) -> bool:
        value = _pytestmark_value(statement)
        if value is not None:
            return self._plain_marks_value(value)
        return not _mentions_pytestmark(statement)  # pytestmark.extend([...]), a loop over it: unreadable

    def _plain_marks_value(self, value: ast.expr) -> bool:
        items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        for item in items:
            func = item.func if isinstance(item, ast.Call) else item
            name = self._imports.qualified_name(func) or ""
            if not name.startswith("pytest.mark.") or name.split(".")[2] in OTHER_MARKS:
                return False
            if _mentions_asyncio_mark(item, self._imports):
                return False
        return True

    def _reaches_anyio_backend(self, test: TestDef, node: FunctionNode) -> bool:
        """anyio runs a test whose fixture closure (autouse fixtures too) holds ``anyio_backend``."""
        names = [arg.arg for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
        names += [name for name, _, _ in test.marks.usefixtures]
        names += [fixture.name for fixture in self._autouse(test)]
        site = self.model.test_site(test)
        seen: set[tuple[Path, int]] = set()
        pending: list[tuple[str, Site, FixtureDef | None]] = [(name, site, None) for name in names]
        while pending:
            name, where, requester = pending.pop()
            if name == "anyio_backend":
                return True
            found = self.model.lookup.resolve(name, where, requester)
            if found is None or (found.path, found.def_line) in seen:
                continue
            seen.add((found.path, found.def_line))
            found_site = self.model.site_of(found)
            if found_site is not None:
                pending += [(param, found_site, found) for param in found.params]
        return False

    def _autouse(self, test: TestDef) -> list[FixtureDef]:
        module = self.model.module
        holders = [*self.model.lookup.conftests(self.path), module]
        found = [f for holder in holders for f in holder.fixtures if f.autouse]
        found += [f for cls in module.class_chain(test.classes) for f in cls.fixtures if f.autouse]
        return found

    def _own_fixture_param_marks(self) -> bool:
        """A fixture of this module whose ``params`` hand out marks (``pytest.param(..., marks=...)``)."""
        for fixture in self.model.module.all_fixtures:
            node = self._nodes.get(fixture.def_line)
            for decorator in node.decorator_list if node is not None else []:
                for inner in ast.walk(decorator):
                    if isinstance(inner, ast.keyword) and inner.arg == "marks":
                        return True
        return False

    # -- fixtures ------------------------------------------------------------------------

    def plain_fixtures(self) -> Iterator[FixtureDef]:
        """``async def`` fixtures under plain ``@pytest.fixture`` that strict mode leaves alone."""
        if self._mode_runs_plain_fixtures() or not self._holds_project_fixtures():
            return
        candidates = [
            fixture for fixture in self.model.module.all_fixtures
            if fixture.is_async and not fixture.asyncio_decorator and self._plain_fixture(fixture)
        ]
        if not candidates:
            return  # the evidence below may read a whole tree: only for a module that needs it
        evidence = self._evidence()
        if not self._is_test_module():
            evidence |= tree_evidence(self._served_folder())
        if PYTEST_ASYNCIO not in evidence or evidence & {RUNS_EVERYTHING, OTHER_RUNNER, ANYIO, FIXTURE_HOOK}:
            return
        yield from candidates

    def _plain_fixture(self, fixture: FixtureDef) -> bool:
        node = self._nodes.get(fixture.def_line)
        if node is None:
            return False
        for decorator in node.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            if self._imports.qualified_name(func) not in PYTEST_FIXTURE:
                return False
        chain = self.model.module.class_chain(fixture.classes)
        return all(self._plain_class(cls, set()) for cls in chain)

    def _mode_runs_plain_fixtures(self) -> bool:
        """Auto mode; before 0.17 (no modes); 0.17-0.18 by default, and 0.17-0.19 in legacy mode."""
        semantics = self.model.semantics
        if self.model.auto_mode or semantics.plain_async_fixtures_run:
            return True
        if semantics.legacy_mode_default and self.model.config.asyncio_mode.origin == DEFAULT_ORIGIN:
            return True
        return self.model.config.asyncio_mode.value == LEGACY_MODE

    def _holds_project_fixtures(self) -> bool:
        """A conftest, a test module, or a module under a tests/ folder: the project's own fixtures.

        A library's plugin module (``mylib/testing/plugin.py``) serves other projects, whose
        mode decides.
        """
        if self.path.name == "conftest.py" or self._is_test_module():
            return True
        try:
            relative = self.path.relative_to(project_folder(self.path.parent, self.model.config.rootdir))
        except ValueError:
            return False
        return any(part in _TEST_FOLDERS for part in relative.parts[:-1])

    def _served_folder(self) -> Path:
        """The folder whose tests a conftest or fixture module serves."""
        if self.path.name == "conftest.py":
            return self.path.parent
        return project_folder(self.path.parent, self.model.config.rootdir)

    # -- shared --------------------------------------------------------------------------

    def _is_test_module(self) -> bool:
        """Whether pytest collects tests from this file (``python_files``)."""
        file = locate(self.path.parent).file
        written = file.values.get("python_files") if file is not None else None
        if isinstance(written, list):
            patterns = tuple(str(item) for item in written)
        elif isinstance(written, str) and written.split():
            patterns = tuple(written.split())
        else:
            patterns = DEFAULT_PYTHON_FILES
        return any(fnmatch.fnmatch(self.path.name, pattern) for pattern in patterns)

    def _evidence(self) -> frozenset[str]:
        """The module's own text, its conftests and plugins, the configuration and dependencies."""
        found = set(self._own) | project_runners(self.path.parent).evidence
        conftests = self.model.lookup.conftests(self.path)
        for holder in (*conftests, *self.model.lookup.plugins(self.model.module, conftests)):
            if holder.path != self.path:
                found |= file_evidence(holder.path)
        return frozenset(found)


def _function_nodes(tree: ast.Module) -> dict[int, FunctionNode]:
    """Functions at module level and in class bodies, by ``def`` line (as the model keys them)."""
    found: dict[int, FunctionNode] = {}
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[child.lineno] = child
            elif not isinstance(child, (ast.expr, ast.Lambda)):
                pending.append(child)
    return found


def _imports_and_classes(tree: ast.Module) -> tuple[ImportTracker, dict[str, ast.ClassDef]]:
    """Every import of the module, wherever it sits, bound in ``ast.walk``'s order (for qualified
    names), and the first class of each name in that order."""
    tracker = ImportTracker()
    classes: dict[str, ast.ClassDef] = {}
    for node in walk_statements(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            tracker.bind_import(node)
        elif isinstance(node, ast.ClassDef):
            classes.setdefault(node.name, node)
    return tracker, classes


def _mentions_asyncio_mark(node: ast.AST, imports: ImportTracker) -> bool:
    """Whether an asyncio mark appears anywhere inside (``pytest.param(..., marks=...)`` too)."""
    return any(
        isinstance(inner, (ast.Attribute, ast.Name)) and imports.qualified_name(inner) in ASYNCIO_MARK
        for inner in ast.walk(node)
    )


def _pytestmark_value(statement: ast.stmt) -> ast.expr | None:
    """The value assigned to ``pytestmark`` (an augmented assignment counts as unreadable)."""
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        return statement.target if statement.target.id == "pytestmark" else None
    if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
            return statement.value
    return None


def _dunder_test_false(body: list[ast.stmt]) -> bool:
    """``__test__ = False``: pytest collects nothing here."""
    for statement in body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__test__" for t in statement.targets
        ):
            return True
    return False


def _is_builtin_method_decorator(func: ast.expr) -> bool:
    return isinstance(func, ast.Name) and func.id in ("staticmethod", "classmethod")


def _identity_decorators(tree: ast.Module) -> frozenset[str]:
    """Module-level functions that hand back what they decorate (``def register(f): return f``)."""
    found = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        first = node.args.args[0].arg
        if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Name):
            if body[0].value.id == first and not node.decorator_list:
                found.add(node.name)
    return frozenset(found)


def _mentions_pytestmark(statement: ast.stmt) -> bool:
    return any(isinstance(node, ast.Name) and node.id == "pytestmark" for node in ast.walk(statement))
