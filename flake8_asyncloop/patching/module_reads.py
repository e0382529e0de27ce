"""What one Python file may read of other modules' attributes at run time (ALP009).

A patch of ``M.name`` is seen by code that looks ``name`` up on the module when it runs:
``M.name(...)`` after ``import M`` (any alias, ``from pkg import M``), ``getattr(M, ...)``, a
``from M import name`` inside a function, ``M``'s own functions reading their global ``name``,
a dotted string ``"M.name"`` something may resolve, or a module object handed on (``modules =
[M]``), after which anything may read it.  This summary keeps each of those, liberally: a local
rebound to something else still counts, and every doubt counts as a read.  One stdlib ``ast``
parse per file and per process.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Final

from .. import stamps
from ..caches import CACHES, RunChecks
from ..records import EMPTY, record

#: Attributes of a mock: ``M.name.assert_called_once()`` in a test reads the mock, not the code.
MOCK_API: Final = frozenset({
    "called", "call_count", "call_args", "call_args_list", "mock_calls", "method_calls", "return_value",
    "side_effect", "await_count", "await_args", "await_args_list", "reset_mock", "configure_mock",
})
_DOTTED_STRING: Final = re.compile(r"^[A-Za-z_][\w.]*[.:][A-Za-z_]\w*$")
_SCOPES: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def is_mock_api(attribute: str) -> bool:
    """An attribute of the mock itself (``called``, ``assert_called_once``)."""
    return attribute in MOCK_API or attribute.startswith("assert_")


def callee(func: ast.expr) -> str | None:
    """The name a call calls: ``f`` for ``f()`` and ``x.y.f()``."""
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


@record
class ModuleReads:
    """The run-time reads of one file, by absolute module name (kept for the run: read-only sets)."""

    #: ``(module, attribute)`` read as ``alias.attribute`` or ``getattr(alias, "attribute")``.
    attributes: frozenset[tuple[str, str]] = EMPTY
    #: The same, when only a mock's API is read on it (``M.name.assert_called()``).
    mock_attributes: frozenset[tuple[str, str]] = EMPTY
    #: Modules bound to a name used as a whole value, or read with a non-literal ``getattr``.
    escaped: frozenset[str] = EMPTY
    #: ``(module, name)`` of ``from module import name`` inside a function (``*`` for any).
    late_imports: frozenset[tuple[str, str]] = EMPTY
    #: Modules imported inside a function (``import M`` there: the module is read then).
    late_modules: frozenset[str] = EMPTY
    #: Names read inside function bodies: a module's own functions see its patched globals.
    function_loads: frozenset[str] = EMPTY
    #: String constants shaped like ``a.b.name`` or ``a.b:name``.
    dotted_strings: frozenset[str] = EMPTY
    #: ``reload(...)``, ``sys.modules`` or ``globals()``: the file may rebind modules or names.
    rebinds: bool = False
    #: Names looked up by a string on something not known to be a module (``getattr(obj, "name")``).
    looked_up: frozenset[str] = EMPTY
    #: Names called as ``await name(...)`` or ``await x.name(...)``.
    awaited_calls: frozenset[str] = EMPTY
    #: Names used any other way: called without ``await``, or handed on (``callback=x.name``).
    other_uses: frozenset[str] = EMPTY


#: The fields of ``ModuleReads`` that are sets (all but ``rebinds``).
_SET_FIELDS: Final = tuple(f.name for f in fields(ModuleReads) if f.name != "rebinds")


class _Gathered:
    """The reads being gathered (one mutable set per field of ``ModuleReads``), made into one with
    ``done``."""

    attributes: set[tuple[str, str]]
    mock_attributes: set[tuple[str, str]]
    escaped: set[str]
    late_imports: set[tuple[str, str]]
    late_modules: set[str]
    function_loads: set[str]
    dotted_strings: set[str]
    looked_up: set[str]
    awaited_calls: set[str]
    other_uses: set[str]

    def __init__(self) -> None:
        for name in _SET_FIELDS:
            setattr(self, name, set())
        self.rebinds = False

    def add(self, reads: ModuleReads) -> None:
        for name in _SET_FIELDS:
            getattr(self, name).update(getattr(reads, name))
        self.rebinds = self.rebinds or reads.rebinds

    def done(self) -> ModuleReads:
        sets = {name: frozenset(found) if (found := getattr(self, name)) else EMPTY for name in _SET_FIELDS}
        return ModuleReads(rebinds=self.rebinds, **sets)


def merged_reads(every: Iterable[ModuleReads]) -> ModuleReads:
    """The reads of several files in one: each question asked of reads ("is ``(M, name)`` among the
    attributes read", "does it rebind") is "does any file", so it is asked of the union."""
    merged = _Gathered()
    for reads in every:
        merged.add(reads)
    return merged.done()


_READS: dict[str, tuple[tuple[int, int, int] | None, ModuleReads | None]] = {}
CACHES.register(_READS.clear)
_READS_CHECKED = RunChecks()


def reads_of_file(path: str, module: str | None, is_package: bool) -> ModuleReads | None:
    """The reads of the file at ``path`` (imported as ``module``); None when it cannot be read."""
    stamps.note(path)
    cached = _READS.get(path)
    if cached is not None and _READS_CHECKED.done(path):
        return cached[1]
    try:
        identity = stamps.identity(path)
    except OSError:
        _READS.pop(path, None)
        return None
    if cached is not None and identity is not None and cached[0] == identity:
        return cached[1]
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read(), filename=path)
        reads: ModuleReads | None = reads_of_tree(tree, module, is_package)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
        reads = None
    _READS[path] = (identity, reads)
    return reads


