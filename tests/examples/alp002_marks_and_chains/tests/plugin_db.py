import asyncpg
import pytest_asyncio


@pytest_asyncio.fixture(scope="package")
async def pool():
    yield await asyncpg.create_pool()
