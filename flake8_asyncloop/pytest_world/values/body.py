"""Read a function body for the value it hands over: what each local name holds, and how it is bound.

A small abstract interpretation in statement order, over plain ``ast``: each
local name maps to the parts of its value (see ``parts.py``).  Calls resolve
through the module's imports: a row of the ``known`` table classifies the value;
a call into the project (or a fixture parameter) stays deferred; anything else is
unknown, and counts as bound only when it was awaited to make (SPEC's default).
Along the way the reader notes what the function did with its parts before the
hand-over (a request sent, an event waited on, a task left running) and what its
teardown closes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from . import known
from .module_facts import FunctionNode, ModuleFacts, constant_text
from .parts import Binding, Deferred, Known, Part, ValueSummary

_LOOP_REASON = "holds the event loop"
_NEEDS_LOOP_METHODS = frozenset({"create_server", "create_connection", "create_unix_connection",
                                 "create_unix_server", "create_datagram_endpoint", "connect_read_pipe",
                                 "connect_write_pipe", "subprocess_exec", "subprocess_shell"})
#: Methods that always wait (and so bind a primitive to the loop that runs them).
_WAIT_METHODS = frozenset({"wait", "wait_for"})


class BodyReader:
    """Reads one function body: what it yields or returns, and, for a method, what it keeps on ``self``."""

    def __init__(self, node: FunctionNode, facts: ModuleFacts, self_name: str | None = None) -> None:
        self._facts = facts
        self._module = facts.path
        self._imported: dict[str, str] = {}  # names the function imports itself, as qualified names
        params = _param_names(node.args)
        self._self = self_name if self_name is not None and params[:1] == [self_name] else None
        self._params = frozenset(params[1:] if self._self else params)
        self._env: dict[str, tuple[Part, ...]] = {}
        self._handed: list[Part] = []
        self._held: list[Part] = []  # parts stored on self
        self._used: dict[int, set[str]] = {}
        self._closed: set[int] = set()
        self._tasks: dict[int, Known] = {}  # started and not (yet) awaited, by line
        self._open_contexts: list[tuple[Part, ...]] = []
        self._after_yield = False
        self._awaited = False
        self._body = node.body

    def read(self) -> ValueSummary:
        """Interpret the body once and summarise the hand-over."""
        self._statements(self._body)
        if not self._after_yield:  # a plain coroutine: its tasks outlive the return too
            self._handed.extend(self._tasks.values())
        return self._summary(self._handed)

    def read_held(self) -> ValueSummary:
        """Interpret a method body and summarise what it keeps on ``self`` (and leaves running)."""
        self._statements(self._body)
        return self._summary([*self._held, *self._tasks.values()])

    def _summary(self, parts: list[Part]) -> ValueSummary:
        folded = tuple(_with_uses(part, self._used) for part in _unique(parts))
        return ValueSummary(folded, frozenset(self._closed), self._awaited)

    # -- statements ---------------------------------------------------------------------

    def _statements(self, body: Iterable[ast.stmt]) -> None:
        for stmt in body:
            self._statement(stmt)

    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            if stmt.value is not None:
                value = self._parts(stmt.value)
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    self._bind(target, value)
        elif isinstance(stmt, ast.Expr):
            self._expression_statement(stmt.value)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                self._handed.extend(self._parts(stmt.value))
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            self._with(stmt)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._env[stmt.name] = ()
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self._import(stmt)
        elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            if isinstance(stmt, (ast.For, ast.AsyncFor)):
                self._parts(stmt.iter)
            self._statements(stmt.body)
            self._statements(stmt.orelse)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self._statements(getattr(stmt, "body", []))
            for handler in getattr(stmt, "handlers", []):
                self._statements(handler.body)
            self._statements(getattr(stmt, "orelse", []))
            self._statements(getattr(stmt, "finalbody", []))

    def _import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        """A function-level import: its names resolve like module-level ones (relative ones keep
        their dots, for the resolver)."""
        for alias in stmt.names:
            if isinstance(stmt, ast.Import):
                local = alias.asname or alias.name.split(".", 1)[0]
                self._imported[local] = alias.name if alias.asname else local
            elif alias.name != "*":
                prefix = "." * stmt.level + (stmt.module or "")
                qualified = f"{prefix}.{alias.name}" if prefix else alias.name
                self._imported[alias.asname or alias.name] = qualified
            self._env.pop(alias.asname or alias.name.split(".", 1)[0], None)

    def _qualified(self, node: ast.expr) -> str | None:
        """The qualified name of a ``Name``/``Attribute`` chain, through the function's own imports first."""
        attrs: list[str] = []
        root = node
        while isinstance(root, ast.Attribute):
            attrs.append(root.attr)
            root = root.value
        if isinstance(root, ast.Name) and root.id in self._imported:
            return ".".join([self._imported[root.id], *reversed(attrs)])
        if isinstance(root, ast.Name) and (root.id in self._env or root.id in self._params):
            return None
        return self._facts.qualified(node)

    def _expression_statement(self, value: ast.expr) -> None:
        """A call for its effect: a task left running, a future completed, a client closed."""
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            receiver = value.func.value
            if value.func.attr in ("set_result", "set_exception") and isinstance(receiver, ast.Name):
                self._env[receiver.id] = (Known(Binding.SURVIVES, "a completed future", value.lineno),)
                return
            if value.func.attr == "cancel":
                self._finish_tasks(self._parts(receiver))
                return
        self._parts(value)

    def _with(self, stmt: ast.With | ast.AsyncWith) -> None:
        is_async = isinstance(stmt, ast.AsyncWith)
        entered: list[Part] = []
        for item in stmt.items:
            value = self._parts(item.context_expr, awaited=is_async)
            if is_async:
                self._awaited = self._awaited or not self._after_yield
                value = tuple(_entered(part) for part in value)
            entered.extend(value)
            if item.optional_vars is not None:
                self._bind(item.optional_vars, value)
        self._open_contexts.append(tuple(entered) if is_async else ())
        self._statements(stmt.body)
        self._open_contexts.pop()

    def _bind(self, target: ast.expr, value: tuple[Part, ...]) -> None:
        if isinstance(target, ast.Name):
            self._env[target.id] = value
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                and target.value.id == self._self:
            self._held.extend(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element.value if isinstance(element, ast.Starred) else element, value)

    # -- expressions ---------------------------------------------------------------------

    def _parts(self, node: ast.expr | None, awaited: bool = False) -> tuple[Part, ...]:
        """The parts of the value ``node`` evaluates to (noting effects on the way)."""
        if node is None:
            return ()
        if isinstance(node, ast.Await):
            if not self._after_yield:
                self._awaited = True
            value = self._parts(node.value, awaited=True)
            self._finish_tasks(value)
            return value
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            self._hand_over(self._parts(node.value))
            return ()
        if isinstance(node, ast.Call):
            return self._call(node, awaited)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            return self._parts(node.value)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return _concat(self._parts(element) for element in node.elts)
        if isinstance(node, ast.Dict):
            return _concat(self._parts(value) for value in node.values)
        if isinstance(node, ast.IfExp):
            return self._parts(node.body) + self._parts(node.orelse)
        if isinstance(node, ast.BoolOp):
            return _concat(self._parts(value) for value in node.values)
        if isinstance(node, ast.NamedExpr):
            value = self._parts(node.value)
            self._env[node.target.id] = value
            return value
        return ()

    def _name(self, name: str) -> tuple[Part, ...]:
        if name in self._env:
            return self._env[name]
        if name in self._params:
            return (Deferred("param", name, self._module, False, (), (), 0),)
        return ()  # a module-level or builtin name: made at import, before any loop

    def _call(self, call: ast.Call, awaited: bool) -> tuple[Part, ...]:
        args = _concat(self._parts(arg) for arg in [*call.args, *(k.value for k in call.keywords)])
        qualified = self._qualified(call.func)
        if qualified is not None:
            row = known.lookup(qualified)
            if row is not None:
                return self._known_call(call, row, args)
        func = call.func
        if isinstance(func, ast.Attribute):
            method = self._method_call(call, func, awaited, args)
            if method is not None:
                return method
        if isinstance(func, ast.Name) and func.id in self._env:
            return self._env[func.id]  # calling a factory the function made: holds what it holds
        if isinstance(func, ast.Call):
            factory = self._parts(func)  # ``async_sessionmaker(engine)()``: holds what the factory holds
            if factory:
                return factory
        name = qualified or (func.id if isinstance(func, ast.Name) and func.id not in self._params else None)
        if name is not None:
            return (Deferred("call", name, self._module, awaited, args, (), call.lineno),)
        return (_unknown(awaited, call.lineno), *args)

    def _known_call(self, call: ast.Call, row: known.Constructor, args: tuple[Part, ...]) -> tuple[Part, ...]:
        if row.refine is not None:
            binding, reason = row.refine(call, self._binding_of, self._text)
            part = Known(binding, reason, call.lineno)
        elif row.binding is None:
            return args
        else:
            part = Known(row.binding, row.reason, call.lineno)
        if row.runs and not self._after_yield:
            self._tasks[call.lineno] = part  # keeps running on this loop while the requester runs
        return (part,)

    def _method_call(self, call: ast.Call, func: ast.Attribute, awaited: bool,
                     args: tuple[Part, ...]) -> tuple[Part, ...] | None:
        receiver = self._parts(func.value)
        method = func.attr
        mocker = isinstance(func.value, ast.Name) and _is_mocker(func.value.id)
        if mocker and method in known.MOCKER_FACTORIES:
            return (Known(Binding.SURVIVES, "a mock", call.lineno),)
        if self._after_yield and method in known.CLOSE_METHODS:
            self._closed.update(_sites(receiver))
        if method in known.TASK_METHODS and method != "start":
            reason = "holds a pending future" if method == "create_future" else known.STARTS_TASK
            part = Known(Binding.CREATION, reason, call.lineno)
            if reason == known.STARTS_TASK and not self._after_yield:
                self._tasks[call.lineno] = part
            return (part,)
        if not receiver:
            return None
        if any(isinstance(p, Known) and p.reason == _LOOP_REASON for p in receiver):
            return self._loop_method(call, method)
        if awaited and not self._after_yield:
            for site in _sites(receiver):
                self._used.setdefault(site, set()).add(method)
        return receiver

    def _loop_method(self, call: ast.Call, method: str) -> tuple[Part, ...]:
        """A method of the running loop: transports are bound to it; executor results are plain data."""
        if method in _NEEDS_LOOP_METHODS:
            return (Known(Binding.CREATION, "holds transports of its loop", call.lineno),)
        return (Known(Binding.SURVIVES, "a result computed on its loop", call.lineno),)

    # -- effects -------------------------------------------------------------------------

    def _hand_over(self, value: tuple[Part, ...]) -> None:
        self._handed.extend(value)
        if not self._after_yield:
            self._handed.extend(self._tasks.values())  # still running while the requester runs
            for context in self._open_contexts:
                self._closed.update(_sites(context))
        self._after_yield = True

    def _finish_tasks(self, value: tuple[Part, ...]) -> None:
        for part in value:
            if isinstance(part, Known) and part.reason == known.STARTS_TASK:
                self._tasks.pop(part.site, None)

    # -- argument readers for the known table --------------------------------------------------

    def _binding_of(self, node: ast.expr) -> Binding | None:
        """How an argument's value is bound, when the table knows it (``transport=ASGITransport(app)``)."""
        known_parts = [p for p in self._parts(node) if isinstance(p, Known)]
        return known_parts[0].binding if len(known_parts) == 1 else None

    def _text(self, node: ast.expr) -> str | None:
        return constant_text(node, self._facts)


