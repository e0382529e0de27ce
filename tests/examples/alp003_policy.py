"""ALP003: the event-loop policy API, matched by qualified name on any platform."""
import asyncio
import asyncio.events
from asyncio import DefaultEventLoopPolicy as DefaultPolicy
from asyncio import set_event_loop_policy


class MyPolicy(asyncio.DefaultEventLoopPolicy):  # expect: ALP003:16
    pass


class Abstract(asyncio.events.AbstractEventLoopPolicy):  # expect: ALP003:16
    pass


def configure() -> None:
    asyncio.set_event_loop_policy(MyPolicy())  # expect: ALP003:5
    set_event_loop_policy(DefaultPolicy())  # expect: ALP003:5 ALP003:27
    policy = asyncio.get_event_loop_policy()  # expect: ALP003:14
    print(policy)


def windows() -> None:
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())  # expect: ALP003:5 ALP003:35
    print(asyncio.WindowsProactorEventLoopPolicy)  # expect: ALP003:11
