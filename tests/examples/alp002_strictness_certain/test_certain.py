"""--asyncloop-loop-mismatch=certain leaves out what the plugin cannot see into."""
# flake8-args: --asyncloop-loop-mismatch=certain
import aiohttp
import pytest
import pytest_asyncio
import some_sdk


@pytest_asyncio.fixture(scope="session")
async def sdk_client():
    return await some_sdk.connect()


@pytest_asyncio.fixture(scope="session")
async def session():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.asyncio
async def test_sdk(sdk_client):
    assert sdk_client


@pytest.mark.asyncio
async def test_session(session):  # expect: ALP002:1
    assert session
