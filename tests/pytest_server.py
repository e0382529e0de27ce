"""Run many real pytest sessions from one warmed-up interpreter (a script: ``harness.run_pytests`` starts it).

A fresh ``python -m pytest`` here spends 1-3 s of CPU before it collects anything: imports, and the
assertion rewriting of the plugins' modules (hypothesis's among them), which nothing caches when
``PYTHONDONTWRITEBYTECODE`` is set.  The runtime oracles start hundreds of sessions, so this server
runs one empty session to import every plugin as pytest itself imports it, then forks a child per
run.  A child is what ``python -m pytest ARGS`` started in that folder would be: the folder as its
working directory and ``sys.path[0]``, that ``sys.argv``, the run's environment additions, stdout
and stderr of its own, its exit status; what it imports or changes dies with it, so runs cannot
see each other.  (One difference: a traceback that escapes pytest shows the server's frames where
the interpreter's ``-m`` would show its own.)  It imports nothing of this repository: a project's
own ``tests`` package must not meet ours.  ``tests/test_pytest_server.py`` holds a run to what a
real process prints.

Usage: ``python pytest_server.py REQUEST.json ANSWER.json``; the request is
``{"jobs": N, "timeout": SECONDS, "preload": [MODULE, ...], "runs": [{"cwd": ..., "args": [...],
"env": {...}}, ...]}``,
the answer one ``{"returncode", "stdout", "stderr"}`` per run, in order.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import runpy
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@contextlib.contextmanager
def _output_to(stdout: str, stderr: str) -> Iterator[None]:
    """Point file descriptors 1 and 2 (and so ``sys.stdout`` and ``sys.stderr``) at two files."""
    saved = [os.dup(1), os.dup(2)]
    for fd, path in ((1, stdout), (2, stderr)):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, fd)
        os.close(handle)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved):
            os.dup2(copy, fd)
            os.close(copy)


def _pytest_main(args: list[str]) -> int:
    """``python -m pytest ARGS`` in this process: its ``__main__``, its argv, its exit status."""
    sys.argv = ["", *args]  # run_module puts pytest/__main__.py first, as -m does
    try:
        runpy.run_module("pytest", run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    return 0


def _child(run: dict[str, Any], stdout: str, stderr: str, timeout: int) -> None:
    """The forked child: become ``python -m pytest`` in the run's folder, then exit with its status."""
    code = 1
    try:
        atexit._clear()  # the server's exit functions are not the child's
        signal.alarm(timeout)
        with _output_to(stdout, stderr):
            os.chdir(run["cwd"])
            os.environ.update(run["env"])
            sys.path[0] = os.getcwd()
            try:
                code = _pytest_main(run["args"])
                atexit._run_exitfuncs()  # its own, as interpreter shutdown would
            except BaseException:
                traceback.print_exc()
    finally:
        os._exit(code)


def _warm_up(folder: Path, preload: list[str]) -> None:
    """One empty session: every plugin module imported (and rewritten) once, for all children; then
    the modules every run imports anyway (after the session, so none is a plugin's, left unrewritten)."""
    folder.mkdir()
    saved = os.getcwd()
    os.chdir(folder)
    with _output_to(os.devnull, os.devnull):
        pytest.main(["-p", "no:cacheprovider", "-q"])
    os.chdir(saved)
    for name in preload:
        importlib.import_module(name)
    assert threading.active_count() == 1, "forking needs a process without other threads"
    gc.collect()
    gc.freeze()  # what the server holds is no child's garbage: collections in a child skip it


def serve(request: dict[str, Any], scratch: Path) -> list[dict[str, Any]]:
    """Run every requested session, ``jobs`` at a time; their exit status and output, in order."""
    _warm_up(scratch / "warm-up", request["preload"])
    runs: list[dict[str, Any]] = request["runs"]
    files = [(str(scratch / f"{index}.out"), str(scratch / f"{index}.err")) for index in range(len(runs))]
    codes: dict[int, int] = {}
    running: dict[int, int] = {}  # pid -> run index
    for index, run in enumerate(runs):
        while len(running) >= request["jobs"]:
            pid, status = os.wait()
            codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(run, *files[index], request["timeout"])
        running[pid] = index
    while running:
        pid, status = os.wait()
        codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
    return [{"returncode": codes[index], "stdout": Path(out).read_text(errors="replace"),
             "stderr": Path(err).read_text(errors="replace")} for index, (out, err) in enumerate(files)]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch_folder:
        answer = serve(json.loads(Path(sys.argv[1]).read_text()), Path(scratch_folder))
    Path(sys.argv[2]).write_text(json.dumps(answer))
