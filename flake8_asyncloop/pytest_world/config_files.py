"""Find the configuration file pytest would use for a folder, and read its pytest settings.

The search follows pytest 9's ``locate_config``: walk up from the folder; in each folder the first of
``CONFIG_NAMES`` that holds pytest configuration wins, and the nearest such folder wins; files are
never merged.  When no file matches anywhere, pytest still takes the nearest ``pyproject.toml`` as
its configfile (and rootdir), else the nearest folder holding a ``setup.py`` as rootdir.

Each folder is searched once per process and the answer is shared by every folder below it, so
sibling test folders cost nothing after the first.  A file pytest would refuse (bad syntax, bad
table layout, undecodable, unreadable) still ends the search — pytest would stop there with an
error — but is returned as ``broken`` with the reason, and without values.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from .. import stamps
from ..caches import Memo
from ..records import record
from ..toml_loader import toml_parser
from .ini import IniError, parse_ini

PYPROJECT = "pyproject.toml"
SETUP_PY = "setup.py"


@record
class ConfigFile:
    """One configuration file and the pytest settings it holds."""

    path: Path
    section: str  # the table or section read, e.g. "[tool:pytest]"; "" for pytest.ini and no-table files
    toml_mode: bool  # values keep TOML types: strings must be strings, addopts must be a list
    values: Mapping[str, object] = field(default_factory=dict)
    broken: str | None = None  # why pytest would refuse this file; values are then empty
    unparsable: bool = False  # broken as a whole (unreadable, not UTF-8, bad syntax), not its pytest part


@record
class Location:
    """The configuration pytest would use, and the rootdir that goes with it."""

    file: ConfigFile | None
    rootdir: Path | None


class _Unusable(Exception):
    """pytest would stop with an error on this file; the message says why."""

    def __init__(self, reason: str, whole_file: bool = False) -> None:
        super().__init__(reason)
        self.whole_file = whole_file


def read_text(path: Path) -> str:
    """Read a configuration file as pytest does (UTF-8).  The one place this module reads files."""
    stamps.note(str(path))
    return path.read_text(encoding="utf-8")


def _text(path: Path) -> str:
    try:
        return read_text(path)
    except UnicodeDecodeError as exc:
        raise _Unusable(f"not UTF-8 ({exc.reason} at byte {exc.start})", whole_file=True) from None
    except OSError as exc:
        raise _Unusable(f"unreadable ({exc.strerror or exc})", whole_file=True) from None


def _ini_sections(path: Path) -> dict[str, dict[str, str]]:
    try:
        return parse_ini(_text(path))
    except IniError as exc:
        raise _Unusable(f"invalid INI: {exc}", whole_file=True) from None


def _toml_document(path: Path) -> dict[str, Any]:
    toml = toml_parser()
    if toml is None:
        raise _Unusable("cannot read TOML on this Python without the 'tomli' package")
    text = _text(path)
    try:
        document: dict[str, Any] = toml.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _Unusable(f"invalid TOML: {exc}", whole_file=True) from None
    return document


def _load_pytest_ini(path: Path) -> ConfigFile | None:
    """pytest.ini / .pytest.ini: always the configuration, even empty or without ``[pytest]``."""
    sections = _ini_sections(path)
    return ConfigFile(path, "", False, sections.get("pytest", {}))


def _load_tox_ini(path: Path) -> ConfigFile | None:
    """tox.ini counts only with a ``[pytest]`` section."""
    sections = _ini_sections(path)
    return ConfigFile(path, "[pytest]", False, sections["pytest"]) if "pytest" in sections else None


def _load_setup_cfg(path: Path) -> ConfigFile | None:
    """setup.cfg counts only with ``[tool:pytest]``; a plain ``[pytest]`` there is an error in pytest."""
    sections = _ini_sections(path)
    if "tool:pytest" in sections:
        return ConfigFile(path, "[tool:pytest]", False, sections["tool:pytest"])
    if "pytest" in sections:
        raise _Unusable("its [pytest] section is no longer supported by pytest (use [tool:pytest])")
    return None


def _load_pytest_toml(path: Path) -> ConfigFile | None:
    """pytest.toml / .pytest.toml (pytest >= 9): the ``[pytest]`` table; a match even when empty."""
    document = _toml_document(path)
    if "pytest" in document:
        return ConfigFile(path, "[pytest]", True, _table(document["pytest"], "[pytest]"))
    top_level = [key for key, value in document.items() if not isinstance(value, dict)]
    if top_level:
        raise _Unusable(f"options outside the [pytest] table: {', '.join(top_level)}")
    return ConfigFile(path, "[pytest]", True)


def _load_pyproject(path: Path) -> ConfigFile | None:
    """pyproject.toml counts with ``[tool.pytest]`` (native, pytest >= 9) or ``[tool.pytest.ini_options]``."""
    document = _toml_document(path)
    tool = _table(document.get("tool", {}), "[tool]")
    tool_pytest = _table(tool.get("pytest", {}), "[tool.pytest]")
    native = {key: value for key, value in tool_pytest.items() if key != "ini_options"}
    ini_options = tool_pytest.get("ini_options")
    if native and ini_options:
        raise _Unusable("it has both [tool.pytest] and [tool.pytest.ini_options]")
    if native:
        return ConfigFile(path, "[tool.pytest]", True, native)
    if ini_options is not None:
        table = _table(ini_options, "[tool.pytest.ini_options]")
        scalars = {key: value if isinstance(value, list) else str(value) for key, value in table.items()}
        return ConfigFile(path, "[tool.pytest.ini_options]", False, scalars)
    return None


def _table(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Unusable(f"{name} is not a table")
    return value


_LOADERS: dict[str, Callable[[Path], ConfigFile | None]] = {
    "pytest.toml": _load_pytest_toml,
    ".pytest.toml": _load_pytest_toml,
    "pytest.ini": _load_pytest_ini,
    ".pytest.ini": _load_pytest_ini,
    PYPROJECT: _load_pyproject,
    "tox.ini": _load_tox_ini,
    "setup.cfg": _load_setup_cfg,
}
CONFIG_NAMES: tuple[str, ...] = tuple(_LOADERS)


@record
class _Walk:
    """What the search upward from one folder found."""

    file: ConfigFile | None
    nearest_pyproject: Path | None = None  # only kept while no file matched
    setup_py_folder: Path | None = None  # likewise


_NOTHING = _Walk(None)
_walks: Memo[Path, _Walk] = Memo()


def _is_file(path: Path) -> bool:
    stamps.note_kind(str(path))
    return os.path.isfile(path)


def _own_match(folder: Path) -> tuple[ConfigFile | None, bool]:
    """The first file of this folder that pytest would take, and whether a pyproject.toml is here."""
    has_pyproject = False
    for name, loader in _LOADERS.items():
        path = folder / name
        if not _is_file(path):
            continue
        has_pyproject = has_pyproject or name == PYPROJECT
        try:
            found = loader(path)
        except _Unusable as exc:
            return ConfigFile(path, "", False, broken=str(exc), unparsable=exc.whole_file), has_pyproject
        if found is not None:
            return found, has_pyproject
    return None, has_pyproject


def _walk(folder: Path) -> _Walk:
    """The search upward from ``folder``: once per folder, shared by every folder below it."""
    return _walks.get(folder, lambda: _search(folder))


def _search(folder: Path) -> _Walk:
    found, has_pyproject = _own_match(folder)
    if found is not None:
        return _Walk(found)
    above = _NOTHING if folder.parent == folder else _walk(folder.parent)
    if above.file is not None:
        return above
    return _Walk(
        None,
        folder / PYPROJECT if has_pyproject else above.nearest_pyproject,
        folder if _is_file(folder / SETUP_PY) else above.setup_py_folder,
    )


def locate(folder: Path | str) -> Location:
    """The configuration file pytest would use when run from ``folder``, and its rootdir."""
    walk = _walk(Path(os.path.abspath(folder)))
    if walk.file is not None:
        return Location(walk.file, walk.file.path.parent)
    if walk.nearest_pyproject is not None:
        return Location(ConfigFile(walk.nearest_pyproject, "", True), walk.nearest_pyproject.parent)
    return Location(None, walk.setup_py_folder)


def clear_cache() -> None:
    """Forget every search (for tests that rewrite files in place)."""
    _walks.clear()
