"""Resolve the deferred parts of a fixture's value: the project's own helpers and classes, and parameters.

Only asked when a loop mismatch needs the answer.  A call into the project is
followed to its definition with the same import resolution the fixture lookup
uses (plain ``ast``, never importing anything): a helper function is read for
what it returns, a class for what its ``__init__`` keeps on ``self`` (a stored
running loop, a task, a client) and what the methods the fixture ran keep there.
What cannot be followed is unknown: bound only when it was awaited to make
(SPEC's default).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

from ...caches import StatCache
from ...parsing import parse_file
from ..sources import Sources, resolve_module
from . import known
from .body import BodyReader, read_function
from .module_facts import Definition, ModuleFacts, read_facts
from .parts import Binding, Deferred, Known, Part, ValueSummary

#: How deep helper calls are followed (fixture -> helper -> helper ...).
MAX_DEPTH = 4
#: Methods whose effects a class keeps when it is constructed.
_CONSTRUCTION = ("__init__", "__post_init__")

RootsFor = Callable[[Path], tuple[Path, ...]]
#: The summary of the async fixture a parameter name resolves to, or None (sync, unknown).
ParamValue = Callable[[str], "ValueSummary | None"]

_facts: StatCache[ModuleFacts | None] = StatCache(None)


def module_facts(path: Path) -> ModuleFacts | None:
    """The facts of the module at ``path``, parsed once per process while it is unchanged."""
    return _facts.get(path, _read_facts)


def _read_facts(path: Path) -> ModuleFacts | None:
    tree = parse_file(path)
    return None if tree is None else read_facts(path, tree.body)


class ValueResolver:
    """Turns a summary's deferred parts into known ones, for one checked file."""

    def __init__(self, sources: Sources, roots_for: RootsFor, current: ModuleFacts | None = None) -> None:
        self._sources = sources
        self._roots_for = roots_for
        self._current = current
        self._classes: dict[tuple[Path, str], tuple[Known, ...]] = {}

    def resolve(self, summary: ValueSummary, param_value: ParamValue) -> tuple[Known, ...]:
        """Every known part of the value, deferred parts followed as far as they go."""
        return tuple(self._parts(summary.parts, param_value, 0, frozenset()))

    def _parts(self, parts: tuple[Part, ...], param_value: ParamValue, depth: int,
               active: frozenset[tuple[Path, str]]) -> Iterator[Known]:
        for part in parts:
            if isinstance(part, Known):
                yield part
            elif part.kind == "param":
                inner = param_value(part.name) if depth == 0 else None
                if inner is not None:
                    yield from self._parts(inner.parts, _no_params, depth + 1, active)
            else:
                yield from self._call(part, param_value, depth, active)

    def _call(self, part: Deferred, param_value: ParamValue, depth: int,
              active: frozenset[tuple[Path, str]]) -> Iterator[Known]:
        args = list(self._parts(part.args, param_value, depth, active))
        found = self._definition(part.module, part.name) if depth < MAX_DEPTH else None
        if found is None or (found[0].path, part.name) in active:
            yield _unknown(part)
            yield from args
            return
        facts, node = found
        active = active | {(facts.path, part.name)}
        if isinstance(node, ast.ClassDef):
            yield from self._instance(facts, node, part, depth, active)
            yield from args
            return
        inner = read_function(node, facts)
        returned = [_resite(p, part) for p in self._parts(inner.parts, _no_params, depth + 1, active)]
        returned += [a for a in args if _mentions_params(inner)]
        if part.awaited and not any(p.binding is not Binding.UNKNOWN for p in returned):
            yield _unknown(part)
        yield from returned

    # -- classes ---------------------------------------------------------------------------

    def _instance(self, facts: ModuleFacts, node: ast.ClassDef, part: Deferred, depth: int,
                  active: frozenset[tuple[Path, str]]) -> Iterator[Known]:
        """An instance: what its construction keeps on ``self``, and what the methods the fixture
        awaited before handing it over keep there.  A method only the requester runs binds the
        instance to the requester's own loop (and rebinds it on each call), so it is not counted."""
        for method, held in self._methods(facts, node, depth, active):
            if method in _CONSTRUCTION or method in part.used:
                for known_part in held:
                    yield _through(node.name, known_part, part.site)

    def _methods(self, facts: ModuleFacts, node: ast.ClassDef, depth: int,
                 active: frozenset[tuple[Path, str]]) -> Iterator[tuple[str, tuple[Known, ...]]]:
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.args.args:
                summary = BodyReader(stmt, facts, self_name=stmt.args.args[0].arg).read_held()
                yield stmt.name, tuple(self._parts(summary.parts, _no_params, depth + 1, active))
        for base in node.bases:
            yield from self._base(facts, base, depth, active)

    def _base(self, facts: ModuleFacts, base: ast.expr, depth: int,
              active: frozenset[tuple[Path, str]]) -> Iterator[tuple[str, tuple[Known, ...]]]:
        qualified = facts.qualified(base)
        row = known.lookup(qualified) if qualified else None
        if row is not None and row.binding is not None:
            yield "__init__", (Known(row.binding, row.reason, base.lineno),)
            return
        name = qualified or (base.id if isinstance(base, ast.Name) else None)
        if name is None or depth >= MAX_DEPTH:
            return
        found = self._definition(facts.path, name)
        if found is not None and isinstance(found[1], ast.ClassDef) and (found[0].path, name) not in active:
            yield from self._methods(found[0], found[1], depth + 1, active | {(found[0].path, name)})

    # -- definitions ----------------------------------------------------------------------------

    def _definition(self, module: Path, name: str | None) -> tuple[ModuleFacts, Definition] | None:
        """The function or class ``name`` means in ``module``: local, imported, or dotted."""
        if not name:
            return None
        facts = self._facts(module)
        if facts is None:
            return None
        if name.startswith("."):
            return self._relative(facts, name)
        head, _, rest = name.partition(".")
        if not rest:
            return self._local(facts, head, 0)
        return self._dotted(facts, name)

    def _relative(self, facts: ModuleFacts, name: str) -> tuple[ModuleFacts, Definition] | None:
        """``..pkg.mod.func`` from a function-level relative import."""
        dotted = name.lstrip(".")
        level = len(name) - len(dotted)
        module, _, attr = dotted.rpartition(".")
        path = resolve_module(self._sources, module or None, level, facts.path, self._roots_for(facts.path))
        target = self._facts(path) if path is not None else None
        return self._local(target, attr, 0) if target is not None else None

    def _local(self, facts: ModuleFacts, name: str, hops: int) -> tuple[ModuleFacts, Definition] | None:
        node = facts.definitions.get(name)
        if node is not None:
            return facts, node
        imported = facts.from_imports.get(name)
        if imported is None or hops > MAX_DEPTH:
            return None
        module, level, original = imported
        path = resolve_module(self._sources, module, level, facts.path, self._roots_for(facts.path))
        target = self._facts(path) if path is not None else None
        return self._local(target, original, hops + 1) if target is not None else None

    def _dotted(self, facts: ModuleFacts, name: str) -> tuple[ModuleFacts, Definition] | None:
        """``pkg.mod.func`` or ``pkg.mod.Class.method``: the longest module prefix in the project."""
        parts = name.split(".")
        roots = self._roots_for(facts.path)
        for cut in range(len(parts) - 1, 0, -1):
            path = resolve_module(self._sources, ".".join(parts[:cut]), 0, facts.path, roots)
            target = self._facts(path) if path is not None else None
            if target is None:
                continue
            found = self._local(target, parts[cut], 0)
            for attr in parts[cut + 1:]:
                if found is None or not isinstance(found[1], ast.ClassDef):
                    return None
                body = found[1].body
                member = next((s for s in body if isinstance(s, _DEFINITIONS) and s.name == attr), None)
                found = (found[0], member) if member is not None else None
            return found
        return None

    def _facts(self, path: Path) -> ModuleFacts | None:
        if self._current is not None and path == self._current.path:
            return self._current
        return module_facts(path)


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _no_params(name: str) -> ValueSummary | None:
    return None


def _mentions_params(summary: ValueSummary) -> bool:
    """A helper that hands back (part of) what it was given."""
    return any(isinstance(p, Deferred) and p.kind == "param" for p in summary.parts)


def _unknown(part: Deferred) -> Known:
    if part.awaited:
        return Known(Binding.AWAITED_UNKNOWN, f"is made by awaiting {part.name}()", part.site)
    return Known(Binding.UNKNOWN, "", part.site)


def _resite(part: Known, call: Deferred) -> Known:
    """A part a helper made, as the fixture's call made it: used where the fixture used the result."""
    binding = part.binding
    if call.used and binding is Binding.LAZY_CLIENT:
        binding = Binding.USE
    return Known(binding, part.reason, call.site)


def _through(class_name: str, part: Known, site: int) -> Known:
    """A part an instance keeps, reported as the instance's."""
    if part.binding in (Binding.UNKNOWN, Binding.SURVIVES):
        return Known(part.binding, part.reason, site)
    article = "an" if class_name[:1].lower() in "aeiou" else "a"
    return Known(part.binding, f"holds {article} {class_name} that {part.reason}", site)
