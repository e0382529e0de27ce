"""Every cache the plugin keeps between the files of one process, reset in one place.

Each concern keeps its cache next to the code that fills it (summaries of other files, pytest
configurations, fixture namespaces, version searches, module finders) and registers how to
clear it here.  ``reset()`` forgets all of them: the in-process test runner calls it before
each run, so no test sees what an earlier one read.  Nothing here imports flake8.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Final, Generic, Hashable, TypeVar

from . import stamps

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

#: Analysed modules and summaries kept before the first freeze (see ``ProcessCaches.settle``).
FIRST_FREEZE: Final = 16


class ProcessCaches:
    """The clear functions of every per-process cache, and when to move what they keep out of the
    garbage collector's sight.

    The caches keep parsed trees of other modules for the whole run: every full collection would walk
    them all again, a cost that grows with the number of files checked.  ``settle`` (called between
    files) collects once and freezes (``gc.freeze``) what is alive each time the caches have doubled,
    so full collections only walk what is new; freezing rarely keeps the few cyclic objects alive then
    from ever being collected to a handful of files' worth.  The second file freezes the start-up
    heap (flake8, its plugins, this plugin's modules), which every full collection of the run would
    walk again otherwise; a run of one file (an editor's) never pays for that.  The start-up heap is
    frozen after a young collection only: a full one costs 15-20 ms and finds some 150 objects
    there, which stay frozen.
    """

    def __init__(self) -> None:
        self._clearers: list[Callable[[], None]] = []
        self._grown = 0
        self._frozen = 0
        self._files = 0
        self._froze = False
        #: Counts the flake8 runs of the process: what was validated against the disk during a run
        #: (a folder's dependency files, another module's stamp) is not stat'ed again in that run,
        #: for each of its files; the next run (an editor's next save, in a long-lived process)
        #: validates it again.
        self.generation = 0

    def register(self, clear: Callable[[], None]) -> Callable[[], None]:
        """Remember how to clear one cache; returns ``clear`` so it can be used inline."""
        self._clearers.append(clear)
        return clear

    def reset(self) -> None:
        """Forget everything every cache holds."""
        for clear in self._clearers:
            clear()
        if self._froze:
            gc.unfreeze()
        self._grown = self._frozen = 0
        self._files = 0
        self._froze = False
        self.generation += 1

    def new_run(self) -> None:
        """A new flake8 run starts: what was validated against the disk must be validated again, and
        every path is stamped again (a stamp or a check kept from the last run would let an edit
        since then go unseen: a long-lived process's stale finding)."""
        self.generation += 1
        stamps.forget()

    def grew(self) -> None:
        """A cache kept a new parse (an analysed module, a summary) for the rest of the run."""
        self._grown += 1

    def settle(self) -> None:
        """Between files: at the second, and when the caches have doubled since the last time,
        collect and freeze."""
        self._files += 1
        if self._files != 2 and self._grown < max(FIRST_FREEZE, self._frozen):
            return
        gc.collect(1 if self._files == 2 else 2)
        gc.freeze()
        self._froze = True
        self._frozen += self._grown
        self._grown = 0


CACHES = ProcessCaches()
CACHES.register(stamps.forget)


class PerRun(Generic[K, T]):
    """What one flake8 run worked out (``CACHES.generation``): the next run of a long-lived process
    (an editor's) starts with none of it.  Registered with ``CACHES``."""

    def __init__(self) -> None:
        self._values: dict[K, T] = {}
        self._run = -1
        CACHES.register(self._values.clear)

    def current(self) -> dict[K, T]:
        """This run's values (emptied when a new run started)."""
        if self._run != CACHES.generation:
            self._values.clear()
            self._run = CACHES.generation
        return self._values


class RunChecks:
    """Which entries of a cache were validated against the disk in this run (``CACHES.generation``):
    each needs its stat once per run, not once per checked file that asks for it."""

    def __init__(self) -> None:
        self._checked: PerRun[object, None] = PerRun()

    def done(self, key: object) -> bool:
        """True when ``key`` was validated in this run; else note that it is being validated now."""
        checked = self._checked.current()
        if key in checked:
            return True
        checked[key] = None
        return False

    def clear(self) -> None:
        """Forget what was validated in this run (for tests)."""
        self._checked.current().clear()


class StatCache(Generic[T]):
    """What was read from each file, kept while its ``stamps.identity`` (times and size) is unchanged,
    so a long-lived process (an editor's) sees edits at its next run; within one run (``generation``)
    each file is stat'ed once, however many checked files ask for it.  Registered with ``CACHES``."""

    def __init__(self, missing: T) -> None:
        self._missing = missing
        self._entries: dict[Path, tuple[tuple[int, int, int] | None, T]] = {}
        self._checked = RunChecks()
        CACHES.register(self._entries.clear)

    def get(self, path: Path, read: Callable[[Path], T]) -> T:
        """``read(path)``, or what it gave last time; ``missing`` for a file that cannot be stat'ed."""
        stamps.note(str(path))
        cached = self._entries.get(path)
        if self._checked.done(path) and cached is not None:
            return cached[1]
        try:
            key = stamps.identity(str(path))
        except OSError:
            self._entries[path] = (None, self._missing)
            return self._missing
        if cached is not None and key is not None and cached[0] == key:
            return cached[1]
        value = read(path)
        self._entries[path] = (key, value)
        CACHES.grew()
        return value


class Memo(Generic[K, T]):
    """A cache of values computed from other files for one run (``PerRun``: a long-lived process's
    next run computes them again, and so sees edits), whose hits hand every answer being recorded
    the stamps the computation noted (``stamps.capturing``): an answer that reuses a value another
    file's check computed depends on the same paths.  A value computed while nothing was recorded
    is computed again the first time a recording needs it.  Registered with ``CACHES``."""

    def __init__(self) -> None:
        self._this_run: PerRun[K, tuple[T, stamps.Recorder | None]] = PerRun()

    def _entries(self) -> dict[K, tuple[T, stamps.Recorder | None]]:
        return self._this_run.current()

    def get(self, key: K, compute: Callable[[], T]) -> T:
        """The value for ``key``: computed by ``compute()`` once, then reused."""
        entries = self._entries()
        found = entries.get(key)
        if found is not None:
            value, notes = found
            if notes is not None:
                stamps.replay(notes)
                return value
            if not stamps.active():
                return value
        with stamps.capturing() as notes:
            value = compute()
        entries[key] = (value, notes)
        return value

    def clear(self) -> None:
        """Forget every value."""
        self._entries().clear()
