"""A library's pytest plugin: its users' asyncio_mode decides how these fixtures run."""
import pytest
import pytest_asyncio  # noqa: F401


@pytest.fixture
async def mylib_client():
    return object()
