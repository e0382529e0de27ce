"""ALP003 stays silent on policy types in annotations that stay strings (the __future__ import)."""
from __future__ import annotations

import asyncio


def annotated(policy: "asyncio.AbstractEventLoopPolicy", other: asyncio.AbstractEventLoopPolicy) -> (
    asyncio.DefaultEventLoopPolicy | None
):
    current: asyncio.AbstractEventLoopPolicy | None = None
    return current


class Holder:
    policy: asyncio.AbstractEventLoopPolicy

