"""ALP003 under the __future__ import: annotations are strings, but defaults and bodies still run."""
from __future__ import annotations

import asyncio


def default(policy: object = asyncio.DefaultEventLoopPolicy()) -> bool:  # expect: ALP003:30
    return isinstance(policy, asyncio.AbstractEventLoopPolicy)  # expect: ALP003:31
