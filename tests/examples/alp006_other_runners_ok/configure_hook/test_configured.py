import pytest


@pytest.fixture
async def value():
    return 1


async def test_auto_from_the_hook(value):
    assert value == 1
