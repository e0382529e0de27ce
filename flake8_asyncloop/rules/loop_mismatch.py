"""ALP002: a test or fixture on another event loop than an async fixture whose value is loop-bound.

Loops that differ fail only when the fixture's value is bound to the loop it was
made on (SPEC §1 ALP002): the value is classified from the fixture's body
(``pytest_world/values``) and judged against the two loops.  One finding per
requester, on its ``def`` line, naming the fixture whose value fails and one fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..display import display_path
from ..pytest_world.scopes import scope_rank
from ..records import record
from .base import ModelRule
from .collection_marks_doc import DOC as COLLECTION_MARKS_DOC, EXAMPLES as COLLECTION_MARKS_EXAMPLES
from .info import Example, RuleInfo

if TYPE_CHECKING:  # the pytest model loads only for files that may hold pytest items
    from ..pytest_world.summary import FixtureDef
    from ..pytest_world.lookup import Site
    from ..pytest_world.model import LoopScope, LoopUse, PytestModel
    from ..pytest_world.values.verdict import Verdict

INFO = RuleInfo(
    code="ALP002",
    name="fixture-value-bound-to-another-loop",
    summary="a test or fixture on another event loop than an async fixture whose value is bound to it",
    concerns="pytest-asyncio >= 0.23 (one loop per scope); never on <= 0.21 (one event_loop)",
    options=("--asyncloop-loop-mismatch", "--asyncloop-default-fixture-loop-scope",
             "--asyncloop-default-test-loop-scope", "--asyncloop-asyncio-mode",
             "--asyncloop-pytest-asyncio-version"),
    messages={
        "mismatch": (
            "{kind} '{requester}' ({own} loop) uses '{fixture}' ({where}, {other} loop): "
            "it {why}{also}; {fix}"
        ),
        "mismatch-unknown": (
            "{kind} '{requester}' ({own} loop) uses '{fixture}' ({where}, {other} loop){also}; {fix}"
        ),
    },
    examples=(
        Example("alp002_classic", fires=True),
        Example("alp002_values", fires=True),
        Example("alp002_awaited_unknown.py", fires=True),
        Example("alp002_fixtures_from_app", fires=True),
        Example("alp002_lookup_edges", fires=True),
        Example("alp002_marks_and_chains", fires=True),
        Example("alp002_v023", fires=True),
        Example("alp002_v025_test_loop_option_ignored", fires=True),
        Example("alp002_strictness_all", fires=True),
        Example("alp002_strictness_certain", fires=True),
        Example("alp002_values_ok", fires=False),
        Example("alp002_ok", fires=False),
        Example("alp002_ok_lookup", fires=False),
        Example("alp002_classic_ok_function_scope", fires=False),
        Example("alp002_classic_ok_session_loops", fires=False),
        Example("alp002_v021_ok", fires=False),
        *COLLECTION_MARKS_EXAMPLES,
    ),
    doc="""\
## What it catches

An async test, or an async fixture, that runs on an event loop of a different scope — narrower or
wider — than an async fixture it requests (directly, or through any chain of sync fixtures, which run on
no loop and hand on what they got), **when the fixture's value is bound to the loop it was made on**.
Loops that differ are harmless for a value that does not care: a mock, plain data, an `httpx.AsyncClient`
over an ASGI app, an SQLAlchemy engine over aiosqlite. So the rule reads what each async fixture hands
over and reports only the mismatches that fail at run time.

The loops, on pytest-asyncio ≥ 0.24:

- **an async fixture** runs on `loop_scope=`, else `asyncio_default_fixture_loop_scope`, else its
  `scope` (as for ALP001);
- **an async test** runs on the loop of the closest `asyncio` mark: its own
  `@pytest.mark.asyncio(...)`, else its class's (a class decorator or a class-level `pytestmark`, inner
  classes before outer ones), else the module's `pytestmark` (a mark or a list of marks). The mark's
  `loop_scope=` (or deprecated `scope=`) is the loop; a bare `@pytest.mark.asyncio` means
  `asyncio_default_test_loop_scope` (default `function`) — so a bare mark on a test **resets** a
  module-level `loop_scope="module"` to a function loop. In `asyncio_mode = auto`, an unmarked async
  test gets the ini default. A `pytestmark` in a package's `__init__.py` has **no effect** on the tests
  below it (verified with pytest 9.2 and pytest-asyncio 1.5, whatever pytest-asyncio's docs suggest).

Fixtures are resolved as pytest resolves them: the test's class (and enclosing classes, and base
classes in the same module), the test module, every `conftest.py` from the test's folder up to the
rootdir (the nearest wins), then the modules named in `pytest_plugins`. A fixture counts where a module
imports it — `from .fixtures.clients import *`, or by name, where `import client as api_client`
registers it as `api_client`, exactly as pytest does — so the `fixtures/` package layout that ALP005
recommends works. `name=` renames a fixture. A fixture that requests its own name gets the next one out.

