import aiohttp
import pytest_asyncio

from .fixtures import *  # noqa: F401,F403

pytest_plugins = ["tests.plugins.outer"]


@pytest_asyncio.fixture(scope="session")
async def client():
    async with aiohttp.ClientSession() as session:
        yield session
