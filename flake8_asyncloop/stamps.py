"""What an answer read, recorded so a later run can tell whether the answer still holds.

A cached answer (see ``disk_cache`` and ``patching.answers``) is kept with the *stamps* of every
path read to reach it: files parsed, folders listed, paths probed and found absent (an absent path
has the stamp ``None``, so a module created later invalidates).  A stamp is the modification time
in nanoseconds and the size; a path changed less than ``RECENT_NS`` before it was stamped also gets
a digest of its content (a folder: of its names), because a same-size rewrite within one clock tick
keeps the time (git's "racy" index entries).  Paths are stamped *before* they are read: a write
racing the read changes the content after the stamp, so the next run sees the difference.

Readers call ``note(path)`` before reading and ``note_module(name, location)`` for each module they
looked up; both do nothing unless an answer is being recorded (``recording``).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from typing import Any, Final

from .caches import CACHES

#: Content younger than this (two seconds) is digested as well as stamped.
RECENT_NS: Final = 2_000_000_000

Stamp = list[Any] | None


def stamp(path: str) -> Stamp:
    """``[mtime_ns, size, digest]`` of ``path`` (digest "" unless recently changed); None if absent."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    recent = time.time_ns() - info.st_mtime_ns < RECENT_NS
    return [info.st_mtime_ns, info.st_size, _digest(path, info) if recent else ""]


def holds(path: str, stored: Any) -> bool:
    """Whether ``path`` is still as ``stored`` (a stamp read back from disk) says."""
    try:
        info = os.stat(path)
    except OSError:
        return stored is None
    if not isinstance(stored, list) or len(stored) != 3:
        return False
    if [info.st_mtime_ns, info.st_size] != stored[:2]:
        return False
    return not stored[2] or _digest(path, info) == stored[2]


def _digest(path: str, info: os.stat_result) -> str:
    import hashlib  # noqa: PLC0415 - only for recently changed files: not at every flake8 start

    try:
        if stat.S_ISDIR(info.st_mode):
            data = "\0".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape")
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError:
        return "unreadable"
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Recorder:
    """The paths and module lookups one or more answers depended on (a plain class: this module is
    imported at every flake8 start)."""

    def __init__(self) -> None:
        self.paths: dict[str, Stamp] = {}
        #: Module name -> where the finder found it (``ModuleLocation`` as a list), None if nowhere.
        self.modules: dict[str, Any] = {}
        #: What a reader already noted for this recorder in one go (see ``first_time``).
        self.done: set[Any] = set()


_active: list[Recorder] = []


@contextlib.contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """Record into ``recorder`` everything read inside the ``with`` block."""
    _active.append(recorder)
    try:
        yield recorder
    finally:
        _active.pop()


def note(path: str) -> None:
    """``path`` is about to be read (or probed): stamp it for the answer being recorded."""
    if _active:
        paths = _active[-1].paths
        if path not in paths:
            paths[path] = stamp(path)


def first_time(key: Any) -> bool:
    """Whether an answer is being recorded and ``key`` (a reader's whole batch of notes, such as a
    package walk it kept from an earlier file) was not noted for it yet."""
    if not _active or key in _active[-1].done:
        return False
    _active[-1].done.add(key)
    return True


_HOLDS: dict[str, tuple[Any, bool]] = {}
CACHES.register(_HOLDS.clear)


def held(path: str, stored: Any) -> bool:
    """``holds``, asked once per path and stamp in a run: the entries of a suite share most paths."""
    cached = _HOLDS.get(path)
    if cached is not None and cached[0] == stored:
        return cached[1]
    answer = holds(path, stored)
    _HOLDS[path] = (stored, answer)
    return answer


def note_module(name: str, where: Any) -> None:
    """The module lookup ``name`` gave ``where`` (plain data) to the answer being recorded."""
    if _active:
        _active[-1].modules.setdefault(name, where)
