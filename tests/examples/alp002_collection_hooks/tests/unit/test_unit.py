import asyncio


async def test_unit(pending):  # expect: ALP002:1
    assert pending.get_loop() is asyncio.get_running_loop()
