"""Reads one hook function: every asyncio mark it adds, to which items, and how.

A small abstract interpreter over the hook's statements: loops over ``items``
(or a filtered generator of them) bind an item held under a condition; ``if``
tests, ``continue`` and early returns narrow it; ``item.add_marker(...)`` records
an effect.  Helpers of the same module are followed with their parameters bound.
Whatever could change an item's marks but cannot be read (a mark built
dynamically, ``own_markers`` edited, the items handed to a function of another
project module) is recorded as an effect with an unknown mark, so the model
treats those items' loop as unknown rather than guessing.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import Final

from ..imports import FUNCTION, ImportTracker
from ..records import record
from .hook_conditions import TRUE, UNKNOWN, Cond, both, negate
from .hook_values import (
    OPAQUE, AddedMark, Env, ExpressionReader, Item, Items, ItemText, Literal, Other, Truth, Value,
)

FunctionDef = ast.FunctionDef | ast.AsyncFunctionDef

_SAFE_ROOTS: Final = frozenset({
    "pytest", "_pytest", "pluggy", "pytest_asyncio", "logging", "warnings", "os", "sys", "re", "inspect",
    "asyncio", "itertools", "functools", "collections", "typing", "pathlib", "fnmatch", "operator",
    "random", "json", "time", "contextlib", "textwrap", "shlex",
})
_SAFE_BUILTINS: Final = frozenset({
    "len", "list", "tuple", "set", "frozenset", "dict", "sorted", "reversed", "enumerate", "zip", "print",
    "isinstance", "hasattr", "getattr", "str", "repr", "id", "hash", "any", "all", "next", "iter", "sum",
    "min", "max", "bool", "type", "format", "vars", "issubclass", "callable",
})
_MAX_DEPTH: Final = 4


@record
class MarkEffect:
    """One ``add_marker`` (or an unreadable change of marks) on the items where ``cond`` holds."""

    line: int
    cond: Cond
    mark: AddedMark | None  # None: the plugin cannot tell which mark, or how marks change
    append: bool | None  # None: not a literal
    after_yield: bool


class HookReader(ExpressionReader):
    """Walks one hook function (and the module's helpers it calls) and collects its mark effects."""

    def __init__(
        self, imports: ImportTracker, constants: dict[str, ast.expr], functions: dict[str, FunctionDef]
    ) -> None:
        super().__init__(imports, constants)
        self.functions = functions
        self.effects: list[MarkEffect] = []
        self.added_names: set[str] = set()
        self.unnamed = False
        self.after_yield = False
        self._inlining: list[str] = []
        self._escaped = False

    def read(self, node: FunctionDef) -> list[MarkEffect]:
        env: Env = {}
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            env[arg.arg] = _parameter(arg.arg)
        self.imports.push(FUNCTION)
        try:
            self.block(node.body, env, TRUE)
        except RecursionError:
            self.effects.append(MarkEffect(node.lineno, UNKNOWN, None, None, False))
        finally:
            self.imports.pop()
        return self.effects

    # -- statements ----------------------------------------------------------------

    def block(self, body: list[ast.stmt], env: Env, pc: Cond) -> tuple[Cond, bool]:
        """Run a block; returns the condition after it and whether it always leaves early."""
        for stmt in body:
            pc, done = self.statement(stmt, env, pc)
            if done:
                return pc, True
        return pc, False

    def statement(self, stmt: ast.stmt, env: Env, pc: Cond) -> tuple[Cond, bool]:
        if isinstance(stmt, (ast.Continue, ast.Raise)):
            return pc, True
        if isinstance(stmt, (ast.Break, ast.Return)):
            self._escaped = True
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                self._yielded(stmt.value)
                env["<return>"] = self.value(stmt.value, env, pc)
            return pc, True
        if isinstance(stmt, ast.If):
            return self._if(stmt, env, pc)
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            return self._for(stmt, env, pc), False
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.imports.bind_import(stmt)
        elif isinstance(stmt, ast.Expr):
            self._yielded(stmt.value)
            self.value(stmt.value, env, pc)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            self._assign(stmt, env, pc)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            return self.block(stmt.body, env, pc)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self._try(stmt, env, pc)
        elif isinstance(stmt, (ast.While, ast.Match)):
            self._maybe(stmt, env, pc)
        return pc, False

    def _yielded(self, node: ast.expr) -> None:
        """A wrapper's ``yield``: what follows runs after every other implementation."""
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            self.after_yield = True

    def _if(self, stmt: ast.If, env: Env, pc: Cond) -> tuple[Cond, bool]:
        test = self.cond(stmt.test, env, pc)
        then_env, else_env = dict(env), dict(env)
        then_pc, then_done = self.block(stmt.body, then_env, both(pc, test))
        else_pc, else_done = self.block(stmt.orelse, else_env, both(pc, negate(test)))
        if then_done and else_done:
            return pc, True
        if then_done or else_done:
            env.update(else_env if then_done else then_env)
            return (else_pc if then_done else then_pc), False
        _merge(env, then_env, else_env)
        return pc, False

    def _for(self, stmt: ast.For | ast.AsyncFor, env: Env, pc: Cond) -> Cond:
        source = self.value(stmt.iter, env, pc)
        start, escaped = len(self.effects), self._escaped
        self._escaped = False
        if isinstance(source, Literal) and isinstance(stmt.target, ast.Name) and len(source.values) <= 8:
            for text in source.values:  # a loop over literal strings: unrolled
                env[stmt.target.id] = Literal((text,))
                self.block(stmt.body, env, pc)
        else:
            over_items = self._bind_loop(stmt.target, stmt.iter, source, env)
            inner = pc if over_items else both(pc, UNKNOWN)  # may run no time
            self.block(stmt.body, env, inner)
        if self._escaped:  # a break or return skips the rest of the items
            self.effects[start:] = [unsure(e) for e in self.effects[start:]]
            pc = both(pc, UNKNOWN)
        self._escaped = escaped or self._escaped
        self.block(stmt.orelse, env, pc)
        return pc

    def _bind_loop(self, target: ast.expr, iterable: ast.expr, source: Value, env: Env) -> bool:
        """Bind the loop variable; True when the loop runs once per item."""
        if isinstance(source, Items):
            self.bind(target, Item(source.cond), env)
            return True
        self.bind(target, OPAQUE, env)
        if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name)
                and iterable.func.id == "enumerate" and iterable.args
                and isinstance(target, ast.Tuple) and len(target.elts) == 2):
            inner = self.value(iterable.args[0], env, TRUE)
            if isinstance(inner, Items):
                self.bind(target.elts[1], Item(inner.cond), env)
                return True
        return False

    def _assign(self, stmt: ast.Assign | ast.AnnAssign | ast.AugAssign, env: Env, pc: Cond) -> None:
        if stmt.value is None:
            return
        self._yielded(stmt.value)
        value = self.value(stmt.value, env, pc)
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            owner = _own_markers_owner(target)
            if owner is not None:
                self._unreadable(self.value(owner, env, pc), pc, stmt.lineno)
            elif isinstance(stmt, ast.AugAssign):
                self.bind(target, OPAQUE, env)
            else:
                self.bind(target, value, env)

    def _try(self, stmt: ast.stmt, env: Env, pc: Cond) -> None:
        self.block(getattr(stmt, "body", []), env, pc)
        for handler in getattr(stmt, "handlers", []):
            self.block(handler.body, dict(env), both(pc, UNKNOWN))
        self.block(getattr(stmt, "orelse", []), env, both(pc, UNKNOWN))
        self.block(getattr(stmt, "finalbody", []), env, pc)

    def _maybe(self, stmt: ast.While | ast.Match, env: Env, pc: Cond) -> None:
        bodies = [stmt.body, stmt.orelse] if isinstance(stmt, ast.While) else [c.body for c in stmt.cases]
        for body in bodies:
            self.block(body, dict(env), both(pc, UNKNOWN))

    # -- calls -----------------------------------------------------------------------

    def call(self, node: ast.Call, env: Env, pc: Cond) -> Value:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "add_marker":
            self._add_marker(node, self.value(func.value, env, pc), env, pc)
            return OPAQUE
        owner = _own_markers_owner(func.value) if isinstance(func, ast.Attribute) else None
        if owner is not None:
            self._unreadable(self.value(owner, env, pc), pc, node.lineno)
            return OPAQUE
        mark = self.mark(node, env)
        if mark.added is not None or mark.name is not None:
            return mark
        found = self.predicate(func, node.args, env, pc)
        if found is not None:
            return Truth(found)
        helper = self.functions.get(func.id) if isinstance(func, ast.Name) else None
        if helper is not None and helper.name not in self.imports.imported_names:
            return self._inline(helper, node, env, pc)
        return self._other_call(node, env, pc)

    def _add_marker(self, node: ast.Call, target: Value, env: Env, pc: Cond) -> None:
        if not node.args:
            return
        mark = self.mark(node.args[0], env)
        if mark.name is not None:
            self.added_names.add(mark.name)
            return
        if mark.added is None:
            self.unnamed = True
        held = target.cond if isinstance(target, Item) else UNKNOWN
        effect = MarkEffect(node.lineno, both(held, pc), mark.added, _append(node), self.after_yield)
        self.effects.append(effect)

    def _unreadable(self, owner: Value, pc: Cond, line: int) -> None:
        """Marks change in a way the reader cannot follow: any mark, asyncio or not."""
        held = owner.cond if isinstance(owner, Item) else UNKNOWN
        self.effects.append(MarkEffect(line, both(held, pc), None, None, self.after_yield))
        self.unnamed = True

    def _inline(self, helper: FunctionDef, node: ast.Call, env: Env, pc: Cond) -> Value:
        """Follow a helper function of the same module, with its parameters bound."""
        if helper.name in self._inlining or len(self._inlining) >= _MAX_DEPTH:
            return self._opaque_call(node, env, pc)
        inner: Env = {}
        params = [a.arg for a in (*helper.args.posonlyargs, *helper.args.args)]
        for name, arg in zip(params, node.args):
            inner[name] = self.value(arg, env, pc)
        for keyword in node.keywords:
            if keyword.arg:
                inner[keyword.arg] = self.value(keyword.value, env, pc)
        for name in params + [a.arg for a in helper.args.kwonlyargs]:
            inner.setdefault(name, OPAQUE)
        self._inlining.append(helper.name)
        escaped = self._escaped
        try:
            self.block(helper.body, inner, pc)
        finally:
            self._inlining.pop()
            self._escaped = escaped
        return inner.get("<return>", OPAQUE)

    def _other_call(self, node: ast.Call, env: Env, pc: Cond) -> Value:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("list", "tuple", "sorted", "reversed", "iter", "set"):
            found = self.value(node.args[0], env, pc) if node.args else OPAQUE
            return found if isinstance(found, Items) else OPAQUE
        if isinstance(func, ast.Name) and func.id == "filter" and len(node.args) == 2:
            return self._filter(node.args[0], self.value(node.args[1], env, pc), env, pc)
        if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and name.value.isidentifier():
                return self.value(ast.Attribute(node.args[0], name.value, ast.Load()), env, pc)
        if isinstance(func, ast.Name) and func.id == "str" and node.args:
            return _path_text(self.value(node.args[0], env, pc))
        if self.imports.qualified_name(func) == "os.fspath" and node.args:
            return _path_text(self.value(node.args[0], env, pc))
        if isinstance(func, ast.Attribute):
            base = self.value(func.value, env, pc)
            if func.attr == "as_posix":
                return _path_text(base)
            if func.attr == "get_closest_marker" and isinstance(base, Item) and node.args:
                name = node.args[0]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    return Other("marker:" + name.value)
                return OPAQUE
            if func.attr == "getoption":
                return OPAQUE
        return self._opaque_call(node, env, pc)

    def _filter(self, predicate: ast.expr, source: Value, env: Env, pc: Cond) -> Value:
        if not isinstance(source, Items):
            return OPAQUE
        if isinstance(predicate, ast.Lambda) and len(predicate.args.args) == 1:
            inner = dict(env)
            inner[predicate.args.args[0].arg] = Item(source.cond)
            return Items(both(source.cond, self.cond(predicate.body, inner, pc)))
        probe = ast.Call(predicate, [ast.Name("<item>")], [])
        kept = self.predicate(predicate, probe.args, {**env, "<item>": Item(TRUE)}, pc)
        return Items(both(source.cond, kept if kept is not None else UNKNOWN))

    def _opaque_call(self, node: ast.Call, env: Env, pc: Cond) -> Value:
        """A call the reader does not follow: if it gets items and may change their marks,
        those items' marks are unknown."""
        args = [self.value(a, env, pc) for a in node.args]
        args += [self.value(k.value, env, pc) for k in node.keywords]
        held = [a.cond for a in args if isinstance(a, (Item, Items))]
        if held and not self._safe(node.func):
            for cond in held:
                self._unreadable(Item(cond), pc, node.lineno)
        return OPAQUE

    def _safe(self, func: ast.expr) -> bool:
        """A callee that cannot add marks: builtins, the standard library, pytest, list methods."""
        qualified = self.imports.qualified_name(func)
        if qualified is not None:
            return qualified.split(".", 1)[0] in _SAFE_ROOTS
        if isinstance(func, ast.Name):
            return func.id in _SAFE_BUILTINS
        return isinstance(func, ast.Attribute) and func.attr != "add_marker"


