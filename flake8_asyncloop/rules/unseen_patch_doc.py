"""The page prose of ALP009 (kept apart: the rule module stays about the rule)."""

DOC = """\
## What it catches

A patch of `M.name` — where `name` is defined — that the code under test never sees, because that
code did `from M import name` when it was imported:

```python
# app/users.py
from app.mail import send_email

def welcome(to):
    return send_email(to)

# tests/test_users.py
from app.users import welcome

def test_welcome(mocker):
    sender = mocker.patch("app.mail.send_email")   # ALP009
    welcome("ann@example.com")
    sender.assert_called_once()                    # fails: the real send_email ran
```

```
ALP009 mocker.patch() target 'app.mail.send_email' is never seen: app.users imported send_email
before the patch and keeps its own; patch 'app.users.send_email' instead
```

Every patch API is read: `patch` (decorator, context manager, `.start()`), `patch.object(M, "name")`
with `M` an imported module, `patch.multiple`, `mocker.patch` and its forms, and
`monkeypatch.setattr` in the string and the object form.  The finding is on the first line of the
patch call (or decorator): `# noqa: ALP009` there silences it.

## Why

`patch` replaces one attribute of one object: `M.name`.  `from M import name` copied the object into
the consumer's own namespace when the consumer was imported — at collection time, when the test
module imported it — so the consumer's global `name` still holds the original.  mock's
documentation calls this "where to patch": patch where the object is looked up, not where it is
defined.  The test passes or fails for the wrong reason: the real function runs (a real e-mail is
sent, a real network call made), and assertions on the mock fail with "Expected 'send_email' to be
called once. Called 0 times."

## When a finding is made

All of this must hold, read from the sources (nothing is imported):

1. `M` is one of the project's modules, and `M.name` exists and is no submodule;
2. the test file imports, at module level (outside `if TYPE_CHECKING:`), a project module `C` (or
   names from it) that binds `name` at import time only through `from` imports of the same object
   (`from M import name`, `from .M import name as alias`, or from the module `M` re-exports it from),
   and reads that name inside a function;
3. nothing looks `name` up on `M` when it runs.  Every file of the packages involved (those of `M`,
   of `C` and of every project module the test imports) and every conftest above the test is read:
   none reads `M.name` (under any alias of `M`), calls `getattr(M, ...)`, imports `name` from `M`
   inside a function, hands `M` on as a value (`MODULES = [M]`), names `"M.name"` or `"M"` in a
   string (something may resolve it); `M`'s own functions do not read their global `name`; no
   conftest reloads modules or touches `sys.modules`;
4. the test itself does not read `M.name` (other than the mock's own API: `M.name.assert_called()`),
   does not import `C` or `M` inside a function (which may run while patched), reload modules or
   touch `sys.modules`;
5. the test asserts that the mock was called — `m.assert_called*()`, `m.assert_any_call()`,
   `m.assert_has_calls()`, `assert m.called`, `m.call_count == 1`, `m.call_args` — on the patch's
   result (`m = mocker.patch(...)`, `with patch(...) as m`, a decorated test's parameter), on the
   local it passed as `new` (`monkeypatch.setattr(M, "name", m)`), or on `M.name` itself.

Then the patch replaces an attribute nothing reads while it is active, and the test fails on its
own assertion.  A test that asserts nothing about the mock may pass with the patch unseen (it then
checks something the mock never influenced: gns3-server's `test_web_ui_not_found` is one); such a
patch is dead code, but a finding on a passing test is not what this plugin gives, so it is left
alone.  The message names the
consumer's own reference to patch instead (`C.alias` for `from M import name as alias`).

## How to fix

Patch the name where the code under test looks it up: `mocker.patch("app.users.send_email")`.  Or
make the consumer look it up at call time: `from app import mail` and `mail.send_email(to)`; then
`app.mail.send_email` is the right target.

## Never reported (by design)

- a patch in (or decorating) an `async def test_*`, `setUp` or `tearDown` of a plain `unittest.TestCase`:
  the case drops the coroutine, so the patch never starts and the test passes; nor in such a method
  of a class whose base cannot be followed (one made at run time, an installed package's) — an
  `IsolatedAsyncioTestCase`'s or pytest's are reported;
- a consumer that reads the name only at import time (`HANDLERS = {"x": send_email}`): patching the
  consumer would not help either;
- any other module of the packages involved that reads `M.name` at run time, even one the test may
  not reach: the patch may be meant for it;
- a consumer the test imports only inside a function (imported while patched, it binds the mock),
  or not at all;
- modules outside the project (`patch("os.getcwd")` with `from os import getcwd` in the consumer):
  the standard library and installed packages are not read for readers;
- `patch.dict` (the dict is changed in place, every holder sees it), `monkeypatch.delattr`,
  `create=True`, `raising=False`, a target that is not a literal string, a class attribute
  (`M.Class.method`: the class object is shared) and everything ALP004 leaves silent;
- more than 5000 files in the packages involved, or a file that cannot be parsed.

## Proven against the runtime

`tests/test_oracle_unseen_patches.py` writes one package per scenario and patches `send` in every
call form (`patch(...).start()`, `with patch(...)`, `patch.object`, `mocker.patch`,
`monkeypatch.setattr` in both forms); a real pytest run records, while each patch is active, what the
code under test called and whether the consumer's reference is still the original.  Every flagged
patch was never seen and left the consumer's reference unchanged; every silent one was seen by the
code under test, except the scenarios listed above as silent by design, which are asserted to be
really unseen.
"""
