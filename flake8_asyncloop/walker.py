"""The one walk over the tree flake8 parsed, feeding each node to its rules.

Function and lambda bodies are deferred to the end of their enclosing scope,
as Python runs them later: by then every module-level import is bound, so
``def f(): get_event_loop()`` above ``from asyncio import get_event_loop``
still resolves.  Class bodies run at once.  A rule that raises is reported
once and dropped for the rest of the file; the other rules go on.  Code nested
deeper than Python's recursion limit allows is skipped (said once on stderr),
not crashed on: the rest of the file is still checked.
"""

from __future__ import annotations

import ast
import sys
from collections import deque
from collections.abc import Callable, Iterable, Sequence

from .faults import report_ignored, report_internal_error
from .imports import CLASS, FUNCTION, ImportTracker, Scope
from .rules.base import FileContext, Rule

_Deferred = tuple[ast.AST, tuple[Scope, ...], tuple[ast.AST, ...]]

#: Python frames one AST level costs the walk: ``_visit`` -> ``_visit_all`` or a handler
#: (-> ``_visit_all`` for classes and decorators, which indentation keeps shallow).
_FRAMES_PER_LEVEL = 3
#: Frames kept free for the rules' own calls below the deepest node.
_RULE_HEADROOM = 150


class TreeWalker:
    """Walks one module once, keeping scopes and enclosing definitions current."""

    def __init__(self, context: FileContext, rules: Sequence[Rule]) -> None:
        self._context = context
        self._imports: ImportTracker = context.imports
        self._rules = list(rules)
        self._dispatch: dict[type[ast.AST], list[Rule]] = {}
        for rule in self._rules:
            for node_type in rule.node_types:
                self._dispatch.setdefault(node_type, []).append(rule)
        self._deferred: deque[_Deferred] = deque()
        self._depth = 0
        self._max_depth = _level_budget()
        special: dict[type[ast.AST], Callable[[ast.AST], None]] = {
            ast.Import: self._visit_import,
            ast.ImportFrom: self._visit_import,
            ast.FunctionDef: self._visit_function,
            ast.AsyncFunctionDef: self._visit_function,
            ast.Lambda: self._visit_lambda,
            ast.ClassDef: self._visit_class,
            ast.Assign: self._visit_assignment,
            ast.AnnAssign: self._visit_assignment,
            ast.AugAssign: self._visit_assignment,
            ast.NamedExpr: self._visit_assignment,
            ast.Name: self._visit_name,
            ast.ExceptHandler: self._visit_except_handler,
        }
        self._special = special
        #: Leaves nothing is done with: no rule wants them, no scope changes (skipped, not visited).
        self._idle = frozenset(t for t in _LEAVES if t not in self._dispatch and t not in special)

    def walk(self) -> None:
        """Visit the whole module, then every deferred body, then finish the rules."""
        try:
            self._visit_all(self._context.tree.body)
            while self._deferred:
                self._run_deferred(*self._deferred.popleft())
        except RecursionError as exc:  # pathologically deep trees: keep what we found
            report_internal_error(self._context.filename, "the tree walk", exc)
        for rule in tuple(self._rules):
            try:
                rule.finish()
            except Exception as exc:  # noqa: BLE001 - one rule must never stop the run
                self._drop(rule, exc)

    # -- dispatch -------------------------------------------------------------

    def _visit(self, node: ast.AST) -> None:
        if self._depth >= self._max_depth:
            report_ignored(self._context.filename, f"code nested deeper than {self._max_depth} levels "
                           "(beyond what Python's recursion limit lets the checker walk)")
            return
        self._depth += 1  # not restored on an exception: that ends the walk anyway
        node_type = type(node)
        rules = self._dispatch.get(node_type)
        if rules:
            for rule in rules:  # _drop replaces the list, so this iteration stays valid
                try:
                    rule.visit(node)
                except Exception as exc:  # noqa: BLE001 - one rule must never stop the run
                    self._drop(rule, exc)
        special = self._special.get(node_type)
        if special is not None:
            special(node)
        else:  # the child nodes that can hold code (not contexts or operators), for most nodes
            idle = self._idle if self._depth < self._max_depth else _NOTHING
            visit = self._visit
            for name in _FIELDS.get(node_type) or _code_fields(node_type):
                value = getattr(node, name, None)
                if isinstance(value, list):
                    for item in value:
                        if isinstance(item, ast.AST) and type(item) not in idle:
                            visit(item)
                elif isinstance(value, ast.AST) and type(value) not in idle:
                    visit(value)
        self._depth -= 1

    def _visit_all(self, nodes: Iterable[ast.AST]) -> None:
        for node in nodes:
            self._visit(node)

    def _drop(self, rule: Rule, exc: Exception) -> None:
        """Report a failing rule once and stop feeding it nodes of this file."""
        report_internal_error(self._context.filename, f"rule {rule.code} ({type(rule).__name__})", exc)
        if rule in self._rules:
            self._rules.remove(rule)
        for node_type, rules in self._dispatch.items():
            self._dispatch[node_type] = [other for other in rules if other is not rule]

    # -- scope-aware node handlers -------------------------------------------

    def _visit_import(self, node: ast.AST) -> None:
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        self._imports.bind_import(node)

    def _visit_name(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Name)
        if not isinstance(node.ctx, ast.Load):
            self._imports.shadow(node.id)

    def _visit_except_handler(self, node: ast.AST) -> None:
        assert isinstance(node, ast.ExceptHandler)
        if node.type is not None:
            self._visit(node.type)
        if node.name:
            self._imports.shadow(node.name)
        self._visit_all(node.body)

    def _visit_assignment(self, node: ast.AST) -> None:
        """Visit the value before the targets, in the order Python evaluates them."""
        assert isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr))
        if isinstance(node, ast.AnnAssign):
            self._visit(node.annotation)
        if node.value is not None:
            self._visit(node.value)
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        self._visit_all(targets)

    def _visit_function(self, node: ast.AST) -> None:
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        self._visit_all(node.decorator_list)
        self._visit_signature(node.args)
        if node.returns is not None:
            self._visit(node.returns)
        self._imports.shadow(node.name)
        self._defer(node)

    def _visit_lambda(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Lambda)
        self._visit_signature(node.args)
        self._defer(node)

    def _visit_signature(self, args: ast.arguments) -> None:
        self._visit_all(args.defaults)
        self._visit_all(d for d in args.kw_defaults if d is not None)
        for arg in _all_args(args):
            if arg.annotation is not None:
                self._visit(arg.annotation)

    def _visit_class(self, node: ast.AST) -> None:
        assert isinstance(node, ast.ClassDef)
        self._visit_all(node.decorator_list)
        self._visit_all(node.bases)
        self._visit_all(node.keywords)
        outer = self._context.enclosing
        self._context.enclosing = outer + (node,)
        self._imports.push(CLASS)
        self._visit_all(node.body)
        self._imports.pop()
        self._context.enclosing = outer
        self._imports.shadow(node.name)

    def _defer(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self._deferred.append((node, self._imports.chain, self._context.enclosing + (node,)))

    def _run_deferred(self, node: ast.AST, chain: tuple[Scope, ...], enclosing: tuple[ast.AST, ...]) -> None:
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        outer_chain, outer_enclosing = self._imports.chain, self._context.enclosing
        self._imports.restore(chain)
        self._imports.push(FUNCTION)
        self._context.enclosing = enclosing
        for arg in _all_args(node.args):
            self._imports.shadow(arg.arg)
        if isinstance(node, ast.Lambda):
            self._visit(node.body)
        else:
            self._visit_all(node.body)
        self._imports.restore(outer_chain)
        self._context.enclosing = outer_enclosing


#: Fields that only ever hold an expression context or an operator: nothing to walk.
_NOT_CODE = frozenset({"ctx", "op", "ops"})
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}
#: Node types that never have a child node worth walking.
_LEAVES: frozenset[type[ast.AST]] = frozenset(
    {ast.Constant, ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal}
)
_NOTHING: frozenset[type[ast.AST]] = frozenset()


def _code_fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    """The fields of ``node_type`` worth walking, computed once per type."""
    fields = _FIELDS.get(node_type)
    if fields is None:
        fields = _FIELDS[node_type] = tuple(f for f in node_type._fields if f not in _NOT_CODE)
    return fields


def _level_budget() -> int:
    """How many AST levels the walk can descend from here before Python's recursion limit."""
    frame, used = sys._getframe(), 0
    while frame is not None:
        frame, used = frame.f_back, used + 1  # type: ignore[assignment]
    return max(1, (sys.getrecursionlimit() - used - _RULE_HEADROOM) // _FRAMES_PER_LEVEL)


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]
