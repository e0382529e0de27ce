"""Checked files' entries kept one file per folder and writer (``disk_buckets``): a cold run writes a
folder's entries together, each process its own slot, so ``--jobs`` workers never overwrite each
other; a reader merges the slots, the latest entry winning; a damaged or foreign slot file is a
miss for its entries only; what a process keeps is written at its exit, a pool worker's too."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from flake8_asyncloop import disk_buckets, disk_cache
from flake8_asyncloop.disk_buckets import Buckets, writer_slot

from .cache_files import bucket_lines, stored_entries
from .harness import copy_example, run_flake8

KEY = "findings:"


class _Process:
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.mark.parametrize("name, slot", [
    ("MainProcess", 0), ("ForkPoolWorker-1", 1), ("SpawnPoolWorker-2", 2), ("ForkPoolWorker-67", 3),
    ("Process-x", 0), ("worker", 0),
])
def test_a_pool_worker_writes_the_slot_of_its_number(
    name: str, slot: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing, "current_process", lambda: _Process(name))
    assert writer_slot() == slot


def _space(tmp_path: Path) -> Path:
    space = tmp_path / "space"
    space.mkdir(exist_ok=True)
    return space


def _buckets(tmp_path: Path) -> Buckets:
    return Buckets(_space(tmp_path), "ns")


def _written(tmp_path: Path) -> list[Path]:
    return sorted(_space(tmp_path).glob("b-*.json"))


def _temporary(tmp_path: Path) -> list[Path]:
    return sorted(_space(tmp_path).glob(".tmp-*"))


def _as_slot(monkeypatch: pytest.MonkeyPatch, slot: int) -> None:
    monkeypatch.setattr(disk_buckets, "writer_slot", lambda: slot)


def test_entries_of_one_folder_are_written_together_when_another_folder_starts(tmp_path: Path) -> None:
    buckets = _buckets(tmp_path)
    for name in ("a", "b", "c"):
        buckets.store("/p/tests", f"{KEY}/p/tests/test_{name}.py", {"file": name})
    assert _written(tmp_path) == [] and len(_temporary(tmp_path)) == 1  # one file, as they come
    buckets.store("/p/other", f"{KEY}/p/other/test_x.py", {"file": "x"})
    (tests,) = _written(tmp_path)
    assert tests.name.endswith("-0.json")
    assert [key for key, _, _ in bucket_lines(tests)] == [f"{KEY}/p/tests/test_{name}.py" for name in "abc"]
    buckets.flush()
    assert len(_written(tmp_path)) == 2 and _temporary(tmp_path) == []
    reader = _buckets(tmp_path)
    assert reader.load("/p/tests", f"{KEY}/p/tests/test_b.py") == {"file": "b"}
    assert reader.load("/p/other", f"{KEY}/p/other/test_x.py") == {"file": "x"}
    assert reader.load("/p/tests", f"{KEY}/p/tests/test_z.py") is None


def test_a_process_reads_its_entries_back_once_written(tmp_path: Path) -> None:
    buckets = _buckets(tmp_path)
    buckets.store("/p/tests", f"{KEY}/p/tests/test_a.py", [1, 2])
    assert buckets.load("/p/tests", f"{KEY}/p/tests/test_a.py") is None
    buckets.flush()
    assert buckets.load("/p/tests", f"{KEY}/p/tests/test_a.py") == [1, 2]


def test_a_write_keeps_what_the_slot_held_and_replaces_what_it_stores_again(tmp_path: Path) -> None:
    first = _buckets(tmp_path)
    first.store("/p/t", f"{KEY}/p/t/a.py", "a1")
    first.store("/p/t", f"{KEY}/p/t/b.py", "b1")
    first.flush()
    second = _buckets(tmp_path)  # the next run of the same slot
    second.store("/p/t", f"{KEY}/p/t/b.py", "b2")
    second.flush()
    (only,) = _written(tmp_path)
    assert sorted(key for key, _, _ in bucket_lines(only)) == [f"{KEY}/p/t/a.py", f"{KEY}/p/t/b.py"]
    reader = _buckets(tmp_path)
    assert [reader.load("/p/t", f"{KEY}/p/t/{n}.py") for n in "ab"] == ["a1", "b2"]


def test_a_cache_that_cannot_write_drops_its_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = disk_cache.DiskCache(tmp_path / "cache")
    key = f"{KEY}{tmp_path / 'tests' / 'test_a.py'}"
    cache.store(key, "a")
    assert len(list((tmp_path / "cache").glob("v*/.tmp-*"))) == 1

    def full(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disk_buckets.os, "write", full)
    cache.store(f"{KEY}{tmp_path / 'tests' / 'test_b.py'}", "b")  # the same folder's file, now full
    assert not cache.enabled and "cannot write the cache folder" in capsys.readouterr().err
    assert list((tmp_path / "cache").glob("v*/*")) == []


def test_a_temporary_file_a_killed_process_left_is_removed(tmp_path: Path) -> None:
    stale, fresh = _space(tmp_path) / ".tmp-old", _space(tmp_path) / ".tmp-new"
    stale.write_text("half")
    fresh.write_text("being written")
    os.utime(stale, (1, 1))
    assert _buckets(tmp_path).load("/p/t", f"{KEY}/p/t/a.py") is None  # the folder is listed once
    assert _temporary(tmp_path) == [fresh]


def test_each_worker_writes_its_slot_and_the_latest_entry_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for slot, value in ((1, "old"), (2, "new")):  # slot 2 written after slot 1
        _as_slot(monkeypatch, slot)
        buckets = _buckets(tmp_path)
        buckets.store("/p/t", f"{KEY}/p/t/shared.py", value)
        buckets.store("/p/t", f"{KEY}/p/t/only{slot}.py", slot)
        buckets.flush()
    assert sorted(p.name.rsplit("-", 1)[1] for p in _space(tmp_path).iterdir()) == ["1.json", "2.json"]
    reader = _buckets(tmp_path)
    assert reader.load("/p/t", f"{KEY}/p/t/shared.py") == "new"
    assert [reader.load("/p/t", f"{KEY}/p/t/only{n}.py") for n in (1, 2)] == [1, 2]


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]\n", b'{"namespace": "other", "bucket": "/p/t"}\n["findings:/p/t/w%d.py", 1]\t1\n',
    b'{"namespace": "ns", "bucket": "/elsewhere"}\n["findings:/p/t/w%d.py", 1]\t1\n',
    b'{"namespace": "ns", "bucket": "/p/t"}\n["findings:/p/t/w%d.py", "x"]\t1\n',
    b'{"namespace": "ns", "bucket": "/p/t"}\n["findings:/p/t/w%d.py", 1]\t{half\n',
    b'{"namespace": "ns", "bucket": "/p/t"}\n{"findings:/p/t/w%d.py": 1, "x": 2}\t1\n',
])
def test_a_damaged_or_foreign_slot_is_a_miss_for_its_entries_only(
    damage: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for slot in (1, 2):
        _as_slot(monkeypatch, slot)
        buckets = _buckets(tmp_path)
        buckets.store("/p/t", f"{KEY}/p/t/w{slot}.py", slot)
        buckets.flush()
    (one, _) = sorted(_space(tmp_path).iterdir())
    slot_of_one = int(one.stem.rsplit("-", 1)[1])
    one.write_bytes(damage.replace(b"%d", str(slot_of_one).encode()))
    reader = _buckets(tmp_path)
    assert reader.load("/p/t", f"{KEY}/p/t/w{slot_of_one}.py") is None
    assert reader.load("/p/t", f"{KEY}/p/t/w{3 - slot_of_one}.py") == 3 - slot_of_one
    _as_slot(monkeypatch, slot_of_one)  # the damaged slot's next write starts it afresh
    writer = _buckets(tmp_path)
    writer.store("/p/t", f"{KEY}/p/t/w{slot_of_one}.py", "again")
    writer.flush()
    assert _buckets(tmp_path).load("/p/t", f"{KEY}/p/t/w{slot_of_one}.py") == "again"


def test_a_new_run_reads_what_other_processes_wrote_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = _buckets(tmp_path)
    assert reader.load("/p/t", f"{KEY}/p/t/a.py") is None  # listed: no bucket yet
    _as_slot(monkeypatch, 1)
    other = _buckets(tmp_path)
    other.store("/p/t", f"{KEY}/p/t/a.py", "a")
    other.flush()
    assert reader.load("/p/t", f"{KEY}/p/t/a.py") is None  # this run's listing stands
    reader.forget()
    assert reader.load("/p/t", f"{KEY}/p/t/a.py") == "a"


def test_same_slot_writers_never_leave_a_torn_bucket(tmp_path: Path) -> None:
    """Two runs writing slot 0 at once (an editor's and a terminal's): a reader sees whole entries."""
    key = f"{KEY}{tmp_path / 'tests' / 'test_a.py'}"
    values = [{"writer": n, "data": "x" * 50_000 * (n + 1)} for n in range(3)]
    first = disk_cache.DiskCache(tmp_path / "cache")
    first.store(key, values[0])
    first.flush()
    seen: list[object] = []
    stop = threading.Event()
    caches = [disk_cache.DiskCache(tmp_path / "cache") for _ in values[1:]]

    def write(cache: disk_cache.DiskCache, value: dict[str, object]) -> None:
        for _ in range(20):
            cache.store(key, value)
            cache.flush()

    def read() -> None:
        reader = disk_cache.DiskCache(tmp_path / "cache")
        while not stop.is_set():
            reader.new_run()
            seen.append(reader.load(key))

    writers = [threading.Thread(target=write, args=pair) for pair in zip(caches, values[1:])]
    reader = threading.Thread(target=read)
    for thread in (reader, *writers):
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    reader.join()
    # a file renamed over the one a reader indexed is a miss for it, never another entry or half of one
    assert any(value is not None for value in seen) and all(value in (None, *values) for value in seen)
    assert all(cache.enabled for cache in caches) and not list((tmp_path / "cache").glob("v*/.tmp-*"))


_STORE_AND_EXIT = """
import multiprocessing, sys
from pathlib import Path
from flake8_asyncloop import disk_cache

