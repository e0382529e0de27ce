"""A pytest plugin module shipped inside the application package."""
import pytest_asyncio

from app import Client


@pytest_asyncio.fixture(scope="session")
async def api_client() -> Client:
    return Client()


@pytest_asyncio.fixture(scope="session", name="database")
async def database_fixture() -> Client:
    return Client()
