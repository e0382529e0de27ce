"""An HTTP-like client whose connection is bound to the event loop that opened it."""

import asyncio


class ApiClient:
    """Opens a connection on the running loop; using it from another loop fails."""

    def __init__(self) -> None:
        self._ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._ready.set_result("connected")

    async def get(self, path: str) -> str:
        """Fetch ``path`` over the connection."""
        status = await self._ready
        return f"{status}:{path}"

    async def aclose(self) -> None:
        """Close the connection."""
        await asyncio.sleep(0)
