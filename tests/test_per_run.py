"""What one flake8 run works out is kept for that run only (``caches.PerRun``): a long-lived
process's next run (``CACHES.new_run``) starts empty, as after ``CACHES.reset``."""

from __future__ import annotations

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


def test_a_per_run_memo_computes_again_next_run_and_a_plain_one_does_not() -> None:
    calls: list[str] = []

    def computing(name: str) -> int:
        calls.append(name)
        return 1

    per_run: Memo[str, int] = Memo(per_run=True)
    kept: Memo[str, int] = Memo()
    for _ in range(2):
        assert per_run.get("x", lambda: computing("per run")) == 1
        assert kept.get("x", lambda: computing("kept")) == 1
    CACHES.new_run()
    per_run.get("x", lambda: computing("per run"))
    kept.get("x", lambda: computing("kept"))
    assert calls == ["per run", "kept", "per run"]


def test_run_checks_say_done_once_per_run() -> None:
    checks = RunChecks()
    assert not checks.done("f") and checks.done("f") and not checks.done("g")
    CACHES.new_run()
    assert not checks.done("f") and checks.done("f")
