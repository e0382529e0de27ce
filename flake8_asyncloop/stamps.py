"""What an answer read, recorded so a later run can tell whether the answer still holds.

A cached answer (see ``disk_cache``, ``result_cache`` and ``patching.answers``) is kept with the
*stamps* of every path read to reach it: files parsed, folders listed, paths probed and found absent
(an absent path has the stamp ``None``, so a module created later invalidates).  A file's stamp is
its modification and change times in nanoseconds (the change time moves on ``chmod`` too: a file
unreadable when it was read is read again once it can be) and its size; one changed less than
``RECENT_NS`` before it was stamped also gets a digest of its content, because a same-size rewrite
within one clock tick keeps the time (git's "racy" index entries).  A folder's stamp is its times
and a digest of the names in it that a reader may care about (``relevant``): when the times moved,
the names decide, so an editor's swap or backup file, a ``.coverage`` or a ``__pycache__`` keeps the
answer.  A path only probed for what it is (``note_kind``)
is stamped "file", "dir" or "other".  Paths are stamped *before* they are read, and once per run:
a write racing the read, or a later one, changes the path after its stamp, so the next run sees
the difference (a stamp may be older than what was read, never newer).

Readers call ``note(path)`` before reading and ``note_module(name, location, roots)`` for each module
they looked up; both do nothing unless an answer is being recorded (``recording``).  Recordings
nest: what is noted goes to every recording open, so a per-process cache (``caches.Memo``) can
capture what computing one value noted and hand it again to every later answer that reuses the
value (``capturing``/``replay``); a finished capture of many stamps is also kept as one of the
answer's ``blocks``, which cache entries store once and share (``shared_stamps``).  The stderr
lines said while recording are kept too, so an answer read back says them again.  Nothing here
imports the rest of the plugin: it loads at every start.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any, Final

#: Content younger than this (two seconds) is digested as well as stamped.
RECENT_NS: Final = 2_000_000_000
#: A folder's stamp starts with this; a path only probed for its kind is stamped with one of ``KINDS``.
FOLDER: Final = "folder"
KINDS: Final = ("file", "dir", "other")
#: Names a reader of a folder may care about even when they start with a dot.
_DOT_NAMES_READ: Final = (".py", ".pyi", ".txt", ".in", ".lock", ".toml", ".cfg", ".ini", ".json")
_NEVER_READ: Final = ("~", ".swp", ".swo", ".swx", ".tmp", ".pyc")
#: The digest of what could not be read: it never matches, so the answer is worked out again.
UNREADABLE: Final = "unreadable"
#: A finished recording of at least this many stamps, replayed whole into an answer, is a *block*
#: the answer's entry can refer to instead of copying (``shared_stamps``).
BLOCK_MIN: Final = 16

Stamp = Any  # list (a file or a folder), str (a kind), None (absent): plain data for the disk cache


def relevant(name: str, is_dir: bool) -> bool:
    """Whether a folder's entry may matter to a reader: every reader skips ``__pycache__``, editors'
    backup and swap files, and dot-files that are no Python, requirements or configuration file."""
    if name == "__pycache__" or name.endswith(_NEVER_READ):
        return False
    return is_dir or not name.startswith(".") or name.endswith(_DOT_NAMES_READ)


def stamp(path: str) -> Stamp:
    """The stamp of ``path`` as it is now; None if absent."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    recent = changed_recently(info)
    if stat.S_ISDIR(info.st_mode):
        return [FOLDER, info.st_mtime_ns, info.st_ctime_ns, _names(path), recent]
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, _digest(path) if recent else ""]


def identity(path: str) -> tuple[int, int, int] | None:
    """What a per-process cache keeps a file's parse by: its modification and change times in
    nanoseconds and its size (the change time moves on every write, even one that puts the
    modification time back).  None for a file changed less than ``RECENT_NS`` ago, which a rewrite
    within one clock tick could leave alike: its parse is not kept past this run.  Raises OSError."""
    info = os.stat(path)
    if changed_recently(info):
        return None
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size


def changed_recently(info: os.stat_result) -> bool:
    """Whether the path ``info`` describes changed less than ``RECENT_NS`` ago: a rewrite within the
    same clock tick could leave its times and size as they were."""
    return time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < RECENT_NS


