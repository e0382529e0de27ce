"""anyio runs marked tests and tests whose fixtures reach anyio_backend, with their async fixtures."""
import pytest


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def resource():
    return 1


@pytest.fixture
def backend_name(anyio_backend):
    return anyio_backend
