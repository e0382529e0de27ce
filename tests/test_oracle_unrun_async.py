"""Runtime oracle for ALP006: flagged exactly where real pytest + pytest-asyncio do not run the code.

Each layout of ``oracle_unrun.py`` runs under the real pytest and pytest-asyncio of this
environment (pytest 9, pytest-asyncio 1.5, anyio), one pytest process per layout (JUnit XML;
forked from one server) and one flake8 run over all of them.  A test "is not run" when it fails
or errors (pytest 9 fails an unmarked async test and errors on a request of an unhandled async
fixture).  The plugin's view of
the same tests: a flagged test, or a test that requests a flagged fixture.  Both must equal the
checked table ``NOT_RUN`` — so every flag is a real failure and every failure is flagged.
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from .harness import Run, run_flake8, run_pytests, write_files
from .oracle_unrun import LAYOUTS, NOT_RUN


def _not_run(projects: list[Path]) -> list[set[str]]:
    """Tests that failed or errored in each project, by function name (parameters dropped)."""
    runs = [Run(project, ["-p", "no:cacheprovider", "-q", "--tb=no", f"--junitxml={project / 'report.xml'}",
                          "--rootdir", str(project), str(project)]) for project in projects]
    run_pytests(runs, hide=("PYTEST_", "PYTHONPATH"), jobs=2)
    found: list[set[str]] = []
    for project in projects:
        cases = ElementTree.parse(project / "report.xml").getroot().iter("testcase")
        found.append({case.attrib["name"].split("[")[0] for case in cases
                      if case.find("failure") is not None or case.find("error") is not None})
    return found


def _flagged(root: Path) -> dict[str, set[tuple[str, int]]]:
    """ALP006 (file, line) per layout from one flake8 run."""
    result = run_flake8(["--select", "ALP006", "--format", "%(path)s|%(row)d", "."], cwd=root)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    flagged: dict[str, set[tuple[str, int]]] = {}
    for line in result.stdout.splitlines():
        path, row = line.split("|")
        parts = Path(path).parts
        flagged.setdefault(parts[-2], set()).add((parts[-1], int(row)))
    return flagged


def _seen_as_not_run(project: Path, flagged: set[tuple[str, int]]) -> set[str]:
    """Flagged tests, and tests that request a flagged fixture."""
    definitions: dict[tuple[str, int], ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for path in project.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                definitions[(path.name, node.lineno)] = node
    flagged_nodes = [definitions[key] for key in flagged]
    fixtures = {node.name for node in flagged_nodes if not node.name.startswith("test")}
    tests = {node.name for node in flagged_nodes if node.name.startswith("test")}
    for (name, _), node in definitions.items():
        if name.startswith("test_") and node.name.startswith("test"):
            if fixtures & {arg.arg for arg in node.args.args}:
                tests.add(node.name)
    return tests


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[set[str], set[str]]]:
    root = tmp_path_factory.mktemp("unrun")
    for layout, (ini, files) in LAYOUTS.items():
        write_files(root / layout, {"pytest.ini": ini, **files})
    flagged = _flagged(root)
    not_run = dict(zip(LAYOUTS, _not_run([root / layout for layout in LAYOUTS])))
    return {
        layout: (not_run[layout], _seen_as_not_run(root / layout, flagged.get(layout, set())))
        for layout in LAYOUTS
    }


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_runtime_matches_the_checked_table(
    outcomes: dict[str, tuple[set[str], set[str]]], layout: str
) -> None:
    not_run, _ = outcomes[layout]
    assert not_run == NOT_RUN[layout]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_flagged_exactly_where_the_code_is_not_run(
    outcomes: dict[str, tuple[set[str], set[str]]], layout: str
) -> None:
    not_run, seen = outcomes[layout]
    assert seen == not_run
