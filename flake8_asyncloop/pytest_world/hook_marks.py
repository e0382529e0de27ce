"""The asyncio mark a test ends up with once the collection hooks above it have run.

What pytest does (checked with pytest 9.2 and pytest-asyncio 1.2 and 1.5):
- ``item.get_closest_marker("asyncio")`` is the first asyncio mark of the item's own
  marks (its decorators, closest first), else of its classes, else of its module.
- ``add_marker(m, append=False)`` puts ``m`` first among the item's own marks, so it
  beats every static mark; ``append=True`` (the default) puts it last, so it beats
  only class and module marks.  In auto mode an unmarked async test already carries
  a bare asyncio mark on the item (added at collection), so ``append=True`` changes
  nothing for it.
- Hooks run in pluggy's order: the conftest registered last (the deepest) first, a
  module named in ``pytest_plugins`` just before the conftest that names it;
  ``tryfirst`` before plain before ``trylast``; a wrapper's code before its yield
  before every plain implementation, after it after them.  ``pytest_itemcollected``
  runs during collection, then ``pytest_collection_modifyitems``,
  ``pytest_collection_finish``, ``pytest_runtest_protocol``, ``pytest_runtest_setup``.
- Only pytest-asyncio 1.2 and later choose the loop from the mark at setup; before,
  the loop was wired at collection and a later mark gives an unpredictable loop.
A filter or mark the plugin cannot read makes the answer unknown (None).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ..display import display_path
from ..records import record
from .collection_hooks import HookImpl
from .hook_reader import MarkEffect
from .summary import AsyncioMark, ModuleSummary, TestDef
from .hook_conditions import ItemFacts, evaluate
from .lookup import FixtureLookup
from .project import project_folder
from .sources import Sources, marking_conftests

#: pytest-asyncio reads the mark in the item's setup from this release on.
READS_MARK_AT_SETUP: Final = (1, 2, 0)
_MAX_STATES: Final = 16
AUTO_MARK: Final = AsyncioMark(None, None, "asyncio_mode = auto", 0)


@record
class HookSource:
    """A module whose hooks pytest calls for the checked tests, and when it was registered."""

    module: ModuleSummary
    rank: int  # registration order: 0 is registered first (and called last)
    ancestor: bool  # False: a conftest in another folder, loaded only when its tests are collected


@record
class _Step:
    """One effect in the order pytest runs it, with where it comes from."""

    effect: MarkEffect
    impl: HookImpl
    source: HookSource


@record
class _State:
    """The item's own asyncio marks (closest first); ``lost``: a change the plugin cannot read."""

    own: tuple[AsyncioMark, ...]
    lost: bool = False


def hook_sources(
    lookup: FixtureLookup, sources: Sources, module: ModuleSummary, rootdir: Path | None
) -> tuple[HookSource, ...]:
    """The conftests above ``module`` and their plugins, in the order pytest registers them,
    then the project's other conftests that add marks (their global hooks see every item)."""
    conftests = lookup.conftests(module.path)
    ordered: list[ModuleSummary] = []
    for holder in (*reversed(conftests), module):
        if holder is not module:
            ordered.append(holder)
        ordered.extend(p for p in lookup.plugins_of(holder) if p not in ordered)
    found = [HookSource(m, rank, True) for rank, m in enumerate(ordered) if m.collection_hooks]
    above = {c.path for c in conftests}
    top = project_folder(module.path.parent, rootdir)
    for path in marking_conftests(top):
        other = sources.module(path) if path not in above else None
        if other is not None and other.collection_hooks:
            found.append(HookSource(other, len(ordered) + len(found), False))
    return tuple(found)


def added_names(sources: tuple[HookSource, ...]) -> frozenset[str] | None:
    """Every non-asyncio mark name the hooks add (None: one they add cannot be named)."""
    names: set[str] = set()
    for source in sources:
        hooks = source.module.collection_hooks
        if hooks is not None:
            if hooks.added_names is None:
                return None
            names |= hooks.added_names
    return frozenset(names)


