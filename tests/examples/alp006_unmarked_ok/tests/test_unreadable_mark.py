"""A pytestmark the plugin cannot read: unknown, so silent."""
import pytest

COMMON = [pytest.mark.asyncio]
pytestmark = COMMON


async def test_marked_through_a_name():
    assert True
