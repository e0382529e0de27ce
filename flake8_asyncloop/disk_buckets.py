"""Checked files' cache entries kept together: one file per folder of checked files and writer.

A cold run wrote one cache file per checked file, and creating a file costs this kind of filesystem
0.1-1 ms of system time (a VM's ext4: 2,000 files cost 1.4-3.7 s of CPU on the 1,600-file suite,
as much as every rule together there).  So the entries of checked files (``checked_file_key``) are
grouped by the folder of the checked file, a *bucket*: a process writes a bucket's new entries, as
they come, to a temporary file of its own, and renames it over its bucket file (keeping the entries
that file held for other keys) when it stores an entry of another bucket, a run starts, or the
process exits (``multiprocessing``'s exit finalizers run in the main process and in every pool
worker).  flake8 hands files out folder by folder, so a bucket is written about once per run and
process, and nothing of it is held in memory (an entry may be 150 KB; holding a folder's entries
cost 0.5 MiB of peak memory).

Concurrent writers: a process writes only its own *slot* of a bucket: 0, or the number of a
multiprocessing pool worker (``ForkPoolWorker-2`` writes slot 2).  flake8's ``--jobs`` workers,
which check the files of one folder side by side, never overwrite each other's entries.  Two
separate runs writing the same slot at once (an editor's and a terminal's) may lose one's new
entries: only a miss for the next run, never a wrong answer, since every entry is checked against
all it depends on when it is used (``result_cache``).  A reader merges every slot of a bucket, the
most recently written entry of a key winning.  Each entry is a line of its own, its value decoded
only when asked for: a bucket of hundreds of files costs a line split, not hundreds of decodes.
A process reads its own entries back once the bucket is written (a run checks each file once).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.util
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from . import stamps

#: Slots of a bucket: a pool worker's number wraps around at this many.
SLOTS: Final = 64
#: Buckets read back and kept, the current folder's and one more (workers of a ``--jobs`` run move
#: between folders at slightly different times).
_KEPT_READ: Final = 2
_PREFIX: Final = "b-"
#: A temporary file not written to for this long was left by a process that was killed.
_STALE_SECONDS: Final = 3600

#: One entry line of a bucket file: its key, when it was written (ns), the line and its offset.
_Line = tuple[str, int, bytes, int]
#: Where an entry is: the slot file, when it was written, the line's offset and length.
_Where = tuple[str, int, int, int]
#: Lines kept from the old slot file are copied in writes of about this size.
_CHUNK: Final = 256 * 1024


def writer_slot() -> int:
    """0 for a process of its own; a multiprocessing pool worker's number (``...PoolWorker-N``)."""
    head, _, number = multiprocessing.current_process().name.rpartition("-")
    return int(number) % SLOTS if head and number.isdigit() else 0


def bucket_of(key: str, prefix: str) -> str | None:
    """The bucket of ``key`` (the folder of the checked file), or None for a key kept on its own."""
    return os.path.dirname(key[len(prefix):]) if key.startswith(prefix) else None


class _Pending:
    """A bucket's temporary file, open while its entries are written, the keys written there, and its
    size up to its last whole line (an interrupted write is cut off there when it is finished)."""

    __slots__ = ("fd", "temporary", "keys", "size", "pid")

    def __init__(self, fd: int, temporary: str) -> None:
        self.fd = fd
        self.temporary = temporary
        self.keys: set[str] = set()
        self.size = 0
        self.pid = os.getpid()  # a forked child never writes to its parent's file


