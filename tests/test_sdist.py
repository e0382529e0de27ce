"""The source distribution carries the whole project, so its test suite runs from the unpacked archive.

A file missing from MANIFEST.in shows up only when someone tests the sdist (a distribution packager,
a CI job on the archive); these tests build it (setuptools in-process, no isolated env: ~3 s) and
compare it with the tree it came from, then collect the suite from the unpacked copy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from .harness import run_pytest

ROOT = Path(__file__).resolve().parent.parent
#: Folders shipped whole: the suite, the example project, the rule pages, the benchmark scripts.
SHIPPED_FOLDERS = ("tests", "example", "docs", "benchmarks")
SHIPPED_FILES = ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "setup.cfg", "tox.ini",
                 "MANIFEST.in")
#: Tracked files that are about the repository, not the project (CI's entry point, git's own file).
NOT_SHIPPED = (".ci/", ".gitignore")
#: Build and run output, never sources (MANIFEST.in leaves them out too).
_OUTPUT_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache"}
_OUTPUT_FOLDERS = ("benchmarks/.cache/", "benchmarks/results/")
_BUILD = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"


def _is_source(relative: Path) -> bool:
    if _OUTPUT_PARTS.intersection(relative.parts) or relative.as_posix().startswith(_OUTPUT_FOLDERS):
        return False
    return relative.suffix not in {".pyc", ".pyo"}


def _files_on_disk(folder: str) -> set[str]:
    base = ROOT / folder
    return {
        path.relative_to(ROOT).as_posix()
        for path in base.rglob("*")
        if path.is_file() and _is_source(path.relative_to(ROOT))
    }


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sdist of this tree and unpack it; return the unpacked project folder."""
    out = tmp_path_factory.mktemp("sdist")
    built = subprocess.run(
        [sys.executable, "-c", _BUILD, str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stdout + built.stderr
    archive = out / built.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # 3.10.12+, 3.11.4+: refuse links and paths out of the folder
            tar.extractall(out / "unpacked", filter="data")
        else:
            tar.extractall(out / "unpacked")
    (project,) = (out / "unpacked").iterdir()
    return project


def _files_in(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}


def test_sdist_ships_every_file_the_suite_reads(sdist: Path) -> None:
    shipped = _files_in(sdist)
    for folder in SHIPPED_FOLDERS:
        on_disk = _files_on_disk(folder)
        in_sdist = {name for name in shipped if name.startswith(folder + "/")}
        assert on_disk and in_sdist == on_disk, (folder, sorted(on_disk ^ in_sdist))
    missing = [name for name in SHIPPED_FILES if name not in shipped]
    assert not missing


def test_sdist_ships_every_tracked_file(sdist: Path) -> None:
    """A new top-level file or folder in git must reach the sdist (or be named in NOT_SHIPPED)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: tracked files are known only in the repository")
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    tracked = {name for name in listed.stdout.splitlines() if not name.startswith(NOT_SHIPPED)}
    assert sorted(tracked - _files_in(sdist)) == []


def test_suite_collects_from_the_unpacked_sdist(sdist: Path) -> None:
    """Every test module imports and collects there (this run's interpreter, the sdist's own sources)."""
    result = run_pytest(["--collect-only", "-q", "-p", "no:cacheprovider"], cwd=sdist)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    modules = {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}
    assert modules == {f"tests/{path.name}" for path in (ROOT / "tests").glob("test_*.py")}
