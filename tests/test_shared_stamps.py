"""Stamps many entries share are stored once (``shared_stamps``): an entry names the block, and holds
only while every stamp of the block does, as it would with the stamps copied in."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from flake8_asyncloop import shared_stamps, stamps
from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.disk_cache import DiskCache

from .cache_files import cache_files, every_stamp, stored_entries
from .harness import write_files
from .in_process import lint


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """Twenty files, the stamps of a block."""
    made = [tmp_path / "read" / f"m{i}.py" for i in range(20)]
    for path in made:
        path.parent.mkdir(exist_ok=True)
        path.write_text("x = 1\n")
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # old: stamped without a content digest
    CACHES.reset()
    return made


def _block(paths: list[Path]) -> stamps.Recorder:
    """A finished recording of reading ``paths``, replayed into the recording open around it."""
    with stamps.capturing() as captured:
        for path in paths:
            stamps.note(str(path))
    assert captured is not None and captured.sealed
    stamps.replay(captured)
    return captured


def _recorded(paths: list[Path], own: list[Path]) -> stamps.Recorder:
    with stamps.recording(stamps.Recorder()) as recorder:
        _block(paths)
        for path in own:
            stamps.note(str(path))
    return recorder


def _pack(cache: DiskCache, recorder: stamps.Recorder) -> Any:
    stamped = recorder.stamped()
    assert stamped is not None
    return json.loads(json.dumps(shared_stamps.pack(cache, recorder, stamped)))  # as read back


def _packed(cache: DiskCache, recorder: stamps.Recorder) -> Any:
    """The entry of a second file that shares the recording's blocks (the first copies them)."""
    first = _pack(cache, recorder)
    assert first["blocks"] == [] and first["paths"] == recorder.stamped()
    return _pack(cache, recorder)


