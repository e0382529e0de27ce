"""ALP003: deprecated loop APIs in old tests."""

import asyncio

import pytest


def test_schedule() -> None:
    loop = asyncio.get_event_loop()  # expect: ALP003:12
    assert loop.run_until_complete(asyncio.sleep(0, result=1)) == 1


@pytest.mark.asyncio
async def test_running_loop(event_loop: asyncio.AbstractEventLoop) -> None:  # expect: ALP003:1
    assert asyncio.get_running_loop() is event_loop


@pytest.mark.asyncio
async def test_running_loop_fixed() -> None:
    """The fix: ask the running loop."""
    assert asyncio.get_running_loop().is_running()
