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
