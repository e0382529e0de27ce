"""Runtime oracle for ALP002's value rules: flagged exactly where real pytest-asyncio fails.

Every value kind of ``oracle_values.py`` runs under every loop layout with real
pytest 9 and pytest-asyncio 1.5 (one project per layout, each its own process, two at a time)
and real clients and servers on 127.0.0.1.  For each kind and layout: its tests
fail exactly where the runtime table says (``fails_in``), the plugin flags the
module exactly when a test fails, and every failing test is a flagged one.  A
lazily bound value fails from the second test on, so a flagged module may hold a
first test that passes; that is the SPEC's reporting unit (the requester's def).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from .harness import Run, run_flake8, run_pytests, write_files
from .oracle_values import KINDS, KNOWN_LIMITS, LAYOUTS, project_files

Outcome = tuple[set[str], set[str]]  # failing test names, flagged test names


#: The client libraries every project imports (~1.5 s a process): imported once, by the server.
CLIENTS = ("aiohttp", "aiosqlite", "fakeredis", "httpx", "sqlalchemy.ext.asyncio", "starlette.applications",
           "starlette.responses", "starlette.routing")


def _failing(projects: list[Path]) -> list[dict[str, set[str]]]:
    """Failing tests (any phase) per test module of each project, from pytest's JUnit report."""
    args = ["-p", "no:cacheprovider", "-q", "-W", "ignore::DeprecationWarning",
            "-W", "ignore::ResourceWarning", "--tb=no"]
    runs = [Run(project, [*args, f"--junitxml={project / 'report.xml'}", "--rootdir", str(project),
                          str(project)]) for project in projects]
    run_pytests(runs, hide=("PYTEST_", "PYTHONPATH"), jobs=2, timeout=600, preload=CLIENTS)
    return [_read_report(project / "report.xml") for project in projects]


def _read_report(report: Path) -> dict[str, set[str]]:
    failing: dict[str, set[str]] = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        module = case.attrib["classname"].rsplit(".", 1)[-1]
        failing.setdefault(module, set())
        if case.find("failure") is not None or case.find("error") is not None:
            failing[module].add(case.attrib["name"])
    return failing


def _flagged(root: Path) -> dict[tuple[str, str], set[int]]:
    """ALP002 lines per (layout, test module) from one flake8 run over every project."""
    result = run_flake8(["--select", "ALP002", "--format", "%(path)s|%(row)d", "."], cwd=root)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    flagged: dict[tuple[str, str], set[int]] = {}
    for line in result.stdout.splitlines():
        path, row = line.split("|")
        layout, module = Path(path).parts[-2], Path(path).stem
        flagged.setdefault((layout, module), set()).add(int(row))
    return flagged


def _test_lines(source: str) -> dict[int, str]:
    """The def line of each test in a generated module."""
    return {number: line.split("(")[0].removeprefix("async def ")
            for number, line in enumerate(source.splitlines(), start=1) if line.startswith("async def test_")}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outcome]:
    root = tmp_path_factory.mktemp("values")
    projects = {}
    for layout in LAYOUTS:
        projects[layout] = root / layout
        write_files(projects[layout], project_files(layout))
    flagged = _flagged(root)
    failing = dict(zip(projects, _failing(list(projects.values()))))
    results: dict[tuple[str, str], Outcome] = {}
    for layout, project in projects.items():
        for module, failed in failing[layout].items():
            lines = _test_lines((project / f"{module}.py").read_text())
            names = {lines[row] for row in flagged.get((layout, module), set()) if row in lines}
            results[(layout, module.removeprefix("test_"))] = (failed, names)
    return results


CASES = [(layout, kind) for kind in KINDS for layout in LAYOUTS]


@pytest.mark.parametrize(("layout", "kind"), CASES, ids=[f"{k}-{layout}" for layout, k in CASES])
def test_flagged_exactly_where_the_runtime_fails(
    layout: str, kind: str, outcomes: dict[tuple[str, str], Outcome]
) -> None:
    failed, flagged = outcomes[(layout, kind)]
    assert bool(failed) == (layout in KINDS[kind].fails_in), f"runtime disagrees with the table: {failed}"
    assert bool(flagged) == bool(failed), f"flagged {sorted(flagged)}, failed {sorted(failed)}"
    assert failed <= flagged


@pytest.mark.parametrize("limit", sorted(KNOWN_LIMITS))
def test_known_limits_stay_as_documented(limit: str, outcomes: dict[tuple[str, str], Outcome]) -> None:
    kind, flagged_when_shared = KNOWN_LIMITS[limit]
    failed, flagged = outcomes[("shared_session_value", limit)]
    assert bool(failed) == ("shared_session_value" in kind.fails_in)
    assert bool(flagged) == flagged_when_shared
    for layout in LAYOUTS:
        if layout != "shared_session_value":
            assert outcomes[(layout, limit)] == (set(), set()), layout


def test_every_row_of_the_runtime_table_runs_both_ways() -> None:
    failing = [name for name, kind in KINDS.items() if kind.fails_in]
    surviving = [name for name, kind in KINDS.items() if not kind.fails_in]
    assert len(failing) >= 12 and len(surviving) >= 12
