"""Silent on pytest-asyncio 0.21, where redefining and requesting event_loop is the way."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.21
import asyncio

import pytest
import pytest_asyncio


@pytest.fixture(scope="session")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest_asyncio.fixture
async def server(event_loop):
    yield event_loop
