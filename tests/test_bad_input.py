"""Bad input never crashes the run: broken configuration, conftests and fixture modules,
import cycles, very deep nesting, huge files and non-UTF-8 files, all through the real flake8.

Each case also checks that the plugin still did its work where it could: a finding
the file really has is still reported.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.checker import AsyncLoopChecker

from .harness import Hit, Result, run_flake8, write_files
from .in_process import lint as lint_in_process

#: A test module: one ALP003 (line 6) that must survive whatever surrounds it, and an async
#: test requesting the fixture ``client`` that the cases define (or break) elsewhere.
TEST_MODULE = textwrap.dedent(
    """\
    import asyncio
    import pytest


    def helper():
        asyncio.get_event_loop()


    @pytest.mark.asyncio
    async def test_client(client):
        assert client
    """
)
ALP003_IN_TEST = Hit("tests/test_app.py", 6, 5, "ALP003")
#: A session-scoped async fixture on a function loop is ALP001; a function-loop test using it, ALP002.
SESSION_FIXTURE = textwrap.dedent(
    """\
    import aiohttp
    import pytest_asyncio


    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def client():
        async with aiohttp.ClientSession() as session:
            yield session
    """
)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    write_files(root, files, dedent=True)


def lint(root: Path, *args: str) -> Result:
    result = lint_in_process(["--select", "ALP", *args, "."], cwd=root)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    return result


def our_stderr(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("flake8-asyncloop")]


# -- malformed pytest configuration -------------------------------------------------------

MALFORMED_CONFIGS = {
    "pyproject.toml": "[tool.pytest.ini_options\nasyncio_mode = 'auto'\n",
    "pytest.ini": "[pytest]\nasyncio_mode = sometimes\nasyncio_default_fixture_loop_scope = galaxy\n",
    # flake8 reads tox.ini and setup.cfg itself (and stops on broken INI): only pytest-level errors here.
    "tox.ini": "[pytest]\nasyncio_mode = sometimes\naddopts = --asyncio-mode\n",
    "setup.cfg": "[tool:pytest]\nasyncio_default_test_loop_scope = 7\naddopts = \"-o asyncio_mode=auto\n",
    "pytest.toml": "[pytest]\nasyncio_mode = 3\naddopts = [1, 2]\n",
}


@pytest.mark.parametrize("config", sorted(MALFORMED_CONFIGS))
def test_malformed_pytest_config(tmp_path: Path, config: str) -> None:
    write(tmp_path, {config: MALFORMED_CONFIGS[config], "tests/conftest.py": SESSION_FIXTURE,
                     "tests/test_app.py": TEST_MODULE})
    result = lint(tmp_path)
    assert ALP003_IN_TEST in result.hits()
    notices = our_stderr(result)
    assert len(notices) == len(set(notices)), "each problem is said once"
    assert all(config in line for line in notices), notices


# -- broken conftest and fixture modules ---------------------------------------------------

BROKEN_MODULES: dict[str, dict[str, str | bytes]] = {
    "syntax-error-conftest": {"tests/conftest.py": "import pytest_asyncio\n@pytest_asyncio.fixture(\n"},
    "syntax-error-plugin": {"tests/conftest.py": "pytest_plugins = ['fixtures.db']\n",
                            "fixtures/__init__.py": "", "fixtures/db.py": "async def client(:\n"},
    "syntax-error-star-import": {"tests/conftest.py": "from fixtures.http import *\n",
                                 "fixtures/__init__.py": "", "fixtures/http.py": "def (\n"},
    "null-bytes-conftest": {"tests/conftest.py": b"import pytest\x00\x00\n"},
    "latin1-conftest-without-cookie": {"tests/conftest.py": "x = 'caf\xe9'\n".encode("latin-1")},
    "directory-named-conftest": {"tests/conftest.py/keep.txt": "a folder, not a file\n"},
    "empty-plugin-names": {"tests/conftest.py": "pytest_plugins = ['', '.', '..x', 'a..b', 'os']\n"},
}


@pytest.mark.parametrize("case", sorted(BROKEN_MODULES))
def test_broken_conftest_or_fixture_module(tmp_path: Path, case: str) -> None:
    write(tmp_path, {"setup.cfg": "[tool:pytest]\nasyncio_mode = strict\n", **BROKEN_MODULES[case],
                     "tests/test_app.py": TEST_MODULE})
    result = lint(tmp_path)
    assert {hit for hit in result.hits() if hit.path == "tests/test_app.py"} == {ALP003_IN_TEST}


def test_dangling_symlink_conftest(tmp_path: Path) -> None:
    write(tmp_path, {"tests/test_app.py": TEST_MODULE})
    (tmp_path / "tests" / "conftest.py").symlink_to(tmp_path / "nowhere.py")
    result = lint_in_process(["--select", "ALP", "tests/test_app.py"], cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.hits() == {ALP003_IN_TEST}


# -- import cycles ---------------------------------------------------------------------------

def test_circular_fixture_module_imports(tmp_path: Path) -> None:
    """conftest -> fixtures.a -> fixtures.b -> fixtures.a: the fixture defined in b is still found."""
    write(tmp_path, {
        "setup.cfg": "[tool:pytest]\nasyncio_mode = strict\n",
        "tests/conftest.py": "from fixtures.a import *\npytest_plugins = ['fixtures.b']\n",
        "fixtures/__init__.py": "from fixtures.a import *\n",
        "fixtures/a.py": "from fixtures.b import *\nfrom fixtures.a import *\n",
        "fixtures/b.py": "from fixtures.a import *\n" + SESSION_FIXTURE,
        "tests/test_app.py": TEST_MODULE,
    })
    result = lint(tmp_path)
    assert ALP003_IN_TEST in result.hits()
    assert Hit("tests/test_app.py", 9, 1, "ALP002") in result.hits() or \
        Hit("tests/test_app.py", 10, 1, "ALP002") in result.hits(), result.stdout


CYCLIC_PACKAGE: dict[str, str | bytes] = {
    "setup.cfg": "[flake8]\n",
    "pkg/__init__.py": "from pkg.a import *\n",
    "pkg/a.py": "from pkg.b import *\nfrom pkg import a\nALPHA = 1\n",
    "pkg/b.py": "from pkg.a import *\nfrom pkg.b import *\nBETA = 2\n",
}


def test_circular_patch_target_imports_resolve_existing_names(tmp_path: Path) -> None:
    """pkg.a and pkg.b star-import each other (and themselves): the names that exist are not findings."""
    write(tmp_path, {**CYCLIC_PACKAGE, "tests/test_patch.py": """\
        from unittest import mock


        @mock.patch("pkg.a.BETA")
        @mock.patch("pkg.b.ALPHA")
        @mock.patch("pkg.a.a.a.a.ALPHA")
        def test_ok(*mocks):
            pass
        """})
    assert lint(tmp_path).hits() == set()


def test_circular_patch_target_imports_still_find_a_missing_name(tmp_path: Path) -> None:
    write(tmp_path, {**CYCLIC_PACKAGE, "tests/test_patch.py": """\
        from unittest import mock


        @mock.patch("pkg.a.GAMMA")
        def test_missing(m):
            pass
        """})
    assert lint(tmp_path).hits() == {Hit("tests/test_patch.py", 4, 2, "ALP004")}


def test_deeply_nested_conftest_and_patch_target(tmp_path: Path) -> None:
    """Files read beside the checked one (a conftest, a patched module) nested past the recursion limit."""
    deep = "x = " + "+".join(["1"] * 900) + "\n"
    write(tmp_path, {
        "setup.cfg": "[tool:pytest]\nasyncio_mode = strict\n",
        "tests/conftest.py": SESSION_FIXTURE + deep,
        "deepmod.py": deep + "VALUE = 1\n",
        "tests/test_app.py": TEST_MODULE + "\n\n@mock.patch('deepmod.VALUE')\ndef test_p(m):\n    pass\n",
    })
    (tmp_path / "tests" / "test_app.py").write_text(
        "from unittest import mock\n" + (tmp_path / "tests" / "test_app.py").read_text())
    result = lint_in_process(["--select", "ALP", "tests/test_app.py"], cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert Hit("tests/test_app.py", 7, 5, "ALP003") in result.hits()


# -- deep nesting, huge files, encodings ---------------------------------------------------------

def deep_module(depth: int) -> str:
    call = "asyncio.get_event_loop()\n"
    return f"import asyncio\n{call}x = {'+'.join(['1'] * depth)}\n{call}"


def test_nesting_flake8_itself_parses_and_checks(tmp_path: Path) -> None:
    """200 levels: pyflakes copes, and so does the walk, silently."""
    write(tmp_path, {"deep.py": deep_module(200)})
    result = lint(tmp_path)
    assert result.hits() == {Hit("deep.py", 2, 1, "ALP003"), Hit("deep.py", 4, 1, "ALP003")}
    assert our_stderr(result) == []


def test_nesting_beyond_the_recursion_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Deeper than the walk can go (pyflakes gives up far earlier, aborting flake8 itself): the checker
    skips the deep part, says so once, and keeps the findings around it."""
    source = deep_module(1000)
    tree = ast.parse(source)
    checker = AsyncLoopChecker(tree, "deep.py", source.splitlines(True))
    findings = [(line, col) for line, col, _, _ in checker.run()]
    assert findings == [(2, 0), (4, 0)]
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "nested deeper than" in err[0] and "deep.py" in err[0], err


