"""ALP003 on pytest-asyncio 0.26: redefining or requesting event_loop is deprecated."""
# flake8-args: --asyncloop-pytest-asyncio-version=0.26
import asyncio

import pytest


@pytest.fixture(scope="module")
def event_loop():  # expect: ALP003:1
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def event_loop_policy():
    """Not flagged: redefining event_loop_policy became deprecated in 1.4."""
    return None
