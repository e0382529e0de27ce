"""Stamps: what makes a recorded answer stale, and what does not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from flake8_asyncloop import stamps
from flake8_asyncloop.caches import CACHES, Memo


@pytest.fixture(autouse=True)
def fresh() -> None:
    CACHES.reset()


@pytest.fixture
def old(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every path had last changed long ago: only the times decide, no digest."""
    monkeypatch.setattr(stamps, "RECENT_NS", 0)


def test_a_folder_keeps_its_stamp_when_only_ignored_names_appear(tmp_path: Path, old: None) -> None:
    (tmp_path / "test_a.py").write_text("")
    stored = stamps.stamp(str(tmp_path))
    for name in (".test_a.py.swp", "test_a.py~", ".coverage", "__pycache__", "x.pyc", ".tmp-123"):
        (tmp_path / name).mkdir() if name == "__pycache__" else (tmp_path / name).write_text("")
    assert stamps.holds(str(tmp_path), stored)
    (tmp_path / "conftest.py").write_text("")
    assert not stamps.holds(str(tmp_path), stored)


@pytest.mark.parametrize(("name", "folder"), [
    ("requirements.txt", False), (".pytest.ini", False), ("pkg", True), (".hidden", True),
])
def test_a_folder_stamp_sees_names_a_reader_may_read(
    tmp_path: Path, old: None, name: str, folder: bool
) -> None:
    stored = stamps.stamp(str(tmp_path))
    (tmp_path / name).mkdir() if folder else (tmp_path / name).write_text("")
    assert not stamps.holds(str(tmp_path), stored)


