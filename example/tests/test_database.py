"""ALP001: a fixture cached for the module but run on a function-scoped loop."""

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from app.core.database import AsyncSession, AsyncSessionLocal


@pytest_asyncio.fixture(scope="module", loop_scope="function")  # expect: ALP001:1
async def session() -> AsyncIterator[AsyncSession]:
    yield AsyncSessionLocal()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def module_session() -> AsyncIterator[AsyncSession]:
    """The fix: a loop at least as wide as the cache."""
    yield AsyncSessionLocal()


@pytest.mark.asyncio(loop_scope="module")
async def test_commit(module_session: AsyncSession) -> None:
    await module_session.commit()
