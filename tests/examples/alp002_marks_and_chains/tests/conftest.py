import pytest
import pytest_asyncio

pytest_plugins = ["tests.plugin_db"]


@pytest_asyncio.fixture(scope="session")
async def client():
    yield object()


@pytest_asyncio.fixture(scope="module", name="db")
async def _database():
    yield object()


@pytest.fixture
def api(client):
    """A sync fixture hands on the session client it got."""
    return client


@pytest.fixture
def wrapped(api):
    return api


@pytest_asyncio.fixture
async def user(client):  # expect: ALP002:1
    return client


@pytest_asyncio.fixture(loop_scope="module")
async def module_loop_helper():
    return object()
