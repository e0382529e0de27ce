"""ALP002: a test or fixture that runs on a different event loop than an async fixture it uses."""

from __future__ import annotations

from typing import ClassVar

from ..pytest_world.fixtures import FixtureDef
from ..pytest_world.lookup import Site
from ..display import display_path
from ..pytest_world.model import LoopScope, LoopUse, PytestModel
from ..pytest_world.scopes import scope_rank
from ..pytest_world.versions import AsyncioSemantics
from .base import FileContext, Rule


class LoopMismatchRule(Rule):
    """Follows each async requester's parameters to the async fixtures they reach."""

    code = "ALP002"
    messages: ClassVar = {
        "mismatch": (
            "{kind} '{requester}' runs on a {own} event loop ({own_origin}) but uses async fixture "
            "'{fixture}' ({where}){via}, which runs on a {other} loop ({other_origin}): a value bound "
            "to one loop (a client, pool, future, lock or queue) fails on the other with "
            "'Event loop is closed' or 'attached to a different loop'; fix: {fixes}"
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
        for test in model.tests():
            loop = model.test_loop(test) if test.params else None
            if loop is not None:
                self._check(model, "test", test.name, test.def_line, test.def_col, loop,
                            model.test_site(test), test.params, None)
        for fixture in model.module.all_fixtures:
            if fixture.params and model.is_async_fixture(fixture):
                loop = model.fixture_loop(fixture)
                site = Site(model.module, fixture.classes)
                if loop is not None:
                    self._check(model, "async fixture", fixture.name, fixture.def_line, fixture.def_col,
                                loop, site, fixture.params, fixture)

    def _check(
        self, model: PytestModel, kind: str, name: str, line: int, col: int,
        loop: LoopScope, site: Site, params: tuple[str, ...], requester: FixtureDef | None,
    ) -> None:
        reported: set[tuple[str, int]] = set()
        for use in model.loop_uses(params, site, requester):
            other = model.fixture_loop(use.fixture)
            key = (str(use.fixture.path), use.fixture.def_line)
            if other is None or other.scope == loop.scope or key in reported:
                continue
            reported.add(key)
            self.report(
                line, col, "mismatch", kind=kind, requester=name, own=loop.scope, own_origin=loop.origin,
                fixture=_label(use), where=_defined(use), via=_via(use),
                other=other.scope, other_origin=other.origin,
                fixes=_fixes(model.semantics, name, requester, loop, use.fixture, other),
            )


def _label(use: LoopUse) -> str:
    """The name the requester used, when it reaches the fixture directly; else the fixture's."""
    return use.fixture.name if use.via else use.param


def _defined(use: LoopUse) -> str:
    """Where the fixture is defined, and its own name when an import renamed it."""
    renamed = not use.via and use.param != use.fixture.name
    prefix = f"defined as '{use.fixture.name}' at " if renamed else ""
    return prefix + _where(use.fixture)


def _where(fixture: FixtureDef) -> str:
    return f"{display_path(fixture.path)}:{fixture.def_line}"


def _via(use: LoopUse) -> str:
    if not use.via:
        return ""
    chain = " -> ".join(f"'{f.name}' ({_where(f)})" for f in use.via)
    return f" through sync fixture {chain}" if len(use.via) == 1 else f" through sync fixtures {chain}"


def _fixes(
    semantics: AsyncioSemantics, name: str, requester: FixtureDef | None, own: LoopScope,
    fixture: FixtureDef, other: LoopScope,
) -> str:
    """Both ways to put them on one loop, in the words of the project's pytest-asyncio version;
    a fixture is never told to take a loop narrower than its scope."""
    if requester is None:
        first = _move_test(semantics, other.scope)
    else:
        first = _move(semantics, name, requester, other.scope)
    return f"{first}, or {_move(semantics, fixture.name, fixture, own.scope)}"


def _move_test(semantics: AsyncioSemantics, loop: str) -> str:
    """How to run a test on a ``loop`` scoped loop."""
    if not semantics.loop_scope_argument:  # 0.23: the mark's scope= chooses the loop
        return f'run the test on the fixture\'s loop with @pytest.mark.asyncio(scope="{loop}")'
    advice = f'run the test on the fixture\'s loop with @pytest.mark.asyncio(loop_scope="{loop}")'
    if semantics.default_test_loop_scope_option:
        advice += f" (or asyncio_default_test_loop_scope = {loop})"
    return advice


def _move(semantics: AsyncioSemantics, name: str, fixture: FixtureDef, loop: str) -> str:
    """How to put ``fixture`` on a ``loop`` scoped loop."""
    scope = fixture.caching_scope or "function"
    if not semantics.loop_scope_argument:  # 0.23: a fixture runs on the loop of its scope
        verb = "narrow" if scope_rank(loop) < scope_rank(scope) else "widen"
        return f'{verb} \'{name}\' to scope="{loop}"'
    if scope_rank(scope) <= scope_rank(loop):
        return f'give \'{name}\' loop_scope="{loop}"'
    return f'narrow \'{name}\' to scope="{loop}" (and loop_scope="{loop}")'
