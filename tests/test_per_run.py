"""What one flake8 run works out is kept for that run only (``caches.PerRun``): a long-lived
process's next run (``CACHES.new_run``) starts empty, as after ``CACHES.reset``."""

from __future__ import annotations

from pathlib import Path

from flake8_asyncloop import stamps
from flake8_asyncloop.caches import CACHES, Memo, PerRun, RunChecks


def test_a_new_run_starts_empty() -> None:
    values: PerRun[str, int] = PerRun()
    values.current()["a"] = 1
    assert values.current() == {"a": 1}
    CACHES.new_run()
    assert values.current() == {}
    values.current()["b"] = 2
    CACHES.reset()
    assert values.current() == {}


def test_a_memo_computes_once_per_run_and_again_next_run() -> None:
    calls: list[str] = []

    def computing(name: str) -> int:
        calls.append(name)
        return 1

    memo: Memo[str, int] = Memo()
    for _ in range(2):
        assert memo.get("x", lambda: computing("x")) == 1
        assert memo.get("y", lambda: computing("y")) == 1
    CACHES.new_run()
    memo.get("x", lambda: computing("x"))
    assert calls == ["x", "y", "x"]


def test_a_new_run_stamps_every_path_again(tmp_path: Path) -> None:
    """A stamp or a check kept from the last run would hide an edit made since (``stamps.forget``)."""
    path = tmp_path / "m.py"
    path.write_text("x = 1\n")
    with stamps.recording(stamps.Recorder()) as first:
        stamps.note(str(path))
    old = first.paths[str(path)]
    assert stamps.held(str(path), old)
    path.write_text("x = 22\n")
    assert stamps.held(str(path), old)  # checked once per run
    CACHES.new_run()
    assert not stamps.held(str(path), old)
    with stamps.recording(stamps.Recorder()) as second:
        stamps.note(str(path))
    assert second.paths[str(path)] != old


def test_run_checks_say_done_once_per_run() -> None:
    checks = RunChecks()
    assert not checks.done("f") and checks.done("f") and not checks.done("g")
    CACHES.new_run()
    assert not checks.done("f") and checks.done("f")
    checks.clear()
    assert not checks.done("f") and checks.done("f")
