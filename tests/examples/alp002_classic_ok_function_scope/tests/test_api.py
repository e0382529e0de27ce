import pytest


@pytest.mark.asyncio
async def test_home(client):
    await client.get("/")


@pytest.mark.asyncio
async def test_about(client):
    await client.get("/about")


@pytest.mark.asyncio
async def test_no_client():
    pass


def test_sync_client(client):
    assert client is not None
