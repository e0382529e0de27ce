"""ALP002: a test or fixture on another event loop than an async fixture whose value is loop-bound.

Loops that differ fail only when the fixture's value is bound to the loop it was
made on (SPEC §1 ALP002): the value is classified from the fixture's body
(``pytest_world/values``) and judged against the two loops.  One finding per
requester, on its ``def`` line, naming the fixture whose value fails and one fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..display import display_path
from ..pytest_world.fixtures import FixtureDef
from ..pytest_world.lookup import Site
from ..pytest_world.model import LoopScope, LoopUse, PytestModel
from ..pytest_world.scopes import scope_rank
from ..pytest_world.values.verdict import STRICTNESS, LoopPair, Verdict
from .base import FileContext, Rule


@dataclass(frozen=True)
class _Requester:
    """A test or async fixture of the checked file, and the loop it runs on."""

    kind: str  # "test" or "fixture"
    name: str
    line: int
    col: int
    loop: LoopScope
    site: Site
    params: tuple[str, ...]
    fixture: FixtureDef | None  # the requester itself, when it is a fixture


@dataclass(frozen=True)
class _Failure:
    use: LoopUse
    loop: LoopScope
    verdict: Verdict


class LoopMismatchRule(Rule):
    """Follows each async requester's parameters to the async fixtures they reach."""

    code = "ALP002"
    messages: ClassVar = {
        "mismatch": (
            "{kind} '{requester}' ({own} loop) uses '{fixture}' ({where}, {other} loop), "
            "which {why}{also}; {fix}"
        ),
        "mismatch-unknown": (
            "{kind} '{requester}' ({own} loop) uses '{fixture}' ({where}, {other} loop){also}; {fix}"
        ),
    }

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Only files that could define async tests or fixtures."""
        return context.may_hold_pytest_items()

    def finish(self) -> None:
        """Check every async test and async fixture of the file."""
        model = self.context.pytest_model()
        if not model.semantics.per_scope_loops:
            return  # <= 0.21: one event_loop runs everything
        for requester in _requesters(model):
            failures = self._failures(model, requester)
            if failures:
                self._report(model, requester, failures)

    def _failures(self, model: PytestModel, requester: _Requester) -> list[_Failure]:
        threshold = STRICTNESS[model.settings.loop_mismatch]
        failures: dict[tuple[str, int], _Failure] = {}
        for use in model.loop_uses(requester.params, requester.site, requester.fixture):
            other = model.fixture_loop(use.fixture)
            key = (str(use.fixture.path), use.fixture.def_line)
            scope = use.fixture.caching_scope
            if other is None or scope is None or other.scope == requester.loop.scope or key in failures:
                continue
            verdict = model.value_verdict(use.fixture, LoopPair(requester.loop.scope, other.scope, scope))
            if verdict.certainty >= threshold:
                failures[key] = _Failure(use, other, verdict)
        return sorted(failures.values(), key=lambda f: -f.verdict.certainty)

    def _report(self, model: PytestModel, requester: _Requester, failures: list[_Failure]) -> None:
        first = failures[0]
        others = [_label(f.use) for f in failures[1:]]
        also = f" (also {', '.join(repr(name) for name in others)})" if others else ""
        key = "mismatch" if first.verdict.reason else "mismatch-unknown"
        self.report(
            requester.line, requester.col, key, kind=requester.kind, requester=requester.name,
            own=requester.loop.scope, fixture=_label(first.use), where=_where(first.use.fixture),
            other=first.loop.scope, why=first.verdict.reason, also=also,
            fix=_fix(model, requester, first.use.fixture, first.loop.scope),
        )


def _requesters(model: PytestModel) -> list[_Requester]:
    """The checked file's async tests and async fixtures that request something, with their loops."""
    found: list[_Requester] = []
    for test in model.tests():
        loop = model.test_loop(test) if test.params else None
        if loop is not None:
            found.append(_Requester("test", test.name, test.def_line, test.def_col, loop,
                                    model.test_site(test), test.params, None))
    for fixture in model.module.all_fixtures:
        if fixture.params and model.is_async_fixture(fixture):
            loop = model.fixture_loop(fixture)
            if loop is not None:
                found.append(_Requester("fixture", fixture.name, fixture.def_line, fixture.def_col, loop,
                                        Site(model.module, fixture.classes), fixture.params, fixture))
    return found


def _label(use: LoopUse) -> str:
    """The name the requester used, when it reaches the fixture directly; else the fixture's."""
    return use.fixture.name if use.via else use.param


def _where(fixture: FixtureDef) -> str:
    return f"{display_path(fixture.path)}:{fixture.def_line}"


def _fix(model: PytestModel, requester: _Requester, fixture: FixtureDef, other: str) -> str:
    """One fix, in the words of the project's pytest-asyncio version: move whichever side has the
    narrower loop onto the wider one (a shared value must live on a loop that outlives its users)."""
    own = requester.loop.scope
    if scope_rank(own) < scope_rank(other):
        return _move_requester(model, requester, other)
    return _move_fixture(model, fixture.name, fixture, own)


def _move_requester(model: PytestModel, requester: _Requester, loop: str) -> str:
    semantics = model.semantics
    if requester.fixture is not None:
        return _move_fixture(model, requester.name, requester.fixture, loop)
    if not semantics.loop_scope_argument:  # 0.23: the mark's scope= chooses the loop
        return f'mark it @pytest.mark.asyncio(scope="{loop}")'
    from_default = requester.loop.origin == model.default_test_loop().origin
    if from_default and semantics.default_test_loop_scope_option:
        config = model.config.path
        where = display_path(config, levels_up=0) if config is not None else "the pytest configuration"
        return f"set asyncio_default_test_loop_scope = {loop} in {where}"
    return f'mark it @pytest.mark.asyncio(loop_scope="{loop}")'


def _move_fixture(model: PytestModel, name: str, fixture: FixtureDef, loop: str) -> str:
    scope = fixture.caching_scope or "function"
    if not model.semantics.loop_scope_argument:  # 0.23: a fixture runs on the loop of its scope
        verb = "narrow" if scope_rank(loop) < scope_rank(scope) else "widen"
        return f'{verb} \'{name}\' to scope="{loop}"'
    if scope_rank(scope) <= scope_rank(loop):
        return f'give \'{name}\' loop_scope="{loop}"'
    return f'narrow \'{name}\' to scope="{loop}" with loop_scope="{loop}"'
