"""tox and setuptools configuration: the ``deps`` of every tox environment, and setup.cfg's requirements.

tox.ini (and pyproject's ``legacy_tox_ini``): ``deps`` of ``[testenv]`` and every ``[testenv:*]``;
a factor condition (``py38: pytest-asyncio==0.21.2``) is dropped and the line kept, ``{toxinidir}``
is replaced, a line with another substitution is skipped, and ``-r``/``-c`` are followed relative
to tox.ini's folder.  tox.toml and ``[tool.tox]``: ``deps`` of ``env_run_base`` and ``env.*``.
setup.cfg: ``[options]`` install_requires and tests_require, and ``[options.extras_require]``.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .files import Malformed, Reads, strings, table
from .requirement import Declaration, find_line
from .requirement_files import logical_lines, read_requirement_lines

_FACTORS = re.compile(r"^!?[\w{},.!-]+:\s+")
_ROOT = re.compile(r"\{(?:toxinidir|tox_root)\}")


def _parser(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise Malformed(f"invalid INI: {' '.join(str(exc).split())}") from None
    return parser


def read_tox_ini(path: Path, reads: Reads) -> list[Declaration]:
    """The ``deps`` of every tox environment in tox.ini."""
    text = reads.text(path)
    return read_tox_ini_text(text, path, reads, file_text=text)


def read_tox_ini_text(ini: str, path: Path, reads: Reads, file_text: str | None = None) -> list[Declaration]:
    """``deps`` of every ``[testenv*]`` section of tox INI text written in ``path``."""
    parser = _parser(ini)
    found: list[Declaration] = []
    for section in parser.sections():
        if section == "testenv" or section.startswith("testenv:"):
            deps = parser.get(section, "deps", fallback="")
            found.extend(_deps(deps.splitlines(), path, reads, file_text or ini))
    return found


def read_tox_toml(path: Path, reads: Reads) -> list[Declaration]:
    """tox.toml: the ``deps`` of ``env_run_base`` and every ``env.*`` table."""
    document, _ = reads.toml(path)
    return read_tox_toml_tables(path, document, reads)


def read_tox_toml_tables(path: Path, tox: dict[str, Any], reads: Reads) -> list[Declaration]:
    """``deps`` in the tables of native TOML tox configuration (tox.toml or ``[tool.tox]``)."""
    environments = [table(tox.get("env_run_base")), *map(table, table(tox.get("env")).values())]
    found: list[Declaration] = []
    file_text: str | None = None
    for environment in environments:
        deps = strings(environment.get("deps"))
        if deps:
            file_text = reads.text(path) if file_text is None else file_text
            found.extend(_deps(deps, path, reads, file_text))
    return found


def _deps(lines: list[str], path: Path, reads: Reads, file_text: str) -> list[Declaration]:
    numbered: list[tuple[int | None, str]] = []
    for raw in lines:
        line = _ROOT.sub(str(path.parent).replace("\\", "/"), _FACTORS.sub("", raw.strip()))
        if line and "{" not in line:
            numbered.append((find_line(file_text, raw.strip()), line))
    return read_requirement_lines(_cleaned(numbered), path, path.parent, reads, set())


def read_setup_cfg(path: Path, reads: Reads) -> list[Declaration]:
    """setup.cfg: install_requires, tests_require and every extra."""
    text = reads.text(path)
    parser = _parser(text)
    values = [parser.get("options", key, fallback="") for key in ("install_requires", "tests_require")]
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    found: list[Declaration] = []
    for value in values:
        lines = [line.strip() for line in value.splitlines()]
        lines = [line for line in lines if line and not line.startswith(("-", "file:"))]
        numbered = [(find_line(text, line), line) for line in lines]
        found.extend(read_requirement_lines(_cleaned(numbered), path, path.parent, reads, set()))
    return found


def _cleaned(lines: list[tuple[int | None, str]]) -> Iterator[tuple[int | None, str]]:
    """Each line without its comment, keeping the line number found in the file."""
    for number, line in lines:
        for _, text in logical_lines(line):
            yield number, text
