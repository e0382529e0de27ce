import pytest


@pytest.mark.asyncio
async def test_home(client):  # expect: ALP002:1
    await client.get("/")


@pytest.mark.asyncio
async def test_about(client):  # expect: ALP002:1
    await client.get("/about")


@pytest.mark.asyncio
async def test_no_client():
    pass


def test_sync_client(client):
    assert client is not None


@pytest.mark.asyncio
async def test_silenced(client):  # noqa: ALP002
    await client.get("/silenced")
