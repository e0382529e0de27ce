"""ALP001: an async fixture cached for a wider scope than the event loop it runs on."""

from __future__ import annotations

from typing import ClassVar

from ..pytest_world.fixtures import FixtureDef
from ..display import display_path
from ..pytest_world.model import PytestModel
from ..pytest_world.scopes import scope_rank
from .base import FileContext, Rule


class FixtureLoopScopeRule(Rule):
    """Compares each fixture's caching scope with its loop's scope; reports on the decorator line."""

    code = "ALP001"
    messages: ClassVar = {
        "narrow-loop": (
            "async fixture '{fixture}' is cached for the {scope} scope ({scope_origin}) but runs on a "
            "{loop} event loop ({loop_origin}): pytest-asyncio fails at setup of the first test that "
            "uses it with ScopeMismatch (the _{loop}_scoped_runner fixture cannot serve a {scope} "
            'scoped request); fix: add loop_scope="{scope}" to its decorator, or narrow its scope '
            'to "{loop}"'
        ),
        "narrow-event-loop": (
            "async fixture '{fixture}' is cached for the {scope} scope ({scope_origin}) but "
            "pytest-asyncio {version} runs it on the event_loop fixture ({event_loop}), which is "
            "{loop} scoped: its setup fails with ScopeMismatch on event_loop; fix: redefine "
            'event_loop with scope="{scope}" in the root conftest.py, or narrow the fixture\'s '
            'scope to "{loop}"'
        ),
    }

    @classmethod
    def applies_to(cls, context: FileContext) -> bool:
        """Only files that could define fixtures."""
        return context.may_hold_pytest_items()

    def finish(self) -> None:
        """Check every fixture the file defines."""
        model = self.context.pytest_model()
        for fixture in model.module.all_fixtures:
            if fixture.caching_scope is not None and model.runs_on_loop(fixture):
                self._check(model, fixture, fixture.caching_scope)

    def _check(self, model: PytestModel, fixture: FixtureDef, scope: str) -> None:
        scope_origin = f'scope="{scope}"' if fixture.scope else "the default function scope"
        if not model.semantics.per_scope_loops:
            source = model.event_loop_for(fixture)
            if source.scope is None or scope_rank(source.scope) >= scope_rank(scope):
                return
            if source.definition is None:
                event_loop = "pytest-asyncio's own"
            else:
                definition = source.definition
                event_loop = f"redefined at {display_path(definition.path)}:{definition.def_line}"
            self.report(
                fixture.decorator_line, fixture.decorator_col, "narrow-event-loop",
                fixture=fixture.name, scope=scope, scope_origin=scope_origin, loop=source.scope,
                event_loop=event_loop, version=".".join(map(str, model.semantics.version)),
            )
            return
        loop = model.fixture_loop(fixture)
        if loop is None or scope_rank(loop.scope) >= scope_rank(scope):
            return
        self.report(
            fixture.decorator_line, fixture.decorator_col, "narrow-loop",
            fixture=fixture.name, scope=scope, scope_origin=scope_origin,
            loop=loop.scope, loop_origin=loop.origin,
        )
