"""What the benchmark lints: part of CPython's stdlib and pinned sdists of real async projects.

The sdists come from the package index with ``pip download --no-binary NAME --no-deps``
(only the project itself from source; its build backend may come as a wheel, which
keeps the download quick) and are cached under ``benchmarks/.cache/sdists``.
Each was picked for a pytest-asyncio suite with many ``patch``/``mocker.patch``
string targets (counted at pin time; see README.md).
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from growing import FILES_PER_PACKAGE, SIZES, growing_suite
from synthetic import LAYOUT, synthetic_suite

#: (distribution, version, folders to lint inside the unpacked sdist).
SDISTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("aiohttp", "3.11.11", ("tests",)),
    ("python-kasa", "0.10.2", ("tests",)),
    ("zigpy", "0.78.0", ("tests",)),
    ("redis", "5.2.1", ("tests",)),
    ("aiocache", "0.12.3", ("tests",)),
    ("bellows", "0.44.1", ("tests",)),
)

STDLIB_PARTS = ("asyncio", "unittest", "test/test_asyncio")


@dataclass(frozen=True)
class Corpus:
    """A named set of paths linted by one flake8 process, run from ``cwd``."""

    name: str
    cwd: Path
    paths: tuple[str, ...]
    group: str
    #: One file piped on stdin (``flake8 --stdin-display-name=FILE -``), as editors lint a buffer.
    stdin: bool = False

    def files(self) -> list[Path]:
        found: list[Path] = []
        for path in self.paths:
            root = self.cwd / path
            found.extend([root] if root.is_file() else sorted(root.rglob("*.py")))
        return found

    def size(self) -> tuple[int, int]:
        """(number of .py files, number of lines)."""
        files = self.files()
        lines = sum(file.read_bytes().count(b"\n") for file in files)
        return len(files), lines


def stdlib_dir(python: str = sys.executable) -> Path:
    """The standard library folder of ``python``."""
    if python == sys.executable:
        return Path(sysconfig.get_paths()["stdlib"])
    code = "import sysconfig; print(sysconfig.get_paths()['stdlib'])"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def stdlib_corpus() -> Corpus:
    """asyncio + unittest + test/test_asyncio of the running interpreter."""
    root = stdlib_dir()
    parts = tuple(part for part in STDLIB_PARTS if (root / part).exists())
    return Corpus("stdlib asyncio+unittest+test_asyncio", root, parts, "stdlib")


def synthetic_corpus(cache: Path) -> Corpus:
    """Hundreds of generated test files under a conftest chain and a fixtures/ package."""
    return Corpus(f"generated suite {LAYOUT} (conftest chain)", synthetic_suite(cache), ("tests",), "suites")


def growing_corpora(cache: Path, sizes: tuple[int, ...] = SIZES, group: str = "growing") -> list[Corpus]:
    """The generated suite whose application package grows with it, at each size (test packages)."""
    return [
        Corpus(f"generated suite, {packages * FILES_PER_PACKAGE} test files, growing app package",
               growing_suite(cache, packages), ("tests",), group)
        for packages in sizes
    ]


#: (distribution, version, file): the editor case, one test file on stdin — patch-heavy, fixtures-only.
EDITOR_FILES: tuple[tuple[str, str, str], ...] = (
    ("python-kasa", "0.10.2", "tests/test_cli.py"),
    ("aiohttp", "3.11.11", "tests/test_client_ws.py"),
    ("python-kasa", "0.10.2", "tests/conftest.py"),
)


def editor_corpora(cache: Path) -> list[Corpus]:
    """Single test files linted from stdin in their project, as an editor does on every save."""
    found = []
    for name, version, path in EDITOR_FILES:
        root = unpacked_sdist(cache, name, version)
        if (root / path).is_file():
            found.append(Corpus(f"{name} {path} (stdin)", root, (path,), "editor", stdin=True))
    return found


def sdist_corpora(cache: Path) -> list[Corpus]:
    """One corpus per pinned sdist: its test suite, linted from the project root."""
    corpora = []
    for name, version, folders in SDISTS:
        root = unpacked_sdist(cache, name, version)
        corpora.append(Corpus(f"{name} {version}", root, folders, "suites"))
    return corpora


#: pytest's configuration search walks up past a project without its own pytest config; without
#: this (empty, so all defaults) pytest.ini the sdists would read this repository's pyproject.toml.
_CONFIG_BARRIER = "# Stops pytest's config search: the sdists below stand alone, as in their own checkout.\n"


def unpacked_sdist(cache: Path, name: str, version: str) -> Path:
    """Download (once) and unpack (once) the sdist; return the project root."""
    barrier = cache / "src" / "pytest.ini"
    barrier.parent.mkdir(parents=True, exist_ok=True)
    if not barrier.exists():
        barrier.write_text(_CONFIG_BARRIER)
    target = cache / "src" / f"{name}-{version}"
    if (target / ".complete").exists():
        return _project_root(target)
    archive = _download(cache / "sdists", name, version)
    _extract(archive, target)
    (target / ".complete").write_text(archive.name)
    return _project_root(target)


def _download(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    found = _archive_in(folder, name, version)
    if found is not None:
        return found
    print(f"[bench] downloading sdist {name}=={version}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-binary", name, "--dest", str(folder), f"{name}=={version}"],
        check=True,
    )
    found = _archive_in(folder, name, version)
    if found is None:
        raise RuntimeError(f"pip download gave no sdist for {name}=={version} in {folder}")
    return found


def _archive_in(folder: Path, name: str, version: str) -> Path | None:
    stems = {f"{name}-{version}", f"{name.replace('-', '_')}-{version}"}
    for path in folder.iterdir():
        for suffix in (".tar.gz", ".zip"):
            if path.name.endswith(suffix) and path.name[: -len(suffix)].lower() in stems:
                return path
    return None


def _extract(archive: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(target)
        return
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # 3.12, and security releases of 3.10/3.11
            tar.extractall(target, filter="data")
        else:
            tar.extractall(target)


def _project_root(target: Path) -> Path:
    """The single top folder of an sdist (``NAME-VERSION/``)."""
    children = [child for child in target.iterdir() if child.is_dir()]
    return children[0] if len(children) == 1 else target
