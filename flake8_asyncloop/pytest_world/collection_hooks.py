"""Asyncio marks that a conftest or plugin adds to items while pytest collects them.

pytest-asyncio documents a conftest recipe that puts every async test on the
session loop::

    def pytest_collection_modifyitems(items):
        for item in (i for i in items if is_async_test(i)):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)

From pytest-asyncio 1.2 the loop is chosen in the item's setup from
``item.get_closest_marker("asyncio")``, so such a mark counts like one on the
function.  This module reads, once per module, the top-level functions named
after the hooks that run before that setup, and records every ``add_marker``
they make: which items (a ``Cond``), which mark, ``append=``, and when the hook
runs.  A mark or filter it cannot read is recorded as unknown, and an early hook
it does not follow (``pytest_pycollect_makeitem``...) that touches marks at all
is unknown for every item: the model then treats those tests' loop as unknown.
"""

from __future__ import annotations

import ast
from typing import Final

from ..imports import ImportTracker
from ..records import record
from .hook_conditions import UNKNOWN
from .hook_reader import FunctionDef, HookReader, MarkEffect, unsure

#: Hooks the reader follows, in the order pytest calls them for an item (all before its setup).
PHASES: Final = {
    "pytest_itemcollected": 0,
    "pytest_collection_modifyitems": 1,
    "pytest_collection_finish": 2,
    "pytest_runtest_protocol": 3,
    "pytest_runtest_setup": 4,
}
#: Called through ``item.ihook``: only the conftests above the item take part (checked with pytest 9.2).
PATH_FILTERED: Final = frozenset({"pytest_itemcollected", "pytest_runtest_setup"})
#: Called after pytest's own implementation when trylast, or after a wrapper's yield: too late for the loop.
_SETUP_TIME: Final = frozenset({"pytest_runtest_protocol", "pytest_runtest_setup"})
#: Early hooks whose items the reader does not follow: any mark handling there is unknown.
OPAQUE_HOOKS: Final = frozenset(
    {"pytest_pycollect_makeitem", "pytest_collection", "pytest_make_collect_report", "pytest_collectreport"}
)
_HOOKIMPL: Final = frozenset({"pytest.hookimpl"})


@record
class HookImpl:
    """One hook function of a module and the asyncio marks it adds."""

    hook: str
    line: int
    wrapper: bool
    order: int  # 0 tryfirst, 1 plain, 2 trylast; -1: not a literal
    effects: tuple[MarkEffect, ...]

    @property
    def phase(self) -> int:
        return PHASES.get(self.hook, 0)

    @property
    def global_hook(self) -> bool:
        """Called for every item of the session, whichever folder its conftest is in."""
        return self.hook not in PATH_FILTERED


@record
class CollectionHooks:
    """The hooks of one module that add asyncio marks, and every other mark name they add."""

    impls: tuple[HookImpl, ...]
    added_names: frozenset[str] | None  # None: some hook adds a mark the plugin cannot name


def read_collection_hooks(
    functions: dict[str, FunctionDef], constants: dict[str, ast.expr], imports: ImportTracker
) -> CollectionHooks | None:
    """The hooks among a module's top-level functions; None when it defines none that add marks."""
    names: set[str] = set()
    unnamed = False
    impls: list[HookImpl] = []
    for name, node in functions.items():
        if name in PHASES:
            reader = HookReader(imports, constants, functions)
            effects = reader.read(node)
            names |= reader.added_names
            unnamed = unnamed or reader.unnamed
        elif name in OPAQUE_HOOKS and _touches_marks(node):
            effects = [MarkEffect(node.lineno, UNKNOWN, None, None, False)]
        else:
            continue
        wrapper, order = _hookimpl(node, imports)
        if order < 0:  # tryfirst/trylast not literal: when it runs is unknown
            effects = [unsure(e) for e in effects]
        kept = tuple(e for e in effects if _in_time(name, wrapper, order, e))
        if kept:
            impls.append(HookImpl(name, node.lineno, wrapper, order, kept))
    if not impls and not names and not unnamed:
        return None
    return CollectionHooks(tuple(impls), None if unnamed else frozenset(names))


def _in_time(hook: str, wrapper: bool, order: int, effect: MarkEffect) -> bool:
    """Whether the mark is there when pytest-asyncio reads it (in the item's setup)."""
    if hook not in _SETUP_TIME:
        return True
    return not (effect.after_yield and wrapper) and order != 2


def _touches_marks(node: FunctionDef) -> bool:
    return any(
        isinstance(n, ast.Attribute) and n.attr in ("add_marker", "own_markers") for n in ast.walk(node)
    )


def _hookimpl(node: FunctionDef, imports: ImportTracker) -> tuple[bool, int]:
    """(is a wrapper, order) from ``@pytest.hookimpl(...)``."""
    for decorator in node.decorator_list:
        if not isinstance(decorator, ast.Call) or imports.qualified_name(decorator.func) not in _HOOKIMPL:
            continue
        flags = {k.arg: k.value for k in decorator.keywords if k.arg}
        literal = {k: v.value for k, v in flags.items() if isinstance(v, ast.Constant)}
        if len(literal) != len(flags):
            return False, -1
        wrapper = bool(literal.get("hookwrapper") or literal.get("wrapper"))
        order = 0 if literal.get("tryfirst") else 2 if literal.get("trylast") else 1
        return wrapper, order
    return False, 1
