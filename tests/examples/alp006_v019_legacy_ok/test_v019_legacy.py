"""pytest-asyncio 0.19 still accepts asyncio_mode = legacy, which runs plain async fixtures."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.19
import pytest


@pytest.fixture
async def value():
    return 1


@pytest.mark.asyncio
async def test_marked(value):
    assert value == 1
