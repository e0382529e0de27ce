import pytest

from app import Client


@pytest.mark.asyncio
async def test_client(api_client: Client) -> None:  # expect: ALP002:1
    assert api_client


@pytest.mark.asyncio
async def test_database(database: Client) -> None:  # expect: ALP002:1
    assert database


@pytest.mark.asyncio(loop_scope="session")
async def test_client_on_its_loop(api_client: Client, database: Client) -> None:
    assert api_client and database


def test_sync(Client: object) -> None:
    """A parameter named like an imported class is no fixture of ours: silent."""
