"""Say a thing once per flake8 run, even when flake8 checks files in several processes (``-j``).

flake8 forks its worker processes from the main one after the plugin's options are parsed there.
``start_run`` (called from ``parse_options``) makes a folder that the forked workers inherit; the
first process to create a marker file for a message says it, the others stay quiet.  The main
process removes the folder when it exits (workers leave with ``os._exit``, which skips that).
Where there is no shared folder — a worker that re-parses the options itself (spawn start method),
or no writable temporary folder — each process says it once.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import shutil
import tempfile

from .caches import CACHES

_said: set[str] = set()
CACHES.register(_said.clear)
_run_folder: str | None = None


def start_run() -> None:
    """Make the folder this run's processes share; a no-op in a worker or when it exists.  Every
    run validates again what the per-process caches read from disk (``CACHES.new_run``)."""
    global _run_folder
    CACHES.new_run()
    if _run_folder is not None or multiprocessing.parent_process() is not None:
        return
    try:
        _run_folder = tempfile.mkdtemp(prefix="flake8-asyncloop-")
    except OSError:
        return
    atexit.register(shutil.rmtree, _run_folder, True)


def forget() -> None:
    """Forget what this process said (for tests that expect the same message again)."""
    _said.clear()


def end_run() -> None:
    """Forget this run's shared folder, so the next run in this process starts afresh."""
    global _run_folder
    if _run_folder is not None:
        shutil.rmtree(_run_folder, ignore_errors=True)
        _run_folder = None


CACHES.register(end_run)


def first_time(message: str) -> bool:
    """True the first time any process of this run asks about ``message``."""
    if message in _said:
        return False
    _said.add(message)
    if _run_folder is None:
        return True
    from .stamps import digest  # noqa: PLC0415

    marker = os.path.join(_run_folder, digest(message.encode("utf-8", "replace"), 32))
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    except OSError:
        return True
    return True