## Which values are loop-bound

Measured with real pytest-asyncio 1.5.0 and real clients and servers on 127.0.0.1, each value used by
three tests under five loop layouts (fixture loop wider, test loop wider, a shared session value, a
module value used from one session loop, and the same loop as a control):
`tests/test_oracle_loop_values.py`.

- **a task (`asyncio.create_task`, `ensure_future`, `loop.create_task`), a pending future,
  `asyncio.open_connection` streams, `asyncio.start_server` / aiohttp `AppRunner` / `TestServer`, the
  running loop itself, an `aiohttp.ClientSession` or connector, `asyncpg.connect` / `create_pool`** —
  always ("bound from creation")
- **anything, while a task or server the fixture started is still running on its loop** — always: the
  task stops running, the server does not answer
- **a network client the fixture already used (an `httpx.AsyncClient` it sent a request with, a
  `redis.asyncio` client it sent a command with, an SQLAlchemy asyncpg engine it connected), a primitive
  it waited on (`await event.wait()`)** — always ("bound by use")
- **an `httpx.AsyncClient` (network transport), `redis.asyncio` client or SQLAlchemy engine with a
  network driver (`asyncpg`, `psycopg`, `aiomysql`, `asyncmy`, `aioodbc`), not used yet** — when one
  value is **shared** by tests on several loops (the fixture's cache scope is wider than the requester's
  loop: the second test fails), or when the fixture **closes it at teardown** after the requester's
  narrower loop is gone (`async with` around the `yield`, or `await client.aclose()` after it: "Event
  loop is closed")
- **an `asyncio.Queue`, `Event`, `Condition` or `Barrier`** — when shared by tests on several loops
  (*likely*: they fail when a test waits on it)
- **something made by an `await` the plugin cannot see into (`await some_library.connect()`, `async with
  third_party() as x`)** — *likely* (SPEC's default: awaited to make → bound)
- **mocks (`Mock`, `MagicMock`, `AsyncMock`, `mocker.*`, `patch`), literals and plain data (also after
  awaits), a completed future, `httpx.AsyncClient(transport=ASGITransport(...) / MockTransport(...))` or
  `app=`, SQLAlchemy engines and sessions over `sqlite+aiosqlite`, `aiosqlite.connect`, fakeredis
  clients, `anyio.Event`, anyio memory streams, Starlette's/FastAPI's `TestClient`, an aiohttp
  `Application`** — never
- **an `asyncio.Lock` or `Semaphore`** — only when a test contends for it (rare in sequential tests):
  reported only with `--asyncloop-loop-mismatch=all`
- **anything else made without an `await`** — not reported by default (`all` reports it)

The rule follows the value through local names, `async with ... as x`, tuples, attribute access and
factories (`async_sessionmaker(engine)()` holds what the engine holds), and into **the project's own
code** without importing it: a helper function (`client = await make_client()`) is read for what it
returns, through re-exports and relative imports; a class is read for what its `__init__` keeps on
`self` (a stored `asyncio.get_running_loop()`, a task, an aiohttp session), for what the methods the
fixture awaited before handing it over keep there (`await conn.connect()`), and for a known base class
(`class Api(aiohttp.ClientSession)`). A method that only the tests call binds the object to the test's
own loop, each time it runs, so it is not counted. The table of third-party constructors lives in
`flake8_asyncloop/pytest_world/values/known.py`; extend it there.

Known differences from the runtime, both asserted by the oracle: a shared `asyncio.Queue` that no test
waits on while it is empty passes but is reported (*likely*); a shared `asyncio.Lock` that a test
contends for fails but is not reported by default.

## Where it is reported, and the fix

One finding per requester, on the `def` line of the test or async fixture closest to the mismatch, so
`# noqa: ALP002` there silences it. It names the fixture whose value fails (and any other fixture that
fails for the same requester), where it is defined, both loops, why the value is loop-bound, and one fix:
the side with the narrower loop moves onto the wider one —

- a test whose loop comes from the default: `set asyncio_default_test_loop_scope = session in pytest.ini`
  (one line fixes every such test; before pytest-asyncio 0.26, `@pytest.mark.asyncio(loop_scope=...)`);
- a test with its own mark: `mark it @pytest.mark.asyncio(loop_scope="session")`;
- a fixture on the narrower loop: `give 'client' loop_scope="session"` (or, when its cache is wider than
  that loop, narrow its scope too — see ALP001).

```
tests/test_api.py:5:1: ALP002 test 'test_home' (function loop) uses 'client' (tests/fixtures/clients.py:6,
session loop): it shares an httpx.AsyncClient across loops; set asyncio_default_test_loop_scope = session
in pytest.ini
```

## Why it fails at run time

A value bound to one loop, used from another, fails with one of

```
RuntimeError: Task <...> got Future <Future pending> attached to a different loop
RuntimeError: <asyncio.locks.Event ...> is bound to a different event loop
RuntimeError: Event loop is closed          (often in the fixture's teardown, at await client.aclose())
RuntimeError: Timeout context manager should be used inside a task      (aiohttp)
ValueError: The future belongs to a different loop than the one specified as the loop argument
```

or hangs (a server on the fixture's loop does not answer while the test's loop runs). The classic case:
a session-scoped `httpx.AsyncClient`, the fixture loop option unset (so the client lives on the session
loop), tests on the default function loop: the first test passes, later ones fail, and the teardown fails.

## Example

```python
# tests/fixtures/clients.py
@pytest_asyncio.fixture(scope="session")
async def client():
    async with httpx.AsyncClient(base_url="http://localhost:8000") as client:
        yield client

# tests/test_api.py
@pytest.mark.asyncio
async def test_home(client):                       # ALP002
    await client.get("/")
```

Not reported: the same fixture over the app in-process, `httpx.AsyncClient(transport=ASGITransport(app))`
(fastapi-users' 167 passing tests), or with `loop_scope="session"` on both sides.

## How to fix

Put both on one loop. Either run the tests on the fixture's loop:

```ini
[pytest]
asyncio_default_fixture_loop_scope = session
asyncio_default_test_loop_scope = session                  # pytest-asyncio >= 0.26
```

```python
pytestmark = pytest.mark.asyncio(loop_scope="session")     # per module, or per test / class
```

or narrow the fixture to the tests' loop (`@pytest_asyncio.fixture` — function scope, function loop).

## Never reported

- a value that survives a loop switch (table above);
- a fixture named in `@pytest.mark.usefixtures(...)` or applied by `autouse=True`: its value never reaches
  the test (the fixture's own requests are still checked where it is defined);
- sync tests: they run on no loop;
- in strict mode, an unmarked async test (pytest-asyncio does not run it) and an `async def` under plain
  `@pytest.fixture`;
- a request that cannot be resolved (a third-party plugin's fixture), a name replaced by
  `@pytest.mark.parametrize`, an argument filled by a `mock.patch` decorator, a parameter with a default;
- a mark or fixture whose loop scope is not a literal;
- on pytest-asyncio ≤ 0.21: one `event_loop` runs everything.

On pytest-asyncio 0.23 the fixture's loop is its `scope` and the test's is the mark's `scope=` (default
function; `loop_scope=` on the mark is ignored there). Beware that 0.23 is also order-dependent: a test
on a wider loop that runs after a function-loop test no longer finds that loop current and fails even
when the scopes match (verified with 0.23.8); ALP002 reports the mismatches that fail whatever the order.
Before 0.26, `asyncio_default_test_loop_scope` does not exist and tests default to a function loop
whatever the ini says.

## Proven against the runtime

`tests/test_oracle_loop_values.py` runs every value kind above under five loop layouts with real
pytest-asyncio 1.5.0 and asserts that the plugin flags a test module exactly when its tests fail.
`tests/test_oracle_loop_scopes.py` writes 63 scenario projects (fixture packages, conftest chains, marks at
every level, every kind of configuration file, auto and strict mode, renamed fixtures, sync-fixture chains,
fixture loops narrower and wider than the test's, `usefixtures` and `autouse`, marks added by
collection hooks, the corrected layouts) whose fixtures keep the running loop, runs them the same way
and asserts that the tests ALP001/ALP002 flag are exactly the tests that fail.
""" + "\n" + COLLECTION_MARKS_DOC,
)


@record
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


@record
class _Failure:
    use: LoopUse
    loop: LoopScope
    verdict: Verdict


class LoopMismatchRule(ModelRule):
    """Follows each async requester's parameters to the async fixtures they reach."""

    info: ClassVar[RuleInfo] = INFO

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
        from ..pytest_world.values.verdict import STRICTNESS, LoopPair

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
    from ..pytest_world.lookup import Site

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
    if requester.loop.hook is not None:  # a mark added at collection beats the test's own marks
        keyword = "loop_scope" if semantics.loop_scope_argument else "scope"
        return f'set {keyword}="{loop}" on the asyncio mark {requester.loop.hook}() adds'
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
