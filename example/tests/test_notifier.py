"""ALP006 and ALP007: an async test strict mode never runs, and a sync mock over an async def."""

from unittest.mock import AsyncMock, MagicMock, patch

import pytest

from app.services.notifier import signup


@pytest.mark.asyncio
async def test_signup_with_a_sync_mock() -> None:
    with patch("app.services.notifier.notify", new=MagicMock()):  # expect: ALP007:10
        await signup("ann")


@pytest.mark.asyncio
async def test_signup() -> None:
    """The fix: an AsyncMock (or no new= at all: patch picks one for an async def)."""
    with patch("app.services.notifier.notify", new=AsyncMock()) as notify:
        await signup("ann")
    notify.assert_awaited_once_with("ann")


async def test_signup_unmarked() -> None:  # expect: ALP006:1
    assert await signup("bob") == "bob"
