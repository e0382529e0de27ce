"""pyproject.toml and Pipfile: every table where a project lists its (test) dependencies.

PEP 621 ``[project]`` dependencies and optional-dependencies; PEP 735 ``[dependency-groups]``
(``{include-group = ...}`` entries only point at other groups, which are read anyway); Poetry's
dependencies, dev-dependencies and ``group.*.dependencies`` in its own constraint syntax; PDM's
dev-dependencies; uv's dev-, constraint- and override-dependencies; Rye's dev-dependencies; Hatch
environments; tox's native ``[tool.tox]`` and its ``legacy_tox_ini``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .files import Reads, strings, table
from .requirement import (
    PACKAGE,
    TRACKED,
    Declaration,
    RequirementError,
    find_line,
    line_matching,
    normalize,
    parse_requirement,
)
from .specifiers import ConstraintError, parse_pep440, parse_poetry, to_version
from .tool_configs import read_tox_ini_text, read_tox_toml_tables


def read_pyproject(path: Path, reads: Reads) -> list[Declaration]:
    """Declarations in every dependency table of a pyproject.toml."""
    document, text = reads.toml(path)
    tool = table(document.get("tool"))
    found = [
        *_pep508_entries(path, text, _pep508_lists(document, tool), reads),
        *_poetry(path, text, table(tool.get("poetry")), reads),
        *read_tox_toml_tables(path, table(tool.get("tox")), reads),
    ]
    legacy = table(tool.get("tox")).get("legacy_tox_ini")
    if isinstance(legacy, str):
        found.extend(read_tox_ini_text(legacy, path, reads, file_text=text))
    return found


def _pep508_lists(document: dict[str, Any], tool: dict[str, Any]) -> Iterator[list[str]]:
    """Every array of PEP 508 strings a tool installs for the project."""
    project = table(document.get("project"))
    yield strings(project.get("dependencies"))
    yield from map(strings, table(project.get("optional-dependencies")).values())
    yield from map(strings, table(document.get("dependency-groups")).values())
    yield from map(strings, table(table(tool.get("pdm")).get("dev-dependencies")).values())
    yield strings(table(tool.get("rye")).get("dev-dependencies"))
    uv = table(tool.get("uv"))
    for key in ("dev-dependencies", "constraint-dependencies", "override-dependencies"):
        yield strings(uv.get(key))
    for environment in table(table(tool.get("hatch")).get("envs")).values():
        for key in ("dependencies", "extra-dependencies"):
            yield strings(table(environment).get(key))


def _pep508_entries(path: Path, text: str, lists: Iterator[list[str]], reads: Reads) -> Iterator[Declaration]:
    for entries in lists:
        for entry in entries:
            try:
                name_only = normalize(re.split(r"[\s\[(;@<>=!~]", entry.strip(), maxsplit=1)[0])
                if name_only not in TRACKED:
                    continue
                declaration = parse_requirement(entry, path, _entry_line(text, entry))
            except RequirementError as exc:
                reads.problem(path, str(exc))
                continue
            if declaration is not None:
                yield declaration


def _entry_line(text: str, entry: str) -> int | None:
    """The line of an array item: quoted as written when found, else anywhere."""
    return find_line(text, f'"{entry}"') or find_line(text, f"'{entry}'") or find_line(text, entry)


def _poetry(path: Path, text: str, poetry: dict[str, Any], reads: Reads) -> Iterator[Declaration]:
    """``[tool.poetry.dependencies]``, ``dev-dependencies`` and ``group.<name>.dependencies``."""
    tables = [("dependencies", table(poetry.get("dependencies"))),
              ("dev-dependencies", table(poetry.get("dev-dependencies")))]
    for group, content in table(poetry.get("group")).items():
        tables.append((f"group.{group}.dependencies", table(table(content).get("dependencies"))))
    for header, dependencies in tables:
        for name, value in dependencies.items():
            if normalize(name) in TRACKED:
                line = _key_line(text, name, after=_header_line(text, f"tool.poetry.{header}"))
                yield from _poetry_entry(path, line, name, value, reads)


def _header_line(text: str, dotted: str) -> int:
    """The line of a ``[a.b.c]`` table header (0 when written another way, e.g. as dotted keys)."""
    parts = (rf"[\"']?{re.escape(part)}[\"']?" for part in dotted.split("."))
    return line_matching(text, r"\[\s*" + r"\s*\.\s*".join(parts) + r"\s*\]") or 0


def _poetry_entry(
    path: Path, line: int | None, name: str, value: object, reads: Reads
) -> Iterator[Declaration]:
    entries = value if isinstance(value, list) else [value]
    package = normalize(name)
    for entry in entries:
        spec = entry if isinstance(entry, str) else table(entry).get("version")
        if not isinstance(spec, str):
            yield Declaration(None, path, line, f"{name} = {entry!r}", package=package)  # git, path or url
            continue
        try:
            constraint = parse_poetry(spec)
        except ConstraintError as exc:
            if package == PACKAGE:
                reads.problem(path, f"{name} = {spec!r} ({exc})")
            continue
        python = table(entry).get("python")
        written = f'{name} = "{spec}"' + (f' (python = "{python}")' if isinstance(python, str) else "")
        yield Declaration(constraint, path, line, written, applies=_for_this_python(python), package=package)


def _for_this_python(python: object) -> bool:
    """Poetry's ``python = "^3.9"`` on an entry: False only when it certainly excludes this Python."""
    if not isinstance(python, str):
        return True
    try:
        return parse_poetry(python).allows(to_version(sys.version_info[:3]))
    except ConstraintError:
        return True


def _key_line(text: str, key: str, after: int = 0) -> int | None:
    """The first line after line ``after`` that assigns ``key``; else its first assignment anywhere."""
    pattern = rf"""["']?{re.escape(key)}["']?\s*=.*"""
    return line_matching(text, pattern, after) or (line_matching(text, pattern) if after else None)


def read_pipfile(path: Path, reads: Reads) -> list[Declaration]:
    """Pipfile: ``[packages]`` and ``[dev-packages]``, PEP 440 specifiers or ``*``."""
    document, text = reads.toml(path)
    found = []
    for section in ("packages", "dev-packages"):
        for name, value in table(document.get(section)).items():
            if normalize(name) not in TRACKED:
                continue
            spec = value if isinstance(value, str) else table(value).get("version", "*")
            if not isinstance(spec, str):
                continue
            package = normalize(name)
            try:
                constraint = parse_pep440("" if spec.strip() == "*" else spec)
            except ConstraintError as exc:
                if package == PACKAGE:
                    reads.problem(path, f"{name} = {spec!r} ({exc})")
                continue
            written = f'{name} = "{spec}"'
            found.append(Declaration(constraint, path, _key_line(text, name), written, package=package))
    return found
