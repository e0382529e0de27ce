"""ALP006 tests: an async test without an asyncio mark is not run by pytest-asyncio."""
from unittest import mock

import pytest


async def test_forgot_the_mark():  # expect: ALP006:1
    assert True


@pytest.mark.asyncio
async def test_marked(client):
    assert client is not None


@pytest.mark.parametrize("n", [1, 2])
async def test_parametrized_only(n):  # expect: ALP006:1
    assert n


@mock.patch("os.getcwd")
async def test_patched(getcwd):  # expect: ALP006:1
    assert getcwd


@pytest.mark.skipif(False, reason="never")
async def test_skipif(database):  # expect: ALP006:1
    assert database


def register(func):
    """Hands the function back unchanged: the test stays a coroutine function."""
    return func


@register
async def test_registered():  # expect: ALP006:1
    assert True


class TestUsers:
    async def test_in_class(self):  # expect: ALP006:5
        assert True

    @pytest.fixture
    async def user(self):  # expect: ALP006:5
        return "alice"


class TestInherited(TestUsers):
    async def test_inherited(self, user):  # expect: ALP006:5
        assert user
