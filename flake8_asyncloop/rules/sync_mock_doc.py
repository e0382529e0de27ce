"""The page prose of ALP007 (kept apart: the rule module stays about the rule)."""

DOC = """\
## What it catches

A synchronous mock put in place of a coroutine function (`async def`) that the code under test
awaits:

- `patch(target, new=MagicMock(...))`, `patch(target, MagicMock())`, `new=Mock(...)`,
  `new_callable=MagicMock` / `Mock`, `patch.object(Class, "amethod", MagicMock())`,
  `patch.multiple(module, afunc=MagicMock())`;
- pytest-mock's `mocker.patch(..., new=mocker.MagicMock())` and its `.object` / `.multiple` forms;
- pytest's `monkeypatch.setattr(target, MagicMock())` and `monkeypatch.setattr(obj, "name", Mock())`;
- a local bound once to `MagicMock()` and passed as the replacement.

The target is resolved with ALP004's resolver (the plugin never imports your code): it must be an
`async def` — a module function, a method (inherited too), a `staticmethod` or `classmethod`, or a
name re-exported from where it is defined.

The finding is reported on the first line of the patch call (or decorator), so `# noqa: ALP007`
there silences it.

## Why it fails at run time

Calling a `MagicMock` returns another `MagicMock`, which is not awaitable:

```
TypeError: object MagicMock can't be used in 'await' expression
```

Since Python 3.8, `patch()` without `new` looks at the target and creates an `AsyncMock` for a
coroutine function, so the plain form is right; an explicit `new=MagicMock()` or
`new_callable=MagicMock` overrides that choice.  Checked on CPython 3.11 with `unittest.mock`, the
`mock` backport, pytest-mock and monkeypatch by the runtime oracle
(`tests/test_oracle_sync_mocks.py`).

## When a finding is made

A passing test may patch a coroutine function with a `MagicMock` that the code never calls, or
calls without awaiting; such a patch is harmless.  So the plugin reports only when all of this
holds:

1. the replacement is a `MagicMock`/`Mock` (from `unittest.mock`, `mock` or `mocker`) made
   without `spec`, `spec_set`, `wraps`, `side_effect`, positional arguments or `**kwargs`, and with
   no `return_value` or one that is never awaitable (a literal, a new mock);
2. the test shows the code calls it — `m.assert_called_once_with(...)` (any `assert_called*`,
   `assert_any_call`, `assert_has_calls`), `assert m.called`, `m.call_count == 1`, `m.call_args` —
   or that the result is used: a never-awaitable `return_value`, given when the mock is made or set
   later (`m.return_value = {...}`); or, while the patch is active, the test surely runs
   `await M.name(...)` itself, or `await f(...)` of a plain project `async def f` whose own body
   surely runs `await name(...)` (in `M`) or `await M.name(...)` (through a module-level
   `import M`). "Surely" means a statement of the body (or of a `with` in it) before any `if`, loop,
   `try` or `raise`; a method reached through an object (`await client.get()`) is not followed;
3. the mock is used where coroutines run: the test (or the function holding the patch) is an
   `async def`, or runs a loop itself (`asyncio.run`, `run_until_complete`);
4. the target resolves to a plain coroutine function, and every use of its name in the files the
   test may run — every module of the target's package and of the project packages the test imports,
   the conftests above it, and the test itself — is `await name(...)` / `await obj.name(...)`, and
   there is one.  Then whenever the code calls the mock, it awaits the result.

## How to fix

Use an `AsyncMock` (`new=AsyncMock(...)`, `new_callable=AsyncMock`), or drop `new` and let `patch`
choose.  `AsyncMock(return_value=x)` returns `x` when awaited; its assertions (`assert_awaited_once`)
are the async counterparts of `MagicMock`'s.

## Never reported (by design)

- a patch in (or decorating) an `async def test_*`, `setUp` or `tearDown` of a plain `unittest.TestCase`:
  the case drops the coroutine, so the patch never starts and the test passes; nor in such a method
  of a class whose base cannot be followed (one made at run time, an installed package's) — an
  `IsolatedAsyncioTestCase`'s or pytest's are reported;
- no `new`/`new_callable` (patch picks `AsyncMock`), `AsyncMock`, an `async def` as the replacement,
  `autospec=True`, `create_autospec(...)`;
- a mock made with `spec=` / `spec_set=` of the coroutine function (it is async itself), `wraps=`
  (its call returns the wrapped coroutine), `side_effect=` (its call returns or raises what the side
  effect gives);
- a mock whose `return_value`, `side_effect` or `configure_mock()` the test sets to something else
  than a literal, or that it hands on (returns, yields, passes to a function, stores): it may become
  awaitable where the plugin cannot see; `<...>.name.return_value = ...` in a fixture or helper of the
  file counts too;
- a test that shows no call of the mock and no use of its result, a sync test that runs no loop,
  a decorator on a class (every test method gets the mock);
- a name that some file the test may run calls without `await`, schedules (`create_task(x.name())`,
  `gather`, `wait_for`), or hands on (`callback=self.name`, an `iscoroutinefunction` dispatch): a
  `MagicMock` may be called synchronously there;
- a sync target, an async generator (`async for` works on a `MagicMock`), an `async def` under any
  decorator but `staticmethod`/`classmethod`/`abstractmethod`/`override` (it may return anything),
  a target the resolver cannot resolve, and everything ALP004 leaves silent.

## On real suites

Released suites pass, and a sync mock that breaks `await` makes its test fail, so real suites should
show no finding — and they show none.  See the report of the sweep in the project's notes; the
conditions above were chosen after the first sweep found only harmless patches: `aiohttp`'s
`new_callable=mock.MagicMock` on `ClientSession._request` (a sync test: `session.get()` calls it
without awaiting), `tortoise-orm`'s `new=MagicMock()` on `create_connection` (never called in that
test).
"""
