import pytest_asyncio  # noqa: F401


async def test_marked_at_collection():
    assert True
