"""pytest-trio (declared in requirements.txt) runs trio-marked tests and their async fixtures."""
import pytest


@pytest.fixture
async def nursery_value():
    return 1


@pytest.mark.trio
async def test_trio(nursery_value):
    assert nursery_value == 1
