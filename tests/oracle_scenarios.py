"""Scenario projects for the loop-scope runtime oracle (tests/test_oracle_loop_scopes.py).

Every async fixture yields a ``Resource`` bound to the loop it was made on, as a
client or connection pool is: ``ping()`` makes a future on that loop, schedules
its result there and awaits it.  On the same loop it answers; on another loop it
fails as real clients do ("attached to a different loop", or "Event loop is
closed" once that loop is gone).  Tests and async fixtures ping every resource
they get; sync fixtures hand theirs on.  ``fails`` lists the tests each scenario
is expected to fail (test ids relative to the project), written from the SPEC.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

PRELUDE = '''\
import asyncio

import pytest
import pytest_asyncio


class Resource:
    """Bound to the loop it was made on, like a client's connection pool."""

    def __init__(self):
        self.loop = asyncio.get_running_loop()

    async def ping(self):
        future = self.loop.create_future()
        self.loop.call_soon(future.set_result, "pong")
        return await future
'''

TEST_PRELUDE = "import asyncio\n\nimport pytest\n"
MODULE_MARK = '@pytest.mark.asyncio(loop_scope="module")'
SESSION_MARK = '@pytest.mark.asyncio(loop_scope="session")'
SESSION = 'scope="session"'


@dataclass(frozen=True)
class Scenario:
    """One generated project: its files and the tests expected to fail."""

    name: str
    files: dict[str, str]
    fails: frozenset[str] = field(default_factory=frozenset)
    note: str = ""


def async_fixture(
    name: str, args: str = "", deps: Iterable[str] = (), decorator: str = "pytest_asyncio.fixture",
    indent: str = "",
) -> str:
    """An async generator fixture that pings its dependencies and yields a fresh Resource."""
    deps = list(deps)
    head = f"@{decorator}({args})" if args else f"@{decorator}"
    params = (["self"] if indent else []) + deps
    body = [f"await {dep}.ping()" for dep in deps]
    body += ["resource = Resource()", "yield resource", "await resource.ping()"]
    lines = [head, f"async def {name}({', '.join(params)}):", *(f"    {line}" for line in body)]
    return "\n".join(indent + line for line in lines) + "\n"


def sync_fixture(name: str, dep: str, args: str = "", decorator: str = "pytest.fixture") -> str:
    """A sync fixture that hands on what it got."""
    head = f"@{decorator}({args})" if args else f"@{decorator}"
    return f"{head}\ndef {name}({dep}):\n    return {dep}\n"


def async_test(name: str, deps: Iterable[str] = (), mark: str | None = "@pytest.mark.asyncio",
               indent: str = "") -> str:
    """An async test that pings every resource it gets."""
    deps = list(deps)
    params = (["self"] if indent else []) + deps
    body = [f"assert await {dep}.ping() == 'pong'" for dep in deps] or ["await asyncio.sleep(0)"]
    lines = ([mark] if mark else []) + [f"async def {name}({', '.join(params)}):"]
    lines += [f"    {line}" for line in body]
    return "\n".join(indent + line for line in lines) + "\n"


def sync_test(name: str, deps: Iterable[str] = (), indent: str = "") -> str:
    """A sync test that only checks it got something."""
    deps = list(deps)
    params = (["self"] if indent else []) + deps
    body = [f"assert {dep} is not None" for dep in deps] or ["pass"]
    lines = [f"def {name}({', '.join(params)}):", *(f"    {line}" for line in body)]
    return "\n".join(indent + line for line in lines) + "\n"


def module(*parts: str, prelude: str = PRELUDE) -> str:
    """A Python module: the prelude and the parts, separated as PEP 8 wants."""
    return prelude + "\n\n" + "\n\n".join(textwrap.dedent(p).strip("\n") + "\n" for p in parts)


def ini(**options: str) -> dict[str, str]:
    """A pytest.ini with the given options."""
    lines = ["[pytest]", *(f"{key} = {value}" for key, value in options.items())]
    return {"pytest.ini": "\n".join(lines) + "\n"}


def config_file(kind: str, **options: str) -> dict[str, str]:
    """The same options written in each kind of pytest configuration file."""
    pairs = "".join(f"{key} = {value}\n" for key, value in options.items())
    quoted = "".join(f'{key} = "{value}"\n' for key, value in options.items())
    files = {
        "pytest.ini": "[pytest]\n" + pairs,
        ".pytest.ini": "[pytest]\n" + pairs,
        "pytest.toml": "[pytest]\n" + quoted,
        ".pytest.toml": "[pytest]\n" + quoted,
        "pyproject-ini-options": "[tool.pytest.ini_options]\n" + quoted,
        "pyproject-native": "[tool.pytest]\n" + quoted,
        "tox.ini": "[tox]\nenv_list = py3\n\n[pytest]\n" + pairs,
        "setup.cfg": "[metadata]\nname = demo\n\n[tool:pytest]\n" + pairs,
    }
    name = "pyproject.toml" if kind.startswith("pyproject") else kind
    return {name: files[kind]}


PACKAGE = {"tests/__init__.py": ""}

# -- scenarios -------------------------------------------------------------------


def _classic() -> list[Scenario]:
    """A session client in a fixtures/ package that the conftest re-exports, and its fixes."""
    tests = module(
        async_test("test_first", ["client"]),
        async_test("test_second", ["client"]),
        async_test("test_without_client"),
        prelude="import asyncio\n\nimport pytest\n",
    )
    layout = {
        **PACKAGE,
        "tests/fixtures/__init__.py": "",
        "tests/conftest.py": "from tests.fixtures.clients import *  # noqa: F401,F403\n",
        "tests/test_api.py": tests,
    }
    return [
        Scenario(
            "classic_session_client",
            {**ini(), **layout, "tests/fixtures/clients.py": module(async_fixture("client", SESSION))},
            frozenset({"tests/test_api.py::test_first", "tests/test_api.py::test_second"}),
        ),
        Scenario(
            "classic_fixed_function_scope",
            {**ini(), **layout, "tests/fixtures/clients.py": module(async_fixture("client"))},
        ),
        Scenario(
            "classic_fixed_session_loops",
            {
                **ini(asyncio_default_test_loop_scope="session"),
                **layout,
                "tests/fixtures/clients.py": module(
                    async_fixture("client", 'scope="session", loop_scope="session"')
                ),
            },
        ),
        Scenario(
            "classic_fixed_session_pytestmark",
            {
                **ini(),
                **layout,
                "tests/fixtures/clients.py": module(
                    async_fixture("client", 'scope="session", loop_scope="session"')
                ),
                "tests/test_api.py": module(
                    'pytestmark = pytest.mark.asyncio(loop_scope="session")',
                    async_test("test_first", ["client"], mark=None),
                    async_test("test_second", ["client"], mark=None),
                    prelude="import pytest\n",
                ),
            },
        ),
    ]


def _fixture_loop_narrower_than_scope() -> list[Scenario]:
    """ALP001: the loop is narrower than the cache; every user fails at setup."""
    return [
        Scenario(
            "alp001_ini_function",
            {
                **ini(asyncio_default_fixture_loop_scope="function"),
                "conftest.py": module(async_fixture("client", 'scope="session"')),
                "test_a.py": module(
                    async_test("test_uses", ["client"]),
                    async_test("test_free"),
                    sync_test("test_sync", ["client"]),
                ),
            },
            frozenset({"test_a.py::test_uses", "test_a.py::test_sync"}),
        ),
        Scenario(
            "alp001_explicit_loop_scope",
            {
                **ini(),
                "test_a.py": module(
                    async_fixture("client", 'scope="module", loop_scope="function"'),
                    async_test("test_uses", ["client"]),
                    async_test("test_free"),
                ),
            },
            frozenset({"test_a.py::test_uses"}),
        ),
        Scenario(
            "alp001_ok_equal_scopes",
            {
                **ini(asyncio_default_fixture_loop_scope="function"),
                "test_a.py": module(
                    'pytestmark = pytest.mark.asyncio(loop_scope="module")',
                    async_fixture("client", 'scope="module", loop_scope="module"'),
                    async_test("test_uses", ["client"], mark=None),
                    async_test("test_again", ["client"], mark=None),
                ),
            },
        ),
        Scenario(
            "alp001_autouse",
            {
                **ini(asyncio_default_fixture_loop_scope="function"),
                "test_a.py": module(
                    async_fixture("warm_cache", 'scope="module", autouse=True'),
                    async_test("test_one"),
                    sync_test("test_two"),
                ),
                "test_b.py": module(async_test("test_elsewhere")),
            },
            frozenset({"test_a.py::test_one", "test_a.py::test_two"}),
        ),
        Scenario(
            "alp001_sync_asyncio_fixture",
            {
                **ini(asyncio_default_fixture_loop_scope="function"),
                "conftest.py": module(
                    f"@pytest_asyncio.fixture({SESSION})\ndef settings():\n    return {{}}"
                ),
                "test_a.py": module(sync_test("test_uses", ["settings"]), sync_test("test_free")),
            },
            frozenset({"test_a.py::test_uses"}),
            "pytest-asyncio >= 1.1 runs a sync @pytest_asyncio.fixture on a loop too",
        ),
    ]


def _modes() -> list[Scenario]:
    """Which async fixtures and tests pytest-asyncio runs: auto mode, from the ini or addopts."""
    auto_tests = module(
        async_fixture("client", 'scope="module"', decorator="pytest.fixture"),
        async_test("test_uses", ["client"], mark=None),
        async_test("test_free", mark=None),
    )
    return [
        Scenario(
            "auto_mode_ini", {**ini(asyncio_mode="auto"), "test_a.py": auto_tests},
            frozenset({"test_a.py::test_uses"}),
        ),
        Scenario(
            "auto_mode_addopts", {**ini(addopts="--asyncio-mode=auto"), "test_a.py": auto_tests},
            frozenset({"test_a.py::test_uses"}),
        ),
        Scenario(
            "auto_mode_fixed_module_mark",
            {
                **ini(asyncio_mode="auto"),
                "test_a.py": auto_tests.replace(
                    "@pytest.fixture",
                    'pytestmark = pytest.mark.asyncio(loop_scope="module")\n\n\n@pytest.fixture'
                ),
            },
        ),
    ]


def _marks() -> list[Scenario]:
    """The closest asyncio mark wins: function, class (decorator or pytestmark), module."""
    conftest = module(
        async_fixture("module_client", 'scope="module"'),
        async_fixture("function_client"),
    )
    return [
        Scenario(
            "class_mark_decorator",
            {
                **ini(),
                "conftest.py": conftest,
                "test_a.py": module(
                    '@pytest.mark.asyncio(loop_scope="class")\nclass TestShared:\n'
                    + async_fixture("shared", 'scope="class"', indent="    ")
                    + "\n"
                    + async_test("test_one", ["shared"], mark=None, indent="    ")
                    + "\n"
                    + async_test("test_two", ["shared"], mark=None, indent="    "),
                    "class TestFunctionLoop:\n"
                    + async_test("test_module_client", ["module_client"], indent="    ")
                    + "\n"
                    + async_test("test_function_client", ["function_client"], indent="    "),
                    prelude=PRELUDE,
                ),
            },
            frozenset({"test_a.py::TestFunctionLoop::test_module_client"}),
        ),
        Scenario(
            "class_pytestmark_and_bare_reset",
            {
                **ini(),
                "conftest.py": conftest,
                "test_a.py": module(
                    "class TestModuleLoop:\n"
                    '    pytestmark = pytest.mark.asyncio(loop_scope="module")\n\n'
                    + async_test("test_inherits", ["module_client"], mark=None, indent="    ")
                    + "\n"
                    + async_test("test_bare_resets", ["module_client"], indent="    "),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::TestModuleLoop::test_bare_resets"}),
        ),
        Scenario(
            "module_pytestmark_list",
            {
                **ini(),
                "conftest.py": conftest + "\n\n" + sync_fixture("state", "function_client"),
                "test_marked.py": module(
                    'pytestmark = [pytest.mark.asyncio(loop_scope="module"),'
                    ' pytest.mark.usefixtures("state")]',
                    async_test("test_module_client", ["module_client"], mark=None),
                    prelude=TEST_PRELUDE,
                ),
                "test_unmarked.py": module(async_test("test_module_client", ["module_client"]),
                                           prelude=TEST_PRELUDE),
            },
            frozenset({"test_unmarked.py::test_module_client"}),
        ),
        Scenario(
            "bare_mark_resets_module_loop",
            {
                **ini(),
                "conftest.py": conftest,
                "test_a.py": module(
                    'pytestmark = pytest.mark.asyncio(loop_scope="module")',
                    async_test("test_bare", ["module_client"]),
                    async_test("test_bare_function_client", ["function_client"]),
                    async_test("test_unmarked", ["module_client"], mark=None),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::test_bare"}),
        ),
        Scenario(
            "package_init_pytestmark_has_no_effect",
            {
                **ini(asyncio_mode="auto"),
                **PACKAGE,
                "tests/conftest.py": module(async_fixture("client", 'scope="session"')),
                "tests/pkg/__init__.py": (
                    'import pytest\n\npytestmark = pytest.mark.asyncio(loop_scope="session")\n'
                ),
                "tests/pkg/test_a.py": module(async_test("test_uses", ["client"], mark=None), prelude=""),
            },
            frozenset({"tests/pkg/test_a.py::test_uses"}),
            "SPEC: a pytestmark in a package's __init__.py does not reach the tests below it",
        ),
        Scenario(
            "deprecated_mark_scope_keyword",
            {
                **ini(),
                "conftest.py": conftest,
                "test_a.py": module(
                    async_test("test_module", ["module_client"], mark='@pytest.mark.asyncio(scope="module")'),
                    async_test("test_function", ["function_client"],
                               mark='@pytest.mark.asyncio(scope="module")'),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::test_function"}),
        ),
        Scenario(
            "nested_classes",
            {
                **ini(),
                "conftest.py": conftest,
                "test_a.py": module(
                    '@pytest.mark.asyncio(loop_scope="module")\nclass TestOuter:\n'
                    + async_test("test_outer", ["module_client"], mark=None, indent="    ")
                    + "\n    class TestInner:\n"
                    + async_test("test_inner", ["module_client"], mark=None, indent="        ")
                    + "\n"
                    + async_test("test_inner_own", ["module_client"], indent="        "),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::TestOuter::TestInner::test_inner_own"}),
        ),
    ]


def _requests() -> list[Scenario]:
    """Only parameters hand a value on: direct, renamed, through sync chains and async fixtures."""
    return [
        Scenario(
            "renamed_fixture",
            {
                **ini(),
                "conftest.py": module(async_fixture("_db_fixture", 'scope="module", name="db"')),
                "test_a.py": module(
                    async_test("test_function_loop", ["db"]),
                    async_test("test_module_loop", ["db"], mark=MODULE_MARK),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::test_function_loop"}),
        ),
        Scenario(
            "sync_fixture_chain",
            {
                **ini(),
                "conftest.py": module(
                    async_fixture("client", 'scope="session"'),
                    sync_fixture("api", "client"),
                    sync_fixture("wrapped", "api"),
                ),
                "test_a.py": module(
                    async_test("test_two_hops", ["wrapped"]),
                    async_test("test_session_loop", ["api"], mark=SESSION_MARK),
                    sync_test("test_sync", ["api"]),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::test_two_hops"}),
        ),
        Scenario(
            "async_fixture_requests_async_fixture",
            {
                **ini(),
                "conftest.py": module(
                    async_fixture("client", 'scope="session"'),
                    async_fixture("user", deps=["client"]),
                ),
                "test_a.py": module(
                    async_test("test_user", ["user"]),
                    async_test("test_user_on_session_loop", ["user"],
                               mark=SESSION_MARK),
                    async_test("test_client", ["client"], mark=SESSION_MARK),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"test_a.py::test_user", "test_a.py::test_user_on_session_loop"}),
        ),
        Scenario(
            "fixture_loop_narrower_than_test",
            {
                **ini(),
                "test_a.py": module(
                    async_fixture("client"),
                    async_test("test_module_loop", ["client"], mark=MODULE_MARK),
                    async_test("test_function_loop", ["client"]),
                ),
            },
            frozenset({"test_a.py::test_module_loop"}),
        ),
        Scenario(
            "fixture_loop_wider_than_scope",
            {
                **ini(),
                "test_a.py": module(
                    async_fixture("client", 'loop_scope="module"'),
                    async_test("test_function_loop", ["client"]),
                    async_test("test_module_loop", ["client"], mark=MODULE_MARK),
                ),
            },
            frozenset({"test_a.py::test_function_loop"}),
        ),
        Scenario(
            "usefixtures_and_autouse_are_no_finding",
            {
                **ini(),
                "conftest.py": module(
                    async_fixture("client", 'scope="session"'),
                    async_fixture("warm", 'scope="session", autouse=True'),
                ),
                "test_a.py": module(
                    '@pytest.mark.usefixtures("client")\nclass TestUses:\n'
                    + async_test("test_in_class", indent="    "),
                    '@pytest.mark.usefixtures("client")\n' + async_test("test_function"),
                    prelude="import asyncio\n\nimport pytest\n",
                ),
            },
        ),
        Scenario(
            "sync_tests_run_on_no_loop",
            {
                **ini(),
                "conftest.py": module(async_fixture("client", 'scope="session"')),
                "test_a.py": module(sync_test("test_one", ["client"]), sync_test("test_two", ["client"]),
                                    prelude=""),
            },
        ),
    ]


def _lookup() -> list[Scenario]:
    """pytest's fixture lookup: class, module, nearest conftest, pytest_plugins, imports."""
    return [
        Scenario(
            "nearest_conftest_wins",
            {
                **ini(),
                "tests/conftest.py": module(async_fixture("client", 'scope="session"')),
                "tests/sub/conftest.py": module(async_fixture("client")),
                "tests/sub/test_sub.py": module(async_test("test_sub", ["client"]), prelude=TEST_PRELUDE),
                "tests/test_top.py": module(async_test("test_top", ["client"]), prelude=TEST_PRELUDE),
            },
            frozenset({"tests/test_top.py::test_top"}),
        ),
        Scenario(
            "module_fixture_overrides_conftest",
            {
                **ini(),
                "conftest.py": module(async_fixture("client", 'scope="session"')),
                "test_own.py": module(async_fixture("client"), async_test("test_own", ["client"])),
                "test_shared.py": module(async_test("test_shared", ["client"]), prelude=TEST_PRELUDE),
            },
            frozenset({"test_shared.py::test_shared"}),
        ),
        Scenario(
            "class_fixture_and_class_loop",
            {
                **ini(),
                "test_a.py": module(
                    '@pytest.mark.asyncio(loop_scope="class")\nclass TestDb:\n'
                    + async_fixture("db", 'scope="class"', indent="    ")
                    + "\n"
                    + async_test("test_class_loop", ["db"], mark=None, indent="    ")
                    + "\n"
                    + async_test("test_function_loop", ["db"],
                                 mark='@pytest.mark.asyncio(loop_scope="function")', indent="    "),
                ),
            },
            frozenset({"test_a.py::TestDb::test_function_loop"}),
        ),
        Scenario(
            "pytest_plugins_module",
            {
                **ini(),
                **PACKAGE,
                "tests/plugins/__init__.py": "",
                "tests/plugins/db.py": module(async_fixture("db", 'scope="module"')),
                "tests/conftest.py": 'pytest_plugins = ["tests.plugins.db"]\n',
                "tests/test_a.py": module(
                    async_test("test_function_loop", ["db"]),
                    async_test("test_module_loop", ["db"], mark=MODULE_MARK),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"tests/test_a.py::test_function_loop"}),
        ),
        Scenario(
            "conftest_imports_with_alias",
            {
                **ini(),
                **PACKAGE,
                "tests/fixtures/__init__.py": "",
                "tests/fixtures/clients.py": module(async_fixture("client", 'scope="session"'),
                                                    async_fixture("fresh")),
                "tests/conftest.py": (
                    "from tests.fixtures.clients import client as api_client, fresh  # noqa: F401\n"
                ),
                "tests/test_a.py": module(
                    async_test("test_api_client", ["api_client"]),
                    async_test("test_fresh", ["fresh"]),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"tests/test_a.py::test_api_client"}),
        ),
        Scenario(
            "star_reexport_two_levels",
            {
                **ini(),
                **PACKAGE,
                "tests/fixtures/__init__.py": "from .db import *  # noqa: F401,F403\n",
                "tests/fixtures/db.py": module(async_fixture("engine", 'scope="module"'),
                                               async_fixture("_private", 'scope="module"')),
                "tests/conftest.py": "from .fixtures import *  # noqa: F401,F403\n",
                "tests/test_a.py": module(
                    async_test("test_engine", ["engine"]),
                    async_test("test_engine_module_loop", ["engine"],
                               mark=MODULE_MARK),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset({"tests/test_a.py::test_engine"}),
        ),
        Scenario(
            "lookup_edges_override_all_cycle_nested_plugins",
            {
                **ini(asyncio_mode="auto"),
                **PACKAGE,
                "tests/conftest.py": module(
                    "from .fixtures import *  # noqa: F401,F403",
                    'pytest_plugins = ["tests.plugins.outer"]',
                    async_fixture("client", 'scope="session"'),
                ),
                "tests/fixtures/__init__.py": "from .cycle_a import *  # noqa\nfrom .db import *  # noqa\n",
                "tests/fixtures/db.py": module(
                    '__all__ = ["engine"]', async_fixture("engine", 'scope="module"'),
                    async_fixture("pool", 'scope="module"'),
                ),
                "tests/fixtures/cycle_a.py": "from .cycle_b import *  # noqa: F401,F403\n",
                "tests/fixtures/cycle_b.py": module("from .cycle_a import *  # noqa: F401,F403",
                                                    async_fixture("queue", 'scope="package"')),
                "tests/plugins/__init__.py": "",
                "tests/plugins/outer.py": 'pytest_plugins = ["tests.plugins.inner"]\n',
                "tests/plugins/inner.py": module(async_fixture("_broker", 'scope="session", name="broker"')),
                "tests/sub/__init__.py": "",
                "tests/sub/conftest.py": module(sync_fixture("client", "client"), prelude=TEST_PRELUDE),
                "tests/sub/test_edges.py": module(
                    async_test("test_self_named_override", ["client"], mark=None),
                    async_test("test_star_import_honours_all", ["engine"], mark=None),
                    async_test("test_star_import_cycle", ["queue"], mark=None),
                    async_test("test_nested_pytest_plugins", ["broker"], mark=None),
                    async_test("test_module_loop", ["engine"], mark=MODULE_MARK),
                    prelude=TEST_PRELUDE,
                ),
            },
            frozenset(f"tests/sub/test_edges.py::{name}" for name in (
                "test_self_named_override", "test_star_import_honours_all", "test_star_import_cycle",
                "test_nested_pytest_plugins")),
        ),
    ]


def _config_kinds() -> list[Scenario]:
    """Every kind of pytest configuration file; in each variant a misread option changes a verdict."""
    conftest = module(async_fixture("client", 'scope="session"'), async_fixture("helper"))
    tests = module(async_test("test_client", ["client"]), async_test("test_helper", ["helper"]),
                   async_test("test_free"), prelude=TEST_PRELUDE)
    session_tests = module(
        'pytestmark = pytest.mark.asyncio(loop_scope="session")',
        *(async_test(name, deps, mark=None) for name, deps in
          (("test_client", ["client"]), ("test_helper", ["helper"]), ("test_free", []))),
        prelude=TEST_PRELUDE,
    )
    variants = [
        # ALP001 on client only when the option is read; helper's function loop fails the session tests.
        ({"asyncio_default_fixture_loop_scope": "function"}, session_tests, {"test_client", "test_helper"}),
        # helper's loop is the session loop only when the option is read.
        ({"asyncio_default_fixture_loop_scope": "session"}, tests, {"test_client", "test_helper"}),
        # client matches the tests' loop only when the option is read.
        ({"asyncio_default_test_loop_scope": "session"}, tests, {"test_helper"}),
    ]
    scenarios = []
    kinds = ["pytest.ini", ".pytest.ini", "pytest.toml", ".pytest.toml", "pyproject-ini-options",
             "pyproject-native", "tox.ini", "setup.cfg"]
    for index, kind in enumerate(kinds):
        options, test_module, fails = variants[index % len(variants)]
        hidden = "hidden_" if kind.startswith(".") else ""
        name = "config_" + hidden + kind.strip(".").replace(".", "_").replace("-", "_")
        scenarios.append(Scenario(name, {**config_file(kind, **options), "conftest.py": conftest,
                                         "test_a.py": test_module},
                                  frozenset(f"test_a.py::{test}" for test in fails)))
    scenarios.append(
        Scenario(
            "config_addopts_override",
            {**ini(addopts="-o asyncio_default_fixture_loop_scope=function"), "conftest.py": conftest,
             "test_a.py": session_tests},
            frozenset({"test_a.py::test_client", "test_a.py::test_helper"}),
        )
    )
    scenarios.append(
        Scenario(
            "config_fixture_scope_value",
            {**ini(asyncio_default_fixture_loop_scope="fixture-scope"), "conftest.py": conftest,
             "test_a.py": tests},
            frozenset({"test_a.py::test_client"}),
            "pytest-asyncio 1.5: fixture-scope = the fixture's own scope",
        )
    )
    scenarios.append(
        Scenario(
            "config_both_session",
            {
                **ini(asyncio_default_fixture_loop_scope="session",
                      asyncio_default_test_loop_scope="session"),
                "conftest.py": conftest,
                "test_a.py": tests,
            },
        )
    )
    return scenarios


SCENARIOS: tuple[Scenario, ...] = (
    *_classic(),
    *_fixture_loop_narrower_than_scope(),
    *_modes(),
    *_marks(),
    *_requests(),
    *_lookup(),
    *_config_kinds(),
)
