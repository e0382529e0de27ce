"""Reading the disk cache's files back in tests: the entries, and every stamp an entry holds (its own
and those of the blocks it names, ``shared_stamps``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def cache_files(cache: Path) -> list[Path]:
    """Every entry file of the cache folder ``cache``, blocks included."""
    return sorted(cache.glob("v*/*.json"))


def every_stamp(cache: Path, packed: dict[str, Any]) -> dict[str, Any]:
    """The stamps of ``packed`` (an entry's ``stamps``): its own, and its blocks' as stored."""
    blocks = {}
    for path in cache_files(cache):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["key"].startswith("stamps:"):
            blocks[entry["key"].removeprefix("stamps:")] = entry["value"]
    found = dict(packed["paths"])
    for name, digest in packed["blocks"]:
        assert blocks[name]["digest"] == digest, "an entry names a block that was rewritten"
        found.update(blocks[name]["stamps"])
    return found
