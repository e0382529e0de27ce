from __future__ import annotations


class FlowTracker:
    limit = 3

    def record(self) -> None:
        return None


def track() -> object:
    from app.core.database import AsyncSessionLocal

    return AsyncSessionLocal
