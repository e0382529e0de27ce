"""In-process tests of where the project is and what its test run imports from (pytest_world/project.py),
and of ``--asyncloop-source-roots`` resolution (source_roots.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from flake8_asyncloop import faults, source_roots
from flake8_asyncloop.pytest_world import config_files
from flake8_asyncloop.pytest_world.project import import_roots, project_folder, project_folders, pythonpath

from .harness import write_files


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    config_files.clear_cache()


def test_without_any_project_file_the_working_folder_is_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"app/__init__.py": "", "tests/test_a.py": ""})
    test = tmp_path / "tests" / "test_a.py"
    monkeypatch.chdir(tmp_path)
    assert project_folders(test.parent) == (tmp_path,)
    assert project_folder(test.parent, None) == tmp_path
    assert import_roots(test) == (tmp_path / "tests", tmp_path)
    monkeypatch.chdir(tmp_path / "tests")  # the working folder is inside the project only
    assert project_folders(test.parent) == (tmp_path / "tests",)
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(tmp_path / "outside")
    assert project_folders(test.parent) == ()
    assert project_folder(test.parent, None) == test.parent
    assert import_roots(test) == (tmp_path / "tests",)


def test_rootdir_and_nearest_project_file_both_count_in_a_monorepo(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-q'\n",
        "sub/setup.cfg": "[flake8]\n",
        "sub/src/pkg/__init__.py": "",
        "sub/tests/test_a.py": "",
    })
    test = tmp_path / "sub" / "tests" / "test_a.py"
    assert project_folders(test.parent) == (tmp_path, tmp_path / "sub")
    assert import_roots(test) == (test.parent, tmp_path, tmp_path / "sub", tmp_path / "sub" / "src")
    assert project_folder(test.parent, tmp_path) == tmp_path  # conftests load up to pytest's rootdir


@pytest.mark.parametrize("name, text, expected", [
    ("pytest.ini", "[pytest]\npythonpath = code  'with space'\n", ["code", "with space"]),
    ("pyproject.toml", "[tool.pytest.ini_options]\npythonpath = ['code', '.']\n", ["code", "."]),
    ("pyproject.toml", "[tool.pytest.ini_options]\npythonpath = 'code'\n", ["code"]),
    ("pytest.toml", "[pytest]\npythonpath = ['code']\n", ["code"]),
    ("setup.cfg", "[tool:pytest]\npythonpath =\n    code\n    ../shared\n", ["code", "../shared"]),
    ("tox.ini", "[pytest]\naddopts = -q\n", []),
    ("pytest.ini", "[pytest]\npythonpath = 'unclosed\n", []),
])
def test_pythonpath_is_relative_to_the_ini_file(
    tmp_path: Path, name: str, text: str, expected: list[str]
) -> None:
    write_files(tmp_path, {f"project/{name}": text, "project/tests/test_a.py": ""})
    project = tmp_path / "project"
    found = pythonpath(project / "tests")
    assert found == tuple(Path(str((project / entry).resolve())) for entry in expected)


def test_import_roots_keep_only_existing_folders_in_order(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "setup.cfg": "[tool:pytest]\npythonpath = lib missing\n",
        "lib/x.py": "", "src/y.py": "", "extra/z.py": "",
        "tests/pkg/__init__.py": "", "tests/pkg/test_a.py": "",
    })
    test = tmp_path / "tests" / "pkg" / "test_a.py"
    roots = import_roots(test, (str(tmp_path / "extra"), str(tmp_path / "gone")))
    assert roots == (tmp_path / "tests", tmp_path / "lib", tmp_path, tmp_path / "src", tmp_path / "extra")


# -- --asyncloop-source-roots --------------------------------------------------------------------------


def _options(**values: object) -> argparse.Namespace:
    return argparse.Namespace(**{"config": None, "isolated": False, **values})


def test_config_folder_as_flake8_finds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"tox.ini": "[tox]\n", "setup.cfg": "[flake8]\n", "a/b/.flake8": "[pycodestyle]\n"})
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert source_roots.flake8_config_folder(_options()) == str(tmp_path)
    assert source_roots.flake8_config_folder(_options(isolated=True)) == str(tmp_path / "a" / "b")
    assert source_roots.flake8_config_folder(_options(config="../other.cfg")) == str(tmp_path / "a")


def test_bare_names_beside_the_config_then_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(tmp_path, {"setup.cfg": "[flake8]\n", "lib/x.py": "", "tests/local/y.py": ""})
    monkeypatch.chdir(tmp_path / "tests")
    absolute = str(tmp_path / "lib")
    faults._reported.clear()
    resolved = source_roots.resolve(["lib", "local", absolute, " ", "nowhere"], _options())
    assert resolved == (str(tmp_path / "lib"), str(tmp_path / "tests" / "local"))
    missing = tmp_path / "nowhere"
    line = f"flake8-asyncloop: ignored 'nowhere' (no such folder: {missing}) in asyncloop-source-roots"
    assert capsys.readouterr().err == line + "\n"
    source_roots.resolve(["nowhere"], _options())
    assert capsys.readouterr().err == ""  # said once per run
