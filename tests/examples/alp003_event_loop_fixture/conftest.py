"""ALP003 on pytest-asyncio 1.5: a redefined event_loop is silently ignored since 1.0."""
import asyncio

import pytest
import pytest_asyncio


@pytest.fixture(scope="session")
def event_loop():  # expect: ALP003:1
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def event_loop_policy():  # expect: ALP003:1
    return asyncio.DefaultEventLoopPolicy()  # expect: ALP003:12


@pytest_asyncio.fixture
async def server(event_loop):  # expect: ALP003:1
    yield event_loop
