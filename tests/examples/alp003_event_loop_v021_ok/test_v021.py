import pytest

pytestmark = pytest.mark.usefixtures("event_loop")


@pytest.mark.asyncio
async def test_requests_it(event_loop, server):
    pass


def test_sync_legacy(event_loop):
    pass


@pytest.fixture
def legacy_loop(request):
    return request.getfixturevalue("event_loop")