def kind(path: str) -> Stamp:
    """What ``path`` is ("file", "dir", "other"), None if absent."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def holds(path: str, stored: Any) -> bool:
    """Whether ``path`` is still as ``stored`` (a stamp read back from disk) says."""
    if isinstance(stored, str):
        return stored in KINDS and kind(path) == stored
    try:
        info = os.stat(path)
    except OSError:
        return stored is None
    if not isinstance(stored, list) or len(stored) not in (4, 5):
        return False
    if len(stored) == 5:
        if stored[0] != FOLDER or not stat.S_ISDIR(info.st_mode):
            return False
        if [info.st_mtime_ns, info.st_ctime_ns] == stored[1:3] and not stored[4]:
            return True
        return bool(stored[3] != UNREADABLE and _names(path) == stored[3])
    if stat.S_ISDIR(info.st_mode) or [info.st_mtime_ns, info.st_ctime_ns, info.st_size] != stored[:3]:
        return False
    return not stored[3] or (stored[3] != UNREADABLE and _digest(path) == stored[3])


def digest(data: bytes, size: int = 16) -> str:
    """A BLAKE2b digest of ``data`` in hex (``_blake2`` directly: ``hashlib`` also loads OpenSSL, 5 ms
    at every flake8 start for nothing this plugin uses)."""
    try:
        from _blake2 import blake2b  # noqa: PLC0415
    except ImportError:  # pragma: no cover - an interpreter without the builtin module
        from hashlib import blake2b  # noqa: PLC0415
    return blake2b(data, digest_size=size).hexdigest()


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return UNREADABLE
    return digest(data)


def _names(path: str) -> str:
    """A digest of the folder's relevant entries (name, and "/" for a folder)."""
    try:
        with os.scandir(path) as entries:
            names = sorted(e.name + "/" * e.is_dir() for e in entries if relevant(e.name, e.is_dir()))
    except OSError:
        return UNREADABLE
    return digest("\0".join(names).encode("utf-8", "surrogateescape"))


class _SealedEmpty(dict[Any, Any]):
    """The empty mapping sealed recordings share for a field with nothing in it: a run keeps many
    sealed recordings, most of which said nothing, looked no module up and hold no block (an empty
    dictionary costs 64 bytes).  It refuses every write."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a sealed recording is not recorded into")

    __setitem__ = __delitem__ = __ior__ = _refuse
    update = setdefault = pop = popitem = clear = _refuse


_SEALED_EMPTY: Final[dict[Any, Any]] = _SealedEmpty()


class Recorder:
    """The paths and module lookups one or more answers depended on, and what they said (a plain
    class: this module is imported at every flake8 start)."""

    __slots__ = ("paths", "kinds", "modules", "roots", "said", "done", "spoiled", "blocks", "sealed")

    def __init__(self) -> None:
        #: Paths read or listed, with their full stamps (see ``note``).
        self.paths: dict[str, Stamp] = {}
        #: Paths only probed for what they are (see ``note_kind``).
        self.kinds: dict[str, Stamp] = {}
        #: Module name -> where the finder found it (``ModuleLocation`` as a list), None if nowhere.
        self.modules: dict[str, Any] = {}
        #: The search roots of the finder that made those lookups (None: none made; see ``note_module``).
        self.roots: Any = None
        #: The stderr lines said while recording, in order (a dict as an ordered set).
        self.said: dict[str, None] = {}
        #: What a reader already noted for this recorder in one go (see ``first_time``), and the
        #: recordings already replayed into it (``mark``); read-only once sealed.
        self.done: AbstractSet[Any] = set()
        #: Something went wrong (an internal error, lookups by two finders): never store the answer.
        self.spoiled = False
        #: Finished recordings replayed into this one (and theirs), by ``id``: see ``BLOCK_MIN``.
        self.blocks: dict[int, Recorder] = {}
        #: Nothing more is recorded into this one (``seal``): it may be a block.
        self.sealed = False

    def seal(self) -> Recorder:
        """Mark the recording finished; returns it.  A run keeps many sealed recordings, most with
        nothing ``done``: those share one empty set (an empty set costs 216 bytes)."""
        self.sealed = True
        if not self.done:
            self.done = _NOTHING_DONE
        if not self.said:
            self.said = _SEALED_EMPTY
        if not self.modules:
            self.modules = _SEALED_EMPTY
        if not self.blocks:
            self.blocks = _SEALED_EMPTY
        return self

    def mark(self, key: Any) -> bool:
        """Add ``key`` to what is ``done``; False if it was there already."""
        done = self.done
        if key in done:
            return False
        assert isinstance(done, set), "nothing is marked done in a sealed recording"
        done.add(key)
        return True

    def add(self, stamped: dict[str, Stamp]) -> None:
        """Take stamps read back from an entry (full stamps and kinds together)."""
        for path, value in stamped.items():
            (self.kinds if isinstance(value, str) else self.paths)[path] = value

    def stamped(self) -> dict[str, Stamp] | None:
        """Every stamp, a path's full stamp over its kind; None when the two disagree (the path changed
        while the run read it) or the recording is spoiled."""
        if self.spoiled:
            return None
        for path in self.kinds.keys() & self.paths.keys():
            if _kind_of(self.paths[path]) != self.kinds[path]:
                return None
        return {**self.kinds, **self.paths}


_active: list[Recorder] = []
_NOTHING_DONE: frozenset[Any] = frozenset()


def active() -> bool:
    """Whether an answer is being recorded."""
    return bool(_active)


@contextlib.contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """Record into ``recorder`` (and every recording already open) everything read inside the block."""
    _active.append(recorder)
    try:
        yield recorder
    finally:
        _active.pop()


@contextlib.contextmanager
def capturing() -> Iterator[Recorder | None]:
    """Inside the block, also record into a fresh recorder (yielded), for a cache to ``replay`` later;
    None (and nothing recorded) when no answer is being recorded."""
    if not _active:
        yield None
        return
    with recording(Recorder()) as recorder:
        yield recorder
    recorder.seal()


def replay(captured: Recorder) -> None:
    """Note again, for every answer being recorded, what ``captured`` recorded (its stamps as they were
    when the reused value was read: a file changed since then makes the answer miss next time).
    Both carry this run's stamps (``note``), so merging dictionaries is enough."""
    for recorder in _active:
        if not recorder.mark(captured):
            continue  # a value reused again by the same answer: its notes are in already
        recorder.paths.update(captured.paths)
        recorder.kinds.update(captured.kinds)
        recorder.modules.update(captured.modules)
        if captured.roots is not None:
            _set_roots(recorder, captured.roots)
        recorder.said.update(captured.said)
        recorder.spoiled = recorder.spoiled or captured.spoiled
        recorder.blocks.update(captured.blocks)
        if captured.sealed and len(captured.paths) + len(captured.kinds) >= BLOCK_MIN:
            recorder.blocks[id(captured)] = captured


