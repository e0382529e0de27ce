"""A fixture in the test module overrides the conftest's; a class fixture overrides the module's."""
import pytest
import pytest_asyncio


@pytest_asyncio.fixture
async def engine():
    yield object()


async def test_module_engine(engine):
    pass


@pytest.mark.asyncio(loop_scope="class")
class TestOwnClient:
    @pytest_asyncio.fixture(scope="class")
    async def client(self):
        yield object()

    async def test_class_client(self, client):
        pass
