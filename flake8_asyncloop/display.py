"""How a path appears in messages and stderr lines: as the user knows it, from the working folder."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .caches import CACHES


@lru_cache(maxsize=1024)
def display_path(path: Path, levels_up: int = 1) -> str:
    """``path`` relative to the working folder if that climbs at most ``levels_up`` folders, else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    too_far = os.sep.join([".."] * (levels_up + 1))
    return str(path) if relative == too_far or relative.startswith(too_far + os.sep) else relative


CACHES.register(display_path.cache_clear)
