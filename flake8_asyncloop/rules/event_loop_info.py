"""ALP003's single source: the metadata, messages and page of both event-loop API rules.

``event_loop_api`` (asyncio's deprecated calls and policy API, fed by the walk) and
``event_loop_fixture`` (pytest-asyncio's ``event_loop`` fixture, read from the pytest model)
report under one code; their messages and documentation live here, once.
"""

from __future__ import annotations

from .info import Example, RuleInfo

INFO = RuleInfo(
    code="ALP003",
    name="deprecated-event-loop-api",
    summary="deprecated or removed event-loop APIs: `asyncio.get_event_loop()`, the policy API, "
            "pytest-asyncio's `event_loop` fixture",
    concerns="Python 3.12-3.16 (get_event_loop, the policy API); pytest-asyncio >= 0.23 (event_loop), "
             ">= 1.4 (event_loop_policy)",
    options=("--asyncloop-pytest-asyncio-version",),
    messages={
        "in-coroutine": (
            "{name}() works in a coroutine, but use asyncio.get_running_loop(): it is the documented "
            "call there and cannot silently create a loop"
        ),
        "outside-coroutine": (
            "{name}() outside a coroutine is deprecated and raises RuntimeError on Python 3.14 when "
            "no loop is set; use asyncio.run(), asyncio.Runner or asyncio.new_event_loop()"
        ),
        "warning-ignored": (
            "{name}() with its DeprecationWarning ignored still raises RuntimeError on Python 3.14 "
            "when no loop is set; also catch RuntimeError and fall back to asyncio.new_event_loop()"
        ),
        "policy": (
            "{name} is event-loop policy API, deprecated in Python 3.14 (to be removed in "
            "3.16); pass {factory} to asyncio.run() or asyncio.Runner"
        ),
        "policy-read": (
            "asyncio.get_event_loop_policy() is event-loop policy API, deprecated in Python 3.14 (to be "
            "removed in 3.16); "
            "ask asyncio.get_running_loop() for the loop, or make one with asyncio.new_event_loop()"
        ),
        "policy-in-tests": (
            "{name} is event-loop policy API, deprecated in Python 3.14 (to be removed in "
            "3.16); in tests return {factory} from a pytest_asyncio_loop_factories hook"
        ),
        "defines-removed": (
            "fixture 'event_loop' is ignored since pytest-asyncio 1.0, so the loop it was meant to give is "
            "gone; choose loops with loop_scope= and use asyncio.get_running_loop()"
        ),
        "defines-deprecated": (
            "fixture 'event_loop' redefines a fixture deprecated in pytest-asyncio 0.23 and ignored from "
            "1.0; {choose} and use asyncio.get_running_loop()"
        ),
        "requests-removed": (
            "{who} requests event_loop, which pytest-asyncio 1.0 removed (\"fixture 'event_loop' not "
            "found\"); {instead}"
        ),
        "requests-redefined": (
            "{who} requests the project's own event_loop ({where}), which no test runs on since "
            "pytest-asyncio 1.0; {instead}"
        ),
        "requests-deprecated": (
            "{who} requests event_loop, deprecated and removed in pytest-asyncio 1.0; {instead}"
        ),
        "getfixturevalue": (
            "getfixturevalue(\"event_loop\") asks for a fixture pytest-asyncio {status}; use "
            "asyncio.get_running_loop()"
        ),
        "defines-policy": (
            "fixture 'event_loop_policy' is deprecated since pytest-asyncio 1.4; implement the "
            "pytest_asyncio_loop_factories hook instead"
        ),
    },
    examples=(
        Example("alp003_get_event_loop.py", fires=True),
        Example("alp003_policy.py", fires=True),
        Example("alp003_policy_annotations.py", fires=True),
        Example("alp003_guards.py", fires=True),
        Example("alp003_event_loop_fixture", fires=True),
        Example("alp003_event_loop_removed", fires=True),
        Example("alp003_event_loop_v026", fires=True),
        Example("alp003_get_event_loop_ok.py", fires=False),
        Example("alp003_policy_ok.py", fires=False),
        Example("alp003_policy_annotations_ok.py", fires=False),
        Example("alp003_guards_ok.py", fires=False),
        Example("alp003_event_loop_ok", fires=False),
        Example("alp003_event_loop_v021_ok", fires=False),
    ),
    doc="""\
## What it catches

1. `asyncio.get_event_loop()` in every import form: `asyncio.get_event_loop()`,
   `import asyncio as aio; aio.get_event_loop()`, `from asyncio import get_event_loop as gel; gel()`,
   `asyncio.events.get_event_loop()`, and a bare reference such as `loop = asyncio.get_event_loop`.
   - **Outside a coroutine** (sync code, including a sync function or lambda inside an `async def`):
     deprecated — it breaks on Python 3.14 when no loop is set.
   - **Inside a coroutine**: it works, without a warning, on every Python (it returns the running
     loop). It is still reported, with a different message: `asyncio.get_running_loop()` is the
     documented call there and cannot silently create a loop, and the same line breaks as soon as it
     moves into sync code. The message does not call it deprecated.
2. The event-loop policy API: `get_event_loop_policy`, `set_event_loop_policy`,
   `AbstractEventLoopPolicy`, `DefaultEventLoopPolicy`, `WindowsSelectorEventLoopPolicy`,
   `WindowsProactorEventLoopPolicy` — from `asyncio` or its submodules (`asyncio.events`,
   `asyncio.windows_events`, `asyncio.unix_events`). Names are matched as written, not against the
   running Python's standard library, so a Windows policy is reported on Linux too. One expression
   gives one finding: a policy call absorbs the policy names in its arguments, so
   `asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())` is one finding, on
   `set_event_loop_policy`, and its advice names the loop that replaces the argument's policy
   (`asyncio.SelectorEventLoop`). Policy names that are not nested in one another
   (`policy = asyncio.WindowsSelectorEventLoopPolicy()` then `asyncio.set_event_loop_policy(policy)`)
   are separate findings. A policy name in an annotation (`def f(policy: asyncio.AbstractEventLoopPolicy)`,
   `x: asyncio.DefaultEventLoopPolicy | None`) is not reported in a module with
   `from __future__ import annotations`: there every annotation is a string that nothing evaluates
   at run time (pytest-asyncio annotates its policy helpers this way). Without that import it is
   reported: Python 3.14 evaluates annotations lazily (PEP 649), but `inspect.signature` — which
   pytest, FastAPI and pydantic call — evaluates them. A default value or an `isinstance` check runs,
   and is reported either way.
3. pytest-asyncio's `event_loop` fixture (on pytest-asyncio ≥ 0.23 semantics): a fixture defined
   with the name `event_loop`, or a test or fixture that requests it — as a parameter, through
   `@pytest.mark.usefixtures("event_loop")` (on the function, its class or the module's `pytestmark`),
   or with `request.getfixturevalue("event_loop")`. When the project defines its own `event_loop`,
   the message says the request resolves to it (and where) and that since 1.0 nothing runs on that loop.
4. A redefined `event_loop_policy` fixture, on pytest-asyncio ≥ 1.4 semantics: implement the
   `pytest_asyncio_loop_factories` hook instead.

The finding sits on the call or reference (for a policy expression, on its outermost policy name), or
on the `def` line of the `event_loop` fixture or of the function that requests it (for
`getfixturevalue`, on the call; for a `usefixtures` mark on a class or module, on the mark's string),
so `# noqa: ALP003` on that line silences it.

## Why it fails at run time

Measured in a fresh interpreter (no loop set, main thread) with `-W error` on CPython 3.10.13,
3.11.7, 3.12.1 and 3.13.0; Python 3.14 is not installed where this was written, so its behaviour is
taken from the CPython documentation and changelog ("Raises a RuntimeError if there is no current
event loop", python/cpython#126354) and checked against an emulation (the default policy's
`get_event_loop` raising instead of creating a loop). `tests/test_oracle_event_loop_api.py` re-runs
all of this on the Pythons it finds.

- **`asyncio.get_event_loop()` outside a coroutine, no loop set** — 3.10–3.11: creates a loop, no
  warning; 3.12–3.13: `DeprecationWarning: There is no current event loop` (an error under `-W error` or
  pytest's `filterwarnings = error`) and a new loop; 3.14: `RuntimeError`
- **`asyncio.get_event_loop()` outside a coroutine, a loop set (`set_event_loop`)** — returns that loop
  on every version
- **`asyncio.get_event_loop()` inside a coroutine** — returns the running loop on every version, no
  warning even under `-W error`; `asyncio.get_running_loop()` does the same and raises instead of
  creating a loop when there is none
- **the policy API** — deprecated in Python 3.14, to be removed in 3.16
- **redefining `event_loop`** — deprecated since pytest-asyncio 0.23; since 1.0 silently ignored — the
  wider loop it was meant to give is gone, and tests fail with "attached to a different loop"
- **requesting `event_loop`** — since pytest-asyncio 1.0: `fixture 'event_loop' not found`

### Guarded calls

A `get_event_loop()` call outside a coroutine is **not reported** when nothing breaks on any Python:

- **Inside a `try` whose handler catches `RuntimeError`** (or a base of it: `Exception`,
  `BaseException`, a bare `except:`, or a tuple holding one of them) **and falls back**. The handler
  falls back when it makes a loop — it calls anything named `new_event_loop` (`asyncio.`, `uvloop.`, a
  policy's), `asyncio.run`, `asyncio.Runner`, `asyncio.EventLoop`/`SelectorEventLoop`/
  `ProactorEventLoop`, `uvloop.run` or `uvloop.Loop` — or, when the `try` holds one simple statement
  (not a `with`/`for`/`if`/… block), when the handler does not end in `raise`: there the handler is
  the author's no-loop path (`pass`, `loop = None`), which also runs today in a thread without a loop.
  A longer `try` whose handler only passes is reported: on 3.14 it would swallow the error and skip
  the work after the call. The call must be in the `try` body itself (not in its handler, `else`,
  `finally`, or a function defined inside it). A name that shadows `RuntimeError` (an import of that
  name) does not count.
- **Inside a module-private helper called only under such a guard**: a function defined at module
  level with a name starting with `_`, whose every use in its module is a call inside a `try` that
  handles `RuntimeError` as above. pytest-asyncio 1.5 does this: `_get_event_loop_no_warn()` only
  ignores the warning, and its one caller catches `RuntimeError`. A helper that is public, never used
  in its module (it may be imported elsewhere), passed as a callback, or called once without the
  guard is reported as usual.
- **In code that only runs before Python 3.14**: the body of `if sys.version_info < (3, 14):` (also
  as one term of an `and`, or `sys.version_info[:2] <= (3, 13)`), or the `else` of
  `if sys.version_info >= (3, 14):`. The same branches silence the policy API.

Both still **warn on 3.12–3.13** when no loop is set: the `DeprecationWarning` is not a
`RuntimeError`, so under `-W error` it escapes an `except RuntimeError` handler. The rule stays silent
anyway — nothing breaks unless warnings are errors — so if your suite turns warnings into errors, also
ignore the warning, as gql does:

```python
try:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="There is no current event loop")
        loop = asyncio.get_event_loop()
except RuntimeError:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
```

(`except Exception:` with the same fallback also covers it: `DeprecationWarning` is an `Exception`.)

**An ignored warning alone is not a guard.** Inside `with warnings.catch_warnings():` that ignores the
warning — `warnings.simplefilter("ignore")`, `simplefilter("ignore", DeprecationWarning)`,
`filterwarnings("ignore", category=DeprecationWarning)`, `filterwarnings("ignore", message=...)` with a
pattern that matches "There is no current event loop" (a regex matched at the start, ignoring case, as
`warnings` does), or `catch_warnings(action="ignore")` — the call is quiet on 3.12–3.13 but raises
`RuntimeError` on 3.14 when no loop is set (measured with the emulation: the filter changes nothing
there). It is reported with its own message: *with its DeprecationWarning ignored still raises
RuntimeError on Python 3.14; also catch RuntimeError and fall back to asyncio.new_event_loop()*.
gql 4.4 itself (`gql/client.py`, `gql/transport/common/base.py`) does both — it ignores the warning
*and* catches `RuntimeError` — so it is not reported and it survives 3.14.

What the rule cannot see: whether a loop is set when sync code runs (a pytest fixture or an
`asyncio.set_event_loop()` elsewhere). `assert asyncio.get_event_loop() is loop` in a sync test whose
fixture set `loop` works on 3.14 and is still reported; silence it with `# noqa: ALP003` or, better,
use the loop the fixture gives.

## Examples

Reported:

```python
import asyncio
import warnings


async def handler():
    loop = asyncio.get_event_loop()          # ALP003: works here, but use asyncio.get_running_loop()


def main():
    asyncio.get_event_loop().run_until_complete(handler())   # ALP003: use asyncio.run()


def quiet_until_314():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return asyncio.get_event_loop()      # ALP003: still raises RuntimeError on 3.14


def swallowed(work):
    try:
        loop = asyncio.get_event_loop()      # ALP003: on 3.14 the work is silently skipped
        loop.run_until_complete(work)
    except RuntimeError:
        pass


asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())   # ALP003 (once)
```

Not reported:

```python
def get_loop():
    try:
        return asyncio.get_event_loop()
    except RuntimeError:
        return asyncio.new_event_loop()


def close_current_loop():                    # aiohttp's gunicorn worker
    try:
        asyncio.get_event_loop().close()
    except RuntimeError:
        pass


if sys.version_info < (3, 14):
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())

asyncio.run(main(), loop_factory=asyncio.SelectorEventLoop)
```

```python
# conftest.py, written for pytest-asyncio 0.21
@pytest.fixture(scope="session")
def event_loop():                              # ALP003: ignored since pytest-asyncio 1.0
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()
```

## How to fix

- In a coroutine: `asyncio.get_running_loop()`.
- In sync code: `asyncio.run(main())`, `with asyncio.Runner() as runner: runner.run(main())`, or a loop
  you own: `loop = asyncio.new_event_loop()` … `loop.close()`. If the code must reuse a loop that may
  be set, keep `get_event_loop()` but catch `RuntimeError` and fall back to `new_event_loop()` (see
  *Guarded calls*).
- Instead of a policy, in library and application code: `asyncio.run(main(), loop_factory=...)`
  (Python 3.12+) or `asyncio.Runner(loop_factory=...)` (3.11+) — `asyncio.SelectorEventLoop` for
  `WindowsSelectorEventLoopPolicy`,
  `asyncio.ProactorEventLoop` for `WindowsProactorEventLoopPolicy`, `uvloop.new_event_loop` for
  `uvloop.EventLoopPolicy()`. Instead of `asyncio.get_event_loop_policy()`: ask
  `asyncio.get_running_loop()` for the loop (e.g. to check its class), or make one with
  `asyncio.new_event_loop()` (for `get_event_loop_policy().new_event_loop()`).
- Instead of a policy, in test code (test modules, `conftest.py`, files under a `tests/`, `test/` or
  `testing/` folder — judged from the folder flake8 runs in) on pytest-asyncio ≥ 1.4: the
  `pytest_asyncio_loop_factories` hook, in a `conftest.py`:

  ```python
  def pytest_asyncio_loop_factories(config, item):
      return {"selector": asyncio.SelectorEventLoop}
  ```

  On older pytest-asyncio the hook does not exist, so the message gives the library advice above (the
  version comes from `--asyncloop-pytest-asyncio-version`, else the installed pytest-asyncio).
- Instead of redefining `event_loop`: give the fixtures and tests the loop they need with
  `@pytest_asyncio.fixture(loop_scope="session")` and `@pytest.mark.asyncio(loop_scope="session")`, or
  the ini options `asyncio_default_fixture_loop_scope` / `asyncio_default_test_loop_scope`. Instead of
  requesting `event_loop`, call `asyncio.get_running_loop()` inside the async test or fixture.

## Never reported

`asyncio.new_event_loop`, `asyncio.set_event_loop`, `asyncio.get_running_loop`, any other object's
`get_event_loop` method (`self.get_event_loop()`, `loop_holder.get_event_loop()`), a function of your
own named `get_event_loop`, and a name that shadows the import (a parameter or local variable called
`asyncio`); a guarded call (above). The policy API stays reported inside `warnings.catch_warnings()`
(as pytest-asyncio and anyio use it): ignoring its warning does not keep it past 3.16. A project
pinned to pytest-asyncio 0.21 (in its own requirements, pyproject.toml or lock file, or with
`--asyncloop-pytest-asyncio-version=0.21`) is never told about its `event_loop` fixture: there it is
the way to widen the loop. On 0.23 semantics the advice names the mark's `scope=` instead of
`loop_scope=`, which 0.23 does not have.
""",
)
