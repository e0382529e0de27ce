"""once: a message is said by the first process of a flake8 run that has it, not by every worker."""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from pathlib import Path

import pytest

from flake8_asyncloop import once


@pytest.fixture
def fresh_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(once, "_said", set())
    monkeypatch.setattr(once, "_run_folder", None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _ask(message: str, answers: multiprocessing.Queue[bool]) -> None:
    answers.put(once.first_time(message))


@pytest.mark.skipif(sys.platform == "win32", reason="flake8 forks its workers only where fork exists")
def test_forked_workers_share_what_was_said(fresh_run: None, tmp_path: Path) -> None:
    once.start_run()
    assert once._run_folder is not None and os.path.dirname(once._run_folder) == str(tmp_path)
    assert once.first_time("said by the main process")
    context = multiprocessing.get_context("fork")
    answers: multiprocessing.Queue[bool] = context.Queue()
    for message in ("said by the main process", "said by a worker", "said by a worker"):
        worker = context.Process(target=_ask, args=(message, answers))
        worker.start()
        worker.join()
    assert [answers.get(timeout=10) for _ in range(3)] == [False, True, False]
    assert not once.first_time("said by a worker")


def test_without_a_run_folder_each_process_says_it_once(fresh_run: None) -> None:
    assert once.first_time("x") and not once.first_time("x")
    once.forget()
    assert once.first_time("x")


def test_start_run_is_idempotent(fresh_run: None) -> None:
    once.start_run()
    first = once._run_folder
    once.start_run()
    assert once._run_folder == first
