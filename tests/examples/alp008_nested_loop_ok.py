"""Twins of alp008_nested_loop that do not start a loop inside a running one."""
import asyncio
import functools
from unittest import mock


async def fetch():
    return 1


def main():
    return asyncio.run(fetch())


async def handler():
    return await fetch()


async def in_a_thread():
    return await asyncio.to_thread(asyncio.run, fetch())


async def in_an_executor():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(asyncio.run, fetch()))


async def nested_sync_def():
    def run_it():
        return asyncio.run(fetch())
    return await asyncio.to_thread(run_it)


async def in_a_lambda():
    return await asyncio.to_thread(lambda: asyncio.run(fetch()))


async def guarded():
    try:
        return asyncio.run(fetch())
    except RuntimeError:
        return await fetch()


async def checks_running():
    loop = asyncio.get_event_loop()  # expect: ALP003:12
    if loop.is_running():
        return await fetch()
    return loop.run_until_complete(fetch())


async def not_a_loop():
    loop = mock.MagicMock()
    loop.run_until_complete(fetch())


async def custom_object(pool):
    pool.run_until_complete(fetch())


async def other_run(app):
    app.run()