def test_an_entry_names_the_block_and_keeps_only_its_own_stamps(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    recorder = _recorded(files[:18], files[18:])
    packed = _packed(cache, recorder)
    assert sorted(packed["paths"]) == sorted(str(p) for p in files[18:])
    assert len(packed["blocks"]) == 1
    assert every_stamp(tmp_path / "cache", packed) == recorder.stamped()
    CACHES.new_run()
    held = shared_stamps.holding(cache, packed)
    assert held is not None and len(held[1]) == 1 and held[1][0].sealed


def test_the_second_entry_stores_the_block_and_later_ones_share_it(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    with stamps.recording(stamps.Recorder()):
        block = _block(files[:18])
    packed = []
    for own in files[17:20]:
        with stamps.recording(stamps.Recorder()) as recorder:
            stamps.replay(block)
            stamps.note(str(own))
        packed.append(_pack(cache, recorder))
    assert packed[0]["blocks"] == [] and len(packed[0]["paths"]) == 18
    assert packed[1]["blocks"] == packed[2]["blocks"] and len(packed[1]["blocks"]) == 1
    assert packed[2]["paths"] == {str(files[19]): stamps.stamp(str(files[19]))}
    assert len(cache_files(tmp_path / "cache")) == 1


def test_a_block_read_back_in_the_run_is_named_by_its_first_entry(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    recorder = _recorded(files[:18], files[18:])
    stored = _packed(cache, recorder)
    CACHES.new_run()
    assert shared_stamps.holding(cache, stored) is not None
    assert _pack(cache, recorder)["blocks"] == stored["blocks"]


def test_a_small_recording_is_copied_not_shared(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    packed = _packed(cache, _recorded(files[: stamps.BLOCK_MIN - 1], files[18:]))
    assert packed["blocks"] == [] and len(packed["paths"]) == stamps.BLOCK_MIN - 1 + 2
    assert cache_files(tmp_path / "cache") == []


def test_a_block_stamped_otherwise_than_the_entry_is_not_used(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    recorder = _recorded(files[:18], files[18:])
    stamped = recorder.stamped()
    assert stamped is not None
    stamped[str(files[0])] = None  # the entry says absent, the block says a file
    for _ in range(2):  # the first entry to name a block copies it anyway
        packed = shared_stamps.pack(cache, recorder, stamped)
        assert packed["blocks"] == [] and packed["paths"] == stamped


def _probed(paths: list[Path], read: list[Path]) -> stamps.Recorder:
    """An entry's recording: a finished recording that only probed ``paths``, then ``read`` read."""
    with stamps.recording(stamps.Recorder()) as recorder:
        with stamps.capturing() as captured:
            for path in paths:
                stamps.note_kind(str(path))
        assert captured is not None
        stamps.replay(captured)
        for path in read:
            stamps.note(str(path))
    return recorder


def test_a_block_of_probed_paths_is_shared(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    recorder = _probed(files[:18], files[18:])
    packed = _packed(cache, recorder)
    assert len(packed["blocks"]) == 1 and sorted(packed["paths"]) == sorted(str(p) for p in files[18:])
    assert every_stamp(tmp_path / "cache", packed) == recorder.stamped()


def test_a_block_of_probes_stamped_otherwise_is_not_used(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    recorder = _probed(files[:18], [])
    stamped = recorder.stamped()
    assert stamped is not None
    stamped[str(files[0])] = None  # the entry says absent, the block says a file
    for _ in range(2):
        packed = shared_stamps.pack(cache, recorder, stamped)
        assert packed["blocks"] == [] and packed["paths"] == stamped


def test_a_block_that_probed_a_path_the_entry_read_is_not_used(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    recorder = _probed(files[:18], files[:1])  # the entry read the first file the block only probed
    stamped = recorder.stamped()
    assert stamped is not None and isinstance(stamped[str(files[0])], list)
    for _ in range(2):
        packed = _pack(cache, recorder)
        assert packed["blocks"] == [] and packed["paths"] == json.loads(json.dumps(stamped))


def test_a_changed_file_of_the_block_makes_the_entry_miss(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    packed = _packed(cache, _recorded(files[:18], files[18:]))
    files[5].write_text("x = 22\n")
    CACHES.new_run()
    assert shared_stamps.holding(cache, packed) is None


def test_a_block_rewritten_or_damaged_on_disk_makes_the_entry_miss(files: list[Path], tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    packed = _packed(cache, _recorded(files[:18], files[18:]))
    (stored,) = cache_files(tmp_path / "cache")
    entry = json.loads(stored.read_text())
    entry["value"]["stamps"][str(files[1])] = None  # another run's stamps for the same paths
    stored.write_text(json.dumps(entry))
    CACHES.new_run()
    assert shared_stamps.holding(cache, packed) is None
    stored.write_text("{")
    CACHES.new_run()
    assert shared_stamps.holding(cache, packed) is None


@pytest.mark.parametrize("broken", [None, [], {"paths": {}}, {"paths": {}, "blocks": [["x"]]}])
def test_a_malformed_entry_is_a_miss(broken: Any, tmp_path: Path) -> None:
    assert shared_stamps.holding(DiskCache(tmp_path / "cache"), broken) is None


SUITE = {
    "pyproject.toml": "[tool.pytest.ini_options]\nasyncio_mode = 'auto'\n",
    "tests/__init__.py": "",
    "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\nasync def client():\n    return 1\n",
    **{f"tests/area{i}/__init__.py": "" for i in range(10)},
    **{f"tests/area{i}/conftest.py": f"import pytest\n\n\n@pytest.fixture\ndef thing{i}():\n    return {i}\n"
       for i in range(10)},
    **{f"tests/area{i}/test_{j}.py": (
        "import asyncio\n\n\nasync def test_one(client):\n    asyncio.get_event_loop()\n"
    ) for i in range(10) for j in range(2)},
}


def _findings_entries(cache: Path) -> dict[str, Any]:
    prefix = "findings:"
    return {e.key.removeprefix(prefix): e.value for e in stored_entries(cache) if e.key.startswith(prefix)}


def test_a_suite_stores_blocks_and_a_warm_run_finds_the_same(tmp_path: Path) -> None:
    project = tmp_path / "project"  # the cache outside it: no folder the tests read changes
    write_files(project, SUITE)
    args = ["--select", "ALP", f"--asyncloop-cache-dir={tmp_path / 'cache'}", "tests"]
    cold = lint(args, cwd=project)
    assert cold.stdout.count("ALP003") == 20
    before = _findings_entries(tmp_path / "cache")
    tests = {path: entry for path, entry in before.items() if Path(path).name.startswith("test_")}
    assert len(tests) == 20 and sum(bool(entry["stamps"]["blocks"]) for entry in tests.values()) >= 10
    blocks = sum(entry.key.startswith("stamps:") for entry in stored_entries(tmp_path / "cache"))
    assert 0 < blocks < 20
    conftest = str(project / "tests" / "conftest.py")
    assert all(conftest in every_stamp(tmp_path / "cache", entry["stamps"]) for entry in tests.values())
    assert lint(args, cwd=project).stdout == cold.stdout
    assert _findings_entries(tmp_path / "cache") == before  # all answered from the entries
    (project / "tests" / "area7" / "conftest.py").write_text("import pytest\n")
    assert lint(args, cwd=project).stdout == cold.stdout
    after = _findings_entries(tmp_path / "cache")
    rewritten = {Path(path).name for path in after if after[path] != before[path] and "/area7/" in path}
    assert rewritten == {"conftest.py", "test_0.py", "test_1.py"}
