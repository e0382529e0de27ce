import pytest_asyncio


@pytest_asyncio.fixture(scope="session")
async def client():
    yield object()


@pytest_asyncio.fixture(scope="session")
async def engine():
    yield object()
