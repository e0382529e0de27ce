"""find_config: origins, flake8 overrides, version gating, broken files, caching (no pytest run needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_asyncloop.pytest_world import config_files
from flake8_asyncloop.pytest_world.config import ConfigValue, PytestConfig, find_config
from flake8_asyncloop.options import Settings

from .harness import write_files

NEWEST = Settings(pytest_asyncio_version=(1, 5, 0))
Capsys = pytest.CaptureFixture[str]


write = write_files


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder that is also the working folder, so origins are relative."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def stderr_lines(capsys: Capsys) -> list[str]:
    return capsys.readouterr().err.splitlines()


# --- origins, as the rules' messages show them ----------------------------------------------------


def test_origins_name_file_section_and_key(project: Path) -> None:
    write(project, {"pyproject.toml": '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'
                                      'addopts = "-o asyncio_default_fixture_loop_scope=module"\n'})
    config = find_config(project, NEWEST)
    assert config == PytestConfig(
        path=project / "pyproject.toml",
        rootdir=project,
        asyncio_mode=ConfigValue("auto", "pyproject.toml [tool.pytest.ini_options]: asyncio_mode"),
        fixture_loop_scope=ConfigValue(
            "module",
            "pyproject.toml [tool.pytest.ini_options] addopts: -o asyncio_default_fixture_loop_scope=module",
        ),
        test_loop_scope=ConfigValue("function", "pytest-asyncio default"),
    )


def test_pytest_ini_origin_has_no_section(project: Path) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = function\n"})
    scope = find_config(project, NEWEST).fixture_loop_scope
    assert scope == ConfigValue("function", "pytest.ini: asyncio_default_fixture_loop_scope")


def test_setup_cfg_addopts_origin(project: Path) -> None:
    write(project, {"setup.cfg": "[tool:pytest]\naddopts = -ra -oasyncio_mode=auto\n"})
    mode = find_config(project, NEWEST).asyncio_mode
    assert mode == ConfigValue("auto", "setup.cfg [tool:pytest] addopts: -o asyncio_mode=auto")


def test_nested_file_origin_is_relative_to_the_working_folder(project: Path) -> None:
    write(project, {"tests/tox.ini": "[pytest]\nasyncio_default_test_loop_scope = module\n"})
    scope = find_config(project / "tests" / "unit", NEWEST).test_loop_scope
    assert scope == ConfigValue("module", "tests/tox.ini [pytest]: asyncio_default_test_loop_scope")


def test_no_configuration_anywhere(project: Path) -> None:
    config = find_config(project / "a" / "b", NEWEST)
    assert (config.path, config.rootdir, config.fixture_loop_scope) == (None, None, None)
    assert config.asyncio_mode == ConfigValue("strict", "pytest-asyncio default")
    assert config.test_loop_scope == ConfigValue("function", "pytest-asyncio default")


# --- flake8 options override the files ------------------------------------------------------------


def test_flake8_options_override_file_and_addopts(project: Path) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_mode = strict\naddopts = --asyncio-mode=strict\n"
                                  "asyncio_default_fixture_loop_scope = session\n"
                                  "asyncio_default_test_loop_scope = session\n"})
    settings = Settings(
        asyncio_mode="auto",
        default_fixture_loop_scope="class",
        default_test_loop_scope="module",
        pytest_asyncio_version=(1, 5, 0),
    )
    config = find_config(project, settings)
    assert config.asyncio_mode == ConfigValue("auto", "--asyncloop-asyncio-mode")
    assert config.fixture_loop_scope == ConfigValue("class", "--asyncloop-default-fixture-loop-scope")
    assert config.test_loop_scope == ConfigValue("module", "--asyncloop-default-test-loop-scope")


def test_fixture_scope_option_unsets_the_file_value(project: Path) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = session\n"})
    assert find_config(project, NEWEST).fixture_loop_scope is not None
    settings = Settings(default_fixture_loop_scope="fixture-scope", pytest_asyncio_version=(0, 24, 0))
    assert find_config(project, settings).fixture_loop_scope is None


# --- the pytest-asyncio version decides which keys exist -------------------------------------------

FULL_INI = {"pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = session\n"
                          "asyncio_default_test_loop_scope = module\n"}


@pytest.mark.parametrize(
    ("version", "fixture", "test"),
    [
        ((0, 21, 2), None, "function"),
        ((0, 23, 8), None, "function"),
        ((0, 24, 0), "session", "function"),
        ((0, 25, 3), "session", "function"),
        ((0, 26, 0), "session", "module"),
        ((1, 5, 0), "session", "module"),
    ],
)
def test_keys_only_count_from_the_release_that_added_them(
    project: Path,
    capsys: Capsys,
    version: tuple[int, int, int],
    fixture: str | None,
    test: str,
) -> None:
    write(project, FULL_INI)
    config = find_config(project, Settings(pytest_asyncio_version=version))
    assert (config.fixture_loop_scope.value if config.fixture_loop_scope else None) == fixture
    assert config.test_loop_scope.value == test
    assert stderr_lines(capsys) == []


def test_fixture_scope_value_on_1_5(project: Path, capsys: Capsys) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = fixture-scope\n"})
    assert find_config(project, NEWEST).fixture_loop_scope is None
    assert stderr_lines(capsys) == []


def test_fixture_scope_value_before_1_5_is_reported(project: Path, capsys: Capsys) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_default_fixture_loop_scope = fixture-scope\n"})
    assert find_config(project, Settings(pytest_asyncio_version=(1, 4, 0))).fixture_loop_scope is None
    lines = stderr_lines(capsys)
    assert len(lines) == 1
    assert "pytest.ini" in lines[0] and "asyncio_default_fixture_loop_scope = 'fixture-scope'" in lines[0]
    assert ">= 1.5" in lines[0] and "1.4.0" in lines[0]


# --- what pytest would refuse: one stderr line naming file and key, then defaults -----------------


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"pyproject.toml": "[tool.pytest.ini_options\n"}, ["pyproject.toml", "invalid TOML"]),
        ({"tox.ini": "asyncio_mode = auto\n[pytest]\n"}, ["tox.ini", "invalid INI", "no section header"]),
        ({"pytest.ini": "[pytest]\nasyncio_default_test_loop_scope = forever\n"},
         ["pytest.ini", "asyncio_default_test_loop_scope = 'forever'", "function, class"]),
        ({"pytest.ini": "[pytest]\nasyncio_mode = AUTO\n"},
         ["pytest.ini", "asyncio_mode = 'AUTO'", "strict or auto"]),
        ({"pytest.ini": b"[pytest]\nasyncio_mode = auto # caf\xe9\n"}, ["pytest.ini", "not UTF-8"]),
        ({"pytest.toml": 'asyncio_mode = "auto"\n'},
         ["pytest.toml", "outside the [pytest] table: asyncio_mode"]),
        ({"pytest.toml": "[pytest]\nasyncio_mode = 1\n"}, ["pytest.toml", "[pytest] asyncio_mode = 1"]),
        ({"pytest.toml": '[pytest]\naddopts = "--asyncio-mode=auto"\n'},
         ["pytest.toml", "addopts", "list of strings"]),
        ({"pytest.ini": "[pytest]\naddopts = -o 'asyncio_mode=auto\n"},
         ["pytest.ini", "addopts", "cannot split"]),
        ({"pytest.ini": "[pytest]\naddopts = -o asyncio_mode\n"}, ["pytest.ini", "addopts", "key=value"]),
        ({"pytest.ini": "[pytest]\naddopts = --asyncio-mode=loose\n"},
         ["pytest.ini", "--asyncio-mode = 'loose'"]),
        ({"pyproject.toml": "[tool]\npytest = 3\n"}, ["pyproject.toml", "[tool.pytest] is not a table"]),
    ],
)
def test_refused_configuration_is_reported_once_and_defaults_apply(
    project: Path, capsys: Capsys, files: dict[str, str | bytes], words: list[str]
) -> None:
    write(project, files)
    config = find_config(project, NEWEST)
    find_config(project, NEWEST)
    find_config(project / "sub", NEWEST)
    lines = stderr_lines(capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith("flake8-asyncloop: ignored ")
    for word in words:
        assert word in lines[0], lines[0]
    assert config.path == project / next(iter(files))
    assert config.asyncio_mode.value == "strict"
    assert config.fixture_loop_scope is None
    assert config.test_loop_scope.value == "function"


def test_an_ignored_value_lets_the_next_source_apply(project: Path, capsys: Capsys) -> None:
    write(project, {"setup.cfg": "[tool:pytest]\nasyncio_default_test_loop_scope = class\n"
                                 "addopts = -o asyncio_default_test_loop_scope=Module\n"})
    scope = find_config(project, NEWEST).test_loop_scope
    assert scope == ConfigValue("class", "setup.cfg [tool:pytest]: asyncio_default_test_loop_scope")
    assert len(stderr_lines(capsys)) == 1


def test_unreadable_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
) -> None:
    write(project, {"tox.ini": "[pytest]\nasyncio_mode = auto\n"})

    def refuse(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(config_files, "read_text", refuse)
    config = find_config(project, NEWEST)
    assert config.path == project / "tox.ini" and config.asyncio_mode.value == "strict"
    lines = stderr_lines(capsys)
    assert len(lines) == 1 and "tox.ini" in lines[0] and "unreadable (Permission denied)" in lines[0]


def test_valid_neighbours_are_not_reported(project: Path, capsys: Capsys) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_mode = auto\n",
                    "tox.ini": "[pytest]\nnot valid at all\n"})
    assert find_config(project, NEWEST).asyncio_mode.value == "auto"
    # pytest 9 also parses the later files of the winning folder (to warn that they are ignored), so it
    # would stop on this tox.ini; the plugin deliberately reads only the file that configures pytest.
    assert stderr_lines(capsys) == []


# --- caching: each folder searched once, each file read once --------------------------------------


class Counter:
    """Wraps the module's reader and stat so a test can see what touched the disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads: list[str] = []
        self.stats: list[str] = []
        real_read, real_is_file = config_files.read_text, config_files._is_file

        def read_text(path: Path) -> str:
            self.reads.append(path.name)
            return real_read(path)

        def is_file(path: Path) -> bool:
            self.stats.append(str(path))
            return real_is_file(path)

        monkeypatch.setattr(config_files, "read_text", read_text)
        monkeypatch.setattr(config_files, "_is_file", is_file)


