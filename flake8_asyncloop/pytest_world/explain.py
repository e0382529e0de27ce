"""``--asyncloop-explain``: say on stderr which pytest-asyncio release and pytest settings the rules use.

A user who wonders why a finding appears (or does not) needs the two inputs every loop rule
depends on: the pytest-asyncio release whose behaviour applies, with the file and line it came
from, and the pytest configuration in force.  Printed once per distinct explanation in a flake8 run,
across its processes (so once per project, or per folder whose pins or configuration differ).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..display import display_path
from ..once import first_time
from ..options import Settings
from .config import FIXTURE_KEY, MODE_KEY, TEST_KEY, ConfigValue, PytestConfig, find_config
from .pins import declared_version, every_declaration, search_folders, where
from .versions import AsyncioSemantics, installed_version, semantics_for

PREFIX = "flake8-asyncloop:"


def explain_file(filename: str, settings: Settings) -> None:
    """Print the explanation for the project of ``filename``, unless this process already did."""
    folder = Path(os.path.abspath(filename)).parent
    body = explanation(folder, settings)
    if not first_time("\n".join(body)):
        return
    project = _project_root(folder)
    header = f"{PREFIX} for the project in {_shown(project)} (first file checked: {filename})\n"
    sys.stderr.write(header + "".join(f"{PREFIX}   {line}\n" for line in body))


def explanation(folder: Path, settings: Settings) -> list[str]:
    """The lines of the explanation, without the header."""
    semantics = semantics_for(settings, folder)
    config = find_config(folder, settings)
    return [*_version_lines(folder, settings, semantics), *_config_lines(config, semantics)]


def _project_root(folder: Path) -> Path:
    searched = search_folders(folder)
    return searched[-1] if searched else folder


def _version_lines(folder: Path, settings: Settings, semantics: AsyncioSemantics) -> list[str]:
    installed = installed_version()
    lines = [
        f"pytest-asyncio {semantics} behaviour applies: {semantics.origin}",
        "installed beside flake8: " + (".".join(map(str, installed)) if installed else "none"),
    ]
    if settings.pytest_asyncio_version is not None:
        return lines
    choice = declared_version(folder, installed)
    if choice is not None:
        lines += [f"not used: {note}" for note in choice.passed_over]
    else:
        lines += [f"not used: {where(d)}: {d.text} (no version)" for d in every_declaration(folder)]
        searched = search_folders(folder)
        if searched:
            lines.append(f"searched {_shown(searched[0])} up to {_shown(searched[-1])}")
    return lines


def _config_lines(config: PytestConfig, semantics: AsyncioSemantics) -> list[str]:
    found = f"{_shown(config.path)}" if config.path is not None else "none found (pytest-asyncio's defaults)"
    lines = [f"pytest configuration: {found}", _value_line(MODE_KEY, config.asyncio_mode)]
    missing = f"not read (pytest-asyncio {semantics} has no such option)"
    if not semantics.default_fixture_loop_scope_option:
        lines.append(f"{FIXTURE_KEY}: {missing}")
    elif config.fixture_loop_scope is None:
        lines.append(f"{FIXTURE_KEY}: not set (each async fixture runs on the loop of its own scope)")
    else:
        lines.append(_value_line(FIXTURE_KEY, config.fixture_loop_scope))
    if semantics.default_test_loop_scope_option:
        lines.append(_value_line(TEST_KEY, config.test_loop_scope))
    else:
        lines.append(f"{TEST_KEY}: {missing}")
    return lines


def _shown(path: Path) -> str:
    return display_path(path, levels_up=2)


def _value_line(key: str, value: ConfigValue) -> str:
    return f"{key} = {value.value} ({value.origin})"
