"""ALP004: patching a name where the module under test never binds it."""

from unittest.mock import AsyncMock, patch

import pytest

from app.services.flow_tracker import track


@pytest.mark.asyncio
@patch("app.services.flow_tracker.AsyncSessionLocal")  # expect: ALP004:2
async def test_track_stale_target(factory: AsyncMock) -> None:
    await track("signup")


@pytest.mark.asyncio
async def test_track() -> None:
    """The fix: patch the name where the late import reads it from."""
    with patch("app.core.database.AsyncSessionLocal") as factory:
        factory.return_value = AsyncMock()
        await track("signup")
    factory.assert_called_once_with()
