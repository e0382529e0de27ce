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
    set_event_loop_policy(DefaultPolicy())  # expect: ALP003:5
    policy = asyncio.get_event_loop_policy()  # expect: ALP003:14
    print(policy)


def windows() -> None:
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())  # expect: ALP003:5
    print(asyncio.WindowsProactorEventLoopPolicy)  # expect: ALP003:11


def one_finding_per_expression(uvloop: object) -> None:
    """An outer policy call absorbs the policy names in its arguments; separate ones stay separate."""
    asyncio.set_event_loop_policy(  # expect: ALP003:5
        asyncio.events.WindowsProactorEventLoopPolicy()
    )
    asyncio.set_event_loop_policy(policy=asyncio.DefaultEventLoopPolicy())  # expect: ALP003:5
    policy = asyncio.WindowsSelectorEventLoopPolicy()  # expect: ALP003:14
    asyncio.set_event_loop_policy(policy)  # expect: ALP003:5
    if isinstance(policy, asyncio.DefaultEventLoopPolicy) and asyncio.get_event_loop_policy():  # expect: ALP003:27 ALP003:63
        pass


def quieted_but_still_removed_in_316() -> None:
    """Ignoring the DeprecationWarning (as pytest-asyncio itself does) does not make the API stay."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.get_event_loop_policy()  # expect: ALP003:9


def guarded_the_wrong_way(on_windows: bool) -> None:
    """Branches that still run on 3.14 and later keep their findings."""
    import sys

    if sys.version_info >= (3, 14):
        asyncio.set_event_loop_policy(None)  # expect: ALP003:9
    else:
        pass
    if sys.version_info < (3, 15):
        asyncio.get_event_loop_policy()  # expect: ALP003:9
    if on_windows or sys.version_info < (3, 14):
        asyncio.get_event_loop_policy()  # expect: ALP003:9
    if sys.version_info < (3, 14):
        pass
    else:
        asyncio.get_event_loop_policy()  # expect: ALP003:9
    if sys.platform < "3":
        asyncio.get_event_loop_policy()  # expect: ALP003:9


def annotated(policy: asyncio.AbstractEventLoopPolicy) -> None:  # expect: ALP003:23
    """Without the __future__ import, inspect.signature (pytest, FastAPI, pydantic) evaluates it."""


def evaluated_where_it_runs(policy: object = asyncio.DefaultEventLoopPolicy()) -> bool:  # expect: ALP003:46
    return isinstance(policy, asyncio.AbstractEventLoopPolicy)  # expect: ALP003:31
