"""--asyncloop-loop-mismatch=all reports every loop mismatch, whatever the value."""
# flake8-args: --asyncloop-loop-mismatch=all
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")
async def settings():
    return {"debug": True}


@pytest.mark.asyncio
async def test_settings(settings):  # expect: ALP002:1
    assert settings
