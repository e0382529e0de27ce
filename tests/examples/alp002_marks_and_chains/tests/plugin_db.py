import pytest_asyncio


@pytest_asyncio.fixture(scope="package")
async def pool():
    yield object()