class Buckets:
    """The bucket files of one cache namespace folder: entries read back, and entries to write.
    Writing raises ``OSError``; the cache (``disk_cache``) turns itself off on it.

    A bucket file is a header line (``{"namespace": ..., "bucket": ...}``), then one line per entry:
    ``[key, time written]``, a tab, the value's JSON (JSON text holds no raw tab or newline)."""

    def __init__(self, space: Path, namespace: str) -> None:
        self._space = space
        self._namespace = namespace
        #: The bucket files in the folder when this process first read one: digest -> file names.
        self._files: dict[str, list[str]] | None = None
        self._read: dict[str, dict[str, _Where]] = {}
        self._pending: dict[str, _Pending] = {}

    def load(self, bucket: str, key: str) -> Any:
        """The value written for ``key`` in ``bucket`` (by any process; this one's once written), or None.
        Read from where the bucket's index says, and used only if the line there is that entry still
        (another process may have renamed a new file over it since)."""
        found = self._entries(bucket).get(key)
        if found is None:
            return None
        name, written, offset, size = found
        try:
            with open(self._space / name, "rb") as handle:
                handle.seek(offset)
                line = handle.read(size)
            head, _, text = line.partition(b"\t")
            if _head(head) != (key, written):
                return None
            return json.loads(text)
        except (OSError, ValueError, RecursionError):
            return None

    def store(self, bucket: str, key: str, value: Any) -> None:
        """Write ``value`` for ``key`` to ``bucket``'s temporary file; finish the other buckets.
        Raises ``OSError``, and what encoding ``value`` raises (``TypeError``, ``ValueError``...)."""
        text = json.dumps(value, separators=(",", ":")).encode("ascii")
        for other in [name for name in self._pending if name != bucket]:
            self._flush(other)
        pending = self._pending.get(bucket)
        if pending is None or pending.pid != os.getpid():
            fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self._space)
            pending = self._pending[bucket] = _Pending(fd, temporary)
            _written(pending, self._header(bucket))
        _written(pending, f"{json.dumps([key, time.time_ns()])}\t".encode("ascii"), text, b"\n")
        pending.keys.add(key)

    def flush(self) -> None:
        """Finish every bucket this process is writing."""
        for bucket in list(self._pending):
            self._flush(bucket)

    def forget(self) -> None:
        """Read the folder again when next asked (a new run: other processes may have written)."""
        self._files = None
        self._read.clear()

    # -- writing ---------------------------------------------------------------------

    def _flush(self, bucket: str) -> None:
        """Add to the temporary file what the slot file held for other keys, and rename it over."""
        pending = self._pending.pop(bucket)
        if pending.pid != os.getpid():
            return  # the parent's file, inherited at a fork: the parent finishes it
        digest = _digest(bucket)
        name = f"{_PREFIX}{digest}-{writer_slot()}.json"
        try:
            os.ftruncate(pending.fd, pending.size)  # no line cut short by an interrupt
            os.lseek(pending.fd, pending.size, os.SEEK_SET)
            kept = bytearray()
            for key, _, line, _ in self._lines(name, bucket):
                if key not in pending.keys:
                    kept += line
                    if len(kept) >= _CHUNK:
                        _written(pending, kept)
                        kept.clear()
            _written(pending, kept)
            os.close(pending.fd)
            os.replace(pending.temporary, self._space / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.close(pending.fd)
            remove_quietly(pending.temporary)
            raise
        self._read.pop(bucket, None)
        if self._files is not None:  # listed already: this run's later reads see the file
            listed = self._files.setdefault(digest, [])
            if name not in listed:
                listed.append(name)

    def drop(self) -> None:
        """Give up every bucket being written (the cache goes off): remove the temporary files."""
        for pending in self._pending.values():
            if pending.pid == os.getpid():
                with contextlib.suppress(OSError):
                    os.close(pending.fd)
                remove_quietly(pending.temporary)
        self._pending.clear()

    def _header(self, bucket: str) -> bytes:
        return (json.dumps({"namespace": self._namespace, "bucket": bucket}) + "\n").encode("ascii")

    # -- reading ---------------------------------------------------------------------

    def _entries(self, bucket: str) -> dict[str, _Where]:
        """Where every slot's entries of ``bucket`` are, the latest of each key winning (an index, not
        the entries: a flat folder's bucket of a thousand files is megabytes)."""
        found = self._read.get(bucket)
        if found is not None:
            return found
        found = {}
        for name in self._listed().get(_digest(bucket), ()):
            for key, written, line, offset in self._lines(name, bucket):
                if key not in found or written > found[key][1]:
                    found[key] = (name, written, offset, len(line))
        while len(self._read) >= _KEPT_READ:
            del self._read[next(iter(self._read))]
        self._read[bucket] = found
        return found

    def _listed(self) -> dict[str, list[str]]:
        """The bucket files of the folder by bucket digest, listed once (a cold run's is empty)."""
        if self._files is None:
            self._files = {}
            try:
                names = os.listdir(self._space)
            except OSError:
                names = []
            for name in names:
                if name.startswith(_PREFIX) and name.endswith(".json"):
                    self._files.setdefault(name[len(_PREFIX):].rpartition("-")[0], []).append(name)
                elif name.startswith(".tmp-"):
                    self._remove_if_stale(name)
        return self._files

    def _remove_if_stale(self, name: str) -> None:
        """Remove a temporary file a killed process left (one not written to for an hour)."""
        path = self._space / name
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > _STALE_SECONDS:
                path.unlink()

    def _lines(self, name: str, bucket: str) -> Iterator[_Line]:
        """The entry lines of one slot file of ``bucket``, one at a time; none when it is not one of
        its files.  A line that is not an entry (a damaged file) is skipped."""
        header = self._header(bucket)
        try:
            with open(self._space / name, "rb") as handle:
                if handle.readline() != header:
                    return
                offset = len(header)
                for line in handle:
                    parsed = _head(line.partition(b"\t")[0]) if line.endswith(b"\n") else None
                    if parsed is not None:
                        yield parsed[0], parsed[1], line, offset
                    offset += len(line)
        except OSError:
            return


def _head(head: bytes) -> tuple[str, int] | None:
    """An entry line's key and time written, from the JSON before its tab."""
    try:
        parsed = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if isinstance(parsed, list) and len(parsed) == 2 and isinstance(parsed[0], str) \
            and type(parsed[1]) is int:
        return parsed[0], parsed[1]
    return None


def _digest(bucket: str) -> str:
    return stamps.digest(bucket.encode("utf-8", "surrogateescape"), 16)


def _written(pending: _Pending, *chunks: bytes | bytearray) -> None:
    """Write ``chunks`` (whole lines, together) to the temporary file (``os.write``: no buffer a
    forked child could flush); the size counts them once all are written."""
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(pending.fd, view):]
    pending.size += sum(map(len, chunks))


def remove_quietly(path: str) -> None:
    """Remove a temporary file, if it can be (what is left is removed later as stale)."""
    with contextlib.suppress(OSError):
        os.unlink(path)


#: The process whose exit finishes what ``_WAITING`` writes, and how to finish each (the caches'
#: ``flush``, which turn the cache off on an error instead of raising).
_EXIT_HOOKED: list[int] = []
_WAITING: list[Callable[[], None]] = []


def flush_at_exit(flush: Callable[[], None]) -> None:
    """Call ``flush`` when this process exits, or at the next ``flush_waiting`` (a forked worker hooks
    its own exit)."""
    if _EXIT_HOOKED != [os.getpid()]:
        _EXIT_HOOKED[:] = [os.getpid()]
        _WAITING.clear()
        multiprocessing.util.Finalize(None, flush_waiting, exitpriority=10)
    if flush not in _WAITING:
        _WAITING.append(flush)


def flush_waiting() -> None:
    """Finish every bucket this process writes (at exit, at a run's start, after an in-process run)."""
    while _WAITING:
        _WAITING.pop()()
