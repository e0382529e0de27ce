"""Oracle scenarios for asyncio marks added by collection hooks (pytest-asyncio's own recipe).

Each project has a session-loop ``client`` (and sometimes a module-loop one) bound to
its loop; a hook in a conftest or plugin puts some tests on the session loop.  The
tests that stay on another loop fail, the ones the hook moves pass; the plugin must
flag exactly the failing ones, and stay silent where it cannot read the hook.
"""

from __future__ import annotations

from .oracle_scenarios import (
    MODULE_MARK, PRELUDE, TEST_PRELUDE, Scenario, async_fixture, async_test, ini, module,
)

SESSION_CLIENT = async_fixture("client", 'scope="session", loop_scope="session"')
MODULE_CLIENT = async_fixture("module_client", 'scope="module", loop_scope="module"')
RECIPE = '''\
def pytest_collection_modifyitems(items):
    pytest_asyncio_tests = (item for item in items if is_async_test(item))
    session_scope_marker = pytest.mark.asyncio(loop_scope="session")
    for async_test in pytest_asyncio_tests:
        async_test.add_marker(session_scope_marker, append=False)
'''
HOOK_PRELUDE = PRELUDE + "from pytest_asyncio import is_async_test\n"
AUTO = {"asyncio_mode": "auto"}
TRYFIRST = "@pytest.hookimpl(tryfirst=True)"
TRYLAST = "@pytest.hookimpl(trylast=True)"


def hook(body: str, name: str = "pytest_collection_modifyitems", param: str = "items",
         decorator: str = "") -> str:
    """A hook function whose body is indented under its ``def``."""
    lines = [decorator] if decorator else []
    lines.append(f"def {name}({param}):")
    lines += ["    " + line if line else "" for line in body.strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def session_mark_for(condition: str, append: str = "False") -> str:
    """Put the items for which ``condition`` holds on the session loop."""
    return hook(
        "for item in items:\n"
        f"    if {condition}:\n"
        f'        item.add_marker(pytest.mark.asyncio(loop_scope="session"), append={append})\n'
    )


def tests_of(*names: str, deps: tuple[str, ...] = ("client",), mark: str | None = None) -> str:
    return module(*(async_test(name, deps, mark=mark) for name in names), prelude=TEST_PRELUDE)


def _recipe() -> list[Scenario]:
    """The documented recipe, in strict and auto mode, and the forms it is written in."""
    strict_tests = tests_of("test_one", "test_two", mark="@pytest.mark.asyncio")
    recipe = module(SESSION_CLIENT, RECIPE, prelude=HOOK_PRELUDE)
    return [
        Scenario("hooks_recipe_strict", {**ini(), "conftest.py": recipe, "test_a.py": strict_tests}),
        Scenario("hooks_recipe_auto", {**ini(**AUTO), "conftest.py": recipe,
                                       "test_a.py": tests_of("test_one", "test_two")}),
        Scenario(
            "hooks_all_items_isinstance",
            {**ini(**AUTO), "conftest.py": module(
                SESSION_CLIENT,
                'SESSION = pytest.mark.asyncio(loop_scope="session")',
                hook("for item in items:\n    if isinstance(item, pytest.Function):\n"
                     "        item.add_marker(SESSION, append=False)\n"),
            ), "test_a.py": tests_of("test_one", "test_two")},
        ),
        Scenario(
            "hooks_recipe_in_pytest_plugins",
            {**ini(**AUTO), "conftest.py": 'pytest_plugins = ["helpers.loops"]\n', "helpers/__init__.py": "",
             "helpers/loops.py": module(SESSION_CLIENT, RECIPE, prelude=HOOK_PRELUDE),
             "test_a.py": tests_of("test_one", "test_two")},
        ),
    ]


def _filters() -> list[Scenario]:
    """Filters on the nodeid, the path, the name and other marks: the rest stays on function loops."""
    layout = {
        "tests/integration/test_integration_db.py": tests_of("test_one", "test_two"),
        "tests/unit/test_unit_db.py": tests_of("test_one", "test_two"),
    }
    unit = frozenset({"tests/unit/test_unit_db.py::test_one", "tests/unit/test_unit_db.py::test_two"})
    scenarios = []
    for name, condition in (
        ("nodeid", '"integration" in item.nodeid'),
        ("path_parts", '"integration" in item.path.parts'),
        ("fspath_text", '"/integration/" in str(item.fspath)'),
    ):
        conftest = module(SESSION_CLIENT, session_mark_for(condition))
        files = {**ini(**AUTO), "conftest.py": conftest, **layout}
        scenarios.append(Scenario(f"hooks_filter_{name}", files, unit))
    marked = module(
        async_test("test_marked", ["client"], mark="@pytest.mark.db"),
        async_test("test_unmarked", ["client"], mark=None),
        async_test("test_db_named", ["client"], mark=None),
        prelude=TEST_PRELUDE,
    )
    scenarios.append(Scenario(
        "hooks_filter_mark_or_name",
        {**ini(**AUTO, markers="db"), "conftest.py": module(
            SESSION_CLIENT,
            session_mark_for('item.get_closest_marker("db") is not None or item.name.startswith("test_db")'),
        ), "test_a.py": marked},
        frozenset({"test_a.py::test_unmarked"}),
    ))
    return scenarios


def _precedence() -> list[Scenario]:
    """append=False beats every static mark; append=True (the default) only class and module marks."""
    tests = module(
        async_test("test_own_mark", ["client"], mark="@pytest.mark.asyncio"),
        async_test("test_own_module_mark", ["module_client"], mark=MODULE_MARK),
        '@pytest.mark.asyncio(loop_scope="module")\nclass TestModuleLoop:\n'
        + async_test("test_class_mark", ["client"], mark=None, indent="    "),
        prelude=TEST_PRELUDE,
    )

    def project(append: str, mode: dict[str, str]) -> dict[str, str]:
        conftest = module(SESSION_CLIENT, MODULE_CLIENT, session_mark_for("is_async_test(item)", append),
                          prelude=HOOK_PRELUDE)
        return {**ini(**mode), "conftest.py": conftest, "test_a.py": tests}

    unmarked = tests_of("test_one", "test_two")
    return [
        Scenario("hooks_append_false_beats_own_mark", project("False", {}),
                 frozenset({"test_a.py::test_own_module_mark"})),
        Scenario("hooks_append_true_own_mark_wins", project("True", {}),
                 frozenset({"test_a.py::test_own_mark"})),
        Scenario("hooks_append_true_auto_unmarked_no_effect",
                 {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT, session_mark_for("True", "True")),
                  "test_a.py": unmarked},
                 frozenset({"test_a.py::test_one", "test_a.py::test_two"})),
    ]


