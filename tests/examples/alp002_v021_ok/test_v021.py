import pytest


@pytest.mark.asyncio
async def test_function_mark(db):
    pass


@pytest.mark.asyncio(loop_scope="module")
async def test_loop_scope_mark(db, event_loop):
    pass
