"""A module pytestmark marks every test below it."""
import pytest

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("database")]


async def test_module_marked():
    assert True
