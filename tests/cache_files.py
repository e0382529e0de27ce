"""Reading the disk cache's files back in tests: the entries, and every stamp an entry holds (its own
and those of the blocks it names, ``shared_stamps``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Stored:
    """One entry as it is on disk: the file holding it (its own, or its folder's bucket), its key and
    its value."""

    path: Path
    key: str
    value: Any


def cache_files(cache: Path) -> list[Path]:
    """Every file of the cache folder ``cache`` holding entries: blocks, buckets, entries of their own."""
    return sorted(cache.glob("v*/*.json"))


def stored_entries(cache: Path) -> list[Stored]:
    """Every entry of the cache folder, a bucket's as its reader sees them (the latest of each key)."""
    found: dict[str, tuple[int, Stored]] = {}
    for path in cache_files(cache):
        if not path.name.startswith("b-"):
            data = json.loads(path.read_text(encoding="utf-8"))
            found[data["key"]] = (0, Stored(path, data["key"], data["value"]))
            continue
        for key, written, text in bucket_lines(path):
            if key not in found or written > found[key][0]:
                found[key] = (written, Stored(path, key, json.loads(text)))
    return [stored for _, stored in sorted(found.values(), key=lambda item: item[1].key)]


def bucket_lines(path: Path) -> list[tuple[str, int, str]]:
    """A bucket file's entries: key, time written, value's JSON (after the header line)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        head, _, text = line.partition("\t")
        key, written = json.loads(head)
        found.append((key, written, text))
    return found


def rewrite_value(stored: Stored, value: Any) -> None:
    """Write ``value`` in place of ``stored``'s, in the file that holds it."""
    if not stored.path.name.startswith("b-"):
        data = json.loads(stored.path.read_text(encoding="utf-8"))
        stored.path.write_text(json.dumps({**data, "value": value}), encoding="utf-8")
        return
    header, *lines = stored.path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        head, _, _ = line.partition("\t")
        if json.loads(head)[0] == stored.key:
            lines[n] = f"{head}\t{json.dumps(value)}"
    stored.path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")


def every_stamp(cache: Path, packed: dict[str, Any]) -> dict[str, Any]:
    """The stamps of ``packed`` (an entry's ``stamps``): its own, and its blocks' as stored."""
    blocks = {entry.key.removeprefix("stamps:"): entry.value for entry in stored_entries(cache)
              if entry.key.startswith("stamps:")}
    found = dict(packed["paths"])
    for name, digest in packed["blocks"]:
        assert blocks[name]["digest"] == digest, "an entry names a block that was rewritten"
        found.update(blocks[name]["stamps"])
    return found
