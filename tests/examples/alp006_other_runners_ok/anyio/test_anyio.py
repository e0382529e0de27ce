import pytest


@pytest.mark.anyio
async def test_marked(resource):
    assert resource == 1


async def test_requests_backend(anyio_backend, resource):
    assert resource == 1


async def test_reaches_backend_through_a_fixture(backend_name):
    assert backend_name == "asyncio"


@pytest.mark.asyncio
async def test_asyncio_too():
    assert True