#: Per file, its identity and its distinct identifiers as one string (" a b c "): a set of them cost
#: six times the memory, for a test asked a few times per file.
_WORDS: dict[str, tuple[tuple[int, int, int] | None, str]] = {}
CACHES.register(_WORDS.clear)
_WORDS_CHECKED = RunChecks()
_WORD: Final = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def mentions(path: str, word: str) -> bool:
    """Whether the file's text has ``word`` as an identifier: a cheap test before parsing it."""
    stamps.note(path)
    cached = _WORDS.get(path)
    if cached is not None and _WORDS_CHECKED.done(path):
        return f" {word} " in cached[1]
    try:
        identity = stamps.identity(path)
    except OSError:
        _WORDS.pop(path, None)
        return True
    if cached is None or identity is None or cached[0] != identity:
        try:
            with open(path, "rb") as handle:
                words = set(_WORD.findall(handle.read()))
        except OSError:
            return True
        cached = _WORDS[path] = (identity, f" {b' '.join(words).decode('ascii')} ")
    return f" {word} " in cached[1]


def reads_of_tree(tree: ast.Module, module: str | None, is_package: bool) -> ModuleReads:
    """The reads of a parsed file."""
    package = (module if is_package else (module or "").rpartition(".")[0]) or None
    reader = _Reader(package)
    reader.collect_imports(tree)
    reader.visit(tree)
    return reader.reads.done()


def module_level_imports(tree: ast.Module) -> Iterator[str]:
    """The absolute modules the test file imports when it is imported (and ``from`` modules' names,
    which may be submodules), outside ``if TYPE_CHECKING:``."""
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                todo.extend(node.body)
            todo.extend(node.orelse)
        elif isinstance(node, (ast.Try, ast.With)):
            todo.extend(node.body)
            if isinstance(node, ast.Try):
                todo.extend(node.orelse)
                for handler in node.handlers:
                    todo.extend(handler.body)


