"""ALP001 in auto mode: an async def under plain @pytest.fixture runs on a loop too."""
import pytest
from pytest import fixture


@pytest.fixture(scope="session")  # expect: ALP001:1
async def client():
    yield object()


@fixture(scope="module")  # expect: ALP001:1
async def engine():
    return object()


@pytest.fixture(scope="session")
def sync_settings():
    """Not flagged: auto mode does not put a sync plain fixture on a loop."""
    return {}
