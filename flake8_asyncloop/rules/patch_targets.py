"""ALP004: a patch target that does not exist where it is patched.

The walk only collects literal targets; the modules they name are read (with
astroid, imported lazily) after the walk, and only when there is a target.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar

from ..patching.targets import MONKEYPATCH, STRING, PatchCallReader, PatchTarget
from .base import FileContext, LineRanges, Rule

if TYPE_CHECKING:
    from ..patching.values import Problem

_FIX_TARGET = "correct the target"
#: Exceptions whose expectation means the test wants the patch to fail.
_PATCH_ERRORS = frozenset(
    {"AttributeError", "ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
)
_UNITTEST_RAISES = frozenset({"assertRaises", "assertRaisesRegex"})


class PatchTargetRule(Rule):
    """Collects patch targets during the walk and resolves them at the end."""

    code = "ALP004"
    messages: ClassVar = {
        "late-import": (
            "{api} target '{target}' does not exist when the patch starts: {owner} imports {name} only "
            "inside {function}(), so it is no module attribute and the patch raises {error}; patch "
            "'{suggestion}' instead, where {function}() reads it at each call"
        ),
        "late-import-unnamed": (
            "{api} target '{target}' does not exist when the patch starts: {owner} imports {name} only "
            "inside {function}(), so it is no module attribute and the patch raises {error}; patch "
            "{name} in the module {function}() imports it from"
        ),
        "late-assignment": (
            "{api} target '{target}' does not exist when the patch starts: {owner} binds {name} only when "
            "{function}() runs (a global statement), so the patch raises {error} unless {function}() ran "
            "first; bind {name} at module level, or patch the object {function}() assigns"
        ),
        "type-checking": (
            "{api} target '{target}' does not exist at run time: {owner} imports {name} only under "
            "'if TYPE_CHECKING:', so the patch raises {error}; patch {name} where the code reads it "
            "at run time"
        ),
        "missing-attribute": (
            "{api} target '{target}' does not exist: module {owner} has no attribute '{name}'{hint}, so "
            "the patch raises {error}; " + _FIX_TARGET + " (stale after a rename?)"
        ),
        "missing-class-attribute": (
            "{api} target '{target}' does not exist: class {owner} has no attribute '{name}' in its body "
            "or its bases{hint}, so the patch raises {error}; " + _FIX_TARGET
        ),
        "missing-module": (
            "{api} target '{target}' does not exist: there is no module {owner}.{name} and package "
            "{owner} has no attribute '{name}'{hint}, so the patch raises {error}; " + _FIX_TARGET
        ),
        "none-placeholder": (
            "{api} target '{target}' cannot be reached: {owner}.{name} is None when the module is "
            "imported and only assigned inside {function}(), so looking up '{detail}' on it raises "
            "AttributeError: 'NoneType' object has no attribute '{detail}' unless {function}() ran "
            "first; patch '{owner}.{name}' itself, or the class {function}() builds"
        ),
        "lazy-target-missing": (
            "{api} target '{target}' does not exist: the module __getattr__ of {owner} looks '{name}' up as "
            "{detail}, which does not exist, so the patch raises {error}; correct the target, or that entry "
            "of {owner}'s lazy table"
        ),
        "lazy-delete": (
            "{api} target '{target}' cannot be deleted: {owner} provides '{name}' through its module "
            "__getattr__, not as an attribute of its own, so delattr raises AttributeError: 'module' object "
            "has no attribute '{name}'; use monkeypatch.setattr instead"
        ),
        "inherited-delete": (
            "{api} target '{target}' cannot be deleted: class {owner} inherits '{name}' and does not "
            "define it itself, so delattr raises AttributeError: {name}; delete it on the base class "
            "that defines it, or use monkeypatch.setattr"
        ),
        "submodule-not-imported": (
            "{api} target '{target}' does not exist when the patch starts: {owner}.{name} is a submodule "
            "that package {owner} does not import, so it is no attribute of {owner} yet and the patch "
            "raises {error}; import {owner}.{name} in the test, or patch a name inside it"
        ),
    }
    node_types = (ast.Call, ast.Import, ast.ImportFrom, ast.With, ast.AsyncWith)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._reader = PatchCallReader(context.imports)
        self._targets: list[PatchTarget] = []
        self._file_imports: set[str] = set()
        self._expected_failures = LineRanges()

    def visit(self, node: ast.AST) -> None:
        """Collect targets of patch calls, the modules this file imports, and blocks expecting failure."""
        if isinstance(node, ast.Call):
            self._targets.extend(self._reader.read(node, self.context.enclosing))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            if any(self._expects_patch_error(item.context_expr) for item in node.items):
                self._expected_failures.add(node.lineno, node.end_lineno)
        elif isinstance(node, ast.Import):
            self._file_imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            self._file_imports.add(node.module)
            self._file_imports.update(f"{node.module}.{alias.name}" for alias in node.names)

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

    def finish(self) -> None:
        """Resolve every collected target; only now is the resolver (and astroid) loaded."""
        self._targets = [t for t in self._targets if t.line not in self._expected_failures]
        if not self._targets:
            return
        from ..patching.check import check_targets  # noqa: PLC0415 - astroid only for files with targets

        settings = self.context.settings
        for target, problem in check_targets(
            self.context.filename, settings.source_roots, self._targets, self._file_imports
        ):
            key = problem.kind
            if key == "missing-module" and not problem.in_path:
                key = "missing-attribute"
            if key == "late-import" and not problem.suggestion:
                key = "late-import-unnamed"
            self.report(
                target.line,
                target.col,
                key,
                api=target.api,
                target=_shown(target, problem),
                owner=problem.owner,
                name=problem.name,
                function=problem.function,
                suggestion=problem.suggestion,
                detail=problem.detail,
                hint=f" (did you mean '{problem.suggestion}'?)" if problem.suggestion else "",
                error=problem.error or _runtime_error(target, problem),
            )


def _shown(target: PatchTarget, problem: Problem) -> str:
    """The target as written; for ``patch.multiple``, the attribute that is missing."""
    if target.written == target.owner and target.attributes and problem.name in target.attributes:
        return f"{target.owner}.{problem.name}"
    return target.written


def _runtime_error(target: PatchTarget, problem: Problem) -> str:
    """What the runtime raises, in the words of the API that was used."""
    owner, name = problem.owner, problem.name
    is_class = problem.kind == "missing-class-attribute"
    if problem.in_path:
        if target.family == MONKEYPATCH:
            return f"ModuleNotFoundError: No module named '{owner}.{name}'"
        if is_class:
            return f"AttributeError: type object '{owner.rsplit('.', 1)[-1]}' has no attribute '{name}'"
        return f"AttributeError: module '{owner}' has no attribute '{name}'"
    if target.family == MONKEYPATCH and target.form == STRING:
        kind = "type" if is_class else "module"
        return f"AttributeError: '{kind}' object at {owner} has no attribute '{name}'"
    shown = f"<class '{owner}'>" if is_class else f"<module '{owner}' from '...'>"
    if target.family == MONKEYPATCH:
        return f"AttributeError: {shown} has no attribute '{name}'"
    return f"AttributeError: {shown} does not have the attribute '{name}'"
