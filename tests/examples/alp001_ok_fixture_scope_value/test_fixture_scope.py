"""pytest-asyncio 1.5: fixture-scope puts each fixture on the loop of its own scope."""
import pytest_asyncio


@pytest_asyncio.fixture(scope="module")
async def client():
    yield object()


async def test_on_module_loop(client):
    pass
