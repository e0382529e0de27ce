"""Marked every way pytest-asyncio reads a mark."""
import asyncio
import functools
import unittest
from unittest import mock

import pytest
from pytest import mark


@pytest.mark.asyncio
async def test_marked(database):
    assert database


@mark.asyncio
@pytest.mark.parametrize("n", [1, 2])
async def test_parametrized(n):
    assert n


@pytest.mark.parametrize("n", [pytest.param(1, marks=pytest.mark.asyncio)])
async def test_param_marks(n):
    assert n


@mock.patch("os.getcwd")
@pytest.mark.asyncio
async def test_patched(getcwd):
    assert getcwd


@pytest.mark.asyncio(loop_scope="module")
class TestUsers:
    async def test_in_class(self):
        assert True


class TestBodyMark:
    pytestmark = [pytest.mark.asyncio]

    async def test_in_class(self):
        assert True


class TestInherited(TestUsers):
    async def test_inherited(self):
        assert True


class TestUnittest(unittest.IsolatedAsyncioTestCase):
    async def test_unittest_runs_it(self):
        assert True


def run_sync(func):
    """Wraps the coroutine function into a plain one: pytest runs it as a sync test."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return asyncio.run(func(*args, **kwargs))
    return wrapper


@run_sync
async def test_wrapped_by_a_decorator():
    assert True


def test_sync(sync_fixture):
    assert sync_fixture


class NotATestClass:
    async def test_never_collected(self):
        assert True


class TestHidden:
    __test__ = False

    async def test_hidden(self):
        assert True