def test_a_file_stamp_sees_a_same_size_rewrite_within_the_same_time(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text("a = 1\n")
    stored = stamps.stamp(str(path))
    before = path.stat()
    path.write_text("b = 1\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not stamps.holds(str(path), stored)


def test_a_parse_is_kept_by_times_and_size_and_not_for_a_recent_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mod.py"
    path.write_text("a = 1\n")
    assert stamps.identity(str(path)) is None  # just written: a same-tick rewrite could look alike
    monkeypatch.setattr(stamps, "RECENT_NS", 0)
    first = stamps.identity(str(path))
    assert first is not None and stamps.identity(str(path)) == first
    before = path.stat()
    time.sleep(0.05)  # past the change time's clock tick
    path.write_text("b = 1\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same modification time
    assert stamps.identity(str(path)) != first
    path.unlink()
    with pytest.raises(OSError):
        stamps.identity(str(path))


def test_a_kind_holds_while_the_path_is_what_it_was(tmp_path: Path) -> None:
    path = tmp_path / "pytest.ini"
    assert stamps.kind(str(path)) is None and stamps.holds(str(path), None)
    path.write_text("[pytest]\n")
    assert not stamps.holds(str(path), None)
    assert stamps.holds(str(path), "file") and not stamps.holds(str(path), "dir")
    path.write_text("[pytest]\nasyncio_mode = auto\n")
    assert stamps.holds(str(path), "file")  # a probe for what it is, not a read


def test_anything_but_a_stamp_never_holds(tmp_path: Path) -> None:
    path = tmp_path / "x.py"
    path.write_text("")
    for stored in ("folder", ["x"], [1, 2], {"a": 1}, 3, ["folder", 1, 2, "unreadable", False]):
        assert not stamps.holds(str(path), stored)


def test_a_kind_and_a_read_of_one_path_must_agree(tmp_path: Path) -> None:
    path = str(tmp_path / "conftest.py")
    recorder = stamps.Recorder()
    with stamps.recording(recorder):
        stamps.note_kind(path)  # absent when probed ...
        (tmp_path / "conftest.py").write_text("")
        stamps._STAMPS.pop(path, None)
        stamps.note(path)  # ... present when read: the run saw it change
    assert recorder.stamped() is None


def test_a_reused_value_hands_its_stamps_to_every_answer(tmp_path: Path) -> None:
    memo: Memo[str, int] = Memo()
    path = tmp_path / "pytest.ini"

    def compute() -> int:
        stamps.note_kind(str(path))
        return 1

    first, second = stamps.Recorder(), stamps.Recorder()
    with stamps.recording(first):
        assert memo.get("k", compute) == 1
    with stamps.recording(second):
        assert memo.get("k", lambda: 2) == 1  # reused, not computed again
    assert first.stamped() == second.stamped() == {str(path): None}


def test_a_value_computed_unrecorded_is_computed_again_for_a_recording(tmp_path: Path) -> None:
    memo: Memo[str, int] = Memo()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        stamps.note_kind(str(tmp_path))
        return len(calls)

    assert memo.get("k", compute) == 1
    recorder = stamps.Recorder()
    with stamps.recording(recorder):
        assert memo.get("k", compute) == 2
    assert recorder.stamped() == {str(tmp_path): "dir"}


def test_recordings_share_one_copy_of_each_path(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text("")
    spelled = [os.path.join(str(tmp_path), "mod.py"), str(tmp_path / "mod.py")]
    assert spelled[0] == spelled[1] and spelled[0] is not spelled[1]
    first, second = stamps.Recorder(), stamps.Recorder()
    for recorder, path in zip((first, second), spelled):
        with stamps.recording(recorder):
            stamps.note(path)
            stamps.note_kind(path + "i")
    (key_one,), (key_two,) = first.paths, second.paths
    assert key_one == spelled[0] and key_one is key_two
    assert next(iter(first.kinds)) is next(iter(second.kinds))


def test_sealed_recordings_with_nothing_done_share_one_empty_set() -> None:
    first, second = stamps.Recorder(), stamps.Recorder()
    with stamps.recording(first):
        assert stamps.first_time("walk") and not stamps.first_time("walk")
    assert first.seal().done == {"walk"}
    assert second.seal().done is stamps.Recorder().seal().done  # one shared empty set
    with pytest.raises(AssertionError):
        second.mark("late")  # a sealed recording is never recorded into


def test_a_recording_replayed_twice_into_one_answer_is_merged_once(tmp_path: Path) -> None:
    captured = stamps.Recorder()
    with stamps.recording(captured):
        stamps.note_kind(str(tmp_path / "a.py"))
    captured.seal()
    answer = stamps.Recorder()
    with stamps.recording(answer):
        stamps.replay(captured)
        answer.kinds.clear()
        stamps.replay(captured)  # already in: not merged again
    assert answer.kinds == {} and answer.done == {captured}


def test_answers_recording_one_module_lookup_share_its_plain_data(tmp_path: Path) -> None:
    from flake8_asyncloop.patching.finder import ModuleFinder, location_data

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    finder = ModuleFinder((str(tmp_path),), (str(tmp_path),))
    first, second = stamps.Recorder(), stamps.Recorder()
    for recorder in (first, second):
        with stamps.recording(recorder):
            location = finder.find("app")
            assert finder.find("app.absent") is None
    package = tmp_path / "app"
    assert first.modules["app"] == location_data(location)
    assert location_data(location) == ["source", str(package / "__init__.py"), [str(package)], True]
    assert first.modules["app"] is second.modules["app"] and first.modules["app.absent"] is None


def test_sealed_recordings_with_nothing_said_looked_up_or_shared_share_one_read_only_mapping() -> None:
    empty, full = stamps.Recorder().seal(), stamps.Recorder()
    with stamps.recording(full):
        stamps.note_said("a line")
        stamps.note_module("app", None, [["/r"], []])
    full.seal()
    assert full.said == {"a line": None} and full.modules == {"app": None}
    assert len({id(empty.said), id(empty.modules), id(empty.blocks), id(full.blocks)}) == 1 and not empty.said
    with pytest.raises(TypeError):
        empty.said.update(x=None)
    with pytest.raises(TypeError):
        empty.modules["m"] = None
    answer = stamps.Recorder()
    with stamps.recording(answer):
        stamps.replay(empty)
        stamps.replay(full)  # reading a shared mapping into a live recording is fine
    assert answer.said == {"a line": None} and answer.modules == {"app": None}
