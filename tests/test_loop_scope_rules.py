"""ALP001/ALP002 through the real flake8: the classic case, its fixes, messages, stdin, caching."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.pytest_world import sources
from flake8_asyncloop.pytest_world.fixtures import extract_module
from flake8_asyncloop.pytest_world.relevance import may_hold_pytest_items
from flake8_asyncloop.pytest_world.lookup import FixtureLookup, Site

from .harness import Hit, write_files
from .in_process import lint

CLIENT_FIXTURE = '''\
import httpx
import pytest_asyncio


@pytest_asyncio.fixture({args})
async def client():
    async with httpx.AsyncClient() as client:
        yield client
'''

FIXTURE_A = "import pytest_asyncio\n\n\n@pytest_asyncio.fixture\nasync def a():\n    return 1\n"

TESTS = '''\
import pytest


@pytest.mark.asyncio
async def test_home(client):
    await client.get("/")


@pytest.mark.asyncio
async def test_about(client):
    await client.get("/about")


def test_sync(client):
    assert client is not None
'''


def write(root: Path, files: dict[str, str]) -> None:
    write_files(root, files, dedent=True)


def classic_project(root: Path, fixture_args: str, ini: str = "[pytest]\n") -> None:
    """A session client in a fixtures/ package, re-exported by the conftest."""
    write(root, {
        "pytest.ini": ini,
        "tests/__init__.py": "",
        "tests/fixtures/__init__.py": "",
        "tests/fixtures/clients.py": CLIENT_FIXTURE.format(args=fixture_args),
        "tests/conftest.py": "from tests.fixtures.clients import *  # noqa: F401,F403\n",
        "tests/test_api.py": TESTS,
    })


def test_classic_case_flags_each_test_that_uses_the_client(tmp_path: Path) -> None:
    classic_project(tmp_path, 'scope="session"')
    result = lint(["--select", "ALP", "."], cwd=tmp_path)
    test_file = os.path.join("tests", "test_api.py")
    assert result.hits() == {Hit(test_file, 5, 1, "ALP002"), Hit(test_file, 10, 1, "ALP002")}
    clients = os.path.join("tests", "fixtures", "clients.py")
    assert result.messages()[0] == (
        f"test 'test_home' (function loop) uses 'client' ({clients}:6, session loop): it shares an "
        "httpx.AsyncClient across loops; set asyncio_default_test_loop_scope = session in pytest.ini"
    )


def test_classic_fix_function_scoped_client(tmp_path: Path) -> None:
    classic_project(tmp_path, "")
    assert lint(["--select", "ALP", "."], cwd=tmp_path).hits() == set()


def test_classic_fix_session_loops_on_both_sides(tmp_path: Path) -> None:
    classic_project(tmp_path, 'scope="session", loop_scope="session"',
                    ini="[pytest]\nasyncio_default_test_loop_scope = session\n")
    assert lint(["--select", "ALP", "."], cwd=tmp_path).hits() == set()


def test_alp001_message_names_the_ini_file_and_key(tmp_path: Path) -> None:
    ini = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
    classic_project(tmp_path, 'scope="session"', ini=ini)
    result = lint(["--select", "ALP001", "."], cwd=tmp_path)
    assert result.hits() == {Hit(os.path.join("tests", "fixtures", "clients.py"), 5, 1, "ALP001")}
    assert result.messages() == [
        "async fixture 'client' is cached per session but runs on a function loop (pytest.ini: "
        'asyncio_default_fixture_loop_scope): ScopeMismatch at setup; add loop_scope="session" or narrow '
        "its scope"
    ]


def test_alp001_message_names_the_argument(tmp_path: Path) -> None:
    classic_project(tmp_path, 'scope="module", loop_scope="class"')
    result = lint(["--select", "ALP001", "."], cwd=tmp_path)
    assert result.messages() == [
        "async fixture 'client' is cached per module but runs on a class loop (its loop_scope=\"class\" "
        'argument): ScopeMismatch at setup; add loop_scope="module" or narrow its scope'
    ]


def test_flake8_option_overrides_the_ini(tmp_path: Path) -> None:
    classic_project(tmp_path, 'scope="session"')
    option = "--asyncloop-default-fixture-loop-scope=function"
    result = lint(["--select", "ALP", option, "."], cwd=tmp_path)
    assert {hit.code for hit in result.hits()} == {"ALP001"}
    assert "--asyncloop-default-fixture-loop-scope" in result.messages()[0]


def test_stdin_buffer_is_checked_against_the_projects_conftest(tmp_path: Path) -> None:
    """The editor's unsaved buffer is what counts for the checked file; the conftest comes from disk."""
    classic_project(tmp_path, 'scope="session"')
    display = os.path.join("tests", "test_api.py")
    buffer = TESTS.replace(
        "@pytest.mark.asyncio\nasync def test_home",
        '@pytest.mark.asyncio(loop_scope="session")\nasync def test_home',
    )
    buffer += "\n\n@pytest.mark.asyncio\nasync def test_new(client):\n    pass\n"
    args = ["--select", "ALP", "--stdin-display-name", display, "-"]
    result = lint(args, cwd=tmp_path, stdin=buffer)
    assert result.hits() == {Hit(display, 10, 1, "ALP002"), Hit(display, 19, 1, "ALP002")}
    # On disk, test_home is still on a function loop:
    on_disk = lint(["--select", "ALP", display], cwd=tmp_path)
    assert Hit(display, 5, 1, "ALP002") in on_disk.hits()