def test_second_call_reads_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, {"setup.cfg": "[tool:pytest]\nasyncio_mode = auto\n", "tests/unit/x.txt": ""})
    counter = Counter(monkeypatch)
    first = find_config(project / "tests" / "unit", NEWEST)
    assert counter.reads == ["setup.cfg"]
    assert find_config(project / "tests" / "unit", NEWEST) is first
    assert find_config(str(project / "tests" / "unit"), NEWEST) is first
    assert counter.reads == ["setup.cfg"]


def test_sibling_folders_share_the_search_above_them(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, {"tox.ini": "[pytest]\nasyncio_mode = auto\n"})
    counter = Counter(monkeypatch)
    find_config(project / "tests" / "a", NEWEST)
    stats_for_first = len(counter.stats)
    find_config(project / "tests" / "b", NEWEST)
    assert counter.reads == ["tox.ini"]
    # b only looks at its own folder: tests/ and the project folder are already known
    own_folder = project / "tests" / "b"
    assert counter.stats[stats_for_first:] == [str(own_folder / name) for name in config_files.CONFIG_NAMES]


def test_search_stops_at_the_first_match(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, {"pytest.ini": "[pytest]\n", "tox.ini": "[pytest]\n", "setup.cfg": "[tool:pytest]\n"})
    counter = Counter(monkeypatch)
    find_config(project, NEWEST)
    assert counter.stats == [str(project / name) for name in ("pytest.toml", ".pytest.toml", "pytest.ini")]
    assert counter.reads == ["pytest.ini"]


