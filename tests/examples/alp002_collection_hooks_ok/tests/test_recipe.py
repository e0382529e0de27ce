import asyncio

import pytest


@pytest.mark.asyncio
async def test_marked(pending):
    assert pending.get_loop() is asyncio.get_running_loop()


@pytest.mark.asyncio(loop_scope="module")
class TestModuleMarked:
    async def test_in_class(self, pending):
        assert pending.get_loop() is asyncio.get_running_loop()

