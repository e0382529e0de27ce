"""The classic mistake: a session-scoped async client used from function-scoped loops."""

import pytest

from app.client import ApiClient


@pytest.mark.asyncio
async def test_home(client: ApiClient) -> None:  # expect: ALP002:1
    assert await client.get("/") == "connected:/"


@pytest.mark.asyncio
async def test_about(client: ApiClient) -> None:  # expect: ALP002:1
    assert await client.get("/about") == "connected:/about"


@pytest.mark.asyncio(loop_scope="session")
async def test_health(client: ApiClient) -> None:
    """The fix: run on the fixture's loop."""
    assert await client.get("/health") == "connected:/health"
