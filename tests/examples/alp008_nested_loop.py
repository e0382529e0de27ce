"""ALP008: starting an event loop inside a coroutine, where one is already running."""
import asyncio
from asyncio import run as run_main

import pytest

LOOP = asyncio.new_event_loop()


async def fetch():
    return 1


async def handler():
    return asyncio.run(fetch())  # expect: ALP008:12


async def handler_alias():
    return run_main(fetch())  # expect: ALP008:12


async def with_runner():
    with asyncio.Runner() as runner:
        return runner.run(fetch())  # expect: ALP008:16


async def runner_call():
    return asyncio.Runner().run(fetch())  # expect: ALP008:12


async def running_loop():
    loop = asyncio.get_running_loop()
    return loop.run_until_complete(fetch())  # expect: ALP008:12


async def fresh_loop():
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(fetch())  # expect: ALP008:16
    finally:
        loop.close()


async def module_loop():
    LOOP.run_forever()  # expect: ALP008:5


async def factory_call():
    asyncio.get_event_loop().run_until_complete(fetch())  # expect: ALP008:5 ALP003:5


@pytest.mark.asyncio
async def test_uses_event_loop_fixture(event_loop):  # expect: ALP003:1
    assert event_loop.run_until_complete(fetch()) == 1  # expect: ALP008:12


class Service:
    def __init__(self):
        self.loop = asyncio.new_event_loop()

    async def stop(self):
        self.loop.run_until_complete(fetch())  # expect: ALP008:9
