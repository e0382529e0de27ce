import asyncio
import asyncpg
import aiohttp
import pytest
import pytest_asyncio

pytest_plugins = ["tests.plugin_db"]


@pytest_asyncio.fixture(scope="session")
async def client():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest_asyncio.fixture(scope="module", name="db")
async def _database():
    yield await asyncpg.connect()


@pytest.fixture
def api(client):
    """A sync fixture hands on the session client it got."""
    return client


@pytest.fixture
def wrapped(api):
    return api


@pytest_asyncio.fixture
async def user(client):  # expect: ALP002:1
    return client


@pytest_asyncio.fixture(loop_scope="module")
async def module_loop_helper():
    return asyncio.create_task(asyncio.sleep(1))
