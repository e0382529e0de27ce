"""pytest-asyncio 0.25 has no asyncio_default_test_loop_scope (0.26 added it): tests stay on function loops."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.25
import aiohttp
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")
async def client():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.asyncio
async def test_on_function_loop(client):  # expect: ALP002:1
    pass


@pytest.mark.asyncio(loop_scope="session")
async def test_on_session_loop(client):
    pass