class _Reader:
    def __init__(self, package: str | None) -> None:
        self.package = package
        self.aliases: dict[str, str] = {}
        self.reads = _Gathered()

    def absolute(self, node: ast.ImportFrom) -> str | None:
        if not node.level:
            return node.module
        if self.package is None:
            return None
        parts = self.package.split(".")
        if node.level - 1 >= len(parts):
            return None
        base = parts[: len(parts) - (node.level - 1)]
        return ".".join([*base, node.module] if node.module else base)

    def collect_imports(self, tree: ast.Module) -> None:
        """Every import of the file, whatever its scope: a local alias reads the same module."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.aliases[local] = alias.name if alias.asname else local
            elif isinstance(node, ast.ImportFrom):
                module = self.absolute(node)
                for alias in node.names:
                    if module is not None and alias.name != "*":
                        self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"

    def visit(self, tree: ast.Module) -> None:
        """Every node with its parent, whether it is in a function body, and whether an exception
        it raises is swallowed there (``try: ... except Exception:``, ``suppress(Exception)``)."""
        todo: list[tuple[ast.AST, bool, ast.AST | None, bool]] = [(tree, False, None, False)]
        while todo:
            current, inside, above, guarded = todo.pop()
            self.read(current, inside, above, guarded)
            if isinstance(current, _SCOPES):
                inside, guarded = True, False
            covered = _guarded_blocks(current)
            for child in ast.iter_child_nodes(current):
                todo.append((child, inside, current, guarded or id(child) in covered))

    def read(self, node: ast.AST, in_function: bool, parent: ast.AST | None, guarded: bool = False) -> None:
        if isinstance(node, (ast.Attribute, ast.Name)):
            self.use(node, parent)
        if isinstance(node, ast.Attribute):
            self.attribute(node, parent)
        elif isinstance(node, ast.Name):
            self.name(node, in_function, parent)
        elif isinstance(node, ast.Call):
            self.call(node)
            self.call_site(node, parent, guarded)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if len(node.value) < 200 and _DOTTED_STRING.match(node.value):
                self.reads.dotted_strings.add(node.value.replace(":", "."))
        elif in_function and isinstance(node, (ast.Import, ast.ImportFrom)):
            self.late_import(node)

    def use(self, node: ast.Attribute | ast.Name, parent: ast.AST | None) -> None:
        """A name handed on rather than called (a mock's own API read in a test is neither)."""
        if not isinstance(node.ctx, ast.Load) or (isinstance(parent, ast.Call) and parent.func is node):
            return
        if isinstance(parent, ast.Attribute) and is_mock_api(parent.attr):
            return
        if isinstance(parent, ast.Attribute) and parent.value is node and isinstance(node, ast.Name):
            return  # ``module.attribute``: the module is not handed on
        self.reads.other_uses.add(node.attr if isinstance(node, ast.Attribute) else node.id)

    def call_site(self, node: ast.Call, parent: ast.AST | None, guarded: bool) -> None:
        """An awaited call counts only where a TypeError from the await is not swallowed."""
        name = callee(node.func)
        if name is not None:
            awaited = isinstance(parent, ast.Await) and not guarded
            (self.reads.awaited_calls if awaited else self.reads.other_uses).add(name)

    def module_of(self, node: ast.expr) -> str | None:
        """The absolute dotted name an expression of imported names stands for."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        return ".".join([self.aliases[node.id], *reversed(parts)])

    def attribute(self, node: ast.Attribute, parent: ast.AST | None) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        module = self.module_of(node.value)
        if module is None:
            return
        mock_only = isinstance(parent, ast.Attribute) and is_mock_api(parent.attr)
        (self.reads.mock_attributes if mock_only else self.reads.attributes).add((module, node.attr))

    def name(self, node: ast.Name, in_function: bool, parent: ast.AST | None) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        if in_function:
            self.reads.function_loads.add(node.id)
        if node.id == "globals":
            self.reads.rebinds = True
        if node.id in self.aliases and not (isinstance(parent, ast.Attribute) and parent.value is node):
            self.reads.escaped.add(self.aliases[node.id])

    def call(self, node: ast.Call) -> None:
        name = callee(node.func)
        if name == "reload":
            self.reads.rebinds = True
        if name == "attrgetter":
            self.reads.looked_up.update(_strings(node.args))
        if name != "getattr" or not node.args:
            return
        module = self.module_of(node.args[0])
        literal = node.args[1] if len(node.args) > 1 else None
        text = literal.value if isinstance(literal, ast.Constant) and isinstance(literal.value, str) else None
        if module is None:
            self.reads.looked_up.update([text] if text is not None else [])
        elif text is not None:
            self.reads.attributes.add((module, text))
        else:
            self.reads.escaped.add(module)

    def late_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            self.reads.late_modules.update(alias.name for alias in node.names)
            return
        module = self.absolute(node)
        if module is None:
            self.reads.late_imports.add(("", "*"))
            return
        self.reads.late_modules.add(module)
        for alias in node.names:
            self.reads.late_imports.add((module, alias.name))


_TRY: Final = (ast.Try, getattr(ast, "TryStar", ast.Try))
#: Handlers that swallow the TypeError an awaited mock raises.
_SWALLOWING: Final = frozenset({"Exception", "BaseException", "TypeError"})


def _guarded_blocks(node: ast.AST) -> set[int]:
    """The statements of ``node`` whose exceptions a handler or ``suppress`` swallows."""
    if isinstance(node, _TRY) and any(swallows(h.type) for h in node.handlers):
        return {id(statement) for statement in node.body}
    if isinstance(node, (ast.With, ast.AsyncWith)) and any(_suppresses(i.context_expr) for i in node.items):
        return {id(statement) for statement in node.body}
    return set()


def swallows(kind: ast.expr | None) -> bool:
    """An ``except`` clause (or ``suppress``/``raises`` argument) that catches a TypeError."""
    if kind is None:
        return True
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(callee(n) in _SWALLOWING for n in names if isinstance(n, (ast.Name, ast.Attribute)))


def _suppresses(expression: ast.expr) -> bool:
    return isinstance(expression, ast.Call) and callee(expression.func) == "suppress" and any(
        swallows(argument) for argument in expression.args
    )


def _strings(nodes: list[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]
