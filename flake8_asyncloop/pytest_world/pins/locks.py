"""Lock files: the pytest-asyncio release an install of the project really gets.

uv.lock, poetry.lock and pdm.lock are TOML with ``[[package]]`` tables (name, version);
Pipfile.lock is JSON with ``default`` and ``develop`` sections mapping names to ``{"version":
"==X"}``.  A lock may hold several releases (uv forks by Python version); each is a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from .files import Malformed, Reads, table
from .requirement import PACKAGE, TRACKED, Declaration, find_line, line_matching, normalize
from .specifiers import ConstraintError, parse_pep440


def read_package_lock(path: Path, reads: Reads) -> list[Declaration]:
    """uv.lock, poetry.lock or pdm.lock: every ``[[package]]`` named pytest-asyncio."""
    document, text = reads.toml(path)
    packages = document.get("package", [])
    if not isinstance(packages, list):
        raise Malformed("its 'package' entry is not an array of tables")
    found: list[Declaration] = []
    line: int | None = 0
    for package in packages:
        package = table(package)
        name = package.get("name")
        if not isinstance(name, str) or normalize(name) not in TRACKED:
            continue
        version = package.get("version")
        line = line_matching(text, rf'name\s*=\s*["\']{re.escape(name)}["\']', after=line or 0)
        if not isinstance(version, str):
            continue  # a local package with a dynamic version (uv): no release to read
        declaration = _locked(name, version, path, line, f"{name} {version}", reads)
        if declaration is not None:
            found.append(declaration)
    return found


def read_pipfile_lock(path: Path, reads: Reads) -> list[Declaration]:
    """Pipfile.lock: pytest-asyncio in ``default`` or ``develop``."""
    document, text = reads.json(path)
    if not isinstance(document, dict):
        raise Malformed("not a JSON object")
    found = []
    for section in ("default", "develop"):
        for name, entry in table(document.get(section)).items():
            if normalize(name) not in TRACKED:
                continue
            version = table(entry).get("version")
            line = find_line(text, f'"{name}"')
            if not isinstance(version, str):
                continue  # a VCS or path entry: no release to read
            declaration = _locked(name, version.lstrip("="), path, line, f"{name}{version}", reads)
            if declaration is not None:
                found.append(declaration)
    return found


def _locked(
    name: str, version: str, path: Path, line: int | None, written: str, reads: Reads
) -> Declaration | None:
    package = normalize(name)
    try:
        constraint = parse_pep440(f"=={version}")
    except ConstraintError as exc:
        if package == PACKAGE:
            reads.problem(path, f"the locked {written!r} ({exc})")
        return None
    return Declaration(constraint, path, line, written, locked=True, package=package)


LOCK_READERS: dict[str, Callable[[Path, Reads], list[Declaration]]] = {
    "uv.lock": read_package_lock,
    "poetry.lock": read_package_lock,
    "pdm.lock": read_package_lock,
    "Pipfile.lock": read_pipfile_lock,
}
