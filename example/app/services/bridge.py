"""A sync-era helper turned async without removing its own loop."""

import asyncio

from app.services.notifier import signup


async def signup_all(users: list[str]) -> None:
    """Sign every user up."""
    with asyncio.Runner() as runner:
        for user in users:
            runner.run(signup(user))  # expect: ALP008:13
