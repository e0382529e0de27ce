import pytest


@pytest.mark.asyncio
async def test_uses_client(client, event_loop):
    assert client is not None


def test_sync_uses_loop(event_loop):
    event_loop.run_until_complete(asyncio_noop())


async def asyncio_noop():
    return None
