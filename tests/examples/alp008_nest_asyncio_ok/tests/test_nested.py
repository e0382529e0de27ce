import asyncio

import pytest


async def fetch():
    return 1


@pytest.mark.asyncio
async def test_run_inside():
    assert asyncio.run(fetch()) == 1


@pytest.mark.asyncio
async def test_run_until_complete_inside():
    assert asyncio.get_running_loop().run_until_complete(fetch()) == 1
