"""pytest-asyncio 0.23: a fixture runs on the loop of its scope; a test on its mark's scope=."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.23
import aiohttp
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="module")
async def db():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.asyncio
async def test_function_loop(db):  # expect: ALP002:1
    pass


@pytest.mark.asyncio(scope="module")
async def test_module_loop(db):
    pass


@pytest.mark.asyncio(loop_scope="module")
async def test_loop_scope_is_ignored_on_023(db):  # expect: ALP002:1
    pass
