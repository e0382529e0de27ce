"""pytest-asyncio 0.18 (legacy mode by default): plain async fixtures run, unmarked tests do not."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.18
import pytest


@pytest.fixture
async def value():
    return 1


@pytest.mark.asyncio
async def test_marked(value):
    assert value == 1


async def test_unmarked(value):  # expect: ALP006:1
    assert value == 1
