"""ALP001 on pytest-asyncio 0.21: a session fixture on the function-scoped event_loop."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.21
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")  # expect: ALP001:1
async def client():
    yield object()


@pytest_asyncio.fixture
async def per_test():
    yield object()
