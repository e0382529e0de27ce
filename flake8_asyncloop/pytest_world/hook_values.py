"""What the expressions inside a collection hook mean: items, filters and marks.

The hook reader (``collection_hooks``) walks a hook's statements; this module
says what each expression stands for: the list of items (``items``,
``session.items``, a generator over them with ``if is_async_test(item)``), one
item, a string taken from an item (``item.nodeid``, ``str(item.path)``), a mark
(``pytest.mark.asyncio(loop_scope="session")``, inline, in a local or a module
constant) or a filter (a ``Cond``).  Whatever it cannot read is ``OPAQUE``.
"""

from __future__ import annotations

import ast
from typing import Final, Union

from ..imports import ImportTracker
from ..records import record
from .hook_conditions import (
    FALSE, TRUE, UNKNOWN, Cond, HasMark, IsAsyncTest, IsCoroutine, Text, both, either, negate,
)
from .scopes import SCOPES

ASYNCIO_MARK: Final = frozenset({"pytest.mark.asyncio", "_pytest.mark.MARK_GEN.asyncio"})
_MARK_PREFIXES: Final = ("pytest.mark.", "_pytest.mark.MARK_GEN.")
_IS_ASYNC_TEST: Final = frozenset(
    {"pytest_asyncio.is_async_test", "pytest_asyncio.plugin.is_async_test"}
)
_ASYNC_ITEM_CLASS: Final = frozenset({"pytest_asyncio.plugin.PytestAsyncioFunction"})
_TEST_ITEM_CLASSES: Final = frozenset(
    {"pytest.Function", "pytest.Item", "_pytest.python.Function", "_pytest.nodes.Item"}
)
_IS_COROUTINE: Final = frozenset({"inspect.iscoroutinefunction", "asyncio.iscoroutinefunction"})
_ITEM_TEXT: Final = {"nodeid": "nodeid", "name": "name", "originalname": "originalname"}
_PATH_TEXT: Final = {"name": "filename", "basename": "filename", "parts": "parts", "strpath": "path"}
_PASS_THROUGH: Final = frozenset({"list", "tuple", "sorted", "reversed", "iter", "set"})
#: A value written in the hook but not a literal: an unknown scope, as fixtures.UNKNOWN.
UNREAD: Final = "<unknown>"


@record
class AddedMark:
    """``pytest.mark.asyncio(...)`` as a hook adds it: ``loop_scope=`` and ``scope=`` as written."""

    loop_scope: str | None
    scope: str | None


@record
class Item:
    """One test item, held while ``cond`` is true of it."""

    cond: Cond


@record
class Items:
    """Every item for which ``cond`` holds (``items`` itself: TRUE)."""

    cond: Cond


@record
class Mark:
    """A mark: the asyncio mark (``added``), another named mark (``name``), or unreadable (both None)."""

    added: AddedMark | None = None
    name: str | None = None


@record
class ItemText:
    """A string (or, for ``parts``, a tuple) taken from the item: see ``hook_conditions.Text``."""

    subject: str


@record
class Literal:
    """String literals: one, or a tuple/list of them."""

    values: tuple[str, ...]


@record
class Truth:
    """A filter on the item."""

    cond: Cond


@record
class Other:
    """A named kind of value that matters only through its attributes:
    ``session``, ``path`` (an item's path), ``function``, ``keywords``, ``own_markers``,
    ``marker:<name>`` (what ``get_closest_marker(name)`` returned), ``opaque``."""

    kind: str
    item: Item | None = None


Value = Union[Item, Items, Mark, ItemText, Literal, Truth, Other]
OPAQUE: Final = Other("opaque")
Env = dict[str, Value]


