"""ALP003 on pytest-asyncio 1.5: nobody defines event_loop, so requesting it is an error."""
import pytest


def test_sync_legacy(event_loop):  # expect: ALP003:1
    event_loop.run_until_complete(noop())


@pytest.mark.asyncio
async def test_async_legacy(event_loop):  # expect: ALP003:1
    pass


async def noop():
    return None


@pytest.fixture
def legacy_loop(request):
    return request.getfixturevalue("event_loop")  # expect: ALP003:12


@pytest.fixture
def other_fixture(request):
    return request.getfixturevalue("tmp_path")
