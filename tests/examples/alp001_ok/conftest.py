"""ALP001 stays silent: the ini does not set a fixture loop, so each loop is the fixture's scope."""
import pytest
import pytest_asyncio

SCOPE = "session"


def choose_scope(fixture_name, config):
    return "session"


@pytest_asyncio.fixture(scope="session")
async def client():
    yield object()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def wider_loop():
    yield object()


@pytest_asyncio.fixture(scope=SCOPE, loop_scope="function")
async def non_literal_scope():
    yield object()


@pytest_asyncio.fixture(scope=choose_scope, loop_scope="function")
async def callable_scope():
    yield object()


@pytest.fixture(scope="session")
async def plain_in_strict_mode():  # expect: ALP006:1
    yield object()


@pytest.fixture(scope="session")
def sync_plain():
    return {}
