import asyncio


async def test_flow(pending):
    assert pending.get_loop() is asyncio.get_running_loop()
