"""The guards that make ``asyncio.get_event_loop()`` safe, or only quiet, outside a coroutine.

Measured with ``-W error`` on CPython 3.10-3.13 (and a 3.14 emulation: the
policy's ``get_event_loop`` raising instead of creating a loop):

- ``try: get_event_loop()  except RuntimeError: new_event_loop()`` survives 3.14
  (the RuntimeError takes the fallback) but still warns on 3.12-3.13;
- ``with warnings.catch_warnings(): <ignore the DeprecationWarning>`` is quiet on
  3.12-3.13 but raises RuntimeError on 3.14 when no loop is set;
- both together (as gql does), or ``except Exception``, work everywhere.

So only a RuntimeError handler makes a call safe; a silenced warning is told
apart so the rule can say what still breaks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from typing import Final

from ..imports import ImportTracker

#: Exception names whose handler sees the RuntimeError of Python 3.14 (bare ``except`` too).
_CATCHES_RUNTIME_ERROR: Final = frozenset({"RuntimeError", "Exception", "BaseException"})
#: Warning categories whose filter covers "There is no current event loop".
_COVERS_DEPRECATION: Final = frozenset({"DeprecationWarning", "Warning"})
_NO_LOOP_MESSAGE: Final = "There is no current event loop"
#: Calls that give a handler a loop of its own: the fallback the guard needs.
_LOOP_MAKERS: Final = frozenset({
    "asyncio.run", "asyncio.Runner", "asyncio.EventLoop", "asyncio.SelectorEventLoop",
    "asyncio.ProactorEventLoop", "uvloop.run", "uvloop.Loop",
})
_NESTED_SCOPES: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
#: Statements that hold other statements: a ``try`` around one of them guards more than a call.
_COMPOUND: Final = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)


def handled_try_body(node: ast.Try, imports: ImportTracker) -> bool:
    """True when a handler of ``node`` catches RuntimeError and falls back.

    A fallback is a handler that makes a loop (anything named ``new_event_loop``,
    ``asyncio.run``/``Runner``, a loop class), or, when the ``try`` holds one simple
    statement, any handler that does not end by raising: there the author wrote
    what happens without a loop (``pass``, ``loop = None``).  A longer ``try`` (or a
    ``with``/``for``/``if`` block) whose handler only passes could swallow the 3.14
    error meant for other code.
    """
    for handler in node.handlers:
        if not _catches_runtime_error(handler.type, imports):
            continue
        if _makes_loop(handler.body, imports):
            return True
        if _one_simple_statement(node.body) and not isinstance(handler.body[-1], ast.Raise):
            return True
    return False


class GuardedHelpers:
    """Module-private functions (``def _name`` at module level) called only under a guard.

    pytest-asyncio wraps ``get_event_loop()`` in ``_get_event_loop_no_warn()`` and
    its one caller handles the RuntimeError: the call inside the helper is then as
    safe as a guarded one.  A helper used anywhere else (passed as a callback, never
    used in its module, so perhaps imported elsewhere) does not count.
    """

    def __init__(self, tree: ast.Module) -> None:
        self._defs = {
            stmt.name: stmt for stmt in tree.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name.startswith("_")
        }
        self._called: set[int] = set()
        #: For each helper, whether each use of its name is a guarded call.
        self._uses: dict[str, list[bool]] = {}

    def helper(self, function: ast.AST | None) -> str | None:
        """The helper's name if ``function`` is one of the module's private functions."""
        name = getattr(function, "name", None)
        return name if name is not None and self._defs.get(name) is function else None

    def note_call(self, call: ast.Call) -> None:
        if isinstance(call.func, ast.Name) and call.func.id in self._defs:
            self._called.add(id(call.func))

    def note_name(self, node: ast.Name, handled: set[int]) -> None:
        """Record a use of a helper's name, guarded when it is a call inside a handled ``try``."""
        if node.id in self._defs:
            self._uses.setdefault(node.id, []).append(id(node) in self._called and id(node) in handled)

    def always_guarded(self, name: str) -> bool:
        uses = self._uses.get(name, [])
        return bool(uses) and all(uses)


def silenced_statements(node: ast.With | ast.AsyncWith, imports: ImportTracker) -> list[ast.stmt]:
    """The statements of ``node``'s body that run with "There is no current event loop" ignored.

    ``node`` must enter ``warnings.catch_warnings()``; the warning is ignored by its
    ``action="ignore"`` or from the first ``simplefilter``/``filterwarnings`` call in
    its body that ignores it.
    """
    entered = [item.context_expr for item in node.items if isinstance(item.context_expr, ast.Call)]
    catchers = [call for call in entered if imports.qualified_name(call.func) == "warnings.catch_warnings"]
    if not catchers:
        return []
    if any(_ignores(call, {"action": 0, "category": 1}, imports, positional=False) for call in catchers):
        return list(node.body)
    for index, stmt in enumerate(node.body):
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(call, ast.Call) and _is_ignore_filter(call, imports):
            return list(node.body[index + 1:])
    return []


def references(stmts: Sequence[ast.stmt]) -> Iterator[ast.Name | ast.Attribute]:
    """Every name and attribute read in ``stmts`` at the time they run (not in nested bodies)."""
    stack: list[ast.AST] = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Name, ast.Attribute)):
            yield node
        if isinstance(node, _NESTED_SCOPES):
            continue
        stack.extend(ast.iter_child_nodes(node))


