"""The disk cache of the patch rules' answers: a warm run finds what a cold one does, and every change
to what an answer read (a module edited, moved or created, the search roots, the plugin) makes it
read again; a torn, corrupt or foreign entry, or a folder that cannot be written, is never an error."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import flake8_asyncloop
from flake8_asyncloop import disk_cache
from flake8_asyncloop.caches import CACHES

from .cache_files import Stored, every_stamp, stored_entries
from .harness import Result, copy_example, example_args, run_flake8, write_files
from . import in_process
from .in_process import lint

EXAMPLES = Path(__file__).resolve().parent / "examples"

PROJECT = {
    "pyproject.toml": "[tool.pytest.ini_options]\nasyncio_mode = 'auto'\n",
    "app/__init__.py": "",
    "app/mod.py": (
        "import asyncio\n\n\ndef fetch():\n    return 1\n\n\nasync def send():\n    await asyncio.sleep(0)\n"
    ),
    "tests/test_mod.py": (
        "from unittest import mock\n\nimport app.mod\n\n\n"
        "@mock.patch('app.mod.fetch')\ndef test_fetch(fetch):\n    assert app.mod.fetch() is fetch()\n\n\n"
        "@mock.patch('app.new.thing')\ndef test_new(thing):\n    pass\n"
    ),
}


def run(root: Path, *extra: str) -> Result:
    result = lint(["--select", "ALP", f"--asyncloop-cache-dir={root / 'cache'}", *extra, "tests"], cwd=root)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def targets(result: Result) -> set[tuple[int, str]]:
    return {(hit.row, hit.code) for hit in result.hits()}


def entries(root: Path, folder: str = "cache") -> list[Stored]:
    """The entries holding patch answers: attached to a file's findings (see test_result_cache.py), or
    on their own when no findings entry is written."""
    return [entry for entry in all_entries(root / folder) if answers_of(entry) is not None]


def answers_of(entry: Stored) -> Any:
    if entry.key.startswith("stamps:"):
        return None
    if not entry.key.startswith("findings:"):
        return entry.value
    return (entry.value.get("parts") or {}).get("patch_answers")


def all_entries(cache: Path) -> list[Stored]:
    return [entry for entry in stored_entries(cache) if not entry.key.startswith("stamps:")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(tmp_path, PROJECT)
    return tmp_path


def test_a_warm_run_answers_from_the_entry_and_finds_the_same(project: Path) -> None:
    cold = run(project)
    assert targets(cold) == {(11, "ALP004")}
    assert len(entries(project)) == 1
    stored = answers_of(entries(project)[0])
    assert str(project / "app" / "mod.py") in every_stamp(project / "cache", stored["stamps"])
    assert "app.new" in stored["modules"]
    warm = run(project)
    assert warm.stdout == cold.stdout


def test_an_edited_module_is_read_again_even_at_the_same_size_and_time(project: Path) -> None:
    run(project)
    mod = project / "app" / "mod.py"
    before = mod.stat()
    mod.write_text(mod.read_text().replace("def fetch", "def fetcx"))
    os.utime(mod, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time: only the digest
    assert targets(run(project)) == {(6, "ALP004"), (11, "ALP004")}


def test_a_created_module_and_a_moved_one_are_seen(project: Path) -> None:
    run(project)
    (project / "app" / "new.py").write_text("thing = 1\n")
    assert targets(run(project)) == set()
    (project / "app" / "mod.py").rename(project / "app" / "old.py")
    assert targets(run(project)) == {(6, "ALP004")}


def test_a_changed_pytest_pythonpath_changes_the_roots(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "pytest.ini": "[pytest]\npythonpath = code\n",
        "code/lib/__init__.py": "def go():\n    pass\n",
        "tests/test_lib.py": (
            "from unittest import mock\n\n\n@mock.patch('lib.stop')\ndef test_go(stop):\n    pass\n"
        ),
    })
    assert targets(run(tmp_path)) == {(4, "ALP004")}
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # lib is no longer importable: nothing to say
    assert targets(run(tmp_path)) == set()


def test_one_entry_per_checked_file_holds_its_findings_and_answers(project: Path) -> None:
    (project / "tests" / "test_other.py").write_text("def test_plain():\n    pass\n")
    run(project)
    stored = all_entries(project / "cache")
    keys = [entry.key for entry in stored]
    assert keys == [f"findings:{project / 'tests' / name}" for name in ("test_mod.py", "test_other.py")]
    assert len({entry.path for entry in stored}) == 1  # one file: the folder's bucket


def test_answers_stand_alone_without_a_findings_entry(project: Path) -> None:
    """``--asyncloop-explain`` skips the findings entry: the answers are kept on their own."""
    cold = run(project, "--asyncloop-explain")
    (entry,) = entries(project)
    assert not entry.key.startswith("findings:") and answers_of(entry)["answers"]
    assert targets(run(project, "--asyncloop-explain")) == targets(cold) == {(11, "ALP004")}


def test_a_findings_entry_written_again_keeps_the_answers_it_carried(project: Path) -> None:
    run(project)
    (entry,) = entries(project)
    before = answers_of(entry)
    test = project / "tests" / "test_mod.py"
    test.write_text(test.read_text() + "# an edit that asks no new question\n")
    CACHES.reset()
    assert targets(run(project)) == {(11, "ALP004")}
    (entry,) = entries(project)
    assert answers_of(entry) == before


def test_another_plugin_version_never_reads_the_entries(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project)
    (old,) = entries(project)
    monkeypatch.setattr(flake8_asyncloop, "__version__", "99.0")
    CACHES.reset()
    (project / "app" / "new.py").write_text("thing = 1\n")
    assert targets(run(project)) == set()
    (new,) = entries(project)
    assert new.path.parent.name != old.path.parent.name and "99.0" in new.path.parent.name
    assert not old.path.exists()


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"namespace": "v0", "key": "x", "value": {}}',
                                    b'{"namespace": "%s", "key": "%s", "value": {"roots": 3}}'])
def test_a_corrupt_or_foreign_entry_is_rebuilt(project: Path, damage: bytes) -> None:
    cold = run(project)
    (entry,) = all_entries(project / "cache")  # the file's findings, its patch answers attached
    filled = damage % (entry.path.parent.name.encode(), entry.key.encode()) if b"%s" in damage else damage
    entry.path.write_bytes(filled)
    again = run(project)
    assert again.stdout == cold.stdout and again.stderr == ""
    assert all_entries(project / "cache") == [entry]


def test_a_cache_folder_that_cannot_be_written_is_one_line(project: Path) -> None:
    (project / "blocker").write_text("a file where the cache folder would be\n")
    (project / "tests" / "test_other.py").write_text(PROJECT["tests/test_mod.py"])
    result = lint(["--select", "ALP", f"--asyncloop-cache-dir={project / 'blocker' / 'cache'}", "tests"],
                  cwd=project)
    assert {code for _, code in targets(result)} == {"ALP004"} and len(result.hits()) == 2
    assert result.stderr.count("cannot write the cache folder") == 1, result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_no_cache_writes_nothing_and_the_default_folder_ignores_itself(project: Path) -> None:
    lint(["--select", "ALP", "--asyncloop-no-cache", "tests"], cwd=project)
    assert not (project / ".asyncloop_cache").exists()
    lint(["--select", "ALP", "--asyncloop-cache-dir=", "tests"], cwd=project)
    assert (project / ".asyncloop_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(entries(project, ".asyncloop_cache")) == 1


def test_concurrent_writers_never_leave_a_torn_entry(tmp_path: Path) -> None:
    cache = disk_cache.DiskCache(tmp_path / "cache")
    values = [{"writer": n, "data": "x" * 50_000 * (n + 1)} for n in range(3)]
    cache.store("key", values[0])
    seen: list[object] = []
    stop = threading.Event()

    def write(value: dict[str, object]) -> None:
        for _ in range(40):
            cache.store("key", value)

    def read() -> None:
        while not stop.is_set():
            seen.append(cache.load("key"))

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(v,)) for v in values[1:]]
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    stop.set()
    reader.join()
    assert seen and all(value in values for value in seen)
    assert cache.enabled and not list((tmp_path / "cache").glob("v*/.tmp-*"))


def test_two_processes_share_one_entry(project: Path) -> None:
    code = (
        "import sys\nfrom flake8.main.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n    print('astroid' in sys.modules, file=sys.stderr)\n"
    )
    cache = f"--asyncloop-cache-dir={project / 'cache'}"
    args = [sys.executable, "-c", code, "--select", "ALP", cache, "tests"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FLAKE8"))}
    both = [subprocess.Popen(args, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outputs = [proc.communicate(timeout=300) for proc in both]
    assert outputs[0][0] == outputs[1][0] and "ALP004" in outputs[0][0]
    warm = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert warm.stdout == outputs[0][0]
    assert warm.stderr.strip() == "False", "a warm run imports astroid"


@pytest.mark.parametrize(
    "example", sorted(p.name for p in EXAMPLES.glob("alp00[479]*") if p.suffix != ".txt")
)
def test_examples_find_the_same_cold_and_warm(example: str, tmp_path: Path) -> None:
    source = EXAMPLES / example
    target = copy_example(source, tmp_path)
    cwd = tmp_path / target if source.is_dir() else tmp_path
    path = "." if source.is_dir() else str(target)
    args = ["--select", "ALP", *example_args(source), path]
    plain = lint(["--asyncloop-no-cache", *args], cwd=cwd)
    cache = f"--asyncloop-cache-dir={tmp_path / 'cache'}"
    cold, warm = lint([cache, *args], cwd=cwd), lint([cache, *args], cwd=cwd)
    assert plain.stdout == cold.stdout == warm.stdout
    assert list((tmp_path / "cache").glob("v*/*.json")), "nothing was cached"


def test_an_entry_keeps_only_the_questions_of_the_file_as_it_is(project: Path) -> None:
    run(project)
    test = project / "tests" / "test_mod.py"
    test.write_text(test.read_text().replace("app.new.thing", "app.mod.send"))
    assert targets(run(project)) == set()
    answers = answers_of(entries(project)[0])["answers"]
    assert answers and not any("app.new" in key for key in answers)
    assert any("send" in key for key in answers)


def test_parallel_workers_share_the_cache_cold_and_warm(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "example"
    target = tmp_path / copy_example(example, tmp_path)
    args = ["--select", "ALP", "--jobs", "2", "."]
    plain = run_flake8(["--asyncloop-no-cache", *args], cwd=target)
    default = "--asyncloop-cache-dir="  # the default folder, at the project's top
    cold, warm = run_flake8([default, *args], cwd=target), run_flake8([default, *args], cwd=target)
    assert "ALP004" in plain.stdout and sorted(plain.stdout.splitlines()) == sorted(cold.stdout.splitlines())
    assert sorted(warm.stdout.splitlines()) == sorted(cold.stdout.splitlines())
    assert cold.stderr == warm.stderr == ""
    assert (target / ".asyncloop_cache" / ".gitignore").is_file()


def test_answers_that_read_too_much_are_not_stored(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flake8_asyncloop.patching import answers

    monkeypatch.setattr(answers, "MAX_DEPENDENCIES", 2)
    assert targets(run(project)) == {(11, "ALP004")}
    assert entries(project) == []
    assert targets(run(project)) == {(11, "ALP004")}


def test_the_cache_folder_option_is_relative_to_the_config_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "setup.cfg").write_text("[flake8]\nasyncloop-cache-dir = .mycache\n")
    result = lint(["--select", "ALP", "--asyncloop-cache-dir=", "--config", str(project / "setup.cfg"),
                   "test_mod.py"], cwd=project / "tests")
    assert {code for _, code in targets(result)} == {"ALP004"}
    assert not list(project.glob("*/.mycache")) and list((project / ".asyncloop_cache").glob("v*/*.json"))
    (project / "tests" / "test_other.py").write_text(PROJECT["tests/test_mod.py"])
    monkeypatch.setattr(in_process, "cache_args", lambda args: [])  # only the config file's value
    lint(["--select", "ALP", "--config", str(project / "setup.cfg"), "test_other.py"], cwd=project / "tests")
    assert len(entries(project, ".mycache")) == 1
