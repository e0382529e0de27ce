"""Marks added by collection hooks: the reader (in-process) and the loop the model then gives a test."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.pytest_world.collection_hooks import CollectionHooks
from flake8_asyncloop.pytest_world.fixtures import extract_module
from flake8_asyncloop.pytest_world.hook_conditions import (
    TRUE, UNKNOWN, HasMark, IsAsyncTest, IsCoroutine, ItemFacts, Text, evaluate,
)
from flake8_asyncloop.pytest_world.hook_values import AddedMark
from flake8_asyncloop.pytest_world.model import PytestModel
from flake8_asyncloop.options import Settings

from .harness import write_files

HEADER = "import pytest\nfrom pytest_asyncio import is_async_test\n\n\n"
SESSION = AddedMark("session", None)


def hooks_of(source: str) -> CollectionHooks | None:
    info = extract_module(Path("/p/conftest.py"), ast.parse(HEADER + textwrap.dedent(source)))
    return info.collection_hooks


def effects_of(source: str) -> list[tuple[object, object, object]]:
    """(condition, mark, append) of every effect, in source order."""
    hooks = hooks_of(source)
    assert hooks is not None
    return [(e.cond, e.mark, e.append) for impl in hooks.impls for e in impl.effects]


# -- the reader -----------------------------------------------------------------------


def test_the_documented_recipe() -> None:
    assert effects_of('''
        def pytest_collection_modifyitems(items):
            pytest_asyncio_tests = (item for item in items if is_async_test(item))
            session_scope_marker = pytest.mark.asyncio(loop_scope="session")
            for async_test in pytest_asyncio_tests:
                async_test.add_marker(session_scope_marker, append=False)
    ''') == [(IsAsyncTest(), SESSION, False)]


@pytest.mark.parametrize("loop", [
    "for item in items:\n    if not is_async_test(item):\n        continue\n    {add}",
    "for item in filter(is_async_test, items):\n    {add}",
    "for item in [i for i in items if pytest_asyncio.is_async_test(i)]:\n    {add}",
    "for item in session.items:\n    if isinstance(item, PytestAsyncioFunction):\n        {add}",
    "for index, item in enumerate(items):\n    if is_async_test(item):\n        {add}",
])
def test_spellings_of_the_is_async_test_filter(loop: str) -> None:
    body = loop.format(add="item.add_marker(SESSION, append=False)")
    source = (
        "import pytest_asyncio\nfrom pytest_asyncio.plugin import PytestAsyncioFunction\n"
        'SESSION = pytest.mark.asyncio(loop_scope="session")\n\n\n'
        "def pytest_collection_modifyitems(session, items):\n" + textwrap.indent(body, "    ")
    )
    assert effects_of(source) == [(IsAsyncTest(), SESSION, False)]


def test_every_item_and_the_default_append() -> None:
    assert effects_of('''
        def pytest_collection_modifyitems(items):
            for item in items:
                if isinstance(item, pytest.Function):
                    item.add_marker(pytest.mark.asyncio(loop_scope="module"))
                item.add_marker("asyncio")
    ''') == [(TRUE, AddedMark("module", None), True), (TRUE, AddedMark(None, None), True)]


@pytest.mark.parametrize(("condition", "expected"), [
    ('"integration" in item.nodeid', Text("nodeid", "contains", ("integration",))),
    ('"integration" in item.path.parts', Text("parts", "part", ("integration",))),
    ('"/db/" in str(item.fspath)', Text("path", "contains", ("/db/",))),
    ('item.name.startswith(("test_db", "test_sql"))', Text("name", "startswith", ("test_db", "test_sql"))),
    ('item.get_closest_marker("db") is not None', HasMark("db")),
    ('inspect.iscoroutinefunction(getattr(item, "function", None))', IsCoroutine()),
])
def test_filters_the_plugin_evaluates(condition: str, expected: object) -> None:
    found = effects_of(f'''
        import inspect
        def pytest_collection_modifyitems(items):
            for item in items:
                if {condition}:
                    item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)
    ''')
    assert found == [(expected, SESSION, False)]


def test_any_over_literal_strings_is_unrolled() -> None:
    [(cond, _, _)] = effects_of('''
        def pytest_collection_modifyitems(items):
            for item in items:
                if any(part in item.nodeid for part in ("api", "db")):
                    item.add_marker(pytest.mark.asyncio(loop_scope="session"))
    ''')
    facts = _facts(nodeid="tests/db/test_x.py::test_x")
    assert evaluate(cond, facts, lambda: True) is True
    assert evaluate(cond, _facts(nodeid="tests/web/test_x.py::test_x"), lambda: True) is False


@pytest.mark.parametrize("source", [
    # a mark built dynamically
    'for item in items:\n    item.add_marker(getattr(pytest.mark, "asyncio")(loop_scope="session"))',
    # the items handed to a helper of another module
    "from helpers import mark_all\nmark_all(items)",
    # own_markers edited directly
    'for item in items:\n    item.own_markers.insert(0, pytest.mark.asyncio(loop_scope="session").mark)',
    # a mark that is a parameter of the hook's module helper
    "for item in items:\n    for mark in EXTRA:\n        item.add_marker(mark)",
])
def test_unreadable_mark_handling_is_unknown(source: str) -> None:
    body = textwrap.indent(textwrap.dedent(source), "    ")
    effects = effects_of("EXTRA = make_marks()\n\n\ndef pytest_collection_modifyitems(items):\n" + body)
    assert effects and all(mark is None for _, mark, _ in effects)
    hooks = hooks_of("EXTRA = make_marks()\n\n\ndef pytest_collection_modifyitems(items):\n" + body)
    assert hooks is not None and hooks.added_names is None


def test_unreadable_filters_and_scopes_stay_unknown() -> None:
    effects = effects_of('''
        def pytest_collection_modifyitems(config, items):
            if config.getoption("--session-loop"):
                for item in items:
                    item.add_marker(pytest.mark.asyncio(loop_scope="session"))
            scope = compute_scope()
            for item in items:
                if item.callspec.params.get("x"):
                    item.add_marker(pytest.mark.asyncio(loop_scope=scope), append=flag)
    ''')
    assert effects == [(UNKNOWN, SESSION, True), (UNKNOWN, AddedMark("<unknown>", None), None)]


def test_other_marks_and_item_reordering_are_not_effects() -> None:
    hooks = hooks_of('''
        import random
        def pytest_collection_modifyitems(config, items):
            for item in items:
                if "slow" in item.keywords:
                    item.add_marker(pytest.mark.skip(reason="slow"))
                item.add_marker("flaky")
            random.shuffle(items)
            items.sort(key=lambda i: i.name)
            config.hook.pytest_deselected(items=items[:1])
    ''')
    assert hooks is not None and hooks.impls == () and hooks.added_names == {"skip", "flaky"}


def test_a_helper_of_the_same_module_is_followed() -> None:
    assert effects_of('''
        def _session_loop(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)

        def _async_items(items):
            return [i for i in items if is_async_test(i)]

        def pytest_collection_modifyitems(items):
            for item in _async_items(items):
                _session_loop(item)
    ''') == [(IsAsyncTest(), SESSION, False)]


def test_a_break_or_return_in_the_loop_makes_the_rest_unknown() -> None:
    [(cond, mark, _)] = effects_of('''
        def pytest_collection_modifyitems(items):
            for item in items:
                item.add_marker(pytest.mark.asyncio(loop_scope="session"))
                if "last" in item.name:
                    break
    ''')
    assert mark == SESSION and evaluate(cond, _facts(), lambda: True) is None


def test_when_each_hook_runs() -> None:
    hooks = hooks_of('''
        @pytest.hookimpl(hookwrapper=True)
        def pytest_collection_modifyitems(items):
            for item in items:
                item.add_marker(pytest.mark.asyncio(loop_scope="module"))
            outcome = yield
            for item in items:
                item.add_marker(pytest.mark.asyncio(loop_scope="session"))

        @pytest.hookimpl(trylast=True)
        def pytest_runtest_setup(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"))

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_protocol(item, nextitem):
            item.add_marker(pytest.mark.asyncio(loop_scope="class"))

        def pytest_runtest_call(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"))
    ''')
    assert hooks is not None
    found = {impl.hook: (impl.wrapper, impl.order, [(e.mark, e.after_yield) for e in impl.effects])
             for impl in hooks.impls}
    assert found == {
        "pytest_collection_modifyitems": (True, 1, [(AddedMark("module", None), False), (SESSION, True)]),
        # trylast setup runs after pytest's own setup chose the loop; runtest_call is too late too
        "pytest_runtest_protocol": (False, 0, [(AddedMark("class", None), False)]),
    }


def test_early_hooks_the_reader_does_not_follow_are_unknown_when_they_touch_marks() -> None:
    hooks = hooks_of('''
        @pytest.hookimpl(hookwrapper=True)
        def pytest_pycollect_makeitem(collector, name, obj):
            outcome = yield
            for item in outcome.get_result() or []:
                item.add_marker("asyncio")
    ''')
    assert hooks is not None
    [impl] = hooks.impls
    assert [(e.cond, e.mark) for e in impl.effects] == [(UNKNOWN, None)]


def test_modules_without_hook_functions_are_not_read() -> None:
    assert hooks_of("def mark_items(items):\n    for i in items:\n        i.add_marker('asyncio')\n") is None
    assert hooks_of("def pytest_collection_modifyitems(items):\n    items.reverse()\n") is None


# -- conditions -------------------------------------------------------------------------


def _facts(**changes: object) -> ItemFacts:
    base = dict(nodeid="tests/test_x.py::test_x", nodeid_tail="test_x.py::test_x", name="test_x",
                path="/p/tests/test_x.py", parts=("/", "p", "tests", "test_x.py"), is_async=True,
                converted=True, parametrized=False, marks=frozenset(), added=frozenset())
    base.update(changes)
    return ItemFacts(**base)  # type: ignore[arg-type]


def test_strings_the_plugin_cannot_see_make_a_negative_answer_unknown() -> None:
    contains = Text("nodeid", "contains", ("integration",))
    assert evaluate(contains, _facts(), lambda: True) is False
    assert evaluate(contains, _facts(parametrized=True), lambda: True) is None  # the id may say it
    assert evaluate(contains, _facts(nodeid=None), lambda: True) is None  # the rootdir may say it
    assert evaluate(Text("nodeid", "startswith", ("tests/",)), _facts(parametrized=True), lambda: True)
    assert evaluate(Text("name", "equals", ("test_x",)), _facts(parametrized=True), lambda: True) is None


def test_other_marks_prove_their_absence_only_when_nothing_adds_them() -> None:
    assert evaluate(HasMark("db"), _facts(marks=frozenset({"db"})), lambda: True) is True
    assert evaluate(HasMark("db"), _facts(), lambda: True) is False
    assert evaluate(HasMark("db"), _facts(added=frozenset({"db"})), lambda: True) is None
    assert evaluate(HasMark("db"), _facts(added=None), lambda: True) is None
    assert evaluate(HasMark("asyncio"), _facts(), lambda: None) is None


# -- the model --------------------------------------------------------------------------


def _loops(root: Path, files: dict[str, str], test_file: str, version: tuple[int, int, int] = (1, 5, 0)
           ) -> dict[str, str | None]:
    write_files(root, files, dedent=True)
    path = root / test_file
    settings = Settings(pytest_asyncio_version=version)
    model = PytestModel(extract_module(path, ast.parse(path.read_text())), settings)
    found = {}
    for test in model.tests():
        loop = model.test_loop(test)
        found[test.name] = loop.scope if loop else None
    return found


RECIPE = HEADER + '''
def pytest_collection_modifyitems(items):
    for item in items:
        if is_async_test(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append={append})
'''
TESTS = '''
import pytest


@pytest.mark.asyncio
async def test_own():
    pass


@pytest.mark.asyncio(loop_scope="module")
async def test_own_module():
    pass


async def test_unmarked():
    pass


@pytest.mark.asyncio(loop_scope="class")
class TestMarked:
    async def test_in_class(self):
        pass
'''


@pytest.mark.parametrize(("mode", "append", "expected"), [
    ("strict", "False", {"test_own": "session", "test_own_module": "session", "test_unmarked": None,
                         "test_in_class": "session"}),
    ("strict", "True", {"test_own": "function", "test_own_module": "module", "test_unmarked": None,
                        "test_in_class": "session"}),
    ("auto", "False", {"test_own": "session", "test_own_module": "session", "test_unmarked": "session",
                       "test_in_class": "session"}),
    ("auto", "True", {"test_own": "function", "test_own_module": "module", "test_unmarked": "function",
                      "test_in_class": "session"}),
])
def test_precedence_of_added_marks(tmp_path: Path, mode: str, append: str, expected: dict[str, str]) -> None:
    """As pytest 9.2 + pytest-asyncio 1.5 ran these (strict: an unmarked test is no asyncio test)."""
    files = {"pytest.ini": f"[pytest]\nasyncio_mode = {mode}\n", "tests/test_a.py": TESTS,
             "tests/conftest.py": RECIPE.format(append=append)}
    assert _loops(tmp_path, files, "tests/test_a.py") == expected


def _marking(scope: str, decorator: str = "") -> str:
    return (f"import pytest\n\n\n{decorator}\ndef pytest_collection_modifyitems(items):\n"
            "    for item in items:\n"
            f'        item.add_marker(pytest.mark.asyncio(loop_scope="{scope}"), append=False)\n')


@pytest.mark.parametrize(("root", "expected"), [
    (_marking("session"), "session"),  # the deeper conftest runs first: the root's mark ends up first
    (_marking("session", "@pytest.hookimpl(tryfirst=True)"), "module"),
])
def test_several_conftests_run_deepest_first(tmp_path: Path, root: str, expected: str) -> None:
    files = {"pytest.ini": "[pytest]\nasyncio_mode = auto\n", "conftest.py": root,
             "tests/conftest.py": _marking("module"), "tests/test_a.py": "async def test_x():\n    pass\n"}
    assert _loops(tmp_path, files, "tests/test_a.py") == {"test_x": expected}


def test_a_plugin_runs_before_the_conftest_that_names_it(tmp_path: Path) -> None:
    files = {"pytest.ini": "[pytest]\nasyncio_mode = auto\n",
             "conftest.py": 'pytest_plugins = ["helpers.loops"]\n' + _marking("module"),
             "helpers/__init__.py": "", "helpers/loops.py": _marking("session"),
             "tests/test_a.py": "async def test_x():\n    pass\n"}
    assert _loops(tmp_path, files, "tests/test_a.py") == {"test_x": "module"}


DB_ONLY = 'for item in items:\n        if "db" not in item.nodeid:\n            continue'


def test_another_folders_conftest_makes_the_loop_unknown_where_its_hook_may_reach(tmp_path: Path) -> None:
    files = {"pytest.ini": "[pytest]\nasyncio_mode = auto\n",
             "tests/api/conftest.py": RECIPE.format(append="False"),
             "tests/api/test_api.py": "async def test_api():\n    pass\n",
             "tests/other/test_other.py": "async def test_other():\n    pass\n",
             "tests/db/conftest.py": _marking("session").replace(
                 "for item in items:", DB_ONLY),
             "tests/db/test_db.py": "async def test_db():\n    pass\n"}
    assert _loops(tmp_path, files, "tests/api/test_api.py") == {"test_api": "session"}
    # a full run marks these too; a run of tests/other alone does not
    assert _loops(tmp_path, files, "tests/other/test_other.py") == {"test_other": None}


def test_before_1_2_an_added_mark_that_changes_the_loop_is_unknown(tmp_path: Path) -> None:
    """0.23-1.1 wire the loop at collection: a later mark gives no predictable loop (run on 0.24/0.26/1.1)."""
    files = {
        "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
        "tests/conftest.py": RECIPE.format(append="False"),
        "tests/test_a.py": "async def test_x():\n    pass\n",
    }
    assert _loops(tmp_path, files, "tests/test_a.py", (0, 26, 0)) == {"test_x": None}
    assert _loops(tmp_path, files, "tests/test_a.py", (1, 2, 0)) == {"test_x": "session"}
    # a mark asking for the loop the test already has changes nothing, on any version
    marked = 'import pytest\n\n\n@pytest.mark.asyncio(loop_scope="session")\n'
    files["tests/test_a.py"] = marked + files["tests/test_a.py"]
    assert _loops(tmp_path, files, "tests/test_a.py", (0, 26, 0)) == {"test_x": "session"}


def test_the_loop_names_the_hook_that_decided_it(tmp_path: Path) -> None:
    write_files(tmp_path, {"pytest.ini": "[pytest]\nasyncio_mode = auto\n",
                           "tests/conftest.py": RECIPE.format(append="False"),
                           "tests/test_a.py": "async def test_x():\n    pass\n"})
    path = tmp_path / "tests" / "test_a.py"
    model = PytestModel(extract_module(path, ast.parse(path.read_text())), Settings())
    [test] = model.tests()
    loop = model.test_loop(test)
    assert loop is not None and loop.hook == "pytest_collection_modifyitems"
    assert loop.origin.startswith("the asyncio mark pytest_collection_modifyitems adds at ")
    assert loop.origin.endswith('tests/conftest.py:9 (loop_scope="session")')