class ExpressionReader:
    """Evaluates expressions; calls with effects are left to ``call`` (the statement reader)."""

    def __init__(self, imports: ImportTracker, constants: dict[str, ast.expr]) -> None:
        self.imports = imports
        self.constants = constants
        self._resolving: set[str] = set()

    def call(self, node: ast.Call, env: Env, pc: Cond) -> Value:
        raise NotImplementedError

    # -- values ----------------------------------------------------------------

    def value(self, node: ast.expr, env: Env, pc: Cond) -> Value:
        if isinstance(node, ast.Name):
            return self._name(node.id, env)
        if isinstance(node, ast.Constant):
            return Literal((node.value,)) if isinstance(node.value, str) else Truth(_const(node.value))
        if isinstance(node, (ast.Tuple, ast.List)):
            strings = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            return Literal(tuple(strings)) if len(strings) == len(node.elts) else OPAQUE
        if isinstance(node, ast.Attribute):
            return self._attribute(node, env, pc)
        if isinstance(node, ast.Call):
            return self.call(node, env, pc)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            return self.comprehension(node, env, pc)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, env, pc)
        if isinstance(node, (ast.BoolOp, ast.UnaryOp, ast.Compare)):
            return Truth(self.cond(node, env, pc))
        if isinstance(node, ast.NamedExpr):
            value = self.value(node.value, env, pc)
            env[node.target.id] = value
            return value
        return OPAQUE

    def _name(self, name: str, env: Env) -> Value:
        if name in env:
            return env[name]
        constant = self.constants.get(name)
        if constant is not None and name not in self._resolving:
            self._resolving.add(name)
            try:
                return self.value(constant, {}, TRUE)
            finally:
                self._resolving.discard(name)
        return _known_mark(self.mark(ast.Name(name))) if self.imports.lookup(name) else OPAQUE

    def _attribute(self, node: ast.Attribute, env: Env, pc: Cond) -> Value:
        if self.imports.qualified_name(node) is not None:
            return _known_mark(self.mark(node))
        base = self.value(node.value, env, pc)
        if isinstance(base, Item):
            if node.attr in _ITEM_TEXT:
                return ItemText(_ITEM_TEXT[node.attr])
            if node.attr in ("path", "fspath", "function", "obj", "keywords", "own_markers"):
                kind = "path" if node.attr == "fspath" else ("function" if node.attr == "obj" else node.attr)
                return Other(kind, base)
        elif isinstance(base, Other) and base.kind == "path" and node.attr in _PATH_TEXT:
            return ItemText(_PATH_TEXT[node.attr])
        elif isinstance(base, Other) and base.kind == "session" and node.attr == "items":
            return Items(TRUE)
        return OPAQUE

    def _subscript(self, node: ast.Subscript, env: Env, pc: Cond) -> Value:
        base = self.value(node.value, env, pc)
        if isinstance(base, Items):
            return base if isinstance(node.slice, ast.Slice) else Item(both(base.cond, UNKNOWN))
        return OPAQUE

    def comprehension(
        self, node: ast.GeneratorExp | ast.ListComp | ast.SetComp, env: Env, pc: Cond
    ) -> Value:
        """``(item for item in items if is_async_test(item))``: the items it keeps."""
        inner = dict(env)
        selected: Cond = TRUE
        for generator in node.generators:
            source = self.value(generator.iter, inner, pc)
            held = source.cond if isinstance(source, Items) else UNKNOWN
            self.bind(generator.target, Item(held) if isinstance(source, Items) else OPAQUE, inner)
            for test in generator.ifs:
                selected = both(selected, self.cond(test, inner, pc))
        element = self.value(node.elt, inner, both(pc, selected))
        if isinstance(element, Item):
            return Items(both(element.cond, selected))
        return OPAQUE

    def bind(self, target: ast.expr, value: Value, env: Env) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element, OPAQUE, env)

    # -- filters -----------------------------------------------------------------

    def cond(self, node: ast.expr, env: Env, pc: Cond) -> Cond:
        """What must hold of the item for ``node`` to be true (UNKNOWN when unreadable)."""
        if isinstance(node, ast.BoolOp):
            parts = [self.cond(v, env, pc) for v in node.values]
            combined = parts[0]
            for part in parts[1:]:
                combined = both(combined, part) if isinstance(node.op, ast.And) else either(combined, part)
            return combined
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return negate(self.cond(node.operand, env, pc))
        if isinstance(node, ast.Compare):
            return self._compare(node, env, pc)
        return truth(self.value(node, env, pc))

    def _compare(self, node: ast.Compare, env: Env, pc: Cond) -> Cond:
        if len(node.ops) != 1:
            return UNKNOWN
        op = node.ops[0]
        left = self.value(node.left, env, pc)
        right = self.value(node.comparators[0], env, pc)
        if isinstance(op, (ast.In, ast.NotIn)):
            found = _membership(left, right)
            return negate(found) if isinstance(op, ast.NotIn) else found
        if isinstance(op, (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
            equal = _equality(left, right, node)
            return negate(equal) if isinstance(op, (ast.IsNot, ast.NotEq)) else equal
        return UNKNOWN

    def predicate(self, func: ast.expr, args: list[ast.expr], env: Env, pc: Cond) -> Cond | None:
        """A recognised test of an item (``is_async_test(item)``, ``isinstance``...), else None."""
        qualified = self.imports.qualified_name(func)
        first = self.value(args[0], env, pc) if args else OPAQUE
        if qualified in _IS_ASYNC_TEST:
            return IsAsyncTest() if isinstance(first, Item) else UNKNOWN
        if qualified in _IS_COROUTINE:
            return IsCoroutine() if isinstance(first, Other) and first.kind == "function" else UNKNOWN
        if isinstance(func, ast.Name) and func.id in ("isinstance", "hasattr", "getattr"):
            return self._builtin_test(func.id, args, first)
        if isinstance(func, ast.Attribute) and func.attr in ("startswith", "endswith"):
            base = self.value(func.value, env, pc)
            if isinstance(base, ItemText) and isinstance(first, Literal) and base.subject != "parts":
                return Text(base.subject, func.attr, first.values)
        if isinstance(func, ast.Name) and func.id in ("any", "all") and len(args) == 1:
            return self._unrolled(func.id, args[0], env, pc)
        return None

    def _builtin_test(self, name: str, args: list[ast.expr], first: Value) -> Cond | None:
        if name == "isinstance" and isinstance(first, Item) and len(args) == 2:
            kinds = args[1].elts if isinstance(args[1], ast.Tuple) else [args[1]]
            result: Cond = FALSE
            for kind in kinds:
                qualified = self.imports.qualified_name(kind)
                known = (TRUE if qualified in _TEST_ITEM_CLASSES
                         else IsAsyncTest() if qualified in _ASYNC_ITEM_CLASS else UNKNOWN)
                result = either(result, known)
            return result
        if name == "hasattr" and isinstance(first, Item) and _string_arg(args, 1) in ("function", "obj"):
            return TRUE
        return None

    def _unrolled(self, name: str, arg: ast.expr, env: Env, pc: Cond) -> Cond:
        """``any("x" in item.nodeid for x in ("a", "b"))`` over a literal tuple."""
        if not isinstance(arg, ast.GeneratorExp) or len(arg.generators) != 1:
            return UNKNOWN
        generator = arg.generators[0]
        source = self.value(generator.iter, env, pc)
        if not isinstance(source, Literal) or generator.ifs or not isinstance(generator.target, ast.Name):
            return UNKNOWN
        result: Cond = FALSE if name == "any" else TRUE
        for text in source.values:
            inner = dict(env)
            inner[generator.target.id] = Literal((text,))
            part = self.cond(arg.elt, inner, pc)
            result = either(result, part) if name == "any" else both(result, part)
        return result

    # -- marks -------------------------------------------------------------------

    def mark(self, node: ast.expr, env: Env | None = None) -> Mark:
        """The mark an expression builds; ``Mark()`` when it cannot be read."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return Mark(AddedMark(None, None)) if node.value == "asyncio" else Mark(name=node.value)
        if isinstance(node, ast.Name) and (node.id in (env or {}) or node.id in self.constants):
            return self._bound_mark(self._name(node.id, env or {}))
        target = node.func if isinstance(node, ast.Call) else node
        qualified = self.imports.qualified_name(target)
        if qualified is None:
            return Mark()
        if qualified in ASYNCIO_MARK:
            return self._asyncio_mark(node, env or {})
        for prefix in _MARK_PREFIXES:
            rest = qualified[len(prefix):] if qualified.startswith(prefix) else ""
            if rest and "." not in rest:
                return Mark(name=rest)
        return Mark()

    def _bound_mark(self, found: Value) -> Mark:
        """The mark a local or module-level name holds (a string names a mark too)."""
        if isinstance(found, Literal) and len(found.values) == 1:
            return self.mark(ast.Constant(found.values[0]))
        return found if isinstance(found, Mark) else Mark()

    def _asyncio_mark(self, node: ast.expr, env: Env) -> Mark:
        if not isinstance(node, ast.Call):
            return Mark(AddedMark(None, None))
        if node.args or any(k.arg is None for k in node.keywords):
            return Mark()
        values = {k.arg: self._scope(k.value, env) for k in node.keywords if k.arg}
        return Mark(AddedMark(values.get("loop_scope"), values.get("scope")))

    def _scope(self, node: ast.expr, env: Env) -> str | None:
        if isinstance(node, ast.Constant) and node.value is None:
            return None
        found = self.value(node, env, TRUE)
        if isinstance(found, Literal) and len(found.values) == 1 and found.values[0] in SCOPES:
            return found.values[0]
        return UNREAD


def _known_mark(mark: Mark) -> Value:
    """An imported name or attribute is a value only when it is a mark."""
    return mark if mark.added is not None or mark.name is not None else OPAQUE


def truth(value: Value) -> Cond:
    """The filter a value stands for when tested for truth."""
    if isinstance(value, Truth):
        return value.cond
    if isinstance(value, Other) and value.kind.startswith("marker:"):
        return HasMark(value.kind.split(":", 1)[1])
    if isinstance(value, Literal):
        return TRUE if any(value.values) else FALSE
    return UNKNOWN


def _membership(left: Value, right: Value) -> Cond:
    if isinstance(left, Literal) and isinstance(right, ItemText):
        op = "part" if right.subject == "parts" else "contains"
        return Text(right.subject, op, left.values) if len(left.values) == 1 else UNKNOWN
    if isinstance(left, ItemText) and isinstance(right, Literal) and left.subject != "parts":
        return Text(left.subject, "equals", right.values)
    if isinstance(left, Literal) and isinstance(right, Other) and right.kind == "keywords":
        # keywords also hold node names, so only a mark that is there proves anything
        return either(HasMark(left.values[0]), UNKNOWN) if len(left.values) == 1 else UNKNOWN
    return UNKNOWN


def _equality(left: Value, right: Value, node: ast.Compare) -> Cond:
    other = node.comparators[0]
    if isinstance(left, Other) and left.kind.startswith("marker:"):
        if isinstance(other, ast.Constant) and other.value is None:
            return negate(HasMark(left.kind.split(":", 1)[1]))
    if isinstance(left, ItemText) and isinstance(right, Literal) and left.subject != "parts":
        return Text(left.subject, "equals", right.values)
    if isinstance(right, ItemText) and isinstance(left, Literal) and right.subject != "parts":
        return Text(right.subject, "equals", left.values)
    return UNKNOWN


def _const(value: object) -> Cond:
    if value is None or isinstance(value, (bool, int, float, bytes)):
        return TRUE if value else FALSE
    return UNKNOWN


def _string_arg(args: list[ast.expr], index: int) -> str | None:
    arg = args[index] if len(args) > index else None
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