def test_nesting_that_defeats_pyflakes_does_not_add_our_traceback(tmp_path: Path) -> None:
    """600 levels: flake8's pyflakes fails (flake8 reports that, exit 1); the plugin adds no traceback."""
    write(tmp_path, {"deep.py": deep_module(600)})
    result = run_flake8(["--select", "ALP", "deep.py"], cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr


def test_huge_file(tmp_path: Path) -> None:
    """A 30,000-line test module full of patch calls and fixtures: every finding, nothing else."""
    chunk = textwrap.dedent(
        """\
        @pytest.fixture
        def fixture_{i}(monkeypatch):
            monkeypatch.setattr("os.getcwd", lambda: "/")
            with mock.patch("os.path.join"):
                yield {i}


        """
    )
    body = "".join(chunk.format(i=i) for i in range(4000))
    header = "import asyncio\nfrom unittest import mock\nimport pytest\n\n\n"
    source = header + body + "asyncio.get_event_loop()\n"
    write(tmp_path, {"test_huge.py": source})
    result = lint(tmp_path)
    assert result.hits() == {Hit("test_huge.py", source.count("\n"), 1, "ALP003")}


def test_latin1_file_with_coding_cookie(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\nimport asyncio\nNAME = 'café'\nasyncio.get_event_loop()\n"
    write(tmp_path, {"legacy.py": source.encode("latin-1")})
    result = lint(tmp_path)
    assert result.hits() == {Hit("legacy.py", 4, 1, "ALP003")}


def test_invalid_utf8_without_cookie(tmp_path: Path) -> None:
    """flake8 falls back to latin-1 for a file that is not UTF-8; the plugin checks what flake8 read."""
    write(tmp_path, {"broken.py": b"import asyncio\nNAME = 'caf\xe9'\nasyncio.get_event_loop()\n",
                     "fine.py": "import asyncio\nasyncio.get_event_loop()\n"})
    result = lint(tmp_path)
    assert result.hits() == {Hit("broken.py", 3, 1, "ALP003"), Hit("fine.py", 2, 1, "ALP003")}


def test_undecodable_bytes_with_a_utf8_cookie(tmp_path: Path) -> None:
    lying = b"# coding: utf-8\nimport asyncio\nNAME = '\xff\xfe'\nasyncio.get_event_loop()\n"
    write(tmp_path, {"lying.py": lying,
                     "fine.py": "import asyncio\nasyncio.get_event_loop()\n"})
    result = lint(tmp_path)
    assert Hit("fine.py", 2, 1, "ALP003") in result.hits()