def before_release_branch(node: ast.If, release: tuple[int, int], imports: ImportTracker) -> list[ast.stmt]:
    """The branch of ``node`` that runs only on Pythons older than ``release``, if any.

    ``if sys.version_info < (3, N):`` (also as one term of an ``and``) with
    N <= the release gives its body; ``if sys.version_info >= (3, N):`` gives its ``else``.
    """
    if _holds_only_before(node.test, release, imports):
        return node.body
    if _bound_within(node.test, ("Gt", "GtE"), release, imports):
        return node.orelse
    return []


def _holds_only_before(test: ast.expr, release: tuple[int, int], imports: ImportTracker) -> bool:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_holds_only_before(value, release, imports) for value in test.values)
    return _bound_within(test, ("Lt", "LtE"), release, imports)


def _bound_within(
    test: ast.expr, ops: tuple[str, str], release: tuple[int, int], imports: ImportTracker
) -> bool:
    """``test`` compares ``sys.version_info`` by one of ``ops`` to a bound that keeps ``release`` out.

    ``sys.version_info`` itself (five items) is never equal to a bound such as ``(3, 14)``, so
    there ``<=`` is ``<`` and ``>`` is ``>=``; a slice such as ``[:2]`` can be equal, so
    ``<= (3, 14)`` and ``> (3, 14)`` on it include 3.14 and need a bound below the release.
    """
    bound = _version_bound(test, imports)
    if bound is None or bound[0] not in ops:
        return False
    op, version, sliced = bound
    return version < release if sliced and op in ("LtE", "Gt") else version <= release


def _version_bound(test: ast.expr, imports: ImportTracker) -> tuple[str, tuple[int, ...], bool] | None:
    """``sys.version_info[...] <op> (3, N)`` as (op name, version, whether sliced); None for anything else."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    bound = test.comparators[0]
    sliced = isinstance(test.left, ast.Subscript)
    left = test.left.value if isinstance(test.left, ast.Subscript) else test.left
    if not isinstance(bound, ast.Tuple) or imports.qualified_name(left) != "sys.version_info":
        return None
    version = tuple(i.value for i in bound.elts if isinstance(i, ast.Constant) and type(i.value) is int)
    if len(version) != len(bound.elts):
        return None
    return type(test.ops[0]).__name__, version, sliced


def _one_simple_statement(body: Sequence[ast.stmt]) -> bool:
    return len(body) == 1 and not any(isinstance(body[0], kind) for kind in _COMPOUND)


def _catches_runtime_error(caught: ast.expr | None, imports: ImportTracker) -> bool:
    if caught is None:
        return True
    if isinstance(caught, ast.Tuple):
        return any(_catches_runtime_error(item, imports) for item in caught.elts)
    return _builtin_name(caught, imports) in _CATCHES_RUNTIME_ERROR


def _builtin_name(node: ast.expr, imports: ImportTracker) -> str | None:
    """``RuntimeError`` for ``RuntimeError`` or ``builtins.RuntimeError``, unless a name shadows it."""
    if isinstance(node, ast.Name):
        return None if imports.lookup(node.id) is not None else node.id
    name = imports.qualified_name(node)
    return name[len("builtins."):] if name and name.startswith("builtins.") else None


def _makes_loop(body: Sequence[ast.stmt], imports: ImportTracker) -> bool:
    for node in references(body):
        last = node.attr if isinstance(node, ast.Attribute) else node.id
        if last == "new_event_loop" or imports.qualified_name(node) in _LOOP_MAKERS:
            return True
    return False


def _is_ignore_filter(call: ast.Call, imports: ImportTracker) -> bool:
    """``warnings.simplefilter``/``filterwarnings`` calls that ignore the no-loop DeprecationWarning."""
    name = imports.qualified_name(call.func)
    if name == "warnings.simplefilter":
        return _ignores(call, {"action": 0, "category": 1}, imports)
    if name == "warnings.filterwarnings":
        return _ignores(call, {"action": 0, "message": 1, "category": 2, "module": 3}, imports)
    return False


def _ignores(call: ast.Call, slots: dict[str, int], imports: ImportTracker, positional: bool = True) -> bool:
    """Whether ``call``'s arguments (named per ``slots``) ignore the no-loop warning."""
    args = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    if positional:
        for name, index in slots.items():
            if index < len(call.args):
                args[name] = call.args[index]
    if any(isinstance(arg, ast.Starred) for arg in call.args) or any(kw.arg is None for kw in call.keywords):
        return False
    if _constant(args.get("action")) != "ignore":
        return False
    category = args.get("category")
    if category is not None and _builtin_name(category, imports) not in _COVERS_DEPRECATION:
        return False
    if _constant(args.get("module"), default="") != "":
        return False
    return _matches_no_loop(args.get("message"))


def _matches_no_loop(message: ast.expr | None) -> bool:
    """A ``message`` filter (a regex matched at the start, ignoring case) that covers the warning."""
    pattern = _constant(message, default="")
    if not isinstance(pattern, str):
        return False
    try:
        return re.match(pattern, _NO_LOOP_MESSAGE, re.IGNORECASE) is not None
    except re.error:
        return False


def _constant(node: ast.expr | None, default: object = None) -> object:
    """The literal value of ``node`` (``default`` when absent); a non-literal is an unknown object."""
    if node is None:
        return default
    return node.value if isinstance(node, ast.Constant) else object()
