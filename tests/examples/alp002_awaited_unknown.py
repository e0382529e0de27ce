"""By default a value made by an await the plugin cannot see into counts as loop-bound (SPEC's default)."""
import json

import pytest
import pytest_asyncio
import some_sdk


@pytest_asyncio.fixture(scope="session")
async def sdk_client():
    return await some_sdk.connect()


@pytest_asyncio.fixture(scope="session")
async def sdk_config():
    """Made without an await: unknown, and not reported."""
    return json.loads(some_sdk.defaults())


@pytest.mark.asyncio
async def test_sdk(sdk_client):  # expect: ALP002:1
    assert sdk_client


@pytest.mark.asyncio
async def test_config(sdk_config):
    assert sdk_config
