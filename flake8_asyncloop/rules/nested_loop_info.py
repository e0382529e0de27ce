"""ALP008's single source: the metadata, messages and page of the nested-loop rule."""

from __future__ import annotations

from .info import Example, RuleInfo

INFO = RuleInfo(
    code="ALP008",
    name="loop-started-inside-running-loop",
    summary="`asyncio.run()`, `asyncio.Runner.run()` or a loop's `run_until_complete()` inside a coroutine",
    concerns="every Python asyncio supports (checked on 3.10-3.13)",
    options=(),
    messages={
        "asyncio-run": (
            "{call}() inside a coroutine raises \"asyncio.run() cannot be called from a running event "
            "loop\"; await the coroutine instead"
        ),
        "runner": (
            "{call}() inside a coroutine raises RuntimeError: a Runner cannot start its loop while one "
            "is running (nest_asyncio does not help); await the coroutine instead"
        ),
        "loop-method": (
            "{call}() inside a coroutine raises RuntimeError (\"This event loop is already running\" or "
            "\"Cannot run the event loop while another loop is running\"); await it instead"
        ),
    },
    examples=(
        Example("alp008_nested_loop.py", fires=True),
        Example("alp008_nested_loop_ok.py", fires=False),
        Example("alp008_nest_asyncio_ok", fires=False),
        Example("alp008_nest_asyncio_runner", fires=True),
        Example("alp008_unittest_case_ok", fires=False),
    ),
    doc="""\
## What it catches

A call that starts an event loop, made directly in the body of an `async def` — where a loop is
already running:

- `asyncio.run(...)` (every import form);
- `asyncio.Runner().run(...)`, `with asyncio.Runner() as runner: runner.run(...)`, and a name bound
  to `asyncio.Runner(...)`;
- `loop.run_until_complete(...)` and `loop.run_forever()` on an asyncio event loop: a call to
  `asyncio.get_event_loop()`, `get_running_loop()`, `new_event_loop()`, `SelectorEventLoop()`,
  `ProactorEventLoop()`, `EventLoop()`, `uvloop.new_event_loop()`, a policy's `new_event_loop()`;
  a name every binding of which (in the function, else in the module) is one of those; a parameter
  or global named `loop`, `event_loop` or `*_loop` (pytest-asyncio's `event_loop`, aiohttp's `loop`
  fixture); `self.loop` / `self._loop`.

Reported at the call, so `# noqa: ALP008` on that line silences it.

## Why it fails at run time

Checked on CPython 3.10, 3.11, 3.12 and 3.13, each form called from a running coroutine:

- `asyncio.run(coro)`: `RuntimeError: asyncio.run() cannot be called from a running event loop`;
- `asyncio.Runner().run(coro)`: `RuntimeError: Runner.run() cannot be called from a running event
  loop`; `with asyncio.Runner() as r: r.run(coro)`: `RuntimeError: Cannot run the event loop while
  another loop is running`;
- `asyncio.get_event_loop().run_until_complete(coro)` (the running loop) and `loop.run_forever()`:
  `RuntimeError: This event loop is already running`;
- `asyncio.new_event_loop().run_until_complete(coro)` (a fresh loop): `RuntimeError: Cannot run the
  event loop while another loop is running`.

A fresh loop fails as well: asyncio allows one running loop per thread. The coroutine handed over
is never awaited (`RuntimeWarning: coroutine ... was never awaited`).

## Never reported

- Code in a nested plain `def` or `lambda`, or a callable handed to `asyncio.to_thread()` /
  `loop.run_in_executor()` (`await asyncio.to_thread(asyncio.run, main())` runs the loop in another
  thread, where none is running — checked).
- A call inside `try:` whose handler catches `RuntimeError` (or `Exception`, `BaseException`, a bare
  `except`): the author expects the failure and falls back. A call under an `if` that asks
  `is_running()` or `get_running_loop()`.
- `run_until_complete` on anything the plugin cannot tell is an asyncio loop (a custom object with a
  method of that name, a name bound to something else).
- A test method (`async def test_*`, `setUp`, `tearDown`) of a plain `unittest.TestCase`: the case
  calls it and drops the coroutine, so its body never runs and the test passes (pytest 9, CPython
  3.11; Python 3.11+ warns "It is deprecated to return a value that is not None from a test case").
  The same method of an `IsolatedAsyncioTestCase`, or of a plain class pytest-asyncio runs, is
  reported. So is nothing in a class with a base imported from another module (or a metaclass):
  it may be either kind, and the module alone cannot tell.
- A module that imports `trio` or `curio`: a coroutine they run has no asyncio loop around it.
- `nest_asyncio`: `nest_asyncio.apply()` patches `asyncio.run` and the loop's run methods to be
  re-entrant (checked with nest_asyncio 1.6). A module that mentions `nest_asyncio`, a `conftest.py`
  above it that does, or a project that declares `nest-asyncio` gets no finding for those calls. It
  does **not** patch `asyncio.Runner`: `Runner.run()` still raises under nest_asyncio, so it is still
  reported.

## How to fix

Inside a coroutine, await the coroutine instead of starting a loop for it:

```python
async def handler():
    result = await fetch()                       # not asyncio.run(fetch())
```

If sync code that starts a loop must be called from a coroutine, run it in a thread:
`await asyncio.to_thread(sync_function)`.
""",
)
