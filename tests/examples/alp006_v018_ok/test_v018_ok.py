"""pytest-asyncio 0.18 (legacy mode by default) runs plain async fixtures, for sync tests too."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.18
import pytest


@pytest.fixture
async def value():
    return 1


@pytest.mark.asyncio
async def test_marked(value):
    assert value == 1


def test_sync(value):
    assert value == 1
