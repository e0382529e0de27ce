"""Which conftest.py files pytest loads for a folder is worked out once per run (every test file of
the folder asks, and most folders on the way up hold none): the chain is shared, the probes it made
are stamped for every file that uses it, a checked conftest.py is its own, and the next run (of a
long-lived process) looks again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_asyncloop import stamps
from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.pytest_world import lookup, sources
from flake8_asyncloop.pytest_world.fixtures import extract_module
from flake8_asyncloop.pytest_world.lookup import FixtureLookup

from .harness import write_files

FIXTURE = "import pytest\n\n\n@pytest.fixture\ndef a():\n    return 1\n"


def _chain(path: Path, root: Path, text: str = "def test_x(a):\n    pass\n") -> list[Path]:
    info = extract_module(path, ast.parse(text))
    return [module.path for module in FixtureLookup(sources.Sources(info), root).conftests(path)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(tmp_path, {
        "pytest.ini": "[pytest]\n", "conftest.py": FIXTURE, "tests/a/b/conftest.py": FIXTURE,
    })
    CACHES.new_run()
    return tmp_path


def test_the_files_of_a_folder_share_one_walk_up(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[Path] = []
    real = lookup._conftest_paths

    def counted(folder: Path, *args: object) -> tuple[Path, ...]:
        walks.append(folder)
        return real(folder, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lookup, "_conftest_paths", counted)
    folder = project / "tests" / "a" / "b"
    chains = [_chain(folder / f"test_{n}.py", project) for n in range(5)]
    assert chains == [[folder / "conftest.py", project / "conftest.py"]] * 5
    assert walks == [folder]


def test_every_file_using_the_chain_is_stamped_with_its_probes(project: Path) -> None:
    folder = project / "tests" / "a" / "b"
    recorded = []
    for n in range(2):
        with stamps.recording(stamps.Recorder()) as recorder:
            _chain(folder / f"test_{n}.py", project)
        recorded.append(recorder.stamped())
    assert recorded[0] == recorded[1]
    assert recorded[1] is not None and str(project / "tests" / "conftest.py") in recorded[1]  # absent


def test_a_checked_conftest_is_its_own_and_the_next_run_looks_again(project: Path) -> None:
    folder = project / "tests" / "a"
    assert _chain(folder / "test_x.py", project) == [project / "conftest.py"]
    buffer = folder / "conftest.py"  # an editor's unsaved new conftest, not on disk
    assert _chain(buffer, project, FIXTURE) == [buffer, project / "conftest.py"]
    assert _chain(folder / "test_x.py", project) == [project / "conftest.py"]  # this run's chain
    buffer.write_text(FIXTURE)
    CACHES.new_run()
    assert _chain(folder / "test_x.py", project) == [buffer, project / "conftest.py"]
