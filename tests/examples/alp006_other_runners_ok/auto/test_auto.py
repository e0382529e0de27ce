"""asyncio_mode = auto: every async test and fixture is pytest-asyncio's."""
import pytest


@pytest.fixture
async def value():
    return 1


async def test_auto(value):
    assert value == 1
