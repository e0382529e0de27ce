"""Silent on pytest-asyncio 0.21: event_loop is redefined with the session scope, as 0.21 wants."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.21
import asyncio

import pytest
import pytest_asyncio


@pytest.fixture(scope="session")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest_asyncio.fixture(scope="session")
async def client():
    yield object()
