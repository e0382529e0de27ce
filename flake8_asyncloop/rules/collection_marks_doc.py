"""ALP002's page section on asyncio marks added by collection hooks, and its examples.

Kept beside the rule's ``RuleInfo`` (``loop_mismatch.INFO`` joins them) so the concern that
reads those hooks (``pytest_world/collection_hooks.py``) documents itself in one place.
"""

from __future__ import annotations

from .info import Example

EXAMPLES = (
    Example("alp002_collection_hooks", fires=True),
    Example("alp002_collection_hooks_ok", fires=False),
)

DOC = """\
## Marks added at collection

pytest-asyncio documents a `conftest.py` recipe that puts every asyncio test on the session loop, used by
openai-python and anthropic, for example:

```python
from pytest_asyncio import is_async_test

def pytest_collection_modifyitems(items):
    pytest_asyncio_tests = (item for item in items if is_async_test(item))
    session_scope_marker = pytest.mark.asyncio(loop_scope="session")
    for async_test in pytest_asyncio_tests:
        async_test.add_marker(session_scope_marker, append=False)
```

ALP002 reads such hooks and gives the tests below that conftest the loop they really get. What it reads:

- **where**: top-level functions named `pytest_itemcollected`, `pytest_collection_modifyitems`,
  `pytest_collection_finish`, `pytest_runtest_protocol` and `pytest_runtest_setup` in every `conftest.py`
  from the test's folder up to the rootdir and in the modules named by `pytest_plugins`, with the helper
  functions of the same module they call. Hooks in test modules are not registered by pytest, and are
  ignored; marks added later (`pytest_runtest_call`, a `trylast` `pytest_runtest_setup`, the code after a
  setup wrapper's `yield`) come after pytest-asyncio has chosen the loop and change nothing.
- **which mark**: `item.add_marker(...)` with `pytest.mark.asyncio(loop_scope=...)` (or `scope=`, or a
  bare mark, or the string `"asyncio"`), built inline, in a local variable or in a module constant.
- **which items**: all of them (`for item in items`, `session.items`, `isinstance(item, pytest.Function)`),
  `is_async_test(item)` (in strict mode that is only the tests that already carry an asyncio mark on the
  function, class or module; in auto mode every async test), `inspect.iscoroutinefunction(item.function)`,
  and filters on the item: `"x" in item.nodeid`, `item.nodeid.startswith(...)`, `"x" in item.path.parts`,
  `"x" in str(item.path)` / `str(item.fspath)`, `item.path.name`, `item.name` / `item.originalname`
  comparisons and `startswith`/`endswith`, `item.get_closest_marker("name")`, combined with `and`, `or`,
  `not`, `any(... for x in ("a", "b"))`, `if ...: continue`, generator expressions and `filter(...)`.
- **precedence**, as pytest and pytest-asyncio 1.5 do it (each checked with a real run):
  `add_marker(mark, append=False)` puts the mark before every other, so it beats the function's own
  decorator, its class's mark and the module's `pytestmark`; `append=True` (the default) puts it after the
  function's own marks, so the test's own mark still wins but the added mark beats class and module marks.
  In auto mode an unmarked async test already carries a bare asyncio mark, so `append=True` changes
  nothing for it. Hooks run deepest conftest first (the root conftest's `append=False` mark ends up
  closest), a `pytest_plugins` module just before the conftest that names it, `tryfirst` before plain
  before `trylast`.
- **strict mode**: a mark added at collection does not make an unmarked async test an asyncio test
  (pytest-asyncio decides that when the test is collected; such a test fails with "async def functions are
  not natively supported"), so it gets no ALP002.

**When the plugin cannot read it, the test's loop is unknown, and an unknown loop is never a finding.**
That is the case for a mark built dynamically or with a non-literal `loop_scope=`, a non-literal
`append=`, a filter outside the list above (`item.callspec`, `config.getoption(...)`, `item.keywords`
without the mark), `item.own_markers` edited directly, the items handed to a function of another module,
a `break`/`return` in the middle of the loop, and early hooks the plugin does not follow
(`pytest_pycollect_makeitem`, `pytest_collection`, `pytest_make_collect_report`, `pytest_collectreport`)
that touch marks at all. It is also the case when a `conftest.py` in **another** folder of the project adds
marks in `pytest_collection_modifyitems`, `pytest_collection_finish` or `pytest_runtest_protocol`: those
hooks see every item of the session, so a full run marks your test and a run of your folder alone does not
— unless the hook's filter provably excludes your test. Before pytest-asyncio 1.2 the loop was wired when
the test was collected, and a mark added later gives a loop that depends on the fixtures and the test order
(verified with 0.24, 0.26 and 1.1): there, any added mark that would change a test's loop makes it unknown.
Plugins installed as packages or registered with `-p` are not seen.

The runtime oracle (`tests/oracle_scenarios_hooks.py`) runs the recipe in strict and auto mode, from a
`pytest_plugins` module, with nodeid, path, name and mark filters, `append=False` against `append=True`
and the test's own mark, conftest chains with and without `tryfirst`, a non-root conftest, setup hooks
with and without `trylast`, and unreadable hooks, and asserts that the flagged tests are the failing ones.
"""