def test_stdin_buffer_of_a_conftest_replaces_the_file_on_disk(tmp_path: Path) -> None:
    """Checking an unsaved conftest uses its buffer for its own fixtures' requests too."""
    write(tmp_path, {
        "pytest.ini": "[pytest]\n",
        "conftest.py": FIXTURE_A.replace("def a(", "def base("),
    })
    buffer = (
        FIXTURE_A.replace("def a(", "def base(").replace(".fixture\n", ".fixture(scope='module')\n")
        .replace("return 1", "return asyncio.get_running_loop().create_future()") + "\n\n"
        "@pytest_asyncio.fixture\nasync def user(base):\n    return base\n"
    )
    args = ["--select", "ALP", "--stdin-display-name", "conftest.py", "-"]
    result = lint(args, cwd=tmp_path, stdin=buffer)
    assert result.hits() == {Hit("conftest.py", 10, 1, "ALP002")}


def test_version_021_without_loop_scope_advice(tmp_path: Path) -> None:
    classic_project(tmp_path, 'scope="session"')
    result = lint(["--select", "ALP", "--asyncloop-pytest-asyncio-version=0.21", "."], cwd=tmp_path)
    assert {hit.code for hit in result.hits()} == {"ALP001"}
    assert "loop_scope" not in result.messages()[0] and "event_loop" in result.messages()[0]


def test_other_files_are_parsed_once_and_reparsed_when_changed_before_a_run(tmp_path: Path) -> None:
    conftest = tmp_path / "conftest.py"
    conftest.write_text(FIXTURE_A)
    before = sources.parse_count
    first = sources.load_module(conftest)
    assert sources.load_module(conftest) is first
    assert sources.parse_count == before + 1
    assert first is not None and [f.name for f in first.fixtures] == ["a"]
    conftest.write_text(conftest.read_text().replace("def a(", "def renamed("))
    stat = conftest.stat()
    os.utime(conftest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert sources.load_module(conftest) is first  # within one run a file is stat'ed once
    CACHES.new_run()  # a long-lived process's next run looks again
    second = sources.load_module(conftest)
    assert sources.parse_count == before + 2
    assert second is not None and [f.name for f in second.fixtures] == ["renamed"]


def test_many_test_files_share_one_parse_of_the_conftest(tmp_path: Path) -> None:
    write(tmp_path, {"conftest.py": FIXTURE_A})
    before = sources.parse_count
    for index in range(20):
        path = tmp_path / f"test_{index}.py"
        info = extract_module(path, ast.parse("async def test_x(a):\n    pass\n"))
        lookup = FixtureLookup(sources.Sources(info), tmp_path)
        assert lookup.resolve("a", Site(info)) is not None
    assert sources.parse_count == before + 1


def test_files_without_pytest_or_async_code_build_no_model() -> None:
    plain = "import os\n\n\ndef f(x):\n    return x\n\n\nclass C:\n    y = 1\n"
    assert not may_hold_pytest_items(ast.parse(plain))
    assert may_hold_pytest_items(ast.parse("async def test_x(client):\n    pass\n"))
    assert may_hold_pytest_items(ast.parse("from pytest_asyncio import fixture\n"))
    assert may_hold_pytest_items(ast.parse("def test_legacy(event_loop):\n    pass\n"))
    assert may_hold_pytest_items(ast.parse("class TestX:\n    async def test_y(self):\n        pass\n"))


def test_advice_uses_only_what_the_projects_version_has(tmp_path: Path) -> None:
    """0.23 has no loop_scope=; before 0.26 there is no asyncio_default_test_loop_scope."""
    classic_project(tmp_path, 'scope="session"')
    on_023 = lint(["--select", "ALP", "--asyncloop-pytest-asyncio-version=0.23", "."], cwd=tmp_path)
    assert {hit.code for hit in on_023.hits()} == {"ALP002"}
    for message in on_023.messages():
        assert "loop_scope" not in message and '@pytest.mark.asyncio(scope="session")' in message
    on_025 = lint(["--select", "ALP", "--asyncloop-pytest-asyncio-version=0.25", "."], cwd=tmp_path)
    assert all("loop_scope=\"session\"" in m and "asyncio_default_test_loop_scope =" not in m
               for m in on_025.messages())
    (tmp_path / "tests" / "test_legacy.py").write_text("def test_old(event_loop):\n    pass\n")
    legacy = lint(["--select", "ALP003", "--asyncloop-pytest-asyncio-version=0.23", "."], cwd=tmp_path)
    assert len(legacy.messages()) == 1 and "loop_scope" not in legacy.messages()[0]


@pytest.mark.parametrize(
    ("definition", "advice"),
    [
        ("async def test_a(event_loop):\n    pass\n", "use asyncio.get_running_loop() instead"),
        ("def test_s(event_loop):\n    event_loop.run_until_complete(main())\n",
         "make it async and use asyncio.get_running_loop()"),
    ],
)
@pytest.mark.parametrize("version", ["0.26", "1.5"])
def test_event_loop_request_advice_fits_sync_and_async_requesters(
    tmp_path: Path, definition: str, advice: str, version: str
) -> None:
    (tmp_path / "setup.cfg").write_text("[tool:pytest]\nasyncio_mode = auto\n")
    header = "import pytest\n\n\nasync def main():\n    pass\n\n\n"
    (tmp_path / "test_loop.py").write_text(header + definition)
    result = lint(
        ["--select", "ALP003", f"--asyncloop-pytest-asyncio-version={version}", "test_loop.py"], cwd=tmp_path
    )
    assert result.hits() == {Hit("test_loop.py", 8, 1, "ALP003")}, result.stdout
    message = result.messages()[0]
    assert advice in message
    consequence = "fixture 'event_loop' not found" if version == "1.5" else "removed in pytest-asyncio 1.0"
    assert consequence in message
    assert "deprecated since" not in message
