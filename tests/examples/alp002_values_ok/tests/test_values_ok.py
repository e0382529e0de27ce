import pytest


@pytest.mark.asyncio
async def test_everything_that_survives(asgi_client, db_session, connection, redis, service, settings):
    assert asgi_client and db_session and connection and redis and service and settings


@pytest.mark.asyncio
async def test_lazy_values_not_shared(not_closed_client, queue):
    assert not_closed_client and queue