def item_facts(
    test: TestDef, module: ModuleSummary, rootdir: str | None, marks: frozenset[str],
    added: frozenset[str] | None,
) -> ItemFacts:
    """What hook filters may ask about an asyncio test (one pytest-asyncio has taken over:
    ``is_async_test`` is true of it)."""
    path = os.path.abspath(module.path)
    tail = "::".join((os.path.basename(path), *test.classes, test.name))
    nodeid = None
    if rootdir is not None and (path + os.sep).startswith(os.path.join(rootdir, "")):
        nodeid = "::".join((os.path.relpath(path, rootdir).replace(os.sep, "/"), *test.classes, test.name))
    parametrized = bool(test.marks.parametrized) or "parametrize" in marks
    return ItemFacts(nodeid, tail, test.name, path, tuple(module.path.parts), test.is_async, True,
                     parametrized, marks, added)


def final_marks(
    sources: tuple[HookSource, ...], facts: ItemFacts, start: tuple[AsyncioMark, ...],
    collector: AsyncioMark | None, version: tuple[int, int, int],
) -> list[AsyncioMark] | None:
    """Every asyncio mark the test may end up with; None when the plugin cannot tell."""
    states = [_State(start)]
    for step in _steps(sources):
        states = _apply(step, states, facts, collector)
        if len(states) > _MAX_STATES:
            return None
    if any(state.lost for state in states):
        return None
    finals = [_closest(state, collector) for state in states]
    if any(mark is None for mark in finals):
        return None
    static = _written(_closest(_State(start), collector))
    if version < READS_MARK_AT_SETUP and any(_written(mark) != static for mark in finals):
        return None  # before 1.2 a mark added at collection gives no predictable loop
    return [mark for mark in finals if mark is not None]


def _steps(sources: tuple[HookSource, ...]) -> Iterator[_Step]:
    """Every effect of every hook, in the order pytest runs them."""
    keyed: list[tuple[tuple[int, ...], _Step]] = []
    for source in sources:
        hooks = source.module.collection_hooks
        for impl in hooks.impls if hooks is not None else ():
            if not source.ancestor and not impl.global_hook:
                continue
            for index, effect in enumerate(impl.effects):
                key = (impl.phase, *_call_position(impl, source, effect), index)
                keyed.append((key, _Step(effect, impl, source)))
    keyed.sort(key=lambda pair: pair[0])
    for _, step in keyed:
        yield step


def _call_position(impl: HookImpl, source: HookSource, effect: MarkEffect) -> tuple[int, int, int]:
    """Where pluggy runs this code among a hook's implementations: wrappers' code before their
    yield first, then tryfirst/plain/trylast implementations (last registered first), then the
    wrappers' code after the yield, innermost first."""
    group = max(impl.order, 0)
    if not impl.wrapper:
        return 1, group, -source.rank
    if effect.after_yield:
        return 2, -group, source.rank
    return 0, group, -source.rank


def _apply(
    step: _Step, states: list[_State], facts: ItemFacts, collector: AsyncioMark | None
) -> list[_State]:
    result: list[_State] = []
    for state in states:
        def has_asyncio(state: _State = state) -> bool | None:
            return None if state.lost else bool(state.own) or collector is not None
        applies = evaluate(step.effect.cond, facts, has_asyncio)
        if applies is not True:
            result.append(state)
        if applies is not False:
            result.extend(_added(step, state))
    return result


def _added(step: _Step, state: _State) -> list[_State]:
    """The states after the effect: both ends when ``append=`` is not a literal."""
    effect = step.effect
    if effect.mark is None or not step.source.ancestor:
        return [_State(state.own, lost=True)]
    mark = AsyncioMark(
        effect.mark.loop_scope, effect.mark.scope,
        f"the asyncio mark {step.impl.hook} adds at {display_path(step.source.module.path)}:{effect.line}",
        effect.line, step.impl.hook,
    )
    front, back = _State((mark, *state.own), state.lost), _State((*state.own, mark), state.lost)
    if effect.append is None:
        return [front, back]
    return [back] if effect.append else [front]


def _written(mark: AsyncioMark | None) -> str | None:
    """The loop scope a mark asks for, as written (None: the default)."""
    return None if mark is None else mark.loop_scope or mark.scope


def _closest(state: _State, collector: AsyncioMark | None) -> AsyncioMark | None:
    if state.lost:
        return None
    return state.own[0] if state.own else collector
