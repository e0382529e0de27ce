import pytest

pytestmark = pytest.mark.usefixtures("event_loop")  # expect: ALP003:38


@pytest.mark.asyncio
async def test_requests_it(event_loop):  # expect: ALP003:1
    pass


@pytest.mark.usefixtures("event_loop")
def test_uses_it():  # expect: ALP003:1
    pass


class TestLegacy:
    def test_method(self, event_loop):  # expect: ALP003:5
        event_loop.run_until_complete(noop())


async def noop():
    return None
