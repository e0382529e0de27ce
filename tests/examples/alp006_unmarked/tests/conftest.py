"""ALP006 fixtures: strict mode (the default) runs only pytest_asyncio.fixture."""
import pytest
import pytest_asyncio


@pytest.fixture
async def database():  # expect: ALP006:1
    return {"users": []}


@pytest.fixture(scope="module")
async def server():  # expect: ALP006:1
    yield "http://127.0.0.1:8080"


@pytest_asyncio.fixture
async def client():
    return object()
