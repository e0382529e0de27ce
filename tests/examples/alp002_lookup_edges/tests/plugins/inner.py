import asyncio
import pytest_asyncio


@pytest_asyncio.fixture(scope="session", name="broker")
async def _broker_fixture():
    yield asyncio.get_running_loop().create_future()
