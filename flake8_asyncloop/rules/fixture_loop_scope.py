"""ALP001: an async fixture cached for a wider scope than the event loop it runs on."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..display import display_path
from ..pytest_world.scopes import scope_rank
from .base import ModelRule
from .info import Example, RuleInfo

if TYPE_CHECKING:
    from ..pytest_world.summary import FixtureDef
    from ..pytest_world.model import PytestModel


INFO = RuleInfo(
    code="ALP001",
    name="fixture-cached-wider-than-its-loop",
    summary="an async fixture cached for a wider scope than the event loop it runs on",
    concerns="pytest-asyncio >= 0.24 (loop_scope); on <= 0.21 the event_loop fixture's scope; "
             "never on 0.23",
    options=("--asyncloop-default-fixture-loop-scope", "--asyncloop-asyncio-mode",
             "--asyncloop-pytest-asyncio-version"),
    messages={
        "narrow-loop": (
            "async fixture '{fixture}' is cached per {scope} but runs on a {loop} loop "
            "({loop_origin}): ScopeMismatch at setup; add loop_scope=\"{scope}\" or narrow its scope"
        ),
        "narrow-event-loop": (
            "async fixture '{fixture}' is cached per {scope} but pytest-asyncio {version} runs it "
            "on the {loop}-scoped event_loop ({event_loop}); redefine event_loop with scope=\"{scope}\" "
            "or narrow it"
        ),
    },
    examples=(
        Example("alp001_loop_narrower_than_scope", fires=True),
        Example("alp001_auto_mode", fires=True),
        Example("alp001_v021_event_loop", fires=True),
        Example("alp001_ok", fires=False),
        Example("alp001_ok_fixture_scope_value", fires=False),
        Example("alp001_v021_event_loop_ok", fires=False),
    ),
    doc="""\
## What it catches

An async fixture whose **caching scope** (`scope=`) is wider than the scope of the **event loop it
runs on**. pytest-asyncio decides that loop, on pytest-asyncio ≥ 0.24, in this order:

1. `loop_scope=` on `@pytest_asyncio.fixture`;
2. else the ini option `asyncio_default_fixture_loop_scope` (when set, and not `fixture-scope`);
3. else the fixture's own `scope`.

Which fixtures count: anything decorated with `pytest_asyncio.fixture` (every import form and alias,
called or bare — on pytest-asyncio ≥ 1.1 a plain `def` too, since it then runs on a loop as well),
and, in `asyncio_mode = auto`, every `async def` under plain `@pytest.fixture`. Fixtures in
conftest files, test modules and test classes are checked.

The finding sits on the fixture's decorator line (where `scope` is written), so `# noqa: ALP001`
there silences it. The message names the fixture, both scopes and where each came from — the
`scope=`/`loop_scope=` argument, or the configuration file and key (for example
`pytest.ini: asyncio_default_fixture_loop_scope`), or the flake8 option that overrode them.

## Why it fails at run time

The fixture is cached for the session but asks for a loop that lives for one test. pytest-asyncio
fetches that loop through its `_function_scoped_runner` fixture, and pytest refuses a function-scoped
fixture inside a session-scoped one. The setup of the first test that uses the fixture (directly, through
other fixtures, through `usefixtures` or `autouse`) errors with:

```
ScopeMismatch: You tried to access the function scoped fixture _function_scoped_runner with a
session scoped request object.
```

This is pytest-asyncio issue #1175, found in real projects: a project sets
`asyncio_default_fixture_loop_scope = function` (as pytest-asyncio's own deprecation warning suggests)
and every existing `@pytest_asyncio.fixture(scope="session")` breaks.

On pytest-asyncio ≤ 0.21 there is one `event_loop` fixture instead; an async fixture wider than it fails
with `ScopeMismatch` on `event_loop`. ALP001 then compares the fixture's scope with the `event_loop`
fixture it would get (pytest-asyncio's own is function scoped; a redefinition in a conftest counts with
its `scope`) and suggests redefining `event_loop` — never `loop_scope=`, which 0.21 does not have.
On 0.23 a fixture always runs on the loop of its own scope, so ALP001 never fires there.

## Example

```ini
# pytest.ini
[pytest]
asyncio_default_fixture_loop_scope = function
```

```python
# conftest.py
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")      # ALP001
async def client():
    async with httpx.AsyncClient() as client:
        yield client
```

## How to fix

Either give the fixture a loop as wide as its cache:

```python
@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def client(): ...
```

or narrow its cache to the loop it runs on:

```python
@pytest_asyncio.fixture                        # function scope, function loop
async def client(): ...
```

A session-scoped client on the session loop is then used by tests on other loops — see ALP002: run
those tests on the session loop too (`@pytest.mark.asyncio(loop_scope="session")` or
`asyncio_default_test_loop_scope = session`).

## Never reported

- a loop as wide as the scope, or wider (`scope="module", loop_scope="session"`);
- a `scope` or `loop_scope` that is not a literal (a variable, a callable `scope=`): the plugin does not
  guess;
- a project whose ini leaves `asyncio_default_fixture_loop_scope` unset (or `fixture-scope`): the loop is
  the fixture's own scope;
- in strict mode (the default), an `async def` under plain `@pytest.fixture`: pytest-asyncio does not run
  it at all (nor anyio or trio fixtures);
- a sync `@pytest.fixture`.
""",
)


class FixtureLoopScopeRule(ModelRule):
    """Compares each fixture's caching scope with its loop's scope; reports on the decorator line."""

    info: ClassVar[RuleInfo] = INFO

    def finish(self) -> None:
        """Check every fixture the file defines."""
        model = self.context.pytest_model()
        for fixture in model.module.all_fixtures:
            if fixture.caching_scope is not None and model.runs_on_loop(fixture):
                self._check(model, fixture, fixture.caching_scope)

    def _check(self, model: PytestModel, fixture: FixtureDef, scope: str) -> None:
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
                fixture=fixture.name, scope=scope, loop=source.scope,
                event_loop=event_loop, version=".".join(map(str, model.semantics.version)),
            )
            return
        loop = model.fixture_loop(fixture)
        if loop is None or scope_rank(loop.scope) >= scope_rank(scope):
            return
        self.report(
            fixture.decorator_line, fixture.decorator_col, "narrow-loop",
            fixture=fixture.name, scope=scope,
            loop=loop.scope, loop_origin=loop.origin,
        )
