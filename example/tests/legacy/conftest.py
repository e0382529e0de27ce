# expect: ALP005:1
"""Left from the pytest-asyncio 0.21 days: too long, and it still redefines event_loop."""

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def event_loop() -> Iterator[asyncio.AbstractEventLoop]:  # expect: ALP003:1
    """Ignored since pytest-asyncio 1.0: the session-wide loop it promised is gone."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def setting_0() -> str:
    """Setting number 0."""
    return "value-0"


@pytest.fixture
def setting_1() -> str:
    """Setting number 1."""
    return "value-1"


@pytest.fixture
def setting_2() -> str:
    """Setting number 2."""
    return "value-2"


@pytest.fixture
def setting_3() -> str:
    """Setting number 3."""
    return "value-3"


@pytest.fixture
def setting_4() -> str:
    """Setting number 4."""
    return "value-4"


@pytest.fixture
def setting_5() -> str:
    """Setting number 5."""
    return "value-5"
