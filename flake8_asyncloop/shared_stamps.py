"""Stamps that many cache entries share, stored once and referred to.

Most of what a test file's answers read is read for every file of its folder or its suite: the
conftest chain, the configuration files up the tree, the folders of the patched package, every
conftest a collection hook may sit in.  Copied into each entry, those stamps made the entries of a
1,600-file suite 36 KB each (300 stamps), and encoding, writing and decoding them cost more than
the rest of the cache.  A finished recording a cached value carried (``stamps.Recorder.blocks``:
the notes of a ``caches.Memo`` value, a shared patch answer) is stored instead as a *block* entry of
its own, named by the digest of its paths and holding its stamps and their digest; the entry keeps
``[name, digest]`` and only the stamps no block covers.  A block is stored from the second entry of
a run that would name it: one named by a single entry would only cost a file of its own.

An entry holds when its own stamps and every block it names hold, and the block read back has the
digest the entry expects: the same checks as before, each block's stamps checked once per run for
every entry that names it.  A block is written once per run (not at all when this run read it back
as it is); a rewrite for the same paths with new stamps makes the entries of the old one miss, as
their own stamps would have.  A block whose stamps are not all the entry's own (a path stamped
differently) is not used.
"""

from __future__ import annotations

import json
from typing import Any

from . import stamps
from .caches import CACHES, PerRun, RunChecks
from .disk_cache import DiskCache

#: A block covering fewer of an entry's stamps than this is copied into the entry instead.
MIN_COVERED = stamps.BLOCK_MIN
_MISSING = object()

#: Each block recorder's name and digest ("" when its stamps disagree), by ``id`` with the recorder
#: to keep it alive: its stamps are not copied, the recorder holds them.
_PACKED: dict[int, tuple[stamps.Recorder, str, str]] = {}
_MAX_PACKED = 20_000
#: Per cache folder and block name, the digest on disk as this run last wrote or read it.
_ON_DISK: PerRun[tuple[str, str], str] = PerRun()
#: The blocks (cache folder, name, digest) an entry of this run already asked for.
_ASKED = RunChecks()
#: Per cache folder, name and digest, the block read back in this run (None: missing or changed).
_READ: PerRun[tuple[str, str, str], stamps.Recorder | None] = PerRun()
CACHES.register(_PACKED.clear)


def pack(cache: DiskCache, recorder: stamps.Recorder, stamped: dict[str, Any]) -> dict[str, Any]:
    """``stamped`` (``recorder``'s stamps) as an entry stores them: ``{"paths": own, "blocks": refs}``.
    Largest blocks first; a block is used when all its stamps are the entry's and it covers at least
    ``MIN_COVERED`` stamps the blocks used before do not."""
    covered: set[str] = set()
    refs: list[list[str]] = []
    for block, name, digest in sorted(map(_packed, recorder.blocks.values()), key=_size, reverse=True):
        if not digest:
            continue
        fresh = len(block.paths.keys() - covered) + len(block.kinds.keys() - covered - block.paths.keys())
        if fresh < MIN_COVERED or not _within(block, stamped):  # most blocks sit inside a bigger one
            continue
        if not _written(cache, name, digest, block):
            continue
        covered.update(block.paths, block.kinds)
        refs.append([name, digest])
    own = {path: value for path, value in stamped.items() if path not in covered}
    return {"paths": own, "blocks": refs}


def _within(block: stamps.Recorder, stamped: dict[str, Any]) -> bool:
    """Whether every stamp of ``block`` is one of ``stamped`` (by dictionary views, no copy: hundreds
    of stamps for every block of every entry).  A path the block only probed and the entry read has
    a full stamp in the entry: the block is not used."""
    paths, kinds = block.paths, block.kinds
    if not paths.items() <= stamped.items():
        return False
    if kinds.keys().isdisjoint(paths):
        return kinds.items() <= stamped.items()
    return all(stamped.get(path, _MISSING) == value for path, value in kinds.items() if path not in paths)


