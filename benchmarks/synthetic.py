"""A generated suite of hundreds of test files under a conftest chain and a fixtures/ package.

Issue 3 asks whether reading the conftest chain slows flake8 down on a suite of
hundreds of test files; no pinned sdist is that shape, so the benchmark writes one:
a root conftest that re-exports a ``fixtures/`` package, a conftest per test package,
and async tests requesting fixtures from every level.  The files are regenerated
only when this module's layout constants change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PACKAGES = 20
FILES_PER_PACKAGE = 20
TESTS_PER_FILE = 8
LAYOUT = f"{PACKAGES}x{FILES_PER_PACKAGE}x{TESTS_PER_FILE}-v2"

_FIXTURE_MODULE = '''\
"""Fixtures of one kind."""
import asyncio

import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="{scope}", loop_scope="{scope}")
async def {name}_client():
    yield asyncio.get_running_loop().create_future()


@pytest_asyncio.fixture
async def {name}_session({name}_settings):
    yield {name}_settings


@pytest.fixture
def {name}_settings():
    return {{"name": "{name}"}}
'''

_PACKAGE_CONFTEST = '''\
import pytest_asyncio


@pytest_asyncio.fixture
async def local_{index}(http_session):
    yield http_session
'''

_TEST = '''

@pytest.mark.asyncio
async def test_{index}(http_session, db_session, local_{package}):
    assert http_session and db_session and local_{package}
'''


def synthetic_suite(cache: Path) -> Path:
    """The generated project's root (written once per layout)."""
    root = cache / "synthetic" / LAYOUT
    if (root / "done").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    tests = root / "tests"
    (tests / "fixtures").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nasyncio_default_fixture_loop_scope = "function"\n'
    )
    (tests / "__init__.py").write_text("")
    (tests / "fixtures" / "__init__.py").write_text("")
    kinds = {"http": "function", "db": "function", "factories": "session"}
    for name, scope in kinds.items():
        (tests / "fixtures" / f"{name}.py").write_text(_FIXTURE_MODULE.format(name=name, scope=scope))
    imports = "".join(f"from tests.fixtures.{name} import *  # noqa: F401,F403\n" for name in kinds)
    (tests / "conftest.py").write_text(f'"""Configuration; fixtures live in tests/fixtures/."""\n{imports}')
    for package in range(PACKAGES):
        folder = tests / f"area{package}"
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        (folder / "conftest.py").write_text(_PACKAGE_CONFTEST.format(index=package))
        body = "".join(_TEST.format(index=i, package=package) for i in range(TESTS_PER_FILE))
        for number in range(FILES_PER_PACKAGE):
            (folder / f"test_{number}.py").write_text(f"import pytest\n{body}")
    (root / "done").write_text(LAYOUT)
    return root
