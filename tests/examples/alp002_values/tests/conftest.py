"""Async fixtures on the session loop (the ini says so) whose values are bound to it."""
import asyncio

import aiohttp
import httpx
import pytest_asyncio

from app.clients import Notifier, make_pool


@pytest_asyncio.fixture
async def session():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest_asyncio.fixture
async def api():
    async with httpx.AsyncClient(base_url="http://localhost:8000") as client:
        yield client


@pytest_asyncio.fixture
async def counter():
    state = {"ticks": 0}

    async def tick():
        while True:
            state["ticks"] += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    yield state
    ticker.cancel()


@pytest_asyncio.fixture
async def notifier():
    return Notifier()


@pytest_asyncio.fixture
async def pool():
    pool = await make_pool()
    yield pool
    await pool.close()


@pytest_asyncio.fixture(loop_scope="function")
async def user(session):  # expect: ALP002:1
    return {"name": "user", "session": session}
