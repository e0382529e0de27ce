"""Generated projects for ALP006's runtime oracle: async tests and fixtures, run or not.

Each layout is a small project (its own pytest.ini, so its own rootdir) whose test modules mix
what strict-mode pytest-asyncio runs and what it leaves alone, with the other runners and hooks
the rule must respect.  The oracle runs real pytest on each and compares with flake8.
"""

from __future__ import annotations

STRICT_CONFTEST = '''\
import pytest
import pytest_asyncio


@pytest.fixture
async def plain_value():
    return 1


@pytest.fixture
async def plain_generator():
    yield 2


@pytest_asyncio.fixture
async def asyncio_value():
    return 3


@pytest.fixture
def sync_value():
    return 4
'''

STRICT_TESTS = '''\
import asyncio
import functools
import unittest
from unittest import mock

import pytest


async def test_unmarked():
    assert True


@pytest.mark.asyncio
async def test_marked():
    assert True


@pytest.mark.asyncio
async def test_marked_plain_value(plain_value):
    assert plain_value == 1


@pytest.mark.asyncio
async def test_marked_plain_generator(plain_generator):
    assert plain_generator == 2


def test_sync_plain_value(plain_value):
    assert plain_value == 1


@pytest.mark.asyncio
async def test_marked_asyncio_value(asyncio_value, sync_value):
    assert asyncio_value == 3 and sync_value == 4


@pytest.mark.parametrize("n", [1, 2])
async def test_unmarked_parametrized(n):
    assert n


@mock.patch("os.getcwd")
async def test_unmarked_patched(getcwd):
    assert getcwd


@pytest.mark.parametrize("n", [pytest.param(1, marks=pytest.mark.asyncio)])
async def test_param_marks(n):
    assert n


def keep(func):
    return func


@keep
async def test_identity_decorator():
    assert True


def run_sync(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return asyncio.run(func(*args, **kwargs))
    return wrapper


@run_sync
async def test_wrapped_sync():
    assert True


class TestUnmarked:
    async def test_in_class(self):
        assert True

    @pytest.fixture
    async def class_value(self):
        return 5


@pytest.mark.asyncio
class TestMarked:
    async def test_in_marked_class(self):
        assert True


class TestInherits(TestMarked):
    async def test_inherited(self):
        assert True


class TestUnittest(unittest.IsolatedAsyncioTestCase):
    async def test_unittest(self):
        assert True
'''

MODULE_MARK_TESTS = '''\
import pytest

pytestmark = [pytest.mark.asyncio]


async def test_module_marked(asyncio_value):
    assert asyncio_value == 3


class TestBodyMark:
    pytestmark = pytest.mark.asyncio

    async def test_body_marked(self):
        assert True
'''

ANYIO_CONFTEST = '''\
import pytest


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def backend_name(anyio_backend):
    return anyio_backend


@pytest.fixture
async def anyio_value():
    return 6
'''

ANYIO_TESTS = '''\
import pytest


@pytest.mark.anyio
async def test_anyio_marked(anyio_value):
    assert anyio_value == 6


async def test_reaches_backend(backend_name, anyio_value):
    assert anyio_value == 6


async def test_unmarked_without_backend():
    assert True


@pytest.mark.asyncio
async def test_asyncio_marked():
    assert True
'''

COLLECTION_HOOK_CONFTEST = '''\
import pytest
from pytest_asyncio import is_async_test


def pytest_collection_modifyitems(items):
    for item in items:
        if is_async_test(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)
'''

COLLECTION_HOOK_TESTS = '''\
import pytest


async def test_marked_too_late():
    assert True


@pytest.mark.asyncio
async def test_marked_itself():
    assert True
'''

PYFUNC_HOOK_CONFTEST = '''\
import asyncio
import inspect

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None
'''

PYFUNC_HOOK_TESTS = '''\
import pytest_asyncio  # noqa: F401


async def test_run_by_the_hook():
    assert True
'''

AUTO_TESTS = '''\
import pytest


@pytest.fixture
async def plain_value():
    return 1


async def test_auto(plain_value):
    assert plain_value == 1
'''

#: layout -> (pytest.ini text, {relative path: source})
LAYOUTS: dict[str, tuple[str, dict[str, str]]] = {
    "strict": ("[pytest]\n", {"conftest.py": STRICT_CONFTEST, "test_strict.py": STRICT_TESTS,
                              "test_module_mark.py": MODULE_MARK_TESTS}),
    "anyio": ("[pytest]\n", {"conftest.py": ANYIO_CONFTEST, "test_anyio.py": ANYIO_TESTS}),
    "collection_hook": ("[pytest]\n", {
        "conftest.py": COLLECTION_HOOK_CONFTEST, "test_collection_hook.py": COLLECTION_HOOK_TESTS,
    }),
    "pyfunc_hook": ("[pytest]\n", {"conftest.py": PYFUNC_HOOK_CONFTEST,
                                   "test_pyfunc_hook.py": PYFUNC_HOOK_TESTS}),
    "auto": ("[pytest]\nasyncio_mode = auto\n", {"test_auto.py": AUTO_TESTS}),
}

#: What the runtime does with each test, as checked: the tests that fail, error or are not run.
NOT_RUN: dict[str, set[str]] = {
    "strict": {
        "test_unmarked", "test_marked_plain_value", "test_marked_plain_generator",
        "test_sync_plain_value", "test_unmarked_parametrized", "test_unmarked_patched",
        "test_identity_decorator", "test_in_class",
    },
    "anyio": {"test_unmarked_without_backend"},
    "collection_hook": {"test_marked_too_late"},
    "pyfunc_hook": set(),
    "auto": set(),
}
