"""ALP001: the ini puts every async fixture on a function loop unless it says otherwise."""
import pytest
import pytest_asyncio
import pytest_asyncio as pa
from pytest_asyncio import fixture as async_fixture


@pytest_asyncio.fixture(scope="session")  # expect: ALP001:1
async def client():
    yield object()


@pa.fixture(scope="module")  # expect: ALP001:1
async def engine():
    return object()


@async_fixture(scope="package", name="db")  # expect: ALP001:1
async def _database():
    yield object()


@pytest_asyncio.fixture(scope="session", loop_scope="module")  # expect: ALP001:1
async def cache():
    yield object()


@pytest_asyncio.fixture(scope="session")  # expect: ALP001:1
def settings():
    """pytest-asyncio >= 1.1 runs a sync @pytest_asyncio.fixture on a loop too."""
    return {}


@pytest.fixture(scope="session")
async def plain_in_strict_mode():  # expect: ALP006:1
    """Not flagged: strict mode leaves an async def under plain @pytest.fixture alone."""
    yield object()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def fixed():
    yield object()


@pytest_asyncio.fixture(scope="session")  # noqa: ALP001
async def silenced():
    yield object()
