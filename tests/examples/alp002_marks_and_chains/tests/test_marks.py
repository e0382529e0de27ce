import pytest

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.usefixtures("client")]


async def test_module_loop_session_client(client):  # expect: ALP002:1
    pass


async def test_module_loop_db(db):
    pass


@pytest.mark.asyncio
async def test_bare_mark_resets_to_function(db):  # expect: ALP002:1
    pass


@pytest.mark.asyncio(loop_scope="session")
async def test_own_mark_wins(client, db):  # expect: ALP002:1
    pass


class TestInClass:
    pytestmark = pytest.mark.asyncio(loop_scope="session")

    async def test_class_mark(self, client, wrapped):
        pass

    async def test_class_mark_module_db(self, db):  # expect: ALP002:5
        pass


@pytest.mark.asyncio(loop_scope="class")
class TestDecorated:
    async def test_class_loop_pool(self, pool):  # expect: ALP002:5
        pass
