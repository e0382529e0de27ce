import pytest_asyncio  # noqa: F401


async def test_run_by_the_hook():
    assert True
