"""ALP004's search roots against the runtime: where the test run imports the project from.

Each scenario is a small project whose tests each start one patch.  The real
pytest runs them from the project folder (``python -m pytest``, as the issue's
user does; a process per project, forked from one server); flake8 then runs where
a user would run it, and must flag exactly the tests that failed -- none of them
when it cannot see the project, never a passing one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from .harness import ORACLE_ARGS, Run, run_flake8_command, run_pytests, write_files

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


LIB_ON_PATH = "import os, sys\n\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))\n"
#: The projects pytest runs (each also gets TESTS as tests/test_app.py); ".git" gets an empty .git/.
PROJECTS: dict[str, dict[str, str]] = {
    "no-marker": APP,
    "setup.cfg": {**APP, "setup.cfg": ""},
    ".git": APP,
    "pythonpath": {**{f"code/{path}": text for path, text in APP.items()},
                   "pytest.ini": "[pytest]\npythonpath = code\n"},
    "source-roots": {**{f"lib/{path}": text for path, text in APP.items()},
                     "conftest.py": LIB_ON_PATH, "setup.cfg": "[flake8]\n"},
}


@pytest.fixture(scope="module")
def failed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, set[str]]]:
    """Each project written out and run by the real pytest (``python -m pytest tests`` in its folder):
    {name: (its folder, the tests that failed)}."""
    roots = {name: tmp_path_factory.mktemp(name.strip(".")) for name in PROJECTS}
    for name, root in roots.items():
        write_files(root, {**PROJECTS[name], "tests/test_app.py": TESTS})
    (roots[".git"] / ".git").mkdir()
    runs = [Run(root, [*ORACLE_ARGS, f"--junitxml={root / 'report.xml'}", "tests"])
            for root in roots.values()]
    results = dict(zip(roots, run_pytests(runs, jobs=2)))
    outcome = {}
    for name, root in roots.items():
        cases = list(ElementTree.parse(root / "report.xml").iter("testcase"))
        assert cases, results[name].stdout[-2000:]
        outcome[name] = (root, {c.get("name", "") for c in cases
                                if c.find("failure") is not None or c.find("error") is not None})
    return outcome


def _flagged(root: Path, cwd: Path, *flake8_args: str) -> set[str]:
    """The tests (by the ``def`` above each finding) the ``flake8`` command flags, run in ``cwd``."""
    lint = run_flake8_command(["--select", "ALP004", *flake8_args], cwd=cwd)
    assert "Traceback" not in lint.stderr and "internal error" not in lint.stderr, lint.stderr
    names = set()
    for hit in lint.hits():
        lines = (cwd / hit.path).read_text().splitlines()[: hit.row]
        names.add(next(m[1] for line in reversed(lines) if (m := re.match(r"def (\w+)", line))))
    return names


@pytest.mark.parametrize("marker", ["no-marker", "setup.cfg", ".git"])
def test_project_without_config_file_is_found_from_where_flake8_runs(
    failed: dict[str, tuple[Path, set[str]]], marker: str
) -> None:
    """No setup.cfg/pyproject.toml/tox.ini/.flake8: the folder flake8 runs in is the project (issue 9)."""
    root, failing = failed[marker]
    assert failing == FAILING
    assert _flagged(root, root, "tests") == FLAGGED


def test_without_a_project_file_a_folder_outside_the_project_sees_nothing(tmp_path: Path) -> None:
    """Run from elsewhere, the project is not on the import path: silent, never a wrong finding."""
    project = tmp_path / "project"
    write_files(project, {**APP, "tests/test_app.py": TESTS})
    (tmp_path / "elsewhere").mkdir()
    assert _flagged(project, tmp_path / "elsewhere", str(project / "tests")) == set()


def test_pythonpath_ini_option_is_searched(failed: dict[str, tuple[Path, set[str]]]) -> None:
    """pytest's ``pythonpath`` (relative to the ini file) is where the run imports the project from."""
    root, failing = failed["pythonpath"]
    assert failing == FAILING
    assert _flagged(root, root, "tests") == FLAGGED
    assert _flagged(root, root / "tests", ".") == FLAGGED


def test_source_roots_relative_to_the_config_file(failed: dict[str, tuple[Path, set[str]]]
                                                  ) -> None:
    """A conftest puts lib/ on sys.path, which only the option can tell; flake8 runs in a subfolder."""
    root, failing = failed["source-roots"]
    assert failing == FAILING
    assert _flagged(root, root, "tests") == set()  # lib/ is invisible without the option
    (root / "setup.cfg").write_text("[flake8]\nasyncloop-source-roots = lib\n")
    assert _flagged(root, root, "tests") == FLAGGED
    assert _flagged(root, root / "tests", ".") == FLAGGED
