"""ALP006's single source: the metadata, messages and page of the unrun-async rule."""

from __future__ import annotations

from .info import Example, RuleInfo

INFO = RuleInfo(
    code="ALP006",
    name="async-code-pytest-asyncio-never-runs",
    summary="an async test or fixture that strict-mode pytest-asyncio never runs",
    concerns="pytest-asyncio >= 0.19 in strict mode (0.17-0.18: tests only); pytest >= 8.4 fails "
             "such tests, pytest 9 such fixtures",
    options=("--asyncloop-asyncio-mode", "--asyncloop-pytest-asyncio-version"),
    messages={
        "unmarked-test": (
            "async test '{test}' has no asyncio mark, so strict-mode pytest-asyncio never runs it and "
            "pytest fails or skips it; add @pytest.mark.asyncio or set asyncio_mode = auto"
        ),
        "plain-fixture": (
            "async fixture '{fixture}' uses plain @pytest.fixture, which strict-mode pytest-asyncio never "
            "runs, so its users get a coroutine or an error; use @pytest_asyncio.fixture"
        ),
    },
    examples=(
        Example("alp006_unmarked", fires=True),
        Example("alp006_unmarked_ok", fires=False),
        Example("alp006_other_runners_ok", fires=False),
        Example("alp006_v018", fires=True),
        Example("alp006_v018_ok", fires=False),
        Example("alp006_v019_legacy_ok", fires=False),
        Example("alp006_v021_collection_hook_ok", fires=False),
    ),
    doc="""\
## What it catches

In strict mode — pytest-asyncio's default since 0.19 — pytest-asyncio runs only what is explicitly
its own:

- an `async def` test **without an asyncio mark** (on the function, its class, or the module's
  `pytestmark`). Reported at the test's `def` line;
- an `async def` fixture under **plain `@pytest.fixture`** instead of `@pytest_asyncio.fixture`.
  Reported once, at the fixture's `def` line, however many tests use it.

`# noqa: ALP006` on that `def` line silences the finding.

## Why it fails at run time

Nobody awaits the coroutine. Checked with real runs (pytest-asyncio 0.16, 0.17, 0.18, 0.19, 0.20,
0.21, 0.23, 0.26, 1.0, 1.5 with the pytest each supports):

- an unmarked async test: on pytest ≤ 8.3 it is **skipped** with
  `PytestUnhandledCoroutineWarning: async def functions are not natively supported and have been
  skipped`; on pytest 8.4 and 9 it **fails** with `Failed: async def functions are not natively
  supported.`
- a test using a plain async fixture: on pytest ≤ 8.4 the test receives a coroutine (or async
  generator) object instead of the value, with `RuntimeWarning: coroutine ... was never awaited`
  (8.4 adds a `PytestRemovedIn9Warning`); on pytest 9 it **errors**: `'test_x' requested an async
  fixture 'f', with no plugin or hook that handled it`.

A test that does not look at the fixture's value passes on pytest < 9 — but the fixture's code
(the database it sets up, the server it starts) never ran.

Which pytest-asyncio releases behave how (the plugin applies the release the project uses, see
`--asyncloop-pytest-asyncio-version`):

- **before 0.17** there are no modes: every `async def` fixture runs, whatever its decorator; an
  unmarked test is not run. Only tests are reported.
- **0.17–0.18**: `asyncio_mode` defaults to `legacy`, which still runs plain async fixtures (with a
  DeprecationWarning). Only tests are reported, unless the project sets `asyncio_mode = strict`.
- **0.19**: `strict` becomes the default; `legacy` can still be chosen (and is honoured).
- **0.20 and later**: `strict` (default) or `auto`; `legacy` is a usage error.

## When it stays silent

- `asyncio_mode = auto` (in the configuration file, `addopts`, or `--asyncloop-asyncio-mode`): every
  async test and fixture is pytest-asyncio's.
- The project shows no sign of using pytest-asyncio (no declared dependency, no import, no asyncio
  mark, no asyncio option in the module, its conftests or its configuration): the async code is
  someone else's.
- Another runner takes the code. anyio runs tests marked `anyio` and every test whose fixture
  closure holds `anyio_backend` (checked: an unmarked test requesting a sync fixture that requests
  `anyio_backend` runs and passes), and the plain async fixtures those tests use; pytest-trio runs
  tests marked `trio` (all of them with `trio_mode`); aiohttp's own plugin
  (`pytest_plugins = "aiohttp.pytest_plugin"`, or pytest-aiohttp before 1.0), pytest-tornasync,
  pytest-aio, pytest-sanic, pytest-twisted and aiomisc run every coroutine test and fixture. The
  plugin reads which ones the project uses from its declared dependencies (the same files as the
  pytest-asyncio version: requirements, pyproject, setup.cfg/setup.py, tox, lock files), from
  `trio_mode` and `-p` in its configuration, and from the text of the module, its conftests and
  `pytest_plugins` modules; for a fixture in a conftest, from every test module below it too, since
  those are the tests it serves.
- A hook may run or mark the code: `pytest_pyfunc_call`, `pytest_pycollect_makeitem`,
  `pytest_runtest_call`, `pytest_fixture_setup`, a collection hook that adds marks
  (`pytest_collection_modifyitems` with `add_marker`), or a conftest that sets `asyncio_mode`.
- What the plugin cannot read: a decorator other than a mark or `mock.patch` (it may wrap the
  coroutine into a plain function), a `pytestmark` that is not a literal mark or list of marks, a
  `pytest.param(..., marks=pytest.mark.asyncio)`, a test class with a base class that is not a plain
  class of the same module (a `unittest.TestCase` — `IsolatedAsyncioTestCase` runs coroutines itself),
  `__test__ = False`.
- A fixture outside the project's tests (a library's `pytest11` plugin module): the mode of the
  project that uses it decides. Fixtures are checked in conftest files, test modules (pytest's
  `python_files`) and modules under a `tests/` or `test/` folder.

## How to fix

Mark the test, or give the fixture pytest-asyncio's decorator:

```python
import pytest
import pytest_asyncio


@pytest_asyncio.fixture
async def client():
    async with make_client() as client:
        yield client


@pytest.mark.asyncio
async def test_get(client):
    assert (await client.get("/")).status == 200
```

or run every async test and fixture on pytest-asyncio with `asyncio_mode = auto` in the pytest
configuration.
""",
)
