"""nest_asyncio does not patch asyncio.Runner: its run() still raises inside a coroutine."""
import asyncio

import pytest


async def fetch():
    return 1


@pytest.mark.asyncio
async def test_runner_inside():
    with asyncio.Runner() as runner:
        assert runner.run(fetch()) == 1  # expect: ALP008:16
