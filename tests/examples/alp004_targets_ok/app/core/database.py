AsyncSessionLocal = object()
SETTINGS = {"url": "sqlite://"}
engine = None


class Engine:
    def dispose(self) -> None:
        return None


def init() -> None:
    global engine
    engine = Engine()
