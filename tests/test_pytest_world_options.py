"""The pytest-world flake8 options: parsed by the real flake8 from the command line and its config files."""

from __future__ import annotations

from pathlib import Path

import pytest
from flake8.options.parse_args import parse_args

from flake8_asyncloop.checker import AsyncLoopChecker
from flake8_asyncloop.options import Settings

from .in_process import lint

OPTIONS = {
    "--asyncloop-asyncio-mode": "Auto",
    "--asyncloop-default-fixture-loop-scope": "modul",
    "--asyncloop-default-test-loop-scope": "fixture-scope",
    "--asyncloop-pytest-asyncio-version": "latest",
    "--asyncloop-explain": "maybe",
}


def settings_from_flake8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> Settings:
    """Let flake8 itself parse ``argv`` and the config files in ``tmp_path``; return the plugin's settings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(AsyncLoopChecker, "settings", AsyncLoopChecker.settings)
    parse_args([*argv, "."])
    return AsyncLoopChecker.settings


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from_flake8(tmp_path, monkeypatch, [])
    assert settings == Settings(no_cache=False)  # only flake8's options turn the disk cache on
    assert settings.cache_folder == "" and Settings().cache_folder is None
    assert settings.asyncio_mode is None and settings.pytest_asyncio_version is None
    assert settings.explain is False


def test_command_line_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from_flake8(tmp_path, monkeypatch, [
        "--asyncloop-asyncio-mode=auto",
        "--asyncloop-default-fixture-loop-scope", "fixture-scope",
        "--asyncloop-default-test-loop-scope=session",
        "--asyncloop-pytest-asyncio-version=0.23.8",
        "--asyncloop-explain",
    ])
    assert settings.asyncio_mode == "auto"
    assert settings.default_fixture_loop_scope == "fixture-scope"
    assert settings.default_test_loop_scope == "session"
    assert settings.pytest_asyncio_version == (0, 23, 8)
    assert settings.explain is True


@pytest.mark.parametrize("config_file", ["setup.cfg", "tox.ini", ".flake8"])
def test_config_file_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_file: str) -> None:
    (tmp_path / config_file).write_text(
        "[flake8]\nasyncloop-asyncio-mode = strict\nasyncloop-default-fixture-loop-scope = module\n"
        "asyncloop-default-test-loop-scope = class\nasyncloop-pytest-asyncio-version = 0.21\n"
        "asyncloop-explain = Yes\n"
    )
    settings = settings_from_flake8(tmp_path, monkeypatch, [])
    assert settings.asyncio_mode == "strict"
    assert settings.default_fixture_loop_scope == "module"
    assert settings.default_test_loop_scope == "class"
    assert settings.pytest_asyncio_version == (0, 21, 0)
    assert settings.explain is True


def test_command_line_beats_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\nasyncloop-asyncio-mode = strict\n")
    settings = settings_from_flake8(tmp_path, monkeypatch, ["--asyncloop-asyncio-mode=auto"])
    assert settings.asyncio_mode == "auto"


@pytest.mark.parametrize(("option", "bad"), OPTIONS.items())
def test_bad_value_on_the_command_line_is_a_usage_error(tmp_path: Path, option: str, bad: str) -> None:
    (tmp_path / "mod.py").write_text("x = 1\n")
    result = lint([f"{option}={bad}", "mod.py"], cwd=tmp_path)
    assert result.returncode == 2
    assert option in result.stderr and bad in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("option", "bad"), OPTIONS.items())
def test_bad_value_in_setup_cfg_is_a_usage_error(tmp_path: Path, option: str, bad: str) -> None:
    (tmp_path / "setup.cfg").write_text(f"[flake8]\n{option.removeprefix('--')} = {bad}\n")
    (tmp_path / "mod.py").write_text("x = 1\n")
    result = lint(["mod.py"], cwd=tmp_path)
    assert result.returncode == 2
    assert option in result.stderr and bad in result.stderr
    assert "Traceback" not in result.stderr


def test_good_values_run_cleanly(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nasyncloop-default-fixture-loop-scope = fixture-scope\n"
        "asyncloop-pytest-asyncio-version = auto\n"
    )
    (tmp_path / "mod.py").write_text("x = 1\n")
    args = ["--asyncloop-asyncio-mode=auto", "--asyncloop-default-test-loop-scope=module", "mod.py"]
    result = lint(args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
