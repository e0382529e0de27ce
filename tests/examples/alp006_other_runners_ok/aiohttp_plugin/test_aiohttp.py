import pytest


@pytest.fixture
async def value(loop):
    return 1


async def test_run_by_aiohttp(value):
    assert value == 1


async def test_unmarked_without_fixtures():
    assert True
