"""ALP003 stays silent: other loop APIs, other objects' get_event_loop, shadowed names."""
import asyncio
from asyncio import get_running_loop, new_event_loop, set_event_loop


async def running() -> None:
    get_running_loop()
    asyncio.get_running_loop()


def own_loop() -> None:
    loop = new_event_loop()
    set_event_loop(loop)
    asyncio.new_event_loop()
    asyncio.set_event_loop(None)


class Service:
    def get_event_loop(self) -> object:
        return None

    def use(self) -> None:
        self.get_event_loop()


def other_object(loop_holder: Service) -> None:
    loop_holder.get_event_loop()


def get_event_loop() -> None:
    """A user function of that name."""


def caller() -> None:
    get_event_loop()


def parameter_shadow(asyncio: Service) -> None:
    asyncio.get_event_loop()


def local_shadow() -> None:
    asyncio = Service()
    asyncio.get_event_loop()


def reassigned_module_attribute() -> None:
    asyncio.get_event_loop = get_event_loop  # type: ignore[assignment]


def string_mention() -> str:
    return "asyncio.get_event_loop()"


def bound_by_with_for_and_except(items: list[Service]) -> None:
    for asyncio in items:
        asyncio.get_event_loop()
    with open(__file__) as get_event_loop:
        get_event_loop()  # type: ignore[operator]
    try:
        pass
    except Exception as aio:  # noqa: F841
        aio.get_event_loop()  # type: ignore[attr-defined]


class Holder:
    import asyncio

    def method(self, asyncio: Service) -> None:
        asyncio.get_event_loop()