#: The stamps taken in this run, by path: each path is stamped once, before its first read.
_STAMPS: dict[str, Stamp] = {}
_KINDS: dict[str, Stamp] = {}


def note(path: str) -> None:
    """``path`` is about to be read (a file) or listed (a folder): stamp it for the answers being
    recorded."""
    _note(path, _STAMPS, stamp, "paths")


def note_kind(path: str) -> None:
    """``path`` is about to be probed for what it is (a file, a folder, nothing), not read."""
    _note(path, _KINDS, kind, "kinds")


def _note(path: str, taken: dict[str, Stamp], take: Callable[[str], Stamp], field: str) -> None:
    """Give every open recording's ``field`` the value ``take`` gives ``path``, taken once per run.
    The path is interned: recordings a run keeps hold the same paths many times over, each read
    spelling its own copy (0.27 MiB of copies on a 1,600-file suite)."""
    if not _active:
        return
    path = sys.intern(path)
    value = taken.get(path, False)
    if value is False:
        value = taken[path] = take(path)
    for recorder in _active:
        getattr(recorder, field)[path] = value


def _kind_of(full: Stamp) -> Stamp:
    if full is None:
        return None
    return "dir" if len(full) == 5 else "file"


def first_time(key: Any) -> bool:
    """Whether an answer is being recorded and ``key`` (a reader's whole batch of notes, such as a
    package walk it kept from an earlier file) was not noted for every one of them yet."""
    fresh = False
    for recorder in _active:
        if recorder.mark(key):
            fresh = True
    return fresh


def note_module(name: str, where: Any, roots: Any) -> None:
    """The module lookup ``name`` gave ``where`` (plain data) to the answers being recorded; ``roots``
    is the finder's search roots (plain data), which a later check needs to look it up again."""
    for recorder in _active:
        recorder.modules[name] = where
        _set_roots(recorder, roots)


def _set_roots(recorder: Recorder, roots: Any) -> None:
    if recorder.roots is None:
        recorder.roots = roots
    elif recorder.roots != roots:
        recorder.spoiled = True  # one entry keeps one finder's lookups


def note_said(line: str) -> None:
    """A line is being said on stderr: an answer read back later says it again."""
    for recorder in _active:
        recorder.said[line] = None


def spoil() -> None:
    """Something went wrong while recording (an internal error): store none of these answers."""
    for recorder in _active:
        recorder.spoiled = True


_HOLDS: dict[str, tuple[Any, bool]] = {}


def held(path: str, stored: Any) -> bool:
    """``holds``, asked once per path and stamp in a run: the entries of a suite share most paths."""
    cached = _HOLDS.get(path)
    if cached is not None and cached[0] == stored:
        return cached[1]
    answer = holds(path, stored)
    _HOLDS[path] = (stored, answer)
    return answer


def forget() -> None:
    """Forget the stamps taken and checked in this run (``caches.CACHES`` calls it)."""
    _HOLDS.clear()
    _STAMPS.clear()
    _KINDS.clear()
