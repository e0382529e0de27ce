"""pytest-asyncio version awareness: parsing the option, reading the installed release, feature gates."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from flake8_asyncloop.caches import CACHES
from flake8_asyncloop.pytest_world import versions
from flake8_asyncloop.pytest_world.scopes import SCOPES, is_scope, scope_rank
from flake8_asyncloop.pytest_world.versions import (
    NEWEST,
    AsyncioSemantics,
    parse_version_option,
    semantics_for,
)
from flake8_asyncloop.options import Settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [("auto", None), (" auto ", None), ("0.21", (0, 21, 0)), ("0.23.8", (0, 23, 8)), ("1.5", (1, 5, 0)),
     ("1", (1, 0, 0)), ("1.5.0", (1, 5, 0))],
)
def test_parse_version_option(text: str, expected: tuple[int, int, int] | None) -> None:
    assert parse_version_option(text) == expected


@pytest.mark.parametrize("text", ["", "latest", "v1.0", "1.x", "1.5.0.1", "1.0.0a1", "0..21", "Auto"])
def test_parse_version_option_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="expected 'auto' or a pytest-asyncio version"):
        parse_version_option(text)


@pytest.mark.parametrize(
    ("gate", "first"),
    [
        ("per_scope_loops", (0, 23, 0)),
        ("loop_scope_argument", (0, 24, 0)),
        ("default_fixture_loop_scope_option", (0, 24, 0)),
        ("default_test_loop_scope_option", (0, 26, 0)),
        ("sync_fixtures_get_loop", (1, 1, 0)),
        ("invalid_loop_scope_is_usage_error", (1, 2, 0)),
        ("fixture_scope_value", (1, 5, 0)),
    ],
)
def test_gates_open_at_their_release(gate: str, first: tuple[int, int, int]) -> None:
    major, minor, _ = first
    before = (major, minor - 1, 99) if minor else (major - 1, 99, 99)
    assert getattr(AsyncioSemantics(first), gate) is True
    assert getattr(AsyncioSemantics((first[0], first[1], 7)), gate) is True
    assert getattr(AsyncioSemantics(before), gate) is False


def test_event_loop_fixture_is_gone_in_1_0() -> None:
    assert AsyncioSemantics((0, 21, 2)).event_loop_fixture_exists
    assert AsyncioSemantics((0, 26, 0)).event_loop_fixture_exists
    assert not AsyncioSemantics((1, 0, 0)).event_loop_fixture_exists


def test_explicit_version_wins(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("pytest-asyncio==0.23.8\n")
    semantics = semantics_for(Settings(pytest_asyncio_version=(0, 21, 0)), tmp_path)
    assert semantics == AsyncioSemantics((0, 21, 0))
    assert semantics.origin == "--asyncloop-pytest-asyncio-version"


def test_auto_reads_the_installed_release(tmp_path: Path) -> None:
    installed = tuple(int(part) for part in metadata.version("pytest-asyncio").split(".")[:3])
    semantics = semantics_for(Settings(), tmp_path)
    assert semantics.version == installed == versions.installed_version()
    assert semantics.origin == "installed beside flake8 (the project declares no version)"


@pytest.mark.parametrize(("text", "expected"), [("0.23.0a1", (0, 23, 0)), ("1.3.0.dev5+g1234", (1, 3, 0)),
                                                ("0.21", (0, 21, 0)), ("unknown", None)])
def test_auto_tolerates_any_installed_version_string(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, expected: tuple[int, int, int] | None
) -> None:
    monkeypatch.setattr(versions.metadata, "version", lambda name: text)
    CACHES.new_run()
    try:
        assert versions.installed_version() == expected
        assert semantics_for(Settings(), tmp_path).version == (expected or NEWEST)
    finally:
        CACHES.new_run()


def test_auto_without_pytest_asyncio_is_the_newest(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(versions.metadata, "version", missing)
    CACHES.new_run()
    try:
        semantics = semantics_for(Settings(), tmp_path)
        assert semantics == AsyncioSemantics(NEWEST) == AsyncioSemantics((1, 5, 0))
        assert "newest" in semantics.origin
    finally:
        CACHES.new_run()


def test_auto_never_imports_pytest_asyncio(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from flake8_asyncloop.pytest_world.versions import semantics_for
        from flake8_asyncloop.options import Settings
        print(semantics_for(Settings(), sys.argv[1]))
        print("pytest_asyncio" in sys.modules)
        """
    )
    (tmp_path / "requirements.txt").write_text("pytest-asyncio>=0.21\n")
    command = [sys.executable, "-c", script, str(tmp_path)]
    proc = subprocess.run(command, capture_output=True, text=True, check=True)
    assert proc.stdout.split() == [metadata.version("pytest-asyncio"), "False"]


def test_scope_ranks() -> None:
    assert [scope_rank(scope) for scope in SCOPES] == [0, 1, 2, 3, 4]
    assert scope_rank("function") < scope_rank("class") < scope_rank("module") < scope_rank("session")
    assert is_scope("package") and not is_scope("Session") and not is_scope(None)
    with pytest.raises(ValueError, match="'fixture-scope' is not a pytest scope"):
        scope_rank("fixture-scope")


def test_a_folder_is_worked_out_once_per_run_and_again_in_the_next(tmp_path: Path) -> None:

    pins = tmp_path / "requirements.txt"
    pins.write_text("pytest-asyncio==0.21.1\n")
    CACHES.new_run()
    first = semantics_for(Settings(), tmp_path / "tests")
    assert first.version == (0, 21, 1)
    pins.write_text("pytest-asyncio==0.23.8\n")
    assert semantics_for(Settings(), tmp_path / "tests") is first  # this run already knows the folder
    CACHES.new_run()
    assert semantics_for(Settings(), tmp_path / "tests").version == (0, 23, 8)
