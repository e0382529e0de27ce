import aiohttp
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")
async def client():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest_asyncio.fixture(scope="session", autouse=True)
async def warm_cache():
    yield


@pytest.fixture(scope="session")
async def plain_async_in_strict_mode():  # expect: ALP006:1
    yield object()


@pytest_asyncio.fixture(scope="session")
async def session_user(client):
    return client


@pytest_asyncio.fixture(loop_scope=None)
async def explicit_none():
    return 1
