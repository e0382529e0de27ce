"""The nearest conftest wins: below this folder, client is a function-scoped fixture."""
import pytest_asyncio


@pytest_asyncio.fixture
async def client():
    yield object()
