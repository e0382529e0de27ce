"""``find_config`` agrees with what real pytest 9 + pytest-asyncio 1.5 print for generated layouts.

Each layout is written to a temporary folder, pytest runs there in a process of its own (collecting
nothing; all forked from one warmed-up interpreter), and its header — ``rootdir``, ``configfile``
and pytest-asyncio's ``asyncio:`` line — must match ``find_config`` for the same folder.  Each
layout also names the file that must win, so a layout that stops testing what it claims fails.
Layouts pytest refuses must be refused by pytest AND reported on stderr by the plugin, which then
falls back to defaults instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from flake8_asyncloop.pytest_world.config import find_config
from flake8_asyncloop.pytest_world.config_files import CONFIG_NAMES
from flake8_asyncloop.pytest_world.scopes import SCOPES
from flake8_asyncloop.options import Settings

from .harness import write_files
from .pytest_oracle import PytestView, pytest_views


@dataclass(frozen=True)
class Layout:
    """Files to write, where to run, and which file must be the configuration."""

    name: str
    files: dict[str, str]
    winner: str | None  # relative path of the config file pytest must pick, None for none
    run_in: str = "."
    rootdir: str | None = None  # expected rootdir when no file wins (setup.py), relative
    ignored: tuple[str, ...] = field(default=())  # for refused layouts: words the stderr line must hold


def _kv_toml(values: dict[str, str]) -> str:
    return "".join(f'{key} = "{value}"\n' for key, value in values.items())


def _kv_ini(values: dict[str, str]) -> str:
    return "".join(f"{key} = {value}\n" for key, value in values.items())


def config_text(name: str, values: dict[str, str]) -> str:
    """The file ``name`` holding ``values`` in the table or section pytest reads there."""
    if name in ("pytest.toml", ".pytest.toml"):
        return "[pytest]\n" + _kv_toml(values)
    if name == "pyproject.toml":
        return "[project]\nname = 'demo'\n\n[tool.pytest.ini_options]\n" + _kv_toml(values)
    section = "tool:pytest" if name == "setup.cfg" else "pytest"
    return f"[{section}]\n" + _kv_ini(values)


def distinct_values(index: int) -> dict[str, str]:
    """Settings that tell the file kinds apart by what pytest-asyncio prints."""
    return {
        "asyncio_mode": "auto" if index % 2 else "strict",
        "asyncio_default_fixture_loop_scope": SCOPES[(index + 2) % 5],
        "asyncio_default_test_loop_scope": SCOPES[index % 5],
    }


def _precedence_layouts() -> list[Layout]:
    """All kinds from the n-th on, in one folder: the n-th must win."""
    layouts = []
    for first in range(len(CONFIG_NAMES)):
        files = {name: config_text(name, distinct_values(index))
                 for index, name in enumerate(CONFIG_NAMES) if index >= first}
        layouts.append(Layout(f"precedence-{CONFIG_NAMES[first]}", files, CONFIG_NAMES[first]))
    return layouts


PYPROJECT_NO_TABLE = "[project]\nname = 'demo'\n\n[tool.black]\nline-length = 100\n"
AUTO = {"asyncio_mode": "auto"}
AUTO_TOX = config_text("tox.ini", AUTO)

VALID = [
    *_precedence_layouts(),
    # files that exist but hold no pytest configuration
    Layout("pyproject-without-table", {"pyproject.toml": PYPROJECT_NO_TABLE, "tox.ini": AUTO_TOX}, "tox.ini"),
    Layout("pyproject-empty-tool-pytest", {"sub/pyproject.toml": "[tool.pytest]\n", "tox.ini": AUTO_TOX},
           "tox.ini", "sub"),
    Layout("tox-without-pytest-section",
           {"tox.ini": "[tox]\nenvlist = py311\n", "setup.cfg": config_text("setup.cfg", AUTO)}, "setup.cfg"),
    Layout("setup-cfg-without-tool-pytest",
           {"sub/setup.cfg": "[metadata]\nname = demo\n", "pytest.ini": config_text("pytest.ini", AUTO)},
           "pytest.ini", "sub"),
    Layout("pytest-ini-without-pytest-section",
           {"pytest.ini": "[tool:pytest]\nasyncio_mode = auto\n",
            "pyproject.toml": config_text("pyproject.toml", AUTO)},
           "pytest.ini"),
    Layout("empty-dot-pytest-ini",
           {".pytest.ini": "", "pyproject.toml": config_text("pyproject.toml", AUTO)}, ".pytest.ini"),
    Layout("pytest-toml-other-tables-only",
           {"pytest.toml": "[tool.other]\nx = 1\n", "tox.ini": AUTO_TOX}, "pytest.toml"),
    # the nearest folder with a match wins, whatever the kinds
    Layout("nearest-folder-wins",
           {"pytest.toml": config_text("pytest.toml", AUTO),
            "sub/setup.cfg": config_text("setup.cfg", distinct_values(2))},
           "sub/setup.cfg", "sub"),
    Layout("nearest-from-deeper-folder",
           {"tox.ini": config_text("tox.ini", distinct_values(1)),
            "a/pyproject.toml": config_text("pyproject.toml", distinct_values(4)),
            "a/b/c/readme.txt": "no configuration here\n"},
           "a/pyproject.toml", "a/b/c"),
    # no file matches: the nearest pyproject.toml, else a setup.py folder, else nothing
    Layout("fallback-pyproject", {"sub/pyproject.toml": PYPROJECT_NO_TABLE, "sub/t/x.txt": ""},
           "sub/pyproject.toml", "sub/t"),
    Layout("fallback-pyproject-before-setup-py", {"setup.py": "", "sub/pyproject.toml": PYPROJECT_NO_TABLE},
           "sub/pyproject.toml", "sub"),
    Layout("fallback-setup-py", {"setup.py": "", "sub/x.txt": ""}, None, "sub", rootdir="."),
    Layout("no-configuration", {"x.txt": ""}, None),
    # addopts, in every spelling
    Layout("addopts-mode-separate",
           {"setup.cfg": "[tool:pytest]\naddopts = --asyncio-mode auto -ra\n"}, "setup.cfg"),
    Layout("addopts-o-beats-key",
           {"tox.ini": "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
                       "addopts = -o asyncio_default_fixture_loop_scope=session\n"},
           "tox.ini"),
    Layout("addopts-override-ini-and-attached-o",
           {"pytest.ini": "[pytest]\naddopts = --override-ini=asyncio_default_test_loop_scope=module "
                          "-oasyncio_mode=auto\n"},
           "pytest.ini"),
    Layout("addopts-o-equals",
           {"pytest.ini": "[pytest]\naddopts = -o=asyncio_mode=auto\n"}, "pytest.ini"),
    Layout("addopts-last-override-wins",
           {"pytest.ini": "[pytest]\naddopts = --override-ini asyncio_default_test_loop_scope=class "
                          "-o asyncio_default_test_loop_scope=package\n"},
           "pytest.ini"),
    Layout("addopts-mode-flag-beats-o-and-key",
           {"pytest.toml": '[pytest]\nasyncio_mode = "auto"\n'
                           'addopts = ["--asyncio-mode=strict", "-o", "asyncio_mode=auto"]\n'},
           "pytest.toml"),
    Layout("addopts-o-beats-mode-key",
           {"setup.cfg": "[tool:pytest]\nasyncio_mode = auto\naddopts = -o asyncio_mode=strict\n"},
           "setup.cfg"),
    Layout("addopts-list-ini-options",
           {"pyproject.toml": '[tool.pytest.ini_options]\naddopts = ["--asyncio-mode", "auto", "-o",'
                              ' "asyncio_default_test_loop_scope=session"]\n'},
           "pyproject.toml"),
    Layout("addopts-quoted-string-ini-options",
           {"pyproject.toml": "[tool.pytest.ini_options]\n"
                              "addopts = \"-ra -o 'asyncio_default_fixture_loop_scope=module'\"\n"},
           "pyproject.toml"),
    Layout("native-tool-pytest",
           {"pyproject.toml": '[tool.pytest]\nasyncio_default_test_loop_scope = "class"\n'
                              'addopts = ["-o", "asyncio_mode=auto"]\n'},
           "pyproject.toml"),
    Layout("addopts-multiline",
           {"tox.ini": "[pytest]\naddopts =\n    -ra\n    --asyncio-mode=auto\n"
                       "asyncio_default_test_loop_scope =\n    module\n"},
           "tox.ini"),
    Layout("fixture-scope-value",
           {"pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = fixture-scope\n"}, "pytest.ini"),
    Layout("colon-syntax",
           {"setup.cfg": "[tool:pytest]\nasyncio_mode: auto\nasyncio_default_fixture_loop_scope: class\n"},
           "setup.cfg"),
]

REFUSED = [
    Layout("invalid-fixture-scope",
           {"pytest.ini": "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = modul\n"},
           "pytest.ini", ignored=("pytest.ini", "asyncio_default_fixture_loop_scope", "modul")),
    Layout("inline-comment-is-part-of-the-value",
           {"setup.cfg": "[tool:pytest]\nasyncio_mode = auto  # fast\n"},
           "setup.cfg", ignored=("setup.cfg", "[tool:pytest] asyncio_mode", "auto  # fast")),
    Layout("invalid-scope-in-addopts",
           {"tox.ini": "[pytest]\naddopts = -o asyncio_default_test_loop_scope=global\n"},
           "tox.ini", ignored=("tox.ini", "addopts -o asyncio_default_test_loop_scope", "global")),
    Layout("broken-toml-stops-the-search",
           {"pytest.ini": config_text("pytest.ini", AUTO),
            "sub/pyproject.toml": "[tool.pytest.ini_options\nasyncio_mode = 'auto'\n"},
           "sub/pyproject.toml", "sub", ignored=("pyproject.toml", "invalid TOML")),
    Layout("broken-ini-duplicate-key",
           {"tox.ini": "[pytest]\nasyncio_mode = auto\nasyncio_mode = strict\n"},
           "tox.ini", ignored=("tox.ini", "duplicate name 'asyncio_mode'")),
    Layout("setup-cfg-plain-pytest-section",
           {"setup.cfg": "[pytest]\nasyncio_mode = auto\n"},
           "setup.cfg", ignored=("setup.cfg", "[tool:pytest]")),
    Layout("both-native-and-ini-options",
           {"pyproject.toml": '[tool.pytest]\nasyncio_mode = "auto"\n\n'
                              '[tool.pytest.ini_options]\nminversion = "8"\n'},
           "pyproject.toml", ignored=("pyproject.toml", "both")),
]


def write_layout(root: Path, layout: Layout) -> Path:
    """Write the files; return the folder to run in."""
    write_files(root, layout.files)
    run_in = root / layout.run_in
    run_in.mkdir(parents=True, exist_ok=True)
    return run_in


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, PytestView]]:
    """Every layout written out and run by pytest: {name: (its root, the folder run in, what pytest said)}."""
    roots = {layout.name: tmp_path_factory.mktemp(layout.name) for layout in VALID + REFUSED}
    folders = {layout.name: write_layout(roots[layout.name], layout) for layout in VALID + REFUSED}
    said = pytest_views(list(folders.values()))
    return {name: (roots[name], folders[name], view) for name, view in zip(folders, said)}


@pytest.mark.parametrize("layout", VALID, ids=lambda layout: layout.name)
def test_find_config_agrees_with_pytest(
    views: dict[str, tuple[Path, Path, PytestView]], layout: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path, folder, view = views[layout.name]
    assert not view.failed_on_config, view.output
    config = find_config(folder, Settings())
    assert capsys.readouterr().err == ""

    winner = tmp_path / layout.winner if layout.winner else None
    assert view.configfile == winner, view.output
    assert config.path == winner
    if winner is not None:
        assert view.rootdir == config.rootdir == winner.parent
    elif layout.rootdir is not None:
        assert view.rootdir == config.rootdir == tmp_path / layout.rootdir
    else:
        assert config.rootdir is None  # pytest falls back to the folder it was run from
        assert view.rootdir == folder

    assert config.asyncio_mode.value == view.mode
    printed_fixture = None if view.fixture_loop_scope == "fixture-scope" else view.fixture_loop_scope
    assert (config.fixture_loop_scope.value if config.fixture_loop_scope else None) == printed_fixture
    assert config.test_loop_scope.value == view.test_loop_scope


@pytest.mark.parametrize("layout", REFUSED, ids=lambda layout: layout.name)
def test_what_pytest_refuses_is_reported_and_ignored(
    views: dict[str, tuple[Path, Path, PytestView]], layout: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path, folder, view = views[layout.name]
    assert view.failed_on_config and view.returncode != 0, view.output

    config = find_config(folder, Settings())
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("flake8-asyncloop: ignored ")
    for word in layout.ignored:
        assert word in lines[0], lines[0]
    assert config.path == tmp_path / str(layout.winner)
    assert config.fixture_loop_scope is None
    assert config.test_loop_scope.value == "function"
