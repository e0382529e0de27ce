import pytest_asyncio


@pytest_asyncio.fixture(scope="session", name="broker")
async def _broker_fixture():
    yield object()