def read_function(node: FunctionNode, facts: ModuleFacts) -> ValueSummary:
    """The summary of what ``node`` hands over (yields or returns)."""
    return BodyReader(node, facts).read()


def _is_mocker(name: str) -> bool:
    return name == "mocker" or name.endswith("_mocker")


def _unknown(awaited: bool, line: int) -> Known:
    if awaited:
        return Known(Binding.AWAITED_UNKNOWN, "is made by an await the plugin cannot see into", line)
    return Known(Binding.UNKNOWN, "", line)


def _entered(part: Part) -> Part:
    """``async with X() as x``: entering awaits, so an unknown X is an awaited unknown."""
    if isinstance(part, Known) and part.binding is Binding.UNKNOWN:
        return _unknown(True, part.site)
    if isinstance(part, Deferred) and part.kind == "call" and not part.awaited:
        return Deferred(part.kind, part.name, part.module, True, part.args, (*part.used, "__aenter__"),
                        part.site)
    return part


def _with_uses(part: Part, used: Mapping[int, set[str]]) -> Part:
    """Fold in what the function awaited on a part before handing it over: a client it sent a
    request with, a primitive it waited on, are bound to its loop from then on."""
    methods = used.get(part.site)
    if not methods:
        return part
    if isinstance(part, Deferred):
        return Deferred(part.kind, part.name, part.module, part.awaited, part.args,
                        tuple(sorted({*part.used, *methods})), part.site)
    if part.binding is Binding.LAZY_CLIENT:
        return Known(Binding.USE, part.reason + " it already used", part.site)
    if part.binding in (Binding.LAZY_WAIT, Binding.LAZY_CONTENDED) and methods & _WAIT_METHODS:
        return Known(Binding.USE, part.reason + " it waited on", part.site)
    return part


def _sites(parts: Iterable[Part]) -> set[int]:
    return {part.site for part in parts if part.site}


def _concat(groups: Iterable[tuple[Part, ...]]) -> tuple[Part, ...]:
    return tuple(part for group in groups for part in group)


def _unique(parts: Iterable[Part]) -> list[Part]:
    return list(dict.fromkeys(parts))


def _param_names(args: ast.arguments) -> list[str]:
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
