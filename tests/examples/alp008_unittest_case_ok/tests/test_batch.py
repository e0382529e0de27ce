"""ALP008 silent: unittest calls these async test methods and drops their coroutines, so the bodies
never run and the tests pass (a bug of its own, but not a nested loop)."""
import asyncio
from unittest import TestCase

from tests.base import DBTestCase


async def fetch() -> int:
    return 1


class TestThroughProjectBase(DBTestCase):
    async def test_batch(self) -> None:
        asyncio.run(fetch())


class TestDirect(TestCase):
    async def test_batch(self) -> None:
        asyncio.run(fetch())