def holding(cache: DiskCache, stored: Any) -> tuple[dict[str, Any], list[stamps.Recorder]] | None:
    """The own stamps and the blocks of ``stored`` (what ``pack`` gave), if every stamp still holds."""
    if not isinstance(stored, dict):
        return None
    own, refs = stored.get("paths"), stored.get("blocks")
    if not (isinstance(own, dict) and isinstance(refs, list)):
        return None
    if not all(stamps.held(path, value) for path, value in own.items()):
        return None
    blocks = []
    for ref in refs:
        if not (isinstance(ref, list) and len(ref) == 2 and all(isinstance(part, str) for part in ref)):
            return None
        block = _read(cache, ref[0], ref[1])
        if block is None:
            return None
        blocks.append(block)
    return own, blocks


def take(recorder: stamps.Recorder, own: dict[str, Any], blocks: list[stamps.Recorder]) -> None:
    """Give ``recorder`` what ``holding`` gave: every stamp, and the blocks to refer to again."""
    recorder.add(own)
    for block in blocks:
        recorder.paths.update(block.paths)
        recorder.kinds.update(block.kinds)
        recorder.blocks[id(block)] = block


def _packed(block: stamps.Recorder) -> tuple[stamps.Recorder, str, str]:
    found = _PACKED.get(id(block))
    if found is None or found[0] is not block:
        if len(_PACKED) >= _MAX_PACKED:
            _PACKED.clear()  # a long-lived process's old recordings: worked out again when asked
        merged = block.stamped()
        name, digest = ("", "") if merged is None else _identity(merged)
        found = _PACKED[id(block)] = (block, name, digest)
    return found


def _size(packed: tuple[stamps.Recorder, str, str]) -> int:
    return len(packed[0].paths) + len(packed[0].kinds)


def _identity(merged: dict[str, Any]) -> tuple[str, str]:
    """A block's name (its paths) and digest (its paths and stamps)."""
    paths = sorted(merged)
    name = stamps.digest("\0".join(paths).encode("utf-8", "surrogateescape"), 12)
    text = json.dumps([[path, merged[path]] for path in paths], separators=(",", ":"))
    return name, stamps.digest(text.encode("utf-8", "surrogateescape"))


def _written(cache: DiskCache, name: str, digest: str, block: stamps.Recorder) -> bool:
    """Store the block unless this run wrote or read it as it is; False when it is not stored: the
    cache is off, or this is the first entry of the run to ask for it and the block is not on disk
    (a block only one entry names would cost a file of its own for nothing)."""
    key = (str(cache.folder), name)
    on_disk = _ON_DISK.current()
    if on_disk.get(key) == digest:
        return cache.enabled
    if not _ASKED.done((*key, digest)):
        return False
    cache.store(_key(name), {"digest": digest, "stamps": block.stamped()})
    on_disk[key] = digest
    return cache.enabled


def _read(cache: DiskCache, name: str, digest: str) -> stamps.Recorder | None:
    """The block ``name`` with ``digest`` as a sealed recorder if its stamps hold (once per run)."""
    key = (str(cache.folder), name, digest)
    read = _READ.current()
    if key not in read:
        read[key] = _load(cache, name, digest)
    return read[key]


def _load(cache: DiskCache, name: str, digest: str) -> stamps.Recorder | None:
    entry = cache.load(_key(name))
    if not isinstance(entry, dict) or entry.get("digest") != digest:
        return None
    merged = entry.get("stamps")
    if not isinstance(merged, dict) or _identity(merged) != (name, digest):
        return None
    _ON_DISK.current()[(str(cache.folder), name)] = digest
    if not all(stamps.held(path, value) for path, value in merged.items()):
        return None
    block = stamps.Recorder()
    block.add(merged)
    return block.seal()


def _key(name: str) -> str:
    return "stamps:" + name