def _conftest_chain() -> list[Scenario]:
    """Several conftests: the deepest runs first, so the root's append=False mark ends up closest;
    a non-root conftest's modifyitems hook still sees every item of the session."""
    def marking(scope: str, decorator: str = "") -> str:
        return hook("for item in items:\n"
                    f'    item.add_marker(pytest.mark.asyncio(loop_scope="{scope}"), append=False)\n',
                    decorator=decorator)
    tests = {"tests/test_a.py": tests_of("test_one", "test_two")}
    fails = frozenset({"tests/test_a.py::test_one", "tests/test_a.py::test_two"})
    return [
        Scenario("hooks_chain_root_last",
                 {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT, marking("session")),
                  "tests/conftest.py": module(marking("function"), prelude=TEST_PRELUDE), **tests}),
        Scenario("hooks_chain_root_tryfirst",
                 {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT, marking("session", TRYFIRST)),
                  "tests/conftest.py": module(marking("function"), prelude=TEST_PRELUDE), **tests}, fails),
        Scenario(
            "hooks_non_root_conftest",
            {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT),
             "tests/api/conftest.py": module(RECIPE, prelude=HOOK_PRELUDE),
             "tests/api/test_api.py": tests_of("test_one"),
             # at run time the api conftest's hook marks these too (a full run): the plugin stays silent
             "tests/other/test_other.py": tests_of("test_other")},
        ),
        Scenario(
            "hooks_non_root_itemcollected",
            {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT),
             "tests/api/conftest.py": module(hook(
                 'item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)\n',
                 name="pytest_itemcollected", param="item"), prelude=TEST_PRELUDE),
             "tests/api/test_api.py": tests_of("test_one"),
             "tests/other/test_other.py": tests_of("test_other")},
            frozenset({"tests/other/test_other.py::test_other"}),
        ),
    ]


def _timing() -> list[Scenario]:
    """pytest_runtest_setup marks count unless trylast (pytest's own setup has chosen the loop then)."""
    def setup(decorator: str) -> str:
        return hook('item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)\n',
                    name="pytest_runtest_setup", param="item", decorator=decorator)
    tests = {"test_a.py": tests_of("test_one", "test_two")}
    return [
        Scenario("hooks_runtest_setup",
                 {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT, setup("")), **tests}),
        Scenario("hooks_runtest_setup_trylast",
                 {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT, setup(TRYLAST)),
                  **tests}, frozenset({"test_a.py::test_one", "test_a.py::test_two"})),
    ]


def _unreadable() -> list[Scenario]:
    """Hooks the plugin cannot read: those tests' loop is unknown and never a finding."""
    dynamic = hook("for item in items:\n"
                   '    mark = getattr(pytest.mark, "asyncio")(loop_scope="session")\n'
                   "    item.add_marker(mark, append=False)\n")
    helper = module(
        SESSION_CLIENT,
        "from helpers.marks import put_on_session_loop",
        hook("put_on_session_loop(items)\n"),
    )
    return [
        Scenario("hooks_unreadable_mark", {**ini(**AUTO), "conftest.py": module(SESSION_CLIENT, dynamic),
                                           "test_a.py": tests_of("test_one")}),
        Scenario("hooks_unreadable_helper", {
            **ini(**AUTO), "conftest.py": helper, "helpers/__init__.py": "",
            "helpers/marks.py": "import pytest\n\n\ndef put_on_session_loop(items):\n    for item in items:\n"
                                '        mark = pytest.mark.asyncio(loop_scope="session")\n'
                                "        item.add_marker(mark, append=False)\n",
            "test_a.py": tests_of("test_one"),
        }),
    ]


HOOK_SCENARIOS: tuple[Scenario, ...] = (
    *_recipe(), *_filters(), *_precedence(), *_conftest_chain(), *_timing(), *_unreadable(),
)
