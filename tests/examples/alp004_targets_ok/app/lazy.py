def __getattr__(name: str) -> object:
    return name
