"""Twins of alp006_unmarked that pytest-asyncio runs: nothing to report."""
import pytest
import pytest_asyncio


@pytest_asyncio.fixture
async def database():
    return {"users": []}


@pytest_asyncio.fixture(scope="module")
async def server():
    yield "http://127.0.0.1:8080"


@pytest.fixture
def sync_fixture():
    return 1
