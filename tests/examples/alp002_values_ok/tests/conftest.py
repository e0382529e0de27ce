"""Async fixtures on the session loop whose values survive being used from a test's function loop."""
import asyncio
from unittest.mock import AsyncMock

import aiosqlite
import fakeredis
import httpx
import pytest_asyncio
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from starlette.applications import Starlette

app = Starlette()
DATABASE_URL = "sqlite+aiosqlite:///:memory:"


@pytest_asyncio.fixture
async def asgi_client():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        await client.get("/")
        yield client


@pytest_asyncio.fixture
async def db_session():
    engine = create_async_engine(DATABASE_URL)
    async with async_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()


@pytest_asyncio.fixture
async def connection():
    async with aiosqlite.connect(":memory:") as db:
        yield db


@pytest_asyncio.fixture
async def redis():
    client = fakeredis.FakeAsyncRedis()
    await client.set("key", "value")
    yield client


@pytest_asyncio.fixture
async def service():
    return AsyncMock()


@pytest_asyncio.fixture
async def settings():
    await asyncio.sleep(0)
    return {"debug": True}


@pytest_asyncio.fixture
async def not_closed_client():
    """A network client that binds lazily, not shared and not closed here: it binds to the test's loop."""
    return httpx.AsyncClient()


@pytest_asyncio.fixture
async def queue():
    """Function-scoped: each test gets its own queue, which binds to that test's loop."""
    return asyncio.Queue()
