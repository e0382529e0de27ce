"""pins: which declaration decides (SPEC "pytest-asyncio versions"), where the search stops, caching,
and what ``semantics_for`` and ``--asyncloop-explain`` make of it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from flake8_asyncloop import once, stamps
from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.pytest_world import explain, versions
from flake8_asyncloop.pytest_world.pins import declared_version, files, folders, search_folders
from flake8_asyncloop.pytest_world.versions import semantics_for
from flake8_asyncloop.options import Settings

from .harness import write_files

V15 = (1, 5, 0)
PROJECT = '[project]\ndependencies = [{}]\n'
UV_LOCK_021 = '[[package]]\nname = "pytest-asyncio"\nversion = "0.21.2"\n'


@pytest.fixture(autouse=True)
def fresh_messages() -> None:
    """Each test may see the same explanation or stderr line as an earlier one."""
    once.forget()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root (it holds .git) that is also the working folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    return tmp_path


def version(folder: Path, installed: tuple[int, int, int] | None = V15) -> tuple[int, int, int] | None:
    choice = declared_version(folder, installed)
    return None if choice is None else choice.version


# --- the order of the classes -----------------------------------------------------------------------


def test_exact_pin(repo: Path) -> None:
    write_files(repo, {"requirements-test.txt": "pytest-asyncio==0.21.2\n"})
    choice = declared_version(repo, V15)
    assert choice is not None and choice.version == (0, 21, 2)
    assert choice.origin == "pinned in requirements-test.txt:1: pytest-asyncio==0.21.2"


def test_lock(repo: Path) -> None:
    write_files(repo, {"uv.lock": UV_LOCK_021, "pyproject.toml": PROJECT.format('"pytest-asyncio"')})
    choice = declared_version(repo, V15)
    assert choice is not None and choice.version == (0, 21, 2)
    assert choice.origin == "locked in uv.lock:2: pytest-asyncio 0.21.2"
    assert choice.passed_over == ("pyproject.toml:2: pytest-asyncio (no version)",)


def test_range_takes_the_installed_release_when_it_lies_inside(repo: Path) -> None:
    write_files(repo, {"requirements.txt": "pytest-asyncio>=0.23\n"})
    choice = declared_version(repo, V15)
    assert choice is not None and choice.version == V15
    assert choice.origin == (
        "installed beside flake8, inside the declared range pytest-asyncio>=0.23 (requirements.txt:1)"
    )


@pytest.mark.parametrize("installed", [V15, (0, 21, 2), None])
def test_range_takes_the_newest_allowed_release_otherwise(
    repo: Path, installed: tuple[int, int, int] | None
) -> None:
    write_files(repo, {
        "pyproject.toml": '[project.optional-dependencies]\ntest = ["pytest-asyncio>=0.24,<0.25"]\n'
    })
    choice = declared_version(repo, installed)
    assert choice is not None and choice.version == (0, 24, 0)
    assert choice.origin == (
        "the newest release the declared range pytest-asyncio>=0.24,<0.25 (pyproject.toml:2) allows"
    )


def test_a_pin_beats_a_nearer_range(repo: Path) -> None:
    write_files(repo, {"uv.lock": UV_LOCK_021,
                       "pkg/pyproject.toml": PROJECT.format('"pytest-asyncio>=0.21"')})
    assert version(repo / "pkg") == (0, 21, 2)


def test_the_nearest_pin_wins(repo: Path) -> None:
    write_files(repo, {"uv.lock": UV_LOCK_021, "member/requirements.txt": "pytest-asyncio==0.23.8\n",
                       "member/tests/test_x.py": ""})
    assert version(repo / "member" / "tests") == (0, 23, 8)
    assert version(repo) == (0, 21, 2)


def test_monorepo_member_finds_the_workspace_lock(repo: Path) -> None:
    write_files(repo, {
        "pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        "uv.lock": UV_LOCK_021,
        "packages/a/pyproject.toml": '[dependency-groups]\ntest = ["pytest-asyncio>=0.21"]\n',
        "packages/a/tests/test_a.py": "",
    })
    choice = declared_version(repo / "packages" / "a" / "tests", V15)
    assert choice is not None and choice.origin == "locked in uv.lock:2: pytest-asyncio 0.21.2"
    assert choice.passed_over == (
        "packages/a/pyproject.toml:2: pytest-asyncio>=0.21 "
        "(a range; a pin, a lock or a nearer range decides)",
    )


def test_no_declaration_or_only_unversioned_ones(repo: Path) -> None:
    assert version(repo) is None
    write_files(repo, {"requirements.txt": "pytest-asyncio\npytest-asyncio @ https://example.invalid/x.zip\n",
                       "pyproject.toml": '[tool.poetry.dependencies]\npytest-asyncio = "*"\n'})
    assert version(repo) is None


# --- several declarations of one class in one folder -------------------------------------------------


def test_several_pins_prefer_the_installed_one_else_the_newest(repo: Path) -> None:
    write_files(repo, {"requirements-old.txt": "pytest-asyncio==0.21.2\n",
                       "requirements-new.txt": "pytest-asyncio==0.23.8\n"})
    assert version(repo, installed=(0, 21, 2)) == (0, 21, 2)
    assert version(repo, installed=V15) == (0, 23, 8)
    assert version(repo, installed=None) == (0, 23, 8)


def test_a_lock_beats_a_pin_in_the_same_folder(repo: Path) -> None:
    write_files(repo, {"uv.lock": UV_LOCK_021, "requirements.txt": "pytest-asyncio==0.23.8\n"})
    assert version(repo, installed=(0, 23, 8)) == (0, 21, 2)


def test_a_pin_for_another_python_is_not_used(repo: Path) -> None:
    write_files(repo, {"requirements.txt": (
        'pytest-asyncio==0.17.2; python_version < "3.7"\npytest-asyncio==0.23.8; python_version >= "3.7"\n'
    )})
    choice = declared_version(repo, V15)
    assert choice is not None and choice.version == (0, 23, 8)
    assert choice.passed_over == (
        "requirements.txt:1: pytest-asyncio==0.17.2; python_version < \"3.7\" "
        "(its environment marker excludes this Python)",
    )


def test_ranges_in_one_folder_are_combined(repo: Path) -> None:
    write_files(repo, {"requirements.txt": "pytest-asyncio>=0.23\n",
                       "constraints.txt": "pytest-asyncio<0.24\n"})
    assert version(repo) == (0, 23, 8)


def test_ranges_that_exclude_each_other_are_taken_alone(repo: Path) -> None:
    write_files(repo, {"requirements.txt": "pytest-asyncio<0.22\n",
                       "tox.ini": "[testenv]\ndeps = pytest-asyncio>=0.24\n"})
    assert version(repo, installed=None) == V15
    assert version(repo, installed=(0, 21, 1)) == (0, 21, 1)


# --- where the search stops -------------------------------------------------------------------------


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write_files(tmp_path, {"requirements.txt": "pytest-asyncio==0.21.2\n", "repo/.git": "gitdir: elsewhere\n",
                           "repo/tests/test_x.py": ""})
    assert search_folders(tmp_path / "repo" / "tests") == (tmp_path / "repo" / "tests", tmp_path / "repo")
    assert version(tmp_path / "repo" / "tests") is None


def test_outside_a_repository_the_outermost_project_folder_is_the_end(tmp_path: Path) -> None:
    write_files(tmp_path, {"outer/pyproject.toml": "", "outer/requirements.txt": "pytest-asyncio==0.21.2\n",
                           "outer/inner/setup.py": "", "outer/inner/tests/test_x.py": ""})
    tests = tmp_path / "outer" / "inner" / "tests"
    assert search_folders(tests) == (tests, tests.parent, tmp_path / "outer")
    assert version(tests) == (0, 21, 2)


def test_no_project_at_all_searches_nothing(tmp_path: Path) -> None:
    write_files(tmp_path, {"loose/test_x.py": ""})
    assert search_folders(tmp_path / "loose") == ()


# --- caching ------------------------------------------------------------------------------------------


def _touch_later(path: Path) -> None:
    """An edit between two runs: a long-lived process (an editor's) checks again later."""
    CACHES.new_run()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_an_edited_file_is_read_again(repo: Path) -> None:
    write_files(repo, {"requirements.txt": "-r ci/pins.txt\n", "ci/pins.txt": "pytest-asyncio==0.21.2\n"})
    assert version(repo) == (0, 21, 2)
    (repo / "ci" / "pins.txt").write_text("pytest-asyncio==0.23.8\n")
    _touch_later(repo / "ci" / "pins.txt")
    assert version(repo) == (0, 23, 8)


def test_a_stamp_holds_until_the_file_changes_and_never_when_it_was_taken_of_a_recent_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text("pytest-asyncio==0.21.1\n")
    recent = files.stamp(path)
    assert recent is not None and recent[2] == -1 and not files.holds(path, recent)
    monkeypatch.setattr(stamps, "RECENT_NS", 0)  # from here on, as if every change were long ago
    old = files.stamp(path)
    assert old is not None and old[2] == path.stat().st_size and files.holds(path, old)
    before = path.stat()
    time.sleep(0.05)  # past the change time's clock tick
    path.write_text("pytest-asyncio==1.0.01\n")  # same size, modification time put back
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not files.holds(path, old)
    assert files.holds(tmp_path / "absent.txt", None) and not files.holds(path, None)


def test_an_unchanged_folder_is_not_scanned_again_next_run(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(repo, {"requirements.txt": "pytest-asyncio==0.21.2\n"})
    scans: list[Path] = []
    real_scan = folders._scan
    monkeypatch.setattr(folders, "_scan", lambda folder: scans.append(folder) or real_scan(folder))
    assert version(repo) == (0, 21, 2)
    first = len(scans)
    CACHES.new_run()
    assert version(repo) == (0, 21, 2) and len(scans) == 2 * first  # just written: scanned again
    monkeypatch.setattr(stamps, "RECENT_NS", 0)
    CACHES.new_run()
    version(repo)
    CACHES.new_run()
    assert version(repo) == (0, 21, 2) and len(scans) == 3 * first  # old and unchanged: reused


def test_an_added_or_removed_file_is_seen(repo: Path) -> None:
    assert version(repo) is None
    write_files(repo, {"requirements/test.txt": "pytest-asyncio==0.23.8\n"})
    _touch_later(repo / "requirements")
    _touch_later(repo)
    assert version(repo) == (0, 23, 8)
    (repo / "requirements" / "test.txt").unlink()
    _touch_later(repo / "requirements")
    assert version(repo) is None


# --- semantics_for: the option, the declaration, the installed release, the newest -------------------


def test_semantics_for_follows_the_precedence(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "installed_version", lambda: V15)
    origin = semantics_for(Settings(), repo).origin
    assert origin == "installed beside flake8 (the project declares no version)"
    write_files(repo, {"requirements.txt": "pytest-asyncio==0.21.2\n"})
    _touch_later(repo)
    pinned = semantics_for(Settings(), repo / "tests")
    assert pinned.version == (0, 21, 2)
    assert pinned.origin == "pinned in requirements.txt:1: pytest-asyncio==0.21.2"
    assert not pinned.loop_scope_argument and pinned.event_loop_fixture_exists
    optioned = semantics_for(Settings(pytest_asyncio_version=(0, 26, 0)), repo)
    assert (optioned.version, optioned.origin) == ((0, 26, 0), "--asyncloop-pytest-asyncio-version")
    monkeypatch.setattr(versions, "installed_version", lambda: None)
    (repo / "requirements.txt").unlink()
    _touch_later(repo)
    newest = semantics_for(Settings(), repo)
    assert newest.version == V15 and newest.origin.startswith("the newest release this plugin knows")


# --- --asyncloop-explain ------------------------------------------------------------------------------


def test_explain_names_version_source_and_pytest_configuration(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(versions, "installed_version", lambda: V15)
    monkeypatch.setattr(explain, "installed_version", lambda: V15)
    write_files(repo, {
        "pyproject.toml": (
            '[dependency-groups]\ntests = ["pytest-asyncio>=0.24,<0.25"]\n'
            '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'
            'asyncio_default_fixture_loop_scope = "module"\n'
        ),
        "tests/test_a.py": "", "tests/test_b.py": "",
    })
    explain.explain_file("tests/test_a.py", Settings())
    explain.explain_file("tests/test_b.py", Settings())  # the same project: said once
    assert capsys.readouterr().err.splitlines() == [
        "flake8-asyncloop: for the project in . (first file checked: tests/test_a.py)",
        "flake8-asyncloop:   pytest-asyncio 0.24.0 behaviour applies: the newest release the declared range "
        "pytest-asyncio>=0.24,<0.25 (pyproject.toml:2) allows",
        "flake8-asyncloop:   installed beside flake8: 1.5.0",
        "flake8-asyncloop:   pytest configuration: pyproject.toml",
        "flake8-asyncloop:   asyncio_mode = auto (pyproject.toml [tool.pytest.ini_options]: asyncio_mode)",
        "flake8-asyncloop:   asyncio_default_fixture_loop_scope = module "
        "(pyproject.toml [tool.pytest.ini_options]: asyncio_default_fixture_loop_scope)",
        "flake8-asyncloop:   asyncio_default_test_loop_scope: not read "
        "(pytest-asyncio 0.24.0 has no such option)",
    ]


def test_explain_without_any_declaration(repo: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "installed_version", lambda: None)
    monkeypatch.setattr(explain, "installed_version", lambda: None)
    write_files(repo, {"requirements.txt": "pytest-asyncio\n", "tests/test_a.py": ""})
    explain.explain_file(str(repo / "tests" / "test_a.py"), Settings())
    err = capsys.readouterr().err.splitlines()
    assert err[1:5] == [
        "flake8-asyncloop:   pytest-asyncio 1.5.0 behaviour applies: the newest release this plugin knows "
        "(no declaration, none installed)",
        "flake8-asyncloop:   installed beside flake8: none",
        "flake8-asyncloop:   not used: requirements.txt:1: pytest-asyncio (no version)",
        "flake8-asyncloop:   searched tests up to .",
    ]
    assert err[5:] == [
        "flake8-asyncloop:   pytest configuration: none found (pytest-asyncio's defaults)",
        "flake8-asyncloop:   asyncio_mode = strict (pytest-asyncio default)",
        "flake8-asyncloop:   asyncio_default_fixture_loop_scope: not set "
        "(each async fixture runs on the loop "
        "of its own scope)",
        "flake8-asyncloop:   asyncio_default_test_loop_scope = function (pytest-asyncio default)",
    ]


def test_explain_with_the_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(repo, {"requirements.txt": "pytest-asyncio==0.21.2\n", "t/test_a.py": ""})
    explain.explain_file("t/test_a.py", Settings(pytest_asyncio_version=(0, 23, 0)))
    err = capsys.readouterr().err.splitlines()
    assert err[1] == (
        "flake8-asyncloop:   pytest-asyncio 0.23.0 behaviour applies: --asyncloop-pytest-asyncio-version"
    )
    assert not any("not used" in line for line in err)
