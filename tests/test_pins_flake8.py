"""The real flake8 on projects that declare their pytest-asyncio: the project's release decides, whether
pytest-asyncio 1.5 is installed beside flake8 (this environment) or none is (a fresh venv, as in
pre-commit, a tox lint env or pipx)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import pytest

from .harness import Result, run_flake8, write_files

REPOSITORY = Path(__file__).resolve().parent.parent

# The python-telegram-bot shape: pinned to 0.21.2 (PEP 735 group), a session event_loop override, a
# session async fixture and function tests, auto mode.  Correct on 0.21; wrong on >= 1.0.
PINNED_021 = {
    "pyproject.toml": (
        '[project]\nname = "bot"\nversion = "1"\n\n'
        '[dependency-groups]\ntests = ["pytest", "pytest-asyncio==0.21.2"]\n'
        'all = [{include-group = "tests"}]\n\n'
        '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'
    ),
    "tests/conftest.py": (
        "import asyncio\n\nimport httpx\nimport pytest\n\n\n"
        '@pytest.fixture(scope="session")\ndef event_loop():\n'
        "    loop = asyncio.new_event_loop()\n    yield loop\n    loop.close()\n\n\n"
        '@pytest.fixture(scope="session")\nasync def bot():\n'
        "    async with httpx.AsyncClient() as client:\n        yield client\n"
    ),
    "tests/test_bot.py": (
        "async def test_send(bot):\n    assert bot\n\n\nasync def test_edit(bot):\n    assert bot\n"
    ),
}

# fakeredis at a commit pinning >=0.24,<0.25: @pytest_asyncio.fixture on a plain def gets a loop only
# from 1.1, so its session scope against the function default loop scope is no ALP001 on 0.24.
RANGE_024 = {
    "pyproject.toml": (
        '[tool.poetry.group.dev.dependencies]\npytest-asyncio = ">=0.24,<0.25"\n\n'
        '[tool.pytest.ini_options]\nasyncio_default_fixture_loop_scope = "function"\n'
    ),
    "test/conftest.py": (
        "import pytest_asyncio\n\n\n"
        '@pytest_asyncio.fixture(scope="session")\ndef real_redis_version():\n    return "7.0"\n'
    ),
}


def codes(result: Result) -> list[str]:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return sorted(hit.code for hit in result.hits())


@pytest.fixture
def pinned_021(tmp_path: Path) -> Path:
    write_files(tmp_path, PINNED_021)
    return tmp_path


def test_pinned_021_with_15_installed_gets_its_021_findings(pinned_021: Path) -> None:
    assert codes(run_flake8(["--select", "ALP", "tests"], cwd=pinned_021)) == []
    forced = run_flake8(["--select", "ALP", "--asyncloop-pytest-asyncio-version=1.5", "tests"], pinned_021)
    assert codes(forced) == ["ALP002", "ALP002", "ALP003"]  # what the pin saves the project from


def test_range_gets_the_newest_release_it_allows(tmp_path: Path) -> None:
    write_files(tmp_path, RANGE_024)
    assert codes(run_flake8(["--select", "ALP", "test"], cwd=tmp_path)) == []
    forced = run_flake8(["--select", "ALP", "--asyncloop-pytest-asyncio-version=1.5", "test"], cwd=tmp_path)
    assert codes(forced) == ["ALP001"]


def test_explain_from_the_flake8_config_file(pinned_021: Path) -> None:
    (pinned_021 / ".flake8").write_text("[flake8]\nasyncloop-explain = true\n")
    result = run_flake8(["--select", "ALP", "-j", "2", "tests"], cwd=pinned_021)
    assert codes(result) == []
    lines = result.stderr.splitlines()
    assert lines[0].startswith("flake8-asyncloop: for the project in . (first file checked: tests")
    assert lines[1] == (
        "flake8-asyncloop:   pytest-asyncio 0.21.2 behaviour applies: "
        "pinned in pyproject.toml:6: pytest-asyncio==0.21.2"
    )
    mode = "flake8-asyncloop:   asyncio_mode = auto (pyproject.toml [tool.pytest.ini_options]: asyncio_mode)"
    assert mode in lines
    assert len(lines) == 7  # once for the project, though two processes checked a file each


def test_explain_is_off_by_default(pinned_021: Path) -> None:
    assert run_flake8(["--select", "ALP", "tests"], cwd=pinned_021).stderr == ""


# --- no pytest-asyncio beside flake8 ------------------------------------------------------------------


def _run(command: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    hidden = ("PYTEST_", "FLAKE8", "PYTHON", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(hidden)}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


#: What building the package's wheel reads: it is built from a copy, so the build never writes into this
#: checkout (where test_sdist may be building at the same time, in another worker).
_PACKAGE_SOURCES = ("flake8_asyncloop", "pyproject.toml", "README.md", "LICENSE")


def _wheel(folder: Path) -> Path:
    """The package's wheel, built by this environment's setuptools (the test extra has it): no isolated
    build environment to set up (~5 s)."""
    for name in _PACKAGE_SOURCES:
        if (REPOSITORY / name).is_dir():
            shutil.copytree(REPOSITORY / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPOSITORY / name, folder / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                  "-w", str(folder / "dist"), str(folder)], cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (folder / "dist").glob("*.whl")
    return wheel


def _pip_into(python: Path) -> list[str]:
    """This environment's pip installing into ``python`` (pip 22.3+: ``--python``), so the venv needs no
    pip of its own (ensurepip costs ~7 s); with an older pip, the venv's own."""
    if tuple(int(part) for part in metadata.version("pip").split(".")[:2]) >= (22, 3):
        return [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run([str(python), "-m", "ensurepip", "-q"], check=True, capture_output=True, timeout=900)
    return [str(python), "-m", "pip"]


@pytest.fixture(scope="session")
def lint_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with flake8, astroid and this checkout — and no pytest-asyncio, as pre-commit has."""
    root = tmp_path_factory.mktemp("lint-venv")
    wheel = _wheel(tmp_path_factory.mktemp("package"))
    venv.EnvBuilder(with_pip=False).create(root / "venv")
    python = root / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    # The wheel's own requirements bring flake8 and astroid (and tomli on 3.10).
    installed = _run([*_pip_into(python), "install", "-q", str(wheel)], cwd=root)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    probe = "import importlib.util as u; print(u.find_spec('pytest_asyncio'))"
    check = _run([str(python), "-c", probe], cwd=root)
    assert check.stdout.strip() == "None", "the lint venv must not have pytest-asyncio"
    return python


def _venv_flake8(python: Path, args: Sequence[str], cwd: Path) -> Result:
    proc = _run([str(python), "-m", "flake8", *args], cwd=cwd)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_pinned_021_without_pytest_asyncio_installed(lint_venv: Path, pinned_021: Path) -> None:
    args = ["--select", "ALP", "-j", "1", "--asyncloop-explain", "tests"]
    result = _venv_flake8(lint_venv, args, pinned_021)
    assert codes(result) == []
    assert "flake8-asyncloop:   installed beside flake8: none" in result.stderr.splitlines()
    assert "pinned in pyproject.toml:6: pytest-asyncio==0.21.2" in result.stderr
    forced = _venv_flake8(lint_venv, ["--select", "ALP", "--asyncloop-pytest-asyncio-version=1.5", "tests"],
                          pinned_021)
    assert codes(forced) == ["ALP002", "ALP002", "ALP003"]


def test_range_without_pytest_asyncio_installed(lint_venv: Path, tmp_path: Path) -> None:
    ranged, unpinned = tmp_path / "ranged", tmp_path / "unpinned"
    write_files(ranged, RANGE_024)
    assert codes(_venv_flake8(lint_venv, ["--select", "ALP", "test"], ranged)) == []
    any_release = RANGE_024["pyproject.toml"].replace(">=0.24,<0.25", "*")
    write_files(unpinned, {**RANGE_024, "pyproject.toml": any_release})
    assert codes(_venv_flake8(lint_venv, ["--select", "ALP", "test"], unpinned)) == ["ALP001"]  # newest
