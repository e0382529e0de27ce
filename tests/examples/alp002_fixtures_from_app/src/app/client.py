import asyncio


class Client:
    """Application code: never a fixture; it keeps the loop it was made on."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
