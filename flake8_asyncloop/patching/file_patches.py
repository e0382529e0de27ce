"""The patch calls of one file, collected once during the walk and resolved once, for every patch rule.

ALP004 (targets that do not exist), ALP007 (sync mocks for async callables) and ALP009 (patches the
code under test never sees) read the same calls and resolve the same targets: the first rule that
is handed a node collects it, the others find it done (the walker hands a node to its rules one
after the other), and the resolver with its parsed modules is built once per file, on first use.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Final, Protocol

from ..imports import ImportTracker, Scope
from ..pytest_world.case_classes import never_runs
from ..records import record
from .case_bases import project_class_lookup
from .roots import finder_for
from .targets import MOCK, MOCKER, PatchCallReader, PatchTarget

if TYPE_CHECKING:
    from ..options import Settings
    from .answers import PatchAnswers
    from .resolver import Resolver

#: The node types the patch rules ask the walker for.
NODE_TYPES: Final = (ast.Call, ast.Expr, ast.Import, ast.ImportFrom, ast.With, ast.AsyncWith)
#: Exceptions whose expectation means the test wants the patch to fail.
_PATCH_ERRORS: Final = frozenset(
    {"AttributeError", "ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
)
_UNITTEST_RAISES: Final = frozenset({"assertRaises", "assertRaisesRegex"})


@record
class PatchSite:
    """A target and where its call sits: the functions and classes around it, innermost last."""

    target: PatchTarget
    enclosing: tuple[ast.AST, ...]
    #: The import scopes at the call, to read its other arguments' names as they were bound there.
    scopes: tuple[Scope, ...] = ()

    def names(self) -> ImportTracker:
        """An import tracker that resolves names as they were bound at the call."""
        tracker = ImportTracker()
        tracker.restore(self.scopes)
        return tracker


class WalkPosition(Protocol):
    """What the collection needs from the walk (a rule's ``FileContext`` provides it); a protocol so
    the patch layer does not depend on the rules."""

    filename: str
    settings: Settings
    imports: ImportTracker
    enclosing: tuple[ast.AST, ...]
    tree: ast.Module


class FilePatches:
    """Every literal patch target of one file, the modules the file imports, and blocks that expect
    a patch to fail; built through ``FileContext.shared`` so each rule gets the same one."""

    def __init__(self, context: WalkPosition) -> None:
        self.context = context
        self._reader = PatchCallReader(context.imports)
        self._sites: list[PatchSite] = []
        self.file_imports: set[str] = set()
        self._expected_failures: list[tuple[int, int]] = []
        #: Calls whose result a statement drops: ``patch("a.b")`` alone is never started.
        self._discarded: set[int] = set()
        self._last: ast.AST | None = None
        self._resolver: Resolver | None = None
        self._answers: PatchAnswers | None = None

    def visit(self, node: ast.AST) -> None:
        """Collect one node; a node already collected (for another rule) is skipped."""
        if node is self._last:
            return
        self._last = node
        if isinstance(node, ast.Expr):
            self._discarded.add(id(node.value))
        elif isinstance(node, ast.Call):
            enclosing = self.context.enclosing
            found = self._reader.read(node, enclosing)
            if found:
                scopes = self.context.imports.chain
                self._sites.extend(PatchSite(t, enclosing, scopes) for t in found)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            if any(self._expects_patch_error(item.context_expr) for item in node.items):
                self._expected_failures.append((node.lineno, node.end_lineno or node.lineno))
        elif isinstance(node, ast.Import):
            self.file_imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            self.file_imports.add(node.module)
            self.file_imports.update(f"{node.module}.{alias.name}" for alias in node.names)

    def sites(self) -> list[PatchSite]:
        """The targets whose patch starts and is expected to work: not a ``patch(...)`` whose result
        is dropped (nothing starts it, so its target is never looked up), not inside
        ``pytest.raises(AttributeError)``."""
        return [
            s for s in self._sites
            if not (self._expects_failure(s.target.line) or self._never_started(s) or self._never_runs(s))
        ]

    def _never_runs(self, site: PatchSite) -> bool:
        """In (or decorating) a test method whose coroutine nobody awaits: a plain
        ``unittest.TestCase``'s ``async def test_*``, or one whose class has a base that cannot be
        followed (``pytest_world.case_classes``)."""
        if not any(isinstance(node, ast.ClassDef) for node in site.enclosing):
            return False
        context = self.context
        lookup = project_class_lookup(finder_for(context.filename, context.settings.source_roots))
        return never_runs(site.enclosing, site.target.line, context.tree, context.imports, lookup)

    def _never_started(self, site: PatchSite) -> bool:
        """A mock ``patch(...)`` (or ``.object``/``.dict``/``.multiple``) dropped by its statement;
        pytest-mock's ``mocker.patch`` and ``monkeypatch.setattr`` apply at the call."""
        call = site.target.call
        if call is None or id(call) not in self._discarded or site.target.family != MOCK:
            return False
        root = call.func
        while isinstance(root, ast.Attribute):
            root = root.value
        return not (isinstance(root, ast.Name) and self.is_mocker(root.id, site.enclosing))

    def targets(self) -> list[PatchTarget]:
        """The targets of ``sites()``."""
        return [site.target for site in self.sites()]

    def is_mocker(self, name: str, enclosing: tuple[ast.AST, ...]) -> bool:
        """Whether the local ``name`` is pytest-mock's ``mocker`` (or a scoped one) where it is used."""
        return self._reader.receiver_kind(name, enclosing) == MOCKER

    def resolver(self) -> Resolver:
        """The file's resolver, built on first use: only then is astroid imported."""
        if self._resolver is None:
            from .check import resolver_for  # noqa: PLC0415 - astroid only for files with targets

            settings = self.context.settings
            self._resolver = resolver_for(self.context.filename, settings.source_roots, self.file_imports)
        return self._resolver

    def answers(self) -> PatchAnswers:
        """The patch rules' answers for this file, from the disk cache where it holds (built after the
        walk, on first use); the resolver is built only for an answer the cache does not have."""
        if self._answers is None:
            from .answers import PatchAnswers  # noqa: PLC0415 - only for files with targets

            self._answers = PatchAnswers(self)
        return self._answers

    def flush(self) -> None:
        """Store the answers computed for this file (each patch rule calls it when it is done)."""
        if self._answers is not None:
            self._answers.flush()

    def _expects_failure(self, line: int) -> bool:
        return any(first <= line <= last for first, last in self._expected_failures)

    def _expects_patch_error(self, expression: ast.expr) -> bool:
        """``pytest.raises(AttributeError)`` or ``self.assertRaises(...)`` naming an error a patch raises."""
        if not isinstance(expression, ast.Call) or not expression.args:
            return False
        func = expression.func
        is_raises = self.context.imports.qualified_name(func) == "pytest.raises" or (
            isinstance(func, ast.Attribute) and func.attr in _UNITTEST_RAISES
        )
        if not is_raises:
            return False
        expected = expression.args[0]
        names = expected.elts if isinstance(expected, ast.Tuple) else [expected]
        return any(isinstance(n, ast.Name) and n.id in _PATCH_ERRORS for n in names)