def _parameter(name: str) -> Value:
    if name == "items":
        return Items(TRUE)
    if name == "item":
        return Item(TRUE)
    if name == "session":
        return Other("session")
    return OPAQUE


def _path_text(value: Value) -> Value:
    return ItemText("path") if isinstance(value, Other) and value.kind == "path" else OPAQUE


def _own_markers_owner(node: ast.expr) -> ast.expr | None:
    """``X`` in ``X.own_markers`` (also under a subscript), the item whose marks change."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute) and node.attr == "own_markers":
        return node.value
    return None


def _append(node: ast.Call) -> bool | None:
    written = node.args[1] if len(node.args) > 1 else next(
        (k.value for k in node.keywords if k.arg == "append"), None
    )
    if written is None:
        return True
    if isinstance(written, ast.Constant) and isinstance(written.value, bool):
        return written.value
    return None


def unsure(effect: MarkEffect) -> MarkEffect:
    """The same effect on items it may or may not reach."""
    return replace(effect, cond=both(effect.cond, UNKNOWN))


def _merge(env: Env, left: Env, right: Env) -> None:
    """After an if/else: a name bound differently in the branches is unknown."""
    for name in set(left) | set(right):
        a, b = left.get(name, OPAQUE), right.get(name, OPAQUE)
        env[name] = a if a == b else OPAQUE
