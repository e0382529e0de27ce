"""Every cache the plugin keeps between the files of one process, reset in one place.

Each concern keeps its cache next to the code that fills it (summaries of other files, pytest
configurations, fixture namespaces, version searches, module finders) and registers how to
clear it here.  ``reset()`` forgets all of them: the in-process test runner calls it before
each run, so no test sees what an earlier one read.  Nothing here imports flake8.
"""

from __future__ import annotations

from collections.abc import Callable


class ProcessCaches:
    """The clear functions of every per-process cache."""

    def __init__(self) -> None:
        self._clearers: list[Callable[[], None]] = []

    def register(self, clear: Callable[[], None]) -> Callable[[], None]:
        """Remember how to clear one cache; returns ``clear`` so it can be used inline."""
        self._clearers.append(clear)
        return clear

    def reset(self) -> None:
        """Forget everything every cache holds."""
        for clear in self._clearers:
            clear()


CACHES = ProcessCaches()
