"""pytest-asyncio's recipe: every asyncio test runs on the session loop, like the fixtures."""
import asyncio

import pytest
import pytest_asyncio
from pytest_asyncio import is_async_test


def pytest_collection_modifyitems(items):
    pytest_asyncio_tests = (item for item in items if is_async_test(item))
    session_scope_marker = pytest.mark.asyncio(loop_scope="session")
    for async_test in pytest_asyncio_tests:
        async_test.add_marker(session_scope_marker, append=False)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pending():
    yield asyncio.get_running_loop().create_future()

