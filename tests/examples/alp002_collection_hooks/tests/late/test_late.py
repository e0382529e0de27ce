import asyncio


async def test_late(pending):  # expect: ALP002:1
    assert pending.get_loop() is asyncio.get_running_loop()
