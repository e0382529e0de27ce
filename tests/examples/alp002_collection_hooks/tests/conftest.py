"""Only the integration tests are put on the session loop; every other test keeps its function loop."""
import asyncio

import pytest
import pytest_asyncio


def pytest_collection_modifyitems(items):
    for item in items:
        if "integration" in item.nodeid:
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pending():
    yield asyncio.get_running_loop().create_future()