def store(name):
    cache = disk_cache.DiskCache(Path(sys.argv[1]))
    cache.store("findings:" + str(Path(sys.argv[2]) / name), {"by": name})
    return multiprocessing.current_process().name

if __name__ == "__main__":
    store("main.py")
    with multiprocessing.get_context(sys.argv[3]).Pool(2) as pool:
        names = pool.map(store, ["worker.py"])
        pool.close()
        pool.join()
    print(names[0])
"""


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_what_a_process_keeps_is_written_at_its_exit_a_pool_workers_too(
    method: str, tmp_path: Path
) -> None:
    script = tmp_path / "store.py"
    script.write_text(_STORE_AND_EXIT)
    folder = tmp_path / "tests"
    proc = subprocess.run([sys.executable, str(script), str(tmp_path / "cache"), str(folder), method],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    worker = proc.stdout.strip()
    found = {entry.key: (entry.path.stem.rsplit("-", 1)[1], entry.value)
             for entry in stored_entries(tmp_path / "cache")}
    assert found == {
        f"{KEY}{folder / 'main.py'}": ("0", {"by": "main.py"}),
        f"{KEY}{folder / 'worker.py'}": (str(writer_slot_of(worker)), {"by": "worker.py"}),
    }


def writer_slot_of(name: str) -> int:
    return int(name.rsplit("-", 1)[1]) % disk_buckets.SLOTS


def test_a_jobs_run_writes_a_slot_per_worker_and_a_serial_run_reads_them_all(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "example"
    target = tmp_path / copy_example(example, tmp_path)
    cache = f"--asyncloop-cache-dir={tmp_path / 'cache'}"
    cold = run_flake8(["--select", "ALP", cache, "--jobs", "2", "."], cwd=target)
    slots = {path.stem.rsplit("-", 1)[1] for path in (tmp_path / "cache").glob("v*/b-*.json")}
    assert slots and "0" not in slots, slots  # the workers wrote, each its own slot
    code = ("import sys\nfrom flake8.main.cli import main\ntry:\n    main(sys.argv[1:])\n"
            "finally:\n    print('astroid' in sys.modules, file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FLAKE8"))}
    warm = subprocess.run([sys.executable, "-c", code, "--select", "ALP", cache, "--jobs", "1", "."],
                          cwd=target, env=env, capture_output=True, text=True, timeout=300)
    assert sorted(warm.stdout.splitlines()) == sorted(cold.stdout.splitlines()) and "ALP004" in cold.stdout
    assert warm.stderr.strip() == "False", "a warm run imported astroid: an entry was missed"


def _bucket_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("v*/b-*.json"))


def test_a_cold_run_writes_a_file_per_folder_not_per_checked_file(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "example"
    target = tmp_path / copy_example(example, tmp_path)
    run_flake8(["--select", "ALP", f"--asyncloop-cache-dir={tmp_path / 'cache'}", "--jobs", "1", "."],
               cwd=target)
    checked = [e for e in stored_entries(tmp_path / "cache") if e.key.startswith(KEY)]
    folders = {os.path.dirname(e.key.removeprefix(KEY)) for e in checked}
    assert len(checked) > len(folders) and len(_bucket_files(tmp_path / "cache")) == len(folders)


def test_a_line_an_interrupt_cut_short_is_dropped_when_the_bucket_is_written(tmp_path: Path) -> None:
    buckets = _buckets(tmp_path)
    buckets.store("/p/t", f"{KEY}/p/t/a.py", {"whole": True})
    pending = buckets._pending["/p/t"]
    os.write(pending.fd, b'["findings:/p/t/b.py", 1]\t{"half')  # a KeyboardInterrupt mid-entry
    buckets.flush()
    (written,) = _written(tmp_path)
    assert [key for key, _, _ in bucket_lines(written)] == [f"{KEY}/p/t/a.py"]
    assert written.read_bytes().endswith(b"}\n")
    assert _buckets(tmp_path).load("/p/t", f"{KEY}/p/t/a.py") == {"whole": True}


def test_an_error_finishing_the_buckets_at_exit_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = disk_cache.DiskCache(tmp_path / "cache")
    cache.store(f"{KEY}{tmp_path / 'tests' / 'test_a.py'}", "a")

    def broken() -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(cache._buckets, "flush", broken)
    disk_buckets.flush_waiting()
    err = capsys.readouterr().err
    assert not cache.enabled and err.count("\n") == 1 and "RuntimeError: unexpected" in err
    assert list((tmp_path / "cache").glob("v*/*")) == []


def test_an_entry_is_read_from_where_the_index_says_only_while_it_is_there(tmp_path: Path) -> None:
    writer = _buckets(tmp_path)
    for name in "ab":
        writer.store("/p/t", f"{KEY}/p/t/{name}.py", name * 3)
    writer.flush()
    reader = _buckets(tmp_path)
    assert reader.load("/p/t", f"{KEY}/p/t/b.py") == "bbb"  # indexed now
    again = _buckets(tmp_path)
    again.store("/p/t", f"{KEY}/p/t/a.py", "a much longer value than before")
    again.flush()  # b's line moved
    assert reader.load("/p/t", f"{KEY}/p/t/b.py") is None
    reader.forget()
    assert reader.load("/p/t", f"{KEY}/p/t/b.py") == "bbb"


def test_a_flat_folders_bucket_is_indexed_not_held(tmp_path: Path) -> None:
    import tracemalloc

    writer = _buckets(tmp_path)
    for n in range(300):
        writer.store("/p/flat", f"{KEY}/p/flat/test_{n}.py", "x" * 20_000)
    writer.flush()
    assert len(_written(tmp_path)) == 1
    reader = _buckets(tmp_path)
    tracemalloc.start()
    try:
        assert reader.load("/p/flat", f"{KEY}/p/flat/test_7.py") == "x" * 20_000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak  # the bucket is 6 MB
    rewriter = _buckets(tmp_path)
    rewriter.store("/p/flat", f"{KEY}/p/flat/test_7.py", "y")
    tracemalloc.start()
    try:
        rewriter.flush()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak
    assert _buckets(tmp_path).load("/p/flat", f"{KEY}/p/flat/test_8.py") == "x" * 20_000
    assert _buckets(tmp_path).load("/p/flat", f"{KEY}/p/flat/test_7.py") == "y"
