"""Run flake8 inside the test process: the same Application a user's ``python -m flake8`` runs,
without starting an interpreter and importing flake8 and the plugin again for every case.

Isolation: every cache of the plugin is reset before each run (``flake8_asyncloop.caches``),
the working folder is the case's folder, and ``sys.path`` is what ``python -m flake8`` started
there would have (the folder itself, then the interpreter's own paths — not this repository or its
tests, which pytest put there).  Use ``harness.run_flake8`` (a real process) where the process
itself is what a test proves: the entry point, ``--jobs``, the ``flake8`` command's ``sys.path``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from flake8 import utils
from flake8.main.application import Application

from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.disk_buckets import flush_waiting

from .harness import Result, cache_args

_REPOSITORY = Path(__file__).resolve().parent.parent


def lint(args: Sequence[str], cwd: Path, stdin: str | None = None, fresh: bool = True) -> Result:
    """Run flake8 with ``args`` in ``cwd`` (``stdin`` for ``-``), one worker, and capture its output.
    ``fresh=False``: keep what the plugin's caches hold, as a long-lived process's next run does."""
    if fresh:
        CACHES.reset()
    utils.stdin_get_value.cache_clear()
    out, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="")
    stdin_stream = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    with _as_if_started_in(cwd), contextlib.redirect_stderr(err), _streams(stdout, stdin_stream):
        app = Application()
        try:
            app.run(["--jobs=1", *cache_args(args), *args])
            code = app.exit_code()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            flush_waiting()  # what the process's exit does: write the entries it keeps
    stdout.flush()
    return Result(code, out.getvalue().decode("utf-8"), err.getvalue())


@contextlib.contextmanager
def _as_if_started_in(cwd: Path) -> Iterator[None]:
    """The working folder and ``sys.path`` of ``python -m flake8`` started in ``cwd``."""
    saved_cwd, saved_path = os.getcwd(), sys.path[:]
    os.chdir(cwd)
    sys.path[:] = [str(cwd), *(p for p in saved_path if p and not _in_repository(p))]
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        sys.path[:] = saved_path


@contextlib.contextmanager
def _streams(stdout: io.TextIOWrapper, stdin: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdout, sys.stdin
    sys.stdout, sys.stdin = stdout, stdin
    try:
        yield
    finally:
        sys.stdout, sys.stdin = saved


def _in_repository(entry: str) -> bool:
    path = Path(os.path.abspath(entry))
    return path == _REPOSITORY or _REPOSITORY in path.parents and "site-packages" not in path.parts
