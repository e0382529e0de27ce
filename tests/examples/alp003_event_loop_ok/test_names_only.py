"""ALP003 stays silent: things named event_loop that are not pytest-asyncio's fixture."""
import asyncio

import pytest


def make_event_loop():
    event_loop = asyncio.new_event_loop()
    return event_loop


def run(event_loop, coro):
    """A helper, not a test: its parameter is not a fixture request."""
    return event_loop.run_until_complete(coro)


def event_loop():
    """Not a fixture: a plain function of that name."""
    return asyncio.new_event_loop()


@pytest.mark.parametrize("event_loop", [None])
def test_parametrized_name(event_loop):
    assert event_loop is None


def test_uses_running_loop_idiom():
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        loop.close()
