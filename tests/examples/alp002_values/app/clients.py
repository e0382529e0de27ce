"""Application code the fixtures call: the plugin follows it without importing it."""
import asyncio

import asyncpg


class Notifier:
    """Keeps the loop it was made on to schedule callbacks later."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()


async def make_pool():
    return await asyncpg.create_pool("postgresql://localhost/test")
