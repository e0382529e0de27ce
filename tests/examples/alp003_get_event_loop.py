"""ALP003: asyncio.get_event_loop() in every import form, with the advice that fits."""
import asyncio
import asyncio as aio
import asyncio.events
from asyncio import events
from asyncio import get_event_loop as gel


async def in_coroutine() -> None:
    asyncio.get_event_loop()  # expect: ALP003:5
    aio.get_event_loop()  # expect: ALP003:5
    asyncio.events.get_event_loop()  # expect: ALP003:5
    events.get_event_loop()  # expect: ALP003:5
    gel()  # expect: ALP003:5
    loop = asyncio.get_event_loop  # expect: ALP003:12
    print(loop)


def outside() -> None:
    asyncio.get_event_loop().run_until_complete(in_coroutine())  # expect: ALP003:5


async def lambda_in_coroutine() -> None:
    get = lambda: aio.get_event_loop()  # noqa: E731  # expect: ALP003:19
    print(get)


def import_inside_function() -> None:
    from asyncio import get_event_loop

    get_event_loop()  # expect: ALP003:5


def module_import_below_function() -> None:
    late()  # expect: ALP003:5


async def nested_sync_def() -> None:
    def helper() -> None:
        aio.get_event_loop()  # expect: ALP003:9

    helper()


class Client:
    loop = asyncio.get_event_loop()  # expect: ALP003:12

    async def method(self) -> None:
        events.get_event_loop()  # expect: ALP003:9


from asyncio import get_event_loop as late  # noqa: E402


class ClassScopeDoesNotReachMethods:
    aio = None

    def method(self) -> None:
        aio.get_event_loop()  # expect: ALP003:9


async def comprehension_in_coroutine() -> None:
    print([aio.get_event_loop() for _ in range(2)])  # expect: ALP003:12
