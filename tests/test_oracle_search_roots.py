"""ALP004's search roots against the runtime: where the test run imports the project from.

Each scenario is a small project whose tests each start one patch.  The real
pytest runs them from the project folder (``python -m pytest``, as the issue's
user does); flake8 then runs where a user would run it, and must flag exactly
the tests that failed -- none of them when it cannot see the project, never a
passing one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from .harness import run_flake8_command, run_pytest, write_files

APP = {
    "app/__init__.py": "",
    "app/core.py": "SESSION = object()\n",
    "app/service.py": "def track():\n    from app.core import SESSION\n    return SESSION\n",
}
TESTS = '''\
from unittest.mock import patch


def test_good():
    with patch("app.core.SESSION"):
        pass


def test_stale():
    with patch("app.core.SESION"):
        pass


def test_late_import():
    with patch("app.service.SESSION"):
        pass


def test_unknown_module_is_not_ours():
    with patch("elsewhere.thing"):
        pass
'''
#: What every scenario's tests do at run time when the project is importable.
FAILING = {"test_stale", "test_late_import", "test_unknown_module_is_not_ours"}
FLAGGED = {"test_stale", "test_late_import"}  # a module found nowhere is never a finding


def _failed(root: Path, *pytest_args: str) -> set[str]:
    report = root / "report.xml"
    run = run_pytest(["-p", "no:cacheprovider", "-q", f"--junitxml={report}", *pytest_args], cwd=root)
    tree = ElementTree.parse(report)
    cases = list(tree.iter("testcase"))
    assert cases, run.stdout[-2000:]
    return {c.get("name", "") for c in cases if c.find("failure") is not None or c.find("error") is not None}


def _flagged(root: Path, cwd: Path, *flake8_args: str) -> set[str]:
    """The tests (by the ``def`` above each finding) the ``flake8`` command flags, run in ``cwd``."""
    lint = run_flake8_command(["--select", "ALP004", *flake8_args], cwd=cwd)
    assert "Traceback" not in lint.stderr and "internal error" not in lint.stderr, lint.stderr
    names = set()
    for hit in lint.hits():
        lines = (cwd / hit.path).read_text().splitlines()[: hit.row]
        names.add(next(m[1] for line in reversed(lines) if (m := re.match(r"def (\w+)", line))))
    return names


@pytest.mark.parametrize("marker", [None, "setup.cfg", ".git"])
def test_project_without_config_file_is_found_from_where_flake8_runs(
    tmp_path: Path, marker: str | None
) -> None:
    """No setup.cfg/pyproject.toml/tox.ini/.flake8: the folder flake8 runs in is the project (issue 9)."""
    write_files(tmp_path, {**APP, "tests/test_app.py": TESTS})
    if marker == ".git":
        (tmp_path / marker).mkdir()
    elif marker:
        (tmp_path / marker).write_text("")
    assert _failed(tmp_path, "tests") == FAILING
    assert _flagged(tmp_path, tmp_path, "tests") == FLAGGED


def test_without_a_project_file_a_folder_outside_the_project_sees_nothing(tmp_path: Path) -> None:
    """Run from elsewhere, the project is not on the import path: silent, never a wrong finding."""
    project = tmp_path / "project"
    write_files(project, {**APP, "tests/test_app.py": TESTS})
    (tmp_path / "elsewhere").mkdir()
    assert _flagged(project, tmp_path / "elsewhere", str(project / "tests")) == set()


def test_pythonpath_ini_option_is_searched(tmp_path: Path) -> None:
    """pytest's ``pythonpath`` (relative to the ini file) is where the run imports the project from."""
    files = {f"code/{path}": text for path, text in APP.items()}
    ini = "[pytest]\npythonpath = code\n"
    write_files(tmp_path, {**files, "tests/test_app.py": TESTS, "pytest.ini": ini})
    assert _failed(tmp_path, "tests") == FAILING
    assert _flagged(tmp_path, tmp_path, "tests") == FLAGGED
    assert _flagged(tmp_path, tmp_path / "tests", ".") == FLAGGED


def test_source_roots_relative_to_the_config_file(tmp_path: Path) -> None:
    """A conftest puts lib/ on sys.path, which only the option can tell; flake8 runs in a subfolder."""
    files = {f"lib/{path}": text for path, text in APP.items()}
    conftest = "import os, sys\n\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))\n"
    write_files(tmp_path, {**files, "tests/test_app.py": TESTS, "conftest.py": conftest})
    (tmp_path / "setup.cfg").write_text("[flake8]\n")
    assert _failed(tmp_path, "tests") == FAILING
    assert _flagged(tmp_path, tmp_path, "tests") == set()  # lib/ is invisible without the option
    (tmp_path / "setup.cfg").write_text("[flake8]\nasyncloop-source-roots = lib\n")
    assert _flagged(tmp_path, tmp_path, "tests") == FLAGGED
    assert _flagged(tmp_path, tmp_path / "tests", ".") == FLAGGED
