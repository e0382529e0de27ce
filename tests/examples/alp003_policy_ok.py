"""ALP003 stays silent: loop factories, and policy-named things that are not asyncio's."""
import asyncio


class DefaultEventLoopPolicy:
    """A project's own class of that name."""


def run() -> None:
    asyncio.run(main(), loop_factory=asyncio.new_event_loop)
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        runner.run(main())
    DefaultEventLoopPolicy()


def uvloop_like(lib: object) -> None:
    getattr(lib, "EventLoopPolicy")


async def main() -> None:
    await asyncio.sleep(0)


def only_before_the_deprecation(on_windows: bool) -> None:
    """The policy API is not deprecated before Python 3.14: guarded uses stay silent."""
    import sys

    if sys.version_info < (3, 14):
        asyncio.set_event_loop_policy(None)
    if on_windows and sys.version_info[:2] <= (3, 13):
        asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    if sys.version_info >= (3, 14):
        pass
    else:
        asyncio.get_event_loop_policy()
        if on_windows:
            print(asyncio.DefaultEventLoopPolicy)


def silenced_by_noqa() -> None:
    """One finding per expression, on its first line: one noqa there silences the whole call."""
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())  # noqa: ALP003
    asyncio.set_event_loop_policy(  # noqa: ALP003
        asyncio.WindowsSelectorEventLoopPolicy()
    )

