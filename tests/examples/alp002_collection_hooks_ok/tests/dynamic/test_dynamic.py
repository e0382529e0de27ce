import asyncio

import pytest


@pytest.mark.asyncio
async def test_dynamic(pending):
    assert pending.get_loop() is asyncio.get_running_loop()