def test_other_settings_do_not_reread_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, {"pytest.ini": "[pytest]\nasyncio_default_test_loop_scope = module\n"})
    counter = Counter(monkeypatch)
    assert find_config(project, NEWEST).test_loop_scope.value == "module"
    older = Settings(pytest_asyncio_version=(0, 24, 0))
    assert find_config(project, older).test_loop_scope.value == "function"
    assert counter.reads == ["pytest.ini"]


def test_other_settings_fields_do_not_split_the_cache(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, {"pytest.ini": "[pytest]\n"})
    first = find_config(project, NEWEST)
    assert find_config(project, Settings(max_conftest_lines=7, pytest_asyncio_version=(1, 5, 0))) is first


def test_toml_without_a_parser_is_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
) -> None:
    """Python 3.10 installed without the tomli dependency: say so instead of failing."""
    write(project, {"pyproject.toml": "[tool.pytest.ini_options]\nasyncio_mode = 'auto'\n"})
    monkeypatch.setattr(config_files, "toml_parser", lambda: None)
    assert find_config(project, NEWEST).asyncio_mode.value == "strict"
    lines = stderr_lines(capsys)
    assert len(lines) == 1 and "pyproject.toml" in lines[0] and "'tomli'" in lines[0]


def test_a_folder_that_does_not_exist_still_finds_the_project(project: Path) -> None:
    write(project, {"tox.ini": "[pytest]\nasyncio_mode = auto\n"})
    assert find_config(project / "not" / "there", NEWEST).path == project / "tox.ini"
